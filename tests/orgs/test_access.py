from __future__ import annotations

import pytest

from lantoa.orgs.access import Action, can, paths_for
from lantoa.orgs.models import Organisation
from lantoa.orgs.selectors import organisations_visible_to


@pytest.fixture
def visible(world):
    def _visible(username: str) -> set[str]:
        return set(organisations_visible_to(world.user(username)).values_list("name", flat=True))

    return _visible


def test_a_role_applies_to_its_organisation_and_whole_subtree(world, visible):
    assert visible("xa.mttq") == {world.front_a.name, world.youth_a.name}


def test_a_commune_officer_does_not_see_the_other_commune(world):
    assert not can(world.user("xab.doan"), Action.VIEW_ORG, world.youth_a)
    assert not can(world.user("xab.doan"), Action.VIEW_ORG, world.front_a)


def test_the_province_front_sees_every_commune_front_below_it(world, visible):
    seen = visible("tinh.mttq")
    assert {world.front_a.name, world.youth_b.name} <= seen
    assert world.press.name not in seen


def test_the_propaganda_board_watches_its_party_committee_subtree_read_only(world, visible):
    board_user = world.user("tinh.tuyengiao")
    assert visible("tinh.tuyengiao") == set(Organisation.objects.values_list("name", flat=True))
    assert not can(board_user, Action.MANAGE_ORG, world.front_a)


def test_system_admin_sees_everything(world):
    assert paths_for(world.user("quantri"), Action.MANAGE_ORG) is None


def test_reporter_cannot_manage_its_own_organisation(world):
    assert can(world.user("xa.doan"), Action.VIEW_ORG, world.youth_a)
    assert not can(world.user("xa.doan"), Action.MANAGE_ORG, world.youth_a)


def test_under_lookup_does_not_match_a_sibling_with_a_longer_id(world):
    # "/1/2/" must not match "/1/23/": the path is slash-terminated.
    qs = Organisation.objects.filter(path__under=world.front_a.path)
    assert set(qs.values_list("pk", flat=True)) == {world.front_a.pk, world.youth_a.pk}


def test_orgs_names_only_its_own_actions_and_collects_the_registrys() -> None:
    from lantoa.exemplars.roles import RecordAction
    from lantoa.orgs.access import Action, role_allows
    from lantoa.orgs.models import Role

    assert {a.value.split(".")[0] for a in Action} == {"orgs", "audit"}
    assert role_allows(Role.VERIFIER, RecordAction.VERIFY)
    assert role_allows(Role.LEADER, RecordAction.DECIDE)
    assert not role_allows(Role.REPORTER, RecordAction.VERIFY)
    assert not role_allows(Role.EDITOR, RecordAction.VIEW_RECORDS)
    assert role_allows(Role.SYSTEM_ADMIN, "any.future.action")
