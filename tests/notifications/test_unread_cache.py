"""The bell's unread count cached per user with a shared cache (decision 128): never
stale after a notification service changed it, and counted every time without one."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.notifications import unread
from lantoa.notifications.selectors import unread_count
from lantoa.notifications.services import mark_all_read, mark_read, notify
from tests.personas import World
from tests.staff.helpers import page_text


@pytest.fixture
def shared(settings):
    settings.CACHE_SHARED = True
    cache.clear()
    yield
    cache.clear()


def _counts(user) -> tuple[int, int]:
    """The count and how many queries reading it took."""
    with CaptureQueriesContext(connection) as queries:
        found = unread_count(user)
    return found, len([q for q in queries if "notifications_notification" in q["sql"]])


def test_a_count_is_read_once_then_from_the_cache(shared, world: World) -> None:
    user = world.user("xa.doan")
    notify(user=user, kind="test", title="Một")
    assert _counts(user) == (1, 1)
    assert _counts(user) == (1, 0)


def test_every_service_change_is_counted_at_once(
    shared, world: World, django_capture_on_commit_callbacks
) -> None:
    user, other = world.user("xa.doan"), world.user("xab.doan")
    assert unread_count(user) == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(user=user, kind="test", title="Một")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="test", title="Hai")
        notify(user=other, kind="test", title="Của người khác")
    assert unread_count(user) == 2 and unread_count(other) == 1
    with django_capture_on_commit_callbacks(execute=True):
        mark_read(user=user, notification=first)
    assert unread_count(user) == 1 and unread_count(other) == 1
    with django_capture_on_commit_callbacks(execute=True):
        mark_all_read(user=user)
    assert unread_count(user) == 0 and unread_count(other) == 1


def test_a_count_read_before_a_change_commits_is_not_kept(
    shared, world: World, django_capture_on_commit_callbacks
) -> None:
    user = world.user("xa.doan")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="test", title="Một")
        # Another request, not seeing the uncommitted row, counts 0 and stores it.
        assert unread.cached_count(user.pk, lambda: 0) == 0
    assert unread_count(user) == 1


def test_without_a_shared_cache_it_counts_every_time(settings, world: World) -> None:
    settings.CACHE_SHARED = False
    user = world.user("xa.doan")
    assert _counts(user) == (0, 1)
    notify(user=user, kind="test", title="Một")  # no commit: nothing cached to replace
    assert _counts(user) == (1, 1)


def test_the_bell_shows_a_new_notification_on_the_next_page(
    shared, login, world: World, django_capture_on_commit_callbacks
) -> None:
    client = login("xa.doan")
    assert 'data-testid="unread-count"' not in page_text(client.get(reverse("staff:inbox")))
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.user("xa.doan"), kind="test", title="Một")
    assert 'data-testid="unread-count">1<' in page_text(client.get(reverse("staff:inbox")))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:notifications_read_all"))
    assert 'data-testid="unread-count"' not in page_text(client.get(reverse("staff:inbox")))
