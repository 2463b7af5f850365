"""The publishing section of the record page: what a leader may choose, and why not.

For each choice (full name, photos, exact place) the panel says whether the person's consent
covers it, so the leader sees why a choice would be refused; the service
(`lantoa.exemplars.publishing.publish_record`) checks the consents again whatever the page
showed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.core.actors import Actor
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars.access import can_view_personal_data
from lantoa.exemplars.models import Consent, Publication, Record
from lantoa.exemplars.publishing import PUBLISHABLE_STATES, may_publish
from lantoa.staff.forms.publishing import PublishForm

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
    actor: Actor,
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


def consent_missing_message(missing: list[str]) -> str:
    purposes = [m.split(":")[0] for m in missing]
    labels = ", ".join(f"“{Purpose(p).label}”" for p in purposes if p in Purpose.values)
    parts = [
        _("Not published: the person has not consented to %(purposes)s.") % {"purposes": labels}
    ]
    parts += [str(HINTS[p]) for p in purposes if p in HINTS]
    return " ".join(parts)
