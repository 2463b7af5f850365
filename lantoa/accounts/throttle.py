"""Sign-in throttling, one policy for the sign-in page and `POST /api/v1/auth/token`: a
guesser gets the same number of attempts whether they use the page, the API or both.

`LOGIN_RATE_LIMIT` attempts per (IP address, login) and `LOGIN_RATE_LIMIT_PER_IP` per IP
address within any `LOGIN_RATE_WINDOW` seconds (sliding windows of the public-intake kit,
`lantoa.core.intake.limits`). A successful sign-in clears the account's counter from that
address; the address's own counter keeps running (a guesser who knows one password must not
reset their allowance for every other account).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.utils.translation import gettext as _

from lantoa.core.errors import DomainError
from lantoa.core.intake.limits import Limit


class SignInThrottled(DomainError):
    """Too many sign-in attempts; `retry_after` seconds until the next one is allowed."""

    code = "rate_limited"

    def __init__(self, *, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            _("Too many sign-in attempts. Please wait %(minutes)d minutes and try again.")
            % {"minutes": minutes},
            details={"retry_after": retry_after},
        )
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


def _account_key(ip: str | None, login: str) -> str:
    # The login as typed to sign in, without case: "Xa.Doan" and "xa.doan" share a counter.
    return f"{ip or ''}\x00{login.strip().lower()}"


def count_attempt(*, ip: str | None, login: str) -> None:
    """Count one sign-in attempt before the password is checked (a refused attempt checks
    nothing); raise `SignInThrottled` when it is one too many for the address or the
    account."""
    by_ip = per_ip().hit(ip or "")
    by_account = per_account().hit(_account_key(ip, login))
    if not (by_ip.allowed and by_account.allowed):
        by_ip.undo()  # a refused attempt counts nowhere (undo skips the refused one)
        by_account.undo()
        raise SignInThrottled(retry_after=max(by_ip.retry_after, by_account.retry_after))


def clear_failures(*, ip: str | None, login: str) -> None:
    """After a successful sign-in: the account's earlier failures from this address."""
    per_account().clear(_account_key(ip, login))
