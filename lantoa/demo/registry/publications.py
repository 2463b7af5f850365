"""Demo publications: about 40 stories on the portal, published through the real service.

`seed_publications()` runs after the demo records. It takes verified, nurturing and
recognised demo records whose subject consented to publishing (current records first, a few
of 2014–2015 too), and has the leader over each record publish it with
`exemplars.publishing.publish_record`, so consents, shares, audit events and the search
index are the real ones. The choices cycle through every way of showing the name (full,
initials, hidden) and the place (exact, commune, province); a choice that needs a consent
the person did not give gets that consent recorded first by the same leader, as an officer
would after asking. Records whose person allowed photos get two or three generated
illustrations (`photos.illustration`, never a real person) in their responsive variants.
Recognised records bring their honours and replications to the story page.

Idempotent: a record that already has a publication is left alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantoa.core.actors import Actor
from lantoa.core.html import from_plain_text
from lantoa.core.uploads import clean_upload
from lantoa.demo.orgs import ensure_not_production
from lantoa.demo.registry.photos import illustration
from lantoa.demo.registry.specs import KEY_PREFIX
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import disclosure, publishing, services
from lantoa.exemplars.models import Consent, Evidence, Publication, Record, RecordShare
from lantoa.exemplars.stories.index import rebuild_story_index
from lantoa.orgs.models import Membership, Role
from lantoa.timeliness.calendar import VN_TZ

PUBLICATION_COUNT = 40
Name = Publication.NameDisplay
Place = Publication.PlaceDisplay
Purpose = Consent.Purpose

# Every combination of the two display choices, in turn (nine kinds of story).
PORTAL_OPENED = datetime.datetime(2025, 8, 1, 9, tzinfo=VN_TZ)
CHOICES = [(name, place) for place in Place.values for name in Name.values]


def demo_publications() -> Any:
    return Publication.objects.filter(record__idempotency_key__startswith=KEY_PREFIX)


def _candidates() -> list[Record]:
    consented = Consent.objects.filter(
        purpose=Purpose.PUBLISH_STORY, withdrawn_at__isnull=True
    ).values("subject_id")
    rows = (
        Record.objects.filter(
            idempotency_key__startswith=KEY_PREFIX,
            state__in=publishing.PUBLISHABLE_STATES,
            subject_id__in=consented,
        )
        .select_related("subject", "admin_unit", "admin_unit__parent")
        .order_by("idempotency_key")
    )
    return list(rows)


def _leaders() -> list[tuple[str, Any]]:
    """(organisation path, leader) of every active leader, deepest organisation first."""
    rows = Membership.objects.filter(role=Role.LEADER, ended_at__isnull=True).select_related(
        "user", "organisation"
    )
    pairs = [(m.organisation.path, m.user) for m in rows if m.organisation.valid_to is None]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _publisher(record: Record, leaders: list[tuple[str, Any]]) -> Any:
    for path, user in leaders:
        if record.org_path.startswith(path) and publishing.may_publish(user, record):
            return user
    return None


PUBLISHING_NOTE = (
    "Đồng ý trực tiếp khi lãnh đạo đơn vị gặp trao đổi về cách đăng câu chuyện trên trang "
    "công khai."
)


def _ensure_consents(actor: Actor, record: Record, purposes: list[str]) -> None:
    subject = record.subject
    assert subject is not None
    have = consent_services.active_purposes(subject)
    previous = Consent.objects.filter(subject=subject).order_by("id").first()
    for purpose in purposes:
        if purpose in have or previous is None:
            continue
        consent_services.record_consent(
            actor=actor,
            subject=subject,
            purpose=purpose,
            given_by=previous.given_by,
            given_on=timezone.localdate(),
            guardian_name=previous.guardian_name,
            evidence_kind=Consent.EvidenceKind.IN_PERSON,
            evidence_note=PUBLISHING_NOTE,
        )


def _add_photos(actor: Actor, record: Record, count: int) -> None:
    if Evidence.objects.filter(record=record, kind=Evidence.Kind.PHOTO).exists():
        return
    files = [
        clean_upload(name=f"anh-minh-hoa-{i + 1}.jpg", data=illustration(record.pk * 7 + i))
        for i in range(count)
    ]
    services.attach_evidence(actor=actor, record=record, files=files)


def _public_version(record: Record, name: str, place: str) -> tuple[str, str, str]:
    """The public text a publisher would write: the internal one with every passage the
    check finds (the hamlet, a name the choice hides) replaced by a neutral word."""
    title, summary, story = publishing.clean_public_text(
        title=record.title, summary=record.summary, story=record.story
    )
    texts = publishing.public_texts(title=title, summary=summary, story=story)
    hits = disclosure.check_public_text(
        record=record, name_display=name, place_display=place, texts=texts
    )
    edited = {
        field: disclosure.redacted(texts[field], [h for h in hits if h.field == field])
        for field in disclosure.FIELDS
    }
    return edited["title"], edited["summary"], from_plain_text(edited["story"])


def seed_publications(now: datetime.datetime | None = None) -> int:
    """Publish the demo stories (after `seed_records()`); return how many were published."""
    ensure_not_production()
    now = now or timezone.now()
    if demo_publications().count() >= PUBLICATION_COUNT:
        return 0
    leaders = _leaders()
    published = 0
    with transaction.atomic():
        taken = demo_publications().count()
        for record in _candidates():
            if taken + published >= PUBLICATION_COUNT:
                break
            if Publication.objects.filter(record=record).exists():
                continue
            actor = _publisher(record, leaders)
            if actor is None:
                continue
            turn = taken + published
            name, place = CHOICES[turn % len(CHOICES)]
            have = consent_services.active_purposes(record.subject)  # type: ignore[arg-type]
            # Photos where the person allowed them (one in three asked again if not).
            show_photos = Purpose.SHOW_PHOTO in have or turn % 3 == 0
            if (
                record.subject is not None
                and record.subject.consents.filter(
                    purpose=Purpose.SHOW_PHOTO, withdrawn_at__isnull=False
                ).exists()
            ):
                show_photos = False  # withdrawn once (demo-001): not asked again
            wanted = publishing.purposes_for(
                name_display=name, show_photos=show_photos, place_display=place
            )
            _ensure_consents(actor, record, wanted)
            if show_photos:
                _add_photos(actor, record, 2 + turn % 2)
            title, summary, story = _public_version(record, name, place)
            publication = publishing.publish_record(
                actor=actor,
                record=record,
                name_display=name,
                show_photos=show_photos,
                place_display=place,
                title=title,
                summary=summary,
                story=story,
                featured=published < 4,
            )
            # Days after the record's last step (the portal opened in 2025), never later
            # than now.
            start = max(record.updated_at, PORTAL_OPENED)
            when = min(start + datetime.timedelta(days=3 + turn % 20), now)
            when = min(when.astimezone(VN_TZ).replace(minute=turn % 60), now)
            Publication.objects.filter(pk=publication.pk).update(published_at=when)
            RecordShare.objects.filter(pk=publication.share_id).update(shared_at=when)
            published += 1
    rebuild_story_index()
    return published
