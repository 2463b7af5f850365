"""Public pages on a cache miss and a hit, in process, through the whole WSGI handler.

    .venv/bin/python -m bench.public_profile --size 1000000 [--requests 300] [--profile story]

Runs the app as production does (LANTOA_ENV=prod settings, DEBUG off, one database
connection kept open) on the staff benchmark's SQLite database of that size
(`var/bench/staff-<size>.sqlite3` and its search index, made by `bench.staff_data`), and
times requests through `WSGIHandler`, with every middleware: story pages rotating over the
live stories and searches of 2–3 words of their titles (each asked once: misses), the same
pages asked again (hits, the database check included: one process, no shared cache), and
`/healthz`. Prints µs per request; `--profile story|search` prints a cProfile of the misses.
`--redis` runs it on a private redis-server (`bench.private_redis`), as production caches.
Nothing is written to the database.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.run import BASE_DIR

BENCH_VAR = BASE_DIR / "var" / "bench"


def setup(size: int, redis_url: str = "") -> None:
    from bench.staff_http import SECRET_KEY

    database = BENCH_VAR / f"staff-{size}.sqlite3"
    if not database.exists():
        raise SystemExit(f"{database} is missing: python -m bench.staff_data --size {size}")
    os.environ.update(
        {
            "LANTOA_ENV": "prod",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "testserver",
            "SQLITE_PATH": str(database),
            "SEARCH_INDEX_DIR": str(BENCH_VAR / f"search-staff-sqlite-{size}"),
            "DJANGO_SETTINGS_MODULE": "lantoa.settings",
            "LOG_LEVEL": "ERROR",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    if redis_url:  # production's shared cache: hits trust the publishing generation
        os.environ["REDIS_URL"] = redis_url
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def requester() -> Callable[[str], int]:
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()

    def get(path: str) -> int:
        route, _sep, query = path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": route,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "HTTP_ACCEPT_LANGUAGE": "vi",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        statuses: list[str] = []
        body = handler(environ, lambda status, _headers, *_a: statuses.append(status))
        b"".join(body)
        getattr(body, "close", lambda: None)()
        return int(statuses[0].split()[0])

    return get


def timed(get: Callable[[str], int], paths: list[str]) -> float:
    """Median µs per request over `paths`; every answer must be a 200."""
    times = []
    for path in paths:
        started = time.perf_counter()
        status = get(path)
        times.append((time.perf_counter() - started) * 1e6)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--profile", choices=["story", "search", "hit"], default=None)
    parser.add_argument("--redis", action="store_true", help="on a private redis-server")
    args = parser.parse_args(argv)
    if args.redis:
        from bench.private_redis import private_redis

        with private_redis(BENCH_VAR / "redis-public-profile") as url:
            setup(args.size, url)
            return measure(args)
    setup(args.size)
    return measure(args)


def measure(args: argparse.Namespace) -> int:

    from bench.staff_load import miss_paths

    stories, searches = miss_paths(20_000, args.seed)
    rng = random.Random(args.seed)
    rng.shuffle(searches)
    get = requester()
    for path in ("/healthz", stories[-1], searches[-1]):  # templates, index, connection
        get(path)
    n = args.requests
    print(f"load average {os.getloadavg()[0]:.2f}; {n} requests each")
    if args.profile:
        paths = searches[:n] if args.profile == "search" else stories[:n]
        if args.profile == "hit":
            for path in paths:
                get(path)
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [get(p) for p in paths])
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
        return 0
    results = {
        "/healthz": timed(get, ["/healthz"] * n),
        "story, miss": timed(get, stories[:n]),
        "story, hit": timed(get, stories[:n]),
        "search, miss": timed(get, searches[:n]),
        "search, hit": timed(get, searches[:n]),
    }
    for name, us in results.items():
        print(f"{name:14} {us:8.0f} µs")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
