"""Staff reads: who sees which records in the lists."""

from __future__ import annotations

import pytest

from lantoa.core import prepared
from lantoa.exemplars import services
from lantoa.exemplars.models import PriorityGroup, Record, Sector
from lantoa.exemplars.selectors import (
    RecordFilters,
    inbox_for,
    inbox_listing,
    record_list,
    record_listing,
)
from tests.exemplars.helpers import report, step
from tests.personas import World


def test_the_system_admin_lists_unverified_records_of_every_tree(world: World) -> None:
    a = report(world, "xa.doan", title="Chưa xác minh ở xã A")
    b = report(world, "xab.doan", title="Chưa xác minh ở phường B")

    listed = set(record_list(world.user("quantri")))

    assert {a, b} <= listed


def test_a_commune_reporter_does_not_list_another_communes_unverified_record(
    world: World,
) -> None:
    a = report(world, "xa.doan")
    b = report(world, "xab.doan")

    listed = set(record_list(world.user("xab.doan")))

    assert b in listed
    assert a not in listed


# --- the prepared reads the list pages use (lantoa.core.prepared) ---------------------------


@pytest.fixture
def registry(world: World) -> dict[str, Record]:
    """Records in the states the inboxes and lists tell apart, in both communes."""
    prepared.forget_plans()
    group = PriorityGroup.objects.create(code="test-youth", name="Thanh thiếu niên")
    sector = Sector.objects.create(code="test-safety", name="An ninh trật tự")
    young = services.SubjectInput(full_name="Trần Văn Bình", birth_year=2001, priority_group=group)
    records = {
        "reported": report(world, title="Mới báo cáo", sector=sector),
        "returned": report(world, title="Bị trả lại", new_subject=young),
        "verified": report(world, title="Đã xác minh"),
        "proposed": report(world, title="Đề nghị lên tỉnh", kind="good_practice"),
        "other commune": report(world, "xab.doan", title="Ở phường B"),
    }
    step(world, records["returned"], "xa.mttq", "return", note="Cần thêm ảnh.")
    step(world, records["verified"], "xa.mttq", "verify")
    step(world, records["proposed"], "xa.mttq", "verify")
    step(world, records["proposed"], "xa.mttq", "propose")
    return records


PERSONAS = ["quantri", "tinh.tuyengiao", "tinh.mttq", "xa.mttq", "xa.doan", "xab.doan",
            "bao.bientap", "xa.quantri"]  # fmt: skip


@pytest.mark.parametrize("username", PERSONAS)
def test_the_inbox_page_reads_what_the_inbox_queryset_holds(
    world: World, registry: dict[str, Record], username: str
) -> None:
    actor = world.user(username)
    expected = list(inbox_for(actor))

    listing = inbox_listing(actor)
    rows = listing[0:50]

    assert [r.pk for r in rows] == [r.pk for r in expected]
    assert [r.subject_name for r in rows] == [r.subject_name for r in expected]
    assert listing.count() == len(expected)
    assert [r.pk for r in listing[1:2]] == [r.pk for r in expected[1:2]]
    if listing.shape is not None:  # its SQL was compiled and kept: no parameter mismatch
        assert prepared.is_kept("inbox", "rows", listing.shape)


def test_the_inboxes_hold_what_waits_for_each_role(
    world: World, registry: dict[str, Record]
) -> None:
    def titles(username: str) -> set[str]:
        return {r.title for r in inbox_listing(world.user(username))[0:50]}

    assert titles("xa.mttq") == {"Mới báo cáo", "Đã xác minh"}  # to verify; to lead on
    assert titles("xa.doan") == {"Bị trả lại"}  # returned to its reporter
    # Proposed upward; and phường B's Front has no verifier: its reports go up a level.
    assert titles("tinh.mttq") == {"Đề nghị lên tỉnh", "Ở phường B"}
    assert titles("xab.doan") == set()


def _filter_sets(world: World) -> list[RecordFilters]:
    group = PriorityGroup.objects.get(code="test-youth")
    sector = Sector.objects.get(code="test-safety")
    return [
        RecordFilters(),
        RecordFilters(state="reported"),
        RecordFilters(kind="good_practice", state="proposed"),
        RecordFilters(org=world.front_a),
        RecordFilters(org=world.front_b, state="reported"),  # someone else's tree for some
        RecordFilters(org=world.front, kind="good_deed"),
        RecordFilters(priority_group=group.pk),
        RecordFilters(sector=sector.pk, org=world.youth_a),
        RecordFilters(state="no such state"),
    ]


@pytest.mark.parametrize("username", PERSONAS)
def test_the_list_page_reads_what_the_list_queryset_holds(
    world: World, registry: dict[str, Record], username: str
) -> None:
    actor = world.user(username)
    for filters in _filter_sets(world):
        expected = list(record_list(actor, filters))

        listing = record_listing(actor, filters)
        rows = listing[0:50]

        assert [r.pk for r in rows] == [r.pk for r in expected], filters
        assert [(r.handling_org_name, r.subject_name, r.created_at, r.due_at) for r in rows] == [
            (r.handling_org_name, r.subject_name, r.created_at, r.due_at) for r in expected
        ]
        assert listing.count() == len(expected), filters
        assert listing.capped_count(1) == min(1, len(expected)), filters
        if listing.shape is not None:
            assert prepared.is_kept("record_list", "rows", listing.shape), filters
            assert prepared.is_kept("record_list", "count", listing.shape), filters


def test_the_shared_sql_of_a_shape_reads_each_actors_own_rows(
    world: World, registry: dict[str, Record]
) -> None:
    """Two reporters of two communes share one shape: the kept SQL must not leak the first
    one's values into the second one's list."""
    first = record_listing(world.user("xa.doan"), RecordFilters(state="reported"))
    second = record_listing(world.user("xab.doan"), RecordFilters(state="reported"))
    assert first.shape == second.shape

    assert [r.title for r in first[0:50]] == ["Mới báo cáo"]
    assert [r.title for r in second[0:50]] == ["Ở phường B"]


def test_searches_and_overdue_filters_are_left_to_the_orm(
    world: World, registry: dict[str, Record]
) -> None:
    actor = world.user("xa.mttq")
    searched = record_listing(actor, RecordFilters(q="moi bao cao"))
    overdue = record_listing(actor, RecordFilters(overdue=True))

    assert searched.shape is None and overdue.shape is None
    assert [r.title for r in searched[0:50]] == ["Mới báo cáo"]
    assert overdue[0:50] == []


def test_a_list_row_loads_a_field_it_did_not_select_when_asked(
    world: World, registry: dict[str, Record]
) -> None:
    row = record_listing(world.user("xa.mttq"), RecordFilters(state="reported"))[0]

    assert "story" in row.get_deferred_fields()
    assert row.story == registry["reported"].story  # loaded on access, as .only() does
    assert row.get_state_display() and row.created_at.tzinfo is not None
