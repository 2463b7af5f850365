"""The record list's catalogue filters offered from the cache (decision 135,
lantoa/exemplars/catalogue_choices.py): read once while no entry changes, never stale
after a write."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.exemplars.models import PriorityGroup, Sector
from lantoa.exemplars.services.catalogues import save_catalogue_entry
from tests.personas import World
from tests.redis_cache import Commands, elsewhere, soon, use_redis
from tests.staff.helpers import page_text

EN = {"Accept-Language": "en"}


@pytest.fixture
def shared(settings):
    settings.CACHE_SHARED = True
    cache.clear()
    yield
    cache.clear()


def _catalogue_queries(client, url: str, headers=None) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or EN)
    assert response.status_code == 200
    read = [q for q in queries if "exemplars_sector" in q["sql"] or "prioritygroup" in q["sql"]]
    return page_text(response), len(read)


def test_the_catalogues_are_read_once_then_from_the_cache(shared, login, world: World) -> None:
    Sector.objects.create(code="x", name="Giáo dục", name_en="Education")
    client = login("quantri")
    url = reverse("staff:record_list")
    text, first = _catalogue_queries(client, url)
    assert "Education" in text and first == 2
    text, again = _catalogue_queries(client, url)
    assert "Education" in text and again == 0
    # Each language names the entry its own way, from the same cached entries.
    text, _n = _catalogue_queries(client, url, {"Accept-Language": "vi"})
    assert "Giáo dục" in text and "Education" not in text


def test_every_write_of_an_entry_shows_at_once(
    shared, login, world: World, django_capture_on_commit_callbacks
) -> None:
    client = login("quantri")
    url = reverse("staff:record_list")
    sector = Sector.objects.create(code="x", name="Lĩnh vực cũ", name_en="Old field")
    assert "Old field" in _catalogue_queries(client, url)[0]
    with django_capture_on_commit_callbacks(execute=True):
        save_catalogue_entry(
            actor=world.user("quantri"),
            catalogue="sectors",
            entry=sector,
            code="x",
            name="Lĩnh vực mới",
            name_en="New field",
        )
    text = _catalogue_queries(client, url)[0]
    assert "New field" in text and "Old field" not in text
    # A write outside the services (the admin, a shell) is seen too: signals.
    PriorityGroup.objects.create(code="g", name="Nhóm mới", name_en="New group")
    assert "New group" in _catalogue_queries(client, url)[0]
    sector.delete()
    assert "New field" not in _catalogue_queries(client, url)[0]


def test_a_chosen_entry_is_still_selected_and_an_unknown_one_never_offered(
    shared, login, world: World
) -> None:
    client = login("quantri")
    url = reverse("staff:record_list")
    sector = Sector.objects.create(code="x", name="Giáo dục", name_en="Education")
    _catalogue_queries(client, url)  # cached
    chosen = client.get(url, {"sector": sector.pk}, headers=EN)
    assert chosen.status_code == 200
    assert f'<option value="{sector.pk}" selected>' in chosen.content.decode()
    unknown = client.get(url, {"sector": 999999}, headers=EN)
    assert unknown.status_code == 200
    assert 'value="999999"' not in unknown.content.decode()  # never offered, never chosen


def test_filtering_by_an_entry_asks_the_database_nothing_about_it(
    shared, login, world: World
) -> None:
    client = login("quantri")
    url = reverse("staff:record_list")
    group = PriorityGroup.objects.create(code="g", name="Nhóm", name_en="Group")
    _catalogue_queries(client, url)  # cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"priority_group": group.pk})
    # The entry is checked against the cached catalogue: no query of its own.
    assert not [q for q in queries if "prioritygroup" in q["sql"]]
    assert f'<option value="{group.pk}" selected>' in response.content.decode()


@pytest.fixture
def redis_cache(settings, django_capture_on_commit_callbacks):
    for prefix in use_redis(settings):
        with django_capture_on_commit_callbacks(execute=True):
            yield prefix


def test_with_redis_the_entries_come_from_memory_and_a_write_is_seen_at_once(
    redis_cache, world: World, monkeypatch
) -> None:
    """Decision 142's watch on the catalogues' version: no round trip once settled, and
    an entry written here or by another process is offered by the next form."""
    from django.utils import translation

    from lantoa.exemplars import catalogue_choices

    def offered() -> list[str]:
        with translation.override("en"):
            return [label for _v, label in catalogue_choices.choices(Sector, "—")][1:]

    Sector.objects.create(code="test-a", name="Giáo dục A", name_en="Schooling A")
    for _ in range(3):
        first = offered()  # the version's creation is reported once
    assert "Schooling A" in first
    commands = Commands(monkeypatch)
    assert commands.during(offered) == (first, 0)
    Sector.objects.create(code="test-b", name="Y tế B", name_en="Health B")
    assert soon(lambda: "Health B" in offered())
    # Another process replaces the version: this one stops trusting its memory.
    Sector.objects.filter(code="test-a").update(name_en="Schools A")  # no signal
    elsewhere(redis_cache).set(catalogue_choices.CATALOGUES_VERSION, "other", 60)
    assert soon(lambda: "Schools A" in offered() and "Schooling A" not in offered())
