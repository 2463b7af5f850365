"""An actor's grants cached with a shared cache (decision 128): read once, then read afresh
after any membership or organisation change made through the services (and the move's
path rewrite, which saves nothing); without a shared cache, read every time."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.orgs.access import Action, can, grants, paths_for
from lantoa.orgs.models import Membership, Role
from lantoa.orgs.services import add_member, end_membership, merge_organisation, move_organisation
from tests.orgs.helpers import REFORM, fresh, fresh_user

pytestmark = pytest.mark.usefixtures("_english")


@pytest.fixture
def shared(settings, django_capture_on_commit_callbacks):
    settings.CACHE_SHARED = True
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        yield
    cache.clear()


def _read(world, username: str) -> tuple[list[tuple[str, str]], int]:
    """The grants of a freshly loaded user (as each request loads it) and the queries."""
    user = fresh_user(world, username)
    with CaptureQueriesContext(connection) as queries:
        found = sorted((g.role, g.path) for g in grants(user))
    return found, len([q for q in queries if "orgs_membership" in q["sql"]])


def test_grants_are_read_once_then_from_the_cache(shared, world):
    first, queries = _read(world, "xa.doan")
    assert first and queries == 1
    assert _read(world, "xa.doan") == (first, 0)


def test_a_new_and_an_ended_membership_are_seen_at_once(shared, world, root):
    before, _q = _read(world, "xa.doan")
    membership = add_member(
        actor=root, org=world.front_b, user=fresh_user(world, "xa.doan"), role=Role.REPORTER
    )
    after, queries = _read(world, "xa.doan")
    assert queries == 1 and (Role.REPORTER, world.front_b.path) in after
    assert len(after) == len(before) + 1
    end_membership(actor=root, membership=membership)
    assert _read(world, "xa.doan") == (before, 1)


def test_a_move_is_seen_at_once(shared, world, root):
    _read(world, "xa.doan")
    move_organisation(actor=root, org=world.front_a, new_parent=world.front_b)
    found, queries = _read(world, "xa.doan")
    assert queries == 1
    assert found == [(Role.REPORTER, fresh(world.youth_a).path)]
    assert can(fresh_user(world, "xa.doan"), Action.VIEW_ORG, fresh(world.youth_a))


def test_a_merge_is_seen_at_once(shared, world, root):
    assert world.front_a.path in (paths_for(fresh_user(world, "xa.mttq"), Action.VIEW_ORG) or [])
    merge_organisation(
        actor=root, org=world.front_a, into=world.front_b, effective_date=REFORM, legal_basis="x"
    )
    roots = paths_for(fresh_user(world, "xa.mttq"), Action.VIEW_ORG) or []
    assert world.front_b.path in roots and fresh(world.front_a).path not in roots


def test_a_direct_save_is_seen_at_once(shared, world):
    before, _q = _read(world, "xa.doan")
    Membership.objects.filter(user__username="xa.doan").first().delete()
    assert _read(world, "xa.doan") == ([], 1)
    assert before


def test_without_a_shared_cache_grants_are_read_every_time(settings, world):
    settings.CACHE_SHARED = False
    assert _read(world, "xa.doan")[1] == 1
    assert _read(world, "xa.doan")[1] == 1
