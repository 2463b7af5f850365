"""The servers' WSGI handler (`lantoa.core.handler`, decision 202): a cached public page's
miss resolves its address once and checks its host once; everything else is Django's."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import request as http_request
from django.urls import URLResolver, get_resolver

from lantoa.core.handler import Handler
from lantoa.portal.cached_pages import cached_match
from lantoa.portal.views.common import story_path
from tests.personas import World
from tests.portal.helpers import publish


@pytest.fixture
def ask() -> Iterator[Callable[[str], tuple[str, bytes]]]:
    """GET through the handler as a server calls it (the test's transaction kept open, as
    Django's test client keeps it)."""
    handler = Handler()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def get(path: str) -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
        }
        status: list[str] = []
        body = b"".join(handler(environ, lambda s, _headers, *_: status.append(s)))
        return status[0], body

    yield get
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def resolutions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the project's URL patterns were walked for."""
    walked: list[str] = []
    real = URLResolver.resolve

    def resolve(self: URLResolver, path: Any) -> Any:
        if self is get_resolver():
            walked.append(path)
        return real(self, path)

    monkeypatch.setattr(URLResolver, "resolve", resolve)
    return walked


def test_a_story_page_miss_resolves_its_address_once(
    world: World, ask: Callable[[str], tuple[str, bytes]], resolutions: list[str]
) -> None:
    story = publish(world)
    cache.clear()
    cached_match.cache_clear()
    status, body = ask(story_path(story))
    assert status.startswith("200") and story.title.encode() in body
    assert resolutions == [story_path(story)]


def test_other_pages_are_resolved_by_the_handler(
    world: World, ask: Callable[[str], tuple[str, bytes]], resolutions: list[str]
) -> None:
    cached_match.cache_clear()
    status, _body = ask("/bao-tin/")  # a form: not a cached page
    assert status.startswith("200")
    # Once by the page cache to learn it is not one of its pages, once by the handler.
    assert resolutions == ["/bao-tin/", "/bao-tin/"]
    assert ask("/khong-co-trang-nay/")[0].startswith("404")


def test_the_host_is_checked_once_a_request(
    world: World, ask: Callable[[str], tuple[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    story = publish(world)
    checked: list[str] = []
    real = http_request.validate_host

    def validate_host(host: str, allowed: list[str]) -> bool:
        checked.append(host)
        return real(host, allowed)

    monkeypatch.setattr(http_request, "validate_host", validate_host)
    cache.clear()
    status, body = ask(story_path(story))  # the page cache, the middleware, Open Graph
    assert status.startswith("200") and b'href="http://testserver/guong-sang/' in body
    assert checked == ["testserver"]
