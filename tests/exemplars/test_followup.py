"""Honours, progress notes and milestones follow the workflow table's side actions."""

from __future__ import annotations

import datetime

import pytest

from lantoa.core.errors import DomainError
from lantoa.exemplars import services
from lantoa.exemplars.models import Honour, Milestone, RecordState
from tests.exemplars.helpers import report, step
from tests.personas import World

PLAN_DAY = datetime.date(2027, 1, 31)


def _nurtured(world: World):
    record = report(world, kind="idea", title="Mô hình tủ sách thôn")
    step(world, record, "xa.mttq", "verify")
    plan = services.PlanInput(
        mentor_org=world.youth_a,
        milestones=[services.MilestoneInput("Hoàn thiện mô hình", PLAN_DAY)],
    )
    step(world, record, "xa.mttq", "start_nurturing", plan=plan)
    record.refresh_from_db()
    return record


def test_an_honour_needs_a_verified_record(world: World) -> None:
    record = report(world)
    with pytest.raises(DomainError) as exc:
        services.add_honour(actor=world.user("xa.mttq"), record=record, text="Giấy khen")
    assert exc.value.code == "not_verified"
    step(world, record, "xa.mttq", "verify")
    services.add_honour(actor=world.user("xa.mttq"), record=record, text="Giấy khen")
    assert Honour.objects.filter(record=record).count() == 1


def test_an_honour_needs_a_leader_or_verifier_of_the_handling_level(world: World) -> None:
    record = report(world)
    step(world, record, "xa.mttq", "verify")
    for username in ("xa.doan", "xab.doan"):  # the reporter; another commune
        with pytest.raises(DomainError) as exc:
            services.add_honour(actor=world.user(username), record=record, text="Giấy khen")
        assert exc.value.code == "forbidden"
    assert not Honour.objects.exists()


def test_the_mentor_unit_notes_progress_and_others_may_not(world: World) -> None:
    record = _nurtured(world)
    note = services.add_progress_note(actor=world.user("xa.doan"), record=record, text="Đã họp")
    assert note.plan.record_id == record.pk
    with pytest.raises(DomainError) as exc:
        services.add_progress_note(actor=world.user("xab.doan"), record=record, text="x")
    assert exc.value.code == "forbidden"


def test_a_milestone_is_done_once_and_only_while_nurturing(world: World) -> None:
    record = _nurtured(world)
    milestone = Milestone.objects.get(plan__record=record)
    step(world, record, "xa.mttq", "recognise")
    with pytest.raises(DomainError) as exc:
        services.complete_milestone(actor=world.user("xa.mttq"), milestone=milestone)
    assert exc.value.code == "not_nurturing"

    other = _nurtured(world)
    milestone = Milestone.objects.get(plan__record=other)
    services.complete_milestone(actor=world.user("xa.doan"), milestone=milestone)
    with pytest.raises(DomainError) as exc:
        services.complete_milestone(actor=world.user("xa.doan"), milestone=milestone)
    assert exc.value.code == "already_done"
    other.refresh_from_db()
    assert other.state == RecordState.NURTURING
