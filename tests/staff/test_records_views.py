"""The registry pages: the record page, its steps and its side forms (nurturing, replications,
consents, honours), and its cost."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.models import (
    Consent,
    Milestone,
    NurturePlan,
    Record,
    RecordState,
    Replication,
)
from lantoa.staff.views.records_common import humanise_seconds
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.staff.helpers import count_queries, form_data, page_text, photo

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
        {
            "action": "resubmit",
            # The form comes filled with the record; the browser sends it all back.
            "resubmit-title": record.title,
            "resubmit-summary": record.summary,
            "resubmit-place": "Hồ Sông Quao",
            "resubmit-note": "Đã bổ sung",
        },
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
            "consent-evidence_kind": "in_person",
            "consent-evidence_note": "Đồng ý trực tiếp tại nhà.",
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
            "consent-evidence_kind": "signed_form",
            "consent-evidence": SimpleUploadedFile("giay.pdf", b"<html></html>"),
        },
    )
    assert response.status_code == 200 and "giay.pdf" in page_text(response)
    assert not Consent.objects.exists()


def test_the_other_commune_cannot_touch_consents(login, world: World) -> None:
    record = report(world)
    consent = consent_services.record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
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


def test_the_record_page_costs_a_fixed_number_of_queries(login, world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    client = login("xa.mttq")
    url = reverse("staff:record_detail", args=[record.pk])
    client.get(url)  # the process's first page reads the names it shows once (exemplars.names)
    before = count_queries(client, url)
    for i in range(5):
        services.add_replication(
            actor=world.user("xab.doan"),
            record=record,
            org=world.youth_b,
            date=datetime.date.today(),
            what=f"Lần {i}",
        )
    assert count_queries(client, url) == before


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
