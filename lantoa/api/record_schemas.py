"""Input and output schemas of the exemplar registry's endpoints (lantoa.api.records)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from lantoa.exemplars.models import RecordKind, RecordState, Subject

# ---------------------------------------------------------------------------------------
# Input


class RecordFilterIn(Schema):
    q: str = Field("", max_length=100, description="Words of the title, summary, place or name")
    state: RecordState | None = None
    kind: RecordKind | None = None
    org: int | None = Field(None, description="Only records reported in this organisation's tree")
    page: int = Field(1, ge=1, le=100_000)


class SubjectIn(Schema):
    full_name: str = Field(min_length=1, max_length=200)
    kind: Subject.Kind = Subject.Kind.INDIVIDUAL
    birth_year: int | None = Field(None, ge=1000, le=9999)
    gender: Subject.Gender | None = None
    priority_group: int | None = Field(None, description="Id of a priority group")
    occupation: str = Field("", max_length=200)


class RecordIn(Schema):
    org: int = Field(description="Id of the reporting organisation")
    kind: RecordKind
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=2000)
    story: str = Field("", max_length=50_000, description="HTML; sanitised on the server")
    deed_date: datetime.date | None = None
    place: str = Field("", max_length=255)
    sector: int | None = Field(None, description="Id of a field of work")
    movement: int | None = Field(None, description="Id of an emulation movement")
    subject_id: int | None = Field(None, description="An existing subject")
    subject: SubjectIn | None = Field(None, description="A new subject (not with subject_id)")


class MilestoneIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    due_date: datetime.date


class PlanIn(Schema):
    mentor_org: int = Field(description="Id of the mentor organisation")
    goal: str = Field("", max_length=5000)
    milestones: list[MilestoneIn] = Field(default_factory=list, max_length=50)


class ChangesIn(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = Field(None, min_length=1, max_length=2000)
    story: str | None = Field(None, max_length=50_000)
    place: str | None = Field(None, max_length=255)
    deed_date: datetime.date | None = None


class TransitionIn(Schema):
    action: str = Field(min_length=1, max_length=30)
    note: str = Field("", max_length=5000)
    target_org: int | None = Field(None, description="For `propose`: the higher level")
    plan: PlanIn | None = Field(None, description="For `start_nurturing`")
    changes: ChangesIn | None = Field(None, description="For `resubmit`: corrected fields")


# ---------------------------------------------------------------------------------------
# Output


class IssuedOrgOut(Schema):
    id: int
    name_as_issued: str


class OrgRefOut(Schema):
    id: int
    name: str


class SubjectRefOut(Schema):
    id: int
    full_name: str


class RecordItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    summary: str
    state: str
    state_label: str
    org: IssuedOrgOut
    handling_org: OrgRefOut
    subject: SubjectRefOut | None
    due_at: datetime.datetime | None
    overdue: bool
    created_at: datetime.datetime


class RecordPageOut(Schema):
    items: list[RecordItemOut]
    count: int
    page: int
    pages: int


class NamedOut(Schema):
    id: int
    name: str


class AdminUnitOut(Schema):
    code: str
    name: str


class ContactOut(Schema):
    phone: str
    email: str
    address: str


class SubjectOut(Schema):
    id: int
    kind: str
    full_name: str
    birth_year: int | None
    gender: str
    occupation: str
    priority_group: NamedOut | None
    admin_unit: AdminUnitOut | None
    contact: ContactOut | None = Field(
        description="Only for callers inside the tree of the organisation holding the subject"
    )


class HonourOut(Schema):
    text: str
    date: datetime.date | None


class ReplicationOut(Schema):
    org: OrgRefOut
    date: datetime.date
    what: str
    result: str


class SpreadOut(Schema):
    units: int
    entries: int


class StepOut(Schema):
    action: str
    from_state: str
    to_state: str
    actor_name: str
    actor_org_name: str
    at: datetime.datetime
    note: str
    seconds_in_previous: int | None
    was_overdue: bool


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    width: int | None
    height: int | None
    created_at: datetime.datetime


class ActionOut(Schema):
    action: str
    label: str
    note_required: bool


class RecordOut(RecordItemOut):
    subject: SubjectOut | None  # type: ignore[assignment]
    story: str
    place: str
    deed_date: datetime.date | None
    source: str
    admin_unit: AdminUnitOut | None
    sector: NamedOut | None
    movement: NamedOut | None
    state_since: datetime.datetime
    honours: list[HonourOut]
    replications: list[ReplicationOut]
    spread: SpreadOut
    timeline: list[StepOut]
    evidence: list[EvidenceOut]
    available_actions: list[ActionOut]
