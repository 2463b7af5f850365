"""Publishing a verified record on the public portal — only what the consents cover.

A leader at the record's level or above publishes. The name, photos and exact place are each
shown only with the matching consent, else generalised ("Anh N.V.A., xã Hàm Thuận"). The
publication relies on a `RecordShare`: withdrawing a consent it needs revokes the share and
takes the story down at once (hook registered below), inside the withdrawal's transaction.
Every write here that shows, changes or hides a story calls `announce_story_change` in its
transaction: the search index and the cached public pages learn of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.html import sanitise
from lantoa.exemplars import consent, disclosure
from lantoa.exemplars.access import can_view_record
from lantoa.exemplars.models import Consent, Publication, Record, RecordShare, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.services.transitions import parts_changed
from lantoa.exemplars.stories.index import announce_story_change
from lantoa.exemplars.workflow import REGISTRY
from lantoa.orgs.access import can

Name = Publication.NameDisplay
Place = Publication.PlaceDisplay


def initials(full_name: str) -> str:
    """ "Nguyễn Văn Ân" → "N.V.Â." (first letters, diacritics kept as written)."""
    return "".join(f"{word[0].upper()}." for word in full_name.split() if word)


def display_name(subject: Subject | None, mode: str) -> str:
    if subject is None or mode == Name.HIDDEN:
        return ""
    return subject.full_name if mode == Name.FULL else initials(subject.full_name)


def display_place(record: Record, mode: str) -> str:
    commune = record.admin_unit
    province = commune.parent if commune is not None and commune.level == "commune" else commune
    parts: list[str] = []
    if mode == Place.EXACT and record.place:
        parts.append(record.place)
    if mode in (Place.EXACT, Place.COMMUNE) and commune is not None and commune != province:
        parts.append(commune.name)
    if province is not None:
        parts.append(province.name)
    return ", ".join(parts)


@dataclass(frozen=True)
class FieldConsent:
    """One row of the consent table: a public field shown in a given way needs a purpose.

    `choice` is the field's value that needs it ("" for the story itself, "yes" for
    photos); `fallback` is what the field becomes when that consent is withdrawn (None:
    the story itself comes down)."""

    field: str
    choice: str
    purpose: str
    fallback: str | None


# Which consent each public field needs: the one table the publishing service, the staff
# panel and a withdrawal all read (an information-sharing regulation can take it over as
# data). Showing initials, the commune or the province needs nothing beyond the story.
CONSENT_TABLE: tuple[FieldConsent, ...] = (
    FieldConsent("story", "", Consent.Purpose.PUBLISH_STORY, None),
    FieldConsent("name", Name.FULL, Consent.Purpose.SHOW_FULL_NAME, Name.INITIALS),
    FieldConsent("photos", "yes", Consent.Purpose.SHOW_PHOTO, "no"),
    FieldConsent("place", Place.EXACT, Consent.Purpose.SHOW_EXACT_PLACE, Place.COMMUNE),
)


def needs(field: str) -> dict[str, str]:
    """{choice: purpose} for one field of the table."""
    return {row.choice: row.purpose for row in CONSENT_TABLE if row.field == field}


def _choices(*, name_display: str, show_photos: bool, place_display: str) -> dict[str, str]:
    return {
        "story": "",
        "name": name_display,
        "photos": "yes" if show_photos else "no",
        "place": place_display,
    }


def purposes_for(*, name_display: str, show_photos: bool, place_display: str) -> list[str]:
    chosen = _choices(
        name_display=name_display, show_photos=show_photos, place_display=place_display
    )
    return [str(row.purpose) for row in CONSENT_TABLE if chosen[row.field] == row.choice]


class PublicTextHits(DomainError):
    """The public text shows what the consents withhold; `details` lists the hits."""

    code = "public_text_hits"


# The states in which a record may be published on the portal: today the workflow table's
# whole `may_leave_tree` set (`consent.share_record` checks it again for every audience).
PUBLISHABLE_STATES = REGISTRY.state_set("may_leave_tree")


def may_publish(actor: Actor, record: Record) -> bool:
    """A leader at the record's level or above (the service checks again)."""
    return can(actor, RecordAction.DECIDE, record)


def clean_public_text(*, title: str, summary: str, story: str) -> tuple[str, str, str]:
    """The public text as it is stored: one-line title, trimmed summary, sanitised story."""
    return " ".join((title or "").split()), (summary or "").strip(), sanitise(story or "")


def public_texts(*, title: str, summary: str, story: str) -> dict[str, str]:
    """What the check reads of a cleaned public text (a page marks the hits in it)."""
    return disclosure.plain_texts(title=title, summary=summary, story_html=story)


def publish_record(
    *,
    actor: Actor,
    record: Record,
    name_display: str,
    show_photos: bool,
    place_display: str,
    title: str,
    summary: str,
    story: str = "",
    featured: bool = False,
    false_matches: Mapping[str, str] | None = None,
) -> Publication:
    """Publish (or republish with new choices) the public version of a record: the `title`,
    `summary` and `story` (HTML, sanitised here) the publisher prepared, never the internal
    text. Refused without the consents the choices need (`CONSENT_TABLE`), and while the
    public text shows what they withhold (`PublicTextHits`, from `disclosure`), unless each
    hit is confirmed in `false_matches` ({Hit.key: reason}); the confirmations used are
    kept on the publication and audited."""
    if name_display not in Name.values or place_display not in Place.values:
        raise DomainError(_("Choose how the name and the place are shown."), code="invalid")
    title, summary, story = clean_public_text(title=title, summary=summary, story=story)
    if not title or not summary:
        raise DomainError(
            _("Write the public title and summary of the story."), code="public_text_required"
        )
    if len(title) > Publication._meta.get_field("title").max_length:  # type: ignore[operator]
        raise DomainError(_("The public title is too long."), code="public_text_too_long")
    confirmed = {k: str(v).strip() for k, v in (false_matches or {}).items() if str(v).strip()}
    purposes = purposes_for(
        name_display=name_display, show_photos=show_photos, place_display=place_display
    )
    with transaction.atomic():
        record = (
            Record.objects.select_for_update(of=("self",))
            .select_related("subject", "admin_unit", "admin_unit__parent")
            .get(pk=record.pk)
        )
        if not can_view_record(actor, record) or not may_publish(actor, record):
            raise NotFound()
        share = consent.share_record(
            actor=actor, record=record, audience="public", purposes=purposes
        )
        hits = disclosure.check_public_text(
            record=record,
            name_display=name_display,
            place_display=place_display,
            texts=public_texts(title=title, summary=summary, story=story),
        )
        left = disclosure.unresolved(hits, confirmed)
        if left:
            raise PublicTextHits(
                _(
                    "The public text shows what the consents do not allow. Edit out each "
                    "marked passage, or confirm it is a false match and say why."
                ),
                details=[hit.as_dict() for hit in left],
            )
        used = {hit.key: confirmed[hit.key][:255] for hit in hits}
        existing = Publication.objects.select_for_update().filter(record=record).first()
        if existing is not None and existing.share_id != share.pk:
            RecordShare.objects.filter(pk=existing.share_id, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_reason="republished"
            )
        publication = existing or Publication(record=record)
        if existing is None:
            parts_changed(record)  # the record page reads a publication from now on
        commune = record.admin_unit
        publication.share = share
        publication.title = title
        publication.summary = summary
        publication.story = story
        publication.false_matches = used
        publication.name_display = name_display
        publication.show_photos = show_photos
        publication.place_display = place_display
        publication.display_name = display_name(record.subject, name_display)
        publication.display_place = display_place(record, place_display)
        publication.kind = record.kind
        publication.priority_group_id = (
            record.subject.priority_group_id if record.subject is not None else None
        )
        publication.sector_id = record.sector_id
        publication.movement_id = record.movement_id
        is_commune = commune is not None and commune.level == "commune"
        publication.commune = commune if is_commune else None
        publication.province = commune.parent if commune is not None and is_commune else commune
        publication.year = (record.deed_date or timezone.localdate()).year
        publication.featured = featured
        publication.published_by = signed_in(actor)
        publication.published_at = timezone.now()
        publication.unpublished_at = None
        publication.unpublished_reason = ""
        publication.save()
        announce_story_change(publication.pk)
        changes: dict[str, Any] = {
            "name": [None, name_display],
            "photos": [None, show_photos],
            "place": [None, place_display],
        }
        if used:
            changes["false_matches"] = [None, used]
        audit.record(
            actor=actor,
            action="exemplars.record.published",
            obj=record,
            org=record.org,
            changes=changes,
        )
    return publication


def unpublish_record(*, actor: Actor, record: Record, reason: str = "") -> Publication:
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update()
            .select_related("record")
            .filter(record=record)
            .first()
        )
        if publication is None or not may_publish(actor, publication.record):
            raise NotFound()
        if publication.unpublished_at is not None:
            raise DomainError(_("This story is not published."), code="not_published")
        now = timezone.now()
        publication.unpublished_at = now
        publication.unpublished_reason = reason.strip()[:255] or "unpublished"
        publication.save(update_fields=["unpublished_at", "unpublished_reason"])
        announce_story_change(publication.pk)
        RecordShare.objects.filter(pk=publication.share_id, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason="unpublished"
        )
        audit.record(
            actor=actor,
            action="exemplars.record.unpublished",
            obj=publication.record,
            org=publication.record.org,
            changes={"reason": [None, reason]},
        )
    return publication


def _after_withdrawal(shares: list[RecordShare], actor: Actor) -> None:
    """Consent withdrawn: each live story that relied on a revoked share loses exactly what
    relied on the withdrawn consent (`CONSENT_TABLE`'s fallbacks: photos off, initials for
    the full name, the commune for the exact place), on a new share with the purposes
    still given. It comes down when the story consent itself is gone, or when its public
    text, checked again with the narrower choices, shows what is no longer allowed."""
    if not shares:
        return
    # Lock the publications only: the joined rows (a record without a subject or a
    # commune) may be missing, and PostgreSQL cannot lock the nullable side of a join.
    stories = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("record", "record__subject", "record__admin_unit__parent")
        .filter(share__in=shares, unpublished_at__isnull=True)
    )
    now = timezone.now()
    for publication in stories:
        record = publication.record
        have = consent.active_purposes(record.subject) if record.subject is not None else set()
        chosen = _choices(
            name_display=publication.name_display,
            show_photos=publication.show_photos,
            place_display=publication.place_display,
        )
        narrowed = dict(chosen)
        down = False
        for row in CONSENT_TABLE:
            if chosen[row.field] == row.choice and row.purpose not in have:
                if row.fallback is None:
                    down = True
                else:
                    narrowed[row.field] = row.fallback
        if not down:
            hits = disclosure.check_public_text(
                record=record,
                name_display=narrowed["name"],
                place_display=narrowed["place"],
                texts=disclosure.plain_texts(
                    title=publication.title,
                    summary=publication.summary,
                    story_html=publication.story,
                ),
            )
            down = bool(disclosure.unresolved(hits, publication.false_matches or {}))
        if down:
            publication.unpublished_at = now
            publication.unpublished_reason = "consent_withdrawn"
            publication.save(update_fields=["unpublished_at", "unpublished_reason"])
        else:
            _narrow(publication, narrowed, actor)
        announce_story_change(publication.pk)


def _narrow(publication: Publication, narrowed: dict[str, str], actor: Actor) -> None:
    record = publication.record
    purposes = purposes_for(
        name_display=narrowed["name"],
        show_photos=narrowed["photos"] == "yes",
        place_display=narrowed["place"],
    )
    share = RecordShare.objects.create(
        record=record,
        audience=RecordShare.Audience.PUBLIC,
        purposes=purposes,
        shared_by=signed_in(actor),
    )
    before = {
        "name": publication.name_display,
        "photos": publication.show_photos,
        "place": publication.place_display,
    }
    publication.share = share
    publication.name_display = narrowed["name"]
    publication.show_photos = narrowed["photos"] == "yes"
    publication.place_display = narrowed["place"]
    publication.display_name = display_name(record.subject, publication.name_display)
    publication.display_place = display_place(record, publication.place_display)
    publication.save()
    after = {
        "name": publication.name_display,
        "photos": publication.show_photos,
        "place": publication.place_display,
    }
    audit.record(
        actor=actor,
        action="exemplars.record.publication_narrowed",
        obj=record,
        org=record.org,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]}
        | {"share": [None, share.pk], "reason": [None, "consent_withdrawn"]},
    )


consent.on_shares_revoked.append(_after_withdrawal)
