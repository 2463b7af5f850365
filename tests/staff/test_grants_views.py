"""The pages of grants: refusing a self-grant, confirming, the grantor's own grant."""

from __future__ import annotations

from django.urls import reverse

from lantoa.orgs.models import Membership, Role
from lantoa.orgs.services import add_member
from tests.personas import World, make_user


def test_the_member_page_refuses_a_self_grant(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    for role in ("verifier", "leader"):
        response = client.post(
            reverse("staff:member_add", args=[world.front_a.pk]),
            {"username": "xa.quantri", "role": role},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert Membership.objects.filter(user__username="xa.quantri").count() == 1


def test_a_grant_made_on_the_page_is_pending_and_shown_as_such(client, world: World) -> None:
    client.force_login(world.user("xa.quantri"))
    response = client.post(
        reverse("staff:member_add", args=[world.youth_a.pk]),
        {"username": "moi", "full_name": "Người Mới", "email": "moi@example.vn", "role": "leader"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="moi")
    assert membership.is_pending
    page = client.get(reverse("staff:org_detail", args=[world.youth_a.pk]))
    assert "badge text-bg-warning" in page.content.decode()


def test_a_leader_confirms_on_the_page(client, world: World) -> None:
    membership = add_member(
        actor=world.user("xa.quantri"), org=world.youth_a, user=make_user("an"), role="verifier"
    )
    client.force_login(world.user("xa.mttq"))
    listing = client.get(reverse("staff:grants"))
    assert f'action="/staff/grants/{membership.pk}/confirm/"' in listing.content.decode()

    response = client.post(reverse("staff:grant_confirm", args=[membership.pk]))

    assert response.status_code == 302
    assert not Membership.objects.get(pk=membership.pk).is_pending
    # Twice: no longer pending, so no longer found.
    again = client.post(reverse("staff:grant_confirm", args=[membership.pk]))
    assert again.status_code == 404


def test_the_grantor_sees_no_confirm_button_and_is_refused(client, world: World) -> None:
    membership = add_member(
        actor=world.user("xa.quantri"), org=world.youth_a, user=make_user("an"), role=Role.LEADER
    )
    client.force_login(world.user("xa.quantri"))
    listing = client.get(reverse("staff:grants"))
    assert f"/staff/grants/{membership.pk}/confirm/" not in listing.content.decode()

    response = client.post(reverse("staff:grant_confirm", args=[membership.pk]), follow=True)

    assert response.status_code == 200
    assert Membership.objects.get(pk=membership.pk).is_pending
