"""The staff benchmark's databases: one per engine and size, generated once and reused.

    SQLite       var/bench/staff-<size>.sqlite3
    PostgreSQL   lantoa_bench_<size> on the server of DATABASE_URL (created by the bench;
                 the URL's own database is never written)

`prepare` picks the database, sets Django up, migrates and makes sure the data is there:
the national tree, the registry (`size` records), published stories (a tenth of the
records in fifty) with their search index under var/bench/, and the officers'
activity of `bench/staff_generate.py`. Runs in the child process that measures one size
(`bench/staff_http.py`), since Django is set up once per process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.run import BASE_DIR

BENCH_VAR = BASE_DIR / "var" / "bench"
MAX_STORIES = 20_000


def sqlite_path(size: int) -> Path:
    return BENCH_VAR / f"staff-{size}.sqlite3"


def pg_database(size: int) -> str:
    return f"lantoa_bench_{size}"


def label(db: str, size: int) -> str:
    """The name of this database's search index directory: var/bench/search-<label>/."""
    return f"staff-{db}-{size}"


def stories_for(size: int) -> int:
    return max(1, min(MAX_STORIES, size // 50))


def prepare(db: str, size: int, regenerate: bool = False) -> dict[str, Any]:
    """Set Django up on the size's database and return the markers of every generator."""
    from bench import run

    if db == "sqlite":
        run.configure_sqlite(regenerate, sqlite_path(size))
        expected = str(sqlite_path(size))
    else:
        run.configure_postgresql(regenerate, pg_database(size))
        expected = pg_database(size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    from bench import portal, registry, staff_generate

    run.check_target(db, expected)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    tree = run.ensure_data(db)
    # The portal's generator also makes sure the registry is there (`size` records).
    args = argparse.Namespace(db=label(db, size), records=size, stories=stories_for(size))
    portal_marker = portal.ensure_portal(args, tree)
    # The stories' stored articles, as a deploy renders them (only those missing or stale).
    call_command("render_story_articles", verbosity=0)
    registry_marker = registry.read_marker()
    assert registry_marker is not None
    staff = staff_generate.ensure_activity(registry_marker, size)
    if db == "postgresql":
        # As autovacuum would after the bulk load, but now: the visibility map lets the
        # lists read their keys from the indexes alone (index-only scans).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) exemplars_record")
    call_command("analyze_database", verbosity=0)
    print(f"Data for {size:,} records on {db} ready in {time.perf_counter() - started:.1f} s.")
    return {"tree": tree, "registry": registry_marker, "portal": portal_marker, "staff": staff}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.staff_data", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args(argv)
    prepare(args.db, args.size, args.regenerate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
