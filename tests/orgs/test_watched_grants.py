"""With Redis, an actor's grants are answered from the process's memory while Redis
reports no write of the grants version (decision 142), and every membership change is
still seen by the next request at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.orgs.access import GRANTS_VERSION, grants
from lantoa.orgs.models import Role
from lantoa.orgs.services import add_member, end_membership
from tests.orgs.helpers import fresh_user
from tests.redis_cache import Commands, elsewhere, soon, use_redis

pytestmark = pytest.mark.usefixtures("_english")


@pytest.fixture
def redis_cache(settings, django_capture_on_commit_callbacks):
    for prefix in use_redis(settings):
        with django_capture_on_commit_callbacks(execute=True):
            yield prefix


def _read(world, username: str) -> tuple[list[tuple[str, str]], int]:
    """The grants of a freshly loaded user (as each request loads it) and the queries."""
    user = fresh_user(world, username)
    with CaptureQueriesContext(connection) as queries:
        found = sorted((g.role, g.path) for g in grants(user))
    return found, len([q for q in queries if "orgs_membership" in q["sql"]])


def test_grants_are_answered_without_a_round_trip(redis_cache, world, monkeypatch) -> None:
    first, queries = _read(world, "xa.doan")
    assert first and queries == 1
    redis_commands = Commands(monkeypatch)
    for _ in range(3):
        _read(world, "xa.doan")  # the version's creation is reported once
    assert redis_commands.during(lambda: _read(world, "xa.doan")) == ((first, 0), 0)


def test_a_membership_change_is_seen_by_the_next_request_at_once(redis_cache, world, root) -> None:
    before, _queries = _read(world, "xa.doan")
    for _ in range(3):
        _read(world, "xa.doan")
    membership = add_member(
        actor=root, org=world.front_b, user=fresh_user(world, "xa.doan"), role=Role.REPORTER
    )
    after, queries = _read(world, "xa.doan")
    assert queries == 1 and (Role.REPORTER, world.front_b.path) in after
    assert _read(world, "xa.doan") == (after, 0)
    end_membership(actor=root, membership=membership)
    assert _read(world, "xa.doan") == (before, 1)


def test_a_change_written_by_another_process_ends_the_memory(redis_cache, world) -> None:
    found, _queries = _read(world, "xa.doan")
    for _ in range(3):
        _read(world, "xa.doan")
    elsewhere(redis_cache).set(GRANTS_VERSION, "another process's change", None)
    assert soon(lambda: _read(world, "xa.doan") == (found, 1))
    assert _read(world, "xa.doan") == (found, 0)


def test_the_next_page_after_a_membership_change_follows_it(
    redis_cache, login, world, root
) -> None:
    client = login("xa.doan")
    page = reverse("staff:org_detail", args=[world.front_b.pk])
    for _ in range(3):
        assert client.get(page).status_code in (403, 404)
    membership = add_member(
        actor=root, org=world.front_b, user=fresh_user(world, "xa.doan"), role=Role.REPORTER
    )
    assert client.get(page).status_code == 200
    assert client.get(page).status_code == 200
    end_membership(actor=root, membership=membership)
    assert client.get(page).status_code in (403, 404)
