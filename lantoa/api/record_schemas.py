"""Input and output schemas of the exemplar registry's endpoints (lantoa.api.records)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, WithJsonSchema

from lantoa.api.pagination import MAX_ID, PageLinks, cursor_description
from lantoa.exemplars.models import Evidence, RecordKind, RecordState, Subject
from lantoa.exemplars.workflow import REGISTRY

# The spec names the workflow table's actions as enums. They are not enforced by the
# schema: an unknown action stays the domain's `400 invalid_action`, and a step the table
# gains later must not turn an answer into a 500 before the spec is regenerated.
TRANSITION_ACTIONS = sorted(t.action for t in REGISTRY.transitions)
SIDE_ACTIONS = sorted(s.action for s in REGISTRY.side_actions)
# "report" is the first step, written by `services.receive_record`, outside the table.
STEP_ACTIONS = ["report", *TRANSITION_ACTIONS, *SIDE_ACTIONS]

TransitionAction = Annotated[
    str, WithJsonSchema({"type": "string", "enum": TRANSITION_ACTIONS, "title": "Action"})
]
# Three models name their choices `Kind`: the spec would merge them into one component
# (a subject's kind would accept "religion"). Each is named for what it is.
SubjectKind = Annotated[
    Subject.Kind,
    WithJsonSchema({"type": "string", "enum": Subject.Kind.values, "title": "SubjectKind"}),
]
EvidenceKind = Annotated[
    Evidence.Kind,
    WithJsonSchema({"type": "string", "enum": Evidence.Kind.values, "title": "EvidenceKind"}),
]

# A step's `from_state`: the first step ("report") comes from no state.
FromState = Annotated[
    str,
    WithJsonSchema({"type": "string", "enum": ["", *RecordState.values], "title": "FromState"}),
]
StepAction = Annotated[
    str, WithJsonSchema({"type": "string", "enum": STEP_ACTIONS, "title": "StepAction"})
]

# ---------------------------------------------------------------------------------------
# Input


class RecordSelectionIn(Schema):
    """The record list's filters (`GET /records`' query, `POST /records/exports`' body)."""

    q: str = Field("", max_length=100, description="Words of the title, summary, place or name")
    state: RecordState | None = None
    kind: RecordKind | None = None
    org: int | None = Field(None, description="Only records reported in this organisation's tree")
    priority_group: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only records about a subject of this priority group"
    )
    sector: int | None = Field(None, ge=1, le=MAX_ID, description="Only records of this field")
    movement: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only records of this emulation movement"
    )
    overdue: bool = Field(False, description="Only records whose due date has passed")


class RecordFilterIn(RecordSelectionIn):
    cursor: str | None = Field(None, max_length=500, description=cursor_description())


class RecordExportIn(RecordSelectionIn):
    """The list's filters in a JSON body, where a number or a boolean must be one (a query
    string holds only text, which the list's filters convert)."""

    format: Literal["csv", "xlsx"] = Field(
        description="`csv` (UTF-8 with a byte order mark) or `xlsx` (an Excel workbook)"
    )
    org: StrictInt | None = Field(
        None, ge=1, le=MAX_ID, description="Only records reported in this organisation's tree"
    )
    priority_group: StrictInt | None = Field(
        None, ge=1, le=MAX_ID, description="Only records about a subject of this priority group"
    )
    sector: StrictInt | None = Field(
        None, ge=1, le=MAX_ID, description="Only records of this field"
    )
    movement: StrictInt | None = Field(
        None, ge=1, le=MAX_ID, description="Only records of this emulation movement"
    )
    overdue: StrictBool = Field(False, description="Only records whose due date has passed")


class SubjectIn(Schema):
    full_name: str = Field(min_length=1, max_length=200)
    kind: SubjectKind = Subject.Kind.INDIVIDUAL
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
    action: TransitionAction = Field(min_length=1, max_length=30)
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
    kind: RecordKind
    kind_label: str
    title: str
    summary: str
    state: RecordState
    state_label: str
    org: IssuedOrgOut
    handling_org: OrgRefOut
    subject: SubjectRefOut | None
    due_at: datetime.datetime | None
    overdue: bool
    created_at: datetime.datetime


class RecordPageOut(PageLinks):
    items: list[RecordItemOut]


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
    kind: SubjectKind
    full_name: str
    birth_year: int | None
    gender: Subject.Gender | None
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
    org: OrgRefOut | None = Field(description="The unit of the system; null for one outside it")
    outside_name: str = ""
    outside_place: str = ""
    confirmed: bool = Field(description="Counted for spread (confirmed by the unit, or outside)")
    date: datetime.date
    what: str
    result: str


class SpreadOut(Schema):
    units: int
    entries: int


class StepOut(Schema):
    action: StepAction
    from_state: FromState
    to_state: RecordState
    actor_name: str
    actor_org_name: str
    at: datetime.datetime
    note: str
    seconds_in_previous: int | None
    was_overdue: bool


class EvidenceOut(Schema):
    id: int
    kind: EvidenceKind
    original_name: str
    content_type: str
    size: int
    width: int | None
    height: int | None
    created_at: datetime.datetime


class ActionOut(Schema):
    action: TransitionAction
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
