"""Staff benchmark, part 2: the servers, and throughput under 16 concurrent clients.

`gunicorn` serves the app as in production (LANTOA_ENV=prod, bench SECRET_KEY, a shared
Redis cache: the bench's own `redis-server`, `bench.private_redis`, so that cached public
pages trust the publishing generation as in production; the bench touches no other Redis)
and, beside it on other free ports and the same database, the bare Django project of
`bench/bare/` (no middleware, no apps: "ok", and one query rendered as ten rows) and the
app twice more for two reference rows of `/healthz`: on a server that answers nothing
else, and cut to the middleware the issue keeps (`bench/kept/`).
`throughput` runs `wrk -t2 -c16` against them, the endpoints taking turns in short rounds,
each measured endpoint's run right beside a run of its bare view (before it in one round,
after it in the next), and reports each as a ratio to those runs: this machine has
stretches of 10–20 s in which every process takes up to twice the CPU for the same work,
and a base measured once a round, tens of seconds away, took them on one side of a ratio
only (docs/performance.md, session 17).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.portal_load import WrkResult, combine, free_port, lua_script, run_wrk
from bench.private_redis import private_redis
from bench.run import BASE_DIR

BENCH_VAR = BASE_DIR / "var" / "bench"
ROUNDS = 3
# The ratios to the bare one-query view (and /healthz to the bare "ok").
TARGETS = {
    "healthz": ("ok", 0.9),
    "inbox": ("rows", 0.1),
    "list": ("rows", 0.1),
    "detail": ("rows", 0.1),
    "story-hit": ("rows", 0.9),
    "search-hit": ("rows", 0.9),
    "story-miss": ("rows", 0.3),
    "search-miss": ("rows", 0.15),
}
# Rows measured beside a bare view and given their ratio, with no target of their own:
# `/healthz` on the whole app served by a server that answers nothing else (what the
# stack costs without the state of workers that serve pages) and on the app cut to what
# the issue keeps (bench/kept: what those protections alone cost).
REFERENCES = {"idle": "ok", "kept": "ok"}


def base_of(key: str) -> str | None:
    """The bare view an endpoint is measured beside, if any."""
    return TARGETS[key][0] if key in TARGETS else REFERENCES.get(key)


def server_env(db: str, size: int, redis_url: str) -> dict[str, str]:
    """Production settings with bench-only secrets on the size's database and the bench's
    own Redis (`redis_url`) as the shared cache."""
    from django.db import connection

    from bench.staff_data import label
    from bench.staff_http import SECRET_KEY

    env = {
        **os.environ,
        "LANTOA_ENV": "prod",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SEARCH_INDEX_DIR": str(BENCH_VAR / f"search-{label(db, size)}"),
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "lantoa.settings",
        "REDIS_URL": redis_url,
    }
    env.pop("PORTAL_TRUST_GENERATION", None)  # on with REDIS_URL, as in production
    if db == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(connection.settings_dict["NAME"])
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
    return env


def _start(app: str, env: dict[str, str], workers: int, log: Path) -> tuple[Any, int, Any]:
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--timeout",
        "300",
        "--chdir",
        str(BASE_DIR),
    ]
    handle = log.open("w")
    server = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
    return server, port, handle


def _wait(server: Any, port: int, path: str, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"gunicorn did not start: see {log}")
        time.sleep(0.2)


@contextmanager
def gunicorn(
    db: str, size: int, workers: int, beside: tuple[str, ...] = ("bare", "idle", "kept")
) -> Iterator[dict[str, int]]:
    """The app and the servers `beside` it (the bare project; the app again, for `/healthz`
    alone; the app cut to what the issue keeps), each with `workers` sync workers, the app
    on the bench's own Redis, started for this block and stopped with it: their ports by
    name ("app", "bare", "idle", "kept")."""
    with private_redis(BENCH_VAR / f"redis-staff-{db}") as redis_url:
        env = server_env(db, size, redis_url)
        servers = {
            "app": ("lantoa.wsgi:application", env, "/healthz"),
            "bare": ("bench.bare.wsgi:application",
                     {**env, "DJANGO_SETTINGS_MODULE": "bench.bare.settings"}, "/ok"),
            "idle": ("lantoa.wsgi:application", env, "/healthz"),
            "kept": ("lantoa.wsgi:application",
                     {**env, "DJANGO_SETTINGS_MODULE": "bench.kept.settings"}, "/healthz"),
        }  # fmt: skip
        started = {}
        try:
            for name in ("app", *beside):
                app, settings_env, path = servers[name]
                log = BENCH_VAR / f"gunicorn-{'staff' if name == 'app' else name}-{db}.log"
                started[name] = (*_start(app, settings_env, workers, log), log, path)
            for server, port, _handle, log, path in started.values():
                _wait(server, port, path, log)
            yield {name: found[1] for name, found in started.items()}
        finally:
            for server, _port, handle, _log, _path in started.values():
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
                handle.close()


def drain(base: str, patience: float = 120.0) -> None:
    """Wait until the app answers /healthz within 50 ms: requests a slow endpoint left queued
    would otherwise hold the workers through the next endpoint's run."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        started = time.perf_counter()
        with urllib.request.urlopen(base + "/healthz", timeout=patience) as response:
            response.read()
        if time.perf_counter() - started < 0.05:
            return


def _paths(cases: list[Any], group: str, name: str) -> list[str]:
    for case in cases:
        if case.group == group and case.name == name:
            return [path for path, _marker in case.items]
    return []


def miss_paths(limit: int, seed: int) -> tuple[list[str], list[str]]:
    """Stories and searches asked (almost) once each: every published story, and 2–3 words
    of the stories' titles, each on its first three pages of cards."""
    from urllib.parse import quote

    from bench.staff_cases import distinct_queries
    from lantoa.exemplars.models import Publication
    from lantoa.exemplars.stories.live import live_publications
    from lantoa.portal.views.common import story_path

    rng = random.Random(seed)
    stories = [
        story_path(s)
        for s in Publication.objects.filter(pk__in=live_publications().values("pk")).only(
            "pk", "title"
        )[:limit]
    ]
    titles = list(live_publications().values_list("title", flat=True)[:limit])
    queries = distinct_queries(titles, limit // 10, rng)
    searches = [f"/tim-kiem/?q={quote(q)}&page={n}" for q in queries for n in (1, 2, 3)]
    rng.shuffle(stories)
    return stories, searches


def throughput(
    args: argparse.Namespace, cases: list[Any], auth: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """req/s of each endpoint and its ratio to the bare views, in the same run."""
    from bench.portal import wait_for_quiet
    from bench.staff_http import MAX_LOAD

    wait_for_quiet(MAX_LOAD, args.quiet_patience)  # not the latency run's tail
    stories, searches = miss_paths(20_000, args.seed)
    hit_story = _paths(cases, "public", "story page, cache hit")
    hit_search = _paths(cases, "public", "search, cache hit")
    cv, pv = auth["commune-verifier"], auth["province-verifier"]
    loads: list[tuple[str, str, str, list[str], dict[str, str]]] = [
        ("ok", "bare Django “ok” (bench/bare, no middleware)", "bare", ["/ok"], {}),
        ("rows", "bare Django one query, ten rows (bench/bare)", "bare", ["/rows"], {}),
        ("healthz", "/healthz (the app's whole middleware stack)", "app", ["/healthz"], {}),
        ("idle", "/healthz, the whole stack, on a server that serves nothing else", "idle",
         ["/healthz"], {}),
        ("kept", "/healthz, only Django's security and CSRF middleware and CSP (bench/kept)",
         "kept", ["/healthz"], {}),
        ("inbox", "inbox · commune verifier", "app", ["/staff/inbox/"], cv),
        ("list", "record list, unfiltered · province verifier", "app", ["/staff/records/"], pv),
        ("detail", "record detail (rotating) · province verifier", "app",
         [p for s in ("verified", "recognised", "reported") for p in
          _paths(cases, "province verifier", f"record detail, {s}")], pv),
        ("story-hit", "story page, cache hit", "app", hit_story, {}),
        ("search-hit", "search, cache hit", "app", hit_search, {}),
        ("story-miss", f"story page, cache miss ({len(stories):,} stories)", "app", stories, {}),
        ("search-miss", f"search, cache miss ({len(searches):,} queries)", "app", searches, {}),
    ]  # fmt: skip
    loads = [load for load in loads if load[3]]
    scripts = {key: lua_script(f"staff-{key}", paths) for key, _n, _s, paths, _h in loads}
    by_key = {load[0]: load for load in loads}
    runs: dict[str, list[WrkResult]] = {key: [] for key in by_key}
    # The runs of its bare view that sat beside each measured endpoint's, round by round.
    paired: dict[str, list[WrkResult]] = {key: [] for key in by_key if base_of(key)}
    with gunicorn(args.db, args.size, args.staff_workers) as ports:
        bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}

        def headers(h: dict[str, str]) -> tuple[str, ...]:
            return tuple(f"{k}: {v}" for k, v in h.items() if k in ("Cookie", "Authorization"))

        def measure(key: str) -> WrkResult:
            _key, _name, server, _paths, h = by_key[key]
            drain(bases["app"])
            result = run_wrk(bases[server], scripts[key], args.wrk_seconds, headers(h))
            runs[key].append(result)
            return result

        for key, _name, server, _p, h in loads:  # warm-up: fills the caches of the hits
            run_wrk(bases[server], scripts[key], 2, headers(h))
        load_before = os.getloadavg()[0]
        for round_ in range(ROUNDS):
            for key in paired:
                # Beside its bare view, first or second by turns: a stretch of seconds in
                # which the machine runs everything slower then weighs on both.
                base = str(base_of(key))
                if round_ % 2:
                    measure(key)
                    paired[key].append(measure(base))
                else:
                    paired[key].append(measure(base))
                    measure(key)
        load_after = os.getloadavg()[0]
    results = {key: combine(r).__dict__ for key, r in runs.items() if r}
    return {
        "loads": [(key, name, len(set(paths))) for key, name, _s, paths, _h in loads],
        "results": results,
        "rounds": {key: [r.rps for r in rounds] for key, rounds in runs.items()},
        "paired": {key: combine(r).__dict__ for key, r in paired.items() if r},
        "paired_rounds": {key: [r.rps for r in rounds] for key, rounds in paired.items()},
        "workers": args.staff_workers,
        "seconds": args.wrk_seconds,
        "load_before": load_before,
        "load_after": load_after,
        "max_load": MAX_LOAD,
    }


def round_ratios(measured: dict[str, Any], key: str, base: str) -> list[float]:
    """Each round's ratio of `key` to the run of `base` beside it (to the round's one run of
    `base` in runs recorded before session 17): how far one round strays from the next
    tells a FAIL by noise from a FAIL by cost."""
    rounds = measured.get("rounds", {})  # absent from runs recorded before session 16
    bases = measured.get("paired_rounds", {}).get(key) or rounds.get(base, [])
    return [a / b for a, b in zip(rounds.get(key, []), bases, strict=False) if b]


def base_rps(measured: dict[str, Any], key: str, base: str) -> float | None:
    """req/s of the bare view's runs beside `key`'s (of all its runs before session 17)."""
    paired = measured.get("paired", {}).get(key)
    found = paired or measured["results"].get(base)
    return float(found["rps"]) if found else None


def throughput_table(measured: dict[str, Any]) -> list[str]:
    results = measured["results"]
    paired = "paired" in measured  # runs recorded before session 17 had one base run a round
    lines = [
        f"Throughput: gunicorn {measured['workers']} sync workers per server, `wrk -t2 -c16`, "
        f"{ROUNDS} rounds of {measured['seconds']} s per endpoint, taking turns. Load average "
        f"{measured['load_before']:.2f} before, {measured['load_after']:.2f} after. The ratio is "
        + (
            "to the bare view's runs beside the endpoint's (one before or after each, by "
            "turns; the bare rows give all their runs), "
            if paired
            else ""
        )
        + 'of all the rounds\' requests; "rounds" gives the lowest and highest of each '
        "round's own ratio.",
        "",
        "| endpoint | paths | req/s | p50 ms | p99 ms | ratio | rounds | target | result "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---|---|---|---|",
    ]
    for key, name, paths in measured["loads"]:
        if key not in results:  # a bare view no measured endpoint was paired with
            continue
        r = results[key]
        base = base_of(key)
        ratio, spread, goal, ok = "", "", "", ""
        if base is not None:
            beside = base_rps(measured, key, base)
            value = r["rps"] / beside if beside else float("nan")
            ratio = f"{value:.2f}× of {'bare ok' if base == 'ok' else 'bare one-query'}"
            each = round_ratios(measured, key, base)
            spread = f"{min(each):.2f}–{max(each):.2f}" if each else ""
            if key in TARGETS:
                minimum = TARGETS[key][1]
                goal, ok = f"≥ {minimum:g}×", "OK" if value >= minimum else "FAIL"
            else:
                goal = "(reference)"
        lines.append(
            f"| {name} | {paths:,} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{ratio} | {spread} | {goal} | {ok} | {r['errors'] or ''} |"
        )
    return lines
