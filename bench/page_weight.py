"""Page weight and where a staff page's time goes: bytes, queries, SQL ms and total ms of
the record list, the inbox and a record page, through Django's test client in process, on
the registry benchmark's database (run `python -m bench.registry --db sqlite --records N
--explain` first to generate it). `--profile` prints cProfile's top functions of one
request per page.

    LANTOA_ENV=test .venv/bin/python -m bench.page_weight [--profile]

No server, no network: the numbers are the application's own cost (middleware, view,
queries, template), the part a profiler can attribute. CPU ms (the process's CPU time,
SQLite included: it runs in process) is the steadier number on a shared, loaded machine;
SQL ms is the sum of Django's per-query timings (millisecond resolution). Writes nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time
from typing import Any


def _setup() -> None:
    import os

    import django

    from bench import run as tree

    # SQLite only: the PostgreSQL benchmark database is shared by everyone on the server.
    tree.configure_sqlite(regenerate=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    django.setup()


def _pages(marker: dict[str, Any]) -> list[tuple[str, Any, str]]:
    from django.urls import reverse

    from lantoa.accounts.models import User
    from lantoa.exemplars.models import Record, RecordState
    from lantoa.orgs.models import Organisation

    province = User.objects.get(pk=marker["province_verifier_id"])
    commune = User.objects.get(pk=marker["commune_verifier_id"])
    front = Organisation.objects.get(pk=province.memberships.first().organisation_id)
    # A verified good practice in the province verifier's own tree: the page offers
    # "start nurturing" and with it the mentor picker (once a 1,571-option select).
    record = (
        Record.objects.filter(
            org_path__startswith=front.path,
            state=RecordState.VERIFIED,
            kind="good_practice",
            handling_org=front,
        )
        .order_by("-id")
        .first()
        or Record.objects.filter(org_path__startswith=front.path, state=RecordState.VERIFIED)
        .order_by("-id")
        .first()
    )
    assert record is not None
    return [
        ("province verifier · record list", province, reverse("staff:record_list")),
        ("province verifier · inbox", province, reverse("staff:inbox")),
        (
            "province verifier · record page (verified)",
            province,
            reverse("staff:record_detail", args=[record.pk]),
        ),
        (
            "province verifier · record-filter picker `?q=xa 29` (20 of 466)",
            province,
            reverse("staff:pick_record_org") + "?q=xa%2029",
        ),
        (
            "province verifier · mentor picker `?q=thon 1` (20 of 1,571)",
            province,
            reverse("staff:pick_mentor") + "?q=thon%201",
        ),
        ("commune verifier · inbox", commune, reverse("staff:inbox")),
        (
            "commune verifier · list `?state=reported`",
            commune,
            reverse("staff:record_list") + "?state=reported",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page_weight")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    _setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.registry import read_marker

    marker = read_marker()
    if marker is None:
        raise SystemExit("No registry data: run python -m bench.registry --explain first.")
    print("| Page | bytes | queries | SQL ms | wall ms (median / p95) | CPU ms (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, user, url in _pages(marker):
        client = Client()
        client.force_login(user)
        for _ in range(3):  # warm: caches, grants, templates
            assert client.get(url).status_code == 200
        totals, cpus, sqls = [], [], []
        size = queries = 0
        for _ in range(args.iterations):
            with CaptureQueriesContext(connection) as ctx:
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                totals.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            size, queries = len(response.content), len(ctx.captured_queries)
            sqls.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        p95 = sorted(totals)[int(len(totals) * 0.95) - 1]
        print(
            f"| {name} | {size:,} | {queries} | {statistics.median(sqls):.1f} | "
            f"{statistics.median(totals):.1f} / {p95:.1f} | {statistics.median(cpus):.1f} |"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
