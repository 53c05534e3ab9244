"""Seed Danmarks Statistik's code lists from the shipped file (stays/dst_codes.json). Later
changes are loaded with `hjemvej load_dst_codes`."""

from django.db import migrations


def seed(apps, schema_editor):
    from hjemvej.stays import dst

    dst.load_codes(model=apps.get_model("stays", "DstCode"))


class Migration(migrations.Migration):
    dependencies = [("stays", "0010_stays_dst_fields")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
