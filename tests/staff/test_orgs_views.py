from __future__ import annotations

import datetime

from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.orgs.models import Membership, Organisation
from tests.personas import World


def test_it_creates_a_village_branch_and_audits_it(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    response = client.post(
        reverse("staff:org_create", args=[world.youth_a.pk]),
        {"name": "Chi đoàn thôn Phú Điền", "kind": "youth_union", "level": "village"},
    )
    branch = Organisation.objects.get(name="Chi đoàn thôn Phú Điền")
    assert response.status_code == 302
    assert branch.parent == world.youth_a
    assert branch.path.startswith(world.youth_a.path)
    assert branch.admin_unit == world.unit_a
    event = AuditEvent.objects.get(action="orgs.organisation.created", object_id=str(branch.pk))
    assert event.actor == world.user("xa.quantri")
    assert event.request_id
    assert event.ip == "127.0.0.1"


def test_it_keeps_what_was_typed_when_the_name_is_missing(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    response = client.post(
        reverse("staff:org_create", args=[world.youth_a.pk]),
        {"name": "", "kind": "youth_union", "level": "village", "valid_from": "2025-09-02"},
    )
    assert response.status_code == 200
    assert 'value="2025-09-02"' in response.content.decode()
    assert Organisation.objects.count() == 8


def test_it_refuses_a_unit_above_its_parent_level(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    response = client.post(
        reverse("staff:org_create", args=[world.youth_a.pk]),
        {"name": "Tỉnh đoàn giả", "kind": "youth_union", "level": "province"},
    )
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert not Organisation.objects.filter(name="Tỉnh đoàn giả").exists()


def test_it_renames_with_history(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    client.post(
        reverse("staff:org_edit", args=[world.youth_a.pk]),
        {
            "name": "Đoàn xã Hàm Thuận (mới)",
            "kind": "youth_union",
            "admin_unit": world.unit_a.pk,
            "effective_date": "2026-01-01",
            "legal_basis": "QĐ 1/QĐ-ĐTN",
        },
    )
    world.youth_a.refresh_from_db()
    assert world.youth_a.name == "Đoàn xã Hàm Thuận (mới)"

    assert (
        world.youth_a.name_on(datetime.date(2025, 12, 31)) == "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận"
    )
    assert world.youth_a.name_on(datetime.date(2026, 1, 2)) == "Đoàn xã Hàm Thuận (mới)"


def test_it_adds_a_new_member_with_an_account(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    response = client.post(
        reverse("staff:member_add", args=[world.youth_a.pk]),
        {
            "username": "thon.doan",
            "full_name": "Trần Văn Thôn",
            "email": "thon@example.vn",
            "role": "reporter",
            "title": "Bí thư chi đoàn",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="thon.doan")
    assert membership.organisation == world.youth_a
    assert membership.title == "Bí thư chi đoàn"
    assert AuditEvent.objects.filter(action="orgs.membership.added").count() == 1
    assert AuditEvent.objects.filter(action="accounts.user.created").count() == 1


def test_it_leaves_no_account_behind_when_the_role_fails(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    response = client.post(
        reverse("staff:member_add", args=[world.youth_a.pk]),
        {"username": "nguoimoi", "full_name": "Người Mới", "role": "system_admin"},
    )
    assert response.status_code == 200  # system_admin is not offered: form error
    assert not Membership.objects.filter(user__username="nguoimoi").exists()
    from lantoa.accounts.models import User

    assert not User.objects.filter(username="nguoimoi").exists()


def test_it_refuses_a_second_identical_role(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    url = reverse("staff:member_add", args=[world.youth_a.pk])
    data = {"username": "xa.doan", "role": "reporter"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert Membership.objects.filter(user__username="xa.doan").count() == 1


def test_it_ends_a_membership(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    membership = world.youth_a.memberships.get()
    client.post(reverse("staff:member_end", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.ended_at is not None
    # A second click changes nothing and says so.
    response = client.post(reverse("staff:member_end", args=[membership.pk]), follow=True)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="orgs.membership.ended").count() == 1


def test_it_shows_the_page_in_vietnamese_by_default_and_english_on_request(
    client, world: World
) -> None:
    client.force_login(world.user("xa.doan"))
    page = client.get(reverse("staff:org_list")).content.decode()
    assert "Tổ chức" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/staff/orgs/"})
    page = client.get(reverse("staff:org_list")).content.decode()
    assert "Organisations" in page


def test_it_finds_an_organisation_without_diacritics(client, world: World) -> None:
    client.force_login(world.user("tinh.mttq"))
    response = client.get(reverse("staff:org_list"), {"q": "doan tncs ho chi minh xa ham"})
    page = response.content.decode()
    assert "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận" in page
    assert "Phan Thiết</a>" not in page
