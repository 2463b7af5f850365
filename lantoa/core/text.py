"""Text folding for Vietnamese: one function used at index time and at query time."""

from __future__ import annotations

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})
# Every combining mark (canonical combining class other than 0) dropped in one `translate`:
# a generator testing each character cost a 60-character title ~100 Python calls (a story
# page's link, a search's query and every indexed text; issue 15). Unicode has none past
# U+1FFFF (tests/core/test_text.py checks the whole range).
COMBINING_LIMIT = 0x20000
_COMBINING = dict.fromkeys(
    code for code in range(COMBINING_LIMIT) if unicodedata.combining(chr(code))
)


def fold(text: str) -> str:
    """NFC → lower → strip diacritics (đ→d) → collapse whitespace.

    "Nguyễn Văn Ân" and "nguyen van an" fold alike; so do NFC and NFD spellings and the
    old and new tone placements ("Hoà" / "Hòa").
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_D_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = decomposed.translate(_COMBINING)
    return " ".join(stripped.split())
