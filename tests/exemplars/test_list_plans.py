"""The record list's plans: each part of the visibility union is read through an index.

Written not to depend on the planner's statistics (a test table holds a handful of rows,
where a full scan is the cheapest plan): on PostgreSQL sequential scans are switched off,
so a plan that still scans the table means no index can serve the condition; SQLite
prefers an index whenever one serves a condition. Issue 15: the commune verifier's list
of reported records, written as "own tree OR shared" in one WHERE, made PostgreSQL walk
the state index and remove 474,692 rows by filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from lantoa.exemplars.selectors import RecordFilters, record_list
from tests.exemplars.helpers import report, step
from tests.personas import World

UNINDEXED_SCAN = re.compile(r"Seq Scan on exemplars_record|SCAN exemplars_record(?! USING)")


def _plan(qs: Any) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    return str(qs.explain())


@pytest.fixture
def records(world: World) -> None:
    verified = report(world, "xab.doan", title="Đã xác minh ở phường B")
    Record = type(verified)
    Record.objects.filter(pk=verified.pk).update(state="verified")
    step(world, report(world, title="Đã xác minh ở xã A"), "xa.mttq", "verify")
    report(world, title="Mới báo cáo ở xã A")


def test_the_commune_verifiers_reported_list_is_one_indexed_read_of_her_tree(
    world: World, records: None
) -> None:
    rows = record_list(world.user("xa.mttq"), RecordFilters(state="reported"))[:50]
    (qs,) = rows.key_querysets()

    sql = str(qs.query)
    plan = _plan(qs)

    # The shared states are not part of the condition at all: a reported record is
    # visible only inside the tree, so the list is "state = reported under her path".
    assert "verified" not in sql, sql
    assert not UNINDEXED_SCAN.search(plan), plan
    if connection.vendor == "postgresql":
        # On a test table of a few rows either index reads only her tree: the state's, or
        # the path's with the state tested on the few rows of that range.
        assert re.search(r"Index Cond: .*(state\)::text = 'reported'|org_path)", plan), plan
    else:
        indexed = r"SEARCH exemplars_record USING (COVERING )?INDEX \w+ \(state=\?"
        assert re.search(indexed, plan), plan
    assert [r.title for r in rows] == ["Mới báo cáo ở xã A"]


def test_a_shared_state_is_listed_without_a_path_condition(world: World, records: None) -> None:
    rows = record_list(world.user("xa.mttq"), RecordFilters(state="verified"))[:50]
    (qs,) = rows.key_querysets()

    plan = _plan(qs)

    assert "org_path" not in str(qs.query).split("WHERE", 1)[1], str(qs.query)
    assert not UNINDEXED_SCAN.search(plan), plan
    assert {r.title for r in rows} == {"Đã xác minh ở phường B", "Đã xác minh ở xã A"}


@pytest.mark.parametrize(
    "filters",
    [
        RecordFilters(),
        RecordFilters(overdue=True),
        RecordFilters(kind="good_deed"),
        RecordFilters(sector=1),
        RecordFilters(movement=1),
        RecordFilters(priority_group=1),
    ],
    ids=["none", "overdue", "kind", "sector", "movement", "priority_group"],
)
@pytest.mark.parametrize("username", ["xa.mttq", "xa.doan", "tinh.mttq"])
def test_every_part_of_a_list_reads_through_an_index(
    world: World, records: None, filters: RecordFilters, username: str
) -> None:
    parts = record_list(world.user(username), filters)[:50].key_querysets()

    assert len(parts) == 2  # her tree, and the shared records elsewhere
    for qs in parts:
        plan = _plan(qs)
        assert not UNINDEXED_SCAN.search(plan), plan
        assert "LIMIT 50" in str(qs.query) and "JOIN" not in str(qs.query)


@pytest.mark.parametrize(
    "filters",
    [RecordFilters(sector=1), RecordFilters(movement=1), RecordFilters(priority_group=1)],
    ids=["sector", "movement", "priority_group"],
)
def test_a_catalogue_filters_shared_part_is_counted_from_its_index_alone(
    world: World, records: None, filters: RecordFilters
) -> None:
    # The capped count of the shared records outside her tree: the value's index carries
    # the path and the state, so neither engine reads the table to test them (PostgreSQL
    # scanned 11,000 rows for a count of 1,001 at a million records).
    rows = record_list(world.user("tinh.mttq"), filters)
    (shared,) = [p for p in rows.count_parts if "state" in str(p.query).split("WHERE", 1)[1]]

    plan = _plan(shared.order_by()[:1001])

    assert not UNINDEXED_SCAN.search(plan), plan
    if connection.vendor == "postgresql":
        # On a test table of a few rows PostgreSQL's planner may prefer another index (and
        # index-only scans cannot be asked for alone), so check that one index holds every
        # column the part tests, its value first: what lets it count from the index alone.
        column = next(
            f"{k}_id" for k in ("sector", "movement", "priority_group") if getattr(filters, k)
        )
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "exemplars_record")
        assert any(
            i["index"]
            and i["columns"][:1] == [column]
            and {"created_at", "id", "org_path", "state"} <= set(i["columns"])
            for i in indexes.values()
        ), indexes
    else:
        assert "USING COVERING INDEX" in plan, plan


@pytest.mark.parametrize("username", ["xa.mttq", "xa.doan", "tinh.mttq"])
def test_an_overdue_lists_shared_part_walks_the_open_records_newest_first(
    world: World, records: None, million_records_statistics: None, username: str
) -> None:
    # The overdue have a due date, so the shared records outside her tree are walked
    # through the open records' index newest first, stopping at the page: they were read
    # as every overdue key of the state's index, then sorted (41,000 keys, 8 ms at a
    # million records on SQLite, issue 15). Her own tree's part is a path range, which
    # the planner may take instead where the tree is small (its statistics decide).
    parts = record_list(world.user(username), RecordFilters(overdue=True))[:50].key_querysets()
    (shared,) = [p for p in parts if "state" in str(p.query).split("WHERE", 1)[1]]

    plan = _plan(shared)

    assert not UNINDEXED_SCAN.search(plan), plan
    if connection.vendor == "postgresql":
        # A test table of a few rows may be sorted cheaper than walked; check that the
        # index can serve the walk: newest first, every tested column inside.
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "exemplars_record")
        open_new = indexes["exm_record_open_new"]
        assert open_new["columns"][:2] == ["created_at", "id"], open_new
        assert {"org_path", "state", "due_at"} <= set(open_new["columns"]), open_new
    else:
        assert "USING COVERING INDEX exm_record_open_new" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_the_open_records_index_holds_only_records_with_a_due_date(world: World) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_get_indexdef(indexrelid) FROM pg_index"
                " WHERE indexrelid = 'exm_record_open_new'::regclass"
            )
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'exm_record_open_new'")
        (definition,) = cursor.fetchone()

    assert re.search(r"WHERE \(?\"?due_at\"? IS NOT NULL", definition), definition


# What the nightly ANALYZE (`analyze_database`) records of the benchmark's million records
# (`bench.staff_data`) for the indexes an overdue list may read: SQLite plans by these.
MILLION_RECORDS_STAT1 = {
    "exm_record_open_new": "63601 1 1 1 1 1",
    "exm_record_state_due": "1000000 125000 16 1 1 1",
    "exm_record_state_new": "1000000 125000 1 1",
    "exm_record_shared_new": "882521 1 1 1 1",
    "exm_record_path_due": "1000000 18 9 1 1",
    "exm_record_path_created": "1000000 18 1 1",
    "exm_record_newest_path": "1000000 1 1 1",
    "search_record_newest": "1000000 1 1 1 1 1",
}


@pytest.fixture
def million_records_statistics() -> Iterator[None]:
    """On SQLite, plan the records table as at a million records: statistics an application
    may write itself (sqlite.org/fileformat2.html#stat1tab), loaded by `ANALYZE
    sqlite_schema`; taken away afterwards, so that no later test plans by them."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exemplars_record")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'exemplars_record'")
        cursor.executemany(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('exemplars_record', %s, %s)",
            list(MILLION_RECORDS_STAT1.items()),
        )
        cursor.execute("ANALYZE sqlite_schema")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")
