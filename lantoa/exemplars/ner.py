"""An optional extra signal for other people's names: underthesea's Vietnamese NER.

`underthesea` (9.5, the `ner` extra: `pip install -e '.[ner]'`) runs offline with its
bundled model (~0.5 s to load, then milliseconds a story) but weighs ~100 MB with its
dependencies, so it is not installed by default. When it is missing, or fails, this
returns nothing and the rule-based checks of `disclosure` stand alone: they catch a form of
address before a name ("bà Phạm Thị Lan"); the recogniser adds names written without one.
Its labels are a hint, not proof (it calls "Nguyễn Văn Ân" a place in some sentences), which
is why every hit can be confirmed as a false match.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)


@cache
def _recogniser() -> Any:
    if not getattr(settings, "PUBLIC_TEXT_NER", True):
        return None
    if importlib.util.find_spec("underthesea") is None:
        return None
    try:
        from underthesea import ner  # an optional dependency: imported only when installed

        return ner
    except Exception:  # a broken install must not stop publishing
        logger.exception("underthesea is installed but cannot be loaded")
        return None


def person_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each name the recogniser tags as a person in `text`."""
    recognise = _recogniser()
    if recognise is None or not text.strip():
        return []
    try:
        tokens = recognise(text)
    except Exception:
        logger.exception("underthesea failed on a public text")
        return []
    spans: list[tuple[int, int]] = []
    at = 0
    current: list[int] | None = None
    for token in tokens:
        word, label = token[0], token[-1]
        start = text.find(word, at)
        if start < 0:
            current = None
            continue
        end = start + len(word)
        at = end
        if label == "B-PER" or (label == "I-PER" and current is None):
            current = [start, end]
            spans.append((start, end))
        elif label == "I-PER" and current is not None:
            current[1] = end
            spans[-1] = (current[0], end)
        else:
            current = None
    return [(s, e) for s, e in spans if text[s:e][:1].isupper()]
