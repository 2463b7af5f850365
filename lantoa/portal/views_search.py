"""Search the public stories: `/tim-kiem/?q=`, ranked by `lantoa.search.public`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantoa.portal import selectors
from lantoa.portal.views_common import PER_PAGE, page_links, page_number, with_links
from lantoa.search.public import SearchResult, load_stories, search_stories

MAX_QUERY = 200


def search(request: HttpRequest) -> HttpResponse:
    # Not cached: the engine answers in milliseconds and queries are too varied to share.
    # `load_stories` re-reads the ids through live_publications(): the index may lag a
    # takedown, the page never does.
    q = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    number = page_number(request)
    result = search_stories(q, page=number, per_page=PER_PAGE) if q else SearchResult([], 0, 0.0)
    stories = load_stories(result.ids)
    num_pages = max(1, -(-result.total // PER_PAGE))
    response = render(
        request,
        "portal/search.html",
        {
            "q": q,
            "total": result.total,
            "cards": with_links(selectors.story_cards(stories)),
            "pages": page_links(request, min(number, num_pages), num_pages),
        },
    )
    response["Cache-Control"] = "max-age=0"
    return response
