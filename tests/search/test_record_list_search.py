"""The record list's search as a request runs it (issue 15): one probe of the full-text
index for the union's parts, the page and its count; a narrow part (a subtree) checked
against the index's matches, the wide one tested row by row for a page; no join before
the page is cut; and every plan lists and counts the same records."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.exemplars import selectors
from lantoa.exemplars.access import visible_records_q
from lantoa.exemplars.models import Record, RecordKind
from lantoa.exemplars.selectors import RecordFilters, record_list
from lantoa.search import records as search_records
from lantoa.search.records import matching_record_ids_q
from tests.api.helpers import TOKEN_URL, bearer
from tests.personas import PASSWORD, World
from tests.search.test_records import DROWNING, make_record

PERSONAS = ("quantri", "tinh.mttq", "xa.mttq", "xa.doan", "xab.doan", "bao.bientap")
QUERIES = ("cuu nguoi", "nguoi", "cuu ngu", "song quao", "duoi nuoc", "ho", "khong co dau")


@pytest.fixture(autouse=True)
def engine_index() -> None:
    if connection.vendor not in {"sqlite", "postgresql"}:
        pytest.skip("no full-text index on this engine")


@pytest.fixture
def spread(world: World) -> list[Record]:
    """Matching records in both communes, in private and shared states."""
    made: list[Record] = []
    for commune, state in itertools.product(("a", "b"), ("reported", "verified", "rejected")):
        made.append(make_record(world, DROWNING, commune=commune, state=state))
        made.append(make_record(world, "Cứu người gặp nạn trên biển", commune=commune, state=state))
        made.append(make_record(world, "Dọn rác bờ biển", commune=commune, state=state))
    return made


def _probes(queries: list[dict[str, Any]]) -> list[str]:
    """The statements that ask the full-text index for ids (the probe), with their values."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT rowid FROM search_record_fts")
        or "FROM search_record_keys(" in q["sql"]
    ]


def _expected(username: str, world: World, q: str, *, kind: str = "") -> list[int]:
    actor = world.user(username)
    qs = Record.objects.filter(visible_records_q(actor)).filter(matching_record_ids_q(q))
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("-created_at", "-id").values_list("pk", flat=True))


def test_every_plan_lists_and_counts_the_same_records(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    expected = {(u, q): _expected(u, world, q) for u in PERSONAS for q in QUERIES}
    assert sum(bool(ids) for ids in expected.values()) > 20  # not a comparison of nothing
    # 10,000: few matches, their ids; 1: many, the planned scans and index lookups. With
    # many, each part first read through a window of its newest rows: none, 3 rows (too
    # few: the planned query after it), 4,000 (the whole part: no planned query).
    cases = itertools.product((10_000, 1), (0, 3, 4000), PERSONAS, QUERIES)
    for dense, window, username, q in cases:
        monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, dense)
        monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, window)
        actor = world.user(username)
        wanted = RecordFilters(q=q)
        page = [r.pk for r in record_list(actor, wanted)[:5]]
        counted = record_list(actor, wanted).order_by()[:1001].count()
        assert page == expected[username, q][:5], (dense, window, username, q)
        assert counted == len(expected[username, q]), (dense, window, username, q)


def test_a_narrow_part_looks_matches_up_and_the_wide_one_tests_rows(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 1)
    # As a province at a million records: more than a small part's records.
    monkeypatch.setattr(selectors, "SMALL_PART_ROWS", 0)
    wanted = RecordFilters(q="cuu nguoi")
    actor = world.user("tinh.mttq")  # the province's subtree, and the shared elsewhere
    rows = record_list(actor, wanted)[:50]
    own, shared = (str(qs.query) for qs in rows.key_querysets())
    shared_first, own_last = (str(qs.query) for qs in rows.count_parts)

    if connection.vendor == "sqlite":
        assert '+"exemplars_record"."id" IN (SELECT rowid' in own
        assert "instr(" in shared and "search_record_fts" not in shared
    else:
        assert "@@" in own and "search_tsv_matches" not in own
        assert "search_tsv_matches(" in shared
    # The count: the shared part (most of what an officer sees) first, through the index.
    assert "NOT" in shared_first and "NOT" not in own_last
    if connection.vendor == "sqlite":
        assert re.search(r'[^+]"exemplars_record"\."id" IN \(SELECT rowid', shared_first)
    else:
        assert "@@" in shared_first
    # No join before the page is cut: the rows of the page are read by id afterwards.
    for sql in (own, shared, shared_first, own_last):
        assert "JOIN" not in sql


@pytest.mark.parametrize("few", [True, False], ids=["few rows", "many rows"])
def test_a_part_of_few_records_tests_its_rows_text_on_sqlite(
    world: World, spread: list[Record], monkeypatch: Any, few: bool
) -> None:
    """A part holding few records (a commune's) has each of its rows' text tested on
    SQLite rather than every match of the country listed; a part holding more than
    `SMALL_PART_ROWS`, however deep its organisation sits (a province's Front is as deep
    as a commune once was), looks its rows up among the matches."""
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 1)
    actor = world.user("xa.mttq")  # her commune's subtree, and the shared elsewhere
    commune = world.front_a.path
    held = Record.objects.filter(org_path__startswith=commune).count()
    assert held > 1
    monkeypatch.setattr(selectors, "SMALL_PART_ROWS", held if few else held - 1)
    wanted = RecordFilters(q="cuu nguoi")
    with CaptureQueriesContext(connection) as ctx:
        rows = record_list(actor, wanted)[:50]
        own, _shared = (str(qs.query) for qs in rows.key_querysets())
        assert rows.count() == len(_expected("xa.mttq", world, "cuu nguoi"))
    if connection.vendor == "sqlite":
        # Her part's records counted once for the page and its count, on the path's index
        # alone (no sort).
        limit = f"LIMIT {selectors.SMALL_PART_ROWS + 1})"
        sized = [c["sql"] for c in ctx.captured_queries if limit in c["sql"]]
        assert len(sized) == 1 and "ORDER BY" not in sized[0], sized
        assert ("instr(" in own) is few
        assert ("search_record_fts" in own) is not few
    else:
        assert "@@" in own  # PostgreSQL reads a narrow part through its window first
    assert [r.pk for r in rows] == _expected("xa.mttq", world, "cuu nguoi")[:50]
    assert rows.count() == len(_expected("xa.mttq", world, "cuu nguoi"))


def test_the_staff_list_asks_the_full_text_index_once(
    client: Any, world: World, spread: list[Record], monkeypatch: Any
) -> None:
    client.force_login(world.user("tinh.mttq"))
    for dense in (10_000, 1):
        monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, dense)
        for q in ("cuu nguoi", "nguoi cuu", "cuu nguo"):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("staff:record_list"), {"q": q})
            assert response.status_code == 200
            probes = _probes(ctx.captured_queries)
            # One probe: whole words, then (SQLite, few whole-word matches) the prefix; none
            # on PostgreSQL when the statistics say dense and every window was enough.
            assert len(probes) <= 2 and len(set(probes)) == len(probes), probes
            assert "Cứu người gặp nạn trên biển" in response.content.decode(), (dense, q)


def test_the_api_list_asks_the_full_text_index_once_on_every_page(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    for i in range(50):
        make_record(world, f"Cứu người lần {i}", commune="b", state="verified")
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 1)
    signed_in = Client().post(
        TOKEN_URL, {"username": "tinh.mttq", "password": PASSWORD}, content_type="application/json"
    )
    client = Client(headers=bearer(signed_in.json()["token"]))
    with CaptureQueriesContext(connection) as ctx:
        first = client.get("/api/v1/records", {"q": "cuu nguoi"})
    assert first.status_code == 200, first.content
    assert len(_probes(ctx.captured_queries)) <= 2
    body = first.json()
    assert (body["count"], body["count_capped"]) == (50, True) and len(body["items"]) == 50
    assert body["items"][0]["handling_org"]["name"] == world.front_b.name
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(body["next"])  # the position is a condition of every part
    assert second.status_code == 200
    probes = _probes(ctx.captured_queries)
    assert len(probes) <= 2 and len(set(probes)) == len(probes), probes
    assert len(second.json()["items"]) == 12


def test_each_part_stops_at_the_page(world: World, spread: list[Record]) -> None:
    actor = world.user("tinh.mttq")
    parts = record_list(actor, RecordFilters(q="cuu nguoi"))[:50].key_querysets()
    assert len(parts) == 2
    for qs in parts:
        sql = str(qs.query)
        assert sql.count("LIMIT 50") == 1 and "ORDER BY" in sql, sql


def test_a_later_staff_page_lists_the_rows_that_follow(
    client: Any, world: World, spread: list[Record]
) -> None:
    for i in range(60):
        make_record(world, f"Cứu người lần {i}", commune="b", state="verified")
    client.force_login(world.user("tinh.mttq"))
    expected = _expected("tinh.mttq", world, "cuu nguoi")
    assert len(expected) == 72

    second = client.get(reverse("staff:record_list"), {"q": "cuu nguoi", "page": 2})
    beyond = client.get(reverse("staff:record_list"), {"q": "cuu nguoi", "page": 99})

    listed = [r.pk for r in second.context["page_obj"].object_list]
    assert listed == expected[50:]
    assert [r.pk for r in beyond.context["page_obj"].object_list] == expected[50:]


def test_a_search_counts_no_further_than_the_page_it_shows(
    client: Any, world: World, spread: list[Record], monkeypatch: Any
) -> None:
    from lantoa.api import records as api_records
    from lantoa.staff.views import records_list

    monkeypatch.setattr(records_list, "PAGE_SIZE", 2)
    monkeypatch.setattr(api_records, "SEARCH_COUNT_CAP", 3)
    for i in range(6):
        make_record(world, f"Cứu người lần {i}", commune="b", state="verified")
    client.force_login(world.user("tinh.mttq"))
    expected = _expected("tinh.mttq", world, "cuu nguoi")
    assert len(expected) > 6

    first = client.get(reverse("staff:record_list"), {"q": "cuu nguoi"}).context["page_obj"]
    second = client.get(reverse("staff:record_list"), {"q": "cuu nguoi", "page": 2})
    listed = client.get(reverse("staff:record_list")).context["page_obj"]

    # Page 1 counts its 2 rows and one more: "more than 3", and a next page to go to.
    assert (first.paginator.count, first.paginator.more) == (3, True)
    assert first.has_next() and [r.pk for r in first] == expected[:2]
    page = second.context["page_obj"]
    assert (page.paginator.count, page.paginator.more) == (5, True)
    assert [r.pk for r in page] == expected[2:4] and page.has_next()
    assert listed.paginator.count > 3 and not listed.paginator.more  # a list counts on

    signed_in = Client().post(
        TOKEN_URL, {"username": "tinh.mttq", "password": PASSWORD}, content_type="application/json"
    )
    api = Client(headers=bearer(signed_in.json()["token"]))
    body = api.get("/api/v1/records", {"q": "cuu nguoi"}).json()
    assert (body["count"], body["count_capped"]) == (3, True)
    assert api.get("/api/v1/records").json()["count_capped"] is False


def test_the_search_cap_follows_the_page_asked() -> None:
    from lantoa.core.paginator import search_count_cap

    assert search_count_cap(None, 50) == search_count_cap("abc", 50) == 51
    assert search_count_cap("3", 50) == 151
    assert search_count_cap("-4", 50) == 51
    assert search_count_cap("9999", 50) == 1001  # never beyond a list's own cap


def test_a_searched_count_reads_each_part_newest_first(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    """A searched part's capped count tests rows as it reads them: through the part's own
    order (its index), as its page does, not in the table's order (a sequential scan)."""
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 1)
    monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 0)  # the planned reads
    actor = world.user("tinh.mttq")
    with CaptureQueriesContext(connection) as ctx:
        searched = record_list(actor, RecordFilters(q="cuu nguoi")).order_by()[:51].count()
        listed = record_list(actor).order_by()[:51].count()
    sqls = [
        q["sql"]
        for q in ctx.captured_queries
        if "exemplars_record" in q["sql"]
        and "exemplars_record_stamp" not in q["sql"]
        and f"LIMIT {selectors.SMALL_PART_ROWS + 1})" not in q["sql"]
    ]
    # Two parts each (besides the records' write stamp, decision 159, and how many records
    # the province holds, decision 172).
    assert len(sqls) == 4
    # The search's parts: their keys, newest first, up to the cap (the page reuses them).
    assert all(
        not sql.startswith("SELECT COUNT(*)") and "ORDER BY" in sql and "LIMIT 51" in sql
        for sql in sqls[:2]
    ), sqls[:2]
    assert all(sql.startswith("SELECT COUNT(*)") for sql in sqls[2:]), sqls[2:]
    assert not any("ORDER BY" in sql for sql in sqls[2:]), sqls[2:]
    assert searched == len(_expected("tinh.mttq", world, "cuu nguoi"))
    assert listed > searched


def test_a_searched_page_reuses_the_keys_its_count_read(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    """The staff page counts to the page + 1, then reads the page: each part once. A
    read too short for what is asked next (a later page) reads the part again."""
    for i in range(60):
        make_record(world, f"Cứu người lần {i}", commune="b", state="verified")
    expected = _expected("tinh.mttq", world, "cuu nguoi")
    actor = world.user("tinh.mttq")
    monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 0)  # the planned reads
    for dense in (10_000, 1):
        monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, dense)
        rows = record_list(actor, RecordFilters(q="cuu nguoi"))
        with CaptureQueriesContext(connection) as ctx:
            counted = rows.order_by()[:51].count()
            page = [r.pk for r in rows[:50]]
        keys = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"].startswith('SELECT "exemplars_record"."created_at"')
        ]
        assert (counted, page) == (51, expected[:50])
        assert len(keys) == 2, keys  # one read per part, shared by the count and the page
        with CaptureQueriesContext(connection) as ctx:
            later = [r.pk for r in rows[50:100]]
        keys = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"].startswith('SELECT "exemplars_record"."created_at"')
        ]
        # Read again: the part whose 51 keys were not all of it, not the one read whole.
        assert later == expected[50:100] and len(keys) == 1, keys
        assert rows.order_by()[:1001].count() == len(expected)


def test_a_window_gives_the_newest_matches_or_says_it_cannot(
    world: World, spread: list[Record]
) -> None:
    """`newest_in_window`: the newest matches among a part's newest rows; None when the
    window is full and short of matches (older ones may follow), never a wrong answer."""
    for i in range(4):
        make_record(world, f"Dọn rác lần {i}", commune="b", state="verified")
    rows = Record.objects.filter(visible_records_q(world.user("tinh.mttq")))
    newest = list(rows.order_by("-created_at", "-id").values_list("pk", flat=True))
    expected = _expected("tinh.mttq", world, "cuu nguoi")
    search = search_records.RecordSearch("cuu nguoi")

    def ids(found: list[tuple[Any, Any]] | None) -> list[int] | None:
        return None if found is None else [pk for _created, pk in found]

    # A narrow part is counted first, and read whole (its range, sorted) when smaller
    # than the window: the same answers either way.
    for narrow in (False, True):
        # The four newest rows match nothing: a window of four cannot tell.
        assert ids(search.newest_in_window(rows, 2, 4, narrow=narrow)) is None
        # A window over every row: every match, newest first, cut at the limit.
        assert ids(search.newest_in_window(rows, 2, len(newest), narrow=narrow)) == expected[:2]
        found = search.newest_in_window(rows, 100, len(newest) + 1, narrow=narrow)
        assert ids(found) == expected
        # Enough matches inside the window: those are the newest, whatever lies beyond it.
        window = newest.index(expected[1]) + 1
        assert ids(search.newest_in_window(rows, 2, window, narrow=narrow)) == expected[:2]
        assert ids(search.newest_in_window(rows, 3, window, narrow=narrow)) is None
    # Users' syntax stays text in the hand-written query.
    odd = search_records.RecordSearch('cuu" OR 1=1 -- \\ %s')
    assert ids(odd.newest_in_window(rows, 5, len(newest) + 1)) == []


def test_postgresql_reads_windows_before_any_probe(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    """Whatever the words, the parts' windows come first, and no probe when they hold the
    page (or the whole part); a window full without the page's matches: the probe, then
    for the other parts no window if it found few (their ids are cheaper)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads no window (its probe costs ~1 ms)")
    # The probe asks GIN for up to 10,000 ids (never skipped as "surely many"): few here.
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 10_000)
    actor = world.user("tinh.mttq")  # two parts: the province, the shared elsewhere
    for q in ("cuu nguoi", "song quao", "khong co dau"):  # common, rare, absent words
        expected = _expected("tinh.mttq", world, q)[:5]
        # Windows larger than the parts: every part read whole through its window.
        monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 4000)
        with CaptureQueriesContext(connection) as ctx:
            page = [r.pk for r in record_list(actor, RecordFilters(q=q))[:5]]
        assert page == expected, q
        assert _probes(ctx.captured_queries) == [], q
        assert len(_windows(ctx.captured_queries)) == 2, q
        # A window of one row cannot hold a page of five: the probe after the first part's
        # window, and its ids for both parts.
        monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 1)
        with CaptureQueriesContext(connection) as ctx:
            page = [r.pk for r in record_list(actor, RecordFilters(q=q))[:5]]
        assert page == expected, q
        statements = [c["sql"] for c in ctx.captured_queries]
        probes, windows = _probes(ctx.captured_queries), _windows(ctx.captured_queries)
        assert len(probes) == 1 and len(windows) == 1, q
        assert statements.index(windows[0]) < statements.index(probes[0]), q
    # The probe finds many after the province's window came back without the page: the
    # province through GIN and its path, the shared part walked newest first, each row
    # tested once (no window before the walk: it would read the same rows twice).
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 1)
    q = "cuu nguoi"
    with CaptureQueriesContext(connection) as ctx:
        page = [r.pk for r in record_list(actor, RecordFilters(q=q))[:5]]
    assert page == _expected("tinh.mttq", world, q)[:5]
    statements = [c["sql"] for c in ctx.captured_queries]
    assert len(_probes(ctx.captured_queries)) == 1 and len(_windows(ctx.captured_queries)) == 1
    walked = [sql for sql in statements if "search_tsv_matches(" in sql]
    assert len(walked) == 1 and "NOT" in walked[0], statements


def test_postgresql_reads_the_shared_window_through_its_own_index(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    """The shared part's window (an unfiltered list) is ordered by the columns of its
    partial index (`exm_record_shared_new`), which alone gives that order unsorted: the
    same rows as newest first, `(created_at, id)` being unique. Any other part, or the
    shared part under another filter, newest first."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads no window")
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 10_000)
    monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 4000)
    index_order = '"org_path" DESC, "exemplars_record"."due_at" DESC LIMIT'
    for username, wanted, ordered in (
        ("tinh.mttq", RecordFilters(q="cuu nguoi"), 1),  # the province, the shared part
        ("xa.mttq", RecordFilters(q="song quao"), 1),
        ("tinh.mttq", RecordFilters(q="cuu nguoi", kind=RecordKind.GOOD_DEED), 0),
        ("quantri", RecordFilters(q="cuu nguoi"), 0),  # the whole tree: one part, no state
    ):
        with CaptureQueriesContext(connection) as ctx:
            page = [r.pk for r in record_list(world.user(username), wanted)[:5]]
        windows = _windows(ctx.captured_queries)
        assert windows, (username, wanted)
        assert sum(index_order in sql for sql in windows) == ordered, (username, wanted)
        expected = _expected(username, world, wanted.q, kind=wanted.kind)
        assert page == expected[:5], (username, wanted)


def test_postgresql_walks_a_wide_part_of_common_words_without_a_window(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    """Words the statistics call common: the probe is skipped, so the shared part's
    planned query walks it newest first, testing each row, and stops at the page: a window
    before it would read the same rows (twice when it comes back without the page). The
    province's part keeps its window; words not called common keep both windows."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads no window")
    monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 4000)
    actor = world.user("tinh.mttq")  # two parts: the province, the shared elsewhere
    q = "cuu nguoi"
    expected = _expected("tinh.mttq", world, q)[:5]
    frequencies = {"cuu": 0.5, "nguoi": 0.5}
    for common in (True, False):
        stats = search_records._WordStats(
            1_000_000.0 if common else 10.0, frequencies, time.monotonic()
        )
        monkeypatch.setitem(search_records._word_stats, connection.alias, stats)
        with CaptureQueriesContext(connection) as ctx:
            page = [r.pk for r in record_list(actor, RecordFilters(q=q))[:5]]
        assert page == expected, common
        windows = _windows(ctx.captured_queries)
        walked = [c["sql"] for c in ctx.captured_queries if "search_tsv_matches(" in c["sql"]]
        if common:
            assert len(windows) == 1 and "NOT (" not in windows[0], windows
            assert len(walked) == 1 and "NOT (" in walked[0], walked
            assert _probes(ctx.captured_queries) == []
        else:
            assert len(windows) == 2 and walked == [], windows


def _windows(queries: list[dict[str, Any]]) -> list[str]:
    """The statements that read a part through a window of its newest rows."""
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT w.id, w.created_at FROM (")]


@pytest.mark.parametrize("cap", [8000, 6])
def test_postgresql_lists_more_ids_for_words_expected_a_little_past_dense(
    world: World, spread: list[Record], monkeypatch: Any, cap: int
) -> None:
    """Words the statistics expect in more rows than DENSE_MATCHES, but not so many they
    are called common (a full name): the probe lists up to twice as many ids as expected
    (at most PROBE_MAX), so the page comes from their ids instead of a failed probe and a
    walk of the shared part (decision 173). Capped below the matches, the walk is back."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's probe is not planned by PostgreSQL's statistics")
    q = "cuu nguoi"
    expected = _expected("tinh.mttq", world, q)
    assert len(expected) > 5
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 5)  # so: dense
    monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 0)  # the planned reads
    monkeypatch.setattr(search_records, "PROBE_MAX", cap)
    # Expected in 10 rows: past 5, short of the common 5 × COMMON_FACTOR.
    stats = search_records._WordStats(10.0, {"cuu": 1.0, "nguoi": 1.0}, time.monotonic())
    monkeypatch.setitem(search_records._word_stats, connection.alias, stats)
    actor = world.user("tinh.mttq")
    with CaptureQueriesContext(connection) as ctx:
        page = [r.pk for r in record_list(actor, RecordFilters(q=q))[:50]]
    assert page == expected[:50]
    probes = _probes(ctx.captured_queries)
    assert len(probes) == 1 and probes[0].endswith(f", {min(cap, 20)})"), probes
    walked = [c["sql"] for c in ctx.captured_queries if "search_tsv_matches(" in c["sql"]]
    assert (walked == []) is (cap >= len(expected))


def _listed_ids(sql: str) -> set[int]:
    """The ids a statement lists (`"id" IN (1, 5, 9)`)."""
    found = re.search(r'"exemplars_record"\."id" IN \(([0-9, ]+)\)', sql)
    assert found, sql
    return {int(pk) for pk in found.group(1).split(", ")}


def test_a_subtree_part_is_asked_only_for_the_probes_matches_under_it(
    world: World, spread: list[Record], monkeypatch: Any
) -> None:
    """With few matches, her commune's part lists only the matches under her commune on
    PostgreSQL, whose probe reads each match's path with its id (decision 206); SQLite's
    probe reads the full-text index alone and lists them all. The page is the same."""
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, 10_000)
    # A window of one row cannot hold a page of five: PostgreSQL probes after it.
    monkeypatch.setitem(search_records.WINDOW_ROWS, connection.vendor, 1)
    q = "cuu nguoi"
    matches = dict(Record.objects.filter(matching_record_ids_q(q)).values_list("pk", "org_path"))
    under = {pk for pk, path in matches.items() if path.startswith(world.front_a.path)}
    assert under and set(matches) - under  # matches inside her commune and outside it
    rows = record_list(world.user("xa.mttq"), RecordFilters(q=q))[:5]
    assert [r.pk for r in rows] == _expected("xa.mttq", world, q)[:5]
    own, shared = (str(qs.query) for qs in rows.key_querysets())
    assert _listed_ids(own) == (under if connection.vendor == "postgresql" else set(matches))
    assert _listed_ids(shared) == set(matches)  # the shared part is not one subtree


@pytest.mark.parametrize("dense", [10_000, 1], ids=["few matches", "many matches"])
def test_a_search_within_an_organisation_lists_what_the_single_condition_lists(
    world: World, spread: list[Record], monkeypatch: Any, dense: int
) -> None:
    monkeypatch.setitem(search_records.DENSE_MATCHES, connection.vendor, dense)
    checked = 0
    for username, org, q in itertools.product(
        ("quantri", "tinh.mttq", "xa.mttq", "xab.doan"),
        (world.front, world.front_a, world.youth_b),
        ("cuu nguoi", "bien"),
    ):
        actor = world.user(username)
        expected = [
            pk
            for pk in _expected(username, world, q)
            if Record.objects.get(pk=pk).org_path.startswith(org.path)
        ]
        wanted = RecordFilters(q=q, org=org)
        assert [r.pk for r in record_list(actor, wanted)] == expected, (username, org, q)
        assert record_list(actor, wanted).order_by()[:1001].count() == len(expected)
        checked += bool(expected)
    assert checked > 6  # not a comparison of empty lists
