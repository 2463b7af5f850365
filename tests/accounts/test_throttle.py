"""Sign-in throttling: sliding windows shared by the sign-in page and the API token endpoint."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lantoa.accounts import throttle
from tests.api.helpers import TOKEN_URL
from tests.personas import PASSWORD, World


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    settings.LOGIN_RATE_LIMIT = 5
    settings.LOGIN_RATE_LIMIT_PER_IP = 30
    settings.LOGIN_RATE_WINDOW = 900


def page(client: Client, username: str, password: str) -> bool:
    """Sign in through the page; True when it let the person in."""
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    signed_in = "_auth_user_id" in client.session
    client.logout()
    return signed_in


def api(client: Client, username: str, password: str, **extra):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        **extra,
    )


def at(minute: int, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 23, 9, minute, second, tzinfo=datetime.UTC)


def test_failures_at_the_end_of_one_window_and_the_start_of_the_next_count_together(
    client, world: World
) -> None:
    # 09:15:00 starts a new fifteen-minute window for a fixed-window counter.
    with time_machine.travel(at(14, 50), tick=False) as traveller:
        for _ in range(5):
            assert not page(client, "xa.doan", "wrong")
        traveller.move_to(at(15, 5))
        assert not page(client, "xa.doan", PASSWORD)  # even the right password waits
        traveller.move_to(at(30, 5))  # the failures of 09:14 have left the window
        assert page(client, "xa.doan", PASSWORD)


def test_the_page_and_the_api_share_the_counters(client, world: World) -> None:
    for _ in range(3):
        assert not page(client, "xa.doan", "wrong")
    for _ in range(2):
        assert api(Client(), "Xa.Doan", "wrong").status_code == 401
    assert api(Client(), "xa.doan", PASSWORD).status_code == 429
    assert not page(client, "xa.doan", PASSWORD)


def test_the_api_says_when_to_try_again_and_means_it(world: World) -> None:
    with time_machine.travel(at(0, 10), tick=False) as traveller:
        for _ in range(5):
            api(Client(), "xa.doan", "wrong")
        refused = api(Client(headers={"Accept-Language": "en"}), "xa.doan", PASSWORD)
        wait = int(refused["Retry-After"])
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
        assert wait == (at(16, 30) - at(0, 10)).seconds  # the 90-second slice 09:00–09:01:30
        assert "Please wait 17 minutes" in refused.json()["error"]["message"]
        traveller.shift(wait - 1)
        assert api(Client(), "xa.doan", PASSWORD).status_code == 429
        traveller.shift(1)
        assert api(Client(), "xa.doan", PASSWORD).status_code == 200


def test_the_page_explains_the_wait_in_vietnamese(client, world: World) -> None:
    with time_machine.travel(at(0, 10), tick=False):
        for _ in range(5):
            page(client, "xa.doan", "wrong")
        response = client.post(reverse("accounts:login"), {"username": "xa.doan", "password": "x"})
    with translation.override("vi"):
        expected = translation.gettext(
            "Too many sign-in attempts. Please wait %(minutes)d minutes and try again."
        ) % {"minutes": 17}  # 980 s, until the slice of 09:00:10 leaves the window
    assert expected in response.content.decode()


def test_a_success_clears_the_account_counter_and_costs_the_address_nothing(
    client, world: World, settings
) -> None:
    # Issue 12 replaced "a success still counts against the address" by "only failures
    # count": the address's eight attempts below include two successes, so it is not held.
    settings.LOGIN_RATE_LIMIT_PER_IP = 8
    for _ in range(4):
        assert not page(client, "xa.doan", "wrong")
    assert page(client, "xa.doan", PASSWORD)  # the account's fifth attempt
    for _ in range(2):
        assert not page(client, "xa.doan", "wrong")
    assert page(client, "xa.doan", PASSWORD)  # its counter started again at the success
    assert page(client, "xab.doan", PASSWORD)
    # Two more failures make the address's eighth: a new account from it waits…
    for _ in range(2):
        assert not page(Client(), "a.stranger", "wrong")
    assert not page(Client(), "xa.mttq", PASSWORD)
    # …while the accounts that signed in from it before are not held by the address's count.
    assert page(client, "xab.doan", PASSWORD)
    assert page(Client(REMOTE_ADDR="198.51.100.2"), "xa.mttq", PASSWORD)


def test_a_refused_attempt_uses_up_nothing(world: World, settings) -> None:
    settings.LOGIN_RATE_LIMIT = 2
    for _ in range(2):
        throttle.count_attempt(ip="198.51.100.1", login="xa.doan")
    for _ in range(3):
        with pytest.raises(throttle.SignInThrottled) as info:
            throttle.count_attempt(ip="198.51.100.1", login="XA.DOAN ")
        assert info.value.retry_after > 0
    assert throttle.per_ip().count("198.51.100.1") == 2
