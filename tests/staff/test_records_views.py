"""The registry pages: report, list, inbox, bulk steps, the record page and its side forms."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.models import (
    Consent,
    Evidence,
    Milestone,
    NurturePlan,
    PriorityGroup,
    Record,
    RecordState,
    Replication,
    Sector,
    Subject,
)
from lantoa.staff.views.records_common import humanise_seconds
from tests.exemplars.helpers import report, step
from tests.personas import World

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def jpeg_with_gps(size: tuple[int, int] = (80, 60)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (11.0, 56.0, 0.0), "E", (108.0, 6.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def photo(name: str = "anh.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else jpeg_with_gps(), "image/jpeg")


def form_data(**extra) -> dict:
    data = {
        "idempotency_key": "key-1",
        "kind": "good_deed",
        "title": "Cứu người đuối nước ở hồ Sông Quao",
        "summary": "Anh Ân lao xuống hồ cứu hai em nhỏ.",
        "full_name": "Nguyễn Văn Ân",
        "birth_year": "1995",
    }
    data.update(extra)
    return data


def page_text(response) -> str:
    return response.content.decode()


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


# --- Lists ---------------------------------------------------------------------------------


def test_the_list_searches_without_diacritics_and_filters(login, world: World) -> None:
    drowning = report(world)
    other = report(world, title="Mô hình nuôi bò sinh sản", kind="good_practice")
    client = login("xa.mttq")
    url = reverse("staff:record_list")

    found = page_text(client.get(url, {"q": "cuu nguoi duoi nuoc"}))
    assert drowning.title in found and other.title not in found

    by_kind = page_text(client.get(url, {"kind": "good_practice"}))
    assert other.title in by_kind and drowning.title not in by_kind

    step(world, drowning, "xa.mttq", "verify")
    by_state = page_text(client.get(url, {"state": "verified"}))
    assert drowning.title in by_state and other.title not in by_state

    outside = client.get(url, {"org": world.youth_b.pk, "kind": "good_practice"})
    assert "org" in outside.context["form"].errors  # commune B's org is not even offered
    assert drowning.title not in page_text(outside)  # and the other filters still apply
    by_org = page_text(client.get(url, {"org": world.youth_a.pk}))
    assert drowning.title in by_org and other.title in by_org


def test_a_list_past_the_cap_says_more_than_and_asks_to_narrow(
    login, world: World, monkeypatch
) -> None:
    monkeypatch.setattr("lantoa.core.paginator.COUNT_CAP", 2)
    for i in range(3):
        report(world, title=f"Việc tốt số {i}")
    client = login("xa.mttq")
    en = {"Accept-Language": "en"}
    text = page_text(client.get(reverse("staff:record_list"), headers=en))
    assert "More than 2 records" in text and "3 records" not in text
    assert "Hơn 2 hồ sơ" in page_text(client.get(reverse("staff:record_list")))
    narrowed = client.get(reverse("staff:record_list"), {"q": "viec tot so 1"}, headers=en)
    assert "1 record" in page_text(narrowed) and "More than" not in page_text(narrowed)


def test_the_overdue_filter_keeps_only_late_records(login, world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        late = report(world, title="Báo cáo cũ")
    with time_machine.travel(datetime.datetime(2026, 3, 30, 9, 0, tzinfo=datetime.UTC)):
        fresh = report(world, title="Báo cáo gần đây")
        text = page_text(login("xa.mttq").get(reverse("staff:record_list"), {"overdue": "on"}))
    assert late.title in text and fresh.title not in text


def test_the_other_commune_sees_only_verified_records_in_the_list(login, world: World) -> None:
    record = report(world)
    client = login("xab.doan")
    assert record.title not in page_text(client.get(reverse("staff:record_list")))
    step(world, record, "xa.mttq", "verify")
    assert record.title in page_text(client.get(reverse("staff:record_list")))


def test_the_inbox_puts_overdue_records_first(login, world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)):
        late = report(world, title="Việc quá hạn")
    with time_machine.travel(datetime.datetime(2026, 3, 30, 9, 0, tzinfo=datetime.UTC)):
        fresh = report(world, title="Việc mới")
        text = page_text(login("xa.mttq").get(reverse("staff:inbox")))
    assert text.index(late.title) < text.index(fresh.title)
    late_row = text[text.index(late.title) : text.index(fresh.title)]
    assert "badge text-bg-danger" in late_row
    assert "badge text-bg-danger" not in text[text.index(fresh.title) :]


def test_the_reporter_finds_returned_records_in_the_inbox(login, world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "return", note="Thiếu ảnh")
    text = page_text(login("xa.doan").get(reverse("staff:inbox")))
    assert record.title in text
    assert 'name="records"' not in text  # a reporter has no bulk steps


def test_the_home_page_summarises_the_inbox(login, world: World) -> None:
    report(world)
    late = report(world, title="Quá hạn")
    Record.objects.filter(pk=late.pk).update(due_at=late.created_at - datetime.timedelta(days=1))
    returned = report(world, title="Bị trả lại")
    step(world, returned, "xa.mttq", "return", note="Thiếu ảnh")
    client = login("xa.mttq")
    assert reverse("staff:inbox_summary") in page_text(client.get(reverse("staff:home")))

    with CaptureQueriesContext(connection) as queries:
        summary = client.get(reverse("staff:inbox_summary"))

    assert summary.status_code == 200
    assert (summary.context["total"], summary.context["overdue"]) == (2, 1)
    counted = [q["sql"] for q in queries if "exemplars_record" in q["sql"]]
    assert len(counted) == 1  # one aggregate, not a count per line
    assert login("xa.doan").get(reverse("staff:inbox_summary")).context["returned"] == 1


def test_bulk_verify_verifies_each_selected_record(login, world: World) -> None:
    first, second = report(world), report(world, title="Việc thứ hai")
    response = login("xa.mttq").post(
        reverse("staff:record_bulk"), {"records": [first.pk, second.pk], "action": "verify"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("staff:inbox")
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.VERIFIED}


def test_bulk_reports_a_failure_without_undoing_the_others(login, world: World) -> None:
    first, second = report(world), report(world, title="Việc thứ hai")
    step(world, second, "xa.mttq", "verify")
    hidden = report(world, "xab.doan")
    client = login("xa.mttq")
    response = client.post(
        reverse("staff:record_bulk"),
        {"records": [first.pk, second.pk, hidden.pk], "action": "verify"},
        follow=True,
    )
    first.refresh_from_db()
    assert first.state == RecordState.VERIFIED
    messages = [str(m) for m in response.context["messages"]]
    assert any(second.title in m for m in messages)  # already verified: refused, named
    assert any(f"#{hidden.pk}" in m for m in messages)  # outside the scope: "not found"
    assert len(messages) == 3


def test_bulk_return_needs_the_shared_note(login, world: World) -> None:
    record = report(world)
    client = login("xa.mttq")
    client.post(reverse("staff:record_bulk"), {"records": [record.pk], "action": "return"})
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED
    client.post(
        reverse("staff:record_bulk"),
        {"records": [record.pk], "action": "return", "note": "Cần thêm ảnh"},
    )
    record.refresh_from_db()
    assert record.state == RecordState.RETURNED


def test_bulk_refuses_other_actions(login, world: World) -> None:
    record = report(world)
    login("xa.mttq").post(
        reverse("staff:record_bulk"), {"records": [record.pk], "action": "recognise"}
    )
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED


# --- The record page -----------------------------------------------------------------------


def test_the_record_page_shows_the_timeline_with_actors_and_times(login, world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)):
        record = report(world)
    with time_machine.travel(datetime.datetime(2026, 3, 5, 4, 30, tzinfo=datetime.UTC)):
        step(world, record, "xa.mttq", "verify", note="Đã gặp gia đình")
    text = page_text(login("xa.doan").get(reverse("staff:record_detail", args=[record.pk])))
    assert "Nguyễn Văn Đoàn" in text and world.youth_a.name in text
    assert "Phạm Thị Xã" in text and world.front_a.name in text
    assert "02/03/2026 09:00" in text and "05/03/2026 11:30" in text
    assert "Đã gặp gia đình" in text
    assert 'data-action="report"' in text and 'data-action="verify"' in text


def test_the_record_page_offers_only_the_steps_the_actor_may_take(login, world: World) -> None:
    record = report(world)
    url = reverse("staff:record_detail", args=[record.pk])
    verifier = page_text(login("xa.mttq").get(url))
    assert 'name="action" value="verify"' in verifier
    assert 'name="action" value="return"' in verifier
    reporter = page_text(login("xa.doan").get(url))
    assert 'name="action"' not in reporter


def test_the_other_commune_gets_404_until_verification(login, world: World) -> None:
    client = login("xa.doan")
    client.post(reverse("staff:record_new"), {**form_data(), "photos": [photo()]})
    record = Record.objects.get()
    evidence = record.evidence.get()
    detail = reverse("staff:record_detail", args=[record.pk])
    file_url = reverse("staff:record_evidence", args=[record.pk, evidence.pk])
    other = login("xab.doan")
    assert other.get(detail).status_code == 404
    assert other.get(file_url).status_code == 404
    step(world, record, "xa.mttq", "verify")
    assert other.get(detail).status_code == 200
    assert other.get(file_url).status_code == 200


def test_evidence_of_another_record_is_not_served_through_this_one(login, world: World) -> None:
    client = login("xa.doan")
    client.post(reverse("staff:record_new"), {**form_data(), "photos": [photo()]})
    with_photo = Record.objects.get()
    without = report(world, title="Khác")
    url = reverse("staff:record_evidence", args=[without.pk, with_photo.evidence.get().pk])
    assert client.get(url).status_code == 404


def test_contact_data_shows_only_inside_the_subjects_tree(login, world: World) -> None:
    record = report(
        world,
        new_subject=services.SubjectInput(full_name="Trần Văn Bình", phone="0912345678"),
    )
    step(world, record, "xa.mttq", "verify")
    url = reverse("staff:record_detail", args=[record.pk])
    assert "0912345678" in page_text(login("xa.mttq").get(url))
    assert "0912345678" not in page_text(login("xab.doan").get(url))


def test_verify_then_propose_to_the_parent_by_default(login, world: World) -> None:
    record = report(world)
    client = login("xa.mttq")
    url = reverse("staff:record_transition", args=[record.pk])
    response = client.post(url, {"action": "verify", "note": "Đúng sự thật"})
    assert response.status_code == 302
    page = page_text(client.get(reverse("staff:record_detail", args=[record.pk])))
    assert f'<option value="{world.front.pk}" selected>' in page
    client.post(url, {"action": "propose", "target_org": world.front.pk})
    record.refresh_from_db()
    assert record.state == RecordState.PROPOSED and record.handling_org == world.front


def test_a_refused_step_shows_the_reason_and_keeps_the_note(login, world: World) -> None:
    record = report(world)
    client = login("xa.doan")
    response = client.post(
        reverse("staff:record_transition", args=[record.pk]),
        {"action": "verify", "note": "Tôi tự xác minh"},
    )
    assert response.status_code == 200
    assert 'id="record-error"' in page_text(response)
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED


def test_return_without_a_reason_is_refused(login, world: World) -> None:
    record = report(world)
    response = login("xa.mttq").post(
        reverse("staff:record_transition", args=[record.pk]), {"action": "return"}
    )
    assert response.status_code == 200 and 'id="record-error"' in page_text(response)
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED


def test_the_reporter_completes_and_resubmits(login, world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "return", note="Thiếu địa điểm")
    client = login("xa.doan")
    assert 'value="resubmit"' in page_text(
        client.get(reverse("staff:record_detail", args=[record.pk]))
    )
    client.post(
        reverse("staff:record_transition", args=[record.pk]),
        {"action": "resubmit", "place": "Hồ Sông Quao", "note": "Đã bổ sung"},
    )
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED and record.place == "Hồ Sông Quao"


def _verified_practice(world: World) -> Record:
    record = report(world, kind="good_practice", title="Mô hình tổ tự quản")
    step(world, record, "xa.mttq", "verify")
    return record


def test_start_nurturing_needs_a_plan_and_creates_it(login, world: World) -> None:
    record = _verified_practice(world)
    client = login("xa.mttq")
    url = reverse("staff:record_transition", args=[record.pk])
    refused = client.post(url, {"action": "start_nurturing", "plan-mentor_org": world.youth_a.pk})
    assert refused.status_code == 200
    assert not NurturePlan.objects.exists()
    response = client.post(
        url,
        {
            "action": "start_nurturing",
            "plan-mentor_org": world.youth_a.pk,
            "plan-goal": "Nhân rộng ra 5 thôn",
            "plan-m1_title": "Họp dân",
            "plan-m1_date": "2099-01-10",
            "plan-m2_title": "Báo cáo kết quả",
            "plan-m2_date": "2099-03-10",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == RecordState.NURTURING
    plan = NurturePlan.objects.get(record=record)
    assert plan.mentor_org == world.youth_a
    assert list(plan.milestones.values_list("title", flat=True)) == ["Họp dân", "Báo cáo kết quả"]


def test_milestones_and_progress_on_the_record_page(login, world: World) -> None:
    record = _verified_practice(world)
    plan = services.PlanInput(
        mentor_org=world.youth_a,
        milestones=[services.MilestoneInput("Họp dân", datetime.date(2099, 1, 10))],
    )
    step(world, record, "xa.mttq", "start_nurturing", plan=plan)
    milestone = Milestone.objects.get()
    client = login("xa.doan")  # an officer of the mentor unit
    client.post(reverse("staff:record_progress", args=[record.pk]), {"progress-text": "Đã họp"})
    client.post(reverse("staff:record_milestone_done", args=[record.pk, milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    text = page_text(client.get(reverse("staff:record_detail", args=[record.pk])))
    assert "Đã họp" in text


def test_the_other_commune_records_a_replication(login, world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    client = login("xab.doan")
    page = page_text(client.get(reverse("staff:record_detail", args=[record.pk])))
    assert 'id="replication-submit"' in page
    response = client.post(
        reverse("staff:record_replicate", args=[record.pk]),
        {
            "replication-org": world.youth_b.pk,
            "replication-date": datetime.date.today().isoformat(),
            "replication-what": "Tổ chức lớp dạy bơi",
        },
    )
    assert response.status_code == 302
    replication = Replication.objects.get()
    assert replication.org == world.youth_b
    page = client.get(reverse("staff:record_detail", args=[record.pk]))
    assert page.context["spread"]["units"] == 1


def test_a_replication_of_an_unverified_record_is_refused(login, world: World) -> None:
    record = report(world)
    response = login("xa.doan").post(
        reverse("staff:record_replicate", args=[record.pk]),
        {
            "replication-org": world.youth_a.pk,
            "replication-date": datetime.date.today().isoformat(),
            "replication-what": "Học tập",
        },
    )
    assert response.status_code == 200 and 'id="record-error"' in page_text(response)
    assert not Replication.objects.exists()


def test_a_consent_is_recorded_and_withdrawn(login, world: World) -> None:
    record = report(world)
    client = login("xa.doan")
    response = client.post(
        reverse("staff:record_consent", args=[record.pk]),
        {
            "consent-purpose": Consent.Purpose.PUBLISH_STORY,
            "consent-given_by": Consent.GivenBy.SUBJECT,
            "consent-given_on": datetime.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.is_active
    client.post(
        reverse("staff:record_consent_withdraw", args=[record.pk, consent.pk]),
        {"note": "Gia đình không muốn"},
    )
    consent.refresh_from_db()
    assert not consent.is_active and consent.withdrawal_note == "Gia đình không muốn"


def test_a_consent_evidence_file_is_checked(login, world: World) -> None:
    record = report(world)
    response = login("xa.doan").post(
        reverse("staff:record_consent", args=[record.pk]),
        {
            "consent-purpose": Consent.Purpose.SHOW_PHOTO,
            "consent-given_by": Consent.GivenBy.SUBJECT,
            "consent-given_on": datetime.date.today().isoformat(),
            "consent-evidence": SimpleUploadedFile("giay.pdf", b"<html></html>"),
        },
    )
    assert response.status_code == 200 and "giay.pdf" in page_text(response)
    assert not Consent.objects.exists()


def test_the_other_commune_cannot_touch_consents(login, world: World) -> None:
    record = report(world)
    consent = consent_services.record_consent(
        actor=world.user("xa.doan"),
        subject=record.subject,
        purpose=Consent.Purpose.PUBLISH_STORY,
        given_by=Consent.GivenBy.SUBJECT,
        given_on=datetime.date.today(),
    )
    step(world, record, "xa.mttq", "verify")
    client = login("xab.doan")
    url = reverse("staff:record_consent_withdraw", args=[record.pk, consent.pk])
    assert client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.is_active


def test_a_leader_records_an_honour(login, world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    client = login("xa.mttq")
    client.post(
        reverse("staff:record_honour", args=[record.pk]),
        {"honour-text": "Giấy khen của Ủy ban MTTQ xã"},
    )
    assert record.honours.get().text == "Giấy khen của Ủy ban MTTQ xã"


# --- Costs ---------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world: World, n: int) -> None:
    group = PriorityGroup.objects.create(code=f"g{n}", name="Nhóm")
    sector = Sector.objects.create(code=f"s{n}", name="Lĩnh vực")
    for i in range(n):
        report(
            world,
            title=f"Việc tốt {n}-{i}",
            sector=sector,
            new_subject=services.SubjectInput(full_name=f"Người {i}", priority_group=group),
        )


@pytest.mark.parametrize("name", ["record_list", "inbox"])
def test_the_list_and_the_inbox_cost_a_fixed_number_of_queries(
    login, world: World, name: str
) -> None:
    _grow(world, 2)
    client = login("xa.mttq")
    url = reverse(f"staff:{name}")
    before = _queries(client, url)
    _grow(world, 12)
    assert _queries(client, url) == before


def test_the_record_page_costs_a_fixed_number_of_queries(login, world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    client = login("xa.mttq")
    url = reverse("staff:record_detail", args=[record.pk])
    before = _queries(client, url)
    for i in range(5):
        services.add_replication(
            actor=world.user("xab.doan"),
            record=record,
            org=world.youth_b,
            date=datetime.date.today(),
            what=f"Lần {i}",
        )
    assert _queries(client, url) == before


# --- Helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, ""),
        (30, "less than a minute"),
        (5 * 60, "5 minutes"),
        (3600 + 60, "1 hour 1 minute"),
        (3 * 86400 + 2 * 3600 + 59, "3 days 2 hours"),
        (86400, "1 day"),
    ],
)
def test_durations_read_as_officers_say_them(seconds, text) -> None:
    from django.utils import translation

    with translation.override("en"):
        assert humanise_seconds(seconds) == text
