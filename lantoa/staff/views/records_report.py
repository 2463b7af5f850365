"""Reporting a good example from a phone, with duplicate suggestions for the subject."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound, refuse
from lantoa.core.html import from_plain_text
from lantoa.exemplars import services
from lantoa.exemplars.duplicates import REASON_LABELS, Suggestion, suggest_subjects
from lantoa.exemplars.models import RecordKind, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import subjects_visible_to
from lantoa.orgs.models import Organisation
from lantoa.staff.forms.records import ReportForm
from lantoa.staff.views.records_common import own_orgs_for

SUGGESTIONS = 5


def draft_key(request: HttpRequest) -> str:
    """The browser-side draft belongs to one person (phones are shared in a commune office)."""
    return f"lantoa:report-draft:{request.user.pk}"


def _suggestions(
    actor: Actor, orgs: list[Organisation], name: str, birth_year: Any, org_id: Any
) -> list[dict[str, Any]]:
    if len(name.strip()) < 2:
        return []
    try:
        year = int(birth_year) if birth_year not in (None, "") else None
    except (TypeError, ValueError):
        year = None
    unit = next((o.admin_unit_id for o in orgs if str(o.pk) == str(org_id)), None)
    found: list[Suggestion] = suggest_subjects(
        actor=actor, name=name, birth_year=year, unit=unit, limit=SUGGESTIONS
    )
    return [
        {
            "subject": s.subject,
            "reasons": [REASON_LABELS.get(r, r) for r in s.reasons],
        }
        for s in found
    ]


@login_required
@require_GET
def subject_suggest(request: HttpRequest) -> HttpResponse:
    """HTMX: existing subjects that may be the person being typed. Never merges anything."""
    orgs = own_orgs_for(request.user, RecordAction.REPORT)
    if not orgs:
        raise NotFound()
    name = (request.GET.get("name") or request.GET.get("full_name") or "")[:200]
    suggestions = _suggestions(
        request.user, orgs, name, request.GET.get("birth_year"), request.GET.get("org")
    )
    return render(
        request,
        "staff/records/_suggestions.html",
        {"suggestions": suggestions, "selected": request.GET.get("subject_id", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest) -> HttpResponse:
    orgs = own_orgs_for(request.user, RecordAction.REPORT)
    if not orgs:
        raise NotFound()
    today = timezone.localdate()
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if not data.get("idempotency_key"):
            data["idempotency_key"] = uuid.uuid4().hex
        if len(orgs) == 1 and not data.get("org"):
            data["org"] = str(orgs[0].pk)  # the only choice, not even shown as a select
    form = ReportForm(
        data,
        request.FILES or None,
        orgs=orgs,
        subjects=subjects_visible_to(request.user),
        initial={
            # A new key per rendered form: a double click or a resent POST reports once.
            "idempotency_key": uuid.uuid4().hex,
            "org": orgs[0].pk,
            "kind": RecordKind.GOOD_DEED,
            "deed_date": today,
            "subject_kind": Subject.Kind.INDIVIDUAL,
        },
    )
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        record = _report(request, form)
        if record is not None and record.created_at < started:
            # The same idempotency key came back (a double tap, or a draft resent after a
            # lost connection): the first report stands, nothing new was created.
            messages.info(request, _("This report had already been sent: here it is."))
        elif record is not None:
            messages.success(
                request,
                _("Thank you: the report was sent to %(org)s.") % {"org": record.handling_org.name},
            )
        if record is not None:
            return redirect(reverse("staff:record_detail", args=[record.pk]) + "?reported=1")
    suggestions: list[dict[str, Any]] = []
    if form.is_bound:
        suggestions = _suggestions(
            request.user,
            orgs,
            form.data.get("full_name", ""),
            form.data.get("birth_year"),
            form.data.get("org"),
        )
    return render(
        request,
        "staff/records/report.html",
        {
            "form": form,
            "suggestions": suggestions,
            "selected": form.data.get("subject_id", "") if form.is_bound else "",
            "files_dropped": bool(request.FILES),
            "draft_key": draft_key(request),
            "single_org": orgs[0] if len(orgs) == 1 else None,
        },
    )


def _report(request: HttpRequest, form: ReportForm) -> Any:
    data = form.cleaned_data
    subject = data.get("subject_id")
    new_subject = None
    if subject is None and data["full_name"].strip():
        new_subject = services.SubjectInput(
            full_name=data["full_name"],
            kind=data.get("subject_kind") or Subject.Kind.INDIVIDUAL,
            gender=data.get("gender") or "",
            birth_year=data.get("birth_year"),
            occupation=data.get("occupation") or "",
            priority_group=data.get("priority_group"),
        )
    try:
        return services.report_record(
            actor=request.user,
            org=data["org"],
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            # Typed on a phone as plain text; the service sanitises whatever it gets.
            story=from_plain_text(data.get("story") or ""),
            deed_date=data.get("deed_date"),
            place=data.get("place") or "",
            sector=data.get("sector"),
            movement=data.get("movement"),
            subject=subject,
            new_subject=new_subject,
            files=data.get("photos") or [],
            idempotency_key=data.get("idempotency_key") or None,
        )
    except DomainError as exc:
        refuse(request, exc, form=form)
        return None
