"""The record page and the steps taken from it. Views parse, services decide and write.

Every view fetches the record through `get_record_for`: a record outside the actor's scope
answers 404 (NotFound is an Http404). On a refused step the page is shown again with what
was typed and the service's message; on success the browser is redirected (POST/redirect/GET).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.access import available_actions, can_view_personal_data, may_do
from lantoa.exemplars.models import (
    Consent,
    Evidence,
    Milestone,
    NurturePlan,
    Record,
    RecordStep,
)
from lantoa.exemplars.selectors import get_record_for, spread_of, timeline_of
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.orgs.access import Action, can
from lantoa.orgs.selectors import organisations_visible_to
from lantoa.staff.forms_records import (
    ConsentForm,
    HonourForm,
    PlanForm,
    ProgressForm,
    ReplicationForm,
    TransitionForm,
    WithdrawConsentForm,
)
from lantoa.staff.views.records_common import ancestors_of, humanise_seconds, own_orgs_for
from lantoa.staff.views.records_publish import publish_context
from lantoa.staff.views.records_report import draft_key

# Actions with their own form on the page (the others share one form with an optional note).
OWN_FORM = frozenset({"propose", "start_nurturing", "resubmit"})

# Past tense for the timeline (the workflow table labels the buttons, in the imperative).
STEP_LABELS: dict[str, Any] = {
    "report": gettext_lazy("Reported"),
    "start_verification": gettext_lazy("Verification started"),
    "verify": gettext_lazy("Verified"),
    "return": gettext_lazy("Returned for more information"),
    "reject": gettext_lazy("Rejected"),
    "resubmit": gettext_lazy("Completed and resubmitted"),
    "propose": gettext_lazy("Proposed to the higher level"),
    "decline_proposal": gettext_lazy("Proposal declined"),
    "start_nurturing": gettext_lazy("Nurturing started"),
    "recognise": gettext_lazy("Recognised"),
    "replicate": gettext_lazy("Replication recorded"),
    "honour": gettext_lazy("Honour recorded"),
    "progress": gettext_lazy("Progress noted"),
    "milestone": gettext_lazy("Milestone done"),
}


@dataclass
class TimelineRow:
    step: RecordStep
    label: Any
    waited: str


def _timeline(record: Record) -> list[TimelineRow]:
    rows = []
    for step in timeline_of(record):
        transition = BY_ACTION.get(step.action)
        fallback = transition.label if transition else step.action
        rows.append(
            TimelineRow(
                step=step,
                label=STEP_LABELS.get(step.action, fallback),
                waited=humanise_seconds(step.seconds_in_previous),
            )
        )
    return rows


def _mentors(actor: Any) -> Any:
    return (
        organisations_visible_to(actor, Action.VIEW_ORG)
        .filter(valid_to__isnull=True)
        .order_by("path")
    )


def _context(request: HttpRequest, record: Record, **bound: Any) -> dict[str, Any]:
    """Everything the record page shows; `bound` replaces a blank form by the posted one."""
    actor = request.user
    today = timezone.localdate()
    # The steps the actor may take, asked of the workflow table once (side actions below).
    allowed = available_actions(actor, record)
    by_action = {t.action: t for t in allowed}
    quick = [t for t in allowed if t.action not in OWN_FORM and not t.note_required]
    noted = [t for t in allowed if t.action not in OWN_FORM and t.note_required]

    plan_form = bound.get("plan_form")
    if plan_form is None and "start_nurturing" in by_action:
        plan_form = PlanForm(
            mentors=_mentors(actor),
            initial={"mentor_org": record.org_id, "m1_date": today + datetime.timedelta(days=30)},
        )
    subject = record.subject
    personal = subject is not None and can_view_personal_data(actor, subject)
    can_consent = subject is not None and can(actor, Action.MANAGE_CONSENT, subject)
    plan = NurturePlan.objects.select_related("mentor_org").filter(record=record).first()
    if plan is not None:
        record.nurture_plan = plan  # the table's "mentor" place, without asking again
    replicate_orgs = (
        own_orgs_for(actor, Action.REPLICATE) if may_do(actor, record, "replicate") else []
    )
    replication_form = bound.get("replication_form")
    if replication_form is None and replicate_orgs:
        replication_form = ReplicationForm(
            orgs=replicate_orgs, initial={"org": replicate_orgs[0].pk, "date": today}
        )
    can_honour = may_do(actor, record, "honour")
    evidence = list(record.evidence.order_by("created_at", "id"))
    return {
        "record": record,
        "overdue": bool(record.due_at and record.due_at < timezone.now()),
        "photos": [e for e in evidence if e.kind == Evidence.Kind.PHOTO],
        "documents": [e for e in evidence if e.kind != Evidence.Kind.PHOTO],
        "subject": subject,
        "personal": personal,
        "consents": (
            list(subject.consents.order_by("-given_on", "-id"))
            if personal and subject is not None
            else []
        ),
        "can_consent": can_consent,
        "consent_form": bound.get("consent_form")
        or (ConsentForm(initial={"given_on": today}) if can_consent else None),
        "honours": list(record.honours.all()),
        "honour_form": bound.get("honour_form") or (HonourForm() if can_honour else None),
        "replications": list(record.replications.all()),
        "spread": spread_of(record),
        "replication_form": replication_form,
        "plan": plan,
        "milestones": list(plan.milestones.all()) if plan else [],
        "notes": list(plan.notes.select_related("author")) if plan else [],
        "can_nurture": plan is not None and may_do(actor, record, "progress"),
        "progress_form": bound.get("progress_form") or ProgressForm(),
        "timeline": _timeline(record),
        "quick": quick,
        "quick_actions": [t.action for t in quick],
        "noted": noted,
        "propose": by_action.get("propose"),
        "targets": list(ancestors_of(record.handling_org)) if "propose" in by_action else [],
        "nurture": by_action.get("start_nurturing"),
        "plan_form": plan_form,
        "resubmit": by_action.get("resubmit"),
        "posted": bound.get("posted") or {},
        "error": bound.get("error"),
        "reported": request.GET.get("reported") == "1",
        "draft_key": draft_key(request),
        "today": today,
        **publish_context(actor, record, **(bound.get("publish") or {})),
    }


def _again(request: HttpRequest, record: Record, error: Any, **bound: Any) -> HttpResponse:
    """The page again, with the refusal and what was typed."""
    return render(
        request, "staff/records/detail.html", _context(request, record, error=error, **bound)
    )


@login_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    return render(request, "staff/records/detail.html", _context(request, record))


@login_required
@require_GET
def record_evidence(request: HttpRequest, pk: int, eid: int) -> FileResponse:
    """A photo or document of a record, only to those who may see the record. Files are
    never linked from MEDIA_URL: the web server must not serve them to anyone."""
    record = get_record_for(request.user, pk)
    evidence = Evidence.objects.filter(record=record, pk=eid).first()
    if evidence is None:
        raise NotFound()
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=evidence.kind != Evidence.Kind.PHOTO,
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def record_transition(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    form = TransitionForm(request.POST, targets=ancestors_of(record.handling_org))
    action = request.POST.get("action", "")
    plan_form = None
    if action == "start_nurturing":
        plan_form = PlanForm(request.POST, mentors=_mentors(request.user))
    posted = {"action": action, "note": request.POST.get("note", "")}
    if not form.is_valid():
        return _again(request, record, _("Choose a step."), posted=posted)
    if plan_form is not None and not plan_form.is_valid():
        return _again(
            request, record, _("Check the nurturing plan."), posted=posted, plan_form=plan_form
        )
    plan = None
    if plan_form is not None:
        plan = services.PlanInput(
            mentor_org=plan_form.cleaned_data["mentor_org"],
            goal=plan_form.cleaned_data["goal"],
            milestones=[services.MilestoneInput(t, d) for t, d in plan_form.milestones()],
        )
    try:
        services.transition_record(
            actor=request.user,
            record=record,
            action=action,
            note=form.cleaned_data["note"],
            target_org=form.cleaned_data["target_org"],
            plan=plan,
            changes=form.changes() if action == "resubmit" else None,
        )
    except NotFound:
        raise
    except DomainError as exc:
        return _again(request, record, exc.message, posted=posted, plan_form=plan_form)
    messages.success(request, _("Done: %(action)s.") % {"action": BY_ACTION[action].label})
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_replicate(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    orgs = own_orgs_for(request.user, Action.REPLICATE)
    if not orgs:
        raise NotFound()
    form = ReplicationForm(request.POST, orgs=orgs)
    if not form.is_valid():
        return _again(request, record, _("Check the replication form."), replication_form=form)
    data = form.cleaned_data
    try:
        services.add_replication(
            actor=request.user,
            record=record,
            org=data["org"],
            date=data["date"],
            what=data["what"],
            result=data["result"],
        )
    except NotFound:
        raise
    except DomainError as exc:
        return _again(request, record, exc.message, replication_form=form)
    messages.success(
        request, _("Recorded: %(org)s learned and followed.") % {"org": data["org"].name}
    )
    return redirect("staff:record_detail", pk=record.pk)


def _subject_for_consent(request: HttpRequest, record: Record) -> Any:
    subject = record.subject
    if subject is None or not can(request.user, Action.MANAGE_CONSENT, subject):
        raise NotFound()
    return subject


@login_required
@require_POST
def record_consent(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    subject = _subject_for_consent(request, record)
    form = ConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _again(request, record, _("Check the consent form."), consent_form=form)
    data = form.cleaned_data
    try:
        consent_services.record_consent(
            actor=request.user,
            subject=subject,
            purpose=data["purpose"],
            given_by=data["given_by"],
            given_on=data["given_on"],
            guardian_name=data["guardian_name"],
            evidence=data["evidence"],
        )
    except NotFound:
        raise
    except DomainError as exc:
        return _again(request, record, exc.message, consent_form=form)
    messages.success(request, _("The consent was recorded."))
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_consent_withdraw(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    subject = _subject_for_consent(request, record)
    consent = Consent.objects.filter(pk=cid, subject=subject).first()
    if consent is None:
        raise NotFound()
    form = WithdrawConsentForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        revoked = consent_services.withdraw_consent(actor=request.user, consent=consent, note=note)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        message = _("The consent was withdrawn.")
        if revoked:
            message += " " + ngettext(
                "%(n)d publication that relied on it was taken down.",
                "%(n)d publications that relied on it were taken down.",
                len(revoked),
            ) % {"n": len(revoked)}
        messages.success(request, message)
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_progress(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _again(request, record, _("Write the progress."), progress_form=form)
    try:
        services.add_progress_note(
            actor=request.user, record=record, text=form.cleaned_data["text"]
        )
    except NotFound:
        raise
    except DomainError as exc:
        return _again(request, record, exc.message, progress_form=form)
    messages.success(request, _("The progress was noted."))
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_milestone_done(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    milestone = (
        Milestone.objects.select_related("plan__record").filter(pk=mid, plan__record=record).first()
    )
    if milestone is None:
        raise NotFound()
    try:
        services.complete_milestone(actor=request.user, milestone=milestone)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Milestone done: %(title)s.") % {"title": milestone.title})
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_honour(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    form = HonourForm(request.POST)
    if not form.is_valid():
        return _again(request, record, _("Describe the honour."), honour_form=form)
    try:
        services.add_honour(
            actor=request.user,
            record=record,
            text=form.cleaned_data["text"],
            date=form.cleaned_data["date"],
        )
    except NotFound:
        raise
    except DomainError as exc:
        return _again(request, record, exc.message, honour_form=form)
    messages.success(request, _("The honour was recorded."))
    return redirect("staff:record_detail", pk=record.pk)
