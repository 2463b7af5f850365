"""Member import under the grant rules: no self-grant, pending deciding roles, and no name
of an account outside the importer's tree in the error report."""

from __future__ import annotations

import pytest

from lantoa.exemplars.roles import RecordAction
from lantoa.orgs.access import can
from lantoa.orgs.imports import ImportFailed, import_members
from lantoa.orgs.models import Membership
from tests.orgs.test_member_import import HEADERS, csv_bytes
from tests.personas import make_user

pytestmark = pytest.mark.usefixtures("_english")


def test_a_row_giving_the_importer_a_role_is_refused(world):
    data = csv_bytes([HEADERS, ["xa.quantri", "", "", "", "Lãnh đạo", ""]])

    with pytest.raises(ImportFailed) as exc_info:
        import_members(
            actor=world.user("xa.quantri"), org=world.front_a, filename="a.csv", data=data
        )

    assert [e.message for e in exc_info.value.errors] == ["You cannot give a role to yourself."]
    assert Membership.objects.filter(user__username="xa.quantri").count() == 1


def test_an_imported_leader_is_pending_until_confirmed(world):
    data = csv_bytes([HEADERS, ["an", "An", "an@example.vn", "", "leader", ""]])

    import_members(actor=world.user("xa.quantri"), org=world.front_a, filename="a.csv", data=data)

    membership = Membership.objects.get(user__username="an")
    assert membership.is_pending
    assert not can(membership.user, RecordAction.DECIDE, world.front_a)


def test_the_name_of_an_account_outside_the_tree_is_not_revealed(world):
    make_user("ngoai", (world.youth_b, "reporter"), full_name="Bí Mật Ngoài")
    data = csv_bytes([HEADERS, ["ngoai", "Tên Khác", "", "", "reporter", ""]])

    with pytest.raises(ImportFailed) as exc_info:
        import_members(
            actor=world.user("xa.quantri"), org=world.front_a, filename="a.csv", data=data
        )

    messages = " ".join(e.message for e in exc_info.value.errors)
    assert "exists under another name" in messages
    assert "Bí Mật" not in messages
    assert "ngoai@example.vn" not in messages


def test_the_name_of_an_account_inside_the_tree_is_shown(world):
    data = csv_bytes([HEADERS, ["xa.doan", "Tên Khác", "", "", "leader", ""]])

    with pytest.raises(ImportFailed) as exc_info:
        import_members(
            actor=world.user("xa.quantri"), org=world.front_a, filename="a.csv", data=data
        )

    assert "Nguyễn Văn Đoàn" in " ".join(e.message for e in exc_info.value.errors)
