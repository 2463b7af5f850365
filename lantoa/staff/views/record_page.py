"""What the record page shows: its context, built once for the page and for a refused step.

Every view fetches the record through `get_record_for`: a record outside the actor's scope
answers 404 (NotFound is an Http404). On a refused step the page is shown again with what
was typed and the service's message; on success the browser is redirected (POST/redirect/GET).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from lantoa.exemplars.access import available_actions, can_view_personal_data, may_do
from lantoa.exemplars.models import (
    Evidence,
    NurturePlan,
    Record,
    RecordStep,
)
from lantoa.exemplars.record_page import consents_shown
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import parts_of, spread_from
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.nominations.contact import show_contact
from lantoa.orgs.access import can
from lantoa.staff.forms.completion import ResubmitForm
from lantoa.staff.forms.records import (
    ConsentForm,
    HonourForm,
    PlanForm,
    ProgressForm,
)
from lantoa.staff.forms.replication import ReplicationForm
from lantoa.staff.fragments import form_fields, kept
from lantoa.staff.views import record_pieces as pieces
from lantoa.staff.views.pickers import mentor_orgs
from lantoa.staff.views.publish_panel import publish_context
from lantoa.staff.views.records_common import (
    humanise_seconds,
    own_orgs_for,
    proposal_targets,
)
from lantoa.staff.views.records_report import draft_key

FORM_FIELDS = "includes/form_fields.html"
REPLICATION_FIELDS = "staff/records/_replication_fields.html"

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
    "replication_confirmed": gettext_lazy("Replication confirmed by the unit"),
    "honour": gettext_lazy("Honour recorded"),
    "progress": gettext_lazy("Progress noted"),
    "milestone": gettext_lazy("Milestone done"),
}


@dataclass
class TimelineRow:
    step: RecordStep
    label: Any
    waited: str


def _timeline(steps: list[RecordStep]) -> list[TimelineRow]:
    rows = []
    for step in steps:
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


def _plan_of(record: Record) -> NurturePlan | None:
    """The record's nurturing plan, read with it by `get_record_for` (no query)."""
    try:
        return record.nurture_plan
    except NurturePlan.DoesNotExist:
        return None


class _Unbound:
    """A blank form whose fields the page draws through `_fields`: the templates only ask
    whether there is one and whether it is bound."""

    is_bound = False


UNBOUND: Any = _Unbound()


def _fields(
    name: str,
    form: Any,
    shown: dict[str, Any],
    build: Callable[[], forms.Form],
    **context: Any,
) -> SafeString:
    """The fields of `form` drawn by template `name` (`fragments.form_fields`). A blank one
    (`UNBOUND`) is kept in this process's memory under what builds it (`shown`: the form's
    class and its constructor's inputs) and built only when it is not: building a form
    (its fields are deep-copied) and describing it for the shared cache's key cost the
    page ~1,000 Python calls each (as decision 151 did for the lists' filter form)."""
    if form is None:
        return mark_safe("")
    if form is not UNBOUND:
        return form_fields(name, form, **context)
    return kept(name, {**shown, **context}, lambda: str(form_fields(name, build(), **context)))


def page_context(request: HttpRequest, record: Record, **bound: Any) -> dict[str, Any]:
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
            mentors=mentor_orgs(actor),
            initial={"mentor_org": record.org, "m1_date": today + datetime.timedelta(days=30)},
        )
    subject = record.subject
    personal = subject is not None and can_view_personal_data(actor, subject)
    can_consent = subject is not None and can(actor, RecordAction.MANAGE_CONSENT, subject)
    plan = _plan_of(record)
    replicate_orgs = (
        own_orgs_for(actor, RecordAction.REPLICATE) if may_do(actor, record, "replicate") else []
    )
    # Steps, evidence, honours and replications: read once per change of the record
    # (`selectors.parts_of`), shared by every request of the process (never changed here).
    parts = parts_of(record)
    replications = parts.replications
    replication_form = bound.get("replication_form") or (UNBOUND if replicate_orgs else None)
    # Units the actor speaks for confirm that they really followed (then they count).
    # (A replication carries its unit's path, `org_path`, moved with the tree like every
    # copy of a path: no need to join the unit to ask.)
    confirmable = {
        r.pk
        for r in replications
        if r.org_id is not None and r.confirmed_at is None and can(actor, RecordAction.REPLICATE, r)
    }
    can_honour = may_do(actor, record, "honour")
    evidence = parts.evidence
    # Forms are shown only where the actor may use them (the consents section: a subject
    # whose personal data the actor sees; the progress form: a plan the actor follows).
    # A blank one is not built while this process has its fields drawn (`_fields`).
    consent_form = bound.get("consent_form") or (UNBOUND if can_consent and personal else None)
    can_nurture = plan is not None and may_do(actor, record, "progress")
    honour_form = bound.get("honour_form") or (UNBOUND if can_honour else None)
    consent_fields = _fields(
        FORM_FIELDS,
        consent_form,
        {"form": "ConsentForm", "given_on": today},
        lambda: ConsentForm(initial={"given_on": today}),
    )
    honour_fields = _fields(FORM_FIELDS, honour_form, {"form": "HonourForm"}, HonourForm)
    replication_fields = _fields(
        REPLICATION_FIELDS,
        replication_form,
        {
            "form": "ReplicationForm",
            "own": [(o.pk, o.name) for o in replicate_orgs],
            "learned": [(r.pk, r.org_name) for r in replications],
            "date": today,
        },
        lambda: ReplicationForm(
            own_orgs=replicate_orgs,
            record=record,
            replications=replications,
            initial={"org": replicate_orgs[0].pk, "date": today},
        ),
        has_replications=bool(replications),
    )
    plan_fields = form_fields(FORM_FIELDS, plan_form) if plan_form is not None else mark_safe("")
    context = {
        "record": record,
        "consent_fields": consent_fields,
        "honour_fields": honour_fields,
        "replication_fields": replication_fields,
        "plan_fields": plan_fields,
        "overdue": bool(record.due_at and record.due_at < timezone.now()),
        "photos": [e for e in evidence if e.kind == Evidence.Kind.PHOTO],
        "documents": [e for e in evidence if e.kind != Evidence.Kind.PHOTO],
        "subject": subject,
        "personal": personal,
        "consents": consents_shown(subject) if personal and subject is not None else [],
        "can_consent": can_consent,
        # The citizen's contact, for the handling organisation's officers (audited).
        "nomination": show_contact(actor=actor, record=record),
        "consent_form": consent_form,
        "honours": parts.honours,
        "honour_form": honour_form,
        "replications": replications,
        "confirmable": confirmable,
        "spread": spread_from(replications),
        "replication_form": replication_form,
        "plan": plan,
        "milestones": list(plan.milestones.all()) if plan else [],
        "notes": list(plan.notes.select_related("author")) if plan else [],
        "can_nurture": can_nurture,
        "progress_form": bound.get("progress_form") or (ProgressForm() if can_nurture else None),
        "quick": quick,
        "quick_actions": [t.action for t in quick],
        "noted": noted,
        "propose": by_action.get("propose"),
        "targets": proposal_targets(record.handling_org) if "propose" in by_action else [],
        "nurture": by_action.get("start_nurturing"),
        "plan_form": plan_form,
        "resubmit": by_action.get("resubmit"),
        "resubmit_form": bound.get("resubmit_form")
        or (
            ResubmitForm(record=record, personal=subject is None or personal)
            if "resubmit" in by_action
            else None
        ),
        "posted": bound.get("posted") or {},
        "error": bound.get("error"),
        "reported": request.GET.get("reported") == "1",
        "draft_key": draft_key(request),
        "today": today,
        **publish_context(actor, record, published=parts.published, **(bound.get("publish") or {})),
    }
    context["pieces"] = _pieces(request, record, context, parts.steps)
    return context


def _pieces(
    request: HttpRequest, record: Record, context: dict[str, Any], steps: list[RecordStep]
) -> dict[str, SafeString]:
    """The page's pieces, each drawn once per what it shows (`record_pieces`)."""
    subject = context["subject"]
    personal = context["personal"]
    return pieces.drawn(
        request,
        {
            "head": pieces.head(
                record,
                overdue=context["overdue"],
                live_story=context.get("live_story"),
                photos=context["photos"],
                documents=context["documents"],
                error=context["error"],
            ),
            "subject": pieces.subject_piece(subject, personal=personal) if subject else None,
            "actions": pieces.actions(record, context),
            "timeline": pieces.timeline(steps, lambda: _timeline(steps)),
            "replications": pieces.replications(record, context),
            "honours": pieces.honours(record, context["honours"], context),
            "consents": (
                pieces.consents(record, context["consents"], context)
                if subject is not None and personal
                else None
            ),
        },
    )


def render_again(request: HttpRequest, record: Record, error: Any, **bound: Any) -> HttpResponse:
    """The page again, with the refusal and what was typed."""
    return render(
        request, "staff/records/detail.html", page_context(request, record, error=error, **bound)
    )
