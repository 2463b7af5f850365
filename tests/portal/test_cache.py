"""The page cache: per language, never per user, and never for unknown parameters."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import World
from tests.portal.helpers import publish


def test_each_language_has_its_own_cached_copy(world: World, client: Client) -> None:
    publish(world)
    vietnamese = client.get("/guong-sang/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    english = client.get("/guong-sang/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in vietnamese and '<html lang="en">' in english
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/guong-sang/").content.decode()


def test_public_pages_vary_on_language_and_are_revalidated(world: World, client: Client) -> None:
    publish(world)
    for _ in range(2):  # built, then cached
        response = client.get("/")
        assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
        assert response["Cache-Control"] == "max-age=0"
        assert "csrftoken" not in response.cookies


def test_new_stories_appear_within_the_cache_time(world: World, client: Client) -> None:
    publish(world, title="Chuyện thứ nhất")
    client.get("/guong-sang/")
    publish(world, title="Chuyện thứ hai")
    # Additions may wait for the minute; removals never do (test_takedown).
    assert "Chuyện thứ hai" not in client.get("/guong-sang/").content.decode()


def test_unknown_parameters_are_not_cached(world: World, client: Client) -> None:
    publish(world)
    client.get("/guong-sang/?utm_source=zalo")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/guong-sang/?utm_source=zalo")
    assert len(ctx.captured_queries) > 1


def test_a_signed_in_officer_sees_the_same_page_as_everyone(world: World, client: Client) -> None:
    publish(world)
    anonymous = client.get("/").content
    client.force_login(world.user("xa.mttq"))
    assert client.get("/").content == anonymous
    assert b"xa.mttq" not in client.get("/guong-sang/").content
