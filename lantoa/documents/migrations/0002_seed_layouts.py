"""Version 1 of every layout (type × style), from `lantoa.documents.layouts`."""

from django.db import migrations


def seed(apps, schema_editor):
    from lantoa.documents.layouts import all_defaults

    Layout = apps.get_model("documents", "Layout")
    for doc_type, style, spec in all_defaults():
        Layout.objects.get_or_create(
            doc_type=doc_type,
            style=style,
            version=1,
            defaults={"spec": spec, "note": "Initial layout"},
        )


def unseed(apps, schema_editor):
    apps.get_model("documents", "Layout").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_issuers_documents_layouts")]

    operations = [migrations.RunPython(seed, unseed)]
