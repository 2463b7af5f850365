"""Fixed-window rate limits through the Django cache (Redis in production: shared by servers)."""

from __future__ import annotations

import time

from django.core.cache import cache


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt under `key`; return False once more than `limit` fell in the window."""
    bucket = f"rl:{key}:{int(time.time()) // window}"
    cache.add(bucket, 0, timeout=window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 1)
        count = 1
    return count <= limit


def is_blocked(key: str, *, limit: int, window: int) -> bool:
    bucket = f"rl:{key}:{int(time.time()) // window}"
    return int(cache.get(bucket, 0)) >= limit


def clear(key: str, *, window: int) -> None:
    cache.delete(f"rl:{key}:{int(time.time()) // window}")
