"""A Redis server of the bench's own, as production's shared cache (docs/operations.md).

Debian's `redis-server` on a free loopback port, with nothing saved to disk (`--save ""`,
`--appendonly no`) and its own working directory under `var/bench/`, stopped when the
`with` block ends, normally or on an error. The bench never touches another Redis (the one
on 6379 belongs to whoever runs it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.portal_load import free_port

STARTUP_SECONDS = 20


def _ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def private_redis(workdir: Path) -> Iterator[str]:
    """Start a private redis-server in `workdir` (emptied first) and yield its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is missing: apt-get install redis-server")
    workdir = workdir.resolve()  # redis-server enters --dir before it opens its log
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    port = free_port()
    command = [
        binary,
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--save", "",
        "--appendonly", "no",
        "--dir", str(workdir),
        "--daemonize", "no",
        "--protected-mode", "yes",
        "--logfile", str(workdir / "redis.log"),
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _ping(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not start: see {workdir / 'redis.log'}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
