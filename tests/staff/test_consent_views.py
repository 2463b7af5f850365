"""The record page's consents (issue 11, part 3): each says who recorded it, when and how;
a signed form is opened through an access-checked, audited view; the form refuses a
consent without its proof and keeps what was typed."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.demo.registry.consent_forms import signed_form
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars.models import Consent
from tests.exemplars.helpers import report
from tests.personas import World
from tests.staff.helpers import page_text

TODAY = datetime.date.today()
NOTE = "Chị đồng ý trực tiếp khi cán bộ đến nhà, có trưởng thôn cùng nghe."
VI = {"Accept-Language": "vi"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf_upload() -> SimpleUploadedFile:
    clean = signed_form(full_name="Nguyễn Văn Ân", purpose="x", given_on=TODAY, signer="Ân")
    return SimpleUploadedFile("giay-dong-y.pdf", clean.content, content_type="application/pdf")


def _post(client, record, **fields):
    data = {
        "consent-purpose": Consent.Purpose.PUBLISH_STORY,
        "consent-given_by": Consent.GivenBy.SUBJECT,
        "consent-given_on": TODAY.isoformat(),
        **{f"consent-{k}": v for k, v in fields.items()},
    }
    return client.post(reverse("staff:record_consent", args=[record.pk]), data, headers=VI)


def _signed(world: World, record) -> Consent:
    clean = signed_form(full_name="Nguyễn Văn Ân", purpose="x", given_on=TODAY, signer="Ân")
    return consent_services.record_consent(
        actor=world.user("xa.doan"),
        subject=record.subject,
        purpose=Consent.Purpose.SHOW_PHOTO,
        given_by="subject",
        given_on=TODAY,
        evidence_kind="signed_form",
        evidence=clean,
    )


def test_a_consent_heard_in_person_shows_the_officer_the_date_and_the_note(login, world) -> None:
    record = report(world)
    client = login("xa.doan")

    response = _post(client, record, evidence_kind="in_person", evidence_note=NOTE)

    assert response.status_code == 302
    page = page_text(client.get(reverse("staff:record_detail", args=[record.pk]), headers=VI))
    day = TODAY.strftime("%d/%m/%Y")
    assert f"Nguyễn Văn Đoàn ghi nhận trực tiếp ngày {day}." in page
    assert NOTE in page
    assert 'data-kind="in_person"' in page


def test_a_signed_form_is_linked_for_consent_managers_and_served_privately(login, world) -> None:
    record = report(world)
    client = login("xa.doan")

    response = _post(client, record, evidence_kind="signed_form", evidence=_pdf_upload())

    assert response.status_code == 302
    consent = Consent.objects.get()
    url = reverse("staff:record_consent_evidence", args=[record.pk, consent.pk])
    page = page_text(client.get(reverse("staff:record_detail", args=[record.pk]), headers=VI))
    assert "Giấy đồng ý đã ký, do Nguyễn Văn Đoàn ghi nhận ngày" in page
    assert f'href="{url}"' in page
    assert consent.evidence.url not in page  # never a media address
    assert client.get(consent.evidence.url).status_code == 404  # and nothing serves one

    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="exemplars.consent.evidence_viewed")
    assert event.actor == world.user("xa.doan") and event.object_id == str(consent.pk)


@pytest.mark.parametrize("username", ["xa.quantri", "tinh.tuyengiao"])
def test_readers_of_the_record_see_how_but_cannot_open_the_signed_form(
    login, world, username
) -> None:
    record = report(world)
    consent = _signed(world, record)
    client = login(username)
    url = reverse("staff:record_consent_evidence", args=[record.pk, consent.pk])

    page = page_text(client.get(reverse("staff:record_detail", args=[record.pk]), headers=VI))

    assert 'data-kind="signed_form"' in page and url not in page
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="exemplars.consent.evidence_viewed").exists()


def test_another_commune_gets_404_for_the_form_and_the_page(login, world) -> None:
    record = report(world)
    consent = _signed(world, record)
    client = login("xab.doan")

    assert client.get(reverse("staff:record_detail", args=[record.pk])).status_code == 404
    url = reverse("staff:record_consent_evidence", args=[record.pk, consent.pk])
    assert client.get(url).status_code == 404
    assert _post(client, record, evidence_kind="in_person", evidence_note=NOTE).status_code == 404
    assert Consent.objects.count() == 1


def test_a_consent_of_another_record_is_not_found_under_this_one(login, world) -> None:
    record, other = report(world), report(world)
    consent = _signed(world, record)
    url = reverse("staff:record_consent_evidence", args=[other.pk, consent.pk])
    assert login("xa.doan").get(url).status_code == 404


def test_the_org_admin_cannot_record_a_consent(login, world) -> None:
    record = report(world)
    response = _post(login("xa.quantri"), record, evidence_kind="in_person", evidence_note=NOTE)
    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_a_signed_form_without_its_file_is_refused_and_the_typing_is_kept(login, world) -> None:
    record = report(world)
    client = login("xa.doan")

    response = _post(
        client,
        record,
        purpose=Consent.Purpose.SHOW_PHOTO,
        given_on="2025-03-04",
        evidence_kind="signed_form",
        evidence_note="Bản ký lưu ở văn phòng",
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "Hãy đính kèm giấy đồng ý đã ký (ảnh chụp hoặc tệp PDF)." in page
    form = response.context["consent_form"]
    assert form["purpose"].value() == "show_photo" and form["given_on"].value() == "2025-03-04"
    assert form["evidence_kind"].value() == "signed_form"
    assert form["evidence_note"].value() == "Bản ký lưu ở văn phòng"
    assert "<details open>" in page  # the form stays open where the officer was
    assert not Consent.objects.exists()


def test_in_person_without_a_note_is_refused_in_vietnamese(login, world) -> None:
    record = report(world)
    response = _post(login("xa.doan"), record, evidence_kind="in_person", evidence_note="  ")
    assert response.status_code == 200
    assert "Hãy ghi chú người đó đã trực tiếp đồng ý như thế nào." in page_text(response)
    assert not Consent.objects.exists()


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(login, world) -> None:
    record = report(world)
    html = SimpleUploadedFile("giay.pdf", b"<html><script>alert(1)</script></html>")
    response = _post(login("xa.doan"), record, evidence_kind="signed_form", evidence=html)
    assert response.status_code == 200
    assert response.context["consent_form"].errors["evidence"]
    assert not Consent.objects.exists()


def test_submitting_the_same_consent_twice_records_it_once(login, world) -> None:
    record = report(world)
    client = login("xa.doan")

    first = _post(client, record, evidence_kind="in_person", evidence_note=NOTE)
    second = _post(client, record, evidence_kind="in_person", evidence_note=NOTE)

    assert first.status_code == 302 and second.status_code == 200
    day = TODAY.strftime("%d/%m/%Y")
    assert f"Sự đồng ý này đã được ghi nhận (ngày đồng ý {day})." in page_text(second)
    assert Consent.objects.count() == 1


def test_a_consent_from_before_proof_was_required_asks_for_it(login, world) -> None:
    record = report(world)
    consent = _signed(world, record)
    Consent.objects.filter(pk=consent.pk).update(evidence_kind="none", evidence="")

    page = page_text(
        login("xa.doan").get(reverse("staff:record_detail", args=[record.pk]), headers=VI)
    )

    assert 'data-kind="none"' in page
    assert "Chưa có bằng chứng" in page and "Hãy ghi nhận lại" in page


def test_the_subject_page_shows_how_each_consent_was_given(login, world) -> None:
    record = report(world)
    _signed(world, record)
    page = page_text(
        login("xa.doan").get(reverse("staff:subject_detail", args=[record.subject_id]), headers=VI)
    )
    assert "Giấy đồng ý đã ký, do Nguyễn Văn Đoàn ghi nhận ngày" in page
