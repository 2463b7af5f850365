from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from lantoa.accounts.models import ApiToken, User
from lantoa.accounts.services import issue_api_token
from tests.api.helpers import assert_error, bearer

ME = "/api/v1/me"


def test_it_accepts_a_fresh_token(api_client, token_for):
    response = api_client.get(ME, headers=bearer(token_for("xa.doan")))

    assert response.status_code == 200


def test_it_accepts_the_scheme_in_any_case(api_client, token_for):
    token = token_for("xa.doan")

    response = api_client.get(ME, headers={"Authorization": f"bearer {token}"})

    assert response.status_code == 200


def test_it_refuses_a_request_without_a_token(api_client, world):
    response = api_client.get(ME)

    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer garbage", "Bearer ", "Basic eGE6eA==", "Token abc", "Bearer " + "x" * 5000],
)
def test_it_refuses_a_garbage_token(api_client, world, header):
    assert_error(api_client.get(ME, headers={"Authorization": header}), 401, "unauthorized")


def test_it_refuses_an_expired_token(api_client, world, token_for, settings):
    token = token_for("xa.doan")

    later = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS, seconds=1)
    with time_machine.travel(later):
        response = api_client.get(ME, headers=bearer(token))

    assert_error(response, 401, "unauthorized")


def test_it_refuses_a_revoked_token(api_client, token_for):
    token = token_for("xa.doan")
    ApiToken.objects.filter(digest=ApiToken.digest_of(token)).update(revoked_at=timezone.now())

    assert_error(api_client.get(ME, headers=bearer(token)), 401, "unauthorized")


def test_it_refuses_the_token_of_a_deactivated_user(api_client, world, token_for):
    token = token_for("xa.doan")
    User.objects.filter(username="xa.doan").update(is_active=False)

    assert_error(api_client.get(ME, headers=bearer(token)), 401, "unauthorized")


def test_it_ignores_the_session_cookie(api_client, world):
    # A browser signed in to the staff site must not be able to call the API (no CSRF here).
    api_client.force_login(world.user("xa.doan"))

    assert_error(api_client.get(ME), 401, "unauthorized")


def test_it_records_when_a_token_was_last_used(api_client, world):
    raw, _expires = issue_api_token(user=world.user("xa.doan"))
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    assert token.last_used_at is None

    api_client.get(ME, headers=bearer(raw))

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_writes_last_used_at_at_most_once_per_interval(
    api_client, world, django_assert_num_queries
):
    raw, _expires = issue_api_token(user=world.user("xa.doan"))
    api_client.get(ME, headers=bearer(raw))

    # token+user, memberships: no UPDATE on the second call.
    with django_assert_num_queries(2):
        api_client.get(ME, headers=bearer(raw))


def test_it_audits_each_token_it_issues(client, world) -> None:
    from lantoa.audit.models import AuditEvent

    response = client.post(
        "/api/v1/auth/token",
        {"username": "xa.doan", "password": "LanToa@2025"},
        content_type="application/json",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="accounts.api_token.issued")
    assert event.actor == world.user("xa.doan")
    assert response.json()["token"] not in str(event.changes)
