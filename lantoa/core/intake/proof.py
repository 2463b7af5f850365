"""A light proof step for public forms: a small sum a person answers (issue 11, part 6).

Self-hosted and accessible: a question in words, in the page's language, answered in digits
in a plain text input; no image, no sound, no script, no third party, so it works without
JavaScript and under the strict CSP. It is not meant to stop a determined program (the hard
ceilings do that): it tells apart a person on a shared address from a flood, and lets the
person through.

The question travels as a signed token (django.core.signing, salted per use) holding the two
numbers and a nonce; it expires after `max_age` seconds and can be answered once (the nonce is
claimed in the cache, shared by servers), so a solved token cannot be replayed.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def number_word(n: int) -> str:
    """1–10 in words, in the active language (the question is read, not deciphered)."""
    return {
        1: pgettext("number", "one"),
        2: pgettext("number", "two"),
        3: pgettext("number", "three"),
        4: pgettext("number", "four"),
        5: pgettext("number", "five"),
        6: pgettext("number", "six"),
        7: pgettext("number", "seven"),
        8: pgettext("number", "eight"),
        9: pgettext("number", "nine"),
        10: pgettext("number", "ten"),
    }[n]


class Outcome(StrEnum):
    PASSED = "passed"
    WRONG = "wrong"  # a wrong or empty answer: ask again
    INVALID = "invalid"  # no token, a forged, expired or already used one: ask again


@dataclass(frozen=True)
class Question:
    token: str
    a: int
    b: int

    @property
    def text(self) -> str:
        return _("How much is %(a)s plus %(b)s?") % {
            "a": number_word(self.a),
            "b": number_word(self.b),
        }


@dataclass(frozen=True)
class ProofStep:
    """The proof step of one use (`use` salts its tokens and names its used nonces)."""

    use: str
    max_age: int = 1800

    @property
    def salt(self) -> str:
        return f"lantoa.{self.use}.proof"

    def ask(self) -> Question:
        a, b = 1 + secrets.randbelow(10), 1 + secrets.randbelow(10)
        nonce = secrets.token_urlsafe(12)
        token = signing.dumps({"a": a, "b": b, "n": nonce}, salt=self.salt)
        return Question(token=token, a=a, b=b)

    def check(self, token: str | None, answer: str | None) -> Outcome:
        data = self._read(token)
        if data is None:
            return Outcome.INVALID
        # One answer per question, right or wrong (no guessing through the sums): the first
        # server to claim the nonce wins; a wrong answer gets a new question.
        if not cache.add(f"proof:{self.use}:{data['n']}", 1, timeout=self.max_age + 60):
            return Outcome.INVALID
        typed = unicodedata.normalize("NFKC", answer or "").strip()
        if not typed.isdigit() or int(typed) != int(data["a"]) + int(data["b"]):
            return Outcome.WRONG
        return Outcome.PASSED

    def _read(self, token: str | None) -> dict[str, Any] | None:
        if not token:
            return None
        try:
            data = signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.BadSignature:  # SignatureExpired included
            return None
        if not isinstance(data, dict) or not {"a", "b", "n"} <= data.keys():
            return None
        return data
