from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.api.helpers import TOKEN_URL, bearer
from tests.personas import PASSWORD, World


@pytest.fixture
def api_client() -> Client:
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def token_for(api_client: Client, world: World) -> Callable[[str], str]:
    """`token_for("xa.doan")` signs in through the token endpoint and returns the token."""

    def _token_for(username: str) -> str:
        response = api_client.post(
            TOKEN_URL, {"username": username, "password": PASSWORD}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        return str(response.json()["token"])

    return _token_for


@pytest.fixture
def api_as(token_for: Callable[[str], str]) -> Callable[[str], Client]:
    """`api_as("xa.doan")` returns a client that sends that persona's bearer token."""

    def _api_as(username: str) -> Client:
        return Client(headers={"Accept-Language": "en", **bearer(token_for(username))})

    return _api_as
