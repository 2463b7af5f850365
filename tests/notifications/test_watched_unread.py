"""With Redis, the bell's unread count is answered from the process's memory while Redis
reports no write of any user's unread version (decision 142); a new notification is seen
by the next request at once and a stale count is never shown after a change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lantoa.notifications import unread
from lantoa.notifications.selectors import unread_count
from lantoa.notifications.services import mark_all_read, notify
from tests.personas import World
from tests.redis_cache import Commands, elsewhere, soon, use_redis
from tests.staff.helpers import page_text


@pytest.fixture
def redis_cache(settings, django_capture_on_commit_callbacks):
    for prefix in use_redis(settings):
        with django_capture_on_commit_callbacks(execute=True):
            yield prefix


def test_a_count_is_answered_without_a_round_trip(redis_cache, world: World, monkeypatch):
    user = world.user("xa.doan")
    notify(user=user, kind="test", title="Một")
    redis_commands = Commands(monkeypatch)
    for _ in range(3):
        unread_count(user)
    assert redis_commands.during(lambda: unread_count(user)) == (1, 0)


def test_a_new_notification_is_seen_by_the_next_request_at_once(
    redis_cache, world: World, monkeypatch
):
    user, other = world.user("xa.doan"), world.user("xab.doan")
    for _ in range(3):
        assert unread_count(user) == 0 and unread_count(other) == 0
    notify(user=user, kind="test", title="Một")
    assert unread_count(user) == 1 and unread_count(other) == 0
    notify(user=other, kind="test", title="Của người khác")
    assert unread_count(user) == 1 and unread_count(other) == 1
    mark_all_read(user=user)
    assert unread_count(user) == 0 and unread_count(other) == 1


def test_a_change_written_by_another_process_is_never_followed_by_the_old_count(
    redis_cache, world: World
):
    """The task worker notifies: its process replaces the version (here: a count stored by
    "another process" under a version this one never read)."""
    user = world.user("xa.doan")
    for _ in range(3):
        assert unread_count(user) == 0
    other = elsewhere(redis_cache)
    other.set(f"{unread.VERSION_PREFIX}{user.pk}", "the worker's version", None)
    other.set(f"notifications:unread:{user.pk}", ("the worker's version", 7), None)
    assert soon(lambda: unread_count(user) == 7)
    assert [unread_count(user) for _ in range(3)] == [7, 7, 7]


def test_a_count_read_before_a_change_commits_is_not_kept(
    redis_cache, world: World, django_capture_on_commit_callbacks
):
    user = world.user("xa.doan")
    for _ in range(3):
        assert unread_count(user) == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="test", title="Một")
        # Another request, not seeing the uncommitted row, counts 0 and stores it.
        assert unread.cached_count(user.pk, lambda: 0) == 0
    assert unread_count(user) == 1
    assert unread_count(user) == 1


def test_the_bell_shows_a_new_notification_on_the_next_page(redis_cache, login, world: World):
    client = login("xa.doan")
    for _ in range(3):
        assert 'data-testid="unread-count"' not in page_text(client.get(reverse("staff:inbox")))
    notify(user=world.user("xa.doan"), kind="test", title="Một")
    assert 'data-testid="unread-count">1<' in page_text(client.get(reverse("staff:inbox")))
    client.post(reverse("staff:notifications_read_all"))
    assert 'data-testid="unread-count"' not in page_text(client.get(reverse("staff:inbox")))


def test_a_staff_page_reads_neither_grants_nor_count_from_redis(
    redis_cache, login, world: World, monkeypatch
):
    client = login("xa.doan")
    for _ in range(3):
        client.get(reverse("staff:inbox"))
    redis_commands = Commands(monkeypatch)
    response, sent = redis_commands.during(lambda: client.get(reverse("staff:inbox")))
    assert response.status_code == 200 and sent == 0  # sessions in the database here
