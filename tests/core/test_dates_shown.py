"""Dates read dd/mm/yyyy (times dd/mm/yyyy HH:MM) on every page, in Vietnamese and English.

The walk opens the main staff and portal pages over a record that has been through the
registry (reported, verified, consented, honoured, replicated, published) and a citizen's
nomination, and fails on a date written another way in the visible text: ISO
(2026-12-06), Django's English default ("Dec. 6, 2026"), its Vietnamese defaults
("Ngày 06 tháng 12 năm 2026", "06-12-2026"). The API keeps ISO 8601 (tests/api).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
import time_machine
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from lantoa.exemplars.models import Record
from tests.personas import World, build_world
from tests.portal import nomination_helpers
from tests.portal.helpers import honour, publish, replicate

BAD_DATES = {
    "ISO": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "English": re.compile(
        r"\b(Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b"
    ),
    "Vietnamese long": re.compile(r"[Nn]gày \d{1,2} tháng \d{1,2}"),
    "dashes": re.compile(r"\b\d{2}-\d{2}-\d{4}\b"),
    # Month first: the walk runs on the 20th, so 12/20/2026 cannot pass for a day.
    "month first": re.compile(r"\b\d{1,2}/(1[3-9]|2\d|3[01])/\d{4}\b"),
}
# A day after the 12th, so that dd/mm and mm/dd cannot be confused.
WALK_DAY = datetime.datetime(2026, 12, 20, 9, 30, tzinfo=datetime.UTC)


class VisibleText(HTMLParser):
    """The text a reader sees: no markup, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def badly_written_dates(text: str) -> list[str]:
    return [f"{name}: {m.group(0)}" for name, rx in BAD_DATES.items() for m in rx.finditer(text)]


@pytest.fixture
def walk(db: None) -> Iterator[tuple[World, Record]]:
    """A record that went the whole way, on WALK_DAY (time runs on from there)."""
    with time_machine.travel(WALK_DAY, tick=True):
        world = build_world()
        story = publish(world, title="Cứu người đuối nước trên hồ Sông Quao")
        honour(world, story, "Giấy khen của Ủy ban MTTQ xã")
        replicate(world, story, world.youth_b)
        yield world, Record.objects.get(pk=story.record_id)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_staff_and_portal_pages_write_dates_as_dd_mm_yyyy(
    walk: tuple[World, Record], client: Client, language: str
) -> None:
    world, lived_record = walk
    sent = nomination_helpers.send(client, world)
    code = nomination_helpers.code_of(sent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    story = lived_record.publication  # type: ignore[attr-defined]
    portal = [
        "/",
        "/guong-sang/",
        f"/guong-sang/{story.pk}/",
        "/tim-kiem/?q=cuu",
        "/dia-phuong/68/",
        f"/bao-tin/theo-doi/{code}/",
    ]
    staff = [
        "/staff/",
        "/staff/inbox/",
        "/staff/records/",
        f"/staff/records/{lived_record.pk}/",
        f"/staff/subjects/{lived_record.subject_id}/",
        "/staff/orgs/",
        f"/staff/orgs/{world.front_a.pk}/",
        "/staff/notifications/",
        "/staff/me/",
        "/staff/documents/",
    ]
    today = timezone.localdate().strftime("%d/%m/%Y")
    seen_today = []
    for url in portal:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert badly_written_dates(text) == [], url
        seen_today.append(today in text)
    client.force_login(world.user("xa.mttq"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in [*staff, "/staff/audit/"]:
        if url == "/staff/audit/":
            client.force_login(world.user("quantri"))
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert badly_written_dates(text) == [], url
        seen_today.append(today in text)
    # The walk did see dates: the story, its record, the audit log… show today's.
    assert sum(seen_today) >= 5, seen_today


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_bare_date_and_time_render_dd_mm_yyyy_in_both_languages(language: str) -> None:
    moment = timezone.make_aware(datetime.datetime(2026, 12, 6, 9, 5))
    template = Template(
        "{{ d }}|{{ dt }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ dt|date:'DATETIME_FORMAT' }}"
    )
    with translation.override(language):
        rendered = template.render(Context({"d": moment.date(), "dt": moment}))
    assert rendered == "06/12/2026|06/12/2026 09:05|06/12/2026|06/12/2026 09:05"


class DeedForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed", ["05/12/2026", "05-12-2026", "05.12.2026", "2026-12-05"])
def test_a_date_typed_by_hand_is_read_day_first(language: str, typed: str) -> None:
    with translation.override(language):
        form = DeedForm({"day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 5)


def test_an_american_or_impossible_date_is_refused_not_guessed() -> None:
    with translation.override("vi"):
        form = DeedForm({"day": "12/31/2026"})
        assert not form.is_valid()
        assert "day" in form.errors


def test_a_native_date_input_keeps_the_iso_value_the_browser_needs() -> None:
    """`<input type="date">` only accepts yyyy-mm-dd; the browser shows it its own way."""

    class Native(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override("vi"):
        html = str(Native(initial={"day": datetime.date(2026, 12, 5)})["day"])
    assert 'value="2026-12-05"' in html
