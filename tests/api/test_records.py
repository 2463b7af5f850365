from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from lantoa.exemplars.models import (
    Evidence,
    PriorityGroup,
    Record,
    RecordState,
    Sector,
    Subject,
)
from tests.api.helpers import assert_error
from tests.exemplars.helpers import report, step
from tests.personas import World

RECORDS = "/api/v1/records"


def detail_url(record: Any) -> str:
    pk = record if isinstance(record, int) else record.pk
    return f"{RECORDS}/{pk}"


def transitions_url(record: Any) -> str:
    return f"{detail_url(record)}/transitions"


def body(world: World, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "org": world.youth_a.pk,
        "kind": "good_deed",
        "title": "Cứu người đuối nước ở hồ Sông Quao",
        "summary": "Anh Ân lao xuống hồ cứu hai em nhỏ bị đuối nước.",
        "place": "Hồ Sông Quao",
        "subject": {"full_name": "Nguyễn Văn Ân", "birth_year": 1995, "gender": "male"},
    }
    data.update(extra)
    return data


def post(client, url: str, data: dict[str, Any], **headers: str):
    return client.post(url, data, content_type="application/json", headers=headers)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


# ---------------------------------------------------------------------------------------
# Reporting


def test_a_reporter_reports_a_record(api_as, world):
    response = post(api_as("xa.doan"), RECORDS, body(world))

    assert response.status_code == 201, response.content
    data = response.json()
    record = Record.objects.get()
    assert data["id"] == record.pk
    assert record.reporter == world.user("xa.doan")
    assert (data["state"], data["state_label"]) == ("reported", "Reported")
    assert data["org"] == {"id": world.youth_a.pk, "name_as_issued": world.youth_a.name}
    assert data["handling_org"] == {"id": world.front_a.pk, "name": world.front_a.name}
    assert data["subject"]["full_name"] == "Nguyễn Văn Ân"
    assert data["subject"]["birth_year"] == 1995
    assert data["subject"]["contact"] == {"phone": "", "email": "", "address": ""}
    assert data["place"] == "Hồ Sông Quao"
    assert data["due_at"] and data["overdue"] is False
    assert [s["action"] for s in data["timeline"]] == ["report"]
    assert data["timeline"][0]["actor_name"]
    assert data["available_actions"] == []  # the reporter does not verify
    assert data["spread"] == {"units": 0, "entries": 0}


def test_it_reports_about_an_existing_subject(api_as, world):
    first = report(world)

    response = post(
        api_as("xa.doan"), RECORDS, body(world, subject=None, subject_id=first.subject_id)
    )

    assert response.status_code == 201, response.content
    assert response.json()["subject"]["id"] == first.subject_id
    assert Subject.objects.count() == 1


def test_it_answers_404_for_a_subject_outside_the_scope(api_as, world):
    theirs = report(world, "xab.doan")

    response = post(
        api_as("xa.doan"), RECORDS, body(world, subject=None, subject_id=theirs.subject_id)
    )

    assert_error(response, 404, "not_found")
    assert Record.objects.count() == 1


def test_it_answers_404_for_an_organisation_the_caller_may_not_report_for(api_as, world):
    response = post(api_as("xab.doan"), RECORDS, body(world))  # youth_a: commune A

    assert_error(response, 404, "not_found")
    assert not Record.objects.exists()


def test_it_resolves_a_sector_and_refuses_an_unknown_one(api_as, world):
    sector, _created = Sector.objects.get_or_create(code="health", defaults={"name": "Y tế"})
    client = api_as("xa.doan")

    ok = post(client, RECORDS, body(world, sector=sector.pk))
    bad = post(client, RECORDS, body(world, sector=999_999))

    assert ok.status_code == 201
    assert ok.json()["sector"] == {"id": sector.pk, "name": "Y tế"}
    error = assert_error(bad, 422, "validation_error")
    assert [(d["location"], d["field"], d["type"]) for d in error["details"]] == [
        ("body", "sector", "invalid_choice")
    ]


def test_the_subjects_priority_group_is_copied_onto_the_record(api_as, world):
    group = PriorityGroup.objects.create(code="test-youth", name="Thanh thiếu niên")
    subject = {"full_name": "Trần Văn Bình", "priority_group": group.pk}

    response = post(api_as("xa.doan"), RECORDS, body(world, subject=subject))

    assert response.status_code == 201, response.content
    assert response.json()["subject"]["priority_group"]["id"] == group.pk
    # The copy the list filters on (issue 15).
    assert Record.objects.get(pk=response.json()["id"]).priority_group_id == group.pk


def test_a_retry_with_the_same_idempotency_key_creates_one_record(api_as, world):
    client = api_as("xa.doan")

    first = post(client, RECORDS, body(world), **{"Idempotency-Key": "report-7f3a"})
    again = post(client, RECORDS, body(world), **{"Idempotency-Key": "report-7f3a"})
    other = post(client, RECORDS, body(world), **{"Idempotency-Key": "report-other"})

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert Record.objects.count() == 2
    assert Subject.objects.count() == 2  # the replay did not create a subject either


def test_the_same_key_of_another_reporter_is_another_record(api_as, world):
    mine = post(api_as("xa.doan"), RECORDS, body(world), **{"Idempotency-Key": "k1"})
    theirs = post(
        api_as("xab.doan"), RECORDS, body(world, org=world.youth_b.pk), **{"Idempotency-Key": "k1"}
    )

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]


def test_it_refuses_an_idempotency_key_longer_than_80(api_as, world):
    response = post(api_as("xa.doan"), RECORDS, body(world), **{"Idempotency-Key": "k" * 81})

    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["location"] == "header"
    assert not Record.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": None}, "title"),
        ({"kind": "rumour"}, "kind"),
        ({"org": "abc"}, "org"),
        ({"deed_date": "yesterday"}, "deed_date"),
        ({"subject": {"birth_year": 1990}}, "subject.full_name"),
    ],
)
def test_it_answers_an_invalid_body_with_422(api_as, world, change, field):
    data = body(world, **change)
    data = {k: v for k, v in data.items() if v is not None}

    error = assert_error(post(api_as("xa.doan"), RECORDS, data), 422, "validation_error")

    assert field in {d["field"] for d in error["details"]}
    assert not Record.objects.exists()


def test_it_refuses_both_a_subject_and_a_subject_id(api_as, world):
    first = report(world)

    response = post(api_as("xa.doan"), RECORDS, body(world, subject_id=first.subject_id))

    error = assert_error(response, 422, "validation_error")
    assert error["details"][0]["type"] == "subject_conflict"
    assert Record.objects.count() == 1


def test_a_rule_of_the_domain_answers_400_with_its_code(api_as, world):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = post(api_as("xa.doan"), RECORDS, body(world, deed_date=tomorrow))

    assert_error(response, 400, "future_date")


def test_it_requires_a_token(api_client, world):
    record = report(world)

    assert_error(api_client.get(RECORDS), 401, "unauthorized")
    assert_error(api_client.get(detail_url(record)), 401, "unauthorized")
    assert_error(post(api_client, RECORDS, body(world)), 401, "unauthorized")
    assert_error(
        post(api_client, transitions_url(record), {"action": "verify"}), 401, "unauthorized"
    )


# ---------------------------------------------------------------------------------------
# Scope


def test_another_commune_does_not_see_an_unverified_record(api_as, world):
    record = report(world)
    client = api_as("xab.doan")

    assert record.pk not in ids(client.get(RECORDS))
    hidden = assert_error(client.get(detail_url(record)), 404, "not_found")
    absent = assert_error(client.get(detail_url(999_999)), 404, "not_found")
    assert hidden == absent
    assert_error(post(client, transitions_url(record), {"action": "verify"}), 404, "not_found")
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED


def test_a_verified_record_is_seen_everywhere_without_contact_data(api_as, world):
    record = report(world)
    Subject.objects.filter(pk=record.subject_id).update(phone="0912345678", address="Thôn 3")
    xab = api_as("xab.doan")
    mttq = api_as("xa.mttq")

    response = post(mttq, transitions_url(record), {"action": "verify"})

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "verified"
    assert response.json()["subject"]["contact"]["phone"] == "0912345678"
    assert record.pk in ids(xab.get(RECORDS))
    seen = xab.get(detail_url(record)).json()
    assert seen["subject"]["full_name"] == "Nguyễn Văn Ân"
    assert seen["subject"]["contact"] is None
    assert seen["available_actions"] == []


def test_list_items_carry_no_contact_data(api_as, world):
    record = report(world)
    Subject.objects.filter(pk=record.subject_id).update(phone="0912345678", email="an@x.vn")

    response = api_as("xa.doan").get(RECORDS)

    (item,) = response.json()["items"]
    assert item["subject"] == {"id": record.subject_id, "full_name": "Nguyễn Văn Ân"}
    assert "0912345678" not in response.content.decode()
    assert "an@x.vn" not in response.content.decode()
    assert set(item) == {
        "id", "kind", "kind_label", "title", "summary", "state", "state_label", "org",
        "handling_org", "subject", "due_at", "overdue", "created_at",
    }  # fmt: skip


# ---------------------------------------------------------------------------------------
# List


def test_it_lists_filters_and_searches(api_as, world):
    deed = report(world, title="Hiến đất làm đường", kind="good_practice", new_subject=None)
    rescue = report(world)
    step(world, rescue, "xa.mttq", "verify")
    client = api_as("xa.doan")

    assert ids(client.get(RECORDS)) == {deed.pk, rescue.pk}
    assert ids(client.get(RECORDS, {"q": "hien dat"})) == {deed.pk}
    assert ids(client.get(RECORDS, {"q": "nguyen van an"})) == {rescue.pk}
    assert ids(client.get(RECORDS, {"state": "verified"})) == {rescue.pk}
    assert ids(client.get(RECORDS, {"kind": "good_practice"})) == {deed.pk}
    assert ids(client.get(RECORDS, {"org": world.youth_a.pk})) == {deed.pk, rescue.pk}


def test_it_answers_404_for_an_organisation_filter_outside_the_scope(api_as, world):
    report(world)
    client = api_as("xab.doan")

    assert_error(client.get(RECORDS, {"org": world.youth_a.pk}), 404, "not_found")
    assert_error(client.get(RECORDS, {"org": 999_999}), 404, "not_found")


def test_it_rejects_an_unknown_state_with_422(api_as, world):
    error = assert_error(api_as("xa.doan").get(RECORDS, {"state": "lost"}), 422, "validation_error")

    assert [(d["location"], d["field"]) for d in error["details"]] == [("query", "state")]


def test_it_marks_overdue_records(api_as, world):
    record = report(world)
    Record.objects.filter(pk=record.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))

    (item,) = api_as("xa.mttq").get(RECORDS).json()["items"]

    assert item["overdue"] is True


def test_it_paginates_by_fifty(api_as, world):
    for i in range(52):
        report(world, title=f"Việc tốt {i}", new_subject=None)
    client = api_as("xa.doan")

    first = client.get(RECORDS).json()
    second = client.get(first["next"]).json()

    assert (first["count"], first["count_capped"], len(first["items"])) == (52, False, 50)
    assert (len(second["items"]), second["next"]) == (2, None)
    assert first["items"][0]["title"] == "Việc tốt 51"  # newest first


def test_its_query_count_does_not_grow_with_records(api_as, world):
    client = api_as("xa.mttq")
    client.get(RECORDS)  # the first call of a token also records its use

    def count(n: int) -> int:
        for i in range(n):
            report(world, title=f"Việc tốt {i}")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(RECORDS, {"org": world.front_a.pk})
        assert response.status_code == 200
        assert len(response.json()["items"]) == Record.objects.count()
        return len(ctx.captured_queries)

    few = count(5)
    many = count(20)  # 25 in all

    assert few == many <= 6  # token+user, grants, the org, count, the keys, the rows


# ---------------------------------------------------------------------------------------
# Transitions


def test_the_verifier_walks_the_record_through_the_api(api_as, world):
    record = report(world)
    mttq = api_as("xa.mttq")

    before = mttq.get(detail_url(record)).json()
    assert {a["action"] for a in before["available_actions"]} == {
        "start_verification", "verify", "return", "reject",
    }  # fmt: skip
    started = post(mttq, transitions_url(record), {"action": "start_verification"})
    verified = post(mttq, transitions_url(record), {"action": "verify", "note": "Đã xác minh"})

    assert started.json()["state"] == "under_verification"
    data = verified.json()
    assert data["state"] == "verified"
    timeline = data["timeline"]
    assert [s["action"] for s in timeline] == ["report", "start_verification", "verify"]
    last = timeline[-1]
    assert (last["from_state"], last["to_state"]) == ("under_verification", "verified")
    assert last["actor_name"] and last["actor_org_name"] == world.front_a.name
    assert last["note"] == "Đã xác minh"
    assert last["seconds_in_previous"] is not None and last["was_overdue"] is False
    assert {a["action"] for a in data["available_actions"]} >= {"propose", "recognise"}


def test_a_proposal_goes_to_the_chosen_higher_level(api_as, world):
    record = report(world)
    step(world, record, "xa.mttq", "verify")

    response = post(
        api_as("xa.mttq"),
        transitions_url(record),
        {"action": "propose", "target_org": world.front.pk},
    )

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "proposed"
    assert response.json()["handling_org"]["id"] == world.front.pk


def test_a_wrong_target_is_refused(api_as, world):
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    client = api_as("xa.mttq")

    sideways = post(
        client, transitions_url(record), {"action": "propose", "target_org": world.front_b.pk}
    )
    absent = post(client, transitions_url(record), {"action": "propose", "target_org": 999_999})

    assert assert_error(sideways, 400, "invalid_target") == assert_error(
        absent, 400, "invalid_target"
    )


def test_the_wrong_role_gets_400_forbidden(api_as, world):
    record = report(world)

    response = post(api_as("xa.doan"), transitions_url(record), {"action": "verify"})

    assert_error(response, 400, "forbidden")
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED


def test_return_needs_a_note(api_as, world):
    record = report(world)
    client = api_as("xa.mttq")

    missing = post(client, transitions_url(record), {"action": "return"})
    blank = post(client, transitions_url(record), {"action": "return", "note": "   "})
    given = post(client, transitions_url(record), {"action": "return", "note": "Thiếu ảnh"})

    assert_error(missing, 400, "note_required")
    assert_error(blank, 400, "note_required")
    assert given.json()["state"] == "returned"
    assert given.json()["timeline"][-1]["note"] == "Thiếu ảnh"


def test_the_reporter_resubmits_with_changes(api_as, world):
    record = report(world)
    step(world, record, "xa.mttq", "return", note="Thiếu địa điểm")

    response = post(
        api_as("xa.doan"),
        transitions_url(record),
        {"action": "resubmit", "changes": {"place": "Thôn 3, xã Hàm Thuận"}},
    )

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "reported"
    assert response.json()["place"] == "Thôn 3, xã Hàm Thuận"


def test_an_impossible_step_is_invalid_transition(api_as, world):
    record = report(world)
    client = api_as("xa.mttq")
    post(client, transitions_url(record), {"action": "verify"})

    assert_error(
        post(client, transitions_url(record), {"action": "verify"}), 400, "invalid_transition"
    )
    assert_error(post(client, transitions_url(record), {"action": "fly"}), 400, "invalid_action")


def test_a_transition_body_is_validated(api_as, world):
    record = report(world)

    response = post(api_as("xa.mttq"), transitions_url(record), {"note": "x"})

    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["action"]


# ---------------------------------------------------------------------------------------
# Evidence


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, record, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"{detail_url(record)}/evidence", {"file": SimpleUploadedFile(name, data)})


def test_it_attaches_a_photo(api_as, world, media):
    record = report(world)

    response = upload(api_as("xa.doan"), record, "anh.png", png())

    assert response.status_code == 201, response.content
    (evidence,) = response.json()["evidence"]
    assert (evidence["kind"], evidence["content_type"]) == ("photo", "image/jpeg")
    assert (evidence["width"], evidence["height"]) == (40, 30)
    stored = Evidence.objects.get()
    assert "anh" not in stored.file.name  # stored under a generated name


def test_it_refuses_a_file_that_is_not_a_photo_or_pdf(api_as, world, media):
    record = report(world)

    response = upload(api_as("xa.doan"), record, "x.html", b"<script>alert(1)</script>")

    assert_error(response, 400, "unsupported_type")
    assert not Evidence.objects.exists()


def test_evidence_is_scoped(api_as, world, media):
    record = report(world)
    xab = api_as("xab.doan")

    assert_error(upload(xab, record, "anh.png", png()), 404, "not_found")
    step(world, record, "xa.mttq", "verify")
    assert_error(upload(xab, record, "anh.png", png()), 400, "forbidden")
    assert not Evidence.objects.exists()


def test_the_spec_lists_the_record_paths(api_client):
    paths = set(api_client.get("/api/v1/openapi.json").json()["paths"])

    assert paths >= {
        "/api/v1/records",
        "/api/v1/records/{record_id}",
        "/api/v1/records/{record_id}/transitions",
        "/api/v1/records/{record_id}/evidence",
        "/api/v1/subjects/duplicates",
    }


def test_declining_the_proposal_of_a_recognised_record_through_the_api_keeps_it_recognised(
    api_as, world
):
    record = report(world)
    for action in ("verify", "recognise", "propose"):
        step(world, record, "xa.mttq", action)
    province = api_as("tinh.mttq")

    without_reason = post(province, transitions_url(record), {"action": "decline_proposal"})
    assert_error(without_reason, 400, "note_required")
    declined = post(
        province,
        transitions_url(record),
        {"action": "decline_proposal", "note": "Chưa đủ tiêu chuẩn cấp tỉnh."},
    )

    assert declined.status_code == 200, declined.content
    record.refresh_from_db()
    assert declined.json()["state"] == "recognised" == record.state
    assert record.handling_org == world.front_a
    # The commune's leader may propose it again: the record is back where it was.
    assert "propose" in {
        a["action"] for a in api_as("xa.mttq").get(detail_url(record)).json()["available_actions"]
    }
