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
2. Throughput (`bench/portal_load.py`): gunicorn with LANTOA_ENV=prod on 127.0.0.1,
   `wrk -t2 -c16` against `/healthz`, story pages and searches (rotating paths, a Lua
   script under var/bench/), each compared with the trivial endpoint's requests per second.

The targets and the results are in docs/performance.md (Portal); the targets are kept in
code next to each case. A miss prints FAIL; the exit status stays 0. The tables go to
bench/results/portal-<db>.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import shutil
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.run import forget_meta, percentile, read_meta, write_meta

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
PRIVATE = "private"  # --cache-url: a redis-server of the bench's own per server


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
    from lantoa.exemplars.stories.index import STORY_INDEX, rebuild_story_index
    from lantoa.exemplars.stories.live import live_publications

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
    if not STORY_INDEX.is_built():
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
    from lantoa.exemplars.stories.live import live_publications
    from lantoa.portal.views.common import story_path

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

    from lantoa.exemplars.stories.search import search_stories

    totals = [
        search_stories(parse_qs(urlsplit(p).query)["q"][0], per_page=20).total
        for p in case.paths[:20]
    ]
    if len(set(totals)) == 1:
        return f"{totals[0]:,}"
    return f"{min(totals):,}–{max(totals):,}"


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
        from bench.portal_load import throughput

        load = wait_for_quiet(args.max_load, args.load_patience)
        print(f"Throughput: gunicorn, {args.workers} workers, wrk -t2 -c16…", flush=True)
        table, _results = throughput(args, cases)
        cache = (
            "a redis-server of the bench's own, new for each server"
            if args.cache_url == PRIVATE
            else f"Redis ({args.cache_url})"
            if args.cache_url
            else "local memory, per worker"
        )
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
        default=PRIVATE,
        help=f"REDIS_URL for the server; default {PRIVATE!r}: a redis-server the bench "
        "starts for each server and stops after it; another URL is used as given and "
        'never emptied; "": local memory, per worker',
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
