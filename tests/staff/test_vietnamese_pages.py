"""No English in the Vietnamese UI: every staff page, rendered for every persona who may open
it, shows no visible text equal to an English message id (ours or Django's) whose
Vietnamese translation differs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import World
from tests.staff.test_permission_matrix import CASES, PERSONAS

ROOT = Path(__file__).resolve().parents[2]
DJANGO = Path(django.__file__).parent
PO_FILES = [
    ROOT / "lantoa/locale/vi/LC_MESSAGES/django.po",
    DJANGO / "conf/locale/vi/LC_MESSAGES/django.po",
    DJANGO / "contrib/auth/locale/vi/LC_MESSAGES/django.po",
    DJANGO / "contrib/admin/locale/vi/LC_MESSAGES/django.po",
]
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


def _unquote(lines: list[str]) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', " ".join(lines))).replace('\\"', '"')


def english_msgids() -> frozenset[str]:
    """Message ids translated into something else (a name such as "Lan Tỏa" stays)."""
    found: set[str] = set()
    for po in PO_FILES:
        for entry in po.read_text(encoding="utf-8").split("\n\n"):
            lines = [line for line in entry.splitlines() if not line.startswith("#")]
            msgid, msgstr, current = [], [], None
            for line in lines:
                if line.startswith("msgid_plural"):
                    current = None
                elif line.startswith("msgid"):
                    current = msgid
                elif line.startswith("msgstr"):
                    current = msgstr
                if current is not None:
                    current.append(line)
            english, vietnamese = _unquote(msgid), _unquote(msgstr)
            if (
                english
                and vietnamese
                and english != vietnamese
                and re.search("[A-Za-z]{2}", english)
            ):
                found.add(" ".join(english.split()))
    return frozenset(found)


MSGIDS = english_msgids()


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Text(HTMLParser):
    """Visible text and attributes, except what is marked as another language (`lang="en"`
    on the "English" button of the language switch: a language is named in its own)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._stack: list[bool] = []  # per open element: hidden or in another language

    def _hidden(self) -> bool:
        return any(self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = tag in ("script", "style") or values.get("lang", "vi") != "vi"
        if not (hidden or self._hidden()):
            self.texts.extend(v for n, v in attrs if n in VISIBLE_ATTRIBUTES and v)
        if tag not in VOID:
            self._stack.append(hidden)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.texts.append(data)


def english_on(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    texts = {" ".join(text.split()) for text in parser.texts}
    return {text for text in texts if text in MSGIDS}


def test_the_check_would_catch_an_english_message() -> None:
    assert "Sign out everywhere" in MSGIDS
    assert english_on("<p>Sign out everywhere</p><p>Đăng xuất</p>") == {"Sign out everywhere"}
    assert english_on('<input placeholder="Type with or without diacritics">')
    assert english_on('<button lang="en">English</button>') == set()


GET_CASES = [
    (name, index, persona)
    for name, cases in CASES.items()
    for index, (method, _build, allowed, _status) in enumerate(cases)
    if method == "get"
    for persona in PERSONAS
    if persona in allowed
]


@pytest.mark.parametrize(("name", "index", "persona"), GET_CASES)
def test_every_staff_page_is_in_vietnamese(client: Client, world: World, name, index, persona):
    client.force_login(world.user(persona))
    _method, build, _allowed, _status = CASES[name][index]
    built = build(world)
    args, params = built if isinstance(built, tuple) else (built, {})
    response = client.get(reverse(f"staff:{name}", args=args), params, HTTP_ACCEPT_LANGUAGE="vi")
    if not response["Content-Type"].startswith("text/html"):
        return
    assert english_on(response.content.decode()) == set(), (name, persona)


@pytest.mark.parametrize("url", ["accounts:login", "accounts:password_reset", "staff:my_account"])
def test_the_account_pages_are_in_vietnamese(client: Client, world: World, url):
    if url.startswith("staff:"):
        client.force_login(world.user("xa.doan"))
    response = client.get(reverse(url), HTTP_ACCEPT_LANGUAGE="vi")
    assert english_on(response.content.decode()) == set()


def test_djangos_password_messages_are_in_vietnamese(client: Client, world: World):
    client.force_login(world.user("xa.doan"))
    response = client.post(
        reverse("staff:my_account"),
        {"current_password": "LanToa@2025", "new_password1": "123", "new_password2": "123"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    page = response.content.decode()
    assert "Mật khẩu quá ngắn" in page or "hoàn toàn là số" in page
    assert english_on(page) == set()
    assert "This password" not in page


def test_the_record_pages_consents_and_citizen_contact_are_in_vietnamese(
    client: Client, world: World, settings, tmp_path
):
    """Issue 11: each kind of proof, a refused consent form and a citizen's contact."""
    from lantoa.exemplars.models import Consent
    from tests.staff.test_nomination_contact import _nominate

    settings.MEDIA_ROOT = tmp_path
    record = _nominate(world)
    subject = record.subject
    signed_pk = _signed_consent_for(world, subject)
    Consent.objects.create(
        subject=subject,
        purpose="show_exact_place",
        given_by="subject",
        given_on="2024-05-01",
        recorded_by=world.user("xa.mttq"),
    )  # recorded before proof was required: evidence_kind "none"
    client.force_login(world.user("xa.mttq"))
    url = reverse("staff:record_detail", args=[record.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"/consents/{signed_pk}/evidence/" in page and "Người dân gửi tin báo" in page
    assert english_on(page) == set()
    refused = client.post(
        reverse("staff:record_consent", args=[record.pk]),
        {"consent-purpose": "show_photo", "consent-evidence_kind": "signed_form"},
        HTTP_ACCEPT_LANGUAGE="vi",
    ).content.decode()
    assert "Hãy đính kèm giấy đồng ý đã ký" in refused
    assert english_on(refused) == set()


def _signed_consent_for(world: World, subject) -> int:
    import datetime

    from lantoa.demo.registry.consent_forms import signed_form
    from lantoa.exemplars.consent import record_consent

    day = datetime.date(2025, 1, 1)
    return record_consent(
        actor=world.user("xa.mttq"),
        subject=subject,
        purpose="publish_story",
        given_by="subject",
        given_on=day,
        evidence_kind="signed_form",
        evidence=signed_form(full_name="Lan", purpose="x", given_on=day, signer="Lan"),
    ).pk
