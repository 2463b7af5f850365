"""The server `make run` starts (the Procfile's `web` line) shows the product, not Django's
debug pages: DEBUG is off unless a developer sets `DEBUG=1`, and static files are still
served (whitenoise). Started for real, on an empty SQLite file of its own."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def web_command() -> str:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise AssertionError("the Procfile has no web line")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def start(tmp_path: Path, **extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        LANTOA_ENV="dev",
        LANTOA_VAR_DIR=str(tmp_path),
        SQLITE_PATH=str(tmp_path / "run.sqlite3"),
        WEB_ADDR=f"127.0.0.1:{port}",
        **extra,
    )
    command = web_command().replace("${WEB_ADDR:-127.0.0.1:8000}", env["WEB_ADDR"])
    process = subprocess.Popen(
        [*shlex.split(command), "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(f"{base}/healthz")[0] == 200:
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("the web server did not start within 60 s")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    process, base = start(tmp_path)
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def test_make_run_shows_the_products_404_and_serves_static_files(server: str) -> None:
    status, html = get(f"{server}/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in html
    assert "URLconf" not in html and "DEBUG = True" not in html
    assert get(f"{server}/static/lantoa/identity.css")[0] == 200
    assert get(f"{server}/static/vendor/bootstrap/css/bootstrap.min.css")[0] == 200
    assert get(f"{server}/favicon.ico")[0] == 200


def test_debug_1_turns_the_debug_pages_on(tmp_path: Path) -> None:
    process, base = start(tmp_path, DEBUG="1")
    try:
        status, html = get(f"{base}/khong-co-trang-nay/")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    assert status == 404
    assert "URLconf" in html
