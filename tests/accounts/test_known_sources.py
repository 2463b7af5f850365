"""Sign-in limits that cannot lock a colleague out (issue 12): only failures count, and an
address or browser that signed in to an account before gets a short, capped wait."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lantoa.accounts import throttle
from tests.api.helpers import TOKEN_URL
from tests.personas import PASSWORD, make_user

OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.66"


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    settings.LOGIN_RATE_LIMIT = 5
    settings.LOGIN_RATE_LIMIT_PER_IP = 30
    settings.LOGIN_RATE_WINDOW = 900
    settings.LOGIN_KNOWN_SOURCE_DELAY = 30


def sign_in(client: Client, username: str, password: str = PASSWORD):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    signed_in = "_auth_user_id" in client.session
    device = client.cookies.get(throttle.DEVICE_COOKIE)
    client.logout()  # drops every cookie; the browser keeps its device cookie
    if device is not None:
        client.cookies[throttle.DEVICE_COOKIE] = device.value
    return response, signed_in


def at(second: int) -> datetime.datetime:
    return datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        seconds=second
    )


def test_thirty_successful_sign_ins_from_one_address_do_not_lock_the_next_one_out(world):
    for n in range(30):
        make_user(f"canbo{n}")
        assert sign_in(Client(REMOTE_ADDR=OFFICE), f"canbo{n}")[1]

    assert sign_in(Client(REMOTE_ADDR=OFFICE), "xa.doan")[1]


def test_failures_slow_the_account_from_every_unknown_address(world):
    for _ in range(5):
        assert not sign_in(Client(REMOTE_ADDR=ELSEWHERE), "xa.doan", "wrong")[1]

    # Typed as an e-mail address, from another address: the same account, the same count.
    response, signed_in = sign_in(Client(REMOTE_ADDR=OFFICE), "XA.DOAN@example.vn")
    assert (response.status_code, signed_in) == (429, False)


def test_an_address_that_signed_in_before_waits_at_most_the_capped_delay(world):
    with time_machine.travel(at(0), tick=False) as traveller:
        assert sign_in(Client(REMOTE_ADDR=OFFICE), "xa.doan")[1]  # yesterday's sign-in
        for _ in range(5):
            sign_in(Client(REMOTE_ADDR=ELSEWHERE), "xa.doan", "wrong")
        traveller.shift(10)
        for _ in range(3):  # the guesser, refused outright, adds nothing
            response, _signed = sign_in(Client(REMOTE_ADDR=ELSEWHERE), "xa.doan", "wrong")
            assert response.status_code == 429

        response, signed_in = sign_in(
            Client(REMOTE_ADDR=OFFICE, HTTP_ACCEPT_LANGUAGE="en"), "xa.doan"
        )
        assert (response.status_code, signed_in) == (429, False)
        assert int(response["Retry-After"]) == 20  # 30 s after the last failure
        assert "Please wait 20 seconds" in response.content.decode()

        traveller.shift(20)
        assert sign_in(Client(REMOTE_ADDR=OFFICE), "xa.doan")[1]
        # The success cleared the account: the stranger's address is let try again.
        assert sign_in(Client(REMOTE_ADDR=ELSEWHERE), "xa.doan")[1]


def test_a_browser_that_signed_in_before_is_known_from_any_address(world):
    browser = Client(REMOTE_ADDR=OFFICE)
    assert sign_in(browser, "xa.doan")[1]
    from django.core import signing

    marks = signing.loads(browser.cookies[throttle.DEVICE_COOKIE].value, salt=throttle._DEVICE_SALT)
    assert len(marks) == 1 and "user" not in marks[0]  # no account id in the browser
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR=ELSEWHERE), "xa.doan", "wrong")

    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=31)
    ):
        browser.defaults["REMOTE_ADDR"] = "192.0.2.200"  # a phone on another network
        assert sign_in(browser, "xa.doan")[1]


@pytest.mark.parametrize("forge", ["unsigned", "other_salt"])
def test_a_forged_device_cookie_is_ignored(world, forge):
    from django.core import signing

    doan = world.user("xa.doan")
    marks = [throttle._device_mark(f"user:{doan.pk}")]
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR=ELSEWHERE), "xa.doan", "wrong")
    forger = Client(REMOTE_ADDR=ELSEWHERE)
    forger.cookies[throttle.DEVICE_COOKIE] = (
        signing.dumps(marks, salt="something else") if forge == "other_salt" else str(marks)
    )

    response, signed_in = sign_in(forger, "xa.doan")

    assert (response.status_code, signed_in) == (429, False)


def test_a_device_cookie_of_another_account_does_not_help(world):
    browser = Client(REMOTE_ADDR=OFFICE)
    assert sign_in(browser, "xab.doan")[1]
    for _ in range(5):
        sign_in(Client(REMOTE_ADDR=ELSEWHERE), "xa.doan", "wrong")
    browser.defaults["REMOTE_ADDR"] = ELSEWHERE

    assert sign_in(browser, "xa.doan")[0].status_code == 429


def test_the_api_gives_a_known_address_the_same_gentle_wait(world):
    with time_machine.travel(at(0), tick=False) as traveller:

        def token(ip: str, password: str = PASSWORD):
            return Client(REMOTE_ADDR=ip).post(
                TOKEN_URL,
                {"username": "xa.doan", "password": password},
                content_type="application/json",
            )

        assert token(OFFICE).status_code == 200
        for _ in range(5):
            assert token(ELSEWHERE, "wrong").status_code == 401
        assert token(ELSEWHERE).status_code == 429
        refused = token(OFFICE)
        assert refused.status_code == 429 and refused["Retry-After"] == "30"
        traveller.shift(30)
        assert token(OFFICE).status_code == 200


def test_failed_sign_ins_and_sign_ins_are_audited(world):
    from lantoa.audit.models import AuditEvent

    sign_in(Client(), "xa.doan", "wrong")
    sign_in(Client(), "nobody", "wrong")
    sign_in(Client(), "xa.doan")

    events = list(
        AuditEvent.objects.filter(action__startswith="accounts.user.").values_list(
            "action", "object_id", "actor_id"
        )
    )
    doan = world.user("xa.doan").pk
    assert sorted(events) == [
        ("accounts.user.sign_in_failed", str(doan), None),
        ("accounts.user.signed_in", str(doan), doan),
    ]
