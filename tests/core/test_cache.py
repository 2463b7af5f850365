"""The Redis cache backend shares one client per connection pool (CI runs Redis)."""

from __future__ import annotations

import uuid

from lantoa.core.cache import RedisCache

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
