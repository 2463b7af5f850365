"""The list's filters: kind, priority group, field, movement, province, commune, year."""

from __future__ import annotations

import datetime

from django.test import Client

from lantoa.exemplars.models import Movement, PriorityGroup, Sector
from lantoa.exemplars.stories.public import StoryFilters
from tests.personas import World
from tests.portal.helpers import publish


def _titles(client: Client, query: str) -> set[str]:
    html = client.get(f"/guong-sang/?{query}").content.decode()
    return {t for t in ("Một", "Hai", "Ba") if f">Chuyện {t}</a>" in html}


def test_each_filter_narrows_the_list(world: World, client: Client) -> None:
    youth = PriorityGroup.objects.get(code="youth_members")
    health = Sector.objects.get(code="health")
    movement = Movement.objects.order_by("pk").first()
    assert movement is not None
    publish(
        world,
        title="Chuyện Một",
        kind="good_deed",
        priority_group=youth,
        sector=health,
        movement=movement,
        deed_date=datetime.date(2025, 5, 1),
    )
    publish(world, title="Chuyện Hai", kind="good_practice", admin_unit=world.unit_b)
    publish(world, title="Chuyện Ba", kind="good_deed", place_display="province")

    assert _titles(client, "") == {"Một", "Hai", "Ba"}
    assert _titles(client, "kind=good_deed") == {"Một", "Ba"}
    assert _titles(client, "group=youth_members") == {"Một"}
    assert _titles(client, "sector=health") == {"Một"}
    assert _titles(client, f"movement={movement.pk}") == {"Một"}
    assert _titles(client, "year=2025") == {"Một"}
    assert _titles(client, "province=68") == {"Một", "Hai", "Ba"}
    # "Ba" was published at province level only: it is not shown under its commune.
    assert _titles(client, "province=68&commune=23059") == {"Một"}
    assert _titles(client, "commune=22945") == {"Hai"}
    assert _titles(client, "kind=good_deed&year=2025&sector=health") == {"Một"}
    assert _titles(client, "province=01") == set()


def test_invalid_filter_values_are_ignored(world: World, client: Client) -> None:
    publish(world, title="Chuyện Một")
    for query in ("kind=<script>", "year=abc", "movement=-1", "province=%27%20or%201=1", "page=x"):
        response = client.get(f"/guong-sang/?{query}")
        assert response.status_code == 200, query
    assert _titles(client, "kind=bogus&year=99999") == {"Một"}


def test_the_form_is_labelled_and_keeps_the_choices(world: World, client: Client) -> None:
    publish(world, title="Chuyện Một")
    html = client.get("/guong-sang/?kind=good_deed&province=68").content.decode()
    for name in ("kind", "group", "sector", "movement", "province", "commune", "year"):
        assert f'<label for="f-{name}">' in html and f'id="f-{name}" name="{name}"' in html
    assert '<option value="good_deed" selected>' in html
    assert '<option value="68" selected>' in html
    assert '<option value="23059">' in html  # communes of the chosen province
    assert '<details class="filters" open>' in html
    assert '<option value="23059">' not in client.get("/guong-sang/").content.decode()


def test_filters_round_trip_through_a_query_string() -> None:
    filters = StoryFilters.from_query(
        {"kind": "exemplar", "group": "women", "year": "2024", "commune": "23059", "x": "1"}
    )
    assert filters.as_query() == "kind=exemplar&group=women&commune=23059&year=2024"
    assert StoryFilters.from_query({}).active is False
