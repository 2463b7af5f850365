"""`versioned.cached(…, watch=prefix)` with Redis (decision 142): a value is answered from
this process's memory, with no round trip, only while Redis reports no write under the
prefix; a write made here or elsewhere is never followed by the old value."""

from __future__ import annotations

import itertools
import os

import pytest
from django.core.cache import cache

from lantoa.core import key_watch, versioned
from tests.redis_cache import Commands, elsewhere, soon, use_redis

PREFIX = "test:v:"


@pytest.fixture
def prefix(settings):
    for prefix in use_redis(settings):
        # Versions exist before the watch connects (a version's first `add` is a write
        # under the prefix, which ends the trust once; tested below).
        for user in (1, 2):
            elsewhere(prefix).set(f"{PREFIX}{user}", "first", None)
        yield prefix


class Counter:
    """A computed value that changes every time it is computed."""

    def __init__(self) -> None:
        self.calls = itertools.count(1)
        self.computed = 0

    def __call__(self) -> int:
        self.computed = next(self.calls)
        return self.computed


def _cached(user: int, compute: Counter) -> int:
    return versioned.cached(f"{PREFIX}{user}", f"test:value:{user}", compute, watch=PREFIX)


def test_a_value_is_answered_from_memory_until_its_version_is_written_elsewhere(
    prefix, monkeypatch
) -> None:
    compute, redis_commands = Counter(), Commands(monkeypatch)
    assert _cached(1, compute) == 1
    for _ in range(3):
        assert redis_commands.during(lambda: _cached(1, compute)) == (1, 0)
    assert compute.computed == 1

    elsewhere(prefix).set(f"{PREFIX}1", "another process's change", None)
    assert soon(lambda: versioned._watched[PREFIX].version(f"{PREFIX}1") is None)
    assert _cached(1, compute) == 2  # computed afresh under the new version
    assert redis_commands.during(lambda: _cached(1, compute)) == (2, 0)


def test_a_write_of_another_key_under_the_prefix_ends_the_trust_of_all(prefix, monkeypatch) -> None:
    compute, redis_commands = Counter(), Commands(monkeypatch)
    assert _cached(1, compute) == 1
    elsewhere(prefix).set(f"{PREFIX}2", "someone else's change", None)
    assert soon(lambda: versioned._watched[PREFIX].version(f"{PREFIX}1") is None)
    value, sent = redis_commands.during(lambda: _cached(1, compute))
    assert value == 1 and sent == 1  # its version read again; its value still good
    assert redis_commands.during(lambda: _cached(1, compute)) == (1, 0)


def test_a_change_made_in_this_process_is_seen_at_once(
    prefix, monkeypatch, db, django_capture_on_commit_callbacks
) -> None:
    compute = Counter()
    assert _cached(1, compute) == 1
    # Keep Redis's report from being read: only the process's own forgetting can act.
    monkeypatch.setattr(key_watch.KeyWatch, "_poll", lambda self: None)
    assert _cached(1, compute) == 1
    with django_capture_on_commit_callbacks(execute=True):
        versioned.changed(f"{PREFIX}1")
        assert _cached(1, compute) == 2  # inside the transaction
    assert _cached(1, compute) == 3  # replaced again on commit
    assert _cached(1, compute) == 3


def test_a_stale_value_is_never_served_after_a_write(prefix) -> None:
    """Another process replaces the version, then the value it stands for; from the moment
    the report is read, every answer is the new value."""
    other = elsewhere(prefix)
    truth = {"value": 0}
    for round_ in range(1, 30):
        assert _cached(1, lambda: truth["value"]) == truth["value"]
        truth["value"] = round_
        other.set(f"{PREFIX}1", f"version {round_}", None)
        assert soon(lambda: _cached(1, lambda: truth["value"]) == truth["value"])
        for _ in range(3):
            assert _cached(1, lambda: truth["value"]) == round_


def test_a_value_read_before_a_write_is_not_kept_under_the_new_version(prefix) -> None:
    """The version is read (and marked) before computing: a write during the computation
    leaves the value under the replaced version, in Redis and in memory."""
    other = elsewhere(prefix)

    def computed_while_written() -> str:
        other.set(f"{PREFIX}1", "written meanwhile", None)
        return "old"

    assert _cached_str(computed_while_written) == "old"
    assert soon(lambda: versioned._watched[PREFIX].version(f"{PREFIX}1") is None)
    assert _cached_str(lambda: "new") == "new"
    assert _cached_str(lambda: "never asked") == "new"


def _cached_str(compute) -> str:
    return versioned.cached(f"{PREFIX}1", "test:value:1", compute, watch=PREFIX)


def test_creating_a_missing_version_is_a_write_like_any_other(prefix, monkeypatch) -> None:
    compute, redis_commands = Counter(), Commands(monkeypatch)
    assert _cached(3, compute) == 1  # no version yet: one is added
    assert soon(lambda: versioned._watched[PREFIX].version(f"{PREFIX}3") is None)
    assert redis_commands.during(lambda: _cached(3, compute)) == (1, 1)
    assert redis_commands.during(lambda: _cached(3, compute)) == (1, 0)


def test_a_mark_older_than_the_cap_reads_the_version_again(prefix, monkeypatch) -> None:
    compute, redis_commands = Counter(), Commands(monkeypatch)
    _cached(1, compute)
    monkeypatch.setattr(key_watch, "TRUST_SECONDS", 0.0)
    assert redis_commands.during(lambda: _cached(1, compute)) == (1, 1)


def test_a_forked_process_reads_the_version_again(prefix, monkeypatch) -> None:
    compute, redis_commands = Counter(), Commands(monkeypatch)
    _cached(1, compute)
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as a forked child sees itself
    assert redis_commands.during(lambda: _cached(1, compute)) == (1, 1)


def test_an_unreachable_watch_reads_redis_every_time(prefix, monkeypatch) -> None:
    compute, redis_commands = Counter(), Commands(monkeypatch)
    monkeypatch.setattr(key_watch.KeyWatch, "_connect", lambda self: False)
    versioned._watched.pop(PREFIX, None)
    assert redis_commands.during(lambda: _cached(1, compute)) == (1, 2)  # read, store
    for _ in range(3):
        assert redis_commands.during(lambda: _cached(1, compute)) == (1, 1)
    assert compute.computed == 1


def test_without_redis_nothing_is_kept_in_memory(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CACHE_SHARED = True
    cache.clear()
    compute = Counter()
    assert _cached(1, compute) == 1 and _cached(1, compute) == 1  # from the local cache
    cache.delete(f"{PREFIX}1")  # as a change would replace it
    assert _cached(1, compute) == 2
    settings.CACHE_SHARED = False
    assert _cached(1, compute) == 3 and _cached(1, compute) == 4
