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
from lantoa.core.html import from_plain_text, to_plain_text
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import disclosure
from lantoa.exemplars.access import can_view_personal_data
from lantoa.exemplars.models import Consent, Publication, Record
from lantoa.exemplars.publishing import (
    PUBLISHABLE_STATES,
    clean_public_text,
    may_publish,
    needs,
    public_texts,
)
from lantoa.staff.forms.publishing import PublishForm

Name = Publication.NameDisplay
Place = Publication.PlaceDisplay
Purpose = Consent.Purpose

# The consent each choice needs on top of the consent to publish the story: the domain's
# one table (`publishing.CONSENT_TABLE`).
NAME_NEEDS: dict[str, str] = needs("name")
PLACE_NEEDS: dict[str, str] = needs("place")
PHOTOS_NEED = needs("photos")["yes"]

FIELD_LABELS: dict[str, Any] = {
    "title": gettext_lazy("Public title"),
    "summary": gettext_lazy("Public summary"),
    "story": gettext_lazy("Public story"),
}

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
    """A first publication starts from the internal text, to be rewritten for the public
    (the check runs on whatever is sent); a republication from what the portal shows."""
    if publication is None:
        return {
            "name_display": Name.INITIALS,
            "place_display": Place.COMMUNE,
            "title": record.title,
            "summary": record.summary,
            "story": to_plain_text(record.story),
        }
    return {
        "name_display": publication.name_display,
        "show_photos": publication.show_photos,
        "place_display": publication.place_display,
        "featured": publication.featured,
        "title": publication.title,
        "summary": publication.summary,
        "story": to_plain_text(publication.story),
    }


@dataclass
class HitRow:
    """One hit of the public-text check, to edit out or confirm as a false match."""

    index: int
    key: str
    text: str
    why: Any
    field: Any
    checked: bool
    reason: str


def hits_context(
    form: PublishForm, hits: list[dict[str, Any]], confirmed: dict[str, str], missing: list[str]
) -> dict[str, Any]:
    """The public text with each hit marked in place, and one row per hit to confirm."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    title, summary, story = clean_public_text(
        title=data.get("title", ""),
        summary=data.get("summary", ""),
        story=from_plain_text(data.get("story", "")),
    )
    texts = public_texts(title=title, summary=summary, story=story)
    parsed = [disclosure.Hit(h["field"], h["start"], h["end"], h["text"], h["kind"]) for h in hits]
    rows: list[HitRow] = []
    numbers: dict[int, int] = {}
    for hit in parsed:
        numbers[id(hit)] = len(rows)
        rows.append(
            HitRow(
                index=len(rows),
                key=hit.key,
                text=hit.text,
                why=hit.why,
                field=FIELD_LABELS[hit.field],
                checked=hit.key in confirmed or hit.key in missing,
                reason=confirmed.get(hit.key, ""),
            )
        )
    previews = []
    for field in disclosure.FIELDS:
        mine = [h for h in parsed if h.field == field]
        if not mine:
            continue
        segments = [
            (segment, None if hit is None else numbers[id(hit)] + 1)
            for segment, hit in disclosure.marked(texts[field], mine)
        ]
        previews.append({"label": FIELD_LABELS[field], "segments": segments})
    return {"hit_rows": rows, "previews": previews, "hits_missing_reason": bool(missing)}


def _status(publication: Publication | None) -> tuple[str, Any]:
    """("none" | "live" | "taken_down", why it is down). "live" is what
    `stories.live.live_publications` holds: not unpublished, its share not revoked."""
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
    publish_hits: list[dict[str, Any]] | None = None,
    confirmed: dict[str, str] | None = None,
    missing_reasons: list[str] | None = None,
    published: bool = True,
) -> dict[str, Any]:
    """What `_publish.html` needs (`publish` is None when the section is not shown), and
    the record's story while it is on the portal (`live_story`, which the page links to
    for everyone who may read the record: the one publication read serves both).
    `published=False` says the record was never published (`selectors.parts_of`): no
    publication to read."""
    allowed = may_publish(actor, record)
    subject = record.subject
    personal = subject is not None and can_view_personal_data(actor, subject)
    publication = (
        Publication.objects.select_related("share", "published_by").filter(record=record).first()
        if published
        else None
    )
    status, reason = _status(publication)
    live_story = publication if status == "live" else None
    if not allowed and not (publication is not None and (personal or subject is None)):
        return {"publish": None, "live_story": live_story}
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
        if publish_hits:
            panel.update(hits_context(form, publish_hits, confirmed or {}, missing_reasons or []))
    elif allowed:
        panel["not_publishable"] = _(
            "Only a verified, nurturing or recognised record can be published."
        )
    return {"publish": panel, "live_story": live_story}


def consent_missing_message(missing: list[str]) -> str:
    purposes = [m.split(":")[0] for m in missing]
    labels = ", ".join(f"“{Purpose(p).label}”" for p in purposes if p in Purpose.values)
    parts = [
        _("Not published: the person has not consented to %(purposes)s.") % {"purposes": labels}
    ]
    parts += [str(HINTS[p]) for p in purposes if p in HINTS]
    return " ".join(parts)
