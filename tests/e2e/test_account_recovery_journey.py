"""Issue 12's "Must show", on phones: xa.quantri imports three members; each opens the
invitation link from the mail, chooses a password and signs in; xa.quantri deactivates one,
whose session and API token stop at once; another signs in again through a one-time link
handed over by xa.quantri.

Selectors are ids, names and values where they exist, so the test reads the same whatever
the wording of the Vietnamese catalogue.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from tests.api.helpers import TOKEN_URL, bearer
from tests.e2e.conftest import assert_accessible, assert_fits_phone, sign_in
from tests.personas import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEMBERS = [
    ("thon1.doan", "Nguyễn Thị Một", "mot@example.vn"),
    ("thon2.doan", "Trần Văn Hai", "hai@example.vn"),
    ("thon3.doan", "Lê Thị Ba", "ba@example.vn"),
]
CHOSEN = "Hoa-sen-2026!"


def _csv() -> bytes:
    rows = ["Tên đăng nhập,Họ và tên,Email,Số điện thoại,Vai trò,Chức vụ"]
    rows += [f"{u},{n},{e},,Báo cáo viên," for u, n, e in MEMBERS]
    return ("\ufeff" + "\r\n".join(rows) + "\r\n").encode()


def _phone(browser: Any) -> Any:
    """Another person's phone: its own cookies."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _set_password(page: Any, url: str, password: str) -> None:
    page.goto(url)
    page.locator("#id_new_password1").fill(password)
    page.locator("#id_new_password2").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))


def test_imported_members_are_invited_deactivated_and_reset(
    phone, browser, live_server, settings
) -> None:
    settings.SITE_URL = live_server.url
    world = build_world()
    base = live_server.url
    admin = phone

    # The org admin imports three members.
    sign_in(admin, base, "xa.quantri", PASSWORD)
    admin.goto(f"{base}/staff/orgs/{world.front_a.pk}/members/import/")
    admin.locator("input[type=file]").set_input_files(
        files=[{"name": "ds.csv", "mimeType": "text/csv", "buffer": _csv()}]
    )
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(re.compile(rf"/staff/orgs/{world.front_a.pk}/$"))
    notice = admin.locator(".messages").inner_text()
    assert all(username in notice for username, _n, _e in MEMBERS)  # who was invited
    assert_accessible(admin)

    # Each reads the invitation in the mail, chooses a password and signs in.
    emails = {e for _u, _n, e in MEMBERS}
    invitations = {m.to[0]: m.body for m in mail.outbox if m.to[0] in emails}
    assert set(invitations) == emails
    # The commune Front's leader was told of the three roles given.
    assert sum(m.to == ["xa.mttq@example.vn"] for m in mail.outbox) == 3
    phones = {}
    for username, _name, email in MEMBERS:
        link = re.search(r"http://\S+/accounts/link/\S+/", invitations[email]).group(0)
        page = _phone(browser)
        _set_password(page, link, CHOSEN)
        sign_in(page, base, username, CHOSEN)
        phones[username] = page
    assert_fits_phone(phones["thon1.doan"])

    # thon1 also holds an API token; the org admin deactivates thon1 from the account page.
    token = (
        Client()
        .post(
            TOKEN_URL,
            {"username": "thon1.doan", "password": CHOSEN},
            content_type="application/json",
        )
        .json()["token"]
    )
    assert Client().get("/api/v1/me", headers=bearer(token)).status_code == 200
    one = User.objects.get(username="thon1.doan")
    admin.goto(f"{base}/staff/orgs/{world.front_a.pk}/")
    admin.locator(f"a[href='/staff/accounts/{one.pk}/']").click()
    admin.wait_for_url(re.compile(rf"/staff/accounts/{one.pk}/$"))
    assert_accessible(admin)
    admin.locator(f"form[action='/staff/accounts/{one.pk}/deactivate/'] button").click()
    admin.wait_for_url(re.compile(rf"/staff/accounts/{one.pk}/$"))

    phones["thon1.doan"].goto(f"{base}/staff/")
    assert "/accounts/login/" in phones["thon1.doan"].url  # the session stopped at once
    assert Client().get("/api/v1/me", headers=bearer(token)).status_code == 401

    # thon2 forgot the password: the org admin hands over a one-time link.
    two = User.objects.get(username="thon2.doan")
    admin.goto(f"{base}/staff/accounts/{two.pk}/")
    admin.locator(f"form[action='/staff/accounts/{two.pk}/reset-link/'] button").click()
    handed_over = admin.locator("#reset-link").input_value()
    assert handed_over.startswith(f"{base}/accounts/link/")
    assert_accessible(admin)

    other_phone = _phone(browser)
    _set_password(other_phone, handed_over, "Sen-hong-2027!")
    sign_in(other_phone, base, "thon2.doan", "Sen-hong-2027!")
    phones["thon2.doan"].goto(f"{base}/staff/")
    assert "/accounts/login/" in phones["thon2.doan"].url  # the old session ended
    other_phone.goto(handed_over)
    assert other_phone.locator("#id_new_password1").count() == 0  # used once, never again

    # thon3 is untouched; everything is in the log.
    phones["thon3.doan"].goto(f"{base}/staff/")
    assert phones["thon3.doan"].url.endswith("/staff/")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "accounts.invitation.used",
        "accounts.user.deactivated",
        "accounts.reset.issued",
        "accounts.reset.used",
        "accounts.user.signed_in",
    } <= actions
    for page in phones.values():
        page.context.close()
    other_phone.context.close()
