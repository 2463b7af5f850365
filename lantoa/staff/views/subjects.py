"""The subject page (a person or collective: records, honours, consents, sensitive items)
and the verifier's merge of two subjects side by side. Services decide; views render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lantoa.core.errors import DomainError, NotFound, refuse
from lantoa.exemplars.consent import record_consent
from lantoa.exemplars.duplicates import merge_subjects, suggest_subjects
from lantoa.exemplars.models import Consent, Honour, SensitiveItem, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import get_subject_for, records_of_subject
from lantoa.exemplars.services import add_sensitive_item
from lantoa.orgs.access import can
from lantoa.staff.forms.subjects import MergeForm, SensitiveConsentForm, SensitiveItemForm


def _may_merge(request: HttpRequest, subject: Subject) -> bool:
    return can(request.user, RecordAction.MERGE_SUBJECTS, subject)


@login_required
@require_http_methods(["GET"])
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_subject_for(request.user, pk))


def _detail(request: HttpRequest, subject: Subject, **bound: Any) -> HttpResponse:
    records = list(records_of_subject(request.user, subject)[:100])
    candidates: list[Any] = []
    if _may_merge(request, subject):
        # Who may be the same person: the duplicate suggestions the report form uses, among
        # subjects the verifier may merge too.
        candidates = [
            s
            for s in suggest_subjects(
                actor=request.user,
                name=subject.full_name,
                birth_year=subject.birth_year,
                kind=subject.kind,
            )
            if s.subject.pk != subject.pk and _may_merge(request, s.subject)
        ]
    items = list(subject.sensitive_items.prefetch_related("consents"))
    return render(
        request,
        "staff/subjects/detail.html",
        {
            "subject": subject,
            "records": records,
            "honours": list(
                Honour.objects.filter(record__in=[r.pk for r in records]).select_related("record")
            ),
            # Contact, consents and sensitive data: the subject's own tree (its scope).
            "consents": list(
                subject.consents.select_related("recorded_by").order_by("-given_on", "-id")
            ),
            "sensitive_items": [
                (
                    item,
                    [c for c in item.consents.all() if c.is_active],
                    _consent_form(request, subject, item, bound.get("consent_form")),
                )
                for item in items
            ],
            "candidates": candidates,
            "may_merge": _may_merge(request, subject),
            **_sensitive_forms(request, subject, **bound),
        },
    )


def _sensitive_forms(request: HttpRequest, subject: Subject, **bound: Any) -> dict[str, Any]:
    if not can(request.user, RecordAction.MANAGE_CONSENT, subject):
        return {}
    return {"sensitive_form": bound.get("sensitive_form") or SensitiveItemForm()}


def _consent_form(
    request: HttpRequest,
    subject: Subject,
    item: SensitiveItem,
    posted: SensitiveConsentForm | None,
) -> SensitiveConsentForm | None:
    """Each item's own consent form (its own prefix: several on one page); the posted one
    when it was this item's."""
    if not can(request.user, RecordAction.MANAGE_CONSENT, subject):
        return None
    if posted is not None and posted.prefix == f"item{item.pk}":
        return posted
    return SensitiveConsentForm(prefix=f"item{item.pk}", initial={"given_on": timezone.localdate()})


@login_required
@require_POST
def subject_sensitive_add(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_subject_for(request.user, pk)
    if not can(request.user, RecordAction.MANAGE_CONSENT, subject):
        raise NotFound()
    form = SensitiveItemForm(request.POST)
    if form.is_valid():
        try:
            add_sensitive_item(actor=request.user, subject=subject, **form.cleaned_data)
        except DomainError as exc:
            refuse(request, exc, form=form)
        else:
            messages.success(
                request, _("The sensitive item was recorded. It is shared with no one.")
            )
            return redirect("staff:subject_detail", pk=subject.pk)
    return _detail(request, subject, sensitive_form=form)


@login_required
@require_POST
def subject_sensitive_consent(request: HttpRequest, pk: int, iid: int) -> HttpResponse:
    """Record the consent that lets one sensitive item be shared (its own purpose)."""
    subject = get_subject_for(request.user, pk)
    item = SensitiveItem.objects.filter(pk=iid, subject=subject).first()
    if item is None or not can(request.user, RecordAction.MANAGE_CONSENT, subject):
        raise NotFound()
    form = SensitiveConsentForm(request.POST, request.FILES, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            record_consent(
                actor=request.user,
                subject=subject,
                purpose=Consent.Purpose.SENSITIVE_ITEM,
                sensitive_item=item,
                **form.cleaned_data,
            )
        except DomainError as exc:
            refuse(request, exc, form=form)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("staff:subject_detail", pk=subject.pk)
    return _detail(request, subject, consent_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def subject_merge(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Two subjects side by side; merging keeps `pk` and moves `other`'s records to it."""
    keep = get_subject_for(request.user, pk)
    drop = get_subject_for(request.user, other)
    if not (_may_merge(request, keep) and _may_merge(request, drop)):
        raise NotFound()
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            merge_subjects(actor=request.user, keep=keep, drop=drop, note=form.cleaned_data["note"])
        except DomainError as exc:
            refuse(request, exc, form=form)
        else:
            messages.success(
                request,
                _("Merged: the records of %(drop)s now belong to %(keep)s.")
                % {"drop": drop.full_name, "keep": keep.full_name},
            )
            return redirect("staff:subject_detail", pk=keep.pk)
    return render(
        request,
        "staff/subjects/merge.html",
        {
            "keep": keep,
            "drop": drop,
            "form": form,
            "rows": _side_by_side(keep, drop),
            "records": (keep.records.count(), drop.records.count()),
        },
    )


# The fields compared side by side, with the labels the record page uses.
FIELDS = (
    ("full_name", gettext_lazy("Name")),
    ("kind", gettext_lazy("Kind")),
    ("birth_year", gettext_lazy("Birth year")),
    ("gender", gettext_lazy("Gender")),
    ("occupation", gettext_lazy("Occupation or position")),
    ("priority_group", gettext_lazy("Priority group")),
    ("admin_unit", gettext_lazy("commune")),
    ("phone", gettext_lazy("Phone")),
    ("email", gettext_lazy("E-mail")),
    ("address", gettext_lazy("Address")),
)


def _side_by_side(keep: Subject, drop: Subject) -> list[tuple[str, str, str]]:
    rows = [(str(label), _shown(keep, name), _shown(drop, name)) for name, label in FIELDS]
    rows.append((_("Held by"), keep.org.name, drop.org.name))
    return rows


def _shown(subject: Subject, name: str) -> str:
    display = getattr(subject, f"get_{name}_display", None)
    value = display() if display is not None else getattr(subject, name)
    return "" if value in (None, "") else str(value)
