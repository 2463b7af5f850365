"""Staff benchmark: what officers wait for, measured through gunicorn at 300, 100,000 and
1,000,000 records (docs/performance.md, "Staff pages through the server").

    LANTOA_ENV=test python -m bench.run --db sqlite --suite staff [--sizes 300,100000]
    LANTOA_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        python -m bench.run --db postgresql --suite staff --sizes 300,100000

For each size a child process (`--child`) prepares that size's own database
(`bench/staff_data.py`), reads its files once as a running server holds them
(`bench/warm.py`), makes session cookies and API tokens for the bench users, serves
the app with gunicorn as in production (LANTOA_ENV=prod, a bench SECRET_KEY, a free loopback
port, a shared cache on the bench's own redis-server: no other Redis is touched) and
requests every case of `bench/staff_cases.py` in rounds, one request at a time, each round
in a new order. Any answer that is not a 200 carrying its page's marker fails the benchmark
(exit status 1). After the latency rounds, one export of the province verifier's whole list
runs with the real worker (the Procfile's line), polled through `GET /api/v1/jobs/{id}`:
seconds to the result and the progress percentages seen (`export_progress`). At 1M records
it also measures throughput under load (`bench/staff_load.py`) as a ratio to a bare
one-query Django view served beside the app (`bench/bare/`). The parent prints one table
per size with the issue's targets, the growth from 100,000 to 1M, and writes
bench/results/staff-<db>.md.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.run import BASE_DIR, RESULTS_DIR, percentile

BENCH_VAR = BASE_DIR / "var" / "bench"
SIZES = (300, 100_000, 1_000_000)
SECRET_KEY = "bench-only-secret-key-not-for-any-real-server-0123456789"
MAX_LOAD = 1.5
SLOW_MS = 1_000.0  # a case whose first requests take longer gets a third of the rounds
P99_TARGET_MS = 300.0
GROWTH = 2.0


@dataclass
class Sample:
    ms: list[float] = field(default_factory=list)
    size: list[int] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)


@dataclass
class Row:
    group: str
    name: str
    kind: str
    search: bool
    requests: int
    p50: float
    p95: float
    p99: float
    kb: float
    bad: list[str]
    note: str = ""


def summary(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        v = values[0] if values else float("nan")
        return v, v, v
    return statistics.median(values), percentile(values, 95), percentile(values, 99)


def verdict(row: Row, size: int) -> tuple[str, str]:
    """The target of the issue's "Must show" for this row at this size, and OK/FAIL."""
    if row.bad:
        return "200 + marker", "FAIL"
    if size <= 300:
        target, ok = "p95 ≤ 50", row.p95 <= 50
    elif row.kind == "public":
        return "–", ""
    elif row.search:
        target, ok = "p95 ≤ 150, p99 ≤ 300", row.p95 <= 150 and row.p99 <= P99_TARGET_MS
    else:
        target, ok = "p95 ≤ 100, p99 ≤ 300", row.p95 <= 100 and row.p99 <= P99_TARGET_MS
    if size < 1_000_000 and size > 300:
        target += " (at 1M)"
    return target, "OK" if ok else "FAIL"


# --- the child: one database, one server ---------------------------------------------------


def get(
    port: int, path: str, headers: dict[str, str], *, method: str = "GET", body: str | None = None
) -> tuple[int, bytes]:
    """One request on a new connection, as a browser behind a sync worker makes it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    if body is not None:
        headers = {**headers, "Content-Type": "application/json"}
    try:
        connection.request(method, path, body=body.encode() if body else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def measure_cases(
    port: int, cases: list[Any], auth: dict[str, dict[str, str]], rounds: int, seed: int
) -> dict[int, Sample]:
    rng = random.Random(seed)
    samples = {i: Sample() for i in range(len(cases))}
    slow: set[int] = set()

    def headers(case: Any) -> dict[str, str]:
        return auth.get(f"api:{case.auth}" if case.kind == "api" else case.auth, auth[""])

    for case in cases:  # one untimed request each: every worker imports lazily
        path, _marker = case.item(0)
        get(port, path, headers(case), method=case.method, body=case.body(0))
    for r in range(rounds):
        order = list(range(len(cases)))
        rng.shuffle(order)
        for i in order:
            if i in slow and r % 3:
                continue
            case = cases[i]
            path, marker = case.item(r)
            started = time.perf_counter()
            status, body = get(port, path, headers(case), method=case.method, body=case.body(r))
            ms = (time.perf_counter() - started) * 1000
            sample = samples[i]
            sample.ms.append(ms)
            sample.size.append(len(body))
            if status != case.status or marker.encode() not in body:
                sample.bad.append(f"{status} {path}")
            if r == 2 and statistics.median(sample.ms) > SLOW_MS:
                slow.add(i)
        print(f"  round {r + 1}/{rounds} done (load {os.getloadavg()[0]:.2f})", flush=True)
    return samples


EXPORT_TIMEOUT_S = 3600.0
EXPORT_POLL_S = 0.25


def drop_queued_exports() -> int:
    """The exports the latency rounds started were never meant to run: their tasks leave
    the queue and their jobs are marked failed (a task delivered anyway finds no queued
    job and does nothing). The bench's own database only."""
    from django_tasks_db.models import DBTaskResult

    from lantoa.exemplars.tasks import EXPORT_JOB_KIND
    from lantoa.jobs.models import Job, JobState

    path = "lantoa.exemplars.tasks.export_records"
    DBTaskResult.objects.ready().filter(task_path=path).delete()  # type: ignore[attr-defined]
    return Job.objects.filter(kind=EXPORT_JOB_KIND, state=JobState.QUEUED).update(
        state=JobState.FAILED, message="Started by the benchmark's latency rounds; not run."
    )


def export_progress(
    args: argparse.Namespace, port: int, headers: dict[str, str], actor: str
) -> dict[str, Any]:
    """One export of the whole list as `actor`, written by the real worker: the Procfile's
    `worker` line (honcho, as `make run` starts it) on this size's database, started and
    stopped here. Polls `GET /api/v1/jobs/{id}` and returns the seconds from the POST to the
    result, the answer's ms, and the distinct percentages seen on the way."""
    from bench.documents import Worker, wait_for
    from bench.staff_load import server_env

    dropped = drop_queued_exports()
    # The worker writes files, not pages: no cache to share (no Redis at all).
    env = {**server_env(args.db, args.size, ""), "MEDIA_ROOT": str(BENCH_VAR / "media-staff")}
    log = BENCH_VAR / f"worker-staff-{args.db}.log"
    launched = time.perf_counter()
    worker = Worker(env, log)
    try:
        # Ready once it says so (imports, checks and its start-up delay take seconds on a
        # busy machine): the time to the result is the export's, not the worker's start.
        wait_for(lambda: b"Starting worker" in log.read_bytes(), 300, "the worker to start")
        ready_s = time.perf_counter() - launched
        started = time.perf_counter()
        status, body = get(
            port,
            "/api/v1/records/exports",
            headers,
            method="POST",
            body=json.dumps({"format": "csv"}),
        )
        answer_ms = (time.perf_counter() - started) * 1000
        if status != 202:
            raise SystemExit(f"Starting the export answered {status}: {body[:300]!r}")
        job_id = json.loads(body)["id"]
        percents: list[int] = []
        state, message, polls = "queued", "", 0
        while state not in ("done", "failed"):
            if time.perf_counter() - started > EXPORT_TIMEOUT_S:
                raise SystemExit(f"The export job {job_id} did not finish in time.")
            time.sleep(EXPORT_POLL_S)
            status, body = get(port, f"/api/v1/jobs/{job_id}", headers)
            job = json.loads(body)
            state, message, polls = job["state"], job["message"], polls + 1
            if job["percent"] not in percents:
                percents.append(job["percent"])
        seconds = time.perf_counter() - started
    finally:
        worker.stop()
    return {
        "actor": actor,
        "answer_ms": answer_ms,
        "seconds": seconds,
        "state": state,
        "message": message,
        "percents": percents,
        "polls": polls,
        "dropped": dropped,
        "worker_ready_s": ready_s,
    }


def export_ok(export: dict[str, Any], size: int) -> bool:
    between = [p for p in export["percents"] if 0 < p < 100]
    return bool(export["state"] == "done" and (size < 100_000 or between))


def export_lines(export: dict[str, Any], size: int) -> list[str]:
    """The export run's lines under a size's table, with its verdict: done, and at 100,000
    records and more, progress seen between 0 and 100 %."""
    ok = export_ok(export, size)
    seen = ", ".join(f"{p} %" for p in export["percents"])
    return [
        "",
        f"Export as a job ({export['actor']}, CSV of the whole list, the Procfile's worker): "
        f"started in {export['answer_ms']:,.1f} ms, result after {export['seconds']:,.1f} s "
        f"({export['state']}: {export['message']}); progress seen: {seen} "
        f"({export['polls']} polls every {EXPORT_POLL_S:g} s; the worker was ready "
        f"{export.get('worker_ready_s', float('nan')):,.1f} s after its start) — "
        f"{'OK' if ok else 'FAIL'} (done, with progress before 100 % at 100,000 records "
        "and more).",
    ]


def sessions(users: dict[str, int]) -> dict[str, str]:
    """A signed-in session per bench user, as `login()` stores it, under the server's key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from lantoa.accounts.models import User

    settings.SECRET_KEY = SECRET_KEY  # the server's: session hashes and signatures use it
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = {}
    for key, pk in users.items():
        user = User.objects.get(pk=pk)
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[key] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    return cookies


def public_cases(rounds: int, seed: int) -> list[Any]:
    """Story and search pages, on a cache hit (a few paths, warmed) and a miss (paths asked
    once); a search that matches nothing gives the cost of the page without its cards."""
    from django.utils.translation import gettext as _

    from bench.staff_cases import Case, _h1, distinct_queries
    from lantoa.exemplars.models import Publication
    from lantoa.exemplars.stories.live import live_publications
    from lantoa.portal.views.common import story_path

    rng = random.Random(f"{seed}-public")
    ids = list(live_publications().order_by("pk").values_list("pk", flat=True))
    picked = rng.sample(ids, min(len(ids), rounds + 5))
    stories = list(Publication.objects.filter(pk__in=picked).only("pk", "title"))
    story_items = [(story_path(s), _h1(s.title)) for s in stories]
    hit, miss = story_items[:5], story_items[5:] or story_items
    titles = list(live_publications().values_list("title", flat=True)[:5000])
    queries = distinct_queries(titles, rounds, rng)  # words of the stories: pages of cards
    search_h1 = _h1(_("Search the stories"))
    topics = ["hiến máu", "cứu người", "nhặt được ví"]
    cases = [
        Case("public", "story page, cache hit", hit, kind="public"),
        Case("public", "story page, cache miss", miss, kind="public"),
        Case(
            "public",
            "search, cache hit",
            [(f"/tim-kiem/?q={quote(t)}", search_h1) for t in topics],
            kind="public",
            search=True,
        ),
        Case(
            "public",
            "search, cache miss (2–3 words of a title, asked once)",
            [(f"/tim-kiem/?q={quote(q)}", search_h1) for q in queries[:rounds]]
            or [("/tim-kiem/?q=a", search_h1)],
            kind="public",
            search=True,
        ),
        Case(
            "public",
            "search, cache miss, no story matches",
            [(f"/tim-kiem/?q=zq{rng.randrange(10**9)}x", search_h1) for _ in range(rounds)],
            kind="public",
            search=True,
        ),
    ]
    return cases


def card_cost(repeat: int = 30) -> dict[str, float]:
    """A public list's cost per story card on a cache miss, in process: building the cards
    (`story_cards` + links) and drawing them (`views.common.draw_card`, without the memo),
    for a page of 20 live stories; median µs per card."""
    from lantoa.exemplars.stories import public as public_stories
    from lantoa.exemplars.stories.live import live_publications
    from lantoa.portal.views.common import draw_card, with_links

    stories = list(live_publications().order_by("-pk")[:20])
    build: list[float] = []
    render: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        cards = with_links(public_stories.story_cards(stories))
        built = time.perf_counter()
        for card in cards:
            draw_card(card, "h2")
        build.append((built - started) * 1e6 / len(stories))
        render.append((time.perf_counter() - built) * 1e6 / len(stories))
    return {"cards": len(stories), "build_us": statistics.median(build),
            "render_us": statistics.median(render)}  # fmt: skip


def child(args: argparse.Namespace) -> int:
    from bench import staff_data

    # Stopped with SIGTERM, the servers still stop (the `finally` of `gunicorn`).
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))

    markers = staff_data.prepare(args.db, args.size, args.regenerate)
    if args.generate_only:
        return 0
    from django.utils import translation

    from bench.portal import wait_for_quiet
    from bench.staff_cases import Actors, admin_cases, api_cases, export_cases, staff_cases
    from bench.staff_generate import raw_token
    from bench.staff_load import gunicorn, throughput
    from lantoa.accounts.models import User
    from lantoa.orgs.models import Organisation

    translation.activate("vi")
    users = markers["staff"]["users"]
    registry = markers["registry"]
    actors = Actors(
        users={k: User.objects.get(pk=pk) for k, pk in users.items()},
        orgs={
            "commune-verifier": Organisation.objects.get(pk=registry["commune_front_id"]),
            "province-verifier": Organisation.objects.get(pk=registry["province_front_id"]),
            "commune-admin": Organisation.objects.get(pk=registry["commune_front_id"]),
            "province-admin": Organisation.objects.get(pk=registry["province_front_id"]),
        },
    )
    rounds, seed = args.rounds, args.seed
    cases = [
        *staff_cases("commune-verifier", "commune verifier", actors, rounds, seed),
        *staff_cases("province-verifier", "province verifier", actors, rounds, seed),
        *admin_cases("commune-admin", "commune org admin", actors, rounds, seed),
        *admin_cases("province-admin", "province org admin", actors, rounds, seed),
        *api_cases("commune-verifier", "commune verifier (API)", actors, rounds, seed),
        *api_cases("province-verifier", "province verifier (API)", actors, rounds, seed),
        *export_cases("commune-verifier", "commune verifier (API)", rounds, seed),
        *export_cases("province-verifier", "province verifier (API)", rounds, seed),
        *public_cases(rounds, seed),
    ]
    base_headers = {"Host": "127.0.0.1", "Accept-Language": "vi", "User-Agent": "lantoa-bench"}
    auth: dict[str, dict[str, str]] = {"": base_headers}
    for key, cookie in sessions(users).items():
        auth[key] = {**base_headers, "Cookie": cookie}
        auth[f"api:{key}"] = {
            **base_headers,
            "Authorization": f"Bearer {raw_token(key, args.size)}",
        }
    # As a running server holds them: the database's files in the operating system's
    # cache (bench/warm.py), read before the wait for a quiet machine.
    from django.db import connection

    from bench.warm import warm_os_cache

    read, seconds = warm_os_cache(connection)
    print(f"Read the database's files once ({read / 1e9:.1f} GB in {seconds:.1f} s).", flush=True)
    # The issue measures on a quiet machine: wait for the load of preparing the data (or
    # of the previous size's throughput run) to fall before measuring.
    load_before = wait_for_quiet(MAX_LOAD, args.quiet_patience)
    result: dict[str, Any] = {"db": args.db, "size": args.size, "load_before": load_before}
    if args.throughput_only:
        result["throughput"] = throughput(args, cases, auth)
        Path(args.out).write_text(json.dumps(result), encoding="utf-8")
        return 0
    with gunicorn(args.db, args.size, args.staff_workers, beside=()) as ports:
        port = ports["app"]
        print(f"Measuring {len(cases)} cases × {rounds} rounds on port {port}…", flush=True)
        for case in cases:  # fill the page cache of the hit cases in every worker
            if case.name.endswith("cache hit"):
                for _ in range(4 * args.staff_workers):
                    for path, _m in case.items:
                        get(port, path, base_headers)
        samples = measure_cases(port, cases, auth, rounds, seed)
        result["load_after"] = os.getloadavg()[0]
        print("Exporting the province verifier's list with the worker running…", flush=True)
        result["export"] = export_progress(
            args, port, auth["api:province-verifier"], "province verifier"
        )
    rows = []
    for i, case in enumerate(cases):
        s = samples[i]
        p50, p95, p99 = summary(s.ms)
        rows.append(
            Row(
                case.group,
                case.name,
                case.kind,
                case.search,
                len(s.ms),
                p50,
                p95,
                p99,
                statistics.median(s.size) / 1024 if s.size else 0,
                s.bad[:3],
            )
        )
    result["rows"] = [asdict(r) for r in rows]
    result["bad"] = sum(len(samples[i].bad) for i in samples)
    if not export_ok(result["export"], args.size):
        result["bad"] += 1
    result["data"] = {
        "records": registry["records"], "subjects": registry["subjects"],
        "stories": markers["portal"]["stories"], "steps": markers["staff"]["steps"],
        "events": markers["staff"]["events"],
    }  # fmt: skip
    result["card"] = card_cost()
    # The list's plans for every role and filter, on this size's database (part 3: FAIL when
    # a plan scans the records table or reads more than 10,000 of its rows for a page).
    from bench import registry_plans

    # Below 100,000 records a sequential scan of the table is the planner's right choice.
    plans = registry_plans.check(registry) if args.size >= 100_000 else []
    result["plans"] = registry_plans.table(plans) if plans else []
    result["bad"] += sum(not plan.ok for plan in plans)
    if args.size >= 1_000_000 or args.throughput:
        result["throughput"] = throughput(args, cases, auth)
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- the parent: sizes, tables --------------------------------------------------------------


def fmt(value: float) -> str:
    return "–" if value != value else f"{value:,.1f}"


def size_table(result: dict[str, Any], growth_from: dict[str, Any] | None) -> list[str]:
    size = result["size"]
    d = result["data"]
    lines = [
        f"### {result['db']} · {size:,} records",
        "",
        f"{d['records']:,} records, {d['subjects']:,} subjects, {d['stories']:,} published "
        f"stories, {d['steps']:,} steps and {d['events']:,} audit events in the measured "
        f"province. Load average (1 min) {result['load_before']:.2f} before, "
        f"{result['load_after']:.2f} after.",
        "",
        "| who | page | n | p50 ms | p95 ms | p99 ms | KB | target | result |"
        + (" growth p50 (≤ 2× of 100k) |" if growth_from else ""),
        "|---|---|---:|---:|---:|---:|---:|---|---|" + ("---|" if growth_from else ""),
    ]
    before = {(r["group"], r["name"]): r for r in (growth_from or {}).get("rows", [])}
    for r in result["rows"]:
        row = Row(**r)
        target, ok = verdict(row, size)
        line = (
            f"| {row.group} | {html.escape(row.name)} | {row.requests} | {fmt(row.p50)} | "
            f"{fmt(row.p95)} | {fmt(row.p99)} | {row.kb:,.1f} | {target} | {ok} |"
        )
        if growth_from:
            old = before.get((row.group, row.name))
            if old and old["p50"] > 0:
                ratio = row.p50 / old["p50"]
                line += f" {ratio:.2f}× {'OK' if ratio <= GROWTH else 'FAIL'} |"
            else:
                line += " – |"
        lines.append(line)
        if row.bad:
            bad = html.escape("; ".join(row.bad))
            lines.append(f"| | ↳ not a 200 with its marker: {bad} | | | | | | | |")
    if "export" in result:
        lines += export_lines(result["export"], size)
    if "card" in result:
        c = result["card"]
        lines += [
            "",
            f"Story card on a cache miss, in process ({c['cards']} cards): building "
            f"{c['build_us']:,.0f} µs and rendering {c['render_us']:,.0f} µs per card.",
        ]
    if "plans" in result:
        lines += [
            "",
            *["#" + line if line.startswith("### ") else line for line in result["plans"]],
        ]
    if "throughput" in result:
        from bench.staff_load import throughput_table

        lines += ["", *throughput_table(result["throughput"])]
    return lines


def parent(args: argparse.Namespace) -> int:
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    results: dict[int, dict[str, Any]] = {}
    failed = 0
    for size in sizes:
        out = BENCH_VAR / f"staff-{args.db}-{size}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "bench.staff_http",
            "--child",
            "--db",
            args.db,
            "--size",
            str(size),
            "--out",
            str(out),
            "--rounds",
            str(args.rounds),
            "--staff-workers",
            str(args.staff_workers),
            "--seed",
            str(args.seed),
            "--quiet-patience",
            str(args.quiet_patience),
        ]
        command += ["--regenerate"] if args.regenerate else []
        command += ["--generate-only"] if args.generate_only else []
        command += ["--throughput"] if args.throughput else []
        print(f"== {args.db}, {size:,} records ==", flush=True)
        if not args.from_json:
            out.unlink(missing_ok=True)
            if subprocess.run(command, cwd=BASE_DIR).returncode != 0:
                raise SystemExit(f"The {size:,}-record run failed.")
        if not args.generate_only:
            results[size] = json.loads(out.read_text(encoding="utf-8"))
            failed += results[size]["bad"]
    if args.generate_only:
        return 0
    lines = [f"## Staff pages through the server — {args.db}", ""]
    for size in sizes:
        growth = results.get(100_000) if size == 1_000_000 else None
        lines += [*size_table(results[size], growth), ""]
    if failed:
        lines.append(
            f"**{failed} measured answers were not a 200 (202 for an export) with their marker, "
            "or an export run or a list's plan failed: the benchmark FAILS.**"
        )
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    RESULTS_DIR.mkdir(exist_ok=True)
    name = "staff-" + args.db + ("" if sizes == list(SIZES) else "-" + "-".join(map(str, sizes)))
    (RESULTS_DIR / f"{name}.md").write_text(text, encoding="utf-8")
    print(f"Written to {RESULTS_DIR / f'{name}.md'}.")
    return 1 if failed else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--sizes", default=",".join(map(str, SIZES)), help="record counts, comma-separated")
    add("--rounds", type=int, default=40, help="requests per case (one per round)")
    add("--seed", type=int, default=20261206)
    add("--generate-only", action="store_true", help="prepare the databases, measure nothing")
    add("--throughput", action="store_true", help="also measure throughput below 1M records")
    add("--from-json", action="store_true", help="print the tables of the last runs again")
    add("--throughput-only", action="store_true", help=argparse.SUPPRESS)
    add("--staff-workers", dest="staff_workers", type=int, default=5, help="gunicorn workers")
    add(
        "--quiet-patience",
        dest="quiet_patience",
        type=float,
        default=240.0,
        help=f"seconds to wait, before each measurement, for the load to fall under {MAX_LOAD}",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.staff_http", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--wrk-seconds", type=int, default=5, help="seconds per throughput round")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    sys.exit(main())
