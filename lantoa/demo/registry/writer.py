"""Writing the planned demo records through the services, then moving their timestamps.

`_Writer` loads the demo tree's organisations, creates the officers who report and verify
(the Bình Thuận officers of 2014–2015 with ended memberships and no usable password, acting
with the roles they held then), and writes each `Spec` through the services
(`report_record`, `transition_record`, `add_honour`, `add_replication`, `record_consent`,
`share_record`, …) with the persona who would act. The services stamp everything "now";
`_backdate` then moves the record, its steps, plan, honours, replications, consents and
shares to the planned moments and recomputes the due dates and "late" flags with the same
policies (`due_for`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from lantoa.accounts.models import User
from lantoa.demo.orgs import (
    CLOSED_ON,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    FIRST_COMMUNE,
    FRONT,
    LEGACY_PARTY,
    PARTY,
)
from lantoa.demo.registry.consent_forms import IN_PERSON_NOTE, signed_form, wants_signed_form
from lantoa.demo.registry.content import (
    COMMUNES,
    LEGACY_OFFICERS,
    PROVINCE_REPORTERS,
    VILLAGE_REPORTERS,
)
from lantoa.demo.registry.names import MALE_GIVEN
from lantoa.demo.registry.specs import Act, Spec, SubjectSpec
from lantoa.demo.registry.templates import MOVEMENTS
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.models import (
    Consent,
    Honour,
    Milestone,
    Movement,
    NurturePlan,
    PriorityGroup,
    ProgressNote,
    Record,
    RecordShare,
    RecordState,
    RecordStep,
    Replication,
    Sector,
    Subject,
)
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.orgs.access import Grant
from lantoa.orgs.models import AdminUnit, Membership, Organisation, OrgKind, OrgLevel, Role
from lantoa.timeliness.calendar import VN_TZ, due_for

S = RecordState


class _Writer:
    def __init__(self) -> None:
        self._hash = ""
        self.orgs: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.groups = {g.code: g for g in PriorityGroup.objects.all()}
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.movements = {m.name: m for m in Movement.objects.all()}
        self.subjects: dict[str, Subject] = {}

    def password_hash(self) -> str:
        if not self._hash:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash

    # -- organisations and officers ------------------------------------------------------

    def load_orgs(self) -> None:
        party = Organisation.objects.filter(name=PARTY, parent__isnull=True).first()
        if party is None:
            raise RuntimeError("The demo tree is missing: run seed_demo first.")
        front = Organisation.objects.get(parent=party, name=FRONT)
        self.orgs["front"] = front
        for child in Organisation.objects.filter(parent=front, level=OrgLevel.PROVINCE):
            self.orgs[f"{child.kind}:province"] = child
        communes = Organisation.objects.filter(
            parent=front,
            kind=OrgKind.FATHERLAND_FRONT,
            level=OrgLevel.COMMUNE,
            valid_to__isnull=True,
        ).select_related("admin_unit")
        for commune_front in communes:
            assert commune_front.admin_unit is not None
            name = commune_front.admin_unit.name
            self.orgs[f"front:{name}"] = commune_front
            for child in Organisation.objects.filter(parent=commune_front):
                self.orgs[f"{child.kind}:{name}"] = child
        first = self.orgs[f"front:{FIRST_COMMUNE}"]
        for village in Organisation.objects.filter(path__under=first.path, level=OrgLevel.VILLAGE):
            self.orgs[f"village:{village.name}"] = village
        legacy_party = Organisation.objects.get(parent=party, name=LEGACY_PARTY)
        legacy_front = Organisation.objects.get(parent=legacy_party, kind=OrgKind.FATHERLAND_FRONT)
        self.orgs["legacy:party"] = legacy_party
        self.orgs["legacy:front"] = legacy_front
        self.orgs["legacy:district_front"] = Organisation.objects.get(parent=legacy_front)

    def user(self, username: str, full_name: str, *, usable: bool = True) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, email=f"{username}@{EMAIL_DOMAIN}")
            if usable:
                user.password = self.password_hash()
            else:
                user.set_unusable_password()
            user.save()
        self.users[username] = user
        return user

    def grant(self, user: User, ref: str, role: str, title: str) -> None:
        org = self.orgs[ref]
        Membership.objects.get_or_create(
            user=user,
            organisation=org,
            role=role,
            ended_at=None,
            defaults={"org_path": org.path, "title": title},
        )

    def officers(self) -> None:
        for username in ("quantri", "tinh.mttq", "xa.mttq", "xa.doan", "xab.doan"):
            self.users[username] = User.objects.get(username=username)
        for commune in COMMUNES:
            username, full_name = commune.verifier
            if username != "xa.mttq":
                user = self.user(username, full_name)
                for front_role in (Role.VERIFIER, Role.LEADER):
                    self.grant(user, f"front:{commune.name}", front_role, "Chủ tịch")
            for username, full_name, kind in commune.reporters:
                if username in {"xa.doan", "xab.doan"}:
                    continue
                user = self.user(username, full_name)
                self.grant(user, f"{kind}:{commune.name}", Role.REPORTER, "Cán bộ chuyên trách")
        for username, full_name, branch, title in VILLAGE_REPORTERS:
            user = self.user(username, full_name)
            self.grant(user, f"village:{branch}", Role.REPORTER, title)
        for username, full_name, kind in PROVINCE_REPORTERS:
            user = self.user(username, full_name)
            self.grant(user, f"{kind}:province", Role.REPORTER, "Chuyên viên")
        ended = datetime.datetime.combine(CLOSED_ON, datetime.time(17), tzinfo=VN_TZ)
        for username, full_name, ref, roles, title in LEGACY_OFFICERS:
            user = self.user(username, full_name, usable=False)
            org = self.orgs[ref]
            for role in roles:
                if not Membership.objects.filter(user=user, organisation=org, role=role).exists():
                    Membership.objects.create(
                        user=user,
                        organisation=org,
                        org_path=org.path,
                        role=role,
                        title=title,
                        created_at=datetime.datetime(2010, 1, 4, 8, tzinfo=VN_TZ),
                        ended_at=ended,
                    )
            # Act with the roles held in 2014–2015 (the organisations were open then).
            user._lantoa_grants = [  # type: ignore[attr-defined]
                Grant(role=role, path=org.path, org_id=org.pk, org_kind=org.kind) for role in roles
            ]

    # -- one record ----------------------------------------------------------------------

    def _unit(self, spec: Spec) -> AdminUnit | None:
        if spec.unit_name is None:
            return None
        district, commune = spec.unit_name
        return AdminUnit.objects.filter(
            scheme=AdminUnit.Scheme.LEGACY, name=commune, parent__name=district
        ).first()

    def write(self, spec: Spec, existing_subjects: dict[str, Subject]) -> Record:
        reporter = self.users[spec.reporter]
        org = self.orgs[spec.org_ref]
        subject = existing_subjects.get(spec.subject_of) if spec.subject_of else None
        new_subject = None
        unit = self._unit(spec)
        if subject is None and spec.subject is not None:
            s = spec.subject
            new_subject = services.SubjectInput(
                full_name=s.full_name,
                kind=s.kind,
                gender=s.gender,
                birth_year=s.birth_year,
                occupation=s.occupation,
                priority_group=self.groups.get(s.group or ""),
                admin_unit=unit or org.admin_unit,
            )
        movement = None
        if spec.movement is not None:
            movement = self.movements.get(MOVEMENTS[spec.movement])
        record = services.report_record(
            actor=reporter,
            org=org,
            kind=spec.kind,
            title=spec.title,
            summary=spec.summary,
            story=spec.story,
            deed_date=spec.deed_date,
            place=spec.place,
            admin_unit=unit,
            sector=self.sectors.get(spec.sector),
            movement=movement,
            source=spec.source,
            subject=subject,
            new_subject=new_subject,
            idempotency_key=spec.key,
        )
        planned = spec.subject
        if new_subject is not None and record.subject is not None and planned is not None:
            fields: dict[str, Any] = {"created_at": spec.created}
            if planned.kind == Subject.Kind.COLLECTIVE:
                fields["collective_kind"] = planned.collective_kind
            Subject.objects.filter(pk=record.subject.pk).update(**fields)
            self._consents(record.subject, planned, spec)
        times = [spec.created]
        for act in spec.acts:
            self._act(record, act, spec)
            times.append(act.at)
        for audience, when in spec.shares:
            share = consent_services.share_record(
                actor=self._leader_for(record),
                record=record,
                audience=audience,
                purposes=[Consent.Purpose.SHOW_FULL_NAME],
            )
            RecordShare.objects.filter(pk=share.pk).update(shared_at=when)
        self._backdate(record, times)
        return record

    def _leader_for(self, record: Record) -> User:
        for commune in COMMUNES:
            if record.org_path.startswith(self.orgs[f"front:{commune.name}"].path):
                return self.users[commune.verifier[0]]
        return self.users["tinh.mttq"]

    def _consents(self, subject: Subject, s: SubjectSpec, spec: Spec) -> None:
        if not s.consents:
            return
        given_on = (spec.created + datetime.timedelta(days=1)).astimezone(VN_TZ).date()
        age = subject.age_on(given_on)
        given_by, guardian = Consent.GivenBy.SUBJECT, ""
        if s.kind == Subject.Kind.INDIVIDUAL and age is not None and age < 18:
            given_by = Consent.GivenBy.BOTH if age >= 7 else Consent.GivenBy.GUARDIAN
            surname = s.full_name.split()[0]
            guardian = f"{surname} Văn {_father_given(s.full_name)} (cha)"
        actor = self.users[spec.reporter]
        recorded = datetime.datetime.combine(given_on, datetime.time(15), tzinfo=VN_TZ)
        signed = wants_signed_form(s.full_name, minor=given_by != Consent.GivenBy.SUBJECT)
        for purpose in s.consents:
            proof: dict[str, Any] = {
                "evidence_kind": Consent.EvidenceKind.IN_PERSON,
                "evidence_note": IN_PERSON_NOTE,
            }
            if signed:
                proof = {
                    "evidence_kind": Consent.EvidenceKind.SIGNED_FORM,
                    "evidence": signed_form(
                        full_name=s.full_name,
                        purpose=str(Consent.Purpose(purpose).label),
                        given_on=given_on,
                        signer=guardian or s.full_name,
                    ),
                }
            consent = consent_services.record_consent(
                actor=actor,
                subject=subject,
                purpose=purpose,
                given_by=given_by,
                given_on=given_on,
                guardian_name=guardian,
                **proof,
            )
            Consent.objects.filter(pk=consent.pk).update(recorded_at=recorded)
            if purpose == s.withdraw:
                consent_services.withdraw_consent(
                    actor=actor,
                    consent=consent,
                    note="Anh đề nghị không đăng ảnh cá nhân trên mạng.",
                )
                Consent.objects.filter(pk=consent.pk).update(
                    withdrawn_at=recorded + datetime.timedelta(days=20)
                )

    def _act(self, record: Record, act: Act, spec: Spec) -> None:
        actor = self.users[act.actor]
        if act.action == "honour":
            honour = services.add_honour(
                actor=actor,
                record=record,
                text=act.extra["extra_text"],
                date=act.extra.get("date") or act.at.astimezone(VN_TZ).date(),
            )
            Honour.objects.filter(pk=honour.pk).update(created_at=act.at)
        elif act.action == "replicate":
            replication = services.add_replication(
                actor=actor,
                record=record,
                org=self.orgs[act.extra["org"]],
                date=act.at.astimezone(VN_TZ).date(),
                what=act.note,
                result=act.extra.get("result", ""),
            )
            # Recorded by the unit's own officer: confirmed when recorded.
            Replication.objects.filter(pk=replication.pk).update(
                created_at=act.at, confirmed_at=act.at
            )
        elif act.action == "milestone":
            milestone = Milestone.objects.filter(plan__record=record).order_by("due_date", "id")[
                act.extra["index"]
            ]
            services.complete_milestone(
                actor=actor, milestone=milestone, done_on=act.at.astimezone(VN_TZ).date()
            )
        elif act.action == "progress":
            note = services.add_progress_note(actor=actor, record=record, text=act.note)
            ProgressNote.objects.filter(pk=note.pk).update(at=act.at)
        elif act.action == "start_nurturing":
            assert spec.plan is not None
            plan = services.PlanInput(
                mentor_org=self.orgs[spec.plan["mentor"]],
                goal=spec.plan["goal"],
                milestones=[
                    services.MilestoneInput(title, due) for title, due in spec.plan["milestones"]
                ],
            )
            services.transition_record(actor=actor, record=record, action=act.action, plan=plan)
            NurturePlan.objects.filter(record=record).update(created_at=act.at)
        else:
            changes = None
            if act.action == "resubmit":
                changes = {"summary": record.summary + " Đã có xác nhận của Ban điều hành thôn."}
            services.transition_record(
                actor=actor, record=record, action=act.action, note=act.note, changes=changes
            )

    # -- moving the timestamps -----------------------------------------------------------

    def _backdate(self, record: Record, times: list[datetime.datetime]) -> None:
        steps = list(RecordStep.objects.filter(record=record).order_by("id"))
        if len(steps) != len(times):
            raise RuntimeError(
                f"{record.idempotency_key}: {len(steps)} steps, {len(times)} planned moments"
            )
        milestones = list(Milestone.objects.filter(plan__record=record).order_by("due_date"))
        due: datetime.datetime | None = None
        since = times[0]
        state = ""
        for step, at in zip(steps, times, strict=True):
            step.at = at
            if step.action == "report":
                since, due, state = at, due_for("verification", at), step.to_state
                continue
            transition = BY_ACTION.get(step.action)
            if transition is None:
                continue  # a side step: no state change
            previous = _milestone_due(milestones, at) if state == S.NURTURING else due
            step.seconds_in_previous = int((at - since).total_seconds())
            step.previous_due_at = previous
            step.was_overdue = previous is not None and at > previous
            if transition.action == "start_verification":
                pass
            elif transition.due_step:
                due = due_for(transition.due_step, at)
            else:
                due = None
            since, state = at, step.to_state
        # One executemany: bulk_update's CASE expressions cost more than the rest of it.
        adapt = connection.ops.adapt_datetimefield_value
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE exemplars_recordstep SET at = %s, seconds_in_previous = %s, "
                "previous_due_at = %s, was_overdue = %s WHERE id = %s",
                [
                    (
                        adapt(st.at),
                        st.seconds_in_previous,
                        adapt(st.previous_due_at),
                        st.was_overdue,
                        st.pk,
                    )
                    for st in steps
                ],
            )
        final_due = _milestone_due(milestones, times[-1]) if state == S.NURTURING else due
        Record.objects.filter(pk=record.pk).update(
            created_at=times[0], state_since=since, due_at=final_due, updated_at=max(times)
        )


def _father_given(full_name: str) -> str:
    """A father's given name for a child's consent, stable for the child's name."""
    return MALE_GIVEN[sum(map(ord, full_name)) % len(MALE_GIVEN)]


def _milestone_due(
    milestones: Sequence[Milestone], at: datetime.datetime
) -> datetime.datetime | None:
    day = at.astimezone(VN_TZ).date()
    for milestone in milestones:
        if milestone.done_on is None or milestone.done_on > day:
            end = datetime.datetime.combine(milestone.due_date, datetime.time(23, 59, 59))
            return timezone.make_aware(end)
    return None
