"""Consent is provable (issue 11, part 3): each consent says how it was given.

Rows with a file become signed forms. Rows without one become "none" (recorded before
evidence was required): they keep counting, so no live story comes down on the day of the
upgrade, and the record page asks for the evidence (docs/decisions.md).
"""

from typing import Any

from django.db import migrations, models


def classify_existing(apps: Any, schema_editor: Any) -> None:
    Consent = apps.get_model("exemplars", "Consent")
    Consent.objects.exclude(evidence="").update(evidence_kind="signed_form")


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0009_publication_false_matches")]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="evidence_kind",
            field=models.CharField(
                choices=[
                    ("signed_form", "Signed consent form"),
                    ("in_person", "Recorded in person"),
                    ("none", "No evidence (recorded before evidence was required)"),
                ],
                default="none",
                max_length=12,
                verbose_name="evidence",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="evidence_note",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="note on the consent"
            ),
        ),
        migrations.AlterField(
            model_name="consent",
            name="evidence",
            field=models.FileField(
                blank=True, upload_to="consents/%Y/%m/", verbose_name="signed form"
            ),
        ),
        migrations.RunPython(classify_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=(
                    models.Q(("evidence_kind", "signed_form"), models.Q(("evidence", ""), _negated=True))
                    | models.Q(("evidence_kind", "in_person"), models.Q(("evidence_note", ""), _negated=True))
                    | models.Q(("evidence_kind", "none"))
                ),
                name="exm_consent_evidence_complete",
            ),
        ),
    ]
