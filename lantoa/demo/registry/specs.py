"""The plan of one demo record: what happens, who acts, when.

The planner (`planner`) fills these dataclasses without touching the database; the writer
(`writer`) turns each `Spec` into a record through the services. `KEY_PREFIX` and
`RECORD_COUNT` fix the records' idempotency keys (`demo-001` …) and how many there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from lantoa.exemplars.models import Subject

KEY_PREFIX = "demo-"
RECORD_COUNT = 300


@dataclass
class SubjectSpec:
    full_name: str
    kind: str = Subject.Kind.INDIVIDUAL
    gender: str = ""
    birth_year: int | None = None
    occupation: str = ""
    group: str | None = None
    collective_kind: str = ""
    consents: tuple[str, ...] = ()
    withdraw: str = ""  # a purpose withdrawn later


@dataclass
class Act:
    """One call to a service that writes a timeline step."""

    action: str  # a workflow action, or honour / replicate / milestone / progress
    actor: str
    at: datetime.datetime
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Spec:
    key: str
    kind: str
    title: str
    summary: str
    story: str
    place: str
    deed_date: datetime.date
    created: datetime.datetime
    reporter: str
    org_ref: str
    sector: str
    movement: int | None
    source: str
    unit_name: tuple[str, str] | None  # (legacy district, commune) for Bình Thuận records
    subject: SubjectSpec | None
    subject_of: str = ""  # the key of an earlier record about the same subject
    acts: list[Act] = field(default_factory=list)
    plan: dict[str, Any] | None = None
    shares: list[tuple[str, datetime.datetime]] = field(default_factory=list)
    historical: bool = False
