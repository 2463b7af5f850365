from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from lantoa.accounts.models import ApiToken
from tests.api.helpers import TOKEN_URL, assert_error, bearer
from tests.personas import PASSWORD


def post_token(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        **extra,
    )


def test_it_issues_a_token_for_good_credentials(api_client, world, settings):
    response = post_token(api_client, "xa.doan")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    token = ApiToken.objects.get(digest=ApiToken.digest_of(body["token"]))
    assert token.user == world.user("xa.doan")
    expires_at = datetime.datetime.fromisoformat(body["expires_at"])
    assert abs(expires_at - token.expires_at) < datetime.timedelta(milliseconds=1)
    expected = timezone.now() + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    assert abs(expires_at - expected) < datetime.timedelta(minutes=1)


def test_it_accepts_the_email_address_as_username(api_client, world):
    response = post_token(api_client, "XA.DOAN@example.vn")

    assert response.status_code == 200
    me = api_client.get("/api/v1/me", headers=bearer(response.json()["token"]))
    assert me.json()["username"] == "xa.doan"


def test_it_stores_only_the_digest(api_client, world):
    raw = post_token(api_client, "xa.doan").json()["token"]

    assert not ApiToken.objects.filter(digest=raw).exists()


def test_it_refuses_a_bad_password_with_401(api_client, world):
    response = post_token(api_client, "xa.doan", "wrong")

    error = assert_error(response, 401, "unauthorized")
    assert error["message"] == "The username or password is incorrect."
    assert not ApiToken.objects.exists()


def test_it_answers_an_unknown_user_like_a_bad_password(api_client, world):
    unknown = assert_error(post_token(api_client, "nobody"), 401, "unauthorized")
    wrong = assert_error(post_token(api_client, "xa.doan", "wrong"), 401, "unauthorized")

    assert unknown == wrong


def test_it_refuses_an_inactive_user(api_client, world):
    user = world.user("xa.doan")
    user.is_active = False
    user.save()

    assert_error(post_token(api_client, "xa.doan"), 401, "unauthorized")


def test_it_rate_limits_attempts_per_ip_and_username(api_client, world, settings):
    settings.LOGIN_RATE_LIMIT = 3
    for _ in range(3):
        assert_error(post_token(api_client, "xa.doan", "wrong"), 401, "unauthorized")

    # Even the right password is refused once the limit is reached.
    response = post_token(api_client, "Xa.Doan", PASSWORD)

    error = assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) > 0
    assert error["details"]["retry_after"] == int(response["Retry-After"])
    # Another account from the same address is not blocked by this one's counter.
    assert post_token(api_client, "xab.doan").status_code == 200
    # Issue 12: the failures slow the account from every address a stranger may use…
    assert post_token(api_client, "xa.doan", REMOTE_ADDR="10.0.0.9").status_code == 429


def test_it_rate_limits_per_ip_across_usernames(api_client, world, settings):
    settings.LOGIN_RATE_LIMIT_PER_IP = 4
    for name in ["a", "b", "c", "d"]:
        assert_error(post_token(api_client, name, "wrong"), 401, "unauthorized")

    assert_error(post_token(api_client, "xa.doan"), 429, "rate_limited")


def test_it_resets_the_account_counter_after_a_success(api_client, world, settings):
    settings.LOGIN_RATE_LIMIT = 3
    for _ in range(2):
        post_token(api_client, "xa.doan", "wrong")
    assert post_token(api_client, "xa.doan").status_code == 200

    for _ in range(2):
        assert_error(post_token(api_client, "xa.doan", "wrong"), 401, "unauthorized")
    assert post_token(api_client, "xa.doan").status_code == 200


def test_it_needs_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True)

    assert post_token(client, "xa.doan").status_code == 200


@pytest.mark.parametrize("payload", [{"username": "xa.doan"}, {"password": PASSWORD}, {}])
def test_it_validates_missing_fields_with_422(api_client, world, payload):
    response = api_client.post(TOKEN_URL, payload, content_type="application/json")

    error = assert_error(response, 422, "validation_error")
    missing = {d["field"] for d in error["details"]}
    assert missing == {"username", "password"} - set(payload)
    assert all(d["type"] == "missing" and d["location"] == "body" for d in error["details"])


def test_it_answers_malformed_json_with_400(api_client, world):
    response = api_client.post(TOKEN_URL, "{not json", content_type="application/json")

    assert_error(response, 400, "bad_request")


def test_it_answers_get_with_405_in_the_error_format(api_client):
    response = api_client.get(TOKEN_URL)

    error = assert_error(response, 405, "method_not_allowed")
    assert error["details"] == {"allowed": ["POST"]}
    assert response["Allow"] == "POST"
