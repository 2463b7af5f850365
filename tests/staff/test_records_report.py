"""The registry pages: reporting a record, with its photos and the subject suggestions."""

from __future__ import annotations

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lantoa.exemplars.models import Evidence, PriorityGroup, Record, Sector, Subject
from tests.exemplars.helpers import report
from tests.personas import World
from tests.staff.helpers import GPS_IFD, form_data, page_text, photo

# --- Reporting ---------------------------------------------------------------------------


def test_the_report_form_offers_a_fresh_idempotency_key_each_time(login) -> None:
    client = login("xa.doan")
    keys = []
    for _ in range(2):
        response = client.get(reverse("staff:record_new"))
        assert response.status_code == 200
        match = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', page_text(response))
        assert match
        keys.append(match.group(1))
    assert keys[0] != keys[1]
    assert 'capture="environment"' in page_text(response)
    assert 'accept="image/*"' in page_text(response)


def test_a_reporter_reports_with_a_photo_and_its_location_is_removed(login, world: World) -> None:
    client = login("xa.doan")
    response = client.post(
        reverse("staff:record_new"), {**form_data(), "org": world.youth_a.pk, "photos": [photo()]}
    )
    record = Record.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:record_detail", args=[record.pk]) + "?reported=1"
    assert record.org == world.youth_a and record.handling_org == world.front_a
    assert record.subject.full_name == "Nguyễn Văn Ân" and record.subject.birth_year == 1995
    evidence = Evidence.objects.get(record=record)
    assert evidence.kind == "photo" and evidence.original_name == "anh.jpg"
    assert "anh" not in evidence.file.name  # stored under a generated name
    with evidence.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif().get_ifd(GPS_IFD)

    page = client.get(response["Location"])
    assert 'data-clear-draft="lantoa:report-draft:' in page_text(page)
    served = client.get(reverse("staff:record_evidence", args=[record.pk, evidence.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "/media/" not in page_text(page)


def test_a_double_post_with_the_same_key_creates_one_record(login, world: World) -> None:
    client = login("xa.doan")
    first = client.post(reverse("staff:record_new"), form_data(org=world.youth_a.pk))
    second = client.post(reverse("staff:record_new"), form_data(org=world.youth_a.pk))
    assert Record.objects.count() == 1
    assert first["Location"] == second["Location"]
    third = client.post(
        reverse("staff:record_new"), form_data(org=world.youth_a.pk, idempotency_key="key-2")
    )
    assert Record.objects.count() == 2 and third["Location"] != first["Location"]


def test_an_html_file_named_jpg_is_refused_and_what_was_typed_is_kept(login) -> None:
    client = login("xa.doan")
    html = SimpleUploadedFile("trang.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = client.post(reverse("staff:record_new"), {**form_data(), "photos": [html]})
    text = page_text(response)
    assert response.status_code == 200
    assert not Record.objects.exists()
    assert "trang.jpg" in text  # the message names the file
    assert 'id="photos-again"' in text  # and says the photos must be chosen again
    assert 'value="Cứu người đuối nước ở hồ Sông Quao"' in text
    assert "Anh Ân lao xuống hồ cứu hai em nhỏ." in text
    assert 'name="idempotency_key" value="key-1"' in text  # kept across the re-render


def test_a_domain_refusal_is_shown_and_the_form_kept(login, world: World) -> None:
    client = login("xa.doan")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = client.post(reverse("staff:record_new"), form_data(deed_date=tomorrow.isoformat()))
    assert response.status_code == 200
    assert not Record.objects.exists()
    assert 'value="Nguyễn Văn Ân"' in page_text(response)


def test_the_story_typed_as_text_is_stored_sanitised(login) -> None:
    client = login("xa.doan")
    client.post(
        reverse("staff:record_new"),
        form_data(story="Đoạn một <script>alert(1)</script>\n\nĐoạn hai"),
    )
    record = Record.objects.get()
    assert "<script>" not in record.story
    assert record.story.count("<p>") == 2
    page = page_text(client.get(reverse("staff:record_detail", args=[record.pk])))
    assert "<script>alert(1)" not in page


def test_the_optional_fields_reach_the_record_and_the_subject(login, world: World) -> None:
    group = PriorityGroup.objects.create(code="youth", name="Thanh thiếu niên")
    sector = Sector.objects.create(code="safety", name="An ninh trật tự")
    client = login("xa.doan")
    client.post(
        reverse("staff:record_new"),
        form_data(
            deed_date="2025-08-01",
            place="Hồ Sông Quao",
            gender="male",
            priority_group=group.pk,
            occupation="Ngư dân",
            sector=sector.pk,
        ),
    )
    record = Record.objects.select_related("subject").get()
    assert record.deed_date == datetime.date(2025, 8, 1) and record.place == "Hồ Sông Quao"
    assert record.sector == sector
    assert record.subject.priority_group == group and record.subject.gender == "male"
    assert record.subject.occupation == "Ngư dân"


def test_suggestions_list_existing_subjects_without_merging(login, world: World) -> None:
    existing = report(world).subject
    client = login("xa.doan")
    response = client.get(
        reverse("staff:subject_suggest"), {"name": "Nguyen Van An", "birth_year": "1995"}
    )
    assert response.status_code == 200
    assert f'value="{existing.pk}"' in page_text(response)
    assert Subject.objects.count() == 1

    client.post(reverse("staff:record_new"), form_data(subject_id=existing.pk, idempotency_key="k"))
    assert Subject.objects.count() == 1
    assert Record.objects.filter(subject=existing).count() == 2


def test_the_other_commune_gets_no_suggestion_of_a_subject_it_cannot_see(
    login, world: World
) -> None:
    report(world)
    response = login("xab.doan").get(
        reverse("staff:subject_suggest"), {"name": "Nguyễn Văn Ân", "birth_year": "1995"}
    )
    assert "Nguyễn Văn Ân" not in page_text(response)


def test_a_subject_outside_the_scope_cannot_be_posted(login, world: World) -> None:
    other = report(world).subject
    response = login("xab.doan").post(
        reverse("staff:record_new"), form_data(subject_id=other.pk, org=world.youth_b.pk)
    )
    assert response.status_code == 200
    assert Record.objects.count() == 1
