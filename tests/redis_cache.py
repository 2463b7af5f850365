"""A real Redis behind Django's default cache for one test (CI runs Redis;
`TEST_REDIS_URL` picks another database), and a count of the commands sent to it."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import redis

from lantoa.core import versioned
from lantoa.core.cache import RedisCache

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def use_redis(settings) -> Iterator[str]:
    """Point the default cache at `REDIS` under a fresh key prefix (yields the prefix) and
    turn `CACHE_SHARED` on; the prefix's keys are deleted afterwards."""
    prefix = f"test-versioned-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "lantoa.core.cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    settings.CACHE_SHARED = True
    versioned.forget_local()
    yield prefix
    versioned.forget_local()
    server = redis.Redis.from_url(REDIS)
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


def elsewhere(prefix: str) -> RedisCache:
    """The same cache as another process sees it (its own connection pool)."""
    return RedisCache(REDIS, {"KEY_PREFIX": prefix})


class Commands:
    """Counts the commands Django's Redis clients send (`execute_command`)."""

    def __init__(self, monkeypatch) -> None:
        self.sent: list[Any] = []
        original = redis.Redis.execute_command

        def counted(client: redis.Redis, *args: Any, **kwargs: Any) -> Any:
            self.sent.append(args[0])
            return original(client, *args, **kwargs)

        monkeypatch.setattr(redis.Redis, "execute_command", counted)

    def during(self, call: Callable[[], Any]) -> tuple[Any, int]:
        before = len(self.sent)
        result = call()
        return result, len(self.sent) - before


def soon(check: Callable[[], bool]) -> bool:
    """`check` holds within a second (Redis's report of a write crosses a socket)."""
    deadline = time.monotonic() + 1
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True
