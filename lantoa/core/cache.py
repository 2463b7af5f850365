"""Django's Redis cache, keeping one client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every operation, and
redis-py's constructor fills a table of ~170 response callbacks each time: ~0.2 ms per
cache hit, a fifth of a cached public page (bench/portal.py, profiled). A client is only a
handle on its connection pool and is safe to share, so each pool gets one.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # private API
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        # The server writes go to (the first of LOCATION, as Django's client picks it).
        self.write_url = re.split("[;,]", server)[0] if isinstance(server, str) else server[0]


def stop_closing_caches_per_request() -> bool:
    """Disconnect Django's `close_caches` from `request_finished` when no configured cache
    does anything on `close()` (the local-memory cache, Django's and this Redis cache, whose
    connections stay in their pool): it walked every cache alias through an `asgiref`
    local after each request, ~7 µs of a ~75 µs `/healthz` (issue 15, decision 119). A
    backend that overrides `close()` keeps it connected. Returns whether it disconnected."""
    from django.core.cache import caches, close_caches
    from django.core.cache.backends.base import BaseCache
    from django.core.signals import request_finished

    if any(type(caches[alias]).close is not BaseCache.close for alias in settings.CACHES):
        return False
    return request_finished.disconnect(close_caches)
