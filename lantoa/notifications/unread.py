"""The unread count behind the bell, cached per user under a version that the
notification services replace on every change (decision 119).

Only with a cache shared by every process (`settings.CACHE_SHARED`): with local memory,
a change made in another process (the task worker's digest) would not reach this one's
copy. The reader takes the version before counting, so a count read before a change is
stored under the version the change has already replaced, never under the new one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

# Kept a day; a count is read again after that or after any change.
TIMEOUT = 24 * 60 * 60


def _version_key(user_id: int) -> str:
    return f"notifications:unread:v:{user_id}"


def _count_key(user_id: int, version: str) -> str:
    return f"notifications:unread:{user_id}:{version}"


def _new_version(user_id: int) -> None:
    cache.set(_version_key(user_id), uuid.uuid4().hex, TIMEOUT)


def changed(user_id: int) -> None:
    """The user's unread notifications changed: replace the version now (reads inside this
    transaction count afresh) and again once it commits (a count read by another request
    before the commit is never kept)."""
    if not settings.CACHE_SHARED:
        return
    _new_version(user_id)
    transaction.on_commit(partial(_new_version, user_id))


def cached_count(user_id: int, count: Callable[[], int]) -> int:
    """`count()` for the user, from the cache while no change replaced its version."""
    if not settings.CACHE_SHARED:
        return count()
    key = _version_key(user_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, TIMEOUT)
        version = cache.get(key)
        if version is None:  # the cache keeps nothing: count every time
            return count()
    found = cache.get(_count_key(user_id, version))
    if found is None:
        found = count()
        cache.set(_count_key(user_id, version), found, TIMEOUT)
    return int(found)
