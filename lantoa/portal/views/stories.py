"""The public column: home, the list of stories with its filters, a story, a place.

Views parse the query, read through `lantoa.exemplars.stories.public` (always from
`live_publications()`) and render. Nothing here reads a record's private fields.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import get_language

from lantoa.exemplars.models import Publication, RecordKind
from lantoa.exemplars.selectors import records_visible_to
from lantoa.exemplars.stories import public as public_stories
from lantoa.exemplars.stories.article import article_parts
from lantoa.exemplars.stories.public import StoryFilters
from lantoa.portal.views.common import (
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
            # As `|date:'c'` writes it, without the filter's machinery (issue 15).
            "published_time": localtime(story.published_at).isoformat(),
            "photos": [photo_sources(story.pk, p) for p in photos],
            "og_image": photo_url(story.pk, photos[0]) if photos else "",
            "province_key": province_key,
            "province_url": place_path(province_key) if province_key else "",
            "commune": commune,
            "commune_key": commune_key,
            "commune_url": place_path(commune_key) if commune_key else "",
            "record_url": record_url_for_officer(request, story),
        },
        stories=[story],
    )


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
