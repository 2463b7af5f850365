"""A consent's proof through the API (issue 11, part 3): "in person" with a note as JSON, a
signed form as multipart; the service refuses a consent without its proof, so the API
cannot skip it."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lantoa.audit.models import AuditEvent
from lantoa.demo.registry.consent_forms import signed_form
from lantoa.exemplars.models import Consent
from tests.api.helpers import assert_error
from tests.api.test_consent import SUBJECTS, consent_body
from tests.api.test_records import post
from tests.staff.test_permission_matrix import _record

NOTE = "Đồng ý trực tiếp tại nhà văn hóa thôn."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name: str = "giay.pdf") -> SimpleUploadedFile:
    clean = signed_form(
        full_name="Nguyễn Văn Ân", purpose="x", given_on=datetime.date(2025, 1, 1), signer="Ân"
    )
    return SimpleUploadedFile(name, clean.content, content_type="application/pdf")


def _signed_fields(**extra):
    return {"purpose": "show_photo", "given_by": "subject", "given_on": "2025-01-01", **extra}


def test_in_person_gives_the_officer_and_the_note(api_as, world):
    record = _record(world)

    response = post(api_as("xa.doan"), f"{SUBJECTS}/{record.subject_id}/consents", consent_body())

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["evidence_kind"] == "in_person" and body["evidence_note"] == NOTE
    assert body["recorded_by"] == "Nguyễn Văn Đoàn" and body["has_signed_form"] is False


@pytest.mark.parametrize(
    ("proof", "status", "code"),
    [
        ({"evidence_kind": "in_person", "evidence_note": ""}, 400, "evidence_note_required"),
        ({"evidence_kind": "signed_form", "evidence_note": ""}, 400, "evidence_required"),
        ({"evidence_kind": "none"}, 400, "evidence_required"),
        ({"evidence_kind": "by_phone"}, 422, "validation_error"),
    ],
)
def test_a_consent_without_proof_is_refused(api_as, world, proof, status, code):
    record = _record(world)
    body = {k: v for k, v in consent_body().items() if not k.startswith("evidence")}

    response = post(
        api_as("xa.doan"), f"{SUBJECTS}/{record.subject_id}/consents", {**body, **proof}
    )

    assert_error(response, status, code)
    assert not Consent.objects.exists()


def test_a_missing_proof_field_is_a_validation_error(api_as, world):
    record = _record(world)
    body = {k: v for k, v in consent_body().items() if k != "evidence_kind"}
    path = f"{SUBJECTS}/{record.subject_id}/consents"
    assert_error(post(api_as("xa.doan"), path, body), 422, "validation_error")


def test_a_signed_form_is_sent_as_a_file(api_as, world):
    record = _record(world)
    client = api_as("xa.doan")
    path = f"{SUBJECTS}/{record.subject_id}/consents/signed-form"

    response = client.post(path, {**_signed_fields(), "file": _pdf()})

    assert response.status_code == 201, response.content
    assert response.json()["evidence_kind"] == "signed_form"
    assert response.json()["has_signed_form"] is True
    consent = Consent.objects.get()
    assert consent.evidence.read().startswith(b"%PDF-")
    detail = client.get(f"{SUBJECTS}/{record.subject_id}").json()
    assert detail["consents"][0]["evidence_kind"] == "signed_form"


def test_a_signed_form_that_is_not_a_photo_or_pdf_is_refused(api_as, world):
    record = _record(world)
    path = f"{SUBJECTS}/{record.subject_id}/consents/signed-form"
    html = SimpleUploadedFile("giay.pdf", b"<html><body>x</body></html>")

    response = api_as("xa.doan").post(path, {**_signed_fields(), "file": html})

    error = assert_error(response, 400, "unsupported_type")
    assert "giay.pdf" in error["message"]
    assert not Consent.objects.exists()


def test_a_signed_form_without_the_file_is_refused(api_as, world):
    record = _record(world)
    path = f"{SUBJECTS}/{record.subject_id}/consents/signed-form"
    assert_error(api_as("xa.doan").post(path, _signed_fields()), 422, "validation_error")
    assert not Consent.objects.exists()


def test_sending_the_same_signed_form_twice_records_it_once(api_as, world):
    record = _record(world)
    client = api_as("xa.doan")
    path = f"{SUBJECTS}/{record.subject_id}/consents/signed-form"

    assert client.post(path, {**_signed_fields(), "file": _pdf()}).status_code == 201
    assert_error(client.post(path, {**_signed_fields(), "file": _pdf()}), 400, "consent_exists")
    assert Consent.objects.count() == 1


@pytest.mark.parametrize(("username", "status"), [("xab.doan", 404), ("xa.quantri", 404)])
def test_a_signed_form_for_another_tree_or_without_the_role_is_404(api_as, world, username, status):
    record = _record(world)
    path = f"{SUBJECTS}/{record.subject_id}/consents/signed-form"
    response = api_as(username).post(path, {**_signed_fields(), "file": _pdf()})
    assert_error(response, status, "not_found")
    assert not Consent.objects.exists()


def _form_url(record, consent_id) -> str:
    return f"{SUBJECTS}/{record.subject_id}/consents/{consent_id}/signed-form"


def test_the_signed_form_is_downloaded_by_who_manages_consents_each_time_audited(api_as, world):
    record = _record(world)
    client = api_as("xa.doan")
    sent = _pdf()
    created = client.post(
        f"{SUBJECTS}/{record.subject_id}/consents/signed-form", {**_signed_fields(), "file": sent}
    ).json()

    response = client.get(_form_url(record, created["id"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="dong-y-{created["id"]}.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == Consent.objects.get().evidence.read()
    viewed = AuditEvent.objects.filter(action="exemplars.consent.evidence_viewed")
    assert viewed.count() == 1 and viewed.get().actor.username == "xa.doan"


@pytest.mark.parametrize("username", ["xab.doan", "xa.quantri"])
def test_another_tree_or_no_role_gets_404_for_the_signed_form_and_nothing_is_audited(
    api_as, world, username
):
    record = _record(world)
    created = api_as("xa.doan").post(
        f"{SUBJECTS}/{record.subject_id}/consents/signed-form", {**_signed_fields(), "file": _pdf()}
    )
    assert_error(api_as(username).get(_form_url(record, created.json()["id"])), 404, "not_found")
    assert not AuditEvent.objects.filter(action="exemplars.consent.evidence_viewed").exists()


def test_a_consent_given_in_person_or_unknown_has_no_form_to_download(api_as, world):
    record = _record(world)
    client = api_as("xa.doan")
    in_person = post(client, f"{SUBJECTS}/{record.subject_id}/consents", consent_body()).json()
    assert_error(client.get(_form_url(record, in_person["id"])), 404, "not_found")
    assert_error(client.get(_form_url(record, 999_999)), 404, "not_found")
