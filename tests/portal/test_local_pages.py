"""With Redis, each process answers hits from the pages it already holds while Redis
reports no write of the publishing generation (`lantoa.core.key_watch`): no round trip,
and a takedown, wherever it is made, still reaches the page at once (CI runs Redis;
`TEST_REDIS_URL` picks another database)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client

from lantoa.core.cache import RedisCache
from lantoa.core.public_content import GENERATION_KEY
from lantoa.portal import cached_pages
from lantoa.portal.views.common import PublicPage, story_path
from tests.personas import World
from tests.portal.helpers import publish, unpublish
from tests.redis_cache import REDIS, use_redis


@pytest.fixture(autouse=True)
def prefix(settings) -> Iterator[str]:
    settings.PORTAL_TRUST_GENERATION = True
    yield from use_redis(settings)


class Lookups:
    """Counts the page cache's reads of Redis (`get_many` of the page and the generation)."""

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        backend = caches["default"]
        original = backend.get_many

        def counted(keys, *args, **kwargs):
            self.count += 1
            return original(keys, *args, **kwargs)

        monkeypatch.setattr(backend, "get_many", counted)


def _early(response) -> bool:
    # The view never ran: the handler did not even resolve the address.
    return not isinstance(response, PublicPage) and response.wsgi_request.resolver_match is None


def _stored(client: Client, path: str) -> None:
    assert client.get(path).status_code == 200  # rendered and stored
    assert _early(client.get(path))  # read from Redis once, kept


def test_a_kept_page_is_answered_without_asking_redis(
    world: World, client: Client, monkeypatch
) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    _stored(client, path)
    reads = Lookups(monkeypatch)
    first = client.get(path)
    for _ in range(5):
        hit = client.get(path)
        assert hit.status_code == 200 and _early(hit) and hit.content == first.content
        assert hit["Content-Security-Policy"] and hit["X-Frame-Options"]
        assert hit["X-Request-ID"] != first["X-Request-ID"]
    assert reads.count == 0
    # Another language, another host: other pages, read from Redis.
    client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert reads.count == 1


def test_a_takedown_here_reaches_the_kept_page_at_once(world: World, client: Client) -> None:
    story = publish(world, title="Cứu người đuối nước ở hồ Sông Quao")
    path = story_path(story)
    _stored(client, path)
    unpublish(world, story)
    assert client.get(path).status_code == 410


def test_a_generation_written_by_another_process_is_seen_at_once(
    world: World, client: Client, monkeypatch, prefix: str
) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    _stored(client, path)
    reads = Lookups(monkeypatch)
    client.get(path)
    assert reads.count == 0
    another_process = RedisCache(REDIS, {"KEY_PREFIX": prefix})  # its own connections
    another_process.set(GENERATION_KEY, uuid.uuid4().hex, None)
    response = client.get(path)
    assert response.status_code == 200 and reads.count == 1  # asked Redis, checked the page
    # A page stored before the change is read and checked each time until it expires.
    client.get(path)
    assert reads.count == 2


def test_a_kept_page_lives_no_longer_than_in_redis(
    world: World, client: Client, monkeypatch
) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    _stored(client, path)
    reads = Lookups(monkeypatch)
    later = time.time() + cached_pages.PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(cached_pages.time, "time", lambda: later)
    assert client.get(path).status_code == 200
    assert reads.count == 1


def test_without_a_watch_every_hit_asks_the_cache(
    world: World, client: Client, settings, monkeypatch
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    _stored(client, path)
    reads = Lookups(monkeypatch)
    assert _early(client.get(path)) and _early(client.get(path))
    assert reads.count == 2
