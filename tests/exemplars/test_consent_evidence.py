"""Consent is provable (issue 11, part 3): a signed form or "recorded in person" with a
note, checked by the service whatever the surface; one proven consent per purpose; the
signed form opened only by those who manage the consents, each opening audited."""

from __future__ import annotations

import datetime
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.uploads import clean_upload
from lantoa.demo.registry.consent_forms import signed_form
from lantoa.exemplars import consent as consents
from lantoa.exemplars.models import Consent
from tests.exemplars.helpers import report
from tests.personas import World

TODAY = datetime.date(2026, 1, 10)
NOTE = "Anh Ân đồng ý trực tiếp tại nhà văn hóa thôn, có chị Lan cùng nghe."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf():
    return signed_form(
        full_name="Nguyễn Văn Ân", purpose="Đăng câu chuyện", given_on=TODAY, signer="Ân"
    )


def _record(world: World, subject, purpose: str = "publish_story", **proof) -> Consent:
    return consents.record_consent(
        actor=world.user("xa.doan"),
        subject=subject,
        purpose=purpose,
        given_by="subject",
        given_on=TODAY,
        **proof,
    )


def test_a_consent_recorded_in_person_names_the_officer_the_date_and_the_note(world) -> None:
    subject = report(world).subject

    consent = _record(world, subject, evidence_kind="in_person", evidence_note=f"  {NOTE} ")

    consent.refresh_from_db()
    assert consent.evidence_kind == "in_person" and consent.is_proven
    assert consent.evidence_note == NOTE
    assert consent.recorded_by == world.user("xa.doan") and consent.given_on == TODAY
    assert not consent.evidence
    event = AuditEvent.objects.get(action="exemplars.consent.recorded")
    assert event.changes["evidence_kind"] == [None, "in_person"]
    assert "nhà văn hóa" not in str(event.changes)  # the note is personal: not in the log


def test_a_signed_form_is_stored_under_a_generated_name(world) -> None:
    subject = report(world).subject

    consent = _record(world, subject, evidence_kind="signed_form", evidence=_pdf())

    consent.refresh_from_db()
    assert consent.evidence_kind == "signed_form"
    assert consent.evidence.name.startswith("consents/") and consent.evidence.name.endswith(".pdf")
    assert "giay-dong-y" not in consent.evidence.name
    assert consent.evidence.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("proof", "code"),
    [
        ({"evidence_kind": "none"}, "evidence_required"),
        ({"evidence_kind": ""}, "evidence_required"),
        ({"evidence_kind": "signed_form"}, "evidence_required"),
        ({"evidence_kind": "signed_form", "evidence_note": NOTE}, "evidence_required"),
        ({"evidence_kind": "in_person"}, "evidence_note_required"),
        ({"evidence_kind": "in_person", "evidence_note": "   \n "}, "evidence_note_required"),
        ({"evidence_kind": "in_person", "evidence_note": "x" * 501}, "evidence_note_too_long"),
    ],
)
def test_a_consent_without_its_proof_is_refused(world, proof, code) -> None:
    subject = report(world).subject

    with pytest.raises(DomainError) as refused:
        _record(world, subject, **proof)

    assert refused.value.code == code
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action="exemplars.consent.recorded").exists()


def test_a_file_with_in_person_is_refused_rather_than_kept_silently(world) -> None:
    subject = report(world).subject

    with pytest.raises(DomainError) as refused:
        _record(world, subject, evidence_kind="in_person", evidence_note=NOTE, evidence=_pdf())

    assert refused.value.code == "evidence_kind_mismatch"
    assert not Consent.objects.exists()


def test_a_second_consent_for_the_same_purpose_is_a_double_submission(world) -> None:
    subject = report(world).subject
    first = _record(world, subject, evidence_kind="in_person", evidence_note=NOTE)

    with pytest.raises(DomainError) as refused:
        _record(world, subject, evidence_kind="signed_form", evidence=_pdf())

    assert refused.value.code == "consent_exists"
    assert "10/01/2026" in refused.value.message
    assert list(Consent.objects.values_list("pk", flat=True)) == [first.pk]
    # Another purpose, or the same after a withdrawal, is a new consent.
    _record(world, subject, "show_photo", evidence_kind="in_person", evidence_note=NOTE)
    consents.withdraw_consent(actor=world.user("xa.doan"), consent=first)
    _record(world, subject, evidence_kind="in_person", evidence_note=NOTE)
    assert Consent.objects.filter(purpose="publish_story").count() == 2


def test_a_consent_without_proof_from_before_may_be_recorded_again_with_proof(world) -> None:
    subject = report(world).subject
    old = _record(world, subject, evidence_kind="in_person", evidence_note=NOTE)
    Consent.objects.filter(pk=old.pk).update(evidence_kind="none", evidence_note="")

    again = _record(world, subject, evidence_kind="signed_form", evidence=_pdf())

    assert again.is_proven
    assert Consent.objects.filter(purpose="publish_story", withdrawn_at__isnull=True).count() == 2


def test_the_database_refuses_a_signed_form_without_its_file(world) -> None:
    subject = report(world).subject
    row = {"subject": subject, "purpose": "show_photo", "given_by": "subject"}
    row |= {"given_on": TODAY, "recorded_by": world.user("xa.doan")}
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(**row, evidence_kind="signed_form")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(**row, evidence_kind="in_person", evidence_note="")


def test_the_signed_form_is_opened_by_consent_managers_only_and_audited(world) -> None:
    subject = report(world).subject
    consent = _record(world, subject, evidence_kind="signed_form", evidence=_pdf())

    assert consents.open_evidence(actor=world.user("xa.mttq"), consent=consent) == consent

    event = AuditEvent.objects.get(action="exemplars.consent.evidence_viewed")
    assert event.actor == world.user("xa.mttq") and event.object_id == str(consent.pk)
    # The org admin and the board read the records, not the signed forms; nor another commune.
    for username in ("xa.quantri", "tinh.tuyengiao", "xab.doan", "bao.bientap"):
        with pytest.raises(NotFound):
            consents.open_evidence(actor=world.user(username), consent=consent)
    assert AuditEvent.objects.filter(action="exemplars.consent.evidence_viewed").count() == 1


def test_a_consent_heard_in_person_has_no_file_to_open(world) -> None:
    consent = _record(world, report(world).subject, evidence_kind="in_person", evidence_note=NOTE)
    with pytest.raises(NotFound):
        consents.open_evidence(actor=world.user("xa.doan"), consent=consent)


def test_a_photo_of_the_signed_form_is_accepted_and_re_encoded(world) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (250, 250, 250)).save(buffer, "PNG")
    photo = clean_upload(name="giay.png", data=buffer.getvalue())

    consent = _record(world, report(world).subject, evidence_kind="signed_form", evidence=photo)

    assert consent.evidence.name.endswith(".jpg")


def test_the_upgrade_makes_old_rows_with_a_file_signed_forms_and_the_rest_unproven(
    world,
) -> None:
    subject = report(world).subject
    with_file = _record(world, subject, evidence_kind="signed_form", evidence=_pdf())
    without = _record(world, subject, "show_photo", evidence_kind="in_person", evidence_note=NOTE)
    Consent.objects.update(evidence_kind="none", evidence_note="")
    folder = Path(consents.__file__).parent / "migrations"
    (module,) = folder.glob("*_consent_evidence_kind_and_note.py")

    migration = importlib.import_module(f"lantoa.exemplars.migrations.{module.stem}")
    migration.classify_existing(apps, None)

    with_file.refresh_from_db()
    without.refresh_from_db()
    assert with_file.evidence_kind == "signed_form"
    assert without.evidence_kind == "none" and not without.is_proven
    # Unproven rows still count: no live story comes down on the day of the upgrade.
    assert "show_photo" in consents.active_purposes(subject)
