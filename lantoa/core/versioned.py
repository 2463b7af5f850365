"""Values cached under a version that writers replace (decision 128): the unread count
behind the bell, an actor's grants.

A reader asks for the version and the value in one round trip (`get_many`) and keeps the
value only if it was stored under the current version. It stores what it computed under
the version it read *before* computing, so a value read before a change commits is kept
under a version the change replaces (now, and again once its transaction commits): never
stale, with no lock. Only with a cache every process shares (`settings.CACHE_SHARED`):
with local memory per process, a change made in another process (the task worker) would
not reach this one's copy, so the value is computed every time.

With the project's Redis cache, a caller may name a `watch` prefix of its version keys
(decision 142): each process then keeps the versions it read and the values it read or
computed under them, and answers from that memory with no round trip while Redis reports
no write of any key under the prefix since the version was read (`core.key_watch`: one
connection per prefix and process, `CLIENT TRACKING … BCAST`; at most `TRUST_SECONDS` per
reading of a version; a doubt, an error or a fork ends the trust). A prefix shared by many
version keys (one per user) ends the trust of all of them on a write of any one: the next
request of each process reads its version again (and, the first time after a write, opens
the watch's connection again). Values kept in memory are handed out as they are: callers
must not change them."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

from lantoa.core.key_watch import KeyWatch, Mark

T = TypeVar("T")

# A day; a value is computed again after that or after any change of its version.
TIMEOUT = 24 * 60 * 60
# Most versions and values a process keeps per watched prefix (least recently used go).
LOCAL_MAX = 4_000

_MISSING = object()


class _Watched:
    """This process's memory of the versions under one prefix and of the values stored
    under them, trusted only while the prefix's `KeyWatch` reports no write (module doc)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._lock = threading.Lock()
        self._backend: object = None
        self._watch: KeyWatch | None = None
        # version key → (the watch, a mark taken before reading it, the version read)
        self._versions: OrderedDict[str, tuple[KeyWatch, Mark, str]] = OrderedDict()
        # value key → (the version it was stored under, the value)
        self._values: OrderedDict[str, tuple[str, Any]] = OrderedDict()

    def watch(self) -> KeyWatch | None:
        backend = caches["default"]
        if backend is not self._backend:  # first use, or tests that swap the cache
            with self._lock:
                self._backend = backend
                self._watch = KeyWatch.of_default_cache(self.prefix)
                self._versions.clear()
                self._values.clear()
        return self._watch

    def mark(self) -> tuple[KeyWatch, Mark] | None:
        """Take before reading a version; hand it to `remember` with what was read."""
        watch = self.watch()
        mark = watch.mark() if watch is not None else None
        return (watch, mark) if watch is not None and mark is not None else None

    def version(self, version_key: str) -> str | None:
        """The version last read, if certainly still the key's value; else None."""
        watch = self.watch()
        known = self._versions.get(version_key)
        if watch is None or known is None or known[0] is not watch:
            return None
        if not watch.unchanged_since(known[1]):
            return None
        return known[2]

    def value(self, value_key: str, version: str) -> Any:
        """The value kept under `version`, or `_MISSING`."""
        with self._lock:
            kept = self._values.get(value_key)
            if kept is None or kept[0] != version:
                return _MISSING
            self._values.move_to_end(value_key)
            return kept[1]

    def remember(
        self, marked: tuple[KeyWatch, Mark] | None, version_key: str, version: object
    ) -> None:
        with self._lock:
            if marked is None or marked[0] is not self._watch or not isinstance(version, str):
                self._versions.pop(version_key, None)
                return
            self._versions[version_key] = (marked[0], marked[1], version)
            self._versions.move_to_end(version_key)
            if len(self._versions) > LOCAL_MAX:
                self._versions.popitem(last=False)

    def keep(self, value_key: str, version: str, value: object) -> None:
        with self._lock:
            self._values[value_key] = (version, value)
            self._values.move_to_end(value_key)
            if len(self._values) > LOCAL_MAX:
                self._values.popitem(last=False)

    def forget(self, version_key: str) -> None:
        with self._lock:
            self._versions.pop(version_key, None)


_watched: dict[str, _Watched] = {}


def _watched_for(prefix: str) -> _Watched:
    found = _watched.get(prefix)
    if found is None:
        found = _watched.setdefault(prefix, _Watched(prefix))
    return found


def forget_local() -> None:
    """Forget every version and value this process keeps (tests)."""
    for watched in list(_watched.values()):
        with watched._lock:
            watched._versions.clear()
            watched._values.clear()


def _replace(version_key: str) -> None:
    cache.set(version_key, uuid.uuid4().hex, TIMEOUT)
    # Redis reports the write to every process's watch; this one need not wait for it.
    for prefix, watched in list(_watched.items()):
        if version_key.startswith(prefix):
            watched.forget(version_key)


def changed(version_key: str) -> None:
    """What the version covers changed: replace it now (reads inside this transaction
    compute afresh) and once the transaction commits (a value another request computed
    before the commit is not kept)."""
    if not settings.CACHE_SHARED:
        return
    _replace(version_key)
    transaction.on_commit(lambda: _replace(version_key))


def cached(
    version_key: str, value_key: str, compute: Callable[[], T], *, watch: str | None = None
) -> T:
    """`compute()`, from the cache while `version_key` is unchanged. With `watch` (a prefix
    of `version_key`), from this process's memory while Redis reports no write under the
    prefix (module doc)."""
    if not settings.CACHE_SHARED:
        return compute()
    watched = _watched_for(watch) if watch is not None else None
    marked = None
    if watched is not None:
        known = watched.version(version_key)
        if known is not None:
            kept = watched.value(value_key, known)
            if kept is not _MISSING:
                return kept  # type: ignore[no-any-return]
            return _value(watched, known, value_key, cache.get(value_key), compute)
        marked = watched.mark()  # before reading the version
    found: dict[str, Any] = cache.get_many([version_key, value_key])
    version = found.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, TIMEOUT)
        version = cache.get(version_key)
        if version is None:  # the cache keeps nothing: compute every time
            return compute()
    if watched is not None:
        watched.remember(marked, version_key, version)
    return _value(watched, version, value_key, found.get(value_key), compute)


def _value(
    watched: _Watched | None, version: Any, value_key: str, stored: Any, compute: Callable[[], T]
) -> T:
    """The value stored under `version` if `stored` is one, else computed and stored."""
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        value: T = stored[1]
    else:
        value = compute()
        cache.set(value_key, (version, value), TIMEOUT)
    if watched is not None and isinstance(version, str):
        watched.keep(value_key, version, value)
    return value
