"""Plan check of the record list: every role × every filter, first page of 50.

A list's first page must be read through indexes and cut at the page: FAIL when its plan
scans the records table without an index (SQLite: `SCAN exemplars_record` with no `USING
… INDEX`; PostgreSQL: a `Seq Scan` on it), or, on PostgreSQL, when it reads more than
`MAX_ROWS` rows of the table (`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`: rows returned
plus rows removed by a filter or a recheck, times the loops, over every node that reads
`exemplars_record`). SQLite's plan does not say how many rows it read: the time does.

The filters include two searches (`search_queries`): their rows also read the capped
count (`RecordRows.count_parts`), as the list view does, and its plan is checked
with the page's.

Run by `python -m bench.registry` after the timed cases; `--plans` runs it alone.
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import time
from dataclasses import dataclass
from typing import Any

PAGE = 50
MAX_ROWS = 10_000
ROUNDS = 5  # timed runs per case after the explained one; the median is shown
TABLE = "exemplars_record"
_SQLITE_SCAN = re.compile(rf"\bSCAN {TABLE}\b(?!.*USING (COVERING )?INDEX)")


@dataclass
class PlanResult:
    role: str
    filter: str
    indexes: list[str]
    rows_read: int | None  # None: the engine does not say (SQLite)
    ms: float
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures


def _pg_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for child in node.get("Plans", []):
        found.extend(_pg_nodes(child))
    return found


def pg_verdict(plan: dict[str, Any]) -> tuple[list[str], int, list[str]]:
    """(indexes used, rows of the records table read, failures) of a JSON plan."""
    indexes: list[str] = []
    rows = 0
    failures: list[str] = []
    for node in _pg_nodes(plan["Plan"]):
        if "Index Name" in node and node["Index Name"] not in indexes:
            indexes.append(node["Index Name"])
        if node.get("Relation Name") != TABLE:
            continue
        if node["Node Type"] == "Seq Scan":
            failures.append("sequential scan of the records table")
        loops = int(node.get("Actual Loops", 1))
        read = int(node.get("Actual Rows", 0)) + int(node.get("Rows Removed by Filter", 0))
        read += int(node.get("Rows Removed by Index Recheck", 0))
        rows += read * loops
    if rows > MAX_ROWS:
        failures.append(f"read {rows:,} rows (more than {MAX_ROWS:,})")
    return indexes, rows, failures


def sqlite_verdict(lines: list[str]) -> tuple[list[str], list[str]]:
    """(indexes used, failures) of `EXPLAIN QUERY PLAN` lines."""
    # A full-text MATCH reads as `SCAN search_record_fts VIRTUAL TABLE INDEX 0:M1`.
    pattern = r"SCAN (\w+) VIRTUAL TABLE|INDEX (\w+)"
    indexes = [m.group(1) or m.group(2) for line in lines for m in [re.search(pattern, line)] if m]
    failures = [f"“{line.strip()}”" for line in lines if _SQLITE_SCAN.search(line)]
    return list(dict.fromkeys(indexes)), failures


def explain(sql: str, params: list[Any]) -> tuple[list[str], int | None, list[str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            return pg_verdict(plan)
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        lines = [str(row[3]) for row in cursor.fetchall()]
    indexes, failures = sqlite_verdict(lines)
    return indexes, None, failures


def actors(marker: dict[str, Any]) -> dict[str, Any]:
    from bench.registry_generate import PREFIX
    from lantoa.accounts.models import User
    from lantoa.orgs.models import Membership, Role

    found = {
        "commune verifier": User.objects.get(pk=marker["commune_verifier_id"]),
        "province verifier": User.objects.get(pk=marker["province_verifier_id"]),
    }
    reporters = Membership.objects.filter(
        role=Role.REPORTER, user__username__startswith=f"{PREFIX}reporter-"
    )
    reporter = (
        reporters.filter(organisation__admin_unit_id=marker.get("commune_unit_id")).first()
        or reporters.first()
    )
    if reporter is not None:
        found["reporter"] = reporter.user
    return found


def filters() -> dict[str, Any]:
    from django.db.models import Count

    from lantoa.exemplars.models import Movement, PriorityGroup, Record, Sector
    from lantoa.exemplars.selectors import RecordFilters

    # The group with the most records: the hardest page to cut at 50 inside a small tree.
    # One pass over `exm_record_group_new` (the records carry a copy of the subject's group).
    group = (
        Record.objects.filter(priority_group__isnull=False)
        .values("priority_group")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("priority_group", flat=True)
        .first()
    ) or PriorityGroup.objects.values_list("pk", flat=True).first()
    sector = Sector.objects.values_list("pk", flat=True).first()
    movement = Movement.objects.values_list("pk", flat=True).first()
    chosen = {
        "none": RecordFilters(),
        "state=reported": RecordFilters(state="reported"),
        "state=verified": RecordFilters(state="verified"),
        "kind=good_deed": RecordFilters(kind="good_deed"),
        "overdue": RecordFilters(overdue=True),
        "priority_group": RecordFilters(priority_group=group),
        "field (sector)": RecordFilters(sector=sector),
    }
    if movement is not None:
        chosen["movement"] = RecordFilters(movement=movement)
    for name, q in search_queries().items():
        chosen[name] = RecordFilters(q=q)
    return chosen


def search_queries() -> dict[str, str]:
    """Two searches as officers type them: the first two words of the most common title
    (many matches: the newest-first scan) and a subject's full name (few: their ids)."""
    from django.db.models import Count

    from lantoa.exemplars.models import Record, Subject

    common = (
        Record.objects.values("title").annotate(n=Count("pk")).order_by("-n").first()
        if Record.objects.count() <= 200_000
        else Record.objects.values("title").order_by("-pk").first()  # counting titles: slow
    )
    name = Subject.objects.order_by("pk").values_list("full_name", flat=True).first()
    found = {}
    if common:
        found["q, many matches"] = " ".join(str(common["title"]).split()[:2])
    if name:
        found["q, a full name"] = str(name)
    return found


def check(marker: dict[str, Any]) -> list[PlanResult]:
    from bench.run import captured_sql

    results = []
    for role, actor in actors(marker).items():
        for name, wanted in filters().items():
            queries = captured_sql(lambda w=wanted, a=actor: _read(a, w))  # also warms
            times = []
            for _ in range(ROUNDS):
                fresh = dataclasses.replace(wanted)  # its own probe, as a new request
                started = time.perf_counter()
                _read(actor, fresh)
                times.append((time.perf_counter() - started) * 1000)
            ms = statistics.median(times)
            indexes: list[str] = []
            rows: int | None = None
            failures: list[str] = []
            for sql, params in queries:
                if TABLE not in sql:
                    continue
                used, read, failed = explain(sql, params)
                indexes += used
                rows = None if read is None else (rows or 0) + read
                failures += failed
            results.append(PlanResult(role, name, indexes, rows, ms, failures))
    return results


def _read(actor: Any, wanted: Any) -> None:
    """The page of 50; for a search, also its capped count, as the list view reads them
    (the full-text probe, run once for both, is no query of the records table)."""
    from lantoa.core.paginator import search_count_cap
    from lantoa.exemplars.selectors import record_list

    list(record_list(actor, wanted)[:PAGE])  # as the views read it
    if wanted.q:
        record_list(actor, wanted).order_by()[: search_count_cap(1, PAGE)].count()


def table(results: list[PlanResult]) -> list[str]:
    lines = [
        f"### Plans of the record list, first page of {PAGE}",
        "",
        f"FAIL: the records table scanned without an index, or more than {MAX_ROWS:,} of its "
        "rows read (PostgreSQL's `EXPLAIN ANALYZE`; SQLite does not count them).",
        "",
        f"| role | filter | indexes | rows read | ms (median of {ROUNDS}) | result |",
        "|---|---|---|---:|---:|---|",
    ]
    for r in results:
        rows = "–" if r.rows_read is None else f"{r.rows_read:,}"
        verdict = "OK" if r.ok else "FAIL: " + "; ".join(r.failures)
        lines.append(
            f"| {r.role} | {r.filter} | {', '.join(r.indexes) or '–'} | {rows} | "
            f"{r.ms:.1f} | {verdict} |"
        )
    return lines
