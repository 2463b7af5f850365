"""One sliding-window rate limiter through the Django cache.

The cache is Redis in production, shared by every app server, so a limit holds however many
servers answer. A window of `window` seconds is counted in `slices` counters (one per
window/slices seconds); a hit adds one to the current slice, and the total is the sum of the
current slice and the `slices` before it. So:

- no more than `limit` hits are allowed within any `window` seconds: a burst at the end of
  one window and another at the start of the next are counted together (a fixed window would
  let twice the limit through);
- a hit is forgotten between `window` and `window + window/slices` seconds after it was made.

The hit is counted before the total is read (`incr` is atomic), so concurrent requests cannot
slip past the limit together. Cache keys hold a keyed hash (HMAC-SHA256 with `SECRET_KEY`) of
the limit's name and the caller's key: never an IP address, a phone number or a username.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of `value` with `SECRET_KEY`, separated by `purpose` (64 hex digits): the
    same value gives unrelated hashes for two purposes, and nobody without the key can test
    a guess (an IPv4 address or a phone number is easy to enumerate with a plain hash)."""
    key = f"lantoa.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


@dataclass
class Hit:
    """One attempt. An allowed one is counted until `undo()` gives it back (e.g. nothing was
    stored after all); a refused one was never counted."""

    cache_key: str
    allowed: bool
    retry_after: int = 0  # seconds until one more hit would be allowed; 0 when allowed

    def undo(self) -> None:
        if self.allowed:
            self.allowed = False  # undo twice gives back once
            _decr(self.cache_key)


def _decr(cache_key: str) -> None:
    with contextlib.suppress(ValueError):  # the slice expired meanwhile
        cache.decr(cache_key)


@dataclass(frozen=True)
class Limit:
    """At most `limit` hits per key within any `window` seconds.

    Build one where it is used, from settings read at that moment (tests override them):
    `Limit("sign-in-ip", limit=settings.LOGIN_RATE_LIMIT_PER_IP, window=900)`. Two limits
    with the same name share their counters, whatever their `limit`.
    """

    name: str
    limit: int
    window: int  # seconds
    slices: int = 10

    def hit(self, key: str) -> Hit:
        """Count one attempt under `key`; `allowed` is False once it is one too many.

        A refused attempt is not counted: someone who keeps trying while refused is let in
        again as soon as their earlier attempts leave the window (and a shared address,
        such as a commune office behind one router, is not locked out for longer)."""
        size, keys = self._slots(key)
        current = keys[-1]
        timeout = size * (self.slices + 2)
        cache.add(current, 0, timeout=timeout)
        try:
            cache.incr(current)
        except ValueError:  # expired between add and incr
            cache.set(current, 1, timeout=timeout)
        counts = self._counts(keys)
        if sum(counts) <= self.limit:
            return Hit(current, True)
        _decr(current)
        counts[-1] -= 1
        return Hit(current, False, self._wait(counts, size, keys, allowed_total=self.limit - 1))

    def count(self, key: str) -> int:
        """The hits under `key` still within the window (counts nothing)."""
        _size, keys = self._slots(key)
        return sum(self._counts(keys))

    def is_blocked(self, key: str) -> bool:
        """Whether the next hit under `key` would be refused (counts nothing)."""
        return self.count(key) >= self.limit

    def retry_after(self, key: str) -> int:
        """Seconds until the next hit under `key` would be allowed; 0 if it would be now."""
        size, keys = self._slots(key)
        counts = self._counts(keys)
        if sum(counts) < self.limit:
            return 0
        return self._wait(counts, size, keys, allowed_total=self.limit - 1)

    def clear(self, key: str) -> None:
        """Forget every hit under `key` (a successful sign-in clears the account's failures)."""
        _size, keys = self._slots(key)
        cache.delete_many(keys)

    # The slices of the window that ends now, oldest first, as cache keys.
    def _slots(self, key: str) -> tuple[int, list[str]]:
        size = max(1, math.ceil(self.window / self.slices))
        now_slot = int(time.time()) // size
        digest = keyed_hash(f"{self.name}\x00{key}", purpose="intake.limit")[:32]
        prefix = f"lim:{self.name}:{digest}:{size}"
        return size, [f"{prefix}:{slot}" for slot in range(now_slot - self.slices, now_slot + 1)]

    @staticmethod
    def _counts(keys: list[str]) -> list[int]:
        found = cache.get_many(keys)
        return [int(found.get(k, 0)) for k in keys]

    # Seconds until enough of the oldest slices have left the window that at most
    # `allowed_total` hits remain (then one more is allowed).
    def _wait(self, counts: list[int], size: int, keys: list[str], *, allowed_total: int) -> int:
        remaining = sum(counts)
        first_slot = int(keys[0].rsplit(":", 1)[1])
        for offset, counted in enumerate(counts):
            remaining -= counted
            if remaining <= allowed_total:
                # Slice `first_slot + offset` stops being summed once the current slice is
                # `slices` after it, i.e. at the start of slice first_slot + offset + slices + 1.
                leaves_at = (first_slot + offset + self.slices + 1) * size
                return max(1, math.ceil(leaves_at - time.time()))
        return size * (self.slices + 1)
