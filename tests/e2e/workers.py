"""A real task worker for browser tests, started the way `make run` starts it.

`make run` runs the Procfile with honcho; here honcho runs the Procfile's `worker` line
alone, against the test database (a file on SQLite, `test_<name>` on PostgreSQL) and with
the database task backend, while the page is served by pytest-django's live server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HONCHO = Path(sys.executable).parent / "honcho"


class Worker:
    """The worker process; a thread copies its output to `log` as it comes and wakes
    whoever waits for a line (no polling: a test waits for the text, not for time)."""

    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log
        self._text = ""
        self._ended = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.log.open("ab") as out:
            for line in iter(self.process.stdout.readline, b""):
                out.write(line)
                out.flush()
                with self._changed:
                    self._text += line.decode(errors="replace")
                    self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def output(self) -> str:
        with self._changed:
            return self._text

    def wait_for_output(self, text: str, timeout: float = 30) -> str:
        with self._changed:
            self._changed.wait_for(lambda: text in self._text or self._ended, timeout=timeout)
            out = self._text
        if text in out:
            return out
        assert not self._ended, f"the worker stopped:\n{out}"
        raise AssertionError(f"{text!r} not in the worker's output:\n{out}")

    def stop(self) -> None:
        if self.process.poll() is None:
            # honcho and the worker run in their own process group: end exactly those.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def _database_env() -> dict[str, str]:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": name}
    url = urlsplit(os.environ["DATABASE_URL"])
    return {"DATABASE_URL": urlunsplit(url._replace(path=f"/{name}"))}


@pytest.fixture
def task_worker(live_server, settings, tmp_path) -> Iterator[Callable[..., Worker]]:
    """`task_worker(JOBS_STEP_PAUSE_MS="100")` starts the worker (extra settings through
    its environment) and switches the live server to the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    started: list[Worker] = []

    def start(**env: str) -> Worker:
        log = tmp_path / f"worker-{len(started)}.log"
        environment = {
            **os.environ,
            "LANTOA_ENV": "test",
            "JOBS_BACKEND": "database",
            "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
            **_database_env(),
            **env,
        }
        environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        process = subprocess.Popen(
            [str(HONCHO), "-f", str(ROOT / "Procfile"), "start", "worker"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = Worker(process, log)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
