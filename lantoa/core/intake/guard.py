"""The form guard of a public form: a honeypot field and a signed first-shown token.

- Honeypot: a text input that people never see or reach (`honeypot_field`); a bot that fills
  it should be answered exactly like a success, with nothing stored.
- Token: the form carries a signed token (django.core.signing, salted per use) with the time
  it was first shown and a random nonce. No token, or a forged one, is a bot (it never loaded
  the form). A form sent faster than the minimum fill time is `TOO_FAST`: shown again with a
  gentle message, keeping its first time, so the second send passes (a person never loses
  what they typed). A token older than the maximum age is `EXPIRED`.

The two times are settings whose names each use passes in (so each form is tuned on its own
and tests override them with pytest-django's `settings`); the defaults apply when a setting is
absent. The nonce identifies one rendered form, e.g. to answer a double submission once.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing


@dataclass(frozen=True)
class FormToken:
    started: float  # when the form was first shown (Unix time)
    nonce: str


class Verdict(StrEnum):
    OK = "ok"
    BOT = "bot"  # honeypot filled, token missing or forged: fake success, store nothing
    TOO_FAST = "too_fast"  # show the form again with a message, keeping the token
    EXPIRED = "expired"  # show the form again with a message and a fresh token


@dataclass(frozen=True)
class FormCheck:
    verdict: Verdict
    token: FormToken | None = None


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class FormGuard:
    """The guard of one public form. `use` salts its tokens: a token of one form is worth
    nothing on another. Settings are read on every check, not when the guard is built."""

    use: str
    min_fill_setting: str
    max_age_setting: str
    min_fill_default: int = 3
    max_age_default: int = 24 * 3600
    honeypot_field: str = "website"
    token_field: str = "started"

    @property
    def salt(self) -> str:
        return f"lantoa.{self.use}.form"

    def min_fill_seconds(self) -> int:
        return int(getattr(settings, self.min_fill_setting, self.min_fill_default))

    def max_age_seconds(self) -> int:
        return int(getattr(settings, self.max_age_setting, self.max_age_default))

    def issue_token(self, previous: FormToken | None = None) -> str:
        """A signed token for a rendered form; a form shown again keeps its first time."""
        token = previous or FormToken(started=time.time(), nonce=new_nonce())
        return signing.dumps({"t": token.started, "n": token.nonce}, salt=self.salt, compress=True)

    def expired_token(self) -> FormToken:
        """A fresh token for a form shown again after `EXPIRED`: its fill time starts at the
        epoch, so the person who already typed it all need not wait again."""
        return FormToken(started=0.0, nonce=new_nonce())

    def read_token(self, raw: str | None) -> FormToken | None:
        """The token, or None when missing or forged; raises `signing.SignatureExpired`."""
        if not raw:
            return None
        try:
            data = signing.loads(raw, salt=self.salt, max_age=self.max_age_seconds())
        except signing.SignatureExpired:
            raise
        except signing.BadSignature:
            return None
        try:
            return FormToken(started=float(data["t"]), nonce=str(data["n"]))
        except (KeyError, TypeError, ValueError):
            return None

    def check(self, data: Any) -> FormCheck:
        """Judge a posted form (a QueryDict or a dict) before anything else is looked at."""
        if str(data.get(self.honeypot_field, "") or "").strip():
            return FormCheck(Verdict.BOT)
        try:
            token = self.read_token(data.get(self.token_field))
        except signing.SignatureExpired:
            return FormCheck(Verdict.EXPIRED)
        if token is None:
            return FormCheck(Verdict.BOT)
        if time.time() - token.started < self.min_fill_seconds():
            return FormCheck(Verdict.TOO_FAST, token)
        return FormCheck(Verdict.OK, token)
