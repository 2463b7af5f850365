"""Sessions read from the shared cache (decision 128) still end the way the database ones
do: signing out, signing out everywhere, a password change, a deactivation."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.orgs.accounts import deactivate_account
from tests.personas import PASSWORD

NEW_PASSWORD = "Hoa-sen-2026!"


@pytest.fixture(autouse=True)
def _cached_sessions(settings):
    settings.CACHE_SHARED = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.clear()
    yield
    cache.clear()


def _signed_in(world, username: str = "xa.doan") -> Client:
    browser = Client()
    browser.force_login(world.user(username))
    assert browser.get(reverse("staff:home")).status_code == 200
    return browser


def test_a_session_is_read_from_the_cache(world):
    browser = _signed_in(world)
    assert cache.get(KEY_PREFIX + browser.session.session_key) is not None
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(reverse("staff:home")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]


def test_signing_out_ends_the_cached_session(world):
    browser = _signed_in(world)
    copy = Client()
    copy.cookies = browser.cookies  # the same session key, another browser tab
    assert browser.post(reverse("accounts:logout")).status_code == 302
    assert copy.get(reverse("staff:home")).status_code == 302


def test_signing_out_everywhere_ends_cached_sessions(world):
    browser, other = _signed_in(world), _signed_in(world)
    assert browser.post(reverse("staff:my_sign_out_everywhere")).status_code == 302
    assert browser.get(reverse("staff:home")).status_code == 302
    assert other.get(reverse("staff:home")).status_code == 302


def test_a_password_change_ends_the_other_cached_sessions(world):
    browser, other = _signed_in(world), _signed_in(world)
    response = browser.post(
        reverse("staff:my_account"),
        {
            "current_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert browser.get(reverse("staff:home")).status_code == 200
    assert other.get(reverse("staff:home")).status_code == 302


def test_deactivating_ends_the_cached_session(world):
    browser = _signed_in(world)
    deactivate_account(actor=world.user("xa.quantri"), user=world.user("xa.doan"))
    assert browser.get(reverse("staff:home")).status_code == 302
