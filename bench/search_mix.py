"""The staff benchmark's searches, each asked once, in process: p50 / p95 per actor.

    python -m bench.search_mix postgresql 1000000 [--seed N] [--rounds 20] [--slow 100]
    python -m bench.search_mix postgresql 1000000 --database my_copy_of_the_bench

Picks the queries as `bench.staff_http` does (`staff_cases` and `api_cases` with a seed,
`--rounds` of each), for the commune and the province verifier, then asks each once
through the test client: `/staff/records/?q=…` with the actor's session and
`GET /api/v1/records?q=…` with its token. A repeated query is warm (the database's pages
and the caches), so every run should take a new seed (the default: the clock). Requests
are shuffled across cases, as the bench's rounds are. With `--slow MS`, each request
slower than that prints its SQL statements over 5 ms (to EXPLAIN them by hand).

Reads only: the bench database must exist (`bench.staff_data`); nothing is migrated,
generated or analysed here. Settings as `bench/staff_http.py` serves them (prod, no
debug); the cache is the Redis of `TOOL_REDIS` (default db 11).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser(prog="python -m bench.search_mix", description=__doc__)
    p.add_argument("db", choices=["sqlite", "postgresql"])
    p.add_argument("size", type=int)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--database", default="", help="PostgreSQL: another database's name")
    p.add_argument("--slow", type=float, default=0.0)
    p.add_argument("--cases", default="page,api")
    p.add_argument("--steps", action="store_true", help="SQL time per kind of statement")
    p.add_argument(
        "--buffers",
        action="store_true",
        help="PostgreSQL: shared buffers read (missed) and hit per request, from the "
        "database's statistics (meaningful on a database nobody else is using)",
    )
    p.add_argument(
        "--work",
        action="store_true",
        help="PostgreSQL: shared buffers each request's statements touch (hit + read), "
        "each run again under EXPLAIN (ANALYZE, BUFFERS) after the request: the work a "
        "search does, whatever the load and whoever else uses the database",
    )
    a = p.parse_args()

    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    from bench import run, staff_data

    os.environ.update(
        LANTOA_ENV="prod",
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SEARCH_INDEX_DIR=str(staff_data.BENCH_VAR / f"search-{staff_data.label(a.db, a.size)}"),
        LOG_LEVEL="ERROR",
        REDIS_URL=os.environ.get("TOOL_REDIS", "redis://127.0.0.1:6379/11"),
        DJANGO_SETTINGS_MODULE="lantoa.settings",
    )
    if a.db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(staff_data.sqlite_path(a.size))
    else:
        name = a.database or staff_data.pg_database(a.size)
        os.environ["DATABASE_URL"] = f"{run.DEFAULT_PG_URL.rsplit('/', 1)[0]}/{name}"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from bench.registry import read_marker
    from bench.staff_cases import Actors, api_cases, staff_cases
    from bench.staff_generate import MARKER_KEY, raw_token
    from lantoa.accounts.models import User
    from lantoa.orgs.models import Organisation

    translation.activate("vi")
    registry, staff = read_marker(), run.read_meta(MARKER_KEY)
    assert registry and staff, "no bench data in this database"
    fronts = {"commune-verifier": "commune_front_id", "province-verifier": "province_front_id"}
    actors = Actors(
        users={k: User.objects.get(pk=staff["users"][k]) for k in fronts},
        orgs={k: Organisation.objects.get(pk=registry[f]) for k, f in fronts.items()},
    )
    wanted = set(a.cases.split(","))
    requests: list[tuple[str, str, str]] = []  # (case, actor, path)
    for key in fronts:
        if "page" in wanted:
            for case in staff_cases(key, key, actors, a.rounds, a.seed):
                if case.search:
                    requests += [(f"{key} page", key, path) for path, _m in case.items]
        if "api" in wanted:
            for case in api_cases(key, key, actors, a.rounds, a.seed):
                if case.search and case.items[0][0].startswith("/api/v1/records?"):
                    requests += [(f"{key} API", key, path) for path, _m in case.items]
    random.Random(a.seed).shuffle(requests)

    clients = {}
    for key in fronts:
        page = Client(HTTP_ACCEPT_LANGUAGE="vi")
        page.force_login(actors.users[key])
        api = Client(HTTP_AUTHORIZATION=f"Bearer {raw_token(key, a.size)}")
        clients[f"{key} page"], clients[f"{key} API"] = page, api
        page.get("/staff/")  # imports, the session and the grants: not part of a search
        api.get("/api/v1/records?state=verified")

    times: dict[str, list[float]] = {}
    pages: dict[str, list[tuple[int, int]]] = {}  # case -> (read, hit) per request
    counted = a.buffers and connection.vendor == "postgresql"
    if counted:
        with connection.cursor() as cursor:
            cursor.execute("SET stats_fetch_consistency = none")
    steps: dict[str, dict[str, list[float]]] = {}  # case -> step -> ms per request
    work: dict[str, list[int]] = {}  # case -> buffers touched per request
    buffers = _buffers(connection) if counted else (0, 0)
    for case, _key, path in requests:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = clients[case].get(path)
            ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code)
        if counted:
            before = buffers
            buffers = _buffers(connection)
            pages.setdefault(case, []).append((buffers[0] - before[0], buffers[1] - before[1]))
        times.setdefault(case, []).append(ms)
        if a.work and connection.vendor == "postgresql":
            touched = sum(_touched(connection, q["sql"]) for q in captured.captured_queries)
            work.setdefault(case, []).append(touched)
        spent = {"(all SQL)": 0.0}
        for q in captured.captured_queries:
            step = _step(q["sql"])
            spent[step] = spent.get(step, 0.0) + float(q["time"]) * 1000
            spent["(all SQL)"] += float(q["time"]) * 1000
        for step, step_ms in spent.items():
            steps.setdefault(case, {}).setdefault(step, []).append(step_ms)
        if a.slow and ms > a.slow:
            print(f"-- {ms:.0f} ms {case} {path}")
            for q in captured.captured_queries:
                if float(q["time"]) * 1000 > 5:
                    touched = f" {_touched(connection, q['sql']):6} buf" if a.work else ""
                    print(f"   {float(q['time']) * 1000:7.1f} ms{touched}  {_short(q['sql'])}")
    load = os.getloadavg()[0]
    print(f"{a.db} {a.size:,} seed {a.seed}, load {load:.2f}")
    for case, ms in sorted(times.items()):
        ms.sort()
        p95 = run.percentile(ms, 95) if len(ms) > 1 else ms[0]
        print(
            f"  {case:24} n={len(ms):3}  p50 {statistics.median(ms):6.1f}  "
            f"p95 {p95:6.1f}  max {ms[-1]:6.1f} ms"
        )
        if pages.get(case):
            read = sorted(r for r, _h in pages[case])
            hit = sorted(h for _r, h in pages[case])
            print(
                f"      buffers read p50 {statistics.median(read):6.0f}  "
                f"p95 {run.percentile(read, 95):6.0f}  sum {sum(read):7}; "
                f"hit p50 {statistics.median(hit):6.0f}  p95 {run.percentile(hit, 95):6.0f}"
            )
        if work.get(case):
            touched = sorted(work[case])
            print(
                f"      buffers touched p50 {statistics.median(touched):7.0f}  "
                f"p95 {run.percentile(touched, 95):7.0f}  max {touched[-1]:7}"
            )
        if a.steps:
            for step, step_ms in sorted(steps[case].items()):
                print(
                    f"      {step:22} in {len(step_ms):3}  sum {sum(step_ms):7.1f}  "
                    f"max {max(step_ms):6.1f} ms"
                )
    return 0


def _buffers(connection: Any) -> tuple[int, int]:
    """The database's shared buffers read and hit so far, this session's included."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute(
            "SELECT blks_read, blks_hit FROM pg_stat_database WHERE datname = current_database()"
        )
        read, hit = cursor.fetchone()
    return int(read), int(hit)


def _touched(connection: Any, sql: str) -> int:
    """Shared buffers (hit + read) `sql` touches, run again under EXPLAIN; 0 for a
    statement that is not a read of the registry."""
    if not sql.startswith(("SELECT", "WITH")) or "exemplars_record" not in sql:
        return 0
    with connection.cursor() as cursor:
        # Without parameters the SQL goes as it is (no placeholders: `LIKE '/1/%'` stays).
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]["Plan"]
    return int(plan["Shared Hit Blocks"]) + int(plan["Shared Read Blocks"])


def _short(sql: str) -> str:
    """`sql` with its lists of ids written as their length (`IN (<1,493 ids>)`)."""
    return _ID_LIST.sub(lambda m: f"IN (<{m.group(1).count(',') + 1:,} ids>)", sql)


_ID_LIST = re.compile(r"IN \(([0-9]+(?:, [0-9]+){20,})\)")


def _step(sql: str) -> str:
    """What a statement of a search request does, by its shape."""
    if "search_record_keys(" in sql:
        return "probe"
    if sql.startswith("SELECT w.id, w.created_at FROM ("):
        return "window " + ("narrow" if "NOT (" not in sql.split(") w WHERE")[0] else "shared")
    if "search_tsv_matches(" in sql:
        return "scan, newest first"
    if '"search_tsv" @@' in sql:
        return "full-text index"
    if '"exemplars_record"."id" IN (' in sql and sql.count(",") > 60:
        return "probed ids"
    return "other"


if __name__ == "__main__":
    raise SystemExit(main())
