"""Rows and unbound forms drawn once and cached under what they show (lantoa/staff/fragments.py):
a change to what they show draws them again, and a cached piece is never another's."""

from __future__ import annotations

import datetime

import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.exemplars.models import Sector
from lantoa.exemplars.services.catalogues import save_catalogue_entry
from lantoa.orgs.models import Organisation
from lantoa.staff import fragments
from lantoa.staff.forms.lists import RecordFilterForm
from lantoa.staff.forms.records import HonourForm
from lantoa.staff.fragments import KEY_PREFIX, forget_local, form_fields, rendered_rows, row_key
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.staff.helpers import page_text

MARCH_2 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
EN = {"Accept-Language": "en"}


def _row_html(response, title: str) -> str:
    html = response.content.decode()
    start = html.rindex("<tr", 0, html.index(f">{title}</a>"))
    return html[start : html.index("</tr>", start)]


def _filter_form(html: str) -> str:
    start = html.index('<form class="row g-2 align-items-end mb-3"')
    return html[start : html.index("</form>", start)]


def _row_keys() -> int:
    return sum(1 for key in cache._cache if f":{KEY_PREFIX}:" in key)  # type: ignore[attr-defined]


def test_a_list_row_is_drawn_again_after_the_record_changes_state(login, world: World) -> None:
    record = report(world, title="Cứu người đuối nước")
    client = login("xa.mttq")
    url = reverse("staff:record_list")
    before = _row_html(client.get(url, headers=EN), record.title)
    assert "Reported" in before
    assert _row_html(client.get(url, headers=EN), record.title) == before  # from the cache
    step(world, record, "xa.mttq", "start_verification")
    after = _row_html(client.get(url, headers=EN), record.title)
    assert "Under verification" in after
    assert "Reported" not in after


def test_an_inbox_row_follows_the_state_and_the_viewers_steps(login, world: World) -> None:
    record = report(world, title="Cứu người đuối nước")
    client = login("xa.mttq")
    url = reverse("staff:inbox")
    before = _row_html(client.get(url, headers=EN), record.title)
    assert "Reported" in before
    step(world, record, "xa.mttq", "start_verification")
    after = _row_html(client.get(url, headers=EN), record.title)
    assert "Under verification" in after
    # Verifying is a bulk step now: the row offers its checkbox.
    assert f'value="{record.pk}"' in after


def test_a_row_turns_overdue_when_its_due_date_passes(login, world: World) -> None:
    with time_machine.travel(MARCH_2):
        record = report(world, title="Việc sắp quá hạn")
    assert record.due_at is not None
    url = reverse("staff:record_list")
    hour = datetime.timedelta(hours=1)
    with time_machine.travel(record.due_at - hour):
        client = login("xa.mttq")
        assert "overdue" not in _row_html(client.get(url, headers=EN), record.title)
    # Two hours later, well within the cached row's lifetime.
    with time_machine.travel(record.due_at + hour):
        assert "overdue" in _row_html(client.get(url, headers=EN), record.title)


def test_a_row_is_drawn_in_each_language(login, world: World) -> None:
    record = report(world, title="Cứu người đuối nước")
    client = login("xa.mttq")
    url = reverse("staff:record_list")
    english = _row_html(client.get(url, headers=EN), record.title)
    vietnamese = _row_html(client.get(url, headers={"Accept-Language": "vi"}), record.title)
    assert "Reported" in english
    assert "Reported" not in vietnamese
    assert 'data-label="Due"' not in vietnamese


def test_a_page_of_rows_asks_the_cache_once_and_draws_only_the_missing(world: World) -> None:
    rows = [{"pk": 1, "title": "A <b>"}, {"pk": 2, "title": "B"}]
    name = "staff/records/_list_row.html"
    first = rendered_rows(name, rows)
    assert "A &lt;b&gt;" in first  # drawn by an autoescaping template
    # Another process (nothing in its memory) whose shared cache lost one row.
    forget_local()
    cache.delete(row_key(name, rows[1]))
    assert rendered_rows(name, rows) == first
    assert cache.get(row_key(name, rows[1])) is not None
    assert row_key(name, rows[0]) != row_key(name, {**rows[0], "title": "A"})
    assert rendered_rows(name, []) == ""


def test_pieces_this_process_used_need_no_round_trip(world: World, monkeypatch) -> None:
    rows = [{"pk": n, "title": f"Dòng {n}"} for n in range(5)]
    name = "staff/records/_list_row.html"
    first = rendered_rows(name, rows)
    asked: list[list[str]] = []
    real = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(list(keys)) or real(keys))
    assert rendered_rows(name, rows) == first
    assert asked == []  # every row from this process's memory
    # A row it never drew is asked for alone, and drawn.
    more = [*rows, {"pk": 9, "title": "Mới"}]
    assert "Mới" in rendered_rows(name, more)
    assert asked == [[row_key(name, more[-1])]]


def test_the_memory_keeps_only_the_most_recent_pieces(world: World, monkeypatch) -> None:
    monkeypatch.setattr(fragments, "LOCAL_MAX", 3)
    name = "staff/records/_list_row.html"
    rows = [{"pk": n, "title": f"Dòng {n}"} for n in range(5)]
    rendered_rows(name, rows)
    assert len(fragments._local) == 3
    assert list(fragments._local) == [row_key(name, row) for row in rows[2:]]
    cache.clear()  # the shared copies gone: the forgotten rows are drawn again, the same
    assert rendered_rows(name, rows[:1]) == rendered_rows(name, rows[:1])


def test_the_filter_form_shows_an_edited_catalogue_at_once(login, world: World) -> None:
    client = login("quantri")
    url = reverse("staff:record_list")
    sector = Sector.objects.create(code="x", name="Lĩnh vực cũ", name_en="Old field")
    assert "Old field" in page_text(client.get(url, headers=EN))
    save_catalogue_entry(
        actor=world.user("quantri"),
        catalogue="sectors",
        entry=sector,
        code="x",
        name="Lĩnh vực mới",
        name_en="New field",
    )
    text = page_text(client.get(url, headers=EN))
    assert "New field" in text
    assert "Old field" not in text


def test_a_filtered_form_is_drawn_with_what_was_typed(login, world: World) -> None:
    client = login("xa.mttq")
    url = reverse("staff:record_list")
    client.get(url)
    response = client.get(url, {"q": "đuối nước"})
    assert 'value="đuối nước"' in response.content.decode()
    assert "đuối nước" not in client.get(url).content.decode().split("<tbody>")[0]


def test_a_valid_filtered_form_is_cached_under_what_was_typed(login, world: World) -> None:
    client = login("xa.mttq")
    url = reverse("staff:record_list")
    cache.clear()
    forget_local()
    first = client.get(url, {"q": "đuối nước", "overdue": "on"}).content.decode()
    pieces = _row_keys()
    again = client.get(url, {"q": "đuối nước", "overdue": "on"}).content.decode()
    assert _row_keys() == pieces  # the same filters: the same piece, drawn once
    form = _filter_form(first)
    assert form == _filter_form(again)
    assert 'value="đuối nước"' in form and "checked" in form
    other = client.get(url, {"q": "cứu người"}).content.decode()
    assert _row_keys() == pieces + 1  # other words: another piece
    other_form = _filter_form(other)
    assert 'value="cứu người"' in other_form and "đuối nước" not in other_form
    assert "checked" not in other_form


def test_a_bound_form_with_errors_is_never_cached(world: World) -> None:
    cache.clear()
    bound = HonourForm({"honour-text": "Bằng khen <tỉnh>", "honour-date": "bad"})
    html = form_fields("includes/form_fields.html", bound)
    assert "Bằng khen &lt;tỉnh&gt;" in html
    assert _row_keys() == 0
    unbound = form_fields("includes/form_fields.html", HonourForm())
    assert "Bằng khen" not in unbound
    assert _row_keys() == 1


def test_an_unbound_form_with_another_initial_value_is_another_piece(world: World) -> None:
    name = "includes/form_fields.html"
    one = form_fields(name, HonourForm(initial={"date": datetime.date(2026, 3, 2)}))
    two = form_fields(name, HonourForm(initial={"date": datetime.date(2026, 3, 3)}))
    assert "2026-03-02" in one or "02/03/2026" in one
    assert one != two


def test_an_edited_row_template_draws_new_rows_while_developing(settings, monkeypatch) -> None:
    settings.DEBUG = True
    name = "staff/records/_list_row.html"
    before = row_key(name, {"pk": 1})
    monkeypatch.setattr(
        "lantoa.staff.fragments._source_digest", lambda template: "edited" + template
    )
    assert row_key(name, {"pk": 1}) != before


def test_a_form_drawn_on_a_miss_reads_each_catalogue_once(world: World) -> None:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        form = RecordFilterForm(orgs=Organisation.objects.none())
        html = form_fields("staff/records/_list_filters.html", form, filtered=False)
    # Priority groups and fields, once each: no COUNT, no second read to draw them.
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert 'name="priority_group"' in html


def test_an_unfiltered_list_draws_its_filter_form_once_per_process(
    login, world: World, monkeypatch
) -> None:
    client = login("xa.mttq")
    url = reverse("staff:record_list")
    first = _filter_form(client.get(url).content.decode())
    client.get(reverse("staff:inbox"))
    built = []
    original = RecordFilterForm.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(RecordFilterForm, "__init__", counting)
    # Drawn: neither list builds a form again, the page number alone is no filter, and
    # the form is the same.
    assert _filter_form(client.get(url).content.decode()) == first
    assert _filter_form(client.get(url, {"page": "2"}).content.decode()) == first
    assert 'name="q"' in client.get(reverse("staff:inbox")).content.decode()
    assert built == []
    # A filter builds the form; a new catalogue entry draws the unfiltered one again.
    client.get(url, {"kind": "good_deed"})
    assert built == ["RecordFilterForm"]
    Sector.objects.create(code="new", name="Lĩnh vực mới", name_en="New field")
    assert "Lĩnh vực mới" in _filter_form(client.get(url).content.decode())
    assert built == ["RecordFilterForm", "RecordFilterForm"]
