"""Published stories for the portal benchmark, on top of the generated registry.

    100,000 publications   of verified, recognised or nurturing records of the registry
                           benchmark (`bench/registry_generate.py`), each with the consents
                           its display choices need and the public share it relies on
    a story body           three to five paragraphs of Vietnamese prose per story, built
                           from the record's summary, a quote, the Front committee's word
    honours                for about one story in seven

The rows are what `lantoa.exemplars.publishing.publish_record` writes, computed with its
own helpers (`purposes_for`, `display_name`, `display_place`, `sanitise`) and bulk-created
for speed; `check_against_publish_record` publishes one of them again through the real
service, in a transaction rolled back afterwards, and compares every public field. Not
written: the audit entries of publishing (no public surface reads them). Photos are not
shown (`show_photos` off): the bench has no image files. The search index is then built by
the real code, `rebuild_story_index`, in the directory the caller chose.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.core.html import sanitise
from lantoa.core.text import fold
from lantoa.exemplars import consent as consent_rules
from lantoa.exemplars import disclosure
from lantoa.exemplars.models import Consent, Honour, Publication, Record, RecordShare
from lantoa.exemplars.publishing import (
    Name,
    Place,
    display_name,
    display_place,
    public_texts,
    publish_record,
    purposes_for,
)
from lantoa.orgs.models import Membership, Organisation, Role

SEED = 20250427
PREFIX = "bench-portal-"
BATCH = 2_000
SHAREABLE = ("verified", "recognised", "nurturing")
FIRST_PUBLISHED = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)

QUOTES = (
    "Thấy người gặp nạn thì phải giúp, ai ở hoàn cảnh đó cũng sẽ làm như tôi thôi.",
    "Tôi chỉ nghĩ đơn giản là làm được việc gì có ích cho bà con thì cứ làm.",
    "Của rơi thì trả người mất, đó là điều cha mẹ dạy tôi từ nhỏ.",
    "Mỗi giọt máu cho đi là một cuộc đời ở lại, nên còn sức khỏe là tôi còn đi hiến.",
    "Lúc đó không kịp nghĩ gì, chỉ biết phải cứu người trước đã.",
    "Bà con trong thôn ai cũng giúp một tay, tôi chỉ là người đứng ra vận động.",
    "Được thấy mọi người an toàn, khỏe mạnh là tôi vui rồi.",
    "Việc nhỏ thôi, nhưng nếu ai cũng làm thì xóm mình sẽ tốt đẹp hơn.",
)
OPENINGS = (
    "Câu chuyện của {who} được bà con {place} nhắc đến nhiều trong thời gian qua.",
    "Ở {place}, nhiều người biết đến {who} qua những việc làm thầm lặng mà ý nghĩa.",
    "Người dân {place} vẫn còn nhớ rõ việc làm đẹp của {who}.",
    "Không ồn ào, {who} đã góp phần lan tỏa tinh thần tương thân tương ái ở {place}.",
)
FRONT_WORDS = (
    "Ủy ban Mặt trận Tổ quốc {place} đã kịp thời biểu dương và đề nghị cấp trên khen thưởng, "
    "đồng thời phổ biến câu chuyện trong các buổi sinh hoạt khu dân cư.",
    "Theo Chủ tịch Ủy ban MTTQ {place}, đây là tấm gương tiêu biểu trong phong trào "
    "“Toàn dân đoàn kết xây dựng đời sống văn hóa” của địa phương.",
    "Đại diện Ủy ban MTTQ {place} cho biết sẽ tiếp tục nhân rộng việc làm này để nhiều "
    "người cùng học tập, làm theo.",
)
CLOSINGS = (
    "Những việc làm như vậy góp phần bồi đắp tình làng nghĩa xóm và niềm tin vào điều tốt "
    "đẹp trong cuộc sống.",
    "Từ câu chuyện này, nhiều đoàn viên, hội viên đã đăng ký tham gia các hoạt động thiện "
    "nguyện, hiến máu tình nguyện và giúp đỡ người khó khăn.",
    "Tấm gương ấy là minh chứng sinh động cho truyền thống “lá lành đùm lá rách” của dân tộc.",
)
HONOURS = (
    "Giấy khen của Ủy ban MTTQ Việt Nam xã",
    "Bằng khen của Ủy ban nhân dân tỉnh",
    "Giấy khen của Hội Chữ thập đỏ tỉnh",
    "Giấy khen của Công an tỉnh",
    "Bằng khen của Trung ương Đoàn",
)


def story_body(rng: random.Random, record: Record, who: str, place: str) -> str:
    """Three to five paragraphs of HTML, as an editor would write them up."""
    paragraphs = [
        rng.choice(OPENINGS).format(who=who, place=place),
        record.summary,
        f"Chia sẻ về việc làm của mình, {who} nói: “{rng.choice(QUOTES)}”",
    ]
    if rng.random() < 0.7:
        paragraphs.append(rng.choice(FRONT_WORDS).format(place=place))
    if rng.random() < 0.6:
        paragraphs.append(rng.choice(CLOSINGS))
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _publisher(log: Callable[[str], None]) -> User:
    """A leader at the national root: may publish any record, as a province leader would his."""
    root = Organisation.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise SystemExit("No organisation tree in the benchmark database.")
    user = User(username=f"{PREFIX}publisher", full_name="Ban biên tập Lan Tỏa")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, organisation=root, org_path=root.path, role=Role.LEADER)
    log(f"  publisher: leader at {root.name}")
    return user


def generate(stories: int, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Publish `stories` records of the registry; returns the marker's content."""
    rng = random.Random(SEED)
    started = time.perf_counter()
    publisher = _publisher(log)
    candidates = list(
        Record.objects.filter(state__in=SHAREABLE, subject__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(candidates) < stories:
        raise SystemExit(f"Only {len(candidates):,} publishable records; need {stories:,}.")
    chosen = sorted(rng.sample(candidates, stories))
    del candidates
    now = timezone.now()
    today = timezone.localdate()
    span = (now - FIRST_PUBLISHED).total_seconds()
    consented: dict[int, set[str]] = {}  # subject id → purposes already given
    done = 0
    for start in range(0, len(chosen), BATCH):
        records = list(
            Record.objects.filter(pk__in=chosen[start : start + BATCH])
            .select_related("subject", "admin_unit", "admin_unit__parent")
            .order_by("pk")
        )
        consents: list[Consent] = []
        shares: list[RecordShare] = []
        publications: list[Publication] = []
        honours: list[Honour] = []
        for record in records:
            subject = record.subject
            assert subject is not None
            collective = subject.kind == subject.Kind.COLLECTIVE
            roll = rng.random()
            name_mode = Name.FULL if collective or roll < 0.6 else Name.INITIALS
            if not collective and roll > 0.92:
                name_mode = Name.HIDDEN
            roll = rng.random()
            place_mode = Place.COMMUNE if roll < 0.55 else Place.EXACT
            if roll > 0.85:
                place_mode = Place.PROVINCE
            purposes = purposes_for(
                name_display=name_mode, show_photos=False, place_display=place_mode
            )
            # Consent given some weeks before publication, by whoever the law requires.
            published_at = FIRST_PUBLISHED + datetime.timedelta(seconds=span * rng.random() ** 0.7)
            given_on = min(today, (published_at - datetime.timedelta(days=30)).date())
            have = consented.setdefault(subject.pk, set())
            for purpose in purposes:
                if purpose in have:
                    continue
                have.add(purpose)
                given_by = consent_rules._required_giver(subject, given_on)
                consents.append(
                    Consent(
                        subject_id=subject.pk,
                        purpose=purpose,
                        given_by=given_by,
                        guardian_name="" if given_by == Consent.GivenBy.SUBJECT else "Cha mẹ",
                        given_on=given_on,
                        recorded_by=publisher,
                    )
                )
            shares.append(
                RecordShare(
                    record_id=record.pk,
                    audience=RecordShare.Audience.PUBLIC,
                    # As share_record stores them.
                    purposes=sorted(set(purposes) | {Consent.Purpose.PUBLISH_STORY}),
                    shared_by=publisher,
                )
            )
            shown_name = display_name(subject, name_mode)
            shown_place = display_place(record, place_mode)
            commune = record.admin_unit
            is_commune = commune is not None and commune.level == "commune"
            who = shown_name or "người này"
            where = commune.name if commune is not None else "địa phương"
            title = " ".join(record.title.split())
            summary = record.summary.strip()
            publication = Publication(
                record_id=record.pk,
                title=title,
                summary=summary,
                story=sanitise(story_body(rng, record, who, where)),
                name_display=name_mode,
                show_photos=False,
                place_display=place_mode,
                display_name=shown_name,
                display_place=shown_place,
                kind=record.kind,
                priority_group_id=subject.priority_group_id,
                sector_id=record.sector_id,
                movement_id=record.movement_id,
                commune=commune if is_commune else None,
                province=commune.parent if commune is not None and is_commune else commune,
                year=(record.deed_date or today).year,
                featured=rng.random() < 0.002,
                published_by=publisher,
                published_at=published_at,
                # As Publication.save() fills it (bulk_create does not call save()).
                search_text=fold(" ".join([title, summary, shown_name, shown_place])),
            )
            publications.append(publication)
            if rng.random() < 0.15:
                honours.append(
                    Honour(
                        record_id=record.pk,
                        text=rng.choice(HONOURS),
                        date=(published_at + datetime.timedelta(days=rng.randint(5, 90))).date(),
                        recorded_by=publisher,
                    )
                )
        Consent.objects.bulk_create(consents)
        RecordShare.objects.bulk_create(shares)
        for publication, share in zip(publications, shares, strict=True):
            publication.share_id = share.pk
        Publication.objects.bulk_create(publications)
        Honour.objects.bulk_create(honours)
        done += len(publications)
        if done % 20_000 == 0 or done == stories:
            log(f"  published {done:,} stories ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        for table in (
            "exemplars_publication",
            "exemplars_recordshare",
            "exemplars_consent",
            "exemplars_honour",
        ):
            cursor.execute(f"ANALYZE {table}")
    return {
        "stories": done,
        "publisher_id": publisher.pk,
        "seconds": round(time.perf_counter() - started, 1),
    }


def check_against_publish_record(publisher_id: int, samples: int = 5) -> None:
    """Publish a few generated stories again through the real service, in a transaction
    rolled back afterwards: every public field must come out the same."""
    fields = [
        "title", "summary", "story", "name_display", "show_photos", "place_display",
        "display_name", "display_place", "kind", "priority_group_id", "sector_id",
        "movement_id", "commune_id", "province_id", "year", "featured", "search_text",
    ]  # fmt: skip
    publisher = User.objects.get(pk=publisher_id)
    generated = list(
        Publication.objects.select_related("share", "record").order_by("pk")[: samples * 997 : 997]
    )
    with transaction.atomic():
        for before in generated:
            # The generated bodies name the person and the place in prose, which the
            # disclosure check (added after this generator) flags when the display hides
            # them; the comparison is about the stored fields, so the hits are confirmed.
            hits = disclosure.check_public_text(
                record=before.record,
                name_display=before.name_display,
                place_display=before.place_display,
                texts=public_texts(title=before.title, summary=before.summary, story=before.story),
            )
            after = publish_record(
                false_matches={hit.key: "bench: generated text" for hit in hits},
                actor=publisher,
                record=before.record,
                title=before.title,
                summary=before.summary,
                name_display=before.name_display,
                show_photos=before.show_photos,
                place_display=before.place_display,
                story=before.story,
                featured=before.featured,
            )
            differ = [f for f in fields if getattr(before, f) != getattr(after, f)]
            if before.share.purposes != after.share.purposes:
                differ.append("share.purposes")
            if differ:
                raise SystemExit(
                    f"Generated publication {before.pk} differs from publish_record in {differ}"
                )
        transaction.set_rollback(True)


def wipe(publisher_id: int | None) -> None:
    """Remove the generated publications (and what was generated with them)."""
    from lantoa.exemplars.stories.index import INDEX_NAME
    from lantoa.search.models import IndexOutbox

    users = User.objects.filter(username__startswith=PREFIX)
    ids = list(users.values_list("pk", flat=True))
    if publisher_id is not None:
        ids.append(publisher_id)
    IndexOutbox.objects.filter(index=INDEX_NAME).delete()
    Publication.objects.filter(published_by_id__in=ids).delete()
    RecordShare.objects.filter(shared_by_id__in=ids).delete()
    Consent.objects.filter(recorded_by_id__in=ids).delete()
    Honour.objects.filter(recorded_by_id__in=ids).delete()
    Membership.objects.filter(user_id__in=ids).delete()
    users.delete()
