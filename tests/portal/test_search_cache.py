"""Search result pages are cached like the lists: a hit is one query, and a story taken
down or withdrawn leaves a cached result page at once."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import World
from tests.portal.helpers import publish, unpublish, withdraw


def test_a_repeated_search_is_served_from_the_cache_after_one_check(
    world: World, client: Client
) -> None:
    publish(world, title="Hiến máu tình nguyện 20 lần")
    first = client.get("/tim-kiem/", {"q": "hien mau"})
    assert first["Server-Timing"].startswith("search;dur=")
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/tim-kiem/", {"q": "hien mau"})
    assert again.content == first.content
    assert len(ctx.captured_queries) == 1  # the stories on the page are still live


def test_an_unpublished_story_leaves_a_cached_search_page_at_once(
    world: World, client: Client
) -> None:
    story = publish(world, title="Cứu người đuối nước")
    assert "Cứu người đuối nước" in client.get("/tim-kiem/", {"q": "cuu nguoi"}).content.decode()
    unpublish(world, story)
    assert (
        "Cứu người đuối nước" not in client.get("/tim-kiem/", {"q": "cuu nguoi"}).content.decode()
    )


def test_a_withdrawn_consent_empties_a_cached_search_page_at_once(
    world: World, client: Client
) -> None:
    story = publish(world, title="Nhặt được ví trả lại người đánh rơi")
    assert "Nhặt được ví" in client.get("/tim-kiem/", {"q": "nhat duoc vi"}).content.decode()
    withdraw(world, story)
    assert "Nhặt được ví" not in client.get("/tim-kiem/", {"q": "nhat duoc vi"}).content.decode()
