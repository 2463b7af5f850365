"""`Organisation.objects.create_child`: the one way a node enters the tree."""

from __future__ import annotations

import datetime
import re

import pytest

from lantoa.orgs.models import Organisation, OrganisationName, OrgKind, OrgLevel

pytestmark = pytest.mark.django_db

PATH = re.compile(r"^(/\d+)+/$")


def test_a_root_gets_its_own_id_as_path_and_depth_one():
    root = Organisation.objects.create_child(
        parent=None, name="Tỉnh ủy", kind=OrgKind.PARTY_COMMITTEE, level=OrgLevel.PROVINCE
    )

    root.refresh_from_db()
    assert (root.path, root.depth, root.parent_id) == (f"/{root.pk}/", 1, None)
    assert root.folded_name == "tinh uy"


def test_a_child_extends_its_parents_path_and_starts_its_name_history(world):
    opened, closed = datetime.date(2020, 1, 1), datetime.date(2025, 6, 30)

    child = Organisation.objects.create_child(
        parent=world.youth_a,
        name="Chi đoàn thôn 3",
        kind=OrgKind.YOUTH_UNION,
        level=OrgLevel.VILLAGE,
        valid_from=opened,
        valid_to=closed,
    )

    child.refresh_from_db()
    assert child.path == f"{world.youth_a.path}{child.pk}/"
    assert child.depth == world.youth_a.depth + 1
    assert child.parent == world.youth_a
    assert list(child.names.values_list("name", "valid_from", "valid_to")) == [
        ("Chi đoàn thôn 3", opened, closed)
    ]


def test_no_placeholder_path_is_left_in_the_tree(world):
    Organisation.objects.create_child(
        parent=world.front_b, name="Chi hội", kind=OrgKind.OTHER, level=OrgLevel.VILLAGE
    )

    paths = list(Organisation.objects.values_list("path", flat=True))
    assert paths and all(PATH.match(path) for path in paths), paths


@pytest.mark.parametrize("given", [{"path": "/1/"}, {"depth": 3}])
def test_path_and_depth_cannot_be_given(world, given):
    before = Organisation.objects.count()

    with pytest.raises(TypeError, match="path and depth"):
        Organisation.objects.create_child(
            parent=world.front_a, name="X", kind=OrgKind.OTHER, level=OrgLevel.VILLAGE, **given
        )

    assert Organisation.objects.count() == before


def test_a_failure_after_the_insert_leaves_no_half_made_node(world, monkeypatch):
    before = Organisation.objects.count()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(OrganisationName, "save", broken_save)
    with pytest.raises(RuntimeError):
        Organisation.objects.create_child(
            parent=world.front_a, name="X", kind=OrgKind.OTHER, level=OrgLevel.VILLAGE
        )

    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(path__startswith="/new-").exists()
