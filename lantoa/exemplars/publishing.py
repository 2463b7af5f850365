"""Publishing a verified record on the public portal — only what the consents cover.

A leader at the record's level or above publishes. The name, photos and exact place are each
shown only with the matching consent, else generalised ("Anh N.V.A., xã Hàm Thuận"). The
publication relies on a `RecordShare`: withdrawing a consent it needs revokes the share and
takes the story down at once (hook registered below), inside the withdrawal's transaction.
Every write here that shows, changes or hides a story calls `announce_story_change` in its
transaction: the search index and the cached public pages learn of it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.html import sanitise
from lantoa.exemplars import consent
from lantoa.exemplars.access import can_view_record
from lantoa.exemplars.models import Consent, Publication, Record, RecordShare, Subject
from lantoa.exemplars.roles import RecordAction
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


def purposes_for(*, name_display: str, show_photos: bool, place_display: str) -> list[str]:
    purposes = [Consent.Purpose.PUBLISH_STORY.value]
    if name_display == Name.FULL:
        purposes.append(Consent.Purpose.SHOW_FULL_NAME.value)
    if show_photos:
        purposes.append(Consent.Purpose.SHOW_PHOTO.value)
    if place_display == Place.EXACT:
        purposes.append(Consent.Purpose.SHOW_EXACT_PLACE.value)
    return purposes


# The states in which a record may be published on the portal: today the workflow table's
# whole `may_leave_tree` set (`consent.share_record` checks it again for every audience).
PUBLISHABLE_STATES = REGISTRY.state_set("may_leave_tree")


def may_publish(actor: Actor, record: Record) -> bool:
    """A leader at the record's level or above (the service checks again)."""
    return can(actor, RecordAction.DECIDE, record)


def publish_record(
    *,
    actor: Actor,
    record: Record,
    name_display: str,
    show_photos: bool,
    place_display: str,
    title: str = "",
    summary: str = "",
    story: str | None = None,
    featured: bool = False,
) -> Publication:
    """Publish (or republish with new choices). Refused without the matching consents."""
    if name_display not in Name.values or place_display not in Place.values:
        raise DomainError(_("Choose how the name and the place are shown."), code="invalid")
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
        existing = Publication.objects.select_for_update().filter(record=record).first()
        if existing is not None and existing.share_id != share.pk:
            RecordShare.objects.filter(pk=existing.share_id, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_reason="republished"
            )
        publication = existing or Publication(record=record)
        commune = record.admin_unit
        publication.share = share
        publication.title = " ".join((title or record.title).split())
        publication.summary = (summary or record.summary).strip()
        publication.story = sanitise(record.story if story is None else story)
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
        audit.record(
            actor=actor,
            action="exemplars.record.published",
            obj=record,
            org=record.org,
            changes={
                "name": [None, name_display],
                "photos": [None, show_photos],
                "place": [None, place_display],
            },
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


def _take_down(shares: list[RecordShare]) -> None:
    """Consent withdrawn: the stories that relied on the revoked shares go down now."""
    if shares:
        Publication.objects.filter(
            share_id__in=[s.pk for s in shares], unpublished_at__isnull=True
        ).update(unpublished_at=timezone.now(), unpublished_reason="consent_withdrawn")
        announce_story_change(
            *Publication.objects.filter(share__in=shares).values_list("pk", flat=True)
        )


consent.on_shares_revoked.append(_take_down)
