"""`make run` starts the web server, the worker and the scheduler (Procfile, honcho)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_the_procfile_runs_the_web_server_the_worker_and_the_scheduler() -> None:
    processes = {name: command.strip() for name, command in _procfile().items()}
    assert set(processes) == {"web", "worker", "scheduler"}
    assert "manage.py runserver" in processes["web"]
    assert "manage.py db_worker" in processes["worker"]
    assert "manage.py run_scheduler" in processes["scheduler"]


def test_make_run_starts_the_procfile_with_honcho() -> None:
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*?\n((?:\t.*\n)+)", makefile, re.M)
    assert run is not None
    assert "honcho start" in run.group(1)


def test_honcho_reads_the_procfile() -> None:
    honcho = Path(sys.executable).parent / "honcho"
    check = subprocess.run(
        [str(honcho), "-f", str(ROOT / "Procfile"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert "web, worker, scheduler" in check.stderr + check.stdout
