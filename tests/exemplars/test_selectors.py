"""Staff reads: who sees which records in the lists."""

from __future__ import annotations

import pytest

from lantoa.exemplars import services
from lantoa.exemplars.models import PriorityGroup, Record, Sector
from lantoa.exemplars.selectors import RecordFilters, inbox_for, record_list
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


# --- the inboxes and the list pages ---------------------------------------------------------


@pytest.fixture
def registry(world: World) -> dict[str, Record]:
    """Records in the states the inboxes and lists tell apart, in both communes."""
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


def test_the_inboxes_hold_what_waits_for_each_role(
    world: World, registry: dict[str, Record]
) -> None:
    def titles(username: str) -> set[str]:
        return {r.title for r in inbox_for(world.user(username))[0:50]}

    assert titles("xa.mttq") == {"Mới báo cáo", "Đã xác minh"}  # to verify; to lead on
    assert titles("xa.doan") == {"Bị trả lại"}  # returned to its reporter
    # Proposed upward; and phường B's Front has no verifier: its reports go up a level.
    assert titles("tinh.mttq") == {"Đề nghị lên tỉnh", "Ở phường B"}
    assert titles("xab.doan") == set()


def test_two_communes_reporters_each_list_their_own_reported_records(
    world: World, registry: dict[str, Record]
) -> None:
    first = record_list(world.user("xa.doan"), RecordFilters(state="reported"))
    second = record_list(world.user("xab.doan"), RecordFilters(state="reported"))

    assert [r.title for r in first[0:50]] == ["Mới báo cáo"]
    assert [r.title for r in second[0:50]] == ["Ở phường B"]


def test_a_search_without_diacritics_and_the_overdue_filter_narrow_the_list(
    world: World, registry: dict[str, Record]
) -> None:
    actor = world.user("xa.mttq")
    searched = record_list(actor, RecordFilters(q="moi bao cao"))
    overdue = record_list(actor, RecordFilters(overdue=True))

    assert [r.title for r in searched[0:50]] == ["Mới báo cáo"]
    assert list(overdue[0:50]) == []


def test_a_list_row_loads_a_field_it_did_not_select_when_asked(
    world: World, registry: dict[str, Record]
) -> None:
    row = record_list(world.user("xa.mttq"), RecordFilters(state="reported"))[0]

    assert "story" in row.get_deferred_fields()
    assert row.story == registry["reported"].story  # loaded on access
    assert row.get_state_display() and row.created_at.tzinfo is not None


def test_a_pages_values_are_its_records_fields_in_the_same_order(
    world: World, registry: dict[str, Record]
) -> None:
    """The staff list reads a page as values (`RecordRows.values`): the same rows, in the
    same order, with the same fields as the records the API's page builds."""
    from lantoa.exemplars.selectors import LIST_VALUES

    page = record_list(world.user("tinh.mttq"))[:3]
    values = page.values()
    records = list(record_list(world.user("tinh.mttq"))[:3])
    assert len(values) == 3
    assert values == [{name: getattr(r, name) for name in LIST_VALUES} for r in records]
    list(page)  # the page's records read: its values now come from them
    assert page.values() == values
    assert record_list(world.user("xab.doan"))[:50].values() == [
        {name: getattr(r, name) for name in LIST_VALUES}
        for r in record_list(world.user("xab.doan"))[:50]
    ]


def test_a_capped_count_stops_once_a_part_reaches_the_cap(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Three verified records of another commune: shared, outside xa.mttq's tree.
    for n in range(3):
        record = report(world, "xab.doan", title=f"Đã xác minh {n}")
        Record.objects.filter(pk=record.pk).update(state="verified")
    report(world, title="Của xã A")  # her own tree's part
    rows = record_list(world.user("xa.mttq"))

    with CaptureQueriesContext(connection) as queries:
        assert rows[:3].count() == 3
    # The shared part is counted first and fills the cap: her own part is never counted.
    # (The other query reads the records' write stamp, once per list: decision 159.)
    counts = [q["sql"] for q in queries if "exemplars_record_stamp" not in q["sql"]]
    assert len(counts) == 1 and len(queries) == 2, [q["sql"] for q in queries]
    # Uncapped, every part is counted, and the parts add up.
    with CaptureQueriesContext(connection) as queries:
        assert rows.count() == 4
    assert len(queries) == 2
