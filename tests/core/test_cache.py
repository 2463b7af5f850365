"""The Redis cache backend shares one client per connection pool (CI runs Redis)."""

from __future__ import annotations

import uuid

from django.core.cache import close_caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished

from lantoa.core.cache import RedisCache, stop_closing_caches_per_request

REDIS = "redis://127.0.0.1:6379/13"


def test_values_round_trip_through_one_shared_client() -> None:
    cache = RedisCache(REDIS, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("page", ("<html>…</html>", "text/html", {1: "v"}), 30)
    assert cache.get("page") == ("<html>…</html>", "text/html", {1: "v"})
    assert cache.get("missing") is None
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client  # one server: reads and writes share it
    cache.delete("page")
    assert cache.get("page") is None


def test_answers_are_parsed_by_hiredis() -> None:
    """redis-py's C parser, installed with the `hiredis` extra (decision 198): the pure-Python
    parser it replaces cost ~150 calls a page-cache round trip."""
    from redis.utils import HIREDIS_AVAILABLE

    cache = RedisCache(REDIS, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    client = cache._cache.get_client(write=True)
    connection = client.connection_pool.get_connection()
    try:
        assert HIREDIS_AVAILABLE
        assert type(connection._parser).__name__.startswith("_Hiredis")
    finally:
        client.connection_pool.release(connection)


class ClosingCache(LocMemCache):
    closed = 0

    def close(self, **kwargs: object) -> None:
        ClosingCache.closed += 1


def test_caches_that_do_nothing_on_close_are_not_closed_after_each_request(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    try:
        assert stop_closing_caches_per_request()
        assert close_caches not in [ref() for _key, ref, *_ in request_finished.receivers]
    finally:
        request_finished.connect(close_caches)


def test_a_cache_that_closes_something_is_still_closed_after_each_request(settings) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "closing": {"BACKEND": f"{__name__}.ClosingCache"},
    }

    assert not stop_closing_caches_per_request()
    assert close_caches in [ref() for _key, ref, *_ in request_finished.receivers]
    close_caches()
    assert ClosingCache.closed == 1
