"""Spam defences of the public nomination form, without third-party services.

- Honeypot: a text input (`HONEYPOT_FIELD`) that people never see or reach; a bot that fills
  it is answered exactly like a success (a fake tracking code) and nothing is stored.
- Minimum fill time: the form carries a signed token with the time it was first shown and a
  random nonce. No token, or a forged one, is a bot (fake success). A form sent faster than
  `NOMINATION_MIN_FILL_SECONDS` is shown again with a gentle message (a person never loses a
  report); the token keeps its first time when the form is shown again, so the second send
  passes. A token older than `NOMINATION_FORM_MAX_AGE` asks to check and send again.
- Rate limits: per IP address (`NOMINATION_RATE_PER_IP` in `NOMINATION_RATE_WINDOW` seconds)
  and per contact (the same phone or e-mail: `NOMINATION_RATE_PER_CONTACT` in
  `NOMINATION_CONTACT_WINDOW`). Counted through the Django cache (Redis in production, shared
  by every server) in a sliding window of 10 slices, so "6 within 10 minutes" is refused even
  across a slice boundary. Cache keys hold keyed hashes, never an address or a phone number.

Services call `reserve()` (the API gets the same limits); the form view calls `check_form()`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import math
import secrets
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.core.errors import DomainError

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "started"
_SALT = "lantoa.nominations.form"
_SLICES = 10

DEFAULTS: dict[str, int] = {
    "NOMINATION_MIN_FILL_SECONDS": 3,
    "NOMINATION_FORM_MAX_AGE": 24 * 3600,
    "NOMINATION_RATE_PER_IP": 5,
    "NOMINATION_RATE_WINDOW": 600,
    "NOMINATION_RATE_PER_CONTACT": 3,
    "NOMINATION_CONTACT_WINDOW": 24 * 3600,
    "NOMINATION_LOOKUP_MISSES_PER_IP": 20,
    "NOMINATION_MAX_PHOTOS": 4,
    "NOMINATION_MAX_CHARS": 5000,
}


def setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


# --- keyed hashes ---------------------------------------------------------------------------


def keyed_hash(value: str, *, purpose: str) -> str:
    key = f"lantoa.nominations.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def hash_ip(ip: str | None) -> str:
    """HMAC-SHA256 of the IP address with SECRET_KEY ("" when unknown)."""
    return keyed_hash(ip, purpose="ip") if ip else ""


# --- the form token -------------------------------------------------------------------------


@dataclass(frozen=True)
class FormToken:
    started: float
    nonce: str


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def issue_token(previous: FormToken | None = None) -> str:
    """A signed token for a rendered form; a form shown again keeps its first time."""
    token = previous or FormToken(started=time.time(), nonce=new_nonce())
    return signing.dumps({"t": token.started, "n": token.nonce}, salt=_SALT, compress=True)


def read_token(raw: str | None, *, max_age: int | None = None) -> FormToken | None:
    """The token, or None when missing or forged; raises `signing.SignatureExpired`."""
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    try:
        return FormToken(started=float(data["t"]), nonce=str(data["n"]))
    except (KeyError, TypeError, ValueError):
        return None


class Verdict(StrEnum):
    OK = "ok"
    BOT = "bot"  # honeypot filled, token missing or forged: fake success, store nothing
    TOO_FAST = "too_fast"  # show the form again with a message
    EXPIRED = "expired"  # show the form again with a message and a fresh token


@dataclass(frozen=True)
class FormCheck:
    verdict: Verdict
    token: FormToken | None = None


def check_form(data: Any) -> FormCheck:
    """Judge a posted form (a QueryDict or dict) before anything else is looked at."""
    if str(data.get(HONEYPOT_FIELD, "") or "").strip():
        return FormCheck(Verdict.BOT)
    try:
        token = read_token(data.get(TOKEN_FIELD), max_age=setting("NOMINATION_FORM_MAX_AGE"))
    except signing.SignatureExpired:
        return FormCheck(Verdict.EXPIRED)
    if token is None:
        return FormCheck(Verdict.BOT)
    if time.time() - token.started < setting("NOMINATION_MIN_FILL_SECONDS"):
        return FormCheck(Verdict.TOO_FAST, token)
    return FormCheck(Verdict.OK, token)


# --- sliding-window counters ----------------------------------------------------------------


def _slots(key: str, window: int) -> tuple[int, int, list[str]]:
    size = max(1, math.ceil(window / _SLICES))
    now_slot = int(time.time()) // size
    keys = [f"nomrl:{key}:{size}:{slot}" for slot in range(now_slot - _SLICES, now_slot + 1)]
    return size, now_slot, keys


def _count(keys: list[str]) -> dict[str, int]:
    return {k: int(v) for k, v in cache.get_many(keys).items()}


def _retry_after(counts: dict[str, int], keys: list[str], size: int, limit: int) -> int:
    """Seconds until enough of the oldest slices leave the window for one more attempt."""
    remaining = sum(counts.values())
    first_slot = int(keys[0].rsplit(":", 1)[1])
    for offset, key in enumerate(keys):
        remaining -= counts.get(key, 0)
        if remaining < limit:
            leaves_at = (first_slot + offset + _SLICES + 1) * size
            return max(1, int(leaves_at - time.time()))
    return size * (_SLICES + 1)


@dataclass
class Hit:
    """One counted attempt; `undo()` gives it back (nothing was stored after all)."""

    key: str
    allowed: bool
    retry_after: int = 0

    def undo(self) -> None:
        with contextlib.suppress(ValueError):  # expired meanwhile
            cache.decr(self.key)


def hit(key: str, *, limit: int, window: int) -> Hit:
    """Count one attempt; `allowed` is False once more than `limit` fell within `window`
    seconds (sliding, in slices of window/10: the window seen is 10 to 11 slices long).

    The attempt is counted before the total is read, so concurrent requests cannot slip
    past the limit together."""
    size, _now, keys = _slots(key, window)
    current = keys[-1]
    timeout = size * (_SLICES + 2)
    cache.add(current, 0, timeout=timeout)
    try:
        cache.incr(current)
    except ValueError:  # expired between add and incr
        cache.set(current, 1, timeout=timeout)
    counts = _count(keys)
    allowed = sum(counts.values()) <= limit
    retry = 0 if allowed else _retry_after(counts, keys, size, limit + 1)
    return Hit(current, allowed, retry)


def blocked(key: str, *, limit: int, window: int) -> bool:
    """Whether `limit` attempts already fell in the window (counts nothing)."""
    _size, _now, keys = _slots(key, window)
    return sum(_count(keys).values()) >= limit


# --- the limits -----------------------------------------------------------------------------


class RateLimited(DomainError):
    """Too many nominations from one address or one contact; nothing was stored."""

    code = "rate_limited"

    def __init__(self, message: Any, *, code: str, retry_after: int) -> None:
        super().__init__(message, code=code, details={"retry_after": retry_after})
        self.retry_after = retry_after


@dataclass
class Reservation:
    """The attempts counted for one nomination; `release()` if nothing was stored."""

    hits: list[Hit] = field(default_factory=list)

    def release(self) -> None:
        for counted in self.hits:
            counted.undo()
        self.hits = []


def contact_keys(phone: str, email: str) -> list[str]:
    """Rate-limit keys of a (normalised) phone and e-mail: keyed hashes, never the values."""
    keys = []
    if phone:
        keys.append("nom-contact:" + keyed_hash(phone, purpose="contact"))
    if email:
        keys.append("nom-contact:" + keyed_hash(email.lower(), purpose="contact"))
    return keys


def reserve(*, ip: str | None, phone: str = "", email: str = "") -> Reservation:
    """Count one nomination against its IP address and its contact, or raise `RateLimited`
    (then nothing stays counted). Call it after the input was validated."""
    reservation = Reservation()
    if ip:
        window = setting("NOMINATION_RATE_WINDOW")
        counted = hit(
            f"nom-ip:{hash_ip(ip)}", limit=setting("NOMINATION_RATE_PER_IP"), window=window
        )
        reservation.hits.append(counted)
        if not counted.allowed:
            reservation.release()
            minutes = max(1, window // 60)
            raise RateLimited(
                ngettext(
                    "Too many reports were sent from this connection in the last minute. "
                    "To protect the service from abuse, please wait a little and send it "
                    "again.",
                    "Too many reports were sent from this connection in the last %(minutes)d "
                    "minutes. To protect the service from abuse, please wait a little and send "
                    "it again.",
                    minutes,
                )
                % {"minutes": minutes},
                code="rate_limited_ip",
                retry_after=counted.retry_after,
            )
    window = setting("NOMINATION_CONTACT_WINDOW")
    for key in contact_keys(phone, email):
        counted = hit(key, limit=setting("NOMINATION_RATE_PER_CONTACT"), window=window)
        reservation.hits.append(counted)
        if not counted.allowed:
            reservation.release()
            hours = max(1, window // 3600)
            raise RateLimited(
                ngettext(
                    "Too many reports were sent with this phone number or e-mail address in "
                    "the last hour. Please try again later, or contact the Fatherland Front "
                    "committee of your commune directly.",
                    "Too many reports were sent with this phone number or e-mail address in "
                    "the last %(hours)d hours. Please try again later, or contact the "
                    "Fatherland Front committee of your commune directly.",
                    hours,
                )
                % {"hours": hours},
                code="rate_limited_contact",
                retry_after=counted.retry_after,
            )
    return reservation


def lookup_blocked(ip: str | None) -> bool:
    """Too many unknown tracking codes were asked for from this address (guessing)."""
    if not ip:
        return False
    return blocked(
        f"nom-lookup:{hash_ip(ip)}",
        limit=setting("NOMINATION_LOOKUP_MISSES_PER_IP"),
        window=setting("NOMINATION_RATE_WINDOW"),
    )


def note_lookup_miss(ip: str | None) -> None:
    if ip:
        hit(
            f"nom-lookup:{hash_ip(ip)}",
            limit=setting("NOMINATION_LOOKUP_MISSES_PER_IP"),
            window=setting("NOMINATION_RATE_WINDOW"),
        )


def lookup_refused_message() -> str:
    return _(
        "Too many codes that do not exist were checked from this connection. Please wait a few "
        "minutes and try again."
    )
