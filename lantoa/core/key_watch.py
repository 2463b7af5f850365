"""Knowing in this process, without a round trip, that a key of the shared cache is unchanged.

A cached public page is trusted while the publishing generation is the one it was stored
under (decision 25), which cost a Redis round trip on every hit: about half of a hit's time
through the server (issue 15). `KeyWatch` keeps one connection per process on which Redis
itself reports every write of the key (`CLIENT TRACKING ON BCAST PREFIX <key>`, RESP3
push messages, Redis ≥ 6): while nothing has arrived on it, a value read after the watch
was marked is still the key's value. The check is a non-blocking read of that socket.

It never trusts on a doubt: *anything* arriving on the connection (an invalidation of the
key, of a longer key with the same prefix, a flush, an error) or the connection failing
ends the trust, and the next mark opens a fresh connection. A mark also ends after
`TRUST_SECONDS` whatever the connection says, so that a connection that died without
closing (a host lost, a failover to another server) leaves a stale value trusted for at
most that long; the caller then reads the key again.

Redis writes the report of a write to this connection in the same pass of its event loop
as it answers the writer, so a request that starts after a takedown's write was answered
finds the report waiting (loopback or a LAN: microseconds), as a request reading the key
itself would have found the new value.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from django.core.cache import caches

from lantoa.core.cache import RedisCache

# Longest a mark is trusted without reading the key again (a connection that died
# silently cannot make a value stale for longer).
TRUST_SECONDS = 1.0
# After a failure to connect, wait this long before trying again (not on every request).
RETRY_SECONDS = 1.0
CONNECT_TIMEOUT = 0.5

# Only the handshake a watch needs (HELLO 3, SELECT): no `CLIENT SETINFO` (which also reads
# the package's metadata from disk each time) and no maintenance notifications. A watch
# reconnects after every reported write, so its handshake is paid often. redis-py 8 (the
# pinned version) names these options; older versions make the full handshake.
try:
    from redis.maint_notifications import MaintNotificationsConfig

    _LEAN_HANDSHAKE: dict[str, Any] = {
        "driver_info": None,
        "maint_notifications_config": MaintNotificationsConfig(enabled=False),
    }
except ImportError:  # pragma: no cover (redis-py < 8)
    _LEAN_HANDSHAKE = {}


@dataclass(frozen=True)
class Mark:
    epoch: int
    at: float  # time.monotonic()


class KeyWatch:
    """Whether `key` of a Redis cache was written since a `Mark` (module doc)."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.key = key
        self._connection: Any = None  # a redis-py Connection, tracking the key
        self._pid = 0
        self._epoch = 0
        self._retry_at = 0.0
        self._pool: Any = None
        self.client_id: int | None = None
        self._lock = threading.Lock()

    @classmethod
    def of_default_cache(cls, key: str) -> KeyWatch | None:
        """A watch of `key` (as Django's default cache names it) on the server the cache
        writes to, or None when the default cache is not the project's Redis cache."""
        backend = caches["default"]
        if not isinstance(backend, RedisCache):
            return None
        return cls(backend.write_url, backend.make_and_validate_key(key))

    def mark(self) -> Mark | None:
        """Take a mark *before* reading the key; None when the watch cannot be trusted now
        (no connection: the caller reads the key each time, as without a watch)."""
        with self._lock:
            return self._mark()

    def unchanged_since(self, mark: Mark | None) -> bool:
        """Whether the key is certainly not written since `mark` was taken."""
        if mark is None or time.monotonic() - mark.at > TRUST_SECONDS:
            return False
        if self._pid != os.getpid():  # a forked child: never read its parent's socket
            return False
        with self._lock:  # threaded servers (runserver) share the socket
            self._poll()
            return self._connection is not None and self._epoch == mark.epoch

    def _mark(self) -> Mark | None:
        if self._pid != os.getpid():  # a forked child must not share its parent's socket
            self._connection, self._pid = None, os.getpid()
            self._epoch += 1
        if self._connection is None and not self._connect():
            return None
        self._poll()
        if self._connection is None:
            return None
        return Mark(self._epoch, time.monotonic())

    def _poll(self) -> None:
        connection = self._connection
        if connection is None:
            return
        try:
            quiet = not connection.can_read(timeout=0)
        except (redis.RedisError, OSError):
            quiet = False
        if not quiet:
            self._drop()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        self._epoch += 1
        if connection is not None:
            with contextlib.suppress(redis.RedisError, OSError):
                connection.disconnect()

    def _connect(self) -> bool:
        now = time.monotonic()
        if now < self._retry_at:
            return False
        if self._pool is None:
            self._pool = redis.ConnectionPool.from_url(
                self.url,
                protocol=3,
                socket_connect_timeout=CONNECT_TIMEOUT,
                socket_timeout=CONNECT_TIMEOUT,
                **_LEAN_HANDSHAKE,
            )
        # A connection of the pool's kind, outside its count (a pool counts every
        # connection it ever made against its maximum).
        connection: Any = self._pool.connection_class(**self._pool.connection_kwargs)
        try:
            connection.connect()
            # Both commands in one round trip.
            connection.send_packed_command(
                connection.pack_commands(
                    [("CLIENT", "ID"), ("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.key)]
                )
            )
            client_id = connection.read_response()
            if connection.read_response() not in (b"OK", "OK") or not isinstance(client_id, int):
                raise redis.RedisError("CLIENT TRACKING refused")
        except (redis.RedisError, OSError):
            connection.disconnect()
            self._retry_at = now + RETRY_SECONDS
            return False
        self._connection = connection
        self.client_id = client_id  # as `CLIENT LIST` shows it (flag `t`)
        self._epoch += 1
        return True


class WatchedValue:
    """A string kept in the default cache, read from it again only when this process's
    `KeyWatch` reports a write of it (or cannot vouch for it: no Redis, a doubt, a mark
    older than `TRUST_SECONDS`). Without the project's Redis cache every read asks it."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._backend: object = None
        self._watch: KeyWatch | None = None
        self._known: tuple[Mark, str] | None = None

    def watch(self) -> KeyWatch | None:
        backend = caches["default"]
        if backend is not self._backend:  # first use, or tests that swap the cache
            self._backend, self._known = backend, None
            self._watch = KeyWatch.of_default_cache(self.key)
        return self._watch

    def peek(self) -> str | None:
        """The value last read, if certainly still the key's value; else None."""
        watch, known = self.watch(), self._known
        if watch is None or known is None or not watch.unchanged_since(known[0]):
            return None
        return known[1]

    def mark(self) -> Mark | None:
        """Call before reading the key; hand the mark to `remember` with what was read."""
        watch = self.watch()
        return watch.mark() if watch is not None else None

    def remember(self, mark: Mark | None, value: object) -> None:
        self._known = (mark, value) if mark is not None and isinstance(value, str) else None

    def get(self, read: Callable[[], str]) -> str:
        """The value, from memory while it is certainly current, else from `read()`."""
        value = self.peek()
        if value is None:
            mark = self.mark()
            value = read()
            self.remember(mark, value)
        return value
