"""Load the code lists of the §101 treatment and adult decision statistics (and any change to
the §110 lists) from the shipped file. Later changes: `hjemvej load_dst_codes`."""

from django.db import migrations


def seed(apps, schema_editor):
    from hjemvej.stays import dst

    dst.load_codes(model=apps.get_model("stays", "DstCode"))


class Migration(migrations.Migration):
    dependencies = [("stays", "0015_stat18_treatment_form")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
