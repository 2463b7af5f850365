"""An anonymous cache hit is answered before the session, locale, CSRF and authentication
middleware (`lantoa.portal.cached_pages`), with the very headers the whole stack gave the
page, and keeps every rule of the page cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lantoa.exemplars import consent
from lantoa.exemplars.models import Consent
from lantoa.portal.cached_pages import HIT_TIMING, page_key
from lantoa.portal.views.common import PublicPage, story_path
from tests.personas import World
from tests.portal.helpers import FULL_NAME, publish, unpublish, withdraw

# Different on every answer by nature: the request's id, and where the time went.
PER_REQUEST = {"X-Request-ID", "Server-Timing"}


@pytest.fixture(autouse=True)
def _trust(settings) -> None:
    settings.PORTAL_TRUST_GENERATION = True


def _served_early(response) -> bool:
    """Answered from the cache before the rest of the stack and the view ran (the handler
    never resolved the address; a miss skips the session middleware too, so its absence
    tells nothing)."""
    request = response.wsgi_request
    return not isinstance(response, PublicPage) and request.resolver_match is None


def _headers(response) -> dict[str, str]:
    return {k: v for k, v in response.items() if k not in PER_REQUEST}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_hit_has_the_headers_of_the_page_the_whole_stack_rendered(
    world: World, client: Client, language: str
) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    for path in ["/", story_path(story), "/guong-sang/", "/tim-kiem/?q=hien+mau"]:
        miss = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        hit = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert miss.status_code == hit.status_code == 200, path
        assert not _served_early(miss) and _served_early(hit), path
        assert hit.content == miss.content, path
        assert _headers(hit) == _headers(miss), path
        assert hit["Content-Language"] == language
        assert set(miss.headers) == set(hit.headers), path
        # The security headers and the CSP are there on both, and the request id.
        for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
            assert hit[name], (path, name)
        assert hit["X-Request-ID"] != miss["X-Request-ID"]


def test_a_hit_says_so_where_the_page_timed_its_search(world: World, client: Client) -> None:
    publish(world, title="Hiến máu tình nguyện 20 lần")
    assert client.get("/tim-kiem/?q=hien+mau")["Server-Timing"].startswith("search;dur=")
    assert client.get("/tim-kiem/?q=hien+mau")["Server-Timing"] == HIT_TIMING


def test_a_hit_reads_neither_the_database_nor_the_session(world: World, client: Client) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    client.get(story_path(story))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(story_path(story))
    assert response.status_code == 200 and _served_early(response)
    assert ctx.captured_queries == []


@pytest.mark.parametrize("take_down", [unpublish, withdraw])
def test_a_takedown_removes_the_stored_page_at_once(
    world: World, client: Client, take_down
) -> None:
    story = publish(world, title="Cứu người đuối nước ở hồ Sông Quao")
    path = story_path(story)
    client.get(path)
    assert _served_early(client.get(path))
    take_down(world, story)
    gone = client.get(path)
    assert gone.status_code == 410
    assert not _served_early(gone)
    # 410s are never stored: the stored copy (distrusted from now on) is still the live page.
    stored = cache.get(page_key(gone.wsgi_request, "vi"))
    assert stored is None or stored.content != gone.content
    assert client.get(path).status_code == 410


def test_without_a_shared_cache_a_hit_is_checked_in_the_database(
    world: World, client: Client, settings
) -> None:
    settings.PORTAL_TRUST_GENERATION = False
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    client.get(story_path(story))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(story_path(story))
    assert _served_early(response) and len(ctx.captured_queries) == 1
    unpublish(world, story)
    assert client.get(story_path(story)).status_code == 410


def test_a_request_with_a_session_is_neither_served_nor_stored(
    world: World, client: Client
) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    client.cookies["sessionid"] = "not-a-session"
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200 and not _served_early(response)
    assert not cache.get(page_key(response.wsgi_request, "vi"))
    del client.cookies["sessionid"]
    assert not _served_early(client.get(path))  # the first anonymous request renders


def test_other_parameters_and_methods_go_through_the_whole_stack(
    world: World, client: Client
) -> None:
    publish(world, title="Hiến máu tình nguyện 20 lần")
    for _ in range(2):
        assert not _served_early(client.get("/tim-kiem/?q=hien+mau&utm_source=zalo"))
        assert not _served_early(client.get("/tim-kiem/?q=" + "a" * 600))
    # A POST is never answered from the cache (the page has no form to post to).
    client.get("/guong-sang/")
    assert not _served_early(client.post("/guong-sang/"))


def test_each_host_has_its_own_copy(world: World, client: Client) -> None:
    """A page's canonical and Open Graph links name the host it was asked on."""
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    path = story_path(story)
    client.get(path, HTTP_HOST="testserver")
    other = client.get(path, HTTP_HOST="localhost")
    assert not _served_early(other)
    assert f"http://localhost{path}" in other.content.decode()
    assert _served_early(client.get(path, HTTP_HOST="localhost"))


def test_a_head_request_is_answered_from_the_cache(world: World, client: Client) -> None:
    story = publish(world, title="Hiến máu tình nguyện 20 lần")
    client.get(story_path(story))
    response = client.head(story_path(story))
    assert response.status_code == 200 and _served_early(response)
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("trust", [True, False])
def test_a_narrowed_consent_reaches_cached_pages_at_once(
    world: World, client: Client, settings, trust: bool
) -> None:
    """Withdrawing the full-name consent keeps the story up, with initials, on a new share
    and without republishing it: the cached copies that show the full name are not used."""
    settings.PORTAL_TRUST_GENERATION = trust
    story = publish(world, title="Hiến máu tình nguyện 20 lần", name_display="full")
    pages = [story_path(story), "/", "/guong-sang/", "/tim-kiem/?q=hien+mau"]
    for path in pages:
        client.get(path)
        assert FULL_NAME in client.get(path).content.decode(), path
    given = Consent.objects.get(
        subject__records=story.record_id, purpose=Consent.Purpose.SHOW_FULL_NAME
    )
    consent.withdraw_consent(actor=world.user("xa.doan"), consent=given)
    for path in pages:
        html = client.get(path).content.decode()
        assert FULL_NAME not in html and "N.V.Â." in html, path
