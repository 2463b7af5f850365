"""Cached public pages, served before most of the middleware stack.

A citizen's request for a story, a list or a search result carries no session: the session,
locale, CSRF, authentication and messages middleware would only build objects that the
stored page does not need, and cost as much as the cache lookup itself (docs/performance.md,
"Public pages on a cache hit"). `CachedPublicPageMiddleware` sits right after the security,
WhiteNoise and request-id middleware. For an anonymous GET or HEAD of a view marked with
`views.common.public_cache`, with only that view's parameters, it picks the language as
`LocaleMiddleware` would and looks the page up:

- a hit that is still right (below) is answered at once, with the headers the whole stack
  gave the page when it was rendered (CSP, X-Frame-Options, Vary, Cache-Control,
  Content-Language…), stored with it; the middleware before this one (security headers,
  the request id) runs on both;
- anything else falls through to the whole stack and the view, and the page is stored on
  its way back if it is a `PublicPage` answering 200 with no cookie and not made private.

The rules of the page cache (decisions 21, 25 and the one on this middleware): a stored
page is used only while every story on it is live and unchanged (`live_versions`, one
indexed query) or, with a cache shared by every process (`PORTAL_TRUST_GENERATION`), while
the publishing generation is the one read before the page was rendered: a takedown replaces
it, so the page leaves at once. 410s, redirects and errors are never stored.

With Redis, each process also keeps the pages it served or stored (`LOCAL_PAGES` of them)
and the generation it last read, and answers a hit from them with no round trip while
`lantoa.core.key_watch` reports that the generation was not written since it was read
(at most `key_watch.TRUST_SECONDS` per reading); a stored page is kept no longer than in
Redis (`StoredPage.expires`). Any doubt means reading Redis as before.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import translation

from lantoa.core.handler import RESOLVED
from lantoa.core.key_watch import WatchedValue
from lantoa.core.middleware import PUBLIC_PAGE_LANGUAGE
from lantoa.core.public_content import GENERATION_KEY, new_generation_if_missing
from lantoa.exemplars.stories import public as public_stories
from lantoa.portal.views.common import PARAMS_ATTR, PublicPage

# Seconds a page stays stored: a new story reaches the cached pages within this time.
PAGE_CACHE_SECONDS = 60
# Longer addresses are neither stored nor looked up (they would only fill the cache).
MAX_ADDRESS = 500
KEY_PREFIX = "portal:page:v4:"
# Pages a process keeps for hits without a round trip (emptied when full): 6–20 KB each.
LOCAL_PAGES = 256
# Not replayed: the stored page's own timing would mislead (the search page times its engine).
TIMING = "Server-Timing"
HIT_TIMING = 'cache;desc="hit"'


# The publishing generation as this process last read it, while Redis reports no write.
_generation = WatchedValue(GENERATION_KEY)


@dataclass(frozen=True)
class StoredPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    versions: dict[int, str]  # {story id: version} of the stories shown
    generation: str | None  # the publishing generation read before rendering
    expires: float  # time.time() when Redis forgets it (PAGE_CACHE_SECONDS after storing)


@lru_cache(maxsize=4096)
def cached_match(path: str) -> tuple[ResolverMatch, frozenset[str]] | None:
    """The view `path` resolves to and the query parameters its cached page may carry, or
    None when `path` is not a cached public page. Kept per process: the URL patterns do not
    change while it runs; on a miss the handler takes the match (`core.handler.RESOLVED`)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    params = getattr(match.func, PARAMS_ATTR, None)
    return (match, params) if isinstance(params, frozenset) else None


@receiver(setting_changed)
def _forget_paths(*, setting: str, **_kwargs: object) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URL patterns
        cached_match.cache_clear()


def page_key(request: HttpRequest, language: str) -> str:
    # The host and scheme too: a page's canonical and Open Graph links are absolute.
    address = f"{language}|{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _cacheable(request: HttpRequest) -> ResolverMatch | None:
    """The match of a request for a cached public page, else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    # A signed-in officer's page may link to the record behind a story (story_detail): a
    # request with a session is never stored nor served stored.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    cached = cached_match(request.path_info)
    if cached is None:
        return None
    match, params = cached
    if len(request.get_full_path()) > MAX_ADDRESS:
        return None
    # An address without a query needs no parsed `GET` (most of a story page's misses).
    if request.META.get("QUERY_STRING") and not set(request.GET) <= params:
        return None
    return match


def _still_right(page: StoredPage, generation: str | None) -> bool:
    if generation is not None and page.generation == generation:
        return True
    return not page.versions or public_stories.live_versions(page.versions) == page.versions


def _replay(page: StoredPage) -> HttpResponse:
    response = HttpResponse(page.content)
    # The stored headers came out of a response, checked and encoded by Django then: put
    # back as they were, not checked again one by one (~1.5 µs a header, issue 15).
    store = response.headers._store  # Django's private table (stable since 3.2)
    store.update({name.lower(): (name, value) for name, value in page.headers})
    if TIMING.lower() in store:
        store[TIMING.lower()] = (TIMING, HIT_TIMING)
    return response


def _storable(response: HttpResponseBase, language: str) -> bool:
    return (
        isinstance(response, PublicPage)
        and response.status_code == 200
        and not response.cookies
        and response.get("Content-Language") == language
        and "private" not in response.get("Cache-Control", "")
    )


class CachedPublicPageMiddleware:
    """Answers an anonymous request for a cached public page from the cache (module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self._local: dict[str, StoredPage] = {}

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        match = _cacheable(request)
        if match is None:
            return self.get_response(request)
        # As LocaleMiddleware would (the project has no language prefix in its URLs); on a
        # miss it takes this one, and the session, authentication and messages middleware
        # leave the request alone (`core.middleware.PUBLIC_PAGE_LANGUAGE`).
        language = translation.get_language_from_request(request)
        setattr(request, PUBLIC_PAGE_LANGUAGE, language)
        key = page_key(request, language)
        trust = settings.PORTAL_TRUST_GENERATION
        if trust:
            local = self._local_hit(key)
            if local is not None:
                return _replay(local)
        mark = _generation.mark() if trust else None
        found = cache.get_many([key, GENERATION_KEY])
        generation = found.get(GENERATION_KEY) if trust else None
        if trust:
            _generation.remember(mark, generation)
        stored = found.get(key)
        if isinstance(stored, StoredPage) and _still_right(stored, generation):
            self._keep(key, stored)
            return _replay(stored)
        if generation is None and trust:
            new_generation_if_missing()
        # Resolved once: the handler takes this match (`core.handler`).
        request.__dict__[RESOLVED] = (request.path_info, match)
        response = self.get_response(request)
        if isinstance(response, PublicPage) and _storable(response, language):
            # Stored under the token read *before* rendering: a takedown meanwhile replaces
            # the token, and the page is then checked in the database.
            page = StoredPage(
                content=response.content,
                headers=tuple(response.items()),
                versions=response.versions,
                generation=generation,
                expires=time.time() + PAGE_CACHE_SECONDS,
            )
            cache.set(key, page, PAGE_CACHE_SECONDS)
            self._keep(key, page)
        return response

    def _local_hit(self, key: str) -> StoredPage | None:
        """The page kept in this process, if stored under the generation last read, which
        Redis has certainly not replaced since."""
        page = self._local.get(key)
        if page is None or page.expires <= time.time():
            return None
        return page if page.generation == _generation.peek() else None

    def _keep(self, key: str, page: StoredPage) -> None:
        if page.generation is None or _generation.watch() is None:
            return
        if len(self._local) >= LOCAL_PAGES:
            self._local.clear()
        self._local[key] = page
