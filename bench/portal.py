"""Portal benchmark: public search and story pages on 100,000 published stories.

    LANTOA_ENV=test python -m bench.run --db sqlite --suite portal
    LANTOA_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        python -m bench.run --db postgresql --suite portal

Same databases as the other suites (var/bench/bench.sqlite3, `lantoa_bench`). The stories
are published from the registry suite's generated records (`bench/portal_generate.py`;
the registry is generated first when missing), once, and reused while the marker
(`bench_meta` key `portal`) matches. The story index is built by the real code
(`rebuild_story_index`) under var/bench/search-<db>/, never in the developer's index.

Two parts:

1. In process, through the whole Django stack (`django.test.Client`, the production
   middleware, DEBUG off): public search for names and for common topics, with the search
   engine's own time (the view's `Server-Timing` header) and the database's time beside
   it; the story page. Each request is a cache miss: the page cache is cleared before it.
   Targets: search p95 ≤ 50 ms, story p95 ≤ 30 ms.
2. Throughput: gunicorn with LANTOA_ENV=prod on 127.0.0.1, `wrk -t2 -c16` against
   `/healthz`, story pages and searches (rotating paths, a Lua script under var/bench/).
   Targets: story ≥ 0.5× and search ≥ 0.3× the trivial endpoint's requests per second.

A miss prints FAIL; the exit status stays 0. The tables go to bench/results/portal-<db>.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.run import forget_meta, read_meta, write_meta

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_VAR = BASE_DIR / "var" / "bench"
DEFAULT_STORIES = 100_000
PORTAL_VERSION = 1  # bump when portal_generate.py changes shape
MARKER_KEY = "portal"
SEARCH_TARGET_MS = 50.0
STORY_TARGET_MS = 30.0
STORY_RATIO = 0.5
SEARCH_RATIO = 0.3
TOPICS = ("hiến máu", "hien mau", "cứu người", "cuu nguoi")
NAMES = 60  # distinct full names rotated through
STORY_PATHS = 1_000  # distinct stories rotated through
REDIS_URL = "redis://127.0.0.1:6379/15"  # the bench's own Redis database, flushed at start


def index_dir(db: str) -> Path:
    return BENCH_VAR / f"search-{db}"


def use_bench_index(db: str) -> None:
    """Point the story index at var/bench/ (settings are read at each use)."""
    from django.conf import settings

    settings.SEARCH_INDEX_DIR = index_dir(db)


# --- data ---------------------------------------------------------------------------------


def read_marker() -> dict[str, Any] | None:
    return read_meta(MARKER_KEY)


def _registry_fingerprint(marker: dict[str, Any]) -> dict[str, Any]:
    return {key: marker.get(key) for key in ("version", "records", "subjects", "seconds")}


def wipe_before_registry(args: argparse.Namespace) -> None:
    """Remove the published stories if the registry suite is about to regenerate its records:
    its wipe cannot delete records that publications (and their shares) still reference."""
    from django.db import transaction

    from bench import portal_generate, registry
    from lantoa.exemplars.models import Publication

    current = registry.read_marker()
    if (
        current is not None
        and current.get("version") == registry.REGISTRY_VERSION
        and current.get("records") == args.records
    ):
        return
    if not Publication.objects.exists():
        return
    print("The registry will be regenerated: removing the published stories first.")
    marker = read_marker()
    with transaction.atomic():
        portal_generate.wipe(marker.get("publisher_id") if marker else None)
        forget_meta(MARKER_KEY)
    shutil.rmtree(index_dir(args.db), ignore_errors=True)


def ensure_portal(args: argparse.Namespace, tree_marker: dict[str, Any]) -> dict[str, Any]:
    from django.db import transaction

    from bench import portal_generate, registry
    from lantoa.exemplars.models import Publication
    from lantoa.exemplars.publishing import live_publications
    from lantoa.search import public_index
    from lantoa.search.public import rebuild_story_index

    wipe_before_registry(args)
    registry_marker = registry.ensure_registry(args.records, tree_marker)
    fingerprint = _registry_fingerprint(registry_marker)
    marker = read_marker()
    fresh = (
        marker is not None
        and marker.get("version") == PORTAL_VERSION
        and marker.get("stories") == args.stories
        and marker.get("registry") == fingerprint
        and live_publications().count() == args.stories
    )
    if fresh:
        assert marker is not None
        print(f"Reusing published stories ({marker['stories']:,}).")
    else:
        if marker is not None or Publication.objects.exists():
            print("Stale portal data in the benchmark database: removing it.")
            with transaction.atomic():
                portal_generate.wipe(marker.get("publisher_id") if marker else None)
                forget_meta(MARKER_KEY)
        shutil.rmtree(index_dir(args.db), ignore_errors=True)
        print(f"Publishing {args.stories:,} stories (first run only)…")
        with transaction.atomic():
            marker = {
                "version": PORTAL_VERSION,
                **portal_generate.generate(args.stories),
                "registry": fingerprint,
            }
            write_meta(MARKER_KEY, marker)
        portal_generate.check_against_publish_record(marker["publisher_id"])
        print("  checked against publish_record: same rows")
    use_bench_index(args.db)
    if not public_index.is_built():
        print(f"Building the story index under {index_dir(args.db)}…")
        started = time.perf_counter()
        count = rebuild_story_index()
        print(f"  indexed {count:,} stories in {time.perf_counter() - started:.1f} s")
    return marker


# --- in-process measurement ---------------------------------------------------------------


@dataclass
class PageCase:
    name: str
    paths: list[str]
    target_ms: float
    search: bool = False
    results: list[int] = field(default_factory=list)  # matches per search


@dataclass
class Timings:
    stack: list[float] = field(default_factory=list)
    engine: list[float] = field(default_factory=list)
    db: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)


SERVER_TIMING = re.compile(r"search;dur=([0-9.]+)")


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


@contextmanager
def db_timer(into: list[float]) -> Iterator[None]:
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            into.append((time.perf_counter_ns() - started) / 1e6)

    with connection.execute_wrapper(wrapper):
        yield


def request_once(client: Any, case: PageCase, path: str, timings: Timings | None) -> Any:
    from django.core.cache import cache

    cache.clear()  # every request renders: the page cache would otherwise answer repeats
    spent: list[float] = []
    with db_timer(spent):
        started = time.perf_counter_ns()
        response = client.get(path)
        elapsed = (time.perf_counter_ns() - started) / 1e6
    if response.status_code != 200:
        raise SystemExit(f"{case.name}: {path} answered {response.status_code}")
    if timings is not None:
        timings.stack.append(elapsed)
        timings.db.append(sum(spent))
        timings.queries.append(len(spent))
        if case.search:
            found = SERVER_TIMING.search(response.get("Server-Timing", ""))
            if found is None:
                raise SystemExit("The search view sent no Server-Timing header.")
            timings.engine.append(float(found.group(1)))
    return response


def measure(client: Any, case: PageCase, iterations: int, warmup: int) -> Timings:
    paths = case.paths
    for i in range(warmup):
        request_once(client, case, paths[i % len(paths)], None)
    gc.collect()
    timings = Timings()
    for i in range(iterations):
        request_once(client, case, paths[(warmup + i) % len(paths)], timings)
    return timings


def page_cases(rng: random.Random) -> list[PageCase]:
    from lantoa.core.text import fold
    from lantoa.exemplars.models import Publication
    from lantoa.exemplars.publishing import live_publications
    from lantoa.portal.views_common import story_path

    full = list(
        live_publications()
        .filter(name_display=Publication.NameDisplay.FULL, display_name__contains=" ")
        .order_by()
        .values_list("display_name", flat=True)
        .distinct()[:5000]
    )
    names = rng.sample(sorted(set(full)), min(NAMES, len(set(full))))
    count = live_publications().count()
    ids = list(live_publications().order_by("pk").values_list("pk", flat=True))
    picked = rng.sample(ids, min(STORY_PATHS, count))
    stories = Publication.objects.filter(pk__in=picked).only("pk", "title")
    story_paths = [story_path(s) for s in stories]
    rng.shuffle(story_paths)

    def search_path(q: str) -> str:
        return f"/tim-kiem/?q={quote(q)}"

    cases = [
        PageCase(
            "search: full names, as written",
            [search_path(n) for n in names],
            SEARCH_TARGET_MS,
            search=True,
        ),
        PageCase(
            "search: full names, no diacritics",
            [search_path(fold(n)) for n in names],
            SEARCH_TARGET_MS,
            search=True,
        ),
    ]
    for topic in TOPICS:
        cases.append(PageCase(f"search: “{topic}”", [search_path(topic)], SEARCH_TARGET_MS, True))
    cases.append(PageCase("story page", story_paths, STORY_TARGET_MS))
    return cases


def matches(case: PageCase) -> str:
    """How many stories the case's queries match (from the engine, for the table)."""
    from urllib.parse import parse_qs, urlsplit

    from lantoa.search.public import search_stories

    totals = [
        search_stories(parse_qs(urlsplit(p).query)["q"][0], per_page=20).total
        for p in case.paths[:20]
    ]
    if len(set(totals)) == 1:
        return f"{totals[0]:,}"
    return f"{min(totals):,}–{max(totals):,}"


# --- throughput ---------------------------------------------------------------------------


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (make bench does it).")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(db: str) -> dict[str, str]:
    """Production settings with bench-only secrets, on the benchmark database and index."""
    from django.db import connection

    env = {
        **os.environ,
        "LANTOA_ENV": "prod",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-any-real-server-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SEARCH_INDEX_DIR": str(index_dir(db)),
        "LOG_LEVEL": "ERROR",
    }
    if db == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(connection.settings_dict["NAME"])
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
        if s.get("PASSWORD"):
            env["PGPASSWORD"] = str(s["PASSWORD"])
    return env


@contextmanager
def gunicorn(db: str, workers: int, cache_url: str, *, persistent: bool = False) -> Iterator[str]:
    """A production-style server on a free port; `persistent`: what-if the workers kept their
    database connection between requests (CONN_MAX_AGE=None; SQLite only, PostgreSQL pools)."""
    port = free_port()
    env = server_env(db)
    if cache_url:
        env["REDIS_URL"] = cache_url
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "lantoa.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--chdir",
        str(BASE_DIR),
    ]
    if persistent:
        config = BENCH_VAR / "gunicorn-persistent.py"
        config.write_text(PERSISTENT_CONFIG, encoding="utf-8")
        command += ["--config", str(config)]
    log = (BENCH_VAR / f"gunicorn-{db}.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start: see {log.name}")
            time.sleep(0.2)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def warm(base: str, paths: list[str]) -> None:
    """Request each path once, four at a time (the page cache fills as real traffic fills it)."""
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> None:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(get, paths))


def default_cache_url() -> str:
    """The bench's Redis database when a Redis answers on loopback (production's cache)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"SELECT 15\r\nFLUSHDB\r\n")
            reply = sock.recv(64)
    except OSError:
        return ""
    return REDIS_URL if reply.startswith(b"+OK") else ""


PERSISTENT_CONFIG = """# Generated by bench/portal.py: what-if persistent database connections.
def post_worker_init(worker):
    from django.db import connections

    connections["default"].settings_dict["CONN_MAX_AGE"] = None
"""

LUA = """-- Generated by bench/portal.py: each request picks a random path from the list.
local paths = {%s}
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
init = function(args)
  math.randomseed(os.time() * 7 + seed)
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def lua_script(name: str, paths: list[str]) -> Path:
    path = BENCH_VAR / f"wrk-{name}.lua"
    path.write_text(LUA % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
    return path


@dataclass
class WrkResult:
    rps: float
    p50: float
    p99: float
    requests: int
    errors: str


def _ms(text: str) -> float:
    found = re.match(r"([0-9.]+)(us|ms|s|m)$", text)
    if found is None:
        return float("nan")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_wrk(base: str, script: Path, seconds: int) -> WrkResult:
    command = [wrk_binary(), "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(script),
               base + "/"]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    (BENCH_VAR / f"{script.stem}.txt").write_text(output)

    def field(pattern: str) -> str:
        found = re.search(pattern, output, re.MULTILINE)
        if found is None:
            raise SystemExit(f"Unexpected wrk output:\n{output}")
        return found.group(1)

    problems = []
    for pattern in (r"Non-2xx or 3xx responses: \d+", r"Socket errors: [^\n]+"):
        found = re.search(pattern, output)
        if found:
            problems.append(found.group(0))
    return WrkResult(
        rps=float(field(r"Requests/sec:\s+([0-9.]+)")),
        p50=_ms(field(r"^\s+50%\s+(\S+)")),  # the latency distribution, not "+/- Stdev"
        p99=_ms(field(r"^\s+99%\s+(\S+)")),
        requests=int(field(r"(\d+) requests in")),
        errors="; ".join(problems),
    )


def cold_paths(rng: random.Random) -> tuple[list[str], list[str]]:
    """Paths that are (almost) never asked twice in a run: 20,000 stories, and the shown
    names of 5,000 stories, with and without diacritics."""
    from lantoa.core.text import fold
    from lantoa.exemplars.models import Publication
    from lantoa.exemplars.publishing import live_publications
    from lantoa.portal.views_common import story_path

    ids = list(live_publications().order_by("pk").values_list("pk", flat=True))
    picked = rng.sample(ids, min(20_000, len(ids)))
    stories = [story_path(s) for s in Publication.objects.filter(pk__in=picked).only("pk", "title")]
    names = sorted(
        set(
            live_publications()
            .filter(name_display=Publication.NameDisplay.FULL, display_name__contains=" ")
            .order_by()
            .values_list("display_name", flat=True)[:20_000]
        )
    )
    names = rng.sample(names, min(5_000, len(names)))
    searches = [f"/tim-kiem/?q={quote(q)}" for n in names for q in (n, fold(n))]
    rng.shuffle(stories)
    rng.shuffle(searches)
    return stories, searches


def combine(runs: list[WrkResult]) -> WrkResult:
    """Rounds of one endpoint as one result: requests over the total time; latency
    percentiles as the median of the rounds'."""
    requests = sum(r.requests for r in runs)
    seconds = sum(r.requests / r.rps for r in runs if r.rps)
    return WrkResult(
        rps=requests / seconds if seconds else 0.0,
        p50=statistics.median(r.p50 for r in runs),
        p99=statistics.median(r.p99 for r in runs),
        requests=requests,
        errors="; ".join(r.errors for r in runs if r.errors),
    )


@dataclass
class Load:
    key: str
    label: str
    paths: list[str]
    target: float | None = None
    warm: bool = True  # request every path once before measuring
    persistent: bool = False


def throughput(
    args: argparse.Namespace, cases: list[PageCase]
) -> tuple[list[str], dict[str, WrkResult]]:
    names = [c for c in cases if c.name.startswith("search: full names")]
    search_paths = [p for c in names for p in c.paths]
    # The four topics weigh as much as the 120 names together: they are the common queries.
    search_paths += [c.paths[0] for c in cases if c.search and len(c.paths) == 1] * 30
    story = next(c for c in cases if c.name == "story page")
    cold_stories, cold_searches = cold_paths(random.Random(5))
    loads = [
        Load("trivial", "trivial · `/healthz`", ["/healthz"]),
        Load("story", "story page · `/guong-sang/<id>-<slug>/`", story.paths, STORY_RATIO),
        Load("search", "search · `/tim-kiem/?q=`", search_paths, SEARCH_RATIO),
        Load("story-cold", "story page, cold: 20,000 stories, no warm-up pass", cold_stories,
             warm=False),
        Load("search-cold", "search, cold: 10,000 distinct name queries, no warm-up pass",
             cold_searches, warm=False),
    ]  # fmt: skip
    if args.db == "sqlite":
        loads += [
            Load("story-persistent", "story page, what-if persistent DB connections",
                 story.paths, persistent=True),
            Load("search-persistent", "search, what-if persistent DB connections",
                 search_paths, persistent=True),
        ]  # fmt: skip
    results: dict[str, WrkResult] = {}
    for persistent in (False, True):
        todo = [load for load in loads if load.persistent == persistent]
        if not todo:
            continue
        if args.cache_url:
            default_cache_url()  # flush: each server starts with an empty page cache
        with gunicorn(args.db, args.workers, args.cache_url, persistent=persistent) as base:
            # The compared endpoints take turns in short rounds, so that other work on the
            # machine (a test run starting) weighs on all of them alike.
            compared = [load for load in todo if load.warm]
            scripts = {load.key: lua_script(load.key, load.paths) for load in todo}
            for load in sorted(compared, key=lambda load: len(set(load.paths))):
                warm(base, sorted(set(load.paths)))  # each page rendered once
            for load in compared:
                run_wrk(base, scripts[load.key], args.wrk_warmup)  # every worker connected
            rounds: dict[str, list[WrkResult]] = {load.key: [] for load in compared}
            for _ in range(args.wrk_rounds):
                for load in compared:
                    seconds = max(1, args.wrk_seconds // args.wrk_rounds)
                    rounds[load.key].append(run_wrk(base, scripts[load.key], seconds))
            for key, runs in rounds.items():
                results[key] = combine(runs)
                print(f"  {key}: {results[key].rps:,.0f} req/s", flush=True)
            for load in todo:
                if not load.warm:
                    run_wrk(base, scripts[load.key], args.wrk_warmup)
                    results[load.key] = run_wrk(base, scripts[load.key], args.wrk_seconds)
                    print(f"  {load.key}: {results[load.key].rps:,.0f} req/s", flush=True)
    trivial = results["trivial"].rps
    lines = [
        "| endpoint | paths rotated | req/s | p50 ms | p99 ms | requests | ratio to trivial "
        "| target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for load in loads:
        r = results[load.key]
        ratio = r.rps / trivial
        target = load.target
        verdict = "" if target is None else ("OK" if ratio >= target else "FAIL")
        if r.errors:
            verdict += f" ({r.errors})"
        lines.append(
            f"| {load.label} | {len(set(load.paths)):,} | {r.rps:,.0f} | {r.p50:.1f} | "
            f"{r.p99:.1f} | {r.requests:,} | {ratio:.2f}× | "
            f"{'' if target is None else f'≥ {target:g}×'} | {verdict} |"
        )
    return lines, results


# --- report -------------------------------------------------------------------------------


def other_benchmarks() -> list[str]:
    """Benchmarks of other people running on this machine (`python -m bench.…`)."""
    mine = {os.getpid(), os.getppid()}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in mine:
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if (
            b"-m" in argv
            and any(a.startswith(b"bench.") for a in argv)
            and b"timeout" not in argv[0]
        ):
            found.append(" ".join(a.decode(errors="replace") for a in argv if a))
    return found


def wait_for_quiet(max_load: float, patience: float) -> float:
    """Wait (up to `patience` s) for the 1-minute load average to fall under `max_load` and
    for other benchmarks to finish: measuring together spoils both."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        load, others = os.getloadavg()[0], other_benchmarks()
        if load <= max_load and not others:
            break
        reason = f"another benchmark runs ({others[0][:60]})" if others else "busy"
        print(f"  load average {load:.2f}, {reason}: waiting…", flush=True)
        time.sleep(15)
    return os.getloadavg()[0]


def in_process_table(measured: list[tuple[PageCase, Timings, str]]) -> list[str]:
    lines = [
        "| request | matches | queries | stack p50 | stack p95 | engine p50 | engine p95 "
        "| DB p95 | target | result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for case, t, found in measured:
        p95 = percentile(t.stack, 95)
        queries = sorted(set(t.queries))
        engine = (
            (f"{statistics.median(t.engine):.2f}", f"{percentile(t.engine, 95):.2f}")
            if t.engine
            else ("–", "–")
        )
        lines.append(
            f"| {case.name} | {found} | {'/'.join(map(str, queries))} | "
            f"{statistics.median(t.stack):.2f} | {p95:.2f} | {engine[0]} | {engine[1]} | "
            f"{percentile(t.db, 95):.2f} | ≤ {case.target_ms:g} ms | "
            f"{'OK' if p95 <= case.target_ms else 'FAIL'} |"
        )
    return lines


def run(args: argparse.Namespace, tree_marker: dict[str, Any]) -> None:
    from django.test import Client

    from bench.run import RESULTS_DIR, environment

    marker = ensure_portal(args, tree_marker)
    rng = random.Random(4)
    cases = page_cases(rng)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    load_before = wait_for_quiet(args.max_load, args.load_patience)
    measured = []
    for case in cases:
        started = time.perf_counter()
        timings = measure(client, case, args.iterations, args.warmup)
        found = matches(case) if case.search else "–"
        measured.append((case, timings, found))
        print(f"  measured {case.name} in {time.perf_counter() - started:.1f} s", flush=True)
    load_in_process = os.getloadavg()[0]
    lines = [
        f"## Portal — {args.db}",
        "",
        *environment(args.db, tree_marker, args)[:2],
        f"- Data: {marker['stories']:,} live stories published from the registry's "
        f"{args.records:,} records (generated in {marker['seconds']:.0f} s); story index "
        f"(tantivy) under `var/bench/search-{args.db}/`",
        "",
        "### Through the whole Django stack, in process",
        "",
        f"`django.test.Client`, production middleware, DEBUG off, page cache cleared before "
        f"each request (every request renders). {args.iterations} timed requests after "
        f"{args.warmup} warm-up, rotating over the case's paths. Times in ms: *stack* is the "
        "whole request, *engine* the search engine's own time (the view's `Server-Timing`), "
        "*DB* the sum of the request's SQL. Load average (1 min) "
        f"{load_before:.2f} before, {load_in_process:.2f} after.",
        "",
        *in_process_table(measured),
    ]
    if not args.skip_throughput:
        if args.cache_url == "auto":
            args.cache_url = default_cache_url()
        load = wait_for_quiet(args.max_load, args.load_patience)
        print(f"Throughput: gunicorn, {args.workers} workers, wrk -t2 -c16…", flush=True)
        table, _results = throughput(args, cases)
        cache = f"Redis ({args.cache_url})" if args.cache_url else "local memory, per worker"
        lines += [
            "",
            "### Throughput under 16 concurrent clients",
            "",
            f"gunicorn {args.workers} sync workers, LANTOA_ENV=prod (DEBUG off), cache: "
            f"{cache}; `wrk -t2 -c16 --latency` on loopback, each request a random path of "
            "the list. Every path of the first three rows is requested once first (the page "
            f"cache fills), then {args.wrk_warmup} s of warm-up each, then they take turns: "
            f"{args.wrk_rounds} rounds of {max(1, args.wrk_seconds // args.wrk_rounds)} s "
            "(p50/p99: median of the rounds). The other rows: no warm-up pass, "
            f"{args.wrk_seconds} s. Load generator and server share the 2 cores. Load average "
            f"(1 min) {load:.2f} before, {os.getloadavg()[0]:.2f} after (mostly the "
            "benchmark's own load).",
            "",
            *table,
        ]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"portal-{args.db}.md"
    path.write_text(text, encoding="utf-8")
    print(f"Written to {path}.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("portal suite")
    add = group.add_argument
    add(
        "--stories",
        type=int,
        default=DEFAULT_STORIES,
        help="published stories (regenerated when it changes)",
    )
    add("--workers", type=int, default=5, help="gunicorn workers")
    add(
        "--cache-url",
        default="auto",
        help=f"REDIS_URL for the server; default {REDIS_URL} if a Redis answers "
        '(flushed first), else "": local memory, per worker',
    )
    add("--wrk-seconds", type=int, default=15)
    add("--wrk-warmup", type=int, default=2)
    add("--wrk-rounds", type=int, default=3, help="the compared endpoints alternate this often")
    add("--skip-throughput", action="store_true")
    add(
        "--max-load",
        type=float,
        default=1.5,
        help="wait for the 1-minute load average to fall under this first",
    )
    add(
        "--load-patience",
        type=float,
        default=600.0,
        help="seconds to wait for the load to fall, then measure anyway",
    )
