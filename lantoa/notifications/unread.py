"""The unread count behind the bell, cached per user under a version that the
notification services replace on every change (`lantoa.core.versioned`, decision 128).

With Redis, each process answers from its memory while Redis reports no write of any
user's unread version (one watch over `VERSION_PREFIX`, decision 142): a new notification
for anyone makes every process read its users' versions again once, which is cheap next to
the page views between two notifications."""

from __future__ import annotations

from collections.abc import Callable

from lantoa.core import versioned

VERSION_PREFIX = "notifications:unread:v:"


def _version_key(user_id: int) -> str:
    return f"{VERSION_PREFIX}{user_id}"


def changed(user_id: int) -> None:
    """The user's unread notifications changed (a notification service)."""
    versioned.changed(_version_key(user_id))


def cached_count(user_id: int, count: Callable[[], int]) -> int:
    """`count()` for the user, from the cache while no change replaced its version."""
    return versioned.cached(
        _version_key(user_id), f"notifications:unread:{user_id}", count, watch=VERSION_PREFIX
    )
