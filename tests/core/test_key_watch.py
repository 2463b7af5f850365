"""`KeyWatch` trusts a key's value only while Redis reports no write of it (CI runs Redis;
`TEST_REDIS_URL` picks another database)."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from lantoa.core import key_watch
from lantoa.core.cache import RedisCache
from lantoa.core.key_watch import KeyWatch, WatchedValue
from tests.redis_cache import REDIS, soon


@pytest.fixture(autouse=True)
def _long_trust(monkeypatch) -> None:
    """Marks do not expire during a test unless it says so: only the watch ends trust."""
    monkeypatch.setattr(key_watch, "TRUST_SECONDS", 60.0)


@pytest.fixture
def key() -> Iterator[str]:
    name = f"test-watch:{uuid.uuid4().hex}"
    yield name
    redis.Redis.from_url(REDIS).delete(name, "other:" + name)


@pytest.fixture
def writer() -> redis.Redis:
    return redis.Redis.from_url(REDIS)


def test_a_value_read_after_a_mark_is_trusted_until_the_key_is_written(key, writer) -> None:
    watch = KeyWatch(REDIS, key)
    writer.set(key, "one")
    mark = watch.mark()
    assert mark is not None
    assert writer.get(key) == b"one"
    assert watch.unchanged_since(mark)
    writer.set("other:" + key, "a key that does not start with the watched one")
    time.sleep(0.01)
    assert watch.unchanged_since(mark)

    writer.set(key, "two")
    assert soon(lambda: not watch.unchanged_since(mark))
    assert not watch.unchanged_since(mark)  # and stays so
    again = watch.mark()  # a fresh connection, tracking again
    assert again is not None and watch.unchanged_since(again)
    writer.delete(key)  # a deletion (or expiry, eviction, flush) is a write too
    assert soon(lambda: not watch.unchanged_since(again))


def test_a_lost_connection_ends_the_trust(key, writer) -> None:
    watch = KeyWatch(REDIS, key)
    mark = watch.mark()
    assert mark is not None and watch.client_id is not None
    assert "t" in writer.client_list(client_id=[watch.client_id])[0]["flags"]  # tracking
    writer.client_kill_filter(_id=watch.client_id)
    assert soon(lambda: not watch.unchanged_since(mark))


def test_a_mark_is_trusted_for_a_bounded_time_whatever_the_connection_says(
    key, monkeypatch
) -> None:
    monkeypatch.setattr(key_watch, "TRUST_SECONDS", 0.05)
    watch = KeyWatch(REDIS, key)
    mark = watch.mark()
    assert watch.unchanged_since(mark)
    time.sleep(0.06)
    assert not watch.unchanged_since(mark)


def test_an_unreachable_server_is_never_trusted_nor_asked_on_every_request(key) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    watch = KeyWatch(f"redis://127.0.0.1:{port}/0", key)
    started = time.monotonic()
    assert watch.mark() is None
    assert not watch.unchanged_since(None)
    assert watch.mark() is None  # not tried again within RETRY_SECONDS
    assert time.monotonic() - started < 2 * key_watch.CONNECT_TIMEOUT


def test_a_forked_process_does_not_trust_its_parents_connection(key, monkeypatch) -> None:
    watch = KeyWatch(REDIS, key)
    mark = watch.mark()
    parent = watch.client_id
    monkeypatch.setattr(key_watch.os, "getpid", lambda: -1)
    assert not watch.unchanged_since(mark)  # without touching the parent's socket
    child_mark = watch.mark()
    assert not watch.unchanged_since(mark)
    assert child_mark is not None and watch.client_id != parent


def test_only_the_projects_redis_cache_is_watched(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "lantoa.core.cache.RedisCache", "LOCATION": REDIS}}
    watch = KeyWatch.of_default_cache("portal:generation")
    assert watch is not None and watch.url == REDIS and watch.key == ":1:portal:generation"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert KeyWatch.of_default_cache("portal:generation") is None
    assert RedisCache(f"{REDIS},redis://replica:6379/0", {}).write_url == REDIS


def test_a_watched_value_is_read_again_only_after_a_write(settings, writer) -> None:
    prefix = f"test-watched-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "lantoa.core.cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    from django.core.cache import cache

    reads: list[str] = []

    def read() -> str:
        reads.append(cache.get("version"))
        return reads[-1]

    try:
        cache.set("version", "one", None)
        watched = WatchedValue("version")
        assert watched.peek() is None  # nothing read yet
        assert [watched.get(read) for _ in range(3)] == ["one"] * 3
        assert len(reads) == 1
        RedisCache(REDIS, {"KEY_PREFIX": prefix}).set("version", "two", None)  # elsewhere
        assert soon(lambda: watched.peek() is None)
        assert watched.get(read) == "two" and len(reads) == 2
        assert watched.get(read) == "two" and len(reads) == 2

        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        cache.set("version", "local", None)
        assert [watched.get(read) for _ in range(2)] == ["local"] * 2
        assert len(reads) == 4  # no watch without Redis: every read asks the cache
    finally:
        for key in writer.scan_iter(match=f"{prefix}:*"):
            writer.delete(key)


def test_a_watch_reconnects_after_each_write_in_three_round_trips(key, writer, monkeypatch) -> None:
    """After every reported write the next mark opens a new connection: each one tracks
    the key, after `HELLO 3`, `SELECT` and one round trip for `CLIENT ID` and `CLIENT
    TRACKING` (no `CLIENT SETINFO`, no maintenance notifications)."""
    sent: list[bytes] = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counted(connection, command, *args, **kwargs):
        sent.append(command if isinstance(command, bytes) else b"".join(command))
        return original(connection, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    watch = KeyWatch(REDIS, key)
    for round_ in range(5):
        del sent[:]
        mark = watch.mark()
        assert mark is not None and watch.unchanged_since(mark)
        assert len(sent) == 3 and b"TRACKING" in sent[-1] and b"SETINFO" not in b"".join(sent)
        assert "t" in writer.client_list(client_id=[watch.client_id])[0]["flags"]
        writer.set(key, str(round_))
        assert soon(lambda m=mark: not watch.unchanged_since(m))
