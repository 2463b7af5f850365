"""Values cached under a version that writers replace (decision 128): the unread count
behind the bell, an actor's grants.

A reader asks for the version and the value in one round trip (`get_many`) and keeps the
value only if it was stored under the current version. It stores what it computed under
the version it read *before* computing, so a value read before a change commits is kept
under a version the change replaces (now, and again once its transaction commits): never
stale, with no lock. Only with a cache every process shares (`settings.CACHE_SHARED`):
with local memory per process, a change made in another process (the task worker) would
not reach this one's copy, so the value is computed every time."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# A day; a value is computed again after that or after any change of its version.
TIMEOUT = 24 * 60 * 60


def _replace(version_key: str) -> None:
    cache.set(version_key, uuid.uuid4().hex, TIMEOUT)


def changed(version_key: str) -> None:
    """What the version covers changed: replace it now (reads inside this transaction
    compute afresh) and once the transaction commits (a value another request computed
    before the commit is not kept)."""
    if not settings.CACHE_SHARED:
        return
    _replace(version_key)
    transaction.on_commit(lambda: _replace(version_key))


def cached(version_key: str, value_key: str, compute: Callable[[], T]) -> T:
    """`compute()`, from the cache while `version_key` is unchanged."""
    if not settings.CACHE_SHARED:
        return compute()
    found: dict[str, Any] = cache.get_many([version_key, value_key])
    version = found.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, TIMEOUT)
        version = cache.get(version_key)
        if version is None:  # the cache keeps nothing: compute every time
            return compute()
    stored = found.get(value_key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return stored[1]  # type: ignore[no-any-return]
    value = compute()
    cache.set(value_key, (version, value), TIMEOUT)
    return value
