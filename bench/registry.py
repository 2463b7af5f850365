"""Registry benchmark: the exemplar registry's hot reads on 1,000,000 generated records.

    LANTOA_ENV=test python -m bench.registry --db sqlite [--records 1000000]
    LANTOA_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        python -m bench.registry --db postgresql

`python -m bench.run` runs it after the organisation-tree benchmark (`--suite` picks one).
Same databases as the tree benchmark (var/bench/bench.sqlite3, `lantoa_bench`), same
generated national tree; the registry rows are generated once on top of it
(`bench/registry_generate.py`) and reused while the marker (`bench_meta` key `registry`)
matches the version and `--records`. Prints a markdown table and writes it to
bench/results/registry-<db>.md. Each case carries its target from the issue (the list
pages also against the hand-written SQL); targets and results are in docs/performance.md
(Registry). A miss prints FAIL; the exit status stays 0.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.registry_sql import PAGE, fetch, inbox_sql, list_sql
from bench.run import forget_meta, read_meta, write_meta

DEFAULT_RECORDS = 1_000_000
REGISTRY_VERSION = 5  # bump when registry_generate.py changes shape
MARKER_KEY = "registry"
RATIO = 2.0


# --- data ---------------------------------------------------------------------------------


def read_marker() -> dict[str, Any] | None:
    return read_meta(MARKER_KEY)


def ensure_registry(records: int, tree_marker: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection, transaction

    from bench import registry_generate
    from lantoa.exemplars.models import Record
    from lantoa.orgs.models import Organisation, OrgKind

    marker = read_marker()
    if marker and marker.get("version") == REGISTRY_VERSION and marker["records"] == records:
        print(
            f"Reusing generated registry ({marker['records']:,} records, "
            f"{marker['subjects']:,} subjects)."
        )
        return marker
    if read_meta("staff"):  # its audit events keep the registry's users (append-only)
        raise SystemExit(
            "The registry of this database is of an older version and the staff activity "
            "written on it cannot be removed: run with --regenerate."
        )
    if marker or Record.objects.exists():
        print("Stale registry data in the benchmark database: removing it.")
        with transaction.atomic():
            registry_generate.wipe()
            forget_meta(MARKER_KEY)
    front = (
        Organisation.objects.filter(
            parent_id=tree_marker["province_root_id"], kind=OrgKind.FATHERLAND_FRONT
        )
        .values_list("pk", flat=True)
        .first()
    )
    print(f"Generating {records:,} records (first run only)…")
    with transaction.atomic():
        marker = {
            "version": REGISTRY_VERSION,
            **registry_generate.generate(records, measured_province_front=front),
        }
        write_meta(MARKER_KEY, marker)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("exemplars_record", "exemplars_subject", "accounts_user", "orgs_membership"):
            cursor.execute(f"ANALYZE {table}")
    print(f"  ANALYZE in {time.perf_counter() - started:.1f} s")
    return marker


# --- cases --------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    orm: Callable[[], Any]
    sql: Callable[[], Any] | None  # None: an absolute target only
    target_ms: float
    queries: int | None = 1  # None: whatever the code under test runs (reported, not checked)
    sql_text: tuple[str, list[Any]] | None = None
    ids: Callable[[Any], list[int]] | None = None  # for the SQL side's answer

    def check(self) -> None:
        if self.sql is None or self.ids is None:
            self.orm()
            return
        got = _ids(self.orm())
        want = self.ids(self.sql())
        if got != want:
            raise SystemExit(f"{self.name}: ORM and SQL disagree ({got[:5]}… != {want[:5]}…)")


def _page(qs: Any) -> tuple[list[Any], int]:
    """What the list page reads: its first rows and the capped count."""
    from lantoa.core.paginator import CappedPaginator

    paginator = CappedPaginator(qs, PAGE)
    return list(paginator.page(1).object_list), paginator.count


def _ids(value: Any) -> list[int]:
    if isinstance(value, tuple):  # (rows, count)
        rows, count = value
        return [r.pk for r in rows] + [count]
    return [r.pk for r in value]


def cases(marker: dict[str, Any]) -> list[Case]:
    from django.utils import timezone

    from lantoa.accounts.models import User
    from lantoa.core.text import fold
    from lantoa.demo.registry import random_name
    from lantoa.exemplars.duplicates import suggest_subjects
    from lantoa.exemplars.selectors import RecordFilters, inbox_for, record_list
    from lantoa.orgs.models import Organisation

    commune_verifier = User.objects.get(pk=marker["commune_verifier_id"])
    province_verifier = User.objects.get(pk=marker["province_verifier_id"])
    province_front = Organisation.objects.get(pk=marker["province_front_id"])
    units = list(
        Organisation.objects.filter(parent=province_front, admin_unit__isnull=False).values_list(
            "admin_unit_id", flat=True
        )
    )

    # (a) the commune officer's inbox, first page
    now = timezone.now()
    a_sql = inbox_sql(marker["commune_front_id"], now)

    # (b) the province verifier's filtered list: first page and count
    filters = RecordFilters(state="reported", kind="good_deed", org=province_front)
    b_rows, b_count = list_sql(province_front.path, "reported", "good_deed")

    def list_page() -> tuple[list[Any], int]:
        return _page(record_list(province_verifier, filters))

    def inbox_page() -> list[Any]:
        return list(inbox_for(commune_verifier)[0:PAGE])

    # (c) duplicate suggestions for a new name typed in the report form
    rng = random.Random(7)
    typed = [
        (random_name(rng, rng.choice(("male", "female"))), rng.randint(1940, 2015),
         rng.choice(units) if units else None)
        for _ in range(997)
    ]  # fmt: skip
    turn = {"i": 0}

    def suggest(actor: Any) -> Callable[[], Any]:
        def run() -> Any:
            name, year, unit = typed[turn["i"] % len(typed)]
            turn["i"] += 1
            return suggest_subjects(actor=actor, name=name, birth_year=year, unit=unit)

        return run

    # (d) staff search, folded 2- and 3-word queries
    def search(q: str, with_count: bool = False) -> Callable[[], Any]:
        def run() -> Any:
            qs = record_list(province_verifier, RecordFilters(q=q))
            rows = list(qs[:PAGE])
            return _page(qs) if with_count else rows

        return run

    return [
        Case(
            "(a) inbox, first 50 · `inbox_for(commune verifier)[0:50]`",
            inbox_page,
            lambda: fetch(*a_sql),
            100,
            sql_text=a_sql,
            ids=lambda rows: [r[0] for r in rows],
        ),
        Case(
            "(b) province list, first 50 + count (capped at 1,000) · `record_list("
            "state=reported, kind=good_deed, org=province Front)`",
            list_page,
            lambda: (fetch(*b_rows), fetch(*b_count)),
            100,
            queries=2,
            sql_text=b_rows,
            ids=lambda res: [r[0] for r in res[0]] + [res[1][0][0]],
        ),
        Case(
            "(c) duplicate suggestions · `suggest_subjects` (province verifier), new name",
            suggest(province_verifier),
            None,
            50,
            queries=None,
        ),
        Case(
            "(c) duplicate suggestions · `suggest_subjects` (commune verifier), new name",
            suggest(commune_verifier),
            None,
            50,
            queries=None,
        ),
        Case(
            f"(d) search “{fold('cứu người')}”, first 50 · `record_list(q=…)`",
            search("cứu người"),
            None,
            100,
            queries=None,
        ),
        Case(
            f"(d) search “{fold('cứu người đuối')}”, first 50",
            search("cứu người đuối"),
            None,
            100,
            queries=None,
        ),
        Case(
            f"(d) search “{fold('nhặt được ví')}”, first 50",
            search("nhặt được ví"),
            None,
            100,
            queries=None,
        ),
        Case(
            f"(d) search “{fold('cứu người')}”, first 50 + count (capped at 1,000)",
            search("cứu người", with_count=True),
            None,
            100,
            queries=None,
        ),
    ]


# --- measurement --------------------------------------------------------------------------


SLOW_MS = 250  # a case slower than this (warm-up median) gets a tenth of the iterations


def measure(case: Case, iterations: int, warmup: int) -> dict[str, float]:
    from bench.run import percentile, time_ms

    warm: list[float] = []
    for _ in range(warmup):
        warm.append(time_ms(case.orm))
        if case.sql is not None:
            case.sql()
        if len(warm) >= 3 and statistics.median(warm) > SLOW_MS:
            break  # slow enough that three rounds warm everything that can be warmed
    if warm and statistics.median(warm) > SLOW_MS:
        # Far over its target already: 200 rounds of a multi-second query tell nothing more.
        iterations = max(20, iterations // 10)
    gc.collect()
    orm: list[float] = []
    sql: list[float] = []
    for i in range(iterations):
        if case.sql is None:
            orm.append(time_ms(case.orm))
        elif i % 2:
            orm.append(time_ms(case.orm))
            sql.append(time_ms(case.sql))
        else:
            sql.append(time_ms(case.sql))
            orm.append(time_ms(case.orm))
    result = {
        "orm_p50": statistics.median(orm),
        "orm_p95": percentile(orm, 95),
        "n": float(iterations),
    }
    if sql:
        result |= {"sql_p50": statistics.median(sql), "sql_p95": percentile(sql, 95)}
    return result


def table(rows: list[tuple[Case, dict[str, float]]], iterations: int) -> list[str]:
    lines = [
        "| query | ORM p50 | ORM p95 | SQL p50 | SQL p95 | ORM − SQL (p50) | ratio (p95) "
        "| target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for case, r in rows:
        ok = r["orm_p95"] <= case.target_ms
        if "sql_p95" in r:
            ratio = r["orm_p95"] / r["sql_p95"]
            ok = ok and ratio <= RATIO
            sql = (
                f"{r['sql_p50']:.2f} | {r['sql_p95']:.2f} | "
                f"{r['orm_p50'] - r['sql_p50']:.2f} | {ratio:.2f}×"
            )
            target = f"≤ {case.target_ms:g} ms, ≤ {RATIO:g}×"
        else:
            sql = "– | – | – | –"
            target = f"≤ {case.target_ms:g} ms"
        name = case.name
        if r["n"] != iterations:
            name += f" (n = {r['n']:.0f})"
        lines.append(
            f"| {name} | {r['orm_p50']:.2f} | {r['orm_p95']:.2f} | {sql} | {target} | "
            f"{'OK' if ok else 'FAIL'} |"
        )
    return lines


def describe(
    marker: dict[str, Any], args: argparse.Namespace, tree_marker: dict[str, Any]
) -> list[str]:
    from django.db import connection
    from django.db.models import Count

    from bench.run import environment
    from lantoa.exemplars.models import Record
    from lantoa.exemplars.workflow import AWAITING_VERIFICATION

    lines = environment(args.db, tree_marker, args)[:2]
    states = dict(Record.objects.values_list("state").annotate(n=Count("id")).order_by())
    share = ", ".join(
        f"{state} {100 * n / marker['records']:.1f} %" for state, n in sorted(states.items())
    )
    inbox = Record.objects.filter(
        handling_org_id=marker["commune_front_id"], state__in=AWAITING_VERIFICATION
    ).count()
    listed = Record.objects.filter(
        org_path__startswith=_front_path(marker), state="reported", kind="good_deed"
    ).count()
    with connection.cursor() as cursor:
        search_index = "LIKE (no full-text index)"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_record_fts'")
            if cursor.fetchone():
                search_index = "FTS5 (`search_record_fts`)"
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_record_tsv'")
            row = cursor.fetchone()
            if row:
                search_index = f"`{row[0].split(' USING ', 1)[-1]}` (`search_record_tsv`)"
    return [
        *lines,
        f"- Data: {marker['records']:,} records and {marker['subjects']:,} subjects on the "
        f"tree of {tree_marker['organisations']:,} organisations (generated in "
        f"{marker['seconds']:.0f} s); states: {share}",
        f"- Actors: a verifier of one commune Front ({inbox} records in the inbox), a verifier "
        f"of a province Front ({marker['province_communes']} communes; {listed:,} reported "
        f"good deeds under it); search as the province verifier (its own province plus "
        f"every verified record); search index: {search_index}",
        f"- {args.iterations} timed iterations after {args.warmup} warm-up (ORM and SQL "
        "alternating where both exist); times in ms, rows fetched included; duplicate "
        f"suggestions type a new random name each time; load average (1 min) "
        f"{os.getloadavg()[0]:.2f}",
    ]


def _front_path(marker: dict[str, Any]) -> str:
    from lantoa.orgs.models import Organisation

    return str(Organisation.objects.get(pk=marker["province_front_id"]).path)


def run(args: argparse.Namespace, tree_marker: dict[str, Any]) -> None:
    from django.core.management import call_command

    from bench import registry_plans
    from bench.run import RESULTS_DIR, captured_sql, explain

    marker = ensure_registry(args.records, tree_marker)
    # As operators do daily (docs/operations.md): a migration may have added an index that
    # SQLite knows nothing about, and it then takes that index for a selective one.
    call_command("analyze_database", verbosity=0)
    plans = registry_plans.table(registry_plans.check(marker))
    print("\n".join(["", *plans, ""]))
    if getattr(args, "plans", False):
        return  # the plan check alone
    measured = cases(marker)
    for case in measured:
        case.check()  # also caches each actor's grants, as the first query of a request does
        ran = len(captured_sql(case.orm))
        if case.queries is not None and ran != case.queries:
            raise SystemExit(f"{case.name}: expected {case.queries} queries, ran {ran}")
        if case.queries is None:
            case.name += f" ({ran} {'query' if ran == 1 else 'queries'})"
        if args.explain:
            print(f"\n### {case.name}")
            for sql, params in captured_sql(case.orm):
                print(f"\nORM SQL: {sql}\n  params: {params}")
                print("\n".join("    " + line for line in explain(sql, params)))
            if case.sql_text is not None:
                sql, params = case.sql_text
                print(f"\nHand SQL: {sql}\n  params: {params}")
                print("\n".join("    " + line for line in explain(sql, params)))
    if args.explain:
        return  # plans only: a short run must not overwrite the measured results
    results = []
    for case in measured:
        started = time.perf_counter()
        results.append((case, measure(case, args.iterations, args.warmup)))
        print(
            f"  measured {case.name.split(' · ')[0]} in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    lines = [f"## Registry — {args.db}", "", *describe(marker, args, tree_marker), "",
             *table(results, args.iterations), "", *plans]  # fmt: skip
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"registry-{args.db}.md"
    path.write_text(text, encoding="utf-8")
    print(f"Written to {path}.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--records",
        type=int,
        default=DEFAULT_RECORDS,
        help="registry size (subjects: 30 %% of it); data is regenerated when it changes",
    )


def main(argv: list[str] | None = None) -> int:
    from bench import portal
    from bench import run as tree

    parser = argparse.ArgumentParser(
        prog="python -m bench.registry", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--regenerate", action="store_true", help="rebuild all generated data")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument(
        "--plans", action="store_true", help="only check the list's plans (role × filter)"
    )
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    add_arguments(parser)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tree_marker = tree.setup(args)
    portal.wipe_before_registry(args)  # as bench.run does: publications block the wipe
    run(args, tree_marker)
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
