"""What the portal's views share: story links, photo sources, pagination and the page cache."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import dateformat
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, slugify
from django.utils.timezone import localtime
from django.utils.translation import get_language, ngettext

from lantoa.core.text import fold
from lantoa.exemplars.models import Evidence, Publication
from lantoa.exemplars.stories import public as public_stories
from lantoa.exemplars.stories.public import StoryCard

PER_PAGE = 20
# Widths of the photo variants (`lantoa.core.uploads.responsive_variants`); never the
# stored original, which may be 2560 px wide.
PHOTO_WIDTHS = (320, 640, 1280)


# Drawn story cards kept by each process, keyed by everything a card shows (a changed
# title, name, place, count or photo is a new key); emptied when full. 4,096 cards are
# about 6 MB.
CARD_MEMO_SIZE = 4096
_cards: dict[tuple[Any, ...], str] = {}


def story_slug(story: Publication) -> str:
    return _story_link(story.pk, story.title, get_script_prefix())[0]


def story_path(story: Publication) -> str:
    return _story_link(story.pk, story.title, get_script_prefix())[1]


@lru_cache(maxsize=CARD_MEMO_SIZE)
def _story_link(pk: int, title: str, _prefix: str) -> tuple[str, str]:
    """(slug, path) of a story. Folding and slugifying a title, then reversing, cost ~30 µs
    a card (docs/performance.md); the story page asks for both, once."""
    slug = slugify(fold(title))[:60].strip("-")
    if not slug:
        return slug, reverse("portal:story", args=[pk])
    return slug, reverse("portal:story_slug", args=[pk, slug])


def place_path(key: str) -> str:
    """The portal page of the place `key` (`stories.public.place_key`), remembered."""
    return _place_path(key, get_script_prefix())


@lru_cache(maxsize=CARD_MEMO_SIZE)
def _place_path(key: str, _prefix: str) -> str:
    return reverse("portal:place", args=[key])


@receiver(setting_changed)
def _forget_links(*, setting: str, **_kwargs: object) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URL patterns
        _place_path.cache_clear()


def with_links(cards: list[StoryCard], *, heading: str = "h3") -> list[dict[str, Any]]:
    """Each card with its story's link, its cover photo's sources if it has one, and its
    HTML (`html`, the card template under a `heading` of h2 or h3)."""
    linked = [
        {
            "story": card.story,
            "spread": card.spread,
            "url": story_path(card.story),
            "cover": photo_sources(card.story.pk, card.cover) if card.cover else None,
        }
        for card in cards
    ]
    for card in linked:
        card["html"] = card_html(card, heading)
    return linked


def card_html(card: dict[str, Any], heading: str) -> str:
    """A card's HTML, drawn once per process for what it shows (a page of twenty cards
    costs ~2 ms to draw on a quiet machine, more than its queries)."""
    story = card["story"]
    key = (
        story.pk,
        story.title,
        story.summary,
        story.display_name,
        story.display_place,
        story.published_at,
        card["spread"],
        card["url"],
        card["cover"],
        heading,
        get_language(),
    )
    html = _cards.get(key)
    if html is None:
        html = draw_card(card, heading)
        if len(_cards) >= CARD_MEMO_SIZE:
            _cards.clear()
        _cards[key] = html
    return html


# A card's parts (decision 190): written with `format_html` rather than as a template. Through
# the template engine a card cost ~870 Python calls, most of a search page's miss (issue 15).
CARD_PHOTO = (
    '\n  <img class="card-photo" src="{}" srcset="{}" sizes="6rem" width="{}" height="{}" '
    'loading="lazy" decoding="async" alt="">\n  '
)
CARD = (
    '\n<article class="card{}">\n  {}\n  <div class="card-body">\n'
    '    <{} class="card-title"><a class="story-link" href="{}">{}</a></{}>\n'
    '    <p class="card-meta">\n      {}\n      {}\n'
    '      <time datetime="{}">{}</time>\n    </p>\n'
    '    <p class="card-summary">{}</p>\n    {}\n  </div>\n</article>\n'
)


def draw_card(card: dict[str, Any], heading: str) -> SafeString:
    """A story card (`with_links`) under `heading` (h2 or h3): escaped as a template
    escapes, dates in the current time zone, the summary cut at 32 words."""
    story = card["story"]
    cover: Photo | None = card["cover"]
    published = localtime(story.published_at)
    spread = card["spread"]
    return format_html(
        CARD,
        " card-with-photo" if cover else "",
        format_html(CARD_PHOTO, cover.src, cover.srcset, cover.width, cover.height)
        if cover
        else "",
        heading,
        card["url"],
        story.title,
        heading,
        format_html("<span>{}</span>", story.display_name) if story.display_name else "",
        format_html("<span>{}</span>", story.display_place) if story.display_place else "",
        published.isoformat(),
        dateformat.format(published, "d/m/Y"),
        Truncator(story.summary).words(32, truncate=" …"),
        format_html('<p class="spread">{}</p>', _followed(spread)) if spread else "",
    )


def _followed(spread: int) -> SafeString:
    # As `{% blocktranslate count %}` gives it: the translation as written, the number in it.
    return mark_safe(  # noqa: S308 (a catalogue's text and a number)
        ngettext(
            "%(n)s unit learned from it and followed",
            "%(n)s units learned from it and followed",
            spread,
        )
        % {"n": spread}
    )


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
    processors: bool = True,
) -> PublicPage:
    """`template` rendered with `context` for `request`. Without `processors`, the
    context processors do not run and the page gets `request` alone: for a page that reads
    nothing else of them (the story page, ~80 Python calls of its miss; decision 205)."""
    if processors:
        html = render_to_string(template, context, request)
    else:
        html = render_to_string(template, {**context, "request": request})
    response = PublicPage(html)
    response.versions = {s.pk: public_stories.version(s) for s in stories}
    return response


ViewFunc = Callable[..., HttpResponse]

# The attribute by which a view declares the query parameters of its cached pages
# (`lantoa.portal.cached_pages` reads it from the resolved view).
PARAMS_ATTR = "public_page_params"


def public_cache(*, params: Iterable[str] = ()) -> Callable[[ViewFunc], ViewFunc]:
    """Mark a public view's pages as cacheable for up to a minute, per language and address.

    The caching itself is `lantoa.portal.cached_pages.CachedPublicPageMiddleware`, which
    serves a stored page before the session, locale, CSRF and authentication middleware
    run, and stores what this view rendered (a `PublicPage` answering 200) with the headers
    the whole stack gave it. Its rules: a cached copy is used only while every story on it
    is still live and unchanged (one indexed query), or, with a cache shared by every
    process (`PORTAL_TRUST_GENERATION`), while the publishing generation is the one the page
    was stored under: a story taken down leaves the page at once, a new story appears within
    a minute. Only query strings made of `params` (and `page`) are cached, so arbitrary
    parameters cannot fill the cache, and a request carrying a session is never stored nor
    served stored. The page must not depend on the user (no CSRF token, no session): the
    language is the only variation.
    """
    allowed = frozenset({*params, "page"})

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return _public_headers(view(request, *args, **kwargs))

        setattr(wrapped, PARAMS_ATTR, allowed)
        return wrapped

    return decorator


def _public_headers(response: HttpResponse) -> HttpResponse:
    # The language comes from the cookie or Accept-Language. Shared caches in front must
    # ask again each time: a story taken down must not linger in them.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, max_age=0)
    return response
