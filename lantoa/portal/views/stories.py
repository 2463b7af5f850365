"""The public column: home, the list of stories with its filters, a story, a place.

Views parse the query, read through `lantoa.exemplars.stories.public` (always from
`live_publications()`) and render. Nothing here reads a record's private fields.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.defaultfilters import truncatewords
from django.urls import get_script_prefix, reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, gettext_noop

from lantoa.exemplars.models import Publication, RecordKind
from lantoa.exemplars.selectors import records_visible_to
from lantoa.exemplars.stories import public as public_stories
from lantoa.exemplars.stories.article import article_parts
from lantoa.exemplars.stories.public import StoryFilters
from lantoa.orgs.models import AdminUnit
from lantoa.portal.templatetags.portal_meta import DESCRIPTION_WORDS
from lantoa.portal.views.common import (
    CARD_MEMO_SIZE,
    PER_PAGE,
    page_links,
    page_number,
    photo_sources,
    photo_url,
    place_path,
    public_cache,
    render_public,
    story_path,
    story_slug,
    with_links,
)


@public_cache()
def home(request: HttpRequest) -> HttpResponse:
    featured = public_stories.featured_stories()
    latest = public_stories.latest_stories(exclude=[s.pk for s in featured])
    # Photos only on the few featured cards: the home page stays light on a phone.
    featured_cards = with_links(public_stories.story_cards(featured, with_covers=True))
    latest_cards = with_links(public_stories.story_cards(latest))
    return render_public(
        request,
        "portal/home.html",
        {"featured": featured_cards, "latest": latest_cards},
        stories=[*featured, *latest],
    )


@public_cache(params=StoryFilters.PARAMS)
def story_list(request: HttpRequest) -> HttpResponse:
    filters = StoryFilters.from_query(request.GET)
    paginator = Paginator(public_stories.filtered_stories(filters), PER_PAGE)
    page = paginator.get_page(page_number(request))
    stories = list(page.object_list)
    return render_public(
        request,
        "portal/story_list.html",
        {
            "cards": with_links(public_stories.story_cards(stories), heading="h2"),
            "total": paginator.count,
            "pages": page_links(request, page.number, paginator.num_pages),
            "filters": filters,
            "feed_query": filters.as_query(),
            "options": public_stories.filter_options(filters),
            "kinds": RecordKind.choices,
        },
        stories=stories,
    )


@public_cache()
def story_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    try:
        story = public_stories.get_live_story(pk, for_page=True)
    except public_stories.StoryTakenDown:
        return render(request, "portal/story_gone.html", status=410)
    canonical = story_path(story)
    if slug and slug != story_slug(story):
        return HttpResponsePermanentRedirect(canonical)
    photos = public_stories.story_photos(story)
    commune = public_stories.public_commune(story)
    province_key = public_stories.place_key(story.province) if story.province else ""
    commune_key = public_stories.place_key(commune) if commune else ""
    return render_public(
        request,
        "portal/story_detail.html",
        {
            "story": story,
            # The kind, title, summary, body, spread and honours, rendered once per change
            # of the story, not per view (`stories.article`, issue 15).
            "article": article_parts(story, get_language()),
            "canonical": canonical,
            # Cut once for the page's description and its Open Graph tag (which cuts it
            # again, to the same text).
            "description": truncatewords(story.summary, DESCRIPTION_WORDS),
            # As `|date:'c'` writes it, without the filter's machinery (issue 15).
            "published_time": localtime(story.published_at).isoformat(),
            "photos": [photo_sources(story.pk, p) for p in photos],
            "og_image": photo_url(story.pk, photos[0]) if photos else "",
            "facts": about_story(story, commune, province_key, commune_key),
            "record_url": record_url_for_officer(request, story),
        },
        stories=[story],
        processors=False,  # it reads the request and the language only
    )


# The facts under "About this story" (decision 200): drawn with `format_html` rather than
# through the template engine, where the place and the four facts cost a story page's miss
# ~500 Python calls (each `{% if %}`, variable and valued frame) for a few lines of HTML.
# Each fact and place link is drawn once per process for what it shows (as the frames
# were), and the whitespace between them is the template's, as it was.
FACT_GAP = "\n      "
PLACE = "<dt>{}</dt>\n      <dd>{}</dd>\n      "
PLACE_LINK = '<a href="{}">{}</a>'
LISTED_FACT = '<dt>{}</dt><dd><a href="{}?{}={}">{}</a></dd>'
YEAR = "<dt>{}</dt><dd>{}</dd>"
# Each fact's label by the name of its query parameter (and "year", "place"); translated
# when drawn (marked here for makemessages).
LABELS = {
    "group": gettext_noop("Priority group"),
    "sector": gettext_noop("Field"),
    "movement": gettext_noop("Emulation movement"),
    "year": gettext_noop("Year"),
    "place": gettext_noop("Place"),
}


def about_story(
    story: Publication, commune: AdminUnit | None, province_key: str, commune_key: str
) -> SafeString:
    """The place (commune, province) of `story`, its priority group, field, movement and
    year, each linked to the stories that share it; a fact the story lacks is left out."""
    language = get_language()
    prefix = get_script_prefix()
    places = []
    if commune_key and commune is not None:
        places.append(_place_link(commune_key, commune.name, prefix))
    if province_key and story.province is not None:
        places.append(_place_link(province_key, story.province.name, prefix))
    group, sector, movement = story.priority_group, story.sector, story.movement
    facts = (
        _fact(language, prefix, "group", group.code, group.localized_name) if group else "",
        _fact(language, prefix, "sector", sector.code, sector.localized_name) if sector else "",
        _fact(language, prefix, "movement", movement.pk, movement.name) if movement else "",
        _fact(language, prefix, "year", story.year) if story.year else "",
    )
    place = FACT_GAP + _place(language, ", ".join(places)) if places else ""
    # Each part was escaped by `format_html`.
    return mark_safe(FACT_GAP + place + FACT_GAP + FACT_GAP.join(facts) + "\n    ")  # noqa: S308


@lru_cache(maxsize=CARD_MEMO_SIZE)
def _fact(language: str, _prefix: str, param: str, value: str | int, name: str = "") -> SafeString:
    # `language` is the active one: part of the key, as the label's translation depends on it.
    label = gettext(LABELS[param])
    if param == "year":
        return format_html(YEAR, label, localize(value))
    stories = reverse("portal:story_list")
    # The code quoted as the `urlencode` filter quotes it.
    return format_html(LISTED_FACT, label, stories, param, quote(str(value), safe="/"), name)


@lru_cache(maxsize=CARD_MEMO_SIZE)
def _place_link(key: str, name: str, _prefix: str) -> SafeString:
    return format_html(PLACE_LINK, place_path(key), name)


def _place(language: str, links: str) -> SafeString:
    return format_html(PLACE, _fact_label(language, "place"), mark_safe(links))  # noqa: S308


@lru_cache(maxsize=16)
def _fact_label(language: str, param: str) -> str:
    return gettext(LABELS[param])


@receiver(setting_changed)
def _forget_facts(*, setting: str, **_kwargs: object) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):  # tests that swap them
        _fact.cache_clear()
        _place_link.cache_clear()
        _fact_label.cache_clear()


def record_url_for_officer(request: HttpRequest, story: Publication) -> str:
    """The staff page of the record behind a story, for a signed-in officer who may see that
    record; "" for everyone else. Such a page is never cached (`public_cache` skips requests
    that carry a session), so a citizen never sees the link."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.user.is_authenticated:
        return ""
    if not records_visible_to(request.user).filter(pk=story.record_id).exists():
        return ""
    return reverse("staff:record_detail", args=[story.record_id])


@public_cache()
def place_detail(request: HttpRequest, key: str) -> HttpResponse:
    unit = public_stories.get_place(key)
    paginator = Paginator(public_stories.place_stories(unit), PER_PAGE)
    page = paginator.get_page(page_number(request))
    stories = list(page.object_list)
    is_province = unit.level == unit.Level.PROVINCE
    parent = unit.parent if not is_province else None
    filters = StoryFilters(
        province=unit.code if is_province else "", commune="" if is_province else unit.code
    )
    return render_public(
        request,
        "portal/place_detail.html",
        {
            "unit": unit,
            "parent": parent,
            "parent_key": public_stories.place_key(parent) if parent else "",
            "communes": [
                (public_stories.place_key(c), c, n)
                for c, n in (public_stories.communes_with_stories(unit) if is_province else [])
            ],
            "cards": with_links(public_stories.story_cards(stories)),
            "total": paginator.count,
            "pages": page_links(request, page.number, paginator.num_pages),
            "feed_query": filters.as_query() if unit.scheme == public_stories.CURRENT else "",
        },
        stories=stories,
    )
