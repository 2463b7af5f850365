"""What happens to a current demo record after it is reported, as planned acts.

`_Lifecycle` is the part of the planner (`planner._Planner` derives from it) that scripts
the timeline of a record of the current organisations: verification or return, rejection,
proposal, nurturing with its milestones and progress notes, recognition and honours,
sharing with the public and units learning from it. Every moment and choice comes from the
planner's seeded random generator, in the order the planner calls it, so the demo data is
the same from run to run.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from lantoa.demo.registry.content import (
    COMMUNES,
    DECLINE_NOTES,
    MILESTONES,
    PROGRESS_NOTES,
    REJECT_NOTES,
    RESUBMIT_NOTES,
    RETURN_NOTES,
)
from lantoa.demo.registry.specs import Act, Spec
from lantoa.demo.registry.templates import Template
from lantoa.exemplars.models import Consent, RecordKind, RecordShare, RecordState
from lantoa.timeliness.calendar import VN_TZ

S = RecordState
K = RecordKind


class _Lifecycle:
    """Moments and the acts after the report; `_Planner` sets `rng` and `now`."""

    rng: random.Random
    now: datetime.datetime

    # -- moments -------------------------------------------------------------------------

    def _working_hour(self, moment: datetime.datetime) -> datetime.datetime:
        local = moment.astimezone(VN_TZ)
        return local.replace(
            hour=self.rng.randint(7, 17), minute=self.rng.randint(0, 59), second=0, microsecond=0
        )

    def _after(self, moment: datetime.datetime, lo: float, hi: float) -> datetime.datetime:
        nxt = self._working_hour(moment + datetime.timedelta(days=self.rng.uniform(lo, hi)))
        if nxt <= moment:
            nxt = moment + datetime.timedelta(minutes=self.rng.randint(20, 180))
        return nxt

    # -- current records after the report ----------------------------------------------

    def _clamp(self, spec: Spec) -> None:
        """Move a record whose planned steps run past now back in time, all of it at once."""
        moments = [a.at for a in spec.acts] + [when for _a, when in spec.shares]
        limit = self.now - datetime.timedelta(hours=1)
        if not moments or max(moments) < limit:
            return
        shift = max(moments) - limit + datetime.timedelta(minutes=self.rng.randint(5, 240))
        spec.created -= shift
        for a in spec.acts:
            a.at -= shift
        spec.shares = [(audience, when - shift) for audience, when in spec.shares]
        spec.deed_date = min(spec.deed_date, spec.created.astimezone(VN_TZ).date())

    def _script(
        self,
        spec: Spec,
        template: Template,
        state: str,
        verifier: str,
        leader: str,
        overdue: bool,
        province_level: bool,
    ) -> None:
        rng = self.rng
        acts = spec.acts
        t = spec.created

        def act(
            action: str, actor: str, lo: float, hi: float, note: str = "", **extra: Any
        ) -> None:
            nonlocal t
            t = self._after(t, lo, hi)
            acts.append(Act(action, actor, t, note, extra))

        if state == S.REPORTED:
            return
        if state == S.UNDER_VERIFICATION:
            act("start_verification", verifier, 0.5, 3)
            return
        if state == S.RETURNED:
            if rng.random() < 0.5:
                act("start_verification", verifier, 0.5, 2)
            act("return", verifier, 1, 4, rng.choice(RETURN_NOTES))
            return
        if state == S.REJECTED:
            act("start_verification", verifier, 0.5, 3)
            act("reject", verifier, 1, 8, rng.choice(REJECT_NOTES))
            return
        # Verified by the level above, sometimes after a round of questions; sometimes late.
        path = rng.random()
        if path < 0.2:
            act("return", verifier, 1, 5, rng.choice(RETURN_NOTES))
            act("resubmit", spec.reporter, 1, 6, rng.choice(RESUBMIT_NOTES))
            act("verify", verifier, 1, 7)
        elif path < 0.75:
            act("start_verification", verifier, 0.3, 3)
            act("verify", verifier, 1, 18 if rng.random() < 0.25 else 9)
        else:
            act("verify", verifier, 0.5, 6)
        if state == S.VERIFIED:
            if not province_level and rng.random() < 0.1:
                act("propose", verifier, 1, 10)
                act("decline_proposal", "tinh.mttq", 2, 12, rng.choice(DECLINE_NOTES))
            self._spread(spec, template, t, verifier, leader, replications=rng.random() < 0.3)
            return
        if state == S.PROPOSED:
            act("propose", leader, 1, 7)
            return
        if state == S.NURTURING:
            self._nurture(spec, template, t, verifier, finish=False, overdue=overdue)
            return
        # Recognised: by the commune, or by the province after a proposal, or after nurturing.
        route = rng.random()
        province_honour = rng.choice(
            (
                "Bằng khen của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng",
                "Bằng khen của Chủ tịch UBND tỉnh Lâm Đồng",
            )
        )
        commune_honour = (
            province_honour
            if province_level
            else f"Giấy khen của Ủy ban MTTQ Việt Nam {self._commune_of(spec)}"
        )
        if template.kind in {K.IDEA, K.GOOD_PRACTICE} and route < 0.3 and (self.now - t).days > 120:
            t = self._nurture(spec, template, t, verifier, finish=True, overdue=False)
            act("recognise", leader, 1, 10)
            honour_by, honour = leader, commune_honour
        elif not province_level and route < 0.55:
            act("propose", leader, 1, 8)
            act("verify", "tinh.mttq", 2, 12)
            act("recognise", "tinh.mttq", 3, 25)
            honour_by, honour = "tinh.mttq", province_honour
        else:
            act("recognise", leader, 1, 15)
            honour_by, honour = leader, commune_honour
        act("honour", honour_by, 0, 12, extra_text=honour)
        self._spread(spec, template, t, verifier, leader, replications=True)

    def _commune_of(self, spec: Spec) -> str:
        for commune in COMMUNES:
            if spec.place.endswith(commune.short):
                return commune.short
        return "tỉnh Lâm Đồng"

    def _nurture(
        self,
        spec: Spec,
        template: Template,
        t: datetime.datetime,
        verifier: str,
        *,
        finish: bool,
        overdue: bool,
    ) -> datetime.datetime:
        """A plan of 3–4 milestones. `finish`: all done (recognition follows); otherwise
        some done and the rest open, the first open one past due when `overdue`."""
        rng = self.rng
        start = self._after(t, 1, 7)
        spec.acts.append(Act("start_nurturing", verifier, start))
        begin = start.astimezone(VN_TZ).date()
        today = self.now.astimezone(VN_TZ).date()
        count = rng.randint(3, 4)
        if finish:
            last = min(begin + datetime.timedelta(days=200), today - datetime.timedelta(days=25))
            gap = max(5, (last - begin).days // count)
            dues = [begin + datetime.timedelta(days=gap * (i + 1)) for i in range(count)]
            n_done = count
        else:
            n_done = rng.randint(1, count - 1)
            gap = max(7, (today - begin).days // (n_done + 1))
            dues = [begin + datetime.timedelta(days=gap * (i + 1)) for i in range(count)]
            for i in range(n_done, count):  # the open ones lie ahead...
                dues[i] = max(dues[i], today + datetime.timedelta(days=10 + 30 * (i - n_done)))
            if overdue:  # ...except one that should have been done already
                n_done -= 1
                dues[n_done] = min(dues[n_done], today - datetime.timedelta(days=5))
        spec.plan = {
            "mentor": spec.org_ref,
            "goal": template.goal or "Hỗ trợ để trở thành điển hình",
            "milestones": [(MILESTONES[i], d) for i, d in enumerate(dues)],
        }
        t = start
        for i in range(n_done):
            done = datetime.datetime.combine(
                dues[i] - datetime.timedelta(days=rng.randint(0, 4)),
                datetime.time(rng.randint(8, 16)),
                tzinfo=VN_TZ,
            )
            if done <= t:
                done = t + datetime.timedelta(hours=rng.randint(2, 30))
            if done >= self.now:
                break
            if rng.random() < 0.5:
                note_at = t + (done - t) * rng.uniform(0.3, 0.7)
                spec.acts.append(
                    Act("progress", spec.reporter, note_at, rng.choice(PROGRESS_NOTES))
                )
            spec.acts.append(Act("milestone", verifier, done, extra={"index": i}))
            t = done
        return t

    def _spread(
        self,
        spec: Spec,
        template: Template,
        t: datetime.datetime,
        verifier: str,
        leader: str,
        *,
        replications: bool,
    ) -> None:
        rng = self.rng
        subject = spec.subject
        if (
            subject is not None
            and Consent.Purpose.SHOW_FULL_NAME in subject.consents
            and leader != "tinh.mttq"
            and rng.random() < 0.5
        ):
            when = self._after(t, 1, 20)
            if when < self.now:
                spec.shares.append((RecordShare.Audience.PUBLIC, when))
        if not replications or not template.replication:
            return
        own = spec.org_ref
        units = [(u, f"{k}:{c.name}") for c in COMMUNES for u, _n, k in c.reporters]
        units = [u for u in units if u[1] != own]
        for username, org_ref in rng.sample(units, rng.randint(1, 4)):
            when = self._after(t, 5, 120)
            if when >= self.now:
                continue
            spec.acts.append(
                Act(
                    "replicate",
                    username,
                    when,
                    template.replication,
                    {
                        "org": org_ref,
                        "result": rng.choice(
                            (
                                "",
                                "Bước đầu được người dân hưởng ứng.",
                                f"Đã có {rng.randint(5, 60)} hộ tham gia.",
                                "Đưa vào nội dung sinh hoạt định kỳ của chi hội.",
                            )
                        ),
                    },
                )
            )
        spec.acts.sort(key=lambda a: a.at)
