"""Search the public stories: `/tim-kiem/?q=`, ranked by `lantoa.search.public`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from lantoa.portal import selectors
from lantoa.portal.views_common import (
    PER_PAGE,
    page_links,
    page_number,
    public_cache,
    render_public,
    with_links,
)
from lantoa.search.public import SearchResult, load_stories, search_stories

MAX_QUERY = 200


@public_cache(params=("q",))
def search(request: HttpRequest) -> HttpResponse:
    # Cached like the lists: the engine answers in a millisecond, but rendering twenty cards
    # takes ten, and the common queries ("hiến máu", a name in the news) come again and
    # again. A cached page is still checked against live_publications() before use, and
    # `load_stories` re-reads the ids through it: the index may lag a takedown, the page
    # never does. A new story reaches a cached result page within PAGE_CACHE_SECONDS.
    q = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    number = page_number(request)
    result = search_stories(q, page=number, per_page=PER_PAGE) if q else SearchResult([], 0, 0.0)
    stories = load_stories(result.ids)
    num_pages = max(1, -(-result.total // PER_PAGE))
    response = render_public(
        request,
        "portal/search.html",
        {
            "q": q,
            "total": result.total,
            "cards": with_links(selectors.story_cards(stories)),
            "pages": page_links(request, min(number, num_pages), num_pages),
        },
        stories=stories,
    )
    # Where the time goes, for the browser's developer tools and bench/portal.py.
    response["Server-Timing"] = f"search;dur={result.engine_ms:.2f}"
    return response
