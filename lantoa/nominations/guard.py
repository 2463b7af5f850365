"""The nomination form's policy over the public-intake kit (`lantoa.core.intake`): which
limits, which settings, which messages. The mechanisms themselves live in the kit.

- Form guard (`FORM`): honeypot `website`, token `started`, minimum fill time
  `NOMINATION_MIN_FILL_SECONDS`, maximum age `NOMINATION_FORM_MAX_AGE`. A bot is answered
  like a success (a made-up tracking code) and nothing is stored.
- Rate limits, sliding windows in the Django cache (Redis in production, shared by servers),
  made for shared addresses (a commune office, a school, a mobile carrier):
  - a hard ceiling per IP address (`NOMINATION_IP_CEILING_PER_HOUR` in an hour) that nothing
    lifts;
  - a generous window per IP address (`NOMINATION_RATE_PER_IP` in `NOMINATION_RATE_WINDOW`
    seconds) for senders without a proven device; when it is full the form asks the proof
    step (`PROOF`, a small sum) instead of refusing (`ProofRequired`);
  - a device that passed the proof (a signed cookie, `DEVICE_COOKIE`) has its own allowance
    (`NOMINATION_RATE_PER_DEVICE` in `NOMINATION_RATE_WINDOW`) instead of the address's;
  - per contact (the same phone or e-mail: `NOMINATION_RATE_PER_CONTACT` in
    `NOMINATION_CONTACT_WINDOW`);
  - unknown tracking codes looked up per IP address (`NOMINATION_LOOKUP_MISSES_PER_IP` in
    `NOMINATION_RATE_WINDOW`).
  The kit hashes every key: no address, device or phone number in the cache.

Services call `reserve()` (the API gets the same limits, without the proof step: no cookie);
the form view calls `FORM.check()` and `PROOF.check()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.core.errors import DomainError
from lantoa.core.intake.guard import FormGuard
from lantoa.core.intake.limits import Hit, Limit, keyed_hash
from lantoa.core.intake.proof import ProofStep

DEFAULTS: dict[str, int] = {
    "NOMINATION_MIN_FILL_SECONDS": 3,
    "NOMINATION_FORM_MAX_AGE": 24 * 3600,
    "NOMINATION_RATE_PER_IP": 10,
    "NOMINATION_RATE_WINDOW": 600,
    "NOMINATION_RATE_PER_DEVICE": 5,
    "NOMINATION_IP_CEILING_PER_HOUR": 60,
    "NOMINATION_DEVICE_MAX_AGE": 30 * 24 * 3600,
    "NOMINATION_PROOF_MAX_AGE": 1800,
    "NOMINATION_RATE_PER_CONTACT": 3,
    "NOMINATION_CONTACT_WINDOW": 24 * 3600,
    "NOMINATION_LOOKUP_MISSES_PER_IP": 20,
    "NOMINATION_MAX_PHOTOS": 4,
    "NOMINATION_MAX_CHARS": 5000,
}

# "nominations" keeps the token salt the form had before the kit: forms open during an
# upgrade still pass.
FORM = FormGuard(
    use="nominations",
    min_fill_setting="NOMINATION_MIN_FILL_SECONDS",
    max_age_setting="NOMINATION_FORM_MAX_AGE",
    min_fill_default=DEFAULTS["NOMINATION_MIN_FILL_SECONDS"],
    max_age_default=DEFAULTS["NOMINATION_FORM_MAX_AGE"],
)


# The proof step asked when an address's window is full (a small sum in words).
PROOF = ProofStep(use="nominations", max_age=DEFAULTS["NOMINATION_PROOF_MAX_AGE"])
# The signed cookie of a device that passed the proof: a random id, its own allowance.
DEVICE_COOKIE = "lt_device"
DEVICE_SALT = "lantoa.nominations.device"
PROOF_FIELD = "proof"
PROOF_ANSWER_FIELD = "proof_answer"


def setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def hash_ip(ip: str | None) -> str:
    """HMAC-SHA256 of the IP address with SECRET_KEY ("" when unknown), as stored in
    `Nomination.ip_hash` (the same purpose as before the kit, so old rows still compare)."""
    return keyed_hash(ip, purpose="nominations.ip") if ip else ""


# Built on each call: tests and operators change the settings.
def per_ip() -> Limit:
    return Limit(
        "nominations-ip",
        limit=setting("NOMINATION_RATE_PER_IP"),
        window=setting("NOMINATION_RATE_WINDOW"),
    )


def per_device() -> Limit:
    return Limit(
        "nominations-device",
        limit=setting("NOMINATION_RATE_PER_DEVICE"),
        window=setting("NOMINATION_RATE_WINDOW"),
    )


def ip_ceiling() -> Limit:
    return Limit(
        "nominations-ip-hour", limit=setting("NOMINATION_IP_CEILING_PER_HOUR"), window=3600
    )


def per_contact() -> Limit:
    return Limit(
        "nominations-contact",
        limit=setting("NOMINATION_RATE_PER_CONTACT"),
        window=setting("NOMINATION_CONTACT_WINDOW"),
    )


def lookup_misses() -> Limit:
    return Limit(
        "nominations-lookup",
        limit=setting("NOMINATION_LOOKUP_MISSES_PER_IP"),
        window=setting("NOMINATION_RATE_WINDOW"),
    )


class RateLimited(DomainError):
    """Too many nominations from one address or one contact; nothing was stored."""

    code = "rate_limited"

    def __init__(self, message: Any, *, code: str, retry_after: int) -> None:
        super().__init__(message, code=code, details={"retry_after": retry_after})
        self.retry_after = retry_after


class ProofRequired(RateLimited):
    """The address's window is full and the sender has no proven device: a person answers
    the proof step and sends again (the API, without cookies, answers 429)."""


@dataclass
class Reservation:
    """The attempts counted for one nomination; `release()` if nothing was stored."""

    hits: list[Hit] = field(default_factory=list)

    def release(self) -> None:
        for counted in self.hits:
            counted.undo()
        self.hits = []


def contact_keys(phone: str, email: str) -> list[str]:
    """The keys a (normalised) phone and e-mail are counted under (the kit hashes them)."""
    return [key for key in (phone, email.lower()) if key]


def _ip_message(window: int) -> str:
    minutes = max(1, window // 60)
    return ngettext(
        "Too many reports were sent from this connection in the last minute. "
        "To protect the service from abuse, please wait a little and send it "
        "again.",
        "Too many reports were sent from this connection in the last %(minutes)d "
        "minutes. To protect the service from abuse, please wait a little and send "
        "it again.",
        minutes,
    ) % {"minutes": minutes}


def reserve(
    *, ip: str | None, phone: str = "", email: str = "", device: str | None = None
) -> Reservation:
    """Count one nomination, or raise `RateLimited` (then nothing stays counted). Call it
    after the input was validated.

    In order: the address's hard hourly ceiling (nothing lifts it); then the proven
    `device`'s own allowance if one is given, else the address's window (`ProofRequired`
    when it is full); then each contact."""
    reservation = Reservation()

    def refuse(error: RateLimited) -> None:
        reservation.release()
        raise error

    if ip:
        counted = ip_ceiling().hit(ip)
        reservation.hits.append(counted)
        if not counted.allowed:
            refuse(
                RateLimited(
                    _(
                        "Too many reports were sent from this connection in the last hour. "
                        "Please send yours later, or take it to the Fatherland Front "
                        "committee of your commune."
                    ),
                    code="rate_limited_ceiling",
                    retry_after=counted.retry_after,
                )
            )
    if device:
        limit = per_device()
        counted = limit.hit(device)
        reservation.hits.append(counted)
        if not counted.allowed:
            refuse(
                RateLimited(
                    _(
                        "Too many reports were sent from this device in the last "
                        "%(minutes)d minutes. Please wait a little and send it again."
                    )
                    % {"minutes": max(1, limit.window // 60)},
                    code="rate_limited_device",
                    retry_after=counted.retry_after,
                )
            )
    elif ip:
        limit = per_ip()
        counted = limit.hit(ip)
        reservation.hits.append(counted)
        if not counted.allowed:
            refuse(
                ProofRequired(
                    _ip_message(limit.window),
                    code="rate_limited_ip",
                    retry_after=counted.retry_after,
                )
            )
    limit = per_contact()
    for key in contact_keys(phone, email):
        counted = limit.hit(key)
        reservation.hits.append(counted)
        if not counted.allowed:
            hours = max(1, limit.window // 3600)
            refuse(
                RateLimited(
                    ngettext(
                        "Too many reports were sent with this phone number or e-mail address "
                        "in the last hour. Please try again later, or contact the Fatherland "
                        "Front committee of your commune directly.",
                        "Too many reports were sent with this phone number or e-mail address "
                        "in the last %(hours)d hours. Please try again later, or contact the "
                        "Fatherland Front committee of your commune directly.",
                        hours,
                    )
                    % {"hours": hours},
                    code="rate_limited_contact",
                    retry_after=counted.retry_after,
                )
            )
    return reservation


def lookup_blocked(ip: str | None) -> bool:
    """Too many unknown tracking codes were asked for from this address (guessing)."""
    if not ip:
        return False
    return lookup_misses().is_blocked(ip)


def note_lookup_miss(ip: str | None) -> None:
    if ip:
        lookup_misses().hit(ip)


def lookup_refused_message() -> str:
    return _(
        "Too many codes that do not exist were checked from this connection. Please wait a few "
        "minutes and try again."
    )
