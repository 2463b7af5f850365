"""The operating system's cache of a bench database, filled before measuring (decision 208).

A server that has been answering for a while keeps its database's files in the operating
system's page cache when it has the memory: the 1M PostgreSQL database is 3.7 GB, this
machine has 24 GB. The sandbox the bench runs in gives that cache back between sessions
(2 GB cached of 7 GB of bench files, 21 GB free, seen in session 13), so a run started
there measured reads from the virtual disk: the staff search's p95 moved 107 → 220 ms
(commune) and 183 → 467 ms (province) between two runs of the same code.

Each file is read once before a size is measured. PostgreSQL's own buffers are not
touched: `pg_prewarm`'s "read" mode reads every block of each relation into a private
buffer, so `shared_buffers` (128 MB) holds what the requests put there, and a block outside
it is still read from the operating system on every request that needs it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

CHUNK = 8 * 1024 * 1024


def warm_os_cache(connection: Any) -> tuple[int, float]:
    """Read the files of `connection`'s database once: (bytes read, seconds)."""
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        read = 0
        name = Path(str(connection.settings_dict["NAME"]))
        for path in (name, name.with_name(name.name + "-wal")):
            if path.exists():
                with path.open("rb") as handle:
                    while chunk := handle.read(CHUNK):
                        read += len(chunk)
        return read, time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT coalesce(sum(pg_prewarm(c.oid, 'read')), 0) "
            "* current_setting('block_size')::int FROM pg_class c "
            "WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p'"
        )
        (read,) = cursor.fetchone()
    return int(read), time.perf_counter() - started
