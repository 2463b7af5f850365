"""Readable random codes that people write down and type back (tracking codes, later receipt
codes and one-time codes), each use with its own prefix.

A code is stored normalised: its characters only, upper case, without prefix or dashes. It is
shown with the prefix and in groups (`LT-ABCDE-23456`). A typed code is read tolerantly:
lower case, spaces, dashes, dots, full-width characters, with or without the prefix, and the
look-alikes an alphabet left out read as the digit they stand for when the alphabet holds
that digit (O→0, I and L→1, Z→2, S→5, B→8: a digits-only one-time code typed "1O2S" is
"1025"). The default alphabet holds neither O nor 0, neither I nor 1, so nothing is mapped.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lantoa.core.errors import DomainError

# 32 symbols without the look-alikes O/0 and I/1: 5 bits a character.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# What people misread or mistype, and what they most likely meant.
LOOK_ALIKES = {"O": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8"}
_SEPARATORS = re.compile(r"[\s\-_.·–—‐‑/]+")

T = TypeVar("T")


class CodeCollision(DomainError):
    """No free code was found in a few attempts: practically impossible unless the codes are
    too short for their use."""

    code = "code_collision"


@dataclass(frozen=True)
class CodeFormat:
    """The codes of one use: `CodeFormat(prefix="LT", length=10)` → `LT-ABCDE-23456`."""

    prefix: str
    length: int = 10
    group: int = 5  # characters between dashes when shown
    alphabet: str = ALPHABET

    def __post_init__(self) -> None:
        if len(set(self.alphabet)) != len(self.alphabet) or self.alphabet != self.alphabet.upper():
            raise ValueError("A code alphabet is upper case, each character once.")

    def new_code(self) -> str:
        """A fresh random code, normalised (`len(alphabet) ** length` possibilities)."""
        return "".join(secrets.choice(self.alphabet) for _ in range(self.length))

    def normalise(self, typed: str | None) -> str | None:
        """The stored form of a typed code, or None if it cannot be one of this use's."""
        text = unicodedata.normalize("NFKC", typed or "")
        text = _SEPARATORS.sub("", text).upper()
        if len(text) == self.length + len(self.prefix) and text.startswith(self.prefix):
            text = text[len(self.prefix) :]
        if len(text) != self.length:
            return None
        text = "".join(self._read(char) for char in text)
        return text if all(char in self.alphabet for char in text) else None

    def display(self, code: str) -> str:
        """How a (normalised) code is shown and written down: prefix, then groups."""
        parts = [code[i : i + self.group] for i in range(0, len(code), self.group)]
        return "-".join([self.prefix, *parts] if self.prefix else parts)

    def create_unique(self, create: Callable[[str], T], *, attempts: int = 5) -> T:
        """`create(code)` with a fresh code, again with another while the database refuses a
        duplicate (IntegrityError on the unique column); `CodeCollision` after `attempts`."""
        for _attempt in range(attempts):
            try:
                with transaction.atomic():
                    return create(self.new_code())
            except IntegrityError:
                continue
        raise CodeCollision(_("Please try again."))

    def _read(self, char: str) -> str:
        if char in self.alphabet:
            return char
        meant = LOOK_ALIKES.get(char, char)
        return meant if meant in self.alphabet else char
