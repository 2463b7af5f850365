"""An anonymous visitor's cache miss of a public page skips the session, authentication
and messages middleware (`core.middleware.PUBLIC_PAGE_LANGUAGE`): the page reads none of
them. Anyone with a session, and every other page, still goes through all of them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from lantoa.portal.views.common import PublicPage, story_path
from tests.personas import World
from tests.portal.helpers import publish


def _rendered(response) -> bool:
    # A miss: the view ran and rendered the page (not a stored copy).
    return isinstance(response, PublicPage) and response.wsgi_request.resolver_match is not None


def test_an_anonymous_miss_builds_no_session_user_nor_messages(world: World, client: Client):
    story = publish(world, title="Cứu người đuối nước trên sông")
    for path in ["/", story_path(story), "/guong-sang/", "/tim-kiem/?q=cuu+nguoi"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 200 and _rendered(response), path
        request = response.wsgi_request
        assert not hasattr(request, "session") and not hasattr(request, "user"), path
        assert not hasattr(request, "_messages"), path
        # What the skipped middleware would have given the page is there all the same.
        assert not response.cookies and response["Vary"] == "Accept-Language, Cookie", path
        assert response["Content-Language"] == "en" and request.LANGUAGE_CODE == "en", path


def test_the_language_is_the_one_the_locale_middleware_would_pick(world: World, client: Client):
    client.cookies["django_language"] = "en"
    response = client.get("/guong-sang/", HTTP_ACCEPT_LANGUAGE="vi")

    assert _rendered(response)
    assert response["Content-Language"] == "en" and ">All stories<" in response.content.decode()


def test_a_request_with_a_session_goes_through_the_whole_stack(world: World, login) -> None:
    story = publish(world, title="Cứu người đuối nước trên sông")
    response = login("xa.mttq").get(story_path(story))

    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert 'data-testid="record-link"' in response.content.decode()  # read the user


def test_pages_that_are_not_cached_public_pages_keep_the_session(world: World, client: Client):
    for path in [reverse("portal:nominate"), reverse("staff:home"), "/guong-sang/?foo=1"]:
        response = client.get(path)

        assert hasattr(response.wsgi_request, "session"), path
        assert hasattr(response.wsgi_request, "user"), path
