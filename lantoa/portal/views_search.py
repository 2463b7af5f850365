"""Search the public stories: `/tim-kiem/?q=`, ranked by the search engine."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantoa.core.text import fold
from lantoa.exemplars.models import Publication
from lantoa.portal import selectors
from lantoa.portal.views_common import PER_PAGE, page_links, page_number, with_links

MAX_QUERY = 200


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    total: int
    engine_ms: float


def search_stories(
    q: str, *, filters: Mapping[str, Any] | None = None, page: int = 1, per_page: int = 20
) -> SearchResult:
    """Stand-in for `lantoa.search.public.search_stories` until the engine lands: every
    folded word in the publication's folded text, newest first (no ranking)."""
    started = time.perf_counter()
    words = fold(q).split()
    if not words:
        return SearchResult([], 0, 0.0)
    stories = selectors.live_stories()
    for word in words[:8]:
        stories = stories.filter(search_text__contains=word)
    offset = (page - 1) * per_page
    ids = list(stories.values_list("pk", flat=True)[offset : offset + per_page])
    return SearchResult(ids, stories.count(), (time.perf_counter() - started) * 1000)


def load_stories(ids: Sequence[int]) -> list[Publication]:
    """The live stories among `ids`, in that order."""
    by_id = {p.pk: p for p in selectors.live_stories().filter(pk__in=list(ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def search(request: HttpRequest) -> HttpResponse:
    # Not cached: the engine answers in milliseconds and queries are too varied to share.
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
