"""Published stories for the portal tests, made through the registry's services."""

from __future__ import annotations

import datetime
import io
from typing import Any

from PIL import Image

from lantoa.core.uploads import clean_upload
from lantoa.exemplars import consent, publishing, services
from lantoa.exemplars.models import Publication, Record
from tests.exemplars.helpers import report, step
from tests.personas import World

TODAY = datetime.date(2026, 1, 10)
PHONE = "0912345678"
EMAIL = "an.nguyen@example.vn"
ADDRESS = "Thôn 3, đường Lê Lợi số 17"
FULL_NAME = "Nguyễn Văn Ân"
EXACT_PLACE = "Bến đò Sông Quao"
INTERNAL_NOTE = "Ghi chú nội bộ: đã gọi điện xác minh"


def jpeg(width: int = 1000, height: int = 750) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def publish(
    world: World,
    *,
    title: str = "Cứu người đuối nước trên hồ",
    summary: str = "Anh lao xuống hồ cứu hai em nhỏ bị đuối nước.",
    story: str = "<p>Chiều hôm ấy, anh nghe tiếng kêu cứu.</p>",
    name_display: str = "initials",
    place_display: str = "commune",
    show_photos: bool = False,
    photos: int = 0,
    featured: bool = False,
    admin_unit: Any = None,
    full_name: str = FULL_NAME,
    priority_group: Any = None,
    **record_fields: Any,
) -> Publication:
    """Report → verify (with an internal note) → consents → publish, as the officers do."""
    files = [clean_upload(name=f"anh-{i}.jpg", data=jpeg()) for i in range(photos)]
    record = report(
        world,
        title=title,
        summary=summary,
        story=story,
        place=EXACT_PLACE,
        admin_unit=admin_unit or world.unit_a,
        files=files,
        new_subject=services.SubjectInput(
            full_name=full_name,
            birth_year=1995,
            phone=PHONE,
            email=EMAIL,
            address=ADDRESS,
            priority_group=priority_group,
        ),
        **record_fields,
    )
    step(world, record, "xa.mttq", "verify", note=INTERNAL_NOTE)
    record.refresh_from_db()
    purposes = publishing.purposes_for(
        name_display=name_display, show_photos=show_photos, place_display=place_display
    )
    for purpose in purposes:
        consent.record_consent(
            evidence_kind="in_person",
            evidence_note="Đồng ý trực tiếp.",
            actor=world.user("xa.doan"),
            subject=record.subject,
            purpose=purpose,
            given_by="subject",
            given_on=TODAY,
        )
    return publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=record,
        title=record.title,
        summary=record.summary,
        story=record.story,
        name_display=name_display,
        show_photos=show_photos,
        place_display=place_display,
        featured=featured,
    )


def withdraw(world: World, publication: Publication) -> None:
    """The person withdraws the consent to publish the story."""
    record = Record.objects.get(pk=publication.record_id)
    assert record.subject is not None
    story_consent = record.subject.consents.get(purpose="publish_story", withdrawn_at__isnull=True)
    consent.withdraw_consent(actor=world.user("xa.doan"), consent=story_consent)


def unpublish(world: World, publication: Publication) -> None:
    record = Record.objects.get(pk=publication.record_id)
    publishing.unpublish_record(actor=world.user("xa.mttq"), record=record, reason="Sai sót")


def replicate(world: World, publication: Publication, *orgs: Any) -> None:
    """Units that learned from the example (recorded by their own officers)."""
    record = Record.objects.get(pk=publication.record_id)
    users = {world.youth_a.pk: "xa.doan", world.youth_b.pk: "xab.doan"}
    for org in orgs:
        services.add_replication(
            actor=world.user(users[org.pk]),
            record=record,
            org=org,
            date=TODAY,
            what="Học tập và tổ chức tập bơi cho thiếu nhi",
        )


def honour(world: World, publication: Publication, text: str) -> None:
    record = Record.objects.get(pk=publication.record_id)
    services.add_honour(actor=world.user("xa.mttq"), record=record, text=text, date=TODAY)
