"""Publishing a record on the public portal from its page, and taking it down.

Only a leader over the record (`Action.DECIDE`) sees the form; anyone else gets 404 from the
two POST views. The page shows, for each choice (full name, photos, exact place), whether the
person's consent covers it, so the leader sees why a choice would be refused; the service
(`lantoa.exemplars.publishing.publish_record`) checks the consents again whatever the page
showed. A refusal shows the page again with the choices kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import publishing
from lantoa.exemplars.access import can_view_personal_data
from lantoa.exemplars.models import Consent, Publication, Record
from lantoa.exemplars.publishing import PUBLISHABLE_STATES, may_publish
from lantoa.exemplars.selectors import get_record_for
from lantoa.staff.forms_records import PrefixedBootstrapMixin

Name = Publication.NameDisplay
Place = Publication.PlaceDisplay
Purpose = Consent.Purpose

# The consent each choice needs on top of the consent to publish the story.
NAME_NEEDS: dict[str, str] = {Name.FULL: Purpose.SHOW_FULL_NAME}
PLACE_NEEDS: dict[str, str] = {Place.EXACT: Purpose.SHOW_EXACT_PLACE}
PHOTOS_NEED = Purpose.SHOW_PHOTO

# What to do instead, for each consent that is missing.
HINTS: dict[str, Any] = {
    Purpose.PUBLISH_STORY: gettext_lazy(
        "Record the person's consent to publish the story first (under Consents)."
    ),
    Purpose.SHOW_FULL_NAME: gettext_lazy("Show the initials or no name instead."),
    Purpose.SHOW_PHOTO: gettext_lazy("Publish without photos instead."),
    Purpose.SHOW_EXACT_PLACE: gettext_lazy("Show only the commune or the province instead."),
}

# Why a story is down, from `Publication.unpublished_reason` (else the leader's own words).
REASONS: dict[str, Any] = {
    "consent_withdrawn": gettext_lazy("The person withdrew a consent the story relied on."),
    "unpublished": gettext_lazy("Taken down by a leader."),
    "republished": gettext_lazy("Replaced by a newer publication."),
}


class PublishForm(PrefixedBootstrapMixin, forms.Form):
    name_display = forms.ChoiceField(
        label=gettext_lazy("How the name is shown"), choices=Name.choices, widget=forms.RadioSelect
    )
    show_photos = forms.BooleanField(label=gettext_lazy("Show photos"), required=False)
    place_display = forms.ChoiceField(
        label=gettext_lazy("How the place is shown"),
        choices=Place.choices,
        widget=forms.RadioSelect,
    )
    featured = forms.BooleanField(
        label=gettext_lazy("Feature on the portal's home page"), required=False
    )
    title = forms.CharField(
        label=gettext_lazy("Public title (optional)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leave empty to use the record's title."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Public summary (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Leave empty to use the record's description."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "publish")
        super().__init__(*args, **kwargs)


class UnpublishForm(forms.Form):
    reason = forms.CharField(required=False, max_length=255)


@dataclass
class Option:
    """One radio button of the form, with the consent it needs and whether it is given."""

    value: str
    label: Any
    needs: Any  # the label of the extra consent needed, or None
    consented: bool
    checked: bool
    id: str


@dataclass
class ConsentRow:
    purpose: str
    label: Any
    given: bool


def _initial(record: Record, publication: Publication | None) -> dict[str, Any]:
    if publication is None:
        return {"name_display": Name.INITIALS, "place_display": Place.COMMUNE}
    return {
        "name_display": publication.name_display,
        "show_photos": publication.show_photos,
        "place_display": publication.place_display,
        "featured": publication.featured,
        "title": publication.title if publication.title != record.title else "",
        "summary": publication.summary if publication.summary != record.summary.strip() else "",
    }


def _status(publication: Publication | None) -> tuple[str, Any]:
    """("none" | "live" | "taken_down", why it is down)."""
    if publication is None:
        return "none", ""
    if publication.unpublished_at is None and publication.share.revoked_at is None:
        return "live", ""
    code = publication.unpublished_reason or publication.share.revoked_reason
    return "taken_down", REASONS.get(code, code)


def _options(
    form: PublishForm, name: str, choices: list[tuple[str, Any]], needs: dict[str, str], have: Any
) -> list[Option]:
    field = form[name]
    value = str(field.value() or "")
    return [
        Option(
            value=choice,
            label=label,
            needs=Purpose(needs[choice]).label if choice in needs else None,
            consented=choice not in needs or needs[choice] in have,
            checked=choice == value,
            id=f"{field.auto_id}_{index}",
        )
        for index, (choice, label) in enumerate(choices)
    ]


def publish_context(
    actor: Any,
    record: Record,
    *,
    publish_form: PublishForm | None = None,
    publish_error: Any = None,
    unpublish_reason: str = "",
) -> dict[str, Any]:
    """What `_publish.html` needs (`publish` is None when the section is not shown)."""
    allowed = may_publish(actor, record)
    subject = record.subject
    personal = subject is not None and can_view_personal_data(actor, subject)
    publication = (
        Publication.objects.select_related("share", "published_by").filter(record=record).first()
    )
    if not allowed and not (publication is not None and (personal or subject is None)):
        return {"publish": None}
    status, reason = _status(publication)
    panel: dict[str, Any] = {
        "publication": publication,
        "status": status,
        "reason": reason,
        "error": publish_error,
        "can_unpublish": allowed and status == "live",
        "unpublish_reason": unpublish_reason,
        "form": None,
    }
    if allowed and record.state in PUBLISHABLE_STATES:
        form = publish_form or PublishForm(initial=_initial(record, publication))
        # None: the record names nobody, so no consent is needed beyond publishing it.
        have = consent_services.active_purposes(subject) if subject is not None else None
        covered = set(Purpose.values) if have is None else have
        panel.update(
            form=form,
            names_subject=subject is not None,
            consents=[
                ConsentRow(p, Purpose(p).label, p in covered)
                for p in (
                    Purpose.PUBLISH_STORY,
                    Purpose.SHOW_FULL_NAME,
                    Purpose.SHOW_PHOTO,
                    Purpose.SHOW_EXACT_PLACE,
                )
            ],
            story_consented=Purpose.PUBLISH_STORY in covered,
            name_options=_options(form, "name_display", Name.choices, NAME_NEEDS, covered),
            place_options=_options(form, "place_display", Place.choices, PLACE_NEEDS, covered),
            photos_consented=PHOTOS_NEED in covered,
            photos_label=Purpose(PHOTOS_NEED).label,
        )
    elif allowed:
        panel["not_publishable"] = _(
            "Only a verified, nurturing or recognised record can be published."
        )
    return {"publish": panel}


def _record_for_publisher(request: HttpRequest, pk: int) -> Record:
    record = get_record_for(request.user, pk)
    if not may_publish(request.user, record):
        raise NotFound()
    return record


def _again(request: HttpRequest, record: Record, **publish: Any) -> HttpResponse:
    """The record page again, with the refusal inside the publishing section."""
    from lantoa.staff.views.records_detail import _context

    return render(
        request,
        "staff/records/detail.html",
        _context(request, record, publish=publish),
    )


def consent_missing_message(missing: list[str]) -> str:
    purposes = [m.split(":")[0] for m in missing]
    labels = ", ".join(f"“{Purpose(p).label}”" for p in purposes if p in Purpose.values)
    parts = [
        _("Not published: the person has not consented to %(purposes)s.") % {"purposes": labels}
    ]
    parts += [str(HINTS[p]) for p in purposes if p in HINTS]
    return " ".join(parts)


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
            publish_error=_("Choose how the name and the place are shown."),
        )
    data = form.cleaned_data
    try:
        publishing.publish_record(
            actor=request.user,
            record=record,
            name_display=data["name_display"],
            show_photos=data["show_photos"],
            place_display=data["place_display"],
            title=data["title"],
            summary=data["summary"],
            featured=data["featured"],
        )
    except NotFound:
        raise
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
    except NotFound:
        raise
    except DomainError as exc:
        return _again(request, record, publish_error=exc.message, unpublish_reason=reason)
    messages.success(request, _("The story was taken down from the portal."))
    return redirect("staff:record_detail", pk=record.pk)
