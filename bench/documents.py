"""Documents benchmark (docs/documents.md, docs/performance.md "Documents").

    LANTOA_ENV=test python -m bench.documents                  # SQLite, then PostgreSQL
    LANTOA_ENV=test python -m bench.documents --db sqlite
    LANTOA_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        python -m bench.documents --db postgresql

Two parts, on a benchmark database rebuilt each run (SQLite: var/bench/documents/
documents.sqlite3; PostgreSQL: the database `lantoa_bench_documents` on the server of
DATABASE_URL, default that of `make bench`), never the developer's:

1. In process: one decision with 200 certificates rendered into one ZIP, time per
   certificate.
2. Under load: the documents register (a staff list page, signed in as a leader, each
   answer checked for 200 and a marker) served by gunicorn with production settings
   (`bench/portal_load.py`), 8 concurrent clients (wrk), while the worker renders another
   decision's 200 certificates as one job: p95 in rounds, each with the worker stopped and
   with it rendering (`under_load`). The worker is the Procfile's `worker` line started by
   honcho, as `make run` starts it, so it runs at the Procfile's lower priority
   (`WORKER_NICE`, docs/operations.md). Target: the loaded p95 within 1.2x of the idle p95.
   BENCH_SECONDS (10) per measure, BENCH_ROUNDS (4), BENCH_CERTIFICATES (200),
   BENCH_JOB_WAIT (300 s: how long to wait for the job's end after the rounds).

A ratio above the target prints FAIL; the exit status stays 0 (a benchmark is not a test).
The tables go to bench/results/documents.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WORK = BASE_DIR / "var" / "bench" / "documents"
RESULTS = Path(__file__).resolve().parent / "results" / "documents.md"
CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "200"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))  # per measure
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
JOB_WAIT = int(os.environ.get("BENCH_JOB_WAIT", "300"))  # seconds, after the rounds
CLIENTS = 8
TARGET = 1.2
PG_DATABASE = "lantoa_bench_documents"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test"
MARKER = "bench-marker-0001"
# The server's secret, shared with this process so that its session cookie is accepted.
SECRET = "bench-only-secret-key-not-for-any-real-server-0123456789"


# --- database selection (before django.setup) ---------------------------------------------


def configure(db: str) -> None:
    shutil.rmtree(WORK / db, ignore_errors=True)
    (WORK / db).mkdir(parents=True)
    os.environ["MEDIA_ROOT"] = str(WORK / db / "media")
    os.environ["SECRET_KEY"] = SECRET
    os.environ["JOBS_BACKEND"] = "database"  # the job waits for the real worker
    if db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(WORK / db / "documents.sqlite3")
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_PG_URL)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("--db postgresql needs a postgres:// DATABASE_URL")
    with psycopg.connect(
        urlunsplit(parts._replace(path="/postgres")), autocommit=True, connect_timeout=5
    ) as admin:
        name = sql.Identifier(PG_DATABASE)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{PG_DATABASE}"))


def check_target(db: str) -> None:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    expected = os.environ["SQLITE_PATH"] if db == "sqlite" else PG_DATABASE
    if connection.vendor != db or name != expected:
        raise SystemExit(f"Refusing to run: connected to {connection.vendor} {name!r}")


# --- data ---------------------------------------------------------------------------------


def make_world() -> tuple[Any, Any]:
    from lantoa.accounts.models import User
    from lantoa.documents import services
    from lantoa.orgs.models import Membership, Organisation, Role

    org = Organisation(name="Ủy ban nhân dân xã Bench", kind="other", level="commune", path="/x/")
    org.save()
    org.path = f"/{org.pk}/"
    org.save(update_fields=["path"])
    admin = User.objects.create(username="bench", full_name="Bench")
    Membership.objects.create(user=admin, organisation=org, org_path=org.path, role=Role.LEADER)
    Membership.objects.create(
        user=admin, organisation=org, org_path=org.path, role=Role.SYSTEM_ADMIN
    )
    leader = User.objects.create(username="bench.leader", full_name="Lãnh đạo Bench")
    Membership.objects.create(user=leader, organisation=org, org_path=org.path, role=Role.LEADER)
    issuer = services.create_issuer(
        actor=admin, org=org, name=org.name, code="UBND", style="state", place="Hàm Thuận"
    )
    return admin, issuer


def decision(actor: Any, issuer: Any, label: str) -> Any:
    from lantoa.documents import services

    draft = services.create_draft(
        actor=actor,
        issuer=issuer,
        doc_type="decision",
        summary=f"Về việc tặng Giấy khen ({label})",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Văn Hòa",
        certificate_kind="giay_khen",
        certificates=[
            services.CertificateInput(f"Người tốt số {n}", f"Việc tốt thứ {n}", "Thôn 1")
            for n in range(1, CERTIFICATES + 1)
        ],
    )
    return services.issue_document(actor=actor, document=draft)


def fill_register(actor: Any, issuer: Any) -> None:
    """A full first page of the register (50 rows): notices, one of them the marker."""
    from lantoa.documents import services

    for n in range(1, 51):
        summary = f"Thông báo số {n} về lịch họp định kỳ" + (f" {MARKER}" if n == 1 else "")
        draft = services.create_draft(
            actor=actor,
            issuer=issuer,
            doc_type="notice",
            summary=summary,
            signer_title="Chủ tịch",
            signer_name="Nguyễn Văn Hòa",
        )
        services.issue_document(actor=actor, document=draft)


def session_cookie(username: str) -> str:
    """A signed-in session for `username`, as the login view makes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lantoa.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# --- part 1: in process -------------------------------------------------------------------


def in_process(admin: Any, issuer: Any) -> list[tuple[str, str]]:
    from lantoa.documents import services

    started = time.perf_counter()
    first = decision(admin, issuer, "in process")
    issue_s = time.perf_counter() - started
    stamps: list[float] = []
    started = time.perf_counter()
    data = services.render_certificates_zip(
        actor=admin,
        decision=first,
        report=lambda done, total, message: stamps.append(time.perf_counter()),
    )
    total_s = time.perf_counter() - started
    per = [b - a for a, b in itertools.pairwise(stamps)]
    started = time.perf_counter()
    services.render_certificates_zip(actor=admin, decision=first)
    again_s = time.perf_counter() - started
    return [
        ("Issue the decision (number, DOCX, PDF)", f"{issue_s * 1000:.0f} ms"),
        (f"{CERTIFICATES} certificates in process (render + store)", f"{total_s:.1f} s"),
        ("Per certificate in process, median", f"{statistics.median(per) * 1000:.0f} ms"),
        ("Per certificate in process, p95", f"{percentile(per, 95) * 1000:.0f} ms"),
        ("Same batch again (stored PDFs read back)", f"{again_s:.1f} s"),
        ("ZIP size", f"{len(data) / 1024 / 1024:.1f} MiB"),
    ]


def percentile(values: list[float], pct: int) -> float:
    from bench.run import percentile as shared

    return shared(values, pct)


# --- part 2: a staff list page under load while the worker renders -------------------------

LUA = """-- Generated by bench/documents.py: a signed-in GET, each answer checked.
wrk.headers["Cookie"] = %s
local marker = %s
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) misses = 0 end
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, marker, 1, true) then misses = misses + 1 end
end
done = function(summary, latency, requests)
  local m = 0
  for _, t in ipairs(threads) do m = m + t:get("misses") end
  m = m + summary.errors.timeout + summary.errors.connect + summary.errors.read
  io.write(string.format("RESULT %%d %%d %%.3f %%.3f %%.3f\\n", summary.requests, m,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
"""


def wrk(url: str, script: Path, seconds: int) -> dict[str, float]:
    from bench.portal_load import wrk_binary

    # wrk drops answers slower than its timeout (2 s by default) from the latencies: a slow
    # phase would look fast. Nothing is dropped here, and timeouts are counted anyway.
    command = [wrk_binary(), "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "120s",
               "-s", str(script), url]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    found = re.search(r"^RESULT (\d+) (\d+) ([0-9.]+) ([0-9.]+) ([0-9.]+)$", output, re.M)
    if found is None:
        raise SystemExit(f"Unexpected wrk output:\n{output}")
    requests, misses, p50, p95, rps = found.groups()
    return {
        "requests": int(requests),
        "misses": int(misses),
        "p50": float(p50),
        "p95": float(p95),
        "rps": float(rps),
        "load": os.getloadavg()[0],
    }


class Worker:
    """The Procfile's `worker` line, started by honcho as `make run` starts it."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "honcho"), "-f", "Procfile", "start", "worker"],
            cwd=BASE_DIR,
            env={**env, "PYTHONUNBUFFERED": "1"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped exactly, with its child
        )

    def find(self) -> tuple[int, int] | None:
        """The pid and niceness of the db_worker process that honcho started (from /proc:
        honcho runs each line in a session of its own, so it is found by its parents)."""
        parents: dict[int, int] = {}
        nice: dict[int, int] = {}
        workers = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # After the command name: state, ppid, ...; nice is field 19 of stat.
                fields = stat.read_text().rsplit(")", 1)[1].split()
                cmdline = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            pid = int(stat.parent.name)
            parents[pid], nice[pid] = int(fields[1]), int(fields[16])
            if b"db_worker" in cmdline and not cmdline.startswith(b"/bin/sh"):
                workers.append(pid)
        for pid in workers:
            ancestor = parents.get(pid, 0)
            while ancestor > 1:
                if ancestor == self.process.pid:
                    return pid, nice[pid]
                ancestor = parents.get(ancestor, 0)
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out waiting for {what}")
        time.sleep(0.2)


def under_load(db: str, admin: Any, issuer: Any) -> tuple[list[tuple[str, str]], str]:
    """Rounds of wrk against the register while the job runs: in each round, one measure
    with the worker stopped (SIGSTOP: the same server, the same moment's background load,
    no rendering) and one with it running, in alternating order, so that the other work on
    this shared machine weighs on both alike. The p95s compared are the medians of the
    rounds'. A loaded measure in which the job ended is dropped, and the rounds stop."""
    from bench.portal import BENCH_VAR
    from bench.portal_load import gunicorn, server_env
    from lantoa.accounts.models import User
    from lantoa.documents.tasks import start_certificates_zip
    from lantoa.jobs.models import Job, JobState

    second = decision(admin, issuer, "job")
    fill_register(admin, issuer)
    script = WORK / db / "register.lua"
    cookie = session_cookie("bench.leader")
    script.write_text(LUA % (json.dumps(cookie), json.dumps(MARKER)), encoding="utf-8")
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    env = server_env(db)
    env["PUBLIC_BASE_URL"] = "http://127.0.0.1:8000"
    worker = Worker(env, WORK / db / "worker.log")
    measures: dict[str, list[dict[str, float]]] = {"idle": [], "loaded": []}
    paused = 0.0
    rendered_loaded = 0
    try:
        with gunicorn(db, 2, "") as base:
            url = f"{base}/staff/documents/issuers/{issuer.pk}/"
            wrk(url, script, 3)  # every gunicorn worker connected, templates compiled
            wait_for(lambda: worker.find() is not None, 60, "the worker to start")
            pid, nice = worker.find() or (0, 0)
            autogroup = Path(f"/proc/{pid}/autogroup")
            group = autogroup.read_text().strip() if autogroup.exists() else "no autogroups"
            job = start_certificates_zip(
                actor=User.objects.get(username="bench.leader"), decision=second
            )

            def progress() -> tuple[str, int]:
                job.refresh_from_db()
                return job.state, job.done

            wait_for(lambda: progress()[1] >= 1, 120, "the worker to start the job")
            for n in range(ROUNDS):
                for phase in ("idle", "loaded") if n % 2 == 0 else ("loaded", "idle"):
                    if phase == "idle":
                        os.kill(pid, signal.SIGSTOP)
                        started = time.monotonic()
                        try:
                            measures["idle"].append(wrk(url, script, SECONDS))
                        finally:
                            os.kill(pid, signal.SIGCONT)
                            paused += time.monotonic() - started
                        continue
                    before = progress()[1]
                    result = wrk(url, script, SECONDS)
                    state, after = progress()
                    if state != JobState.RUNNING:
                        break
                    rendered_loaded += after - before
                    measures["loaded"].append(result)
                else:
                    print(
                        f"  round {n + 1}: p95 idle {measures['idle'][-1]['p95']:.0f} ms, "
                        f"loaded {measures['loaded'][-1]['p95']:.0f} ms",
                        flush=True,
                    )
                    continue
                break  # the job ended: no more loaded measures
            # At its low priority the worker may crawl on a machine busy with other work:
            # wait for the end only so long (BENCH_JOB_WAIT), and say so.
            deadline = time.monotonic() + JOB_WAIT
            while progress()[0] == JobState.RUNNING and time.monotonic() < deadline:
                time.sleep(1)
    finally:
        worker.stop()
    job = Job.objects.get(pk=job.pk)
    if job.state == JobState.FAILED:
        raise SystemExit(f"The job failed: {job.message}; see {WORK / db / 'worker.log'}")
    if not measures["loaded"]:
        raise SystemExit("The job ended before one loaded measure: raise BENCH_CERTIFICATES")
    idle = statistics.median(r["p95"] for r in measures["idle"])
    loaded = statistics.median(r["p95"] for r in measures["loaded"])
    ratio = loaded / idle
    verdict = "OK" if ratio <= TARGET else "FAIL"
    lines = [
        "| register page, 8 clients | requests | failed (not 200, no marker, timeout) | req/s "
        "| p50 ms | p95 ms | load avg (1 min) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for phase, label in (("idle", "worker stopped"), ("loaded", "worker rendering")):
        for n, r in enumerate(measures[phase], start=1):
            lines.append(
                f"| round {n}, {label} | {r['requests']:,} | {r['misses']} | {r['rps']:,.1f} "
                f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['load']:.2f} |"
            )
    lines += [
        "",
        "| p95 idle (median of rounds) | p95 while the job runs | ratio | target | result |",
        "|---:|---:|---:|---|---|",
        f"| {idle:.1f} ms | {loaded:.1f} ms | {ratio:.2f}× | ≤ {TARGET:g}× | {verdict} |",
    ]
    if job.state == JobState.DONE and job.started_at and job.finished_at:
        job_s = (job.finished_at - job.started_at).total_seconds() - paused
        whole = (f"{job_s:.1f} s", f"{job_s / CERTIFICATES * 1000:.0f} ms")
    else:
        whole = (f"not finished within {JOB_WAIT} s ({job.done} done)", "—")
    loaded_s = SECONDS * len(measures["loaded"])
    during = f"{loaded_s / rendered_loaded * 1000:.0f} ms" if rendered_loaded else "none done"
    rows = [
        ("Worker niceness (the Procfile's `WORKER_NICE`)", str(nice)),
        ("Worker's session autogroup (`/proc/<pid>/autogroup`)", group),
        (
            f"Job: {CERTIFICATES} certificates by the worker, start to finish, pauses excluded",
            whole[0],
        ),
        ("Per certificate in the job", whole[1]),
        (
            f"Per certificate while the page was under load ({rendered_loaded} in {loaded_s} s)",
            during,
        ),
    ]
    return rows, "\n".join(lines)


# --- report -------------------------------------------------------------------------------


def run_one(db: str) -> str:
    configure(db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    check_target(db)
    call_command("migrate", verbosity=0, interactive=False)
    admin, issuer = make_world()
    print(f"Documents benchmark on {db}: part 1, in process…", flush=True)
    rows = in_process(admin, issuer)
    print("Part 2: the register under load while the worker renders…", flush=True)
    more, load_table = under_load(db, admin, issuer)
    rows += more
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if db == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    server = version.split(" on ")[0] if db == "postgresql" else f"SQLite {version}"
    text = "\n".join(
        [
            f"## {server}",
            "",
            f"- {os.cpu_count()} cores shared with other work; load average (1, 5, 15 min) at "
            f"the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}",
            "- gunicorn (2 sync workers, production settings) and the worker (the Procfile's "
            f"line, honcho) on one machine; wrk -t2 -c{CLIENTS}, {SECONDS} s per measure, "
            f"up to {ROUNDS} rounds",
            "",
            "| Measure | Value |",
            "|---|---|",
            *[f"| {name} | {value} |" for name, value in rows],
            "",
            load_table,
            "",
        ]
    )
    print(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents")
    parser.add_argument("--db", choices=["all", "sqlite", "postgresql"], default="all")
    parser.add_argument("--out", help="write this run's section here (used by --db all)")
    args = parser.parse_args(argv)
    if args.db != "all":
        text = run_one(args.db)
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
        else:
            RESULTS.write_text(f"# Documents benchmark\n\n{text}", encoding="utf-8")
        return 0
    # One process per database: Django is set up once per process.
    WORK.mkdir(parents=True, exist_ok=True)
    sections = []
    for db in ("sqlite", "postgresql"):
        out = WORK / f"result-{db}.md"
        out.unlink(missing_ok=True)
        command = [sys.executable, "-m", "bench.documents", "--db", db, "--out", str(out)]
        subprocess.run(command, check=True, cwd=BASE_DIR)
        sections.append(out.read_text(encoding="utf-8"))
    RESULTS.write_text("# Documents benchmark\n\n" + "\n".join(sections), encoding="utf-8")
    print(f"Written to {RESULTS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
