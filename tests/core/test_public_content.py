"""Announcing a public change: cached public pages stop being trusted at once and again at
commit, so a page rendered in between never carries the new token with old content."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from lantoa.core.public_content import (
    GENERATION_KEY,
    announce_public_change,
    new_generation_if_missing,
)

pytestmark = pytest.mark.django_db


def test_the_token_changes_now_and_again_on_commit(django_capture_on_commit_callbacks) -> None:
    new_generation_if_missing()
    before = cache.get(GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        announce_public_change()
        during = cache.get(GENERATION_KEY)
        cache.set(GENERATION_KEY, "rendered-in-between")
    after = cache.get(GENERATION_KEY)
    assert len({before, during, after, "rendered-in-between"}) == 4


def test_a_rolled_back_change_still_changed_the_token_once() -> None:
    from django.db import transaction

    new_generation_if_missing()
    before = cache.get(GENERATION_KEY)
    with transaction.atomic():
        announce_public_change()
        transaction.set_rollback(True)
    # Distrusting pages once too often costs a query; trusting one too long shows a story
    # that was taken down.
    assert cache.get(GENERATION_KEY) != before


def test_a_missing_token_is_started_but_an_existing_one_is_kept() -> None:
    cache.delete(GENERATION_KEY)
    new_generation_if_missing()
    first = cache.get(GENERATION_KEY)
    assert first
    new_generation_if_missing()
    assert cache.get(GENERATION_KEY) == first
