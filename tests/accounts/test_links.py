"""One-time links: invitations for accounts made without a password, resets by e-mail;
single use, expiring, ending every session and token, clearing failed sign-ins."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lantoa.accounts import links, services, throttle
from lantoa.accounts.models import AccessLink, LinkPurpose, User
from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError
from lantoa.notifications.models import Notification
from tests.api.helpers import bearer
from tests.personas import PASSWORD, World

NEW_PASSWORD = "Hoa-sen-2026!"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/accounts/link/([^/\s]+)/", message.body)
    assert found, message.body
    return found.group(1)


def invite(world: World, django_capture_on_commit_callbacks, **extra) -> User:
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_user(
            actor=world.user("xa.quantri"),
            username="moi",
            full_name="Người Mới",
            email=extra.get("email", "moi@example.vn"),
        )


def test_an_account_without_a_password_is_sent_an_invitation(
    world, django_capture_on_commit_callbacks
):
    user = invite(world, django_capture_on_commit_callbacks)

    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["moi@example.vn"]]
    link = AccessLink.objects.get(user=user)
    assert link.purpose == LinkPurpose.INVITATION
    assert link.digest != link_in(mail.outbox[0])  # only the digest is kept
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert event.changes["invited"] == [None, True]


def test_an_account_with_a_password_gets_no_invitation(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_user(
            actor=world.user("xa.quantri"),
            username="moi",
            full_name="Người Mới",
            email="moi@example.vn",
            password=NEW_PASSWORD,
        )
    assert mail.outbox == []
    assert not AccessLink.objects.exists()


def test_the_invitation_sets_a_password_once(client, world, django_capture_on_commit_callbacks):
    invite(world, django_capture_on_commit_callbacks)
    raw = link_in(mail.outbox[0])
    url = reverse("accounts:link", args=[raw])

    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(username="moi").check_password(NEW_PASSWORD)
    assert client.post(url, {"new_password1": "x", "new_password2": "x"}).status_code == 404
    assert AuditEvent.objects.filter(action="accounts.invitation.used").count() == 1
    signed_in = client.post(
        reverse("accounts:login"), {"username": "moi", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_a_weak_or_mismatched_password_keeps_the_link_open(
    client, world, django_capture_on_commit_callbacks
):
    invite(world, django_capture_on_commit_callbacks)
    url = reverse("accounts:link", args=[link_in(mail.outbox[0])])

    weak = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    differ = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})

    assert (weak.status_code, differ.status_code) == (200, 200)
    assert "Hai mật khẩu không khớp." in differ.content.decode()  # Vietnamese first
    assert AccessLink.objects.get().used_at is None
    assert client.get(url).status_code == 200


def test_an_expired_or_unknown_link_does_not_work(world, django_capture_on_commit_callbacks):
    invite(world, django_capture_on_commit_callbacks)
    raw = link_in(mail.outbox[0])

    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=15)
    with time_machine.travel(later), pytest.raises(DomainError) as exc_info:
        links.set_password_with_link(raw=raw, new_password=NEW_PASSWORD)
    assert exc_info.value.code == "link_closed"
    with pytest.raises(DomainError):
        links.set_password_with_link(raw=raw + "x", new_password=NEW_PASSWORD)


def test_a_reset_by_email_ends_every_session_and_token_and_clears_failures(
    world, django_capture_on_commit_callbacks
):
    doan = world.user("xa.doan")
    elsewhere = Client()
    elsewhere.force_login(doan)
    raw_token, _expires = services.issue_api_token(user=doan)
    for _ in range(5):
        Client().post(reverse("accounts:login"), {"username": "xa.doan", "password": "wrong"})
    assert throttle.per_account().count(f"user:{doan.pk}") == 5

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("accounts:password_reset"), {"email": "XA.DOAN@example.vn"}
        )
    assert response.status_code == 200
    raw = link_in(mail.outbox[0])
    # The requests above left Vietnamese active; the notice is written in the active language.
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        links.set_password_with_link(raw=raw, new_password=NEW_PASSWORD)

    assert throttle.per_account().count(f"user:{doan.pk}") == 0
    assert elsewhere.get(reverse("staff:home")).status_code == 302  # sent to sign in
    assert Client().get("/api/v1/me", headers=bearer(raw_token)).status_code == 401
    assert Notification.objects.filter(user=doan, kind="accounts.password").exists()
    assert mail.outbox[-1].subject == "Your Lan Tỏa password was reset"
    assert raw not in Notification.objects.get(user=doan).body  # the secret is not stored


def test_a_reset_request_answers_alike_for_an_unknown_address(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:password_reset"), {"email": "xa.doan@example.vn"})
        unknown = client.post(reverse("accounts:password_reset"), {"email": "ai@example.vn"})

    def page(response) -> str:  # without the per-response CSRF token
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert page(known) == page(unknown)
    assert len(mail.outbox) == 1


def test_reset_mails_to_one_address_are_limited(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            links.request_reset_by_email(email="xa.doan@example.vn")
    assert len(mail.outbox) == 3


def test_a_used_link_closes_the_accounts_other_links(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        links.request_reset_by_email(email="xa.doan@example.vn")
        links.request_reset_by_email(email="xa.doan@example.vn")
    first, second = (link_in(m) for m in mail.outbox)

    links.set_password_with_link(raw=second, new_password=NEW_PASSWORD)

    with pytest.raises(DomainError):
        links.set_password_with_link(raw=first, new_password="Khac-2026-mat-khau")


def test_changing_ones_password_ends_other_sessions_and_tokens(client, world):
    doan = world.user("xa.doan")
    client.force_login(doan)
    other = Client()
    other.force_login(doan)
    raw_token, _expires = services.issue_api_token(user=doan)

    response = client.post(
        reverse("staff:my_account"),
        {
            "current_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert client.get(reverse("staff:home")).status_code == 200  # this session stays
    assert other.get(reverse("staff:home")).status_code == 302
    assert Client().get("/api/v1/me", headers=bearer(raw_token)).status_code == 401
    assert AuditEvent.objects.filter(action="accounts.user.password_changed").count() == 1


def test_a_wrong_current_password_changes_nothing(client, world):
    client.force_login(world.user("xa.doan"))

    response = client.post(
        reverse("staff:my_account"),
        {"current_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng." in response.content.decode()
    assert User.objects.get(username="xa.doan").check_password(PASSWORD)


def test_signing_out_everywhere_ends_sessions_and_tokens(client, world):
    doan = world.user("xa.doan")
    client.force_login(doan)
    other = Client()
    other.force_login(doan)
    raw_token, _expires = services.issue_api_token(user=doan)

    assert client.post(reverse("staff:my_sign_out_everywhere")).status_code == 302

    assert client.get(reverse("staff:home")).status_code == 302
    assert other.get(reverse("staff:home")).status_code == 302
    assert Client().get("/api/v1/me", headers=bearer(raw_token)).status_code == 401
    # The password still works: sign in again.
    assert (
        Client()
        .post(reverse("accounts:login"), {"username": "xa.doan", "password": PASSWORD})
        .status_code
        == 302
    )


def test_the_token_page_lists_and_revokes_only_ones_own_tokens(client, world):
    mine, _e = services.issue_api_token(user=world.user("xa.doan"))
    services.issue_api_token(user=world.user("xab.doan"))
    client.force_login(world.user("xa.doan"))

    page = client.get(reverse("staff:my_account")).content.decode()
    assert page.count("/revoke/") == 1
    others = world.user("xab.doan").api_tokens.get()
    assert client.post(reverse("staff:my_token_revoke", args=[others.pk])).status_code == 404
    own = world.user("xa.doan").api_tokens.get()
    assert client.post(reverse("staff:my_token_revoke", args=[own.pk])).status_code == 302
    assert Client().get("/api/v1/me", headers=bearer(mine)).status_code == 401
    assert Client().get("/api/v1/me", headers=bearer(_other_token(world))).status_code == 200


def _other_token(world) -> str:
    raw, _e = services.issue_api_token(user=world.user("xab.doan"))
    return raw
