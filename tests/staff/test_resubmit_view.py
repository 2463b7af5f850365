"""The record page's "complete and resubmit" form."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from lantoa.exemplars.models import Evidence, Record, RecordState
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.staff.helpers import page_text, photo


def _returned(world: World, **kwargs) -> Record:
    record = report(world, **kwargs)
    return step(world, record, "xa.mttq", "return", note="Cần số điện thoại và ảnh")


def _filled(record: Record, **extra) -> dict:
    data = {
        "action": "resubmit",
        "resubmit-title": record.title,
        "resubmit-summary": record.summary,
        "resubmit-phone": "",
        "resubmit-email": "",
        "resubmit-address": "",
        "resubmit-note": "Đã bổ sung",
    }
    data.update(extra)
    return data


def test_the_reporter_adds_a_phone_number_and_a_photo(login, world: World) -> None:
    record = _returned(world)
    client = login("xa.doan")
    page = page_text(client.get(reverse("staff:record_detail", args=[record.pk])))
    assert 'name="resubmit-phone"' in page and 'enctype="multipart/form-data"' in page
    response = client.post(
        reverse("staff:record_transition", args=[record.pk]),
        _filled(record, **{"resubmit-phone": "0912 345 678", "resubmit-uploads": [photo()]}),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED
    assert record.subject.phone == "0912 345 678"
    assert record.evidence.filter(kind=Evidence.Kind.PHOTO).count() == 1


def test_a_bad_phone_keeps_what_was_typed_and_changes_nothing(login, world: World) -> None:
    record = _returned(world)
    response = login("xa.doan").post(
        reverse("staff:record_transition", args=[record.pk]),
        _filled(record, **{"resubmit-phone": "gọi tôi", "resubmit-place": "Hồ Sông Quao"}),
    )
    assert response.status_code == 200
    text = page_text(response)
    assert 'id="record-error"' in text and 'value="Hồ Sông Quao"' in text
    record.refresh_from_db()
    assert record.state == RecordState.RETURNED and record.place == ""


def test_a_future_date_is_refused_by_the_form(login, world: World) -> None:
    record = _returned(world)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login("xa.doan").post(
        reverse("staff:record_transition", args=[record.pk]),
        _filled(record, **{"resubmit-deed_date": tomorrow.isoformat()}),
    )
    assert response.status_code == 200
    assert response.context["resubmit_form"].errors["deed_date"]
    record.refresh_from_db()
    assert record.state == RecordState.RETURNED


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(login, world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    record = _returned(world)
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", "image/jpeg")
    response = login("xa.doan").post(
        reverse("staff:record_transition", args=[record.pk]),
        _filled(record, **{"resubmit-uploads": [fake]}),
    )
    assert response.status_code == 200
    assert response.context["resubmit_form"].errors["uploads"]
    assert not record.evidence.exists()


def test_a_second_submission_is_refused_on_the_page(login, world: World) -> None:
    record = _returned(world)
    client = login("xa.doan")
    url = reverse("staff:record_transition", args=[record.pk])
    assert client.post(url, _filled(record)).status_code == 302
    again = client.post(url, _filled(record, **{"resubmit-place": "Nơi khác"}))
    assert again.status_code == 200 and 'id="record-error"' in page_text(again)
    record.refresh_from_db()
    assert record.place == ""


def test_the_other_commune_gets_a_404(login, world: World) -> None:
    record = _returned(world)
    response = login("xab.doan").post(
        reverse("staff:record_transition", args=[record.pk]), _filled(record)
    )
    assert response.status_code == 404


def test_the_org_admin_does_not_see_the_completion_form(login, world: World) -> None:
    record = _returned(world)
    page = page_text(login("xa.quantri").get(reverse("staff:record_detail", args=[record.pk])))
    assert 'name="resubmit-title"' not in page
