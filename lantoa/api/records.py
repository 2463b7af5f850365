"""The exemplar registry: records, their lifecycle and their evidence.

Scoped like the staff UI (lantoa.exemplars.access): a record of another tree is visible only
once verified; anything the caller may not see is a 404. Lists never carry contact data; a
detail carries the subject's contact only for callers inside the subject's tree.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from lantoa.accounts.models import User
from lantoa.api.errors import ErrorOut
from lantoa.api.idempotency import clean_key, key_header, mark_replay, once
from lantoa.api.jobs import JobOut, job_out
from lantoa.api.pagination import PAGE_SIZE, cursor_page, refuse_page_numbers
from lantoa.api.record_schemas import (
    RecordExportIn,
    RecordFilterIn,
    RecordIn,
    RecordOut,
    RecordPageOut,
    RecordSelectionIn,
    TransitionIn,
)
from lantoa.api.security import actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.paginator import COUNT_CAP, SEARCH_COUNT_CAP
from lantoa.core.uploads import clean_uploaded_file
from lantoa.exemplars import services
from lantoa.exemplars.access import available_actions, can_view_personal_data
from lantoa.exemplars.models import Movement, PriorityGroup, Record, Sector, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import (
    LIST_ORDER,
    RecordFilters,
    get_record_for,
    record_list,
    spread_of,
    timeline_of,
)
from lantoa.exemplars.tasks import start_record_export
from lantoa.orgs.access import can
from lantoa.orgs.models import Organisation
from lantoa.orgs.selectors import get_organisation_for

router = Router(tags=["records"])


# ---------------------------------------------------------------------------------------
# Rendering


def _item(record: Any, now: datetime.datetime) -> dict[str, Any]:
    """A list row; `record` carries `subject_name` and `handling_org_name` (selectors)."""
    return {
        "id": record.pk,
        "kind": record.kind,
        "kind_label": str(record.get_kind_display()),
        "title": record.title,
        "summary": record.summary,
        "state": record.state,
        "state_label": str(record.get_state_display()),
        "org": {"id": record.org_id, "name_as_issued": record.org_name},
        "handling_org": {"id": record.handling_org_id, "name": record.handling_org_name},
        "subject": (
            {"id": record.subject_id, "full_name": record.subject_name}
            if record.subject_id
            else None
        ),
        "due_at": record.due_at,
        "overdue": record.due_at is not None and record.due_at < now,
        "created_at": record.created_at,
    }


def _named(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _unit(unit: Any) -> dict[str, Any] | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def render_subject(user: User, subject: Subject | None) -> dict[str, Any] | None:
    if subject is None:
        return None
    contact = None
    if can_view_personal_data(user, subject):
        contact = {"phone": subject.phone, "email": subject.email, "address": subject.address}
    return {
        "id": subject.pk,
        "kind": subject.kind,
        "full_name": subject.full_name,
        "birth_year": subject.birth_year,
        "gender": subject.gender or None,
        "occupation": subject.occupation,
        "priority_group": _named(subject.priority_group),
        "admin_unit": _unit(subject.admin_unit),
        "contact": contact,
    }


def render_record(user: User, record: Record) -> dict[str, Any]:
    """A record as the caller may see it; `record` comes from `get_record_for`."""
    data = _item(record, timezone.now())
    replications = list(record.replications.all())
    actions = [
        {"action": t.action, "label": str(t.label), "note_required": t.note_required}
        for t in available_actions(user, record)
    ]
    data.update(
        subject=render_subject(user, record.subject),
        story=record.story,
        place=record.place,
        deed_date=record.deed_date,
        source=record.source,
        admin_unit=_unit(record.admin_unit),
        sector=_named(record.sector),
        movement=_named(record.movement),
        state_since=record.state_since,
        honours=[{"text": h.text, "date": h.date} for h in record.honours.all()],
        replications=[
            {
                "org": {"id": r.org_id, "name": r.org_name} if r.org_id is not None else None,
                "outside_name": r.outside_name,
                "outside_place": r.outside_place,
                "confirmed": r.org_id is None or r.confirmed_at is not None,
                "date": r.date,
                "what": r.what,
                "result": r.result,
            }
            for r in replications
        ],
        spread=spread_of(record),
        timeline=timeline_of(record),
        evidence=list(record.evidence.order_by("created_at", "id")),
        available_actions=actions,
    )
    return data


# ---------------------------------------------------------------------------------------
# Lookups


def _invalid(field: str, message: str = "", kind: str = "invalid_choice") -> ValidationError:
    """A 422 on a body field, in the same shape as the schema's own errors (by default: an
    id that names nothing usable, such as an unknown or inactive catalogue entry)."""
    return ValidationError(
        [
            {
                "loc": ("body", "payload", *field.split(".")),
                "msg": message
                or _("Select a valid choice. That choice is not one of the available choices."),
                "type": kind,
            }
        ]
    )


def _catalogue(model: type[Model], pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    obj = model._default_manager.filter(pk=pk, is_active=True).first()
    if obj is None:
        raise _invalid(field)
    return obj


# ---------------------------------------------------------------------------------------
# Endpoints


def _wanted(user: User, filters: RecordSelectionIn) -> RecordFilters:
    """The list's filters as the selectors take them; an organisation the caller does not
    see is a 404."""
    org = get_organisation_for(user, filters.org) if filters.org is not None else None
    return RecordFilters(
        q=filters.q.strip(),
        state=filters.state or "",
        kind=filters.kind or "",
        priority_group=filters.priority_group,
        sector=filters.sector,
        movement=filters.movement,
        org=org,
        overdue=filters.overdue,
    )


@router.get(
    "",
    response={200: RecordPageOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary=f"Records visible to the caller, newest first, {PAGE_SIZE} per page (cursors)",
)
def list_records(request: HttpRequest, filters: Query[RecordFilterIn]) -> dict[str, Any]:
    user = actor(request)
    refuse_page_numbers(request)
    wanted = _wanted(user, filters)
    page = cursor_page(
        request,
        lambda where: record_list(user, wanted, where),
        order=LIST_ORDER,
        cursor=filters.cursor,
        cap=SEARCH_COUNT_CAP if wanted.q else COUNT_CAP,
    )
    now = timezone.now()
    page["items"] = [_item(r, now) for r in page["items"]]
    return page


@router.post(
    "/exports",
    response={
        202: JobOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        503: ErrorOut,
    },
    summary="Export the records the list shows as CSV or XLSX, as a job (202; follow Location)",
)
def export_records(
    request: HttpRequest,
    response: HttpResponse,
    payload: RecordExportIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    """Records the export and starts the job; reads no record (the worker does), so it
    answers at once whatever the list's size. Poll `GET /jobs/{id}` (the `Location`), then
    fetch `GET /jobs/{id}/result`."""
    user = actor(request)

    def run() -> tuple[int, JobOut]:
        job = start_record_export(actor=user, filters=_wanted(user, payload), fmt=payload.format)
        return 202, job_out(job)

    status, data = once(request, user=user, key=clean_key(idempotency_key), schema=JobOut, run=run)
    mark_replay(request, response)
    job_id = data.id if isinstance(data, JobOut) else data["id"]
    response["Location"] = reverse("api:job_detail", kwargs={"job_id": job_id})
    return status, data


@router.post(
    "",
    response={
        200: RecordOut,
        201: RecordOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        503: ErrorOut,
    },
    summary="Report a record (201; 200 when an Idempotency-Key replays an earlier report)",
)
def create_record(
    request: HttpRequest,
    response: HttpResponse,
    payload: RecordIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    user = actor(request)
    key = clean_key(idempotency_key)

    def run() -> tuple[int, dict[str, Any]]:
        org = get_organisation_for(user, payload.org, RecordAction.REPORT)
        # A record reported with this key elsewhere (the staff form) is a replay too.
        replay = (
            key is not None and Record.objects.filter(reporter=user, idempotency_key=key).exists()
        )
        record = services.report_record(
            actor=user,
            org=org,
            kind=payload.kind,
            title=payload.title,
            summary=payload.summary,
            story=payload.story,
            deed_date=payload.deed_date,
            place=payload.place,
            sector=_catalogue(Sector, payload.sector, "sector"),
            movement=_catalogue(Movement, payload.movement, "movement"),
            idempotency_key=key,
            **_subject_of(payload),
        )
        return (200 if replay else 201), render_record(user, get_record_for(user, record.pk))

    # The key's answer is stored with the record (lantoa.api.idempotency): concurrent
    # retries wait for the first and get its record, as a 200.
    result = once(request, user=user, key=key, schema=RecordOut, run=run, replay_status=200)
    mark_replay(request, response)
    return result


def _subject_of(payload: RecordIn) -> dict[str, Any]:
    """`subject` or `new_subject` for `report_record`, from the body's two ways to say it."""
    if payload.subject_id is not None and payload.subject is not None:
        raise _invalid(
            "subject", _("Give either subject_id or subject, not both."), "subject_conflict"
        )
    if payload.subject_id is not None:
        subject = Subject.objects.filter(pk=payload.subject_id, merged_into__isnull=True).first()
        if subject is None:
            raise NotFound()
        return {"subject": subject, "new_subject": None}
    if payload.subject is not None:
        data = payload.subject
        new_subject = services.SubjectInput(
            full_name=data.full_name,
            kind=data.kind,
            gender=data.gender or "",
            birth_year=data.birth_year,
            occupation=data.occupation,
            priority_group=_catalogue(PriorityGroup, data.priority_group, "subject.priority_group"),
        )
        return {"subject": None, "new_subject": new_subject}
    return {"subject": None, "new_subject": None}


@router.get(
    "/{int:record_id}",
    response={200: RecordOut, 401: ErrorOut, 404: ErrorOut},
    summary="One record with its timeline, if the caller may see it",
)
def get_record(request: HttpRequest, record_id: int) -> dict[str, Any]:
    user = actor(request)
    return render_record(user, get_record_for(user, record_id))


@router.post(
    "/{int:record_id}/transitions",
    response={
        200: RecordOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        503: ErrorOut,
    },
    summary="Take a step of the lifecycle (verify, return, propose, …)",
)
def transition(
    request: HttpRequest,
    response: HttpResponse,
    record_id: int,
    payload: TransitionIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    user = actor(request)

    def run() -> tuple[int, dict[str, Any]]:
        record = get_record_for(user, record_id)
        target = None
        if payload.target_org is not None:
            target = Organisation.objects.filter(pk=payload.target_org).first()
            if target is None:
                raise DomainError(_("Choose a higher level to propose to."), code="invalid_target")
        plan = None
        if payload.plan is not None:
            plan = services.PlanInput(
                mentor_org=get_organisation_for(user, payload.plan.mentor_org),
                goal=payload.plan.goal,
                milestones=[
                    services.MilestoneInput(title=m.title, due_date=m.due_date)
                    for m in payload.plan.milestones
                ],
            )
        changes = payload.changes.model_dump(exclude_none=True) if payload.changes else None
        services.transition_record(
            actor=user,
            record=record,
            action=payload.action,
            note=payload.note,
            target_org=target,
            plan=plan,
            changes=changes,
        )
        return 200, render_record(user, get_record_for(user, record.pk))

    result = once(request, user=user, key=idempotency_key, schema=RecordOut, run=run)
    mark_replay(request, response)
    return result


@router.post(
    "/{int:record_id}/evidence",
    response={201: RecordOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Attach a photo or a PDF (multipart/form-data, field `file`)",
)
def add_evidence(
    request: HttpRequest, record_id: int, file: File[UploadedFile]
) -> tuple[int, dict[str, Any]]:
    user = actor(request)
    record = get_record_for(user, record_id)
    if not can(user, RecordAction.REPORT, record):
        raise DomainError(_("Your role does not allow this step on this record."), code="forbidden")
    clean = clean_uploaded_file(file)
    services.attach_evidence(actor=user, record=record, files=[clean])
    return 201, render_record(user, get_record_for(user, record.pk))
