"""Sign-in throttling, one policy for the sign-in page and `POST /api/v1/auth/token`: a
guesser gets the same number of attempts whether they use the page, the API or both.

Only failures count (an office of thirty colleagues behind one address signs in all
morning without locking anyone out), in sliding windows of the public-intake kit
(`lantoa.core.intake.limits`):

- **Per account**, whatever was typed (username or e-mail, any case): `LOGIN_RATE_LIMIT`
  failures within `LOGIN_RATE_WINDOW` seconds, from any address. Beyond that a stranger
  waits until the oldest failure leaves the window.
- **A known source** — an address that signed in to this account before, or a browser
  holding the signed device cookie of this account — is never refused outright: once the
  account is over its limit it waits at most `LOGIN_KNOWN_SOURCE_DELAY` seconds after the
  account's last failure. So a guesser elsewhere cannot lock a colleague out of their own
  office computer.
- **Per address**: `LOGIN_RATE_LIMIT_PER_IP` failures within the same window, for any
  accounts (a guesser trying many accounts); known sources are not held by it.

An attempt is counted *before* the password is checked (the kit's `incr` is atomic, so
concurrent guesses cannot slip through together) and given back when it succeeds. A
success or a password reset clears the account's failures.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.core.errors import DomainError
from lantoa.core.intake.limits import Hit, Limit, keyed_hash

DEVICE_COOKIE = "lantoa_device"
_DEVICE_SALT = "lantoa.accounts.device"
_DEVICE_MAX_ACCOUNTS = 10  # a shared office computer: a few colleagues, not a whole commune


class SignInThrottled(DomainError):
    """Too many failed sign-ins; `retry_after` seconds until the next one is allowed."""

    code = "rate_limited"

    def __init__(self, *, retry_after: int) -> None:
        if retry_after < 120:
            message = _(
                "Too many sign-in attempts. Please wait %(seconds)d seconds and try again."
            ) % {"seconds": retry_after}
        else:
            message = _(
                "Too many sign-in attempts. Please wait %(minutes)d minutes and try again."
            ) % {"minutes": math.ceil(retry_after / 60)}
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after


# Built on each call: tests and operators change the settings.
def per_ip() -> Limit:
    return Limit(
        "sign-in-ip", limit=settings.LOGIN_RATE_LIMIT_PER_IP, window=settings.LOGIN_RATE_WINDOW
    )


def per_account() -> Limit:
    return Limit(
        "sign-in-account", limit=settings.LOGIN_RATE_LIMIT, window=settings.LOGIN_RATE_WINDOW
    )


def account_key(login: str) -> str:
    """One counter per account whatever was typed: its id when the login names one, else
    the login without case (guesses at a name that does not exist are slowed alike)."""
    login = login.strip()
    found = (
        User.objects.filter(Q(username__iexact=login) | (Q(email__iexact=login) & ~Q(email="")))
        .values_list("pk", flat=True)
        .first()
        if login
        else None
    )
    return f"user:{found}" if found is not None else f"login:{login.lower()}"


def _cache_key(kind: str, value: str) -> str:
    return f"sign-in:{kind}:{keyed_hash(value, purpose='accounts.sign-in')[:32]}"


def _is_known(key: str, ip: str | None, device: str | None) -> bool:
    if ip and cache.get(_cache_key("known-ip", f"{key}\x00{ip}")):
        return True
    return _device_mark(key) in _device_accounts(device)


def _device_mark(key: str) -> str:
    # The cookie names accounts by a keyed hash: whoever holds the browser learns no id.
    return keyed_hash(key, purpose="accounts.device")[:20]


def _device_accounts(device: str | None) -> list[str]:
    if not device:
        return []
    try:
        value = signing.loads(
            device, salt=_DEVICE_SALT, max_age=settings.LOGIN_KNOWN_SOURCE_DAYS * 86400
        )
    except signing.BadSignature:
        return []
    return [str(item) for item in value] if isinstance(value, list) else []


@dataclass
class Attempt:
    """One sign-in attempt that was let through; report how it ended."""

    key: str
    ip: str | None
    device: str | None
    hits: list[Hit] = field(default_factory=list)

    def succeeded(self) -> str:
        """Give the attempt back, clear the account's failures, remember this address.
        Returns the device cookie's new value (the browser now knows this account)."""
        for hit in self.hits:
            hit.undo()
        clear_account(self.key)
        days = settings.LOGIN_KNOWN_SOURCE_DAYS
        if self.ip:
            cache.set(_cache_key("known-ip", f"{self.key}\x00{self.ip}"), 1, timeout=days * 86400)
        mark = _device_mark(self.key)
        accounts = [mark, *(a for a in _device_accounts(self.device) if a != mark)]
        return signing.dumps(accounts[:_DEVICE_MAX_ACCOUNTS], salt=_DEVICE_SALT)

    def failed(self) -> None:
        """Keep the attempt counted and note when the account last failed (a known source
        waits from that moment)."""
        cache.set(
            _cache_key("last-failure", self.key), time.time(), timeout=settings.LOGIN_RATE_WINDOW
        )


def count_attempt(*, ip: str | None, login: str, device: str | None = None) -> Attempt:
    """Count one sign-in attempt before the password is checked (a refused attempt checks
    nothing); raise `SignInThrottled` when it is one too many."""
    key = account_key(login)
    known = _is_known(key, ip, device)
    by_ip = per_ip().hit(ip or "")
    by_account = per_account().hit(key)
    if by_account.allowed and (by_ip.allowed or known):
        return Attempt(key=key, ip=ip, device=device, hits=[by_ip, by_account])
    by_ip.undo()  # a refused attempt counts nowhere (undo skips the refused one)
    by_account.undo()
    if known:
        # Over the account's limit, but this address or browser signed in to it before: a
        # short, capped wait after the last failure, never a lock-out.
        last = cache.get(_cache_key("last-failure", key)) or 0.0
        wait = math.ceil(last + settings.LOGIN_KNOWN_SOURCE_DELAY - time.time())
        if wait <= 0:
            return Attempt(key=key, ip=ip, device=device)
        raise SignInThrottled(retry_after=wait)
    raise SignInThrottled(retry_after=max(by_ip.retry_after, by_account.retry_after))


def clear_account(key: str) -> None:
    """Forget the account's failures (a success, a password reset)."""
    per_account().clear(key)
    cache.delete(_cache_key("last-failure", key))


def clear_failures_of(user: User) -> None:
    """After a password reset: the account starts again with a clean slate."""
    clear_account(f"user:{user.pk}")
