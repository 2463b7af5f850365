"""Organisation-tree benchmark: ORM vs hand-written SQL on a generated national tree.

    LANTOA_ENV=test python -m bench.run --db sqlite
    LANTOA_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        python -m bench.run --db postgresql

Never touches the developer's database: SQLite uses var/bench/bench.sqlite3, PostgreSQL a
separate database `lantoa_bench` on the server of DATABASE_URL (created when missing). The
data is generated once and reused (a marker row in `bench_meta`); `--regenerate` starts
over. Prints a markdown table and writes it to bench/results/<db>.md. A ratio above the
target prints FAIL but the exit status stays 0: a benchmark is not a test.

Then the registry benchmark (`bench/registry.py`) runs on the same database, with its own
generated records (`--records`, default 1,000,000), and the portal benchmark
(`bench/portal.py`: public search and story pages on 100,000 published stories, in process
and under load with gunicorn and wrk). `--suite tree`, `--suite registry` or
`--suite portal` runs one of them.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SQLITE_PATH = BASE_DIR / "var" / "bench" / "bench.sqlite3"
PG_DATABASE = "lantoa_bench"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"
MARKER_VERSION = 3  # bump when generate.py changes shape: stale data is then rebuilt
TARGET = 2.0


# --- database selection (before django.setup) ---------------------------------------------


def _sqlite_files(database: Path = SQLITE_PATH) -> list[Path]:
    return [database, Path(f"{database}-wal"), Path(f"{database}-shm")]


def configure_sqlite(regenerate: bool, database: Path = SQLITE_PATH) -> None:
    """Point Django at the SQLite file `database` (the staff suite keeps one per size)."""
    os.environ.pop("DATABASE_URL", None)
    database.parent.mkdir(parents=True, exist_ok=True)
    if regenerate:
        for path in _sqlite_files(database):
            path.unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(database)


def configure_postgresql(regenerate: bool, database: str = PG_DATABASE) -> None:
    """Create (when missing) and point Django at the bench-owned database `database` on the
    server of DATABASE_URL; the URL's own database is never written."""
    import psycopg
    from psycopg import sql

    url = os.environ.get("DATABASE_URL") or DEFAULT_PG_URL
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"--db postgresql needs a postgres:// DATABASE_URL, not {url!r}")
    bench_url = urlunsplit(parts._replace(path=f"/{database}"))
    # Connect to the server (maintenance database first, else the URL's own database).
    admin = None
    for dbname in ("postgres", parts.path.lstrip("/")):
        try:
            admin = psycopg.connect(
                urlunsplit(parts._replace(path=f"/{dbname}")), autocommit=True, connect_timeout=5
            )
            break
        except psycopg.OperationalError as exc:
            error = exc
    if admin is None:
        raise SystemExit(f"Cannot reach PostgreSQL at {parts.hostname}:{parts.port}: {error}")
    with admin:
        name = sql.Identifier(database)
        if regenerate:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    os.environ["DATABASE_URL"] = bench_url


def check_target(db: str, expected: str | None = None) -> None:
    """Refuse to run anywhere but the benchmark database (`expected`, default the tree's)."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    expected = expected or (str(SQLITE_PATH) if db == "sqlite" else PG_DATABASE)
    if connection.vendor != db or name != expected:
        raise SystemExit(f"Refusing to run: connected to {connection.vendor} {name!r}")


# --- data ---------------------------------------------------------------------------------


def read_meta(key: str) -> dict[str, Any] | None:
    """A suite's marker in `bench_meta` (what was generated, and its version)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (key varchar(40) PRIMARY KEY, value text)"
        )
        cursor.execute("SELECT value FROM bench_meta WHERE key = %s", [key])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def write_meta(key: str, value: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES (%s, %s)", [key, json.dumps(value)]
        )


def forget_meta(key: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_meta WHERE key = %s", [key])


def read_marker() -> dict[str, Any] | None:
    marker = read_meta("marker")
    return marker if marker and marker.get("version") == MARKER_VERSION else None


def wipe(db: str) -> None:
    """Empty the benchmark database after an older generator (or a foreign writer)."""
    from django.core.management import call_command
    from django.db import connection

    if db == "sqlite":
        connection.close()
        for path in _sqlite_files(Path(str(connection.settings_dict["NAME"]))):
            path.unlink(missing_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE orgs_organisation, orgs_adminunit, accounts_user, bench_meta "
                "RESTART IDENTITY CASCADE"
            )
    read_marker()  # recreate bench_meta


def ensure_data(db: str) -> dict[str, Any]:
    from django.db import transaction

    from bench import generate
    from lantoa.orgs.models import Organisation

    marker = read_marker()
    if marker is not None:
        print(f"Reusing generated data ({marker['organisations']:,} organisations).")
        return marker
    if Organisation.objects.exists():
        print("Stale or unmarked data in the benchmark database: wiping it.")
        wipe(db)
    print("Generating the national tree (first run only)…")
    with transaction.atomic():
        marker = {"version": MARKER_VERSION, **generate.generate()}
        write_meta("marker", marker)
    started = time.perf_counter()
    generate.analyze()
    print(f"  ANALYZE in {time.perf_counter() - started:.1f} s")
    return marker


# --- measurement --------------------------------------------------------------------------


def percentile(values: list[float], pct: int) -> float:
    """The `pct`-th percentile of timings: the one definition every suite reports. "inclusive"
    treats the samples as the whole population, like numpy's default and spreadsheets'
    PERCENTILE.INC, so the figures compare with ones computed elsewhere."""
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def time_ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter_ns()
    fn()
    return (time.perf_counter_ns() - started) / 1e6


def measure(case: Any, iterations: int, warmup: int) -> dict[str, float]:
    for _ in range(warmup):
        case.orm()
        case.sql()
    gc.collect()
    orm: list[float] = []
    sql: list[float] = []
    for i in range(iterations):
        # Alternate which side goes first so that drift and caches favour neither.
        if i % 2:
            orm.append(time_ms(case.orm))
            sql.append(time_ms(case.sql))
        else:
            sql.append(time_ms(case.sql))
            orm.append(time_ms(case.orm))
    return {
        "orm_p50": statistics.median(orm),
        "orm_p95": percentile(orm, 95),
        "sql_p50": statistics.median(sql),
        "sql_p95": percentile(sql, 95),
    }


def captured_sql(fn: Callable[[], Any]) -> list[tuple[str, list[Any]]]:
    from django.db import connection

    seen: list[tuple[str, list[Any]]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((sql, list(params or [])))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return seen


def explain(sql: str, params: list[Any]) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        rows = cursor.fetchall()
    depth = {0: 0}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, 0) + 1
        lines.append("  " * (depth[node] - 1) + detail)
    return lines


def print_plans(case: Any) -> None:
    print(f"\n### {case.name}")
    orm_queries = captured_sql(case.orm)
    for sql, params in orm_queries:
        print(f"\nORM SQL: {sql}\n  params: {params}")
        print("\n".join("    " + line for line in explain(sql, params)))
    sql, params = case.sql_text
    print(f"\nHand SQL: {sql}\n  params: {params}")
    print("\n".join("    " + line for line in explain(sql, params)))


@contextlib.contextmanager
def collate_c_what_if() -> Iterator[None]:
    """PostgreSQL only: measure as if `path` had COLLATE "C", then roll the change back.

    Under any collation but C, PostgreSQL cannot use the plain B-tree for LIKE 'prefix%', and
    the varchar_pattern_ops index cannot give ORDER BY path; with "C" one index does both.
    """
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                'ALTER TABLE orgs_organisation ALTER COLUMN path TYPE varchar(255) COLLATE "C"'
            )
            cursor.execute("ANALYZE orgs_organisation")
        yield
        transaction.set_rollback(True)


# --- report -------------------------------------------------------------------------------


def environment(db: str, marker: dict[str, Any], args: argparse.Namespace) -> list[str]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        if db == "postgresql":
            cursor.execute("SHOW server_version")
            server = "PostgreSQL " + cursor.fetchone()[0]
            cursor.execute("SHOW lc_collate")
            server += f" (collation {cursor.fetchone()[0]})"
        else:
            cursor.execute("SELECT sqlite_version()")
            server = "SQLite " + cursor.fetchone()[0]
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- Database: {server}",
        f"- Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"Django {django.get_version()}",
        f"- Data: {marker['organisations']:,} organisations, {marker['units']:,} admin units; "
        f"measured subtree: province {marker['province']} "
        f"({marker['province_subtree']:,} organisations under its Party committee)",
        f"- {args.iterations} timed iterations per side after {args.warmup} warm-up, ORM and "
        "SQL alternating; times in ms, rows fetched included; load average (1 min) "
        f"{os.getloadavg()[0]:.2f} (other work on the machine inflates p95)",
    ]


def table(rows: list[tuple[str, dict[str, float]]]) -> list[str]:
    lines = [
        "| query | ORM p50 | ORM p95 | SQL p50 | SQL p95 | ratio (p95) | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in rows:
        ratio = r["orm_p95"] / r["sql_p95"]
        verdict = "OK" if ratio <= TARGET else "FAIL"
        lines.append(
            f"| {name} | {r['orm_p50']:.3f} | {r['orm_p95']:.3f} | {r['sql_p50']:.3f} | "
            f"{r['sql_p95']:.3f} | {ratio:.2f}× | ≤ {TARGET:g}× | {verdict} |"
        )
    return lines


def report(
    label: str, args: argparse.Namespace, marker: dict[str, Any], measured: list[Any]
) -> None:
    for case in measured:
        case.check()  # also loads the actor's grants once, as the first query of a request does
        queries = captured_sql(case.orm)
        expected = getattr(case, "queries", 1)
        if len(queries) != expected:
            raise SystemExit(f"{case.name}: expected {expected} queries, got {len(queries)}")
    if args.explain:
        for case in measured:
            print_plans(case)
    results = [(case.name, measure(case, args.iterations, args.warmup)) for case in measured]
    title = f"## Organisation tree — {args.db}"
    if label.endswith("collate-c"):
        title += ' (what-if: `path` with COLLATE "C", rolled back)'
    lines = [title, "", *environment(args.db, marker, args), "", *table(results)]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"{label}.md").write_text(text, encoding="utf-8")
    print(f"Written to {RESULTS_DIR / f'{label}.md'}.")


def setup(args: argparse.Namespace) -> dict[str, Any]:
    """Pick the benchmark database, set Django up, migrate, generate the tree once."""
    if args.db == "sqlite":
        configure_sqlite(args.regenerate)
    else:
        configure_postgresql(args.regenerate)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    check_target(args.db)
    call_command("migrate", verbosity=0, interactive=False)
    return ensure_data(args.db)


def tree_benchmark(args: argparse.Namespace, marker: dict[str, Any]) -> None:
    from bench.queries import cases, check_columns
    from lantoa.accounts.models import User
    from lantoa.orgs.models import Organisation

    check_columns()
    root = Organisation.objects.get(pk=marker["province_root_id"])
    actor = User.objects.get(pk=marker["user_id"])
    measured = cases(actor, root)
    variants: list[tuple[str, Any]] = [(args.db, contextlib.nullcontext())]
    if args.collate_c:
        if args.db != "postgresql":
            raise SystemExit("--collate-c applies to PostgreSQL only")
        variants.append((f"{args.db}-collate-c", collate_c_what_if()))
    for label, context in variants:
        with context:
            report(label, args, marker, measured)


def main(argv: list[str] | None = None) -> int:
    from bench import portal, registry, staff_http

    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument(
        "--suite",
        choices=["all", "tree", "registry", "portal", "staff"],
        default="all",
        help="the organisation tree, the registry (bench/registry.py), the portal "
        "(bench/portal.py), the staff pages through the server (bench/staff_http.py, its "
        "own databases per size), or all four (default)",
    )
    parser.add_argument("--regenerate", action="store_true", help="rebuild the generated data")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument(
        "--collate-c",
        action="store_true",
        help='PostgreSQL: also measure with path COLLATE "C" (in a rolled-back transaction)',
    )
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    registry.add_arguments(parser)
    portal.add_arguments(parser)
    staff_http.add_arguments(parser)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.suite == "staff":
        status = staff_http.parent(args)
        print(f"Done in {time.perf_counter() - started:.1f} s.")
        return status
    marker = setup(args)
    if args.suite in ("all", "tree"):
        tree_benchmark(args, marker)
    if args.suite in ("all", "registry"):
        portal.wipe_before_registry(args)  # publications would block the registry's wipe
        registry.run(args, marker)
    if args.suite in ("all", "portal"):
        portal.run(args, marker)
    status = 0
    if args.suite == "all":
        status = staff_http.parent(args)  # in child processes: one database per size
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    return status


if __name__ == "__main__":
    sys.exit(main())
