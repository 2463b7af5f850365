"""Tracking codes: 10 characters from an alphabet without look-alikes, shown as LT-XXXXX-XXXXX.

Stored normalised (the 10 characters, upper case, no prefix, no dash). A code typed back by a
citizen is read case-insensitively, with or without the "LT" prefix, dashes or spaces.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
LENGTH = 10
PREFIX = "LT"
_SEPARATORS = re.compile(r"[\s\-_.·–—]+")
_VALID = re.compile(rf"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    """A fresh random code, normalised (32^10 ≈ 10^15 possibilities)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str | None) -> str | None:
    """The stored form of a typed code, or None if it cannot be one."""
    text = _SEPARATORS.sub("", (typed or "").strip()).upper()
    if len(text) == LENGTH + len(PREFIX) and text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    return text if _VALID.fullmatch(text) else None


def display(code: str) -> str:
    """LT-ABCDE-23456: how the code is shown and written down."""
    half = LENGTH // 2
    return f"{PREFIX}-{code[:half]}-{code[half:]}"
