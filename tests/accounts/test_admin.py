"""Users and tokens in the Django admin, for system administrators only."""

from __future__ import annotations

from django.urls import reverse

from lantoa.accounts.models import ApiToken
from lantoa.accounts.services import issue_api_token


def test_a_system_admin_with_staff_status_sees_users_and_revokes_tokens(client, world):
    root = world.user("quantri")
    root.is_staff = root.is_superuser = True
    root.save()
    issue_api_token(user=world.user("xa.doan"))
    client.force_login(root)

    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 200
    token = ApiToken.objects.get()
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_org_admin_does_not_open_the_django_admin(client, world):
    client.force_login(world.user("xa.quantri"))
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
