"""Publishing a record on the public portal from its page, and taking it down.

Only a leader over the record (`RecordAction.DECIDE`) sees the form; anyone else gets 404 from the
two POST views. The page shows, for each choice (full name, photos, exact place), whether the
person's consent covers it, so the leader sees why a choice would be refused; the service
(`lantoa.exemplars.publishing.publish_record`) checks the consents again whatever the page
showed. A refusal shows the page again with the choices kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lantoa.core.errors import DomainError, NotFound
from lantoa.core.html import from_plain_text
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import publishing
from lantoa.exemplars.models import Record
from lantoa.exemplars.publishing import may_publish
from lantoa.exemplars.selectors import get_record_for
from lantoa.staff.forms.publishing import PublishForm, UnpublishForm, false_matches
from lantoa.staff.views.publish_panel import consent_missing_message
from lantoa.staff.views.record_page import page_context


def _record_for_publisher(request: HttpRequest, pk: int) -> Record:
    record = get_record_for(request.user, pk)
    if not may_publish(request.user, record):
        raise NotFound()
    return record


def _again(request: HttpRequest, record: Record, **publish: Any) -> HttpResponse:
    """The record page again, with the refusal inside the publishing section."""
    return render(
        request, "staff/records/detail.html", page_context(request, record, publish=publish)
    )


@login_required
@require_POST
def record_publish(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for_publisher(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _again(
            request,
            record,
            publish_form=form,
            publish_error=(
                _("Choose how the name and the place are shown.")
                if form.has_error("name_display") or form.has_error("place_display")
                else _("Write the public title and summary of the story.")
            ),
        )
    data = form.cleaned_data
    confirmed, missing = false_matches(request.POST)
    try:
        publishing.publish_record(
            actor=request.user,
            record=record,
            name_display=data["name_display"],
            show_photos=data["show_photos"],
            place_display=data["place_display"],
            title=data["title"],
            summary=data["summary"],
            story=from_plain_text(data["story"]),
            featured=data["featured"],
            false_matches=confirmed,
        )
    except publishing.PublicTextHits as exc:
        message = exc.message
        if missing:
            message = _("Say why each passage you ticked is a false match.") + " " + message
        return _again(
            request,
            record,
            publish_form=form,
            publish_error=message,
            publish_hits=list(exc.details or []),
            confirmed=confirmed,
            missing_reasons=missing,
        )
    except consent_services.ConsentMissing as exc:
        message = consent_missing_message(list(exc.details or []))
        return _again(request, record, publish_form=form, publish_error=message)
    except DomainError as exc:
        return _again(request, record, publish_form=form, publish_error=exc.message)
    messages.success(request, _("The story is published on the portal."))
    return redirect("staff:record_detail", pk=record.pk)


@login_required
@require_POST
def record_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for_publisher(request, pk)
    form = UnpublishForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        publishing.unpublish_record(actor=request.user, record=record, reason=reason)
    except DomainError as exc:
        return _again(request, record, publish_error=exc.message, unpublish_reason=reason)
    messages.success(request, _("The story was taken down from the portal."))
    return redirect("staff:record_detail", pk=record.pk)
