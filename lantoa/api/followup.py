"""Follow-up on a verified record through the API: replication, honours, the nurturing
plan (its milestones and progress notes), and publishing on the portal.

Thin over `lantoa.exemplars.services.followup` and `lantoa.exemplars.publishing`: the record
is fetched through `get_record_for` (404 outside the caller's scope), the service checks
the role and the state. The creating writes accept an `Idempotency-Key`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from lantoa.api.errors import ErrorOut
from lantoa.api.idempotency import key_header, mark_replay, once
from lantoa.api.record_schemas import OrgRefOut, RecordOut
from lantoa.api.records import render_record
from lantoa.api.security import actor
from lantoa.core.errors import NotFound
from lantoa.exemplars import publishing, services
from lantoa.exemplars.models import Milestone, NurturePlan, Publication, Record
from lantoa.exemplars.selectors import get_record_for
from lantoa.orgs.selectors import get_organisation_for

router = Router(tags=["records"])

# What the creating writes answer: 201 with the record, or a 4xx in the one format.
WRITE_ANSWERS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    503: ErrorOut,
}


# ---------------------------------------------------------------------------------------
# Schemas


class ReplicationIn(Schema):
    org: int | None = Field(None, description="Id of the organisation that applied the example")
    outside_name: str = Field("", max_length=255, description="Or a unit outside the system")
    outside_place: str = Field("", max_length=255, description="Where that unit is")
    date: datetime.date
    what: str = Field(min_length=1, max_length=5000, description="What the unit did")
    result: str = Field("", max_length=5000)


class HonourIn(Schema):
    text: str = Field(min_length=1, max_length=255, description="The honour, as awarded")
    date: datetime.date | None = None


class ProgressNoteIn(Schema):
    text: str = Field(min_length=1, max_length=5000)


class MilestoneDoneIn(Schema):
    done_on: datetime.date | None = Field(None, description="Default: today")


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: datetime.date
    done_on: datetime.date | None


class ProgressNoteOut(Schema):
    text: str
    author_name: str
    at: datetime.datetime


class PlanOut(Schema):
    record_id: int
    mentor_org: OrgRefOut
    goal: str
    milestones: list[MilestoneOut]
    notes: list[ProgressNoteOut]


class PublishIn(Schema):
    name_display: Publication.NameDisplay
    show_photos: bool = False
    place_display: Publication.PlaceDisplay
    # The public version of the text, prepared by the publisher (never the internal text):
    # checked against the consents like the page's, refused as `public_text_hits` with the
    # passages in `details` unless each is edited out or confirmed in `false_matches`.
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field(..., min_length=1, max_length=2000)
    story: str = Field("", max_length=50_000, description="HTML, sanitised")
    false_matches: dict[str, str] = Field(
        default_factory=dict, description="Hit id → why it is not what the consents withhold"
    )
    featured: bool = False


class UnpublishIn(Schema):
    reason: str = Field("", max_length=255)


class PublicationOut(Schema):
    record_id: int
    title: str
    summary: str
    name_display: Publication.NameDisplay
    show_photos: bool
    place_display: Publication.PlaceDisplay
    display_name: str = Field(description="The name as the portal shows it")
    display_place: str
    featured: bool
    published_at: datetime.datetime
    live: bool = Field(description="False once unpublished (or its consent withdrawn)")
    unpublished_at: datetime.datetime | None
    unpublished_reason: str


# ---------------------------------------------------------------------------------------
# Rendering


def render_plan(plan: NurturePlan) -> dict[str, Any]:
    return {
        "record_id": plan.record_id,
        "mentor_org": {"id": plan.mentor_org_id, "name": plan.mentor_org.name},
        "goal": plan.goal,
        "milestones": list(plan.milestones.order_by("due_date", "id")),
        "notes": [
            {"text": n.text, "author_name": n.author.display_name, "at": n.at}
            for n in plan.notes.select_related("author").order_by("at", "id")
        ],
    }


def plan_of(record: Record) -> NurturePlan:
    plan = NurturePlan.objects.select_related("mentor_org").filter(record=record).first()
    if plan is None:
        raise NotFound()
    return plan


def render_publication(publication: Publication) -> dict[str, Any]:
    return {
        "record_id": publication.record_id,
        "title": publication.title,
        "summary": publication.summary,
        "name_display": publication.name_display,
        "show_photos": publication.show_photos,
        "place_display": publication.place_display,
        "display_name": publication.display_name,
        "display_place": publication.display_place,
        "featured": publication.featured,
        "published_at": publication.published_at,
        "live": publication.unpublished_at is None,
        "unpublished_at": publication.unpublished_at,
        "unpublished_reason": publication.unpublished_reason,
    }


# ---------------------------------------------------------------------------------------
# Replication and honours


@router.post(
    "/{int:record_id}/replications",
    response={201: RecordOut, **WRITE_ANSWERS},
    summary="Record that an organisation applied the example (a verified record)",
)
def add_replication(
    request: HttpRequest,
    response: HttpResponse,
    record_id: int,
    payload: ReplicationIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    user = actor(request)

    def run() -> tuple[int, dict[str, Any]]:
        record = get_record_for(user, record_id)
        org = get_organisation_for(user, payload.org) if payload.org is not None else None
        services.add_replication(
            actor=user,
            record=record,
            org=org,
            outside_name=payload.outside_name,
            outside_place=payload.outside_place,
            date=payload.date,
            what=payload.what,
            result=payload.result,
        )
        return 201, render_record(user, get_record_for(user, record_id))

    result = once(request, user=user, key=idempotency_key, schema=RecordOut, run=run)
    mark_replay(request, response)
    return result


@router.post(
    "/{int:record_id}/honours",
    response={201: RecordOut, **WRITE_ANSWERS},
    summary="Record an honour (title, award, commendation) of a verified record",
)
def add_honour(
    request: HttpRequest,
    response: HttpResponse,
    record_id: int,
    payload: HonourIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    user = actor(request)

    def run() -> tuple[int, dict[str, Any]]:
        record = get_record_for(user, record_id)
        services.add_honour(actor=user, record=record, text=payload.text, date=payload.date)
        return 201, render_record(user, get_record_for(user, record_id))

    result = once(request, user=user, key=idempotency_key, schema=RecordOut, run=run)
    mark_replay(request, response)
    return result


# ---------------------------------------------------------------------------------------
# The nurturing plan (started by the `start_nurturing` transition, with its plan)


@router.get(
    "/{int:record_id}/plan",
    response={200: PlanOut, 401: ErrorOut, 404: ErrorOut},
    summary="The nurturing plan of a record: mentor, goal, milestones, progress notes",
)
def get_plan(request: HttpRequest, record_id: int) -> dict[str, Any]:
    user = actor(request)
    return render_plan(plan_of(get_record_for(user, record_id)))


@router.post(
    "/{int:record_id}/plan/notes",
    response={201: PlanOut, **WRITE_ANSWERS},
    summary="Add a progress note to a record being nurtured",
)
def add_progress_note(
    request: HttpRequest,
    response: HttpResponse,
    record_id: int,
    payload: ProgressNoteIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    user = actor(request)

    def run() -> tuple[int, dict[str, Any]]:
        record = get_record_for(user, record_id)
        services.add_progress_note(actor=user, record=record, text=payload.text)
        return 201, render_plan(plan_of(record))

    result = once(request, user=user, key=idempotency_key, schema=PlanOut, run=run)
    mark_replay(request, response)
    return result


@router.post(
    "/{int:record_id}/plan/milestones/{int:milestone_id}/done",
    response={200: PlanOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Mark a milestone of the nurturing plan done (once: again is 400 already_done)",
)
def complete_milestone(
    request: HttpRequest, record_id: int, milestone_id: int, payload: MilestoneDoneIn
) -> dict[str, Any]:
    user = actor(request)
    record = get_record_for(user, record_id)
    milestone = Milestone.objects.filter(pk=milestone_id, plan__record=record).first()
    if milestone is None:
        raise NotFound()
    services.complete_milestone(actor=user, milestone=milestone, done_on=payload.done_on)
    return render_plan(plan_of(record))


# ---------------------------------------------------------------------------------------
# Publishing on the portal


@router.get(
    "/{int:record_id}/publication",
    response={200: PublicationOut, 401: ErrorOut, 404: ErrorOut},
    summary="How the record is (or was) published on the portal; 404 if never",
)
def get_publication(request: HttpRequest, record_id: int) -> dict[str, Any]:
    user = actor(request)
    record = get_record_for(user, record_id)
    publication = Publication.objects.filter(record=record).first()
    if publication is None:
        raise NotFound()
    return render_publication(publication)


@router.post(
    "/{int:record_id}/publish",
    response={200: PublicationOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Publish (or republish with new choices) on the portal, as the consents allow",
)
def publish(request: HttpRequest, record_id: int, payload: PublishIn) -> dict[str, Any]:
    user = actor(request)
    record = get_record_for(user, record_id)
    publication = publishing.publish_record(
        actor=user,
        record=record,
        name_display=payload.name_display,
        show_photos=payload.show_photos,
        place_display=payload.place_display,
        title=payload.title,
        summary=payload.summary,
        story=payload.story,
        false_matches=payload.false_matches,
        featured=payload.featured,
    )
    return render_publication(publication)


@router.post(
    "/{int:record_id}/unpublish",
    response={200: PublicationOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Take the story off the portal",
)
def unpublish(request: HttpRequest, record_id: int, payload: UnpublishIn) -> dict[str, Any]:
    user = actor(request)
    record = get_record_for(user, record_id)
    publication = publishing.unpublish_record(actor=user, record=record, reason=payload.reason)
    return render_publication(publication)
