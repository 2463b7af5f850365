"""Portal benchmark, part 2: throughput under 16 concurrent clients (`bench/portal.py` runs
it after the in-process part).

gunicorn with LANTOA_ENV=prod on 127.0.0.1, `wrk -t2 -c16` against `/healthz`, story pages
and searches (rotating paths, a Lua script under var/bench/), each as a ratio of the trivial
endpoint's requests per second (targets and results: docs/performance.md, Portal).
"""

from __future__ import annotations

import argparse
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.portal import (
    BASE_DIR,
    BENCH_VAR,
    PRIVATE,
    SEARCH_RATIO,
    STORY_RATIO,
    PageCase,
    index_dir,
)


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


@contextmanager
def cache_for_server(cache_url: str, db: str) -> Iterator[str]:
    """The cache URL a server runs with: for "private" (the default), a redis-server of the
    bench's own, new and empty for this server (`bench.private_redis`); any other URL as
    given, never emptied; "" for local memory. The bench touches no Redis it did not start."""
    if cache_url != PRIVATE:
        yield cache_url
        return
    from bench.private_redis import private_redis

    with private_redis(BENCH_VAR / f"redis-portal-{db}") as url:
        yield url


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


def run_wrk(base: str, script: Path, seconds: int, headers: tuple[str, ...] = ()) -> WrkResult:
    """`headers` ("Name: value") go with every request (a session cookie, a token)."""
    command = [wrk_binary(), "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", str(script),
               *(arg for header in headers for arg in ("-H", header)), base + "/"]  # fmt: skip
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
    from lantoa.exemplars.stories.live import live_publications
    from lantoa.portal.views.common import story_path

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
        with (
            cache_for_server(args.cache_url, args.db) as cache_url,
            gunicorn(args.db, args.workers, cache_url, persistent=persistent) as base,
        ):
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
