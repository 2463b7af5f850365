"""The lifecycle, walked through the workflow table with the demo personas."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import services
from lantoa.exemplars.models import Record, RecordState
from lantoa.exemplars.workflow import TRANSITIONS, transitions_from
from tests.exemplars.helpers import report, step
from tests.personas import World


def test_every_transition_goes_from_a_state_to_another_known_state() -> None:
    states = set(RecordState.values)
    for t in TRANSITIONS:
        assert t.sources <= states and t.target in states
        assert t.roles


def test_a_report_goes_to_the_level_above(world: World) -> None:
    record = report(world)
    assert record.state == RecordState.REPORTED
    assert record.handling_org == world.front_a  # xa.mttq verifies
    assert record.org_name == world.youth_a.name
    assert record.steps.count() == 1
    assert AuditEvent.objects.filter(action="exemplars.record.reported").count() == 1


def test_the_verification_is_due_in_ten_working_days(world: World) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 6, 9, 0, tzinfo=datetime.UTC)):  # Fri
        record = report(world)
    local_due = record.due_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert local_due.date() == datetime.date(2026, 3, 20)


def test_the_full_path_to_recognition_at_the_province(world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    step(world, record, "xa.mttq", "propose")
    record.refresh_from_db()
    assert record.state == RecordState.PROPOSED and record.handling_org == world.front
    step(world, record, "tinh.mttq", "verify")
    step(world, record, "tinh.mttq", "recognise")
    record.refresh_from_db()
    assert record.state == RecordState.RECOGNISED
    actions = list(record.steps.values_list("action", flat=True))
    assert actions == ["report", "verify", "propose", "verify", "recognise"]
    assert all(s.actor_id for s in record.steps.all())
    assert record.steps.last().seconds_in_previous is not None


def test_the_reporter_cannot_verify_their_own_report(world: World) -> None:
    record = report(world)
    with pytest.raises(DomainError) as exc:
        step(world, record, "xa.doan", "verify")
    assert exc.value.code == "forbidden"


def test_the_other_commune_cannot_even_see_an_unverified_report(world: World) -> None:
    record = report(world)
    with pytest.raises(NotFound):
        step(world, record, "xab.doan", "verify")


def test_a_verifier_of_another_commune_cannot_verify(world: World) -> None:
    from tests.personas import make_user

    world.users["xab.mttq"] = make_user("xab.mttq", (world.front_b, "verifier"))
    record = report(world)
    with pytest.raises(NotFound):
        step(world, record, "xab.mttq", "verify")


def test_return_needs_a_reason_and_goes_back_to_the_reporter(world: World) -> None:
    record = report(world)
    with pytest.raises(DomainError):
        step(world, record, "xa.mttq", "return")
    step(world, record, "xa.mttq", "return", note="Cần thêm ảnh và xác nhận của thôn.")
    record.refresh_from_db()
    assert record.state == RecordState.RETURNED
    step(world, record, "xa.doan", "resubmit", changes={"summary": "Đã bổ sung ảnh."})
    record.refresh_from_db()
    assert record.state == RecordState.REPORTED and record.summary == "Đã bổ sung ảnh."


def test_reject_needs_a_reason(world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "reject", note="Không đúng sự thật.")
    record.refresh_from_db()
    assert record.state == RecordState.REJECTED
    assert transitions_from(record.state, record.kind) == []


def test_a_step_that_is_not_possible_now_is_refused(world: World) -> None:
    record = report(world)
    with pytest.raises(DomainError) as exc:
        step(world, record, "xa.mttq", "recognise")
    assert exc.value.code in {"invalid_transition", "forbidden"}


def test_a_declined_proposal_goes_back_to_the_lower_level(world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    step(world, record, "xa.mttq", "propose")
    step(world, record, "tinh.mttq", "decline_proposal", note="Chưa đủ tiêu chuẩn cấp tỉnh.")
    record.refresh_from_db()
    assert record.state == RecordState.VERIFIED and record.handling_org == world.front_a


def test_only_ideas_and_practices_are_nurtured(world: World) -> None:
    deed = report(world)
    step(world, deed, "xa.mttq", "verify")
    plan = services.PlanInput(
        mentor_org=world.youth_a,
        milestones=[services.MilestoneInput("Hoàn thiện mô hình", datetime.date(2027, 1, 31))],
    )
    with pytest.raises(DomainError):
        step(world, deed, "xa.mttq", "start_nurturing", plan=plan)
    idea = report(world, kind="idea", title="Mô hình tủ sách thôn")
    step(world, idea, "xa.mttq", "verify")
    step(world, idea, "xa.mttq", "start_nurturing", plan=plan)
    idea.refresh_from_db()
    assert idea.state == RecordState.NURTURING
    assert idea.due_at.date() == datetime.date(2027, 1, 31)


def test_a_second_commune_records_a_replication(world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    replication = services.add_replication(
        actor=world.user("xab.doan"),
        record=record,
        org=world.youth_b,
        date=datetime.date(2026, 5, 1),
        what="Tổ chức lớp dạy bơi cho thiếu nhi phường.",
    )
    assert replication.org_name == world.youth_b.name
    assert record.steps.filter(action="replicate").count() == 1


def test_an_unverified_record_cannot_be_replicated(world: World) -> None:
    record = report(world)
    with pytest.raises(NotFound):
        services.add_replication(
            actor=world.user("xab.doan"),
            record=record,
            org=world.youth_b,
            date=datetime.date(2026, 5, 1),
            what="x",
        )


def test_the_same_idempotency_key_creates_one_record(world: World) -> None:
    first = report(world, idempotency_key="abc-123")
    second = report(world, idempotency_key="abc-123")
    assert first.pk == second.pk
    assert Record.objects.count() == 1


# --- declining a proposal: back to the state it came from -----------------------------------


def _proposed(world: World, *, recognised: bool) -> Record:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    if recognised:
        step(world, record, "xa.mttq", "recognise")
    step(world, record, "xa.mttq", "propose")
    record.refresh_from_db()
    assert record.state == RecordState.PROPOSED and record.handling_org == world.front
    return record


def test_a_declined_proposal_of_a_recognised_record_stays_recognised(world: World) -> None:
    record = _proposed(world, recognised=True)
    assert record.previous_state == RecordState.RECOGNISED
    step(world, record, "tinh.mttq", "decline_proposal", note="Chưa đủ tiêu chuẩn cấp tỉnh.")
    record.refresh_from_db()
    assert record.state == RecordState.RECOGNISED
    assert record.handling_org == world.front_a and record.previous_handling_org is None
    last = record.steps.order_by("-at", "-id").first()
    assert (last.action, last.from_state, last.to_state) == (
        "decline_proposal",
        RecordState.PROPOSED,
        RecordState.RECOGNISED,
    )
    audit = AuditEvent.objects.filter(action="exemplars.record.decline_proposal").get()
    assert audit.changes["state"] == [RecordState.PROPOSED, RecordState.RECOGNISED]


def test_a_declined_proposal_of_a_verified_record_is_verified_again(world: World) -> None:
    record = _proposed(world, recognised=False)
    step(world, record, "tinh.mttq", "decline_proposal", note="Chưa đủ tiêu chuẩn.")
    record.refresh_from_db()
    assert record.state == RecordState.VERIFIED and record.handling_org == world.front_a
    # The commune may propose it again, and the province decide again.
    step(world, record, "xa.mttq", "propose")
    step(world, record, "tinh.mttq", "verify")
    record.refresh_from_db()
    assert record.state == RecordState.VERIFIED and record.handling_org == world.front


def test_a_proposal_is_declined_once_and_only_by_the_level_it_went_to(world: World) -> None:
    record = _proposed(world, recognised=True)
    with pytest.raises(DomainError) as exc:
        step(world, record, "xa.doan", "decline_proposal", note="x")
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        step(world, record, "xa.mttq", "decline_proposal", note="x")  # the lower level
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError) as exc:
        step(world, record, "tinh.mttq", "decline_proposal")
    assert exc.value.code == "note_required"
    step(world, record, "tinh.mttq", "decline_proposal", note="Chưa đủ.")
    with pytest.raises(DomainError) as exc:
        step(world, record, "tinh.mttq", "decline_proposal", note="Lần nữa.")
    assert exc.value.code in {"invalid_transition", "forbidden"}
    record.refresh_from_db()
    assert record.state == RecordState.RECOGNISED


def test_a_record_without_a_remembered_state_is_declined_to_verified(world: World) -> None:
    record = _proposed(world, recognised=True)
    Record.objects.filter(pk=record.pk).update(previous_state="")  # proposed before the field
    step(world, record, "tinh.mttq", "decline_proposal", note="Chưa đủ.")
    record.refresh_from_db()
    assert record.state == RecordState.VERIFIED


def test_the_migration_remembers_where_older_proposals_came_from(world: World) -> None:
    from django.apps import apps

    migration = importlib.import_module("lantoa.exemplars.migrations.0006_record_previous_state")
    recognised = _proposed(world, recognised=True)
    verified = _proposed(world, recognised=False)
    Record.objects.update(previous_state="")

    migration.remember_where_proposals_came_from(apps, None)

    recognised.refresh_from_db()
    verified.refresh_from_db()
    assert recognised.previous_state == RecordState.RECOGNISED
    assert verified.previous_state == RecordState.VERIFIED
