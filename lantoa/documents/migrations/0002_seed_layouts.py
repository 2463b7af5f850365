"""Version 1 of every layout (type × style), from `lantoa.documents.layouts`."""

from django.db import migrations


def seed(apps, schema_editor):
    from lantoa.documents.layouts import seed_defaults

    seed_defaults(apps.get_model("documents", "Layout"))


def unseed(apps, schema_editor):
    apps.get_model("documents", "Layout").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_issuers_documents_layouts")]

    operations = [migrations.RunPython(seed, unseed)]
