"""The sliding-window limiter of the public-intake kit, with time frozen."""

from __future__ import annotations

import datetime

import time_machine
from django.core.cache import cache

from lantoa.core.intake.limits import Limit, keyed_hash

UTC = datetime.UTC
FIVE_IN_TEN_MINUTES = Limit("test", limit=5, window=600)


def at(hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 23, hour, minute, second, tzinfo=UTC)


def test_a_burst_at_the_end_of_one_window_and_the_start_of_the_next_is_refused() -> None:
    # 09:10:00 is where a fixed ten-minute window would start afresh.
    with time_machine.travel(at(9, 9, 50), tick=False) as traveller:
        assert all(FIVE_IN_TEN_MINUTES.hit("k").allowed for _ in range(5))
        traveller.move_to(at(9, 10, 1))
        refused = FIVE_IN_TEN_MINUTES.hit("k")
        assert not refused.allowed
        # The five leave together with the slice 09:09–09:10, ten slices later.
        assert refused.retry_after == (at(9, 20) - at(9, 10, 1)).seconds


def test_old_hits_age_out_after_the_window_and_at_most_one_slice_more() -> None:
    with time_machine.travel(at(9, 0, 30), tick=False) as traveller:
        for _ in range(5):
            FIVE_IN_TEN_MINUTES.hit("k")
        traveller.move_to(at(9, 10, 29))  # 599 s later: still within the window
        assert FIVE_IN_TEN_MINUTES.is_blocked("k")
        assert not FIVE_IN_TEN_MINUTES.hit("k").allowed
        traveller.move_to(at(9, 11))  # 630 s later: the slice 09:00–09:01 has left
        assert FIVE_IN_TEN_MINUTES.count("k") == 0
        assert FIVE_IN_TEN_MINUTES.hit("k").allowed


def test_retry_after_is_exactly_when_the_next_hit_is_allowed() -> None:
    with time_machine.travel(at(9, 0, 5), tick=False) as traveller:
        for minute in range(5):  # one hit a minute, 09:00:05 … 09:04:05
            traveller.move_to(at(9, minute, 5))
            FIVE_IN_TEN_MINUTES.hit("k")
        traveller.move_to(at(9, 7, 40))
        wait = FIVE_IN_TEN_MINUTES.retry_after("k")
        assert wait == (at(9, 11) - at(9, 7, 40)).seconds
        traveller.shift(wait - 1)
        assert FIVE_IN_TEN_MINUTES.is_blocked("k") and not FIVE_IN_TEN_MINUTES.hit("k").allowed
        traveller.shift(1)
        assert FIVE_IN_TEN_MINUTES.retry_after("k") == 0
        assert FIVE_IN_TEN_MINUTES.hit("k").allowed
        # Only the oldest hit left: the sixth uses its place, the seventh waits for the next.
        assert not FIVE_IN_TEN_MINUTES.hit("k").allowed


def test_a_refused_hit_is_not_counted_and_an_undone_one_is_given_back_once() -> None:
    two = Limit("test", limit=2, window=60)
    first, second = two.hit("k"), two.hit("k")
    refused = two.hit("k")
    assert (first.allowed, second.allowed, refused.allowed) == (True, True, False)
    assert refused.retry_after > 0
    assert two.count("k") == 2
    refused.undo()  # it was never counted: nothing to give back
    assert two.count("k") == 2
    first.undo()
    first.undo()
    assert two.count("k") == 1
    assert two.hit("k").allowed


def test_keys_and_names_are_counted_apart_and_clear_forgets_one_key() -> None:
    FIVE_IN_TEN_MINUTES.hit("a")
    FIVE_IN_TEN_MINUTES.hit("a")
    FIVE_IN_TEN_MINUTES.hit("b")
    assert Limit("other", limit=5, window=600).count("a") == 0
    # The same name shares its counters whatever the limit (a policy tightened at run time).
    assert Limit("test", limit=1, window=600).is_blocked("a")
    FIVE_IN_TEN_MINUTES.clear("a")
    assert FIVE_IN_TEN_MINUTES.count("a") == 0
    assert FIVE_IN_TEN_MINUTES.count("b") == 1


def test_cache_keys_hold_no_address_phone_or_login() -> None:
    secrets_typed = ["203.0.113.7", "0912345678", "xa.doan@example.vn"]
    for value in secrets_typed:
        Limit("sign-in", limit=5, window=900).hit(value)
    keys = list(cache._cache)  # type: ignore[attr-defined]  # LocMemCache's own store
    assert len(keys) == 3
    for key in keys:
        assert not any(value in key for value in secrets_typed)
        assert "0912" not in key and "203.0" not in key
    # A keyed hash: the key cannot be found again without SECRET_KEY.
    digest = keyed_hash("sign-in\x00203.0.113.7", purpose="intake.limit")[:32]
    assert any(digest in key for key in keys)


def test_keyed_hashes_depend_on_the_purpose_and_the_secret(settings) -> None:
    ip_hash = keyed_hash("203.0.113.7", purpose="nominations.ip")
    assert len(ip_hash) == 64
    assert ip_hash != keyed_hash("203.0.113.7", purpose="intake.limit")
    settings.SECRET_KEY = "another secret key, long enough to be a real one at all"
    assert ip_hash != keyed_hash("203.0.113.7", purpose="nominations.ip")


def test_a_limit_of_zero_refuses_everything() -> None:
    closed = Limit("closed", limit=0, window=60)
    refused = closed.hit("k")
    assert not refused.allowed and refused.retry_after > 0
    assert closed.is_blocked("k") and closed.count("k") == 0
