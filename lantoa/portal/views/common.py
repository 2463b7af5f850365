"""What the portal's views share: story links, photo sources, pagination and the page cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import get_language

from lantoa.core.public_content import GENERATION_KEY, new_generation_if_missing
from lantoa.core.text import fold
from lantoa.exemplars.models import Evidence, Publication
from lantoa.exemplars.stories import public as public_stories
from lantoa.exemplars.stories.public import StoryCard

PER_PAGE = 20
PAGE_CACHE_SECONDS = 60
# Widths of the photo variants (`lantoa.core.uploads.responsive_variants`); never the
# stored original, which may be 2560 px wide.
PHOTO_WIDTHS = (320, 640, 1280)


def story_slug(story: Publication) -> str:
    return slugify(fold(story.title))[:60].strip("-")


def story_path(story: Publication) -> str:
    slug = story_slug(story)
    if not slug:
        return reverse("portal:story", args=[story.pk])
    return reverse("portal:story_slug", args=[story.pk, slug])


def with_links(cards: list[StoryCard]) -> list[dict[str, Any]]:
    """Each card with its story's link and, if it has one, its cover photo's sources."""
    return [
        {
            "story": card.story,
            "spread": card.spread,
            "url": story_path(card.story),
            "cover": photo_sources(card.story.pk, card.cover) if card.cover else None,
        }
        for card in cards
    ]


@dataclass(frozen=True)
class Photo:
    src: str
    srcset: str
    width: int
    height: int


def served_file(photo: Evidence, width: int) -> tuple[str, int]:
    """(stored name, its width) of the smallest stored copy at least `width` wide: the
    variant of that width, a larger variant, or the photo itself when it is no wider or
    has no variants yet (photos stored before variants existed)."""
    full_width = photo.width or 0
    variants = {int(w): name for w, name in (photo.variants or {}).items() if str(w).isdigit()}
    if width in variants:
        return variants[width], width
    larger = sorted(w for w in variants if w > width)
    if larger and (not full_width or full_width > width):
        return variants[larger[0]], larger[0]
    return photo.file.name, full_width


def photo_sources(story_pk: int, photo: Evidence) -> Photo:
    """`src`/`srcset` for `<img>`: one entry per distinct stored copy."""
    sources: dict[int, str] = {}
    for width in PHOTO_WIDTHS:
        _name, actual = served_file(photo, width)
        sources.setdefault(actual or width, photo_url(story_pk, photo, width))
    smallest = min(sources)
    full_width, full_height = photo.width or smallest, photo.height or 0
    height = round(full_height * smallest / full_width) if full_height else smallest * 3 // 4
    return Photo(
        src=sources[smallest],
        srcset=", ".join(f"{url} {width}w" for width, url in sorted(sources.items())),
        width=smallest,
        height=height,
    )


def photo_url(story_pk: int, photo: Evidence, width: int = PHOTO_WIDTHS[-1]) -> str:
    return reverse("portal:story_photo", args=[story_pk, photo.pk, width])


def page_links(request: HttpRequest, number: int, num_pages: int) -> dict[str, Any]:
    """Previous/next links that keep the other query parameters."""

    def url(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        if page == 1:
            del query["page"]
        return f"?{query.urlencode()}" if query else request.path

    return {
        "number": number,
        "num_pages": num_pages,
        "previous_url": url(number - 1) if number > 1 else "",
        "next_url": url(number + 1) if number < num_pages else "",
    }


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


class PublicPage(HttpResponse):
    """A rendered public page that knows which stories (and which versions of them) it
    shows, so that a cached copy can be checked against `live_publications()`."""

    versions: dict[int, str]


def render_public(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    stories: Iterable[Publication] = (),
) -> PublicPage:
    response = PublicPage(render_to_string(template, context, request))
    response.versions = {s.pk: public_stories.version(s.published_at) for s in stories}
    return response


ViewFunc = Callable[..., HttpResponse]


def public_cache(*, params: Iterable[str] = ()) -> Callable[[ViewFunc], ViewFunc]:
    """Serve a rendered page from the cache for up to a minute, per language and full path.

    A cached copy is used only while every story on it is still live and unchanged (one
    indexed query): a story taken down or whose consent was withdrawn leaves the page at
    once; a new story appears within a minute. With a cache shared by every process
    (`PORTAL_TRUST_GENERATION`, on with Redis), the query is skipped while the publishing
    generation (`core.public_content.GENERATION_KEY`) is the one the page was stored
    under: every takedown or republication replaces it. Only query strings made of `params` are
    cached, so arbitrary parameters cannot fill the cache. The page must not depend on the
    user (no CSRF token, no session): the language is the only variation.
    """
    allowed = {*params, "page"}

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # A signed-in officer's page may link to the record behind a story
            # (story_detail): a request with a session is never stored nor served stored.
            cacheable = (
                settings.SESSION_COOKIE_NAME not in request.COOKIES
                and request.method in ("GET", "HEAD")
                and set(request.GET) <= allowed
                and len(request.get_full_path()) <= 500
            )
            if not cacheable:
                return _public_headers(view(request, *args, **kwargs))
            key = (
                "portal:page:v2:"
                + hashlib.sha256(f"{get_language()}|{request.get_full_path()}".encode()).hexdigest()
            )
            found = cache.get_many([key, GENERATION_KEY])
            generation = found.get(GENERATION_KEY) if settings.PORTAL_TRUST_GENERATION else None
            hit = found.get(key)
            if hit is not None:
                content, content_type, versions, stored_under = hit
                if (
                    (generation is not None and stored_under == generation)
                    or not versions
                    or public_stories.live_versions(versions) == versions
                ):
                    return _public_headers(HttpResponse(content, content_type=content_type))
            if generation is None and settings.PORTAL_TRUST_GENERATION:
                new_generation_if_missing()
            response = view(request, *args, **kwargs)
            if (
                isinstance(response, PublicPage)
                and response.status_code == 200
                and not response.cookies
            ):
                # Stored under the token read *before* rendering: a takedown meanwhile
                # replaces the token, and the page is then checked in the database.
                value = (response.content, response["Content-Type"], response.versions, generation)
                cache.set(key, value, PAGE_CACHE_SECONDS)
            return _public_headers(response)

        return wrapped

    return decorator


def _public_headers(response: HttpResponse) -> HttpResponse:
    # The language comes from the cookie or Accept-Language. Shared caches in front must
    # ask again each time: a story taken down must not linger in them.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, max_age=0)
    return response
