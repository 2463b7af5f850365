"""`Record.priority_group` is a copy of the subject's group (issue 15): the list filters on
it through an index of the records table instead of joining the subjects. Every way a
record gets a subject, and every change of a subject's group, keeps the copy equal."""

from __future__ import annotations

from typing import Any

import pytest

from lantoa.exemplars import services
from lantoa.exemplars.duplicates import merge_subjects
from lantoa.exemplars.models import PriorityGroup, Record, Subject
from lantoa.exemplars.selectors import RecordFilters, record_list
from lantoa.exemplars.services import ReportChanges
from tests.exemplars.helpers import report, step
from tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth() -> PriorityGroup:
    return PriorityGroup.objects.create(code="test-youth", name="Thanh thiếu niên")


@pytest.fixture
def elderly() -> PriorityGroup:
    return PriorityGroup.objects.create(code="test-elderly", name="Người cao tuổi")


def _copies_agree() -> None:
    rows = Record.objects.values_list("priority_group_id", "subject__priority_group_id")
    assert all(copy == source for copy, source in rows), list(rows)


def _about(group: PriorityGroup | None, name: str = "Trần Văn Bình") -> Any:
    return services.SubjectInput(full_name=name, birth_year=2001, priority_group=group)


def test_a_new_record_about_a_new_subject_carries_its_group(
    world: World, youth: PriorityGroup
) -> None:
    record = report(world, new_subject=_about(youth))

    record.refresh_from_db()
    assert record.priority_group_id == youth.pk
    _copies_agree()


def test_a_record_about_an_existing_subject_and_one_without_a_group(
    world: World, youth: PriorityGroup
) -> None:
    first = report(world, new_subject=_about(youth))
    second = report(world, subject=first.subject, new_subject=None)
    without = report(world, new_subject=_about(None, "Lê Thị Hoa"))
    nobody = report(world, new_subject=None)

    assert Record.objects.get(pk=second.pk).priority_group_id == youth.pk
    assert Record.objects.get(pk=without.pk).priority_group_id is None
    assert Record.objects.get(pk=nobody.pk).priority_group_id is None


def test_a_subject_attached_when_a_returned_record_is_completed_brings_its_group(
    world: World, youth: PriorityGroup
) -> None:
    record = step(world, report(world, new_subject=None), "xa.mttq", "return", note="Ai?")

    step(
        world,
        record,
        "xa.doan",
        "resubmit",
        note="Đã bổ sung",
        changes=ReportChanges(new_subject=_about(youth)),
    )

    assert Record.objects.get(pk=record.pk).priority_group_id == youth.pk
    _copies_agree()


def test_a_merge_moves_the_kept_group_onto_the_moved_records(
    world: World, youth: PriorityGroup, elderly: PriorityGroup
) -> None:
    kept = report(world, new_subject=_about(youth)).subject
    moved = report(world, new_subject=_about(elderly, "Tran Van Binh"))
    assert kept is not None and moved.subject is not None

    merge_subjects(actor=world.user("xa.mttq"), keep=kept, drop=moved.subject)

    # The kept subject's group wins (merging never overwrites a filled field).
    assert Record.objects.get(pk=moved.pk).priority_group_id == youth.pk
    _copies_agree()


def test_a_merge_that_fills_the_kept_subjects_group_updates_its_own_records(
    world: World, youth: PriorityGroup
) -> None:
    kept_record = report(world, new_subject=_about(None))
    other = report(world, new_subject=_about(youth, "Tran Van Binh"))
    assert kept_record.subject is not None and other.subject is not None

    merge_subjects(actor=world.user("xa.mttq"), keep=kept_record.subject, drop=other.subject)

    assert Subject.objects.get(pk=kept_record.subject_id).priority_group_id == youth.pk
    assert Record.objects.get(pk=kept_record.pk).priority_group_id == youth.pk
    _copies_agree()


def test_editing_a_subjects_group_is_copied_onto_its_records_only(
    world: World, youth: PriorityGroup, elderly: PriorityGroup
) -> None:
    first = report(world, new_subject=_about(youth))
    second = report(world, subject=first.subject, new_subject=None)
    unrelated = report(world, new_subject=_about(youth, "Lê Thị Hoa"))
    subject = first.subject
    assert subject is not None

    subject.priority_group = elderly
    subject.save(update_fields=["priority_group"])
    changed = services.copy_priority_group(subject)

    assert changed == 2
    assert set(Record.objects.filter(priority_group=elderly)) == {first, second}
    assert Record.objects.get(pk=unrelated.pk).priority_group_id == youth.pk
    # Taken away: the copies go back to none; a second call writes nothing.
    subject.priority_group = None
    subject.save(update_fields=["priority_group"])
    assert services.copy_priority_group(subject) == 2
    assert services.copy_priority_group(subject) == 0
    _copies_agree()


def test_a_transition_saving_the_whole_record_keeps_the_copy(
    world: World, youth: PriorityGroup
) -> None:
    record = step(world, report(world, new_subject=_about(youth)), "xa.mttq", "verify")

    assert Record.objects.get(pk=record.pk).priority_group_id == youth.pk


def test_the_list_filter_reads_the_copy_without_joining_the_subjects(
    world: World, youth: PriorityGroup
) -> None:
    young = report(world, new_subject=_about(youth))
    report(world, new_subject=_about(None, "Lê Thị Hoa"))

    qs = record_list(world.user("xa.mttq"), RecordFilters(priority_group=youth.pk))

    assert [r.pk for r in qs] == [young.pk]
    for part in qs[:50].key_querysets():
        sql = str(part.query)
        assert '"exemplars_record"."priority_group_id" = ' in sql, sql
        assert "exemplars_subject" not in sql, sql
