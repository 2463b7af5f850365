"""Action codes as sentences a person reads, in their language.

Each app that writes events owns its sentences (`<app>/audit_actions.py`, registered from its
`AppConfig.ready()`), so a new action is described where it is written; the audit app only
keeps the register. An unknown code is shown as itself: an event is never hidden or
renamed because nobody described it yet.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise

_SENTENCES: dict[str, Promise | str] = {}


def register(sentences: Mapping[str, Promise | str]) -> None:
    _SENTENCES.update(sentences)


def describe(action: str) -> str:
    """The sentence for `action` in the active language; the code itself if none."""
    found = _SENTENCES.get(action)
    return str(found) if found is not None else action


def described() -> frozenset[str]:
    return frozenset(_SENTENCES)
