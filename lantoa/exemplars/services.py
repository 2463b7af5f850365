"""Writes on records: report, transitions, evidence, replication, honours, nurturing.

Every function runs in one transaction, locks the record it changes, checks the actor's
right and the transition against `workflow.TRANSITIONS`, writes the timeline step and the
audit event, and raises `DomainError` with a message a user can read.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.html import sanitise
from lantoa.core.uploads import PHOTO_EXTENSION, CleanFile, generated_name, responsive_variants
from lantoa.exemplars.access import acting_org_id, can_view_record, may_take
from lantoa.exemplars.models import (
    Evidence,
    Honour,
    Milestone,
    NurturePlan,
    ProgressNote,
    Record,
    RecordKind,
    RecordSource,
    RecordState,
    RecordStep,
    Replication,
    Subject,
)
from lantoa.exemplars.workflow import BY_ACTION, SHAREABLE_STATES, Transition
from lantoa.orgs.access import Action, require
from lantoa.orgs.models import Membership, Organisation, Role
from lantoa.timeliness.calendar import due_for

MAX_PHOTOS = 6


@dataclass
class SubjectInput:
    """A new individual or collective typed in the report form."""

    full_name: str
    kind: str = Subject.Kind.INDIVIDUAL
    gender: str = ""
    birth_year: int | None = None
    occupation: str = ""
    priority_group: Any = None
    admin_unit: Any = None
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class MilestoneInput:
    title: str
    due_date: datetime.date


@dataclass
class PlanInput:
    mentor_org: Organisation
    goal: str = ""
    milestones: list[MilestoneInput] = field(default_factory=list)


def handling_org_for(org: Organisation) -> Organisation:
    """The level above verifies: the nearest ancestor with an active verifier (fallback: the
    parent, or the organisation itself at the top)."""
    ancestors = org.ancestor_ids()
    if not ancestors:
        return org
    with_verifier = set(
        Membership.objects.filter(
            organisation_id__in=ancestors, role=Role.VERIFIER, ended_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    for pk in reversed(ancestors):
        if pk in with_verifier:
            return Organisation.objects.get(pk=pk)
    return Organisation.objects.get(pk=ancestors[-1])


def _step(
    record: Record,
    *,
    actor: Any,
    action: str,
    from_state: str,
    note: str = "",
    actor_org_id: int | None = None,
    now: datetime.datetime,
) -> RecordStep:
    seconds = int((now - record.state_since).total_seconds()) if from_state else None
    overdue = bool(from_state and record.due_at and now > record.due_at)
    actor_org = Organisation.objects.filter(pk=actor_org_id).first() if actor_org_id else None
    return RecordStep.objects.create(
        record=record,
        action=action,
        from_state=from_state,
        to_state=record.state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=getattr(actor, "display_name", "") or _("Citizen"),
        actor_org=actor_org,
        actor_org_name=actor_org.name if actor_org else "",
        at=now,
        note=note,
        seconds_in_previous=seconds,
        previous_due_at=record.due_at if from_state else None,
        was_overdue=overdue,
    )


def _attach(record: Record, files: list[CleanFile], actor: Any) -> None:
    for clean in files:
        evidence = Evidence(
            record=record,
            kind=clean.kind,
            original_name=clean.original_name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            width=clean.width,
            height=clean.height,
            uploaded_by=actor,
        )
        evidence.file.save(generated_name(clean), ContentFile(clean.content), save=False)
        if clean.kind == Evidence.Kind.PHOTO:
            # Smaller copies for the public pages, under generated names: {"320": name, ...}.
            # A photo that cannot be resized keeps none (the original is served instead).
            try:
                variants = responsive_variants(clean.content)
            except ValueError:
                variants = {}
            stem = uuid.uuid4().hex
            evidence.variants = {
                str(width): default_storage.save(
                    f"evidence/variants/{stem}-{width}{PHOTO_EXTENSION}", ContentFile(data)
                )
                for width, data in variants.items()
            }
        evidence.save()


def create_subject(*, actor: Any, org: Organisation, data: SubjectInput) -> Subject:
    name = " ".join(data.full_name.split())
    if not name:
        raise DomainError(
            _("The name of the person or collective is required."), code="subject_name_required"
        )
    this_year = timezone.localdate().year
    if data.birth_year is not None and not (this_year - 120 <= data.birth_year <= this_year):
        raise DomainError(_("The birth year is not plausible."), code="invalid_birth_year")
    subject = Subject.objects.create(
        kind=data.kind,
        full_name=name,
        gender=data.gender,
        birth_year=data.birth_year,
        occupation=data.occupation.strip(),
        priority_group=data.priority_group,
        admin_unit=data.admin_unit,
        phone=data.phone.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        org=org,
        org_path=org.path,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="exemplars.subject.created",
        obj=subject,
        org=org,
        changes={"full_name": [None, name]},
    )
    return subject


def report_record(
    *,
    actor: Any,
    org: Organisation,
    kind: str,
    title: str,
    summary: str,
    story: str = "",
    deed_date: datetime.date | None = None,
    place: str = "",
    admin_unit: Any = None,
    sector: Any = None,
    movement: Any = None,
    source: str = RecordSource.OFFICER,
    subject: Subject | None = None,
    new_subject: SubjectInput | None = None,
    files: list[CleanFile] | None = None,
    idempotency_key: str | None = None,
) -> Record:
    """Report a record for `org`. With the same `idempotency_key` the same reporter gets the
    first record back: a double click or a retried call creates one record."""
    require(actor, Action.REPORT, org)
    if idempotency_key:
        existing = Record.objects.filter(reporter=actor, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    title, summary = " ".join(title.split()), summary.strip()
    if kind not in RecordKind.values:
        raise DomainError(_("Choose what kind of example this is."), code="invalid_kind")
    if not title or not summary:
        raise DomainError(_("A title and a short description are required."), code="required")
    if deed_date and deed_date > timezone.localdate():
        raise DomainError(_("The date of the deed cannot be in the future."), code="future_date")
    if files and len([f for f in files if f.kind == "photo"]) > MAX_PHOTOS:
        raise DomainError(
            _("At most %(n)d photos per report.") % {"n": MAX_PHOTOS}, code="too_many_photos"
        )
    if subject is not None and not can_view_record_subject(actor, subject):
        raise NotFound()
    now = timezone.now()
    handling = handling_org_for(org)
    try:
        with transaction.atomic():
            if subject is None and new_subject is not None:
                subject = create_subject(actor=actor, org=org, data=new_subject)
            record = Record(
                kind=kind,
                title=title,
                summary=summary,
                story=sanitise(story),
                deed_date=deed_date,
                place=place.strip(),
                admin_unit=admin_unit or org.admin_unit,
                sector=sector,
                movement=movement,
                source=source,
                subject=subject,
                org=org,
                org_path=org.path,
                org_name=org.name,
                handling_org=handling,
                reporter=actor,
                state=RecordState.REPORTED,
                state_since=now,
                due_at=due_for("verification", now),
                idempotency_key=idempotency_key or None,
            )
            record.save()
            _attach(record, files or [], actor)
            _step(record, actor=actor, action="report", from_state="", now=now, actor_org_id=org.pk)
            audit.record(
                actor=actor,
                action="exemplars.record.reported",
                obj=record,
                org=org,
                changes={
                    "title": [None, title],
                    "kind": [None, kind],
                    "handling_org": [None, handling.pk],
                },
            )
    except IntegrityError:
        # The same key raced in from a second request: return the record that won.
        existing = Record.objects.filter(reporter=actor, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return record


def can_view_record_subject(actor: Any, subject: Subject) -> bool:
    from lantoa.orgs.access import can

    return (
        can(actor, Action.VIEW_RECORDS, subject)
        or Record.objects.filter(subject=subject, state__in=SHAREABLE_STATES).exists()
    )


def _locked(record: Record) -> Record:
    return (
        Record.objects.select_for_update(of=("self",))
        .select_related("handling_org")
        .get(pk=record.pk)
    )


def transition_record(
    *,
    actor: Any,
    record: Record,
    action: str,
    note: str = "",
    target_org: Organisation | None = None,
    plan: PlanInput | None = None,
    changes: dict[str, Any] | None = None,
) -> Record:
    """Take `action` on `record` if the workflow table allows it from the current state and
    the actor holds the right role at the right level."""
    transition: Transition | None = BY_ACTION.get(action)
    if transition is None:
        raise DomainError(_("Unknown action."), code="invalid_action")
    note = note.strip()
    with transaction.atomic():
        record = _locked(record)
        if not can_view_record(actor, record):
            raise NotFound()
        if not may_take(actor, record, transition):
            raise DomainError(
                _("Your role does not allow this step on this record."), code="forbidden"
            )
        if record.state not in transition.sources or (
            transition.kinds is not None and record.kind not in transition.kinds
        ):
            raise DomainError(
                _("This record is “%(state)s”: “%(action)s” is not possible now.")
                % {"state": record.get_state_display(), "action": transition.label},
                code="invalid_transition",
            )
        if transition.note_required and not note:
            raise DomainError(_("Please give a reason."), code="note_required")
        now = timezone.now()
        from_state = record.state
        before = {"state": from_state, "handling_org": record.handling_org_id}
        path = record.handling_org.path if transition.at == "handling" else record.org_path
        actor_org = acting_org_id(actor, transition.roles, path)
        _apply(
            record,
            transition,
            actor=actor,
            target_org=target_org,
            plan=plan,
            changes=changes,
            now=now,
        )
        record.state = transition.target
        _set_due(record, transition, now)
        step = _step(
            record,
            actor=actor,
            action=action,
            from_state=from_state,
            note=note,
            actor_org_id=actor_org,
            now=now,
        )
        record.state_since = now
        record.save()
        after = {"state": record.state, "handling_org": record.handling_org_id}
        changes_log = audit.diff(before, after)
        if note:
            changes_log["note"] = [None, note]
        changes_log["seconds_in_previous"] = [None, step.seconds_in_previous]
        audit.record(
            actor=actor,
            action=f"exemplars.record.{action}",
            obj=record,
            org=record.org,
            changes=changes_log,
        )
    return record


def _apply(
    record: Record,
    transition: Transition,
    *,
    actor: Any,
    target_org: Organisation | None,
    plan: PlanInput | None,
    changes: dict[str, Any] | None,
    now: datetime.datetime,
) -> None:
    action = transition.action
    if action == "propose":
        current = record.handling_org
        target = target_org or current.parent
        if target is None or not current.path.startswith(target.path) or target == current:
            raise DomainError(_("Choose a higher level to propose to."), code="invalid_target")
        record.previous_handling_org = current
        record.handling_org = target
    elif action == "decline_proposal":
        record.handling_org = record.previous_handling_org or record.handling_org
        record.previous_handling_org = None
    elif action == "start_nurturing":
        if plan is None or not plan.milestones:
            raise DomainError(
                _("A nurturing plan needs a mentor unit and at least one milestone."),
                code="plan_required",
            )
        nurture = NurturePlan.objects.create(
            record=record, mentor_org=plan.mentor_org, goal=plan.goal.strip(), created_by=actor
        )
        for milestone in plan.milestones:
            Milestone.objects.create(
                plan=nurture, title=milestone.title.strip(), due_date=milestone.due_date
            )
    elif action == "resubmit" and changes:
        for name in ("title", "summary", "place", "deed_date"):
            if name in changes and changes[name] not in (None, ""):
                setattr(record, name, changes[name])
        if changes.get("story"):
            record.story = sanitise(changes["story"])


def _set_due(record: Record, transition: Transition, now: datetime.datetime) -> None:
    if transition.target == RecordState.NURTURING:
        record.due_at = _next_milestone_due(record)
    elif transition.action == "start_verification":
        pass  # the 10 working days count from the report, not from the start of the check
    elif transition.due_step:
        record.due_at = due_for(transition.due_step, now)
    else:
        record.due_at = None


def _next_milestone_due(record: Record) -> datetime.datetime | None:
    milestone = (
        Milestone.objects.filter(plan__record=record, done_on__isnull=True)
        .order_by("due_date")
        .first()
    )
    if milestone is None:
        return None
    end = datetime.datetime.combine(milestone.due_date, datetime.time(23, 59, 59))
    return timezone.make_aware(end)


def _side_step(
    record: Record,
    *,
    actor: Any,
    action: str,
    note: str,
    org_id: int | None,
    audit_action: str,
    changes: dict[str, Any],
) -> None:
    org_name = ""
    if org_id is not None:
        org_name = Organisation.objects.filter(pk=org_id).values_list("name", flat=True).get()
    RecordStep.objects.create(
        record=record,
        action=action,
        from_state=record.state,
        to_state=record.state,
        actor=actor,
        actor_name=actor.display_name,
        actor_org_id=org_id,
        actor_org_name=org_name,
        at=timezone.now(),
        note=note,
    )
    audit.record(actor=actor, action=audit_action, obj=record, org=record.org, changes=changes)


def add_replication(
    *,
    actor: Any,
    record: Record,
    org: Organisation,
    date: datetime.date,
    what: str,
    result: str = "",
) -> Replication:
    """`org` learned from / applied the example. Any officer of `org` may record it, once the
    record is verified."""
    require(actor, Action.REPLICATE, org)
    if not what.strip():
        raise DomainError(_("Say what the unit did."), code="required")
    if date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), code="future_date")
    with transaction.atomic():
        record = _locked(record)
        if not can_view_record(actor, record):
            raise NotFound()
        if record.state not in SHAREABLE_STATES:
            raise DomainError(_("Only a verified example can be replicated."), code="not_verified")
        replication = Replication.objects.create(
            record=record,
            org=org,
            org_path=org.path,
            org_name=org.name,
            date=date,
            what=what.strip(),
            result=result.strip(),
            recorded_by=actor,
        )
        _side_step(
            record,
            actor=actor,
            action="replicate",
            note=what.strip(),
            org_id=org.pk,
            audit_action="exemplars.record.replicated",
            changes={"replication": [None, replication.pk], "org": [None, org.name]},
        )
    return replication


def add_honour(
    *, actor: Any, record: Record, text: str, date: datetime.date | None = None
) -> Honour:
    text = " ".join(text.split())
    if not text:
        raise DomainError(_("Describe the honour."), code="required")
    with transaction.atomic():
        record = _locked(record)
        if not can_view_record(actor, record):
            raise NotFound()
        roles = frozenset({Role.LEADER, Role.VERIFIER})
        org_id = acting_org_id(actor, roles, record.handling_org.path)
        from lantoa.orgs.access import is_system_admin

        if org_id is None and not is_system_admin(actor):
            raise DomainError(
                _("Your role does not allow this step on this record."), code="forbidden"
            )
        honour = Honour.objects.create(record=record, text=text, date=date, recorded_by=actor)
        _side_step(
            record,
            actor=actor,
            action="honour",
            note=text,
            org_id=org_id,
            audit_action="exemplars.record.honoured",
            changes={"honour": [None, text]},
        )
    return honour


def _require_nurturer(actor: Any, record: Record) -> int | None:
    plan = record.nurture_plan
    roles = frozenset({Role.LEADER, Role.VERIFIER, Role.REPORTER})
    org_id = acting_org_id(actor, roles, plan.mentor_org.path) or acting_org_id(
        actor, frozenset({Role.LEADER, Role.VERIFIER}), record.handling_org.path
    )
    from lantoa.orgs.access import is_system_admin

    if org_id is None and not is_system_admin(actor):
        raise DomainError(_("Your role does not allow this step on this record."), code="forbidden")
    return org_id


def add_progress_note(*, actor: Any, record: Record, text: str) -> ProgressNote:
    if not text.strip():
        raise DomainError(_("Write the progress."), code="required")
    with transaction.atomic():
        record = _locked(record)
        if record.state != RecordState.NURTURING or not hasattr(record, "nurture_plan"):
            raise DomainError(_("This record is not being nurtured."), code="not_nurturing")
        org_id = _require_nurturer(actor, record)
        note = ProgressNote.objects.create(
            plan=record.nurture_plan, text=text.strip(), author=actor
        )
        _side_step(
            record,
            actor=actor,
            action="progress",
            note=text.strip(),
            org_id=org_id,
            audit_action="exemplars.record.progress",
            changes={},
        )
    return note


def complete_milestone(
    *, actor: Any, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    with transaction.atomic():
        record = _locked(milestone.plan.record)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is not None:
            raise DomainError(_("This milestone is already done."), code="already_done")
        org_id = _require_nurturer(actor, record)
        milestone.done_on = done_on or timezone.localdate()
        milestone.save(update_fields=["done_on"])
        record.due_at = _next_milestone_due(record)
        record.save(update_fields=["due_at", "updated_at"])
        _side_step(
            record,
            actor=actor,
            action="milestone",
            note=milestone.title,
            org_id=org_id,
            audit_action="exemplars.record.milestone_done",
            changes={"milestone": [None, milestone.title]},
        )
    return milestone


def attach_evidence(*, actor: Any, record: Record, files: list[CleanFile]) -> None:
    with transaction.atomic():
        record = _locked(record)
        require(actor, Action.REPORT, record)
        _attach(record, files, actor)
        audit.record(
            actor=actor,
            action="exemplars.record.evidence_added",
            obj=record,
            org=record.org,
            changes={"files": [None, [f.original_name for f in files]]},
        )
