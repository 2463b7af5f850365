"""The staff header drawn once per officer and section (lantoa/staff/chrome.py): what it
shows follows every change, and what differs per request (the CSRF token, the page to
come back to) is never reused from another response."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from lantoa.notifications.services import notify
from lantoa.staff import chrome
from lantoa.staff.fragments import template_digest
from tests.personas import World

EN = {"Accept-Language": "en"}


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index("<header>") : html.index("</header>")]


def _tokens(header: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', header)


def _lit(header: str) -> list[str]:
    """The menu items marked as the current section."""
    return re.findall(r'class="nav-link active"[^>]*>([^<]+)</a>', header)


def test_the_section_of_each_page_is_lit_from_the_same_cached_header(login, world: World) -> None:
    client = login("xa.mttq")
    pages = {
        reverse("staff:home"): ["Home"],
        reverse("staff:inbox"): ["Inbox"],
        reverse("staff:record_list"): ["Records"],
        reverse("staff:record_new"): ["New report"],
        reverse("staff:notifications"): [],
    }
    for _round in range(2):  # drawn, then from the cache
        for url, lit in pages.items():
            header = _header(client.get(url, headers=EN))
            assert _lit(header) == lit, url
    bell = _header(client.get(reverse("staff:notifications"), headers=EN))
    assert 'data-testid="bell" aria-current="page"' in bell
    # One header per section was drawn and kept; the second round drew none.
    digest = template_digest(chrome.HEADER)
    assert sum(1 for key in cache._cache if digest in key) == len(pages)  # type: ignore[attr-defined]


def test_every_response_has_its_own_valid_token_and_its_own_way_back(login, world: World) -> None:
    client = login("xa.mttq")
    client.handler.enforce_csrf_checks = True
    url = reverse("staff:record_list")
    first = _header(client.get(url, headers=EN))
    second = _header(client.get(f"{url}?state=reported&q=c%E1%BB%A9u", headers=EN))
    assert chrome.CSRF_PLACEHOLDER not in first + second
    assert chrome.NEXT_PLACEHOLDER not in first + second
    # Two forms (language, sign out), each with the response's own masked token.
    assert len(_tokens(first)) == 2 and len(_tokens(second)) == 2
    assert set(_tokens(first)).isdisjoint(_tokens(second))
    assert f'name="next" value="{url}"' in first
    assert f'name="next" value="{url}?state=reported&amp;q=c%E1%BB%A9u"' in second
    # The cached header's token is accepted: switching the language works from it.
    switched = client.post(
        reverse("set_language"),
        {"csrfmiddlewaretoken": _tokens(second)[0], "language": "vi", "next": url},
    )
    assert switched.status_code == 302
    # And a page without a token is still refused.
    refused = client.post(reverse("set_language"), {"language": "vi", "next": url})
    assert refused.status_code == 403


def test_the_bell_and_the_name_follow_their_changes(
    login, world: World, django_capture_on_commit_callbacks
) -> None:
    client = login("xa.mttq")
    url = reverse("staff:inbox")
    assert 'data-testid="unread-count"' not in _header(client.get(url, headers=EN))
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.user("xa.mttq"), kind="test", title="Một")
    assert '"unread-count">1<' in _header(client.get(url, headers=EN))
    user = world.user("xa.mttq")
    user.full_name = "Phạm Thị Xã Mới"
    user.save()
    header = _header(client.get(url, headers=EN))
    assert "Phạm Thị Xã Mới" in header


def _menu(header: str) -> list[str]:
    return re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', header)


def test_one_officers_header_is_never_anothers(login, world: World) -> None:
    """Each officer's menu is what their own roles open, whoever's header was drawn first."""
    for _round in range(2):
        verifier = _header(login("xa.mttq").get(reverse("staff:home"), headers=EN))
        reporter = _header(login("xa.doan").get(reverse("staff:home"), headers=EN))
        admin = _header(login("xa.quantri").get(reverse("staff:home"), headers=EN))
        assert "Phạm Thị Xã" in verifier and "Phạm Thị Xã" not in reporter + admin
        assert "Nguyễn Văn Đoàn" in reporter
        # A reporter confirms no roles; an org admin reports nothing and reads the audit log.
        assert "Roles to confirm" in _menu(verifier) and "Roles to confirm" not in _menu(reporter)
        assert "New report" not in _menu(admin) and "Audit log" in _menu(admin)
        assert "Audit log" not in _menu(verifier) + _menu(reporter)


def test_a_name_holding_a_placeholder_stays_text(login, world: World) -> None:
    user = get_user_model().objects.get(username="xa.mttq")
    user.full_name = f'value="{chrome.CSRF_PLACEHOLDER}"'
    user.save()
    header = _header(login("xa.mttq").get(reverse("staff:home"), headers=EN))
    assert f"value=&quot;{chrome.CSRF_PLACEHOLDER}&quot;" in header


def test_the_header_follows_the_language(login, world: World) -> None:
    client = login("xa.mttq")
    english = _header(client.get(reverse("staff:home"), headers=EN))
    vietnamese = _header(client.get(reverse("staff:home"), headers={"Accept-Language": "vi"}))
    assert "Sign out" in english and "Sign out" not in vietnamese
    assert "Đăng xuất" in vietnamese
