"""Search the public stories: `/tim-kiem/?q=`, the story search the API shares
(`lantoa.exemplars.stories.public.search_live_stories`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from lantoa.exemplars.stories import public as public_stories
from lantoa.portal.views.common import (
    PER_PAGE,
    page_links,
    page_number,
    public_cache,
    render_public,
    with_links,
)

MAX_QUERY = 200


@public_cache(params=("q",))
def search(request: HttpRequest) -> HttpResponse:
    # Cached like the lists: the engine answers in a millisecond, but rendering twenty cards
    # takes ten, and the common queries ("hiến máu", a name in the news) come again and
    # again. A cached page is still checked against live_publications() before use, and
    # the search re-reads its ids through it: the index may lag a takedown, the page never
    # does. A new story reaches a cached result page within PAGE_CACHE_SECONDS.
    q = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    number = page_number(request)
    # No words, no results here (the list page browses); the API lists the newest instead.
    found = (
        public_stories.search_live_stories(
            q, page=number, per_page=PER_PAGE, fields=public_stories.CARD_FIELDS
        )
        if q
        else public_stories.FoundStories([], 0, 0.0)
    )
    stories = found.stories
    num_pages = max(1, -(-found.total // PER_PAGE))
    response = render_public(
        request,
        "portal/search.html",
        {
            "q": q,
            "total": found.total,
            "cards": with_links(public_stories.story_cards(stories), heading="h2"),
            "pages": page_links(request, min(number, num_pages), num_pages),
        },
        stories=stories,
    )
    # Where the time goes, for the browser's developer tools and bench/portal.py.
    response["Server-Timing"] = f"search;dur={found.engine_ms:.2f}"
    return response
