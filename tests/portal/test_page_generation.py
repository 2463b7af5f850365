"""With a cache shared by every process, a cached public page is served without touching
the database until something is taken down or republished; then it is checked at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantoa.core.public_content import GENERATION_KEY
from lantoa.portal.views.common import story_path
from tests.personas import World
from tests.portal.helpers import publish, unpublish, withdraw


@pytest.fixture(autouse=True)
def _trust(settings) -> None:
    settings.PORTAL_TRUST_GENERATION = True


def _queries(client: Client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response.status_code, len(ctx.captured_queries)


def test_an_unchanged_cached_page_costs_no_query(world: World, client: Client) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    assert client.get(path).status_code == 200
    assert _queries(client, path) == (200, 0)
    assert client.get("/").status_code == 200
    assert _queries(client, "/") == (200, 0)


@pytest.mark.parametrize("take_down", [unpublish, withdraw])
def test_a_takedown_reaches_cached_pages_at_once(world: World, client: Client, take_down) -> None:
    story = publish(world, title="Cứu người đuối nước ở hồ Sông Quao")
    other = publish(world, title="Nhặt được ví trả lại người đánh rơi")
    path = story_path(story)
    assert client.get(path).status_code == 200
    assert "Cứu người đuối nước" in client.get("/").content.decode()
    take_down(world, story)
    assert client.get(path).status_code == 410  # Gone (issue 11); was 404
    home = client.get("/").content.decode()
    assert "Cứu người đuối nước" not in home and "Nhặt được ví" in home
    # The other story's page is still right: checked once in the database, then served.
    other_path = story_path(other)
    assert client.get(other_path).status_code == 200


def test_a_lost_token_means_checking_in_the_database(world: World, client: Client) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    client.get(path)
    cache.delete(GENERATION_KEY)  # evicted, or a new cache server
    status, queries = _queries(client, path)
    assert status == 200 and queries == 1  # the liveness check, not trust
    unpublish(world, story)
    assert client.get(path).status_code == 410  # Gone (issue 11); was 404


def test_without_a_shared_cache_every_hit_is_checked(
    world: World, client: Client, settings
) -> None:
    settings.PORTAL_TRUST_GENERATION = False
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    client.get(path)
    assert _queries(client, path) == (200, 1)
