"""The municipality's citizens by folded name, with the id (INCLUDE) on PostgreSQL: a name search
(people.selectors.search_citizens, policy.visible_citizen_ids with `among`) reads the
municipality's matches from the index alone. Before, the trigram index found the name's matches
in the whole installation (4,500 "Jensen" at 100,000 citizens, 1,700 pages in the table), which
were then joined to the visible citizens. SQLite gets a plain index.

IF NOT EXISTS: the index was first tried by hand (CREATE INDEX CONCURRENTLY) on the
national-scale test database, and a migration must not fail where it already exists."""

from django.db import migrations, models

INDEX = models.Index(
    fields=["acting_municipality", "search_name"], name="citizen_municipality_name_idx"
)


def create(apps, schema_editor):
    include = " INCLUDE (id)" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS citizen_municipality_name_idx "
        f"ON people_citizen (acting_municipality_id, search_name){include}"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS citizen_municipality_name_idx")


class Migration(migrations.Migration):
    dependencies = [("people", "0005_perf13b_municipality_id_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="citizen", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        )
    ]
