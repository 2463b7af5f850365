"""The record page and the steps taken from it. Views parse, services decide and write.

Every view fetches the record through `get_record_for`: a record outside the actor's scope
answers 404 (NotFound is an Http404). On a refused step the page is shown again with what
was typed and the service's message; on success the browser is redirected (POST/redirect/GET).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lantoa.core.downloads import private_download
from lantoa.core.errors import DomainError, NotFound, refuse
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.access import can_view_personal_data
from lantoa.exemplars.models import (
    Consent,
    Evidence,
    Milestone,
    Record,
)
from lantoa.exemplars.record_page import get_record_page_for
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import get_record_for
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.orgs.access import can
from lantoa.staff.forms.completion import ResubmitForm
from lantoa.staff.forms.records import (
    ConsentForm,
    HonourForm,
    PlanForm,
    ProgressForm,
    TransitionForm,
    WithdrawConsentForm,
)
from lantoa.staff.views.pickers import mentor_orgs
from lantoa.staff.views.record_page import page_context, render_again
from lantoa.staff.views.records_common import ancestors_of


@login_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The page's own read, lighter than `get_record_for` (same scope: 404 outside it).
    record = get_record_page_for(request.user, pk)
    return render(request, "staff/records/detail.html", page_context(request, record))


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
    action = request.POST.get("action", "")
    if action == "resubmit":
        return _resubmit(request, record)
    form = TransitionForm(request.POST, targets=ancestors_of(record.handling_org))
    plan_form = None
    if action == "start_nurturing":
        plan_form = PlanForm(request.POST, mentors=mentor_orgs(request.user))
    posted = {"action": action, "note": request.POST.get("note", "")}
    if not form.is_valid():
        return render_again(request, record, _("Choose a step."), posted=posted)
    if plan_form is not None and not plan_form.is_valid():
        return render_again(
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
        )
    except DomainError as exc:
        return render_again(request, record, exc.message, posted=posted, plan_form=plan_form)
    messages.success(request, _("Done: %(action)s.") % {"action": BY_ACTION[action].label})
    return redirect("staff:record_detail", pk=record.pk)


def _resubmit(request: HttpRequest, record: Record) -> HttpResponse:
    """Complete a returned record and send it again: the fields, the contact, new files."""
    personal = record.subject is None or can_view_personal_data(request.user, record.subject)
    form = ResubmitForm(request.POST, request.FILES, record=record, personal=personal)
    posted = {"action": "resubmit"}
    if not form.is_valid():
        return render_again(
            request, record, _("Check the completed report."), posted=posted, resubmit_form=form
        )
    try:
        services.transition_record(
            actor=request.user,
            record=record,
            action="resubmit",
            note=form.cleaned_data["note"],
            changes=form.changes(),
        )
    except DomainError as exc:
        return render_again(request, record, exc.message, posted=posted, resubmit_form=form)
    messages.success(request, _("Done: %(action)s.") % {"action": BY_ACTION["resubmit"].label})
    return redirect("staff:record_detail", pk=record.pk)


def _subject_for_consent(request: HttpRequest, record: Record) -> Any:
    subject = record.subject
    if subject is None or not can(request.user, RecordAction.MANAGE_CONSENT, subject):
        raise NotFound()
    return subject


@login_required
@require_POST
def record_consent(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    subject = _subject_for_consent(request, record)
    form = ConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_again(request, record, _("Check the consent form."), consent_form=form)
    data = form.cleaned_data
    try:
        consent_services.record_consent(
            actor=request.user,
            subject=subject,
            purpose=data["purpose"],
            given_by=data["given_by"],
            given_on=data["given_on"],
            guardian_name=data["guardian_name"],
            evidence_kind=data["evidence_kind"],
            evidence=data["evidence"],
            evidence_note=data["evidence_note"],
        )
    except DomainError as exc:
        return render_again(request, record, exc.message, consent_form=form)
    messages.success(request, _("The consent was recorded."))
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_GET
def record_consent_evidence(request: HttpRequest, pk: int, cid: int) -> FileResponse:
    """A consent's signed form, only to those who manage the subject's consents, each
    opening audited. Never linked from MEDIA_URL (personal data)."""
    record = get_record_for(request.user, pk)
    subject = _subject_for_consent(request, record)
    consent = Consent.objects.select_related("subject").filter(pk=cid, subject=subject).first()
    if consent is None:
        raise NotFound()
    consent = consent_services.open_evidence(actor=request.user, consent=consent)
    return private_download(consent.evidence, stem=f"dong-y-{consent.pk}")


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
    except DomainError as exc:
        refuse(request, exc)
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
        return render_again(request, record, _("Write the progress."), progress_form=form)
    try:
        services.add_progress_note(
            actor=request.user, record=record, text=form.cleaned_data["text"]
        )
    except DomainError as exc:
        return render_again(request, record, exc.message, progress_form=form)
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
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("Milestone done: %(title)s.") % {"title": milestone.title})
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_honour(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for(request.user, pk)
    form = HonourForm(request.POST)
    if not form.is_valid():
        return render_again(request, record, _("Describe the honour."), honour_form=form)
    try:
        services.add_honour(
            actor=request.user,
            record=record,
            text=form.cleaned_data["text"],
            date=form.cleaned_data["date"],
        )
    except DomainError as exc:
        return render_again(request, record, exc.message, honour_form=form)
    messages.success(request, _("The honour was recorded."))
    return redirect("staff:record_detail", pk=record.pk)
