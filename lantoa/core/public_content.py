"""Announcing that public content changed, for the caches that serve it.

Cached public pages (`lantoa.portal.views.common.public_cache`) are stored with a token,
the *generation*, and trusted without a database check while it has not changed (with a
shared cache: decision 25 in `docs/decisions.md`). Every write that shows, alters or hides
something on a public page calls `announce_public_change()` inside its transaction. It
replaces the token at once, and again when the transaction commits: a page rendered in
between would otherwise carry the new token and the old content.

A takedown itself stays in the transaction that causes it (the content is hidden when the
transaction commits, not when a task runs); this only tells the caches. A domain with a
search index enqueues its own documents as well (stories:
`lantoa.exemplars.stories.index.announce_story_change`).
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

from lantoa.core.key_watch import WatchedValue

GENERATION_KEY = "portal:generation"


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def new_generation_if_missing() -> None:
    """A token evicted or never set: start a fresh one (never equal to an older token)."""
    cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def announce_public_change() -> None:
    """Public content changed: no cached public page is trusted without a check from now
    on, nor after the caller's transaction commits (or at once outside a transaction)."""
    _new_generation()
    transaction.on_commit(_new_generation)


# --- Names a public page shows from other tables ---------------------------------------

# The version of the catalogue entries and administrative units public pages name
# (`lantoa.exemplars.names` keeps them per process while it is unchanged).
NAMES_VERSION_KEY = "public:names:version"


def _new_names_version() -> None:
    cache.set(NAMES_VERSION_KEY, uuid.uuid4().hex, timeout=None)


# This process's copy of the names version, trusted while Redis reports no write of it.
_names_version = WatchedValue(NAMES_VERSION_KEY)


def names_version() -> str:
    """The current names version (a fresh one when it was evicted or never set): from this
    process's memory while Redis reports no write of it (`core.key_watch`), else one cache
    `GET` (every time with a cache of the process's own)."""
    return _names_version.get(_read_names_version)


def _read_names_version() -> str:
    version = cache.get(NAMES_VERSION_KEY)
    if version is None:
        cache.add(NAMES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(NAMES_VERSION_KEY)
    return str(version)


def announce_names_change() -> None:
    """A catalogue entry or an administrative unit was created or changed: every process
    reads such names again for its next public page, from now on and after the caller's
    transaction commits (a page rendered in between would otherwise keep the old name
    under the new version)."""
    _new_names_version()
    transaction.on_commit(_new_names_version)
