"""Text folding for Vietnamese: one function used at index time and at query time."""

from __future__ import annotations

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """NFC → lower → strip diacritics (đ→d) → collapse whitespace.

    "Nguyễn Văn Ân" and "nguyen van an" fold alike; so do NFC and NFD spellings and the
    old and new tone placements ("Hoà" / "Hòa").
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_D_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())
