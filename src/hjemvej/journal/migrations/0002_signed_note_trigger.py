"""A signed note is immutable in the database too: an UPDATE of a signed row is refused by a
trigger, so not even a queryset .update() or raw SQL can change it."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER journal_note_signed_immutable BEFORE UPDATE ON journal_note
FOR EACH ROW WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'Et underskrevet notat kan ikke ændres.'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS journal_note_signed_immutable;"
PG_UP = """
CREATE OR REPLACE FUNCTION journal_note_signed_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.signed_at IS NOT NULL THEN
    RAISE EXCEPTION 'Et underskrevet notat kan ikke ændres.';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER journal_note_signed_immutable BEFORE UPDATE ON journal_note
FOR EACH ROW EXECUTE FUNCTION journal_note_signed_immutable();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS journal_note_signed_immutable ON journal_note;
DROP FUNCTION IF EXISTS journal_note_signed_immutable();
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(PG_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = [migrations.RunPython(up, down)]
