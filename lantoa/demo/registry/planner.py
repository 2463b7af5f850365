"""Laying out every demo record from a fixed random seed, without the database.

`_Planner.plan()` returns the specs in key order: the handwritten records first, then the
Bình Thuận records of 2014–2015 (legacy organisations and places), then the records of the
current organisations, whose states and "late" flags are shuffled from fixed counts. For
each generated record it picks a template, a place, a reporter and a subject, writes the
texts, and scripts the acts that follow (`lifecycle._Lifecycle`). The calls to the
generator run in a fixed order, so the demo data is identical from run to run.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from lantoa.demo.orgs import FIRST_COMMUNE
from lantoa.demo.registry.content import (
    CITIZEN_PREFIX,
    COMMUNES,
    HANDWRITTEN,
    LEGACY_PLACES,
    PROVINCE_REPORTERS,
    REJECT_NOTES,
    STORY_ENDINGS,
    VILLAGE_REPORTERS,
)
from lantoa.demo.registry.lifecycle import _Lifecycle
from lantoa.demo.registry.names import random_name
from lantoa.demo.registry.specs import KEY_PREFIX, RECORD_COUNT, Act, Spec, SubjectSpec
from lantoa.demo.registry.templates import SEA, TEMPLATES, Template
from lantoa.exemplars.models import Consent, RecordKind, RecordSource, RecordState, Subject
from lantoa.orgs.models import OrgKind
from lantoa.timeliness.calendar import VN_TZ

SEED = 20140909  # the day of the seed's meeting
LEGACY_COUNT = 30
# The current organisations exist from the 2025 reorganisation on.
CURRENT_FROM = datetime.datetime(2025, 7, 1, 8, 0, tzinfo=VN_TZ)

S = RecordState
K = RecordKind


class _Planner(_Lifecycle):
    """Lays out every record from a seeded random generator (no database access)."""

    def __init__(self, now: datetime.datetime) -> None:
        self.rng = random.Random(SEED)
        self.now = now
        self.specs: list[Spec] = []

    # -- helpers -------------------------------------------------------------------------

    def _person(self, template: Template, year_of_deed: int) -> SubjectSpec:
        rng = self.rng
        if template.collective:
            return SubjectSpec(
                full_name="",
                kind=Subject.Kind.COLLECTIVE,
                group=template.group,
                collective_kind=template.collective_kind,
            )
        gender = template.gender or rng.choice((Subject.Gender.MALE, Subject.Gender.FEMALE))
        age = rng.randint(*template.ages)
        group = template.group
        if group is None:
            group = "children" if age < 16 else "youth_members" if age <= 30 else "working_people"
        return SubjectSpec(
            full_name=random_name(rng, gender),
            gender=gender,
            birth_year=year_of_deed - age,
            occupation=template.occupation,
            group=group,
        )

    @staticmethod
    def _honorific(subject: SubjectSpec, year: int) -> str:
        if subject.kind == Subject.Kind.COLLECTIVE or subject.birth_year is None:
            return ""
        age = year - subject.birth_year
        given = subject.full_name.split()[-1]
        if age < 16:
            return f"em {given}"
        female = subject.gender == Subject.Gender.FEMALE
        if age < 45:
            return f"{'chị' if female else 'anh'} {given}"
        return f"{'bà' if female else 'ông'} {given}"

    def _texts(
        self,
        template: Template,
        subject: SubjectSpec,
        where: tuple[str, str, str, str],
        place: str,
        year: int,
    ) -> tuple[str, str, str, str]:
        """Title, summary, story, and the area or public place the record happened at."""
        rng = self.rng
        area, spot, water, sea = where
        if subject.kind == Subject.Kind.COLLECTIVE:
            subject.full_name = template.collective.format(area=area, place=place)
        who = self._honorific(subject, year) or "tập thể"
        values = {
            "who": who,
            "Who": who[:1].upper() + who[1:],
            "name": subject.full_name,
            "area": area,
            "spot": spot,
            "water": water,
            "sea": sea,
            "place": place,
            "n": rng.randint(3, 25),
            "k": rng.randint(2, 6),
            "times": rng.randint(10, 45),
            "money": f"{rng.randint(2, 40) * 500_000:,}".replace(",", "."),
        }
        title = template.title.format(**values)
        summary = template.summary.format(**values)
        story = (
            f"<p>{summary}</p><p>{rng.choice(STORY_ENDINGS)}</p>" if template.kind != K.IDEA else ""
        )
        uses_spot = "{spot}" in template.summary + template.title
        return title, summary, story, spot if uses_spot else area

    def _consents(self, subject: SubjectSpec, state: str) -> tuple[str, ...]:
        if state not in {S.VERIFIED, S.PROPOSED, S.NURTURING, S.RECOGNISED}:
            return ()
        roll = self.rng.random()
        if roll < 0.35:
            return (
                Consent.Purpose.PUBLISH_STORY,
                Consent.Purpose.SHOW_FULL_NAME,
                Consent.Purpose.SHOW_PHOTO,
            )
        if roll < 0.55:
            return (Consent.Purpose.PUBLISH_STORY, Consent.Purpose.SHOW_FULL_NAME)
        if roll < 0.62:
            return (Consent.Purpose.PUBLISH_STORY,)
        return ()

    # -- current records -----------------------------------------------------------------

    def current(self, index: int, state: str, overdue: bool) -> Spec:
        rng = self.rng
        templates = [
            t for t in TEMPLATES if state != S.NURTURING or t.kind in {K.IDEA, K.GOOD_PRACTICE}
        ]
        template = rng.choice(templates)
        communes = [c for c in COMMUNES if not template.communes or c.slug in template.communes]
        province_level = not template.communes and state != S.PROPOSED and rng.random() < 0.04
        commune = rng.choices(communes, weights=[c.weight for c in communes])[0]
        # Who reports: the organisation matching the priority group when there is one.
        wanted = {
            "youth_members": OrgKind.YOUTH_UNION,
            "children": OrgKind.YOUTH_UNION,
            "women": OrgKind.WOMENS_UNION,
            "farmers": OrgKind.FARMERS_ASSOCIATION,
            "veterans": OrgKind.VETERANS_ASSOCIATION,
        }.get(template.group or "")
        if province_level:
            username, _name, org_kind = rng.choice(PROVINCE_REPORTERS)
            reporter, org_ref = username, f"{org_kind}:province"
            verifier = leader = "tinh.mttq"
        else:
            matching = [r for r in commune.reporters if r[2] == wanted] or list(commune.reporters)
            username, _name, org_kind = rng.choice(matching)
            reporter, org_ref = username, f"{org_kind}:{commune.name}"
            if commune.name == FIRST_COMMUNE and rng.random() < 0.2:
                username, _name, branch, _title = rng.choice(VILLAGE_REPORTERS)
                reporter, org_ref = username, f"village:{branch}"
            verifier = leader = commune.verifier[0]

        span = (self.now - CURRENT_FROM).total_seconds() / 86400
        if state in {S.REPORTED, S.UNDER_VERIFICATION}:
            age = rng.uniform(20, 120) if overdue else rng.uniform(3.5, 9)
        elif state == S.RETURNED:
            age = rng.uniform(25, 100) if overdue else rng.uniform(6, 11)
        elif state == S.PROPOSED:
            age = rng.uniform(60, 150) if overdue else rng.uniform(12, 20)
        elif state == S.NURTURING:
            age = rng.uniform(60, min(span, 300))
        else:
            age = rng.uniform(25, span - 5)
        created = self._working_hour(self.now - datetime.timedelta(days=age))
        if created >= self.now:
            created = self.now - datetime.timedelta(hours=3)
        deed = (created - datetime.timedelta(days=rng.randint(0, 20))).astimezone(VN_TZ).date()

        subject = self._person(template, deed.year)
        where = (
            rng.choice(commune.areas),
            rng.choice(commune.spots),
            rng.choice(commune.water),
            _sea(commune.water),
        )
        title, summary, story, spot = self._texts(
            template, subject, where, commune.short, deed.year
        )
        source = RecordSource.OFFICER
        if rng.random() < 0.1:
            source = RecordSource.CITIZEN
            summary = CITIZEN_PREFIX + summary
        subject.consents = self._consents(subject, state)
        spec = Spec(
            key=f"{KEY_PREFIX}{index:03d}",
            kind=template.kind,
            title=title,
            summary=summary,
            story=story,
            place=f"{spot}, {commune.short}",
            deed_date=deed,
            created=created,
            reporter=reporter,
            org_ref=org_ref,
            sector=template.sector,
            movement=template.movement,
            source=source,
            unit_name=None,
            subject=subject,
        )
        self._script(spec, template, state, verifier, leader, overdue, province_level)
        self._clamp(spec)
        return spec

    # -- Bình Thuận, 2014–2015 -------------------------------------------------------------

    def legacy(self, index: int, state: str) -> Spec:
        rng = self.rng
        binh_thuan = {"hamthuan", "hamthuanbac", *SEA}
        templates = [
            t
            for t in TEMPLATES
            if t.kind != K.IDEA and (not t.communes or set(t.communes) & binh_thuan)
        ]
        template = rng.choice(templates)
        places = list(LEGACY_PLACES)
        if template.communes:
            wanted = {
                "hamthuan": "Huyện Hàm Thuận Bắc",
                "hamthuanbac": "Huyện Hàm Thuận Bắc",
                "phanthiet": "Thành phố Phan Thiết",
                "lagi": "Thị xã La Gi",
                "phuquy": "Huyện Phú Quí",
            }
            allowed = {wanted[c] for c in template.communes if c in wanted}
            places = [p for p in LEGACY_PLACES if p[0] in allowed] or places
        district, communes, _weight, areas, spots, waters = rng.choices(
            places, weights=[p[2] for p in places]
        )[0]
        commune = rng.choice(communes)
        place_short = commune[:1].lower() + commune[1:]
        if district == "Huyện Hàm Thuận Bắc":
            reporter, org_ref, verifier = "hambac.mttq", "legacy:district_front", "binhthuan.mttq"
        else:
            reporter, org_ref, verifier = "binhthuan.mttq", "legacy:front", "binhthuan.tuyengiao"
        created = datetime.datetime(2014, 9, 15, 8, tzinfo=VN_TZ) + datetime.timedelta(
            days=rng.uniform(0, 200)
        )
        created = self._working_hour(created)
        deed = (created - datetime.timedelta(days=rng.randint(1, 40))).astimezone(VN_TZ).date()
        subject = self._person(template, deed.year)
        where = (rng.choice(areas), rng.choice(spots), rng.choice(waters), _sea(waters))
        title, summary, story, spot = self._texts(template, subject, where, place_short, deed.year)
        district_short = district[:1].lower() + district[1:]
        spec = Spec(
            key=f"{KEY_PREFIX}{index:03d}",
            kind=template.kind,
            title=title,
            summary=summary,
            story=story,
            place=f"{spot}, {place_short}, {district_short}",
            deed_date=deed,
            created=created,
            reporter=reporter,
            org_ref=org_ref,
            sector=template.sector,
            movement=template.movement,
            source=RecordSource.PRESS if rng.random() < 0.1 else RecordSource.OFFICER,
            unit_name=(district, commune),
            subject=subject,
            historical=True,
        )
        t = created

        def act(
            action: str, actor: str, lo: float, hi: float, note: str = "", **extra: Any
        ) -> None:
            nonlocal t
            t = self._after(t, lo, hi)
            spec.acts.append(Act(action, actor, t, note, extra))

        if state == S.REJECTED:
            act("start_verification", verifier, 1, 5)
            act("reject", verifier, 2, 12, rng.choice(REJECT_NOTES))
            return spec
        act("start_verification", verifier, 1, 6)
        act("verify", verifier, 2, 14)
        if state == S.VERIFIED:
            return spec
        # Recognised on the 40th anniversaries the seed names (19/4 and 30/4/2015).
        day = rng.choice((datetime.date(2015, 4, 19), datetime.date(2015, 4, 30)))
        moment = datetime.datetime.combine(day, datetime.time(rng.randint(8, 10)), tzinfo=VN_TZ)
        if moment <= t:
            moment = self._after(t, 1, 20)
            day = moment.date()
        spec.acts.append(Act("recognise", verifier, moment))
        occasion = (
            "40 năm Ngày giải phóng quê hương Bình Thuận (19/4/1975 - 19/4/2015)"
            if day == datetime.date(2015, 4, 19)
            else "40 năm Ngày giải phóng hoàn toàn miền Nam, thống nhất đất nước "
            "(30/4/1975 - 30/4/2015)"
        )
        honour = rng.choice(
            (
                "Bằng khen của Ủy ban MTTQ Việt Nam tỉnh Bình Thuận",
                "Bằng khen của UBND tỉnh Bình Thuận",
            )
        )
        spec.acts.append(
            Act(
                "honour",
                verifier,
                moment + datetime.timedelta(minutes=30),
                extra={"extra_text": f"{honour} nhân kỷ niệm {occasion}", "date": day},
            )
        )
        if template.replication and rng.random() < 0.6:
            # Learned from ten years later, by today's units.
            units = [(u, f"{k}:{c.name}") for c in COMMUNES[:5] for u, _n, k in c.reporters]
            for username, ref in rng.sample(units, rng.randint(1, 3)):
                when = self._working_hour(
                    CURRENT_FROM
                    + datetime.timedelta(days=rng.uniform(10, (self.now - CURRENT_FROM).days - 2))
                )
                spec.acts.append(
                    Act(
                        "replicate",
                        username,
                        when,
                        template.replication,
                        {
                            "org": ref,
                            "result": "Học tập kinh nghiệm từ gương "
                            "điển hình được biểu dương năm 2015.",
                        },
                    )
                )
        return spec

    # -- the whole set -------------------------------------------------------------------

    def plan(self) -> list[Spec]:
        rng = self.rng
        legacy_states = [S.RECOGNISED] * 18 + [S.VERIFIED] * 8 + [S.REJECTED] * 4
        current_states = (
            [(S.REPORTED, i < 20) for i in range(38)]
            + [(S.UNDER_VERIFICATION, i < 10) for i in range(24)]
            + [(S.RETURNED, i < 6) for i in range(14)]
            + [(S.REJECTED, False)] * 14
            + [(S.VERIFIED, False)] * 48
            + [(S.PROPOSED, i < 8) for i in range(20)]
            + [(S.NURTURING, i < 5) for i in range(26)]
            + [(S.RECOGNISED, False)] * 82
        )
        assert len(legacy_states) == LEGACY_COUNT
        assert len(current_states) + LEGACY_COUNT + len(HANDWRITTEN) == RECORD_COUNT
        rng.shuffle(current_states)
        specs = [self.handwritten(i, h) for i, h in enumerate(HANDWRITTEN, start=1)]
        index = len(specs)
        for legacy_state in legacy_states:
            index += 1
            specs.append(self.legacy(index, legacy_state))
        for state, overdue in current_states:
            index += 1
            specs.append(self.current(index, state, overdue))
        return specs

    def handwritten(self, index: int, h: dict[str, Any]) -> Spec:
        """The records the user guide's walk-through points at."""
        created = self._working_hour(self.now - datetime.timedelta(days=h["age"]))
        subject = SubjectSpec(**h["subject"]) if "subject" in h else None
        spec = Spec(
            key=f"{KEY_PREFIX}{index:03d}",
            kind=h["kind"],
            title=h["title"],
            summary=h["summary"],
            story=h.get("story", ""),
            place=h["place"],
            deed_date=(created - datetime.timedelta(days=2)).astimezone(VN_TZ).date(),
            created=created,
            reporter=h["reporter"],
            org_ref=h["org"],
            sector=h["sector"],
            movement=h.get("movement"),
            source=RecordSource.OFFICER,
            unit_name=None,
            subject=subject,
            subject_of=h.get("subject_of", ""),
        )
        t = created
        for action, actor, days, note, extra in h["acts"]:
            t = self._after(t, days, days + 1)
            spec.acts.append(Act(action, actor, t, note, dict(extra)))
        return spec


def _sea(waters: tuple[str, ...]) -> str:
    return next((w for w in waters if "biển" in w), waters[0])
