"""The public API: published stories and citizens' nominations, without authentication.

Stories are read only through the domain's public read layer
(`lantoa.exemplars.stories.public`, the portal's too): what a leader published with the
person's consents, generalised as chosen (never the record, the subject or a contact). A
story taken down (by a leader, or because a consent was withdrawn) answers 404 at once, like
a story that never existed. The search is the portal's (`search_live_stories`): ranked,
diacritic-blind, typo-tolerant. Photos are linked only through the portal's public photo
view, which checks again on every request that the story is live and shows photos.

Nominations go through the same services and spam limits as the portal's form
(`lantoa.nominations.services`, `lantoa.nominations.guard`); the honeypot and the minimum
fill time belong to the HTML form and have no equivalent here. The status of a nomination
says only what the citizen may know: never the text, a name or a contact.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Field, Query, Router, Schema

from lantoa.api.errors import ErrorOut, RateLimited
from lantoa.core.errors import NotFound
from lantoa.core.html import sanitise
from lantoa.core.middleware import client_ip
from lantoa.exemplars.models import Evidence, Publication
from lantoa.exemplars.stories import public as public_stories
from lantoa.nominations import guard
from lantoa.nominations.services import (
    PublicStatus,
    current_commune,
    nomination_status,
    submit_nomination,
)

router = Router(tags=["public"])

PER_PAGE = 20
# Ranked results have no key to page by: a capped page number instead (1,000 stories deep,
# as far as the other lists count; docs/api.md).
MAX_PAGE = 50
# The widths the portal serves a photo at (lantoa.core.uploads.responsive_variants).
PHOTO_WIDTHS = (320, 640, 1280)
CODE_MAX = 40


# ---------------------------------------------------------------------------------------
# Schemas


class StoryFilterIn(Schema):
    q: str = Field("", max_length=100, description="Words, with or without diacritics")
    page: int = Field(1, ge=1, le=MAX_PAGE)


class PhotoOut(Schema):
    id: int
    width: int | None
    height: int | None
    url: str = Field(description="The largest copy")
    sizes: dict[str, str] = Field(description="Width in pixels → URL (for `srcset`)")


class StoryOut(Schema):
    id: int
    title: str
    summary: str
    story: str = Field(description="Sanitised HTML")
    display_name: str = Field(description="As the person consented: full name, initials or ''")
    display_place: str
    kind: str
    year: int | None
    published_at: datetime.datetime
    replications: int = Field(description="Units that learned from the story and followed it")
    photos: list[PhotoOut] = Field(description="Empty unless the story shows photos")


class StoryPageOut(Schema):
    items: list[StoryOut]
    count: int
    page: int
    pages: int


class NominationIn(Schema):
    what: str = Field(max_length=20_000, description="What happened (up to 5,000 characters)")
    commune: str = Field(
        min_length=1, max_length=10, description="Official code of a current commune or ward"
    )
    when: datetime.date | None = Field(None, description="The day it happened")
    who: str = Field("", max_length=1000, description="Who did it (optional)")
    place: str = Field("", max_length=1000, description="Where exactly (optional)")
    contact_name: str = Field("", max_length=1000)
    contact_phone: str = Field("", max_length=50)
    contact_email: str = Field("", max_length=254)
    contact_consent: bool = Field(
        False, description="Required with any contact: the citizen agrees to be contacted"
    )


class NominationStatusOut(Schema):
    code: str = Field(description="The tracking code, as shown to the citizen")
    state: str = Field(
        description="received, being_verified, verified, not_confirmed or more_information_needed"
    )
    label: str
    explanation: str
    received_on: datetime.date
    changed_on: datetime.date


# ---------------------------------------------------------------------------------------
# Output


def _photo(request: HttpRequest, story_pk: int, photo: Evidence) -> dict[str, Any] | None:
    """The photo's URLs through the portal's public view, or None if the portal has none.

    One URL per stored copy: widths past the photo's own serve the photo itself, so the
    first of them is the last URL."""
    sizes: dict[str, str] = {}
    for width in PHOTO_WIDTHS:
        try:
            path = reverse("portal:story_photo", args=[story_pk, photo.pk, width])
        except NoReverseMatch:
            return None
        sizes[str(width)] = request.build_absolute_uri(path)
        if not photo.width or width >= photo.width:
            break
    return {
        "id": photo.pk,
        "width": photo.width,
        "height": photo.height,
        "url": list(sizes.values())[-1],
        "sizes": sizes,
    }


def _stories(request: HttpRequest, stories: list[Publication]) -> list[dict[str, Any]]:
    """The stories as output, with two more queries whatever their number."""
    spread = public_stories.spread_counts(s.record_id for s in stories)
    photos = public_stories.photos_by_story(stories)
    items = []
    for story in stories:
        shown = [_photo(request, story.pk, p) for p in photos.get(story.pk, [])]
        items.append(
            {
                "id": story.pk,
                "title": story.title,
                "summary": story.summary,
                "story": sanitise(story.story),
                "display_name": story.display_name,
                "display_place": story.display_place,
                "kind": story.kind,
                "year": story.year,
                "published_at": story.published_at,
                "replications": spread.get(story.record_id, 0),
                "photos": [p for p in shown if p is not None],
            }
        )
    return items


def _status(found: PublicStatus) -> dict[str, Any]:
    return {
        "code": found.code,
        "state": str(found.state),
        "label": found.label,
        "explanation": found.explanation,
        "received_on": found.received_on,
        "changed_on": found.changed_on,
    }


# ---------------------------------------------------------------------------------------
# Endpoints


@router.get(
    "/stories",
    auth=None,
    response={200: StoryPageOut, 422: ErrorOut},
    summary=f"Published stories matching the words, best first ({PER_PAGE} per page)",
)
def list_stories(request: HttpRequest, filters: Query[StoryFilterIn]) -> dict[str, Any]:
    found = public_stories.search_live_stories(
        filters.q.strip(), page=filters.page, per_page=PER_PAGE
    )
    return {
        "items": _stories(request, found.stories),
        "count": found.total,
        "page": filters.page,
        "pages": max(1, -(-found.total // PER_PAGE)),
    }


@router.get(
    "/stories/{story_id}",
    auth=None,
    response={200: StoryOut, 404: ErrorOut, 422: ErrorOut},
    summary="One published story (404 once it is taken down)",
)
def get_story(request: HttpRequest, story_id: int) -> dict[str, Any]:
    return _stories(request, [public_stories.get_live_story(story_id)])[0]


@router.post(
    "/nominations",
    auth=None,
    response={201: NominationStatusOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Report a good deed as a citizen; answers the tracking code and its status",
)
def create_nomination(request: HttpRequest, payload: NominationIn) -> tuple[int, dict[str, Any]]:
    try:
        nomination = submit_nomination(
            what=payload.what,
            commune=current_commune(payload.commune.strip()),  # type: ignore[arg-type]
            when=payload.when,
            who=payload.who,
            place=payload.place,
            contact_name=payload.contact_name,
            contact_phone=payload.contact_phone,
            contact_email=payload.contact_email,
            contact_consent=payload.contact_consent,
            ip=client_ip(request),
        )
    except guard.RateLimited as exc:
        raise RateLimited(
            exc.message,
            details={"retry_after": exc.retry_after, "limit": exc.code},
            headers={"Retry-After": str(exc.retry_after)},
        ) from None
    found = nomination_status(nomination.tracking_code)
    assert found is not None
    return 201, _status(found)


@router.get(
    "/nominations/{code}",
    auth=None,
    response={200: NominationStatusOut, 404: ErrorOut, 429: ErrorOut},
    summary="The public status of a nomination, by its tracking code",
)
def get_nomination(request: HttpRequest, code: str) -> dict[str, Any]:
    ip = client_ip(request)
    if guard.lookup_blocked(ip):
        window = guard.setting("NOMINATION_RATE_WINDOW")
        raise RateLimited(
            guard.lookup_refused_message(),
            details={"retry_after": window, "limit": "lookup"},
            headers={"Retry-After": str(window)},
        )
    found = nomination_status(code) if len(code) <= CODE_MAX else None
    if found is None:
        guard.note_lookup_miss(ip)
        raise NotFound()
    return _status(found)
