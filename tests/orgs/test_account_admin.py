"""An org admin's hold on accounts: handed-over reset links (approved by a leader for
accounts that decide) and deactivation, only for accounts wholly inside their tree."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lantoa.accounts import links, services
from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.notifications.models import Notification
from lantoa.orgs.accounts import (
    approve_reset_link,
    deactivate_account,
    issue_reset_link,
    resets_to_approve,
)
from lantoa.orgs.models import Role
from tests.api.helpers import bearer
from tests.personas import PASSWORD, make_user

pytestmark = pytest.mark.usefixtures("_english")
NEW = "Hoa-sen-2026!"


def raw_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_a_reporters_reset_link_works_at_once_and_only_once(world, request_context):
    issued = issue_reset_link(actor=world.user("xa.quantri"), user=world.user("xa.doan"))

    assert not issued.link.needs_approval
    links.set_password_with_link(raw=raw_of(issued.url), new_password=NEW)
    assert User.objects.get(username="xa.doan").check_password(NEW)
    with pytest.raises(DomainError):
        links.set_password_with_link(raw=raw_of(issued.url), new_password="Khac-2026-mat-khau")
    event = AuditEvent.objects.get(action="accounts.reset.issued")
    assert (event.actor, event.org, event.ip) == (
        world.user("xa.quantri"),
        world.youth_a,
        "192.0.2.10",
    )


def test_a_verifiers_reset_link_waits_for_another_leaders_approval(world):
    holder = make_user("xacminh", (world.youth_a, Role.VERIFIER))
    issued = issue_reset_link(actor=world.user("xa.quantri"), user=holder)

    assert issued.link.needs_approval
    assert links.open_link(raw_of(issued.url)) is None
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {"xa.mttq", "tinh.mttq"} <= told and "xa.quantri" not in told
    for who in ("xa.quantri", "xacminh", "xab.doan", "xa.doan", "tinh.tuyengiao"):
        actor = User.objects.get(username=who)
        assert issued.link not in resets_to_approve(actor)
        with pytest.raises(NotFound):
            approve_reset_link(actor=actor, link=issued.link)

    approve_reset_link(actor=world.user("xa.mttq"), link=issued.link)

    assert links.open_link(raw_of(issued.url)) is not None
    with pytest.raises(DomainError) as exc_info:
        approve_reset_link(actor=world.user("tinh.mttq"), link=issued.link)
    assert exc_info.value.code == "not_pending"


def test_a_new_handed_over_link_cancels_the_previous_one(world):
    first = issue_reset_link(actor=world.user("xa.quantri"), user=world.user("xa.doan"))
    issue_reset_link(actor=world.user("xa.quantri"), user=world.user("xa.doan"))

    assert links.open_link(raw_of(first.url)) is None


@pytest.mark.parametrize("target", ["tinh.mttq", "xab.doan", "xa.quantri", "quantri"])
def test_accounts_outside_the_admins_tree_or_his_own_are_not_found(world, target):
    with pytest.raises(NotFound):
        issue_reset_link(actor=world.user("xa.quantri"), user=world.user(target))
    with pytest.raises(NotFound):
        deactivate_account(actor=world.user("xa.quantri"), user=world.user(target))


def test_an_account_with_one_role_outside_the_tree_is_not_the_admins(world):
    both = make_user("hai.noi", (world.youth_a, Role.REPORTER), (world.youth_b, Role.REPORTER))

    with pytest.raises(NotFound):
        deactivate_account(actor=world.user("xa.quantri"), user=both)
    deactivate_account(actor=world.user("quantri"), user=both)
    assert not User.objects.get(pk=both.pk).is_active


def test_deactivating_ends_the_session_and_token_at_once(world):
    doan = world.user("xa.doan")
    browser = Client()
    browser.force_login(doan)
    raw, _e = services.issue_api_token(user=doan)
    assert browser.get(reverse("staff:home")).status_code == 200

    deactivate_account(actor=world.user("xa.quantri"), user=doan)

    assert browser.get(reverse("staff:home")).status_code == 302
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    refused = Client().post(
        reverse("accounts:login"), {"username": "xa.doan", "password": PASSWORD}
    )
    assert "_auth_user_id" not in refused.wsgi_request.session
    event = AuditEvent.objects.get(action="accounts.user.deactivated")
    assert (event.actor, event.org) == (world.user("xa.quantri"), world.youth_a)
    with pytest.raises(DomainError) as exc_info:
        deactivate_account(actor=world.user("xa.quantri"), user=doan)
    assert exc_info.value.code == "inactive"


def test_the_account_page_hands_over_a_link_shown_once(client, world):
    client.force_login(world.user("xa.quantri"))
    doan = world.user("xa.doan")

    response = client.post(reverse("staff:account_reset_link", args=[doan.pk]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "/accounts/link/" in response.content.decode()
