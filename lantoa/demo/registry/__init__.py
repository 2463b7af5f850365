"""Demo records: about 300 exemplars and good deeds across the demo tree (docs/demo-data.md).

`seed_records()` runs after `lantoa.demo.orgs.seed_demo()`. Every record goes through the
services (`report_record`, `transition_record`, `add_honour`, `add_replication`,
`record_consent`, …) with the persona who would act, so timelines, permissions and audit
events are the real ones. The services stamp everything "now"; afterwards the timestamps of
the record, its steps, plan, honours, replications, consents and shares are moved to the
planned moments (2014–2015 for the Bình Thuận records, July 2025 to now for the others),
and the due dates and "late" flags are recomputed from those moments with the same
policies (`timeliness.calendar.due_for`). The audit log is append-only and keeps the real
time of seeding.

Idempotent: records carry the idempotency keys `demo-001` … and are generated from a
fixed random seed, so a second run finds them (≥ 250 present: nothing to do; fewer: only
the missing ones are created). Refused in production, like the tree.

The package is split by concept: `names` (Vietnamese names), `templates` (what generated
records say), `content` (communes, officers, legacy places, notes, handwritten records),
`specs` (the plan of one record), `lifecycle` and `planner` (laying out every record from
the seed), and `writer` (writing them through the services and moving the timestamps). The
names other code uses are re-exported here.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lantoa.demo.orgs import ensure_not_production
from lantoa.demo.registry.content import LEGACY_OFFICERS
from lantoa.demo.registry.names import random_name
from lantoa.demo.registry.planner import _Planner
from lantoa.demo.registry.publications import (
    PUBLICATION_COUNT,
    demo_publications,
    seed_publications,
)
from lantoa.demo.registry.specs import KEY_PREFIX, RECORD_COUNT
from lantoa.demo.registry.templates import TEMPLATES
from lantoa.demo.registry.writer import _Writer
from lantoa.exemplars.models import Record
from lantoa.orgs.access import forget

__all__ = [
    "DONE_THRESHOLD",
    "KEY_PREFIX",
    "PUBLICATION_COUNT",
    "RECORD_COUNT",
    "TEMPLATES",
    "demo_publications",
    "demo_records",
    "random_name",
    "seed_publications",
    "seed_records",
]

# A second run does nothing once this many demo records exist.
DONE_THRESHOLD = 250


def demo_records() -> QuerySet[Record]:
    return Record.objects.filter(idempotency_key__startswith=KEY_PREFIX)


def seed_records(now: datetime.datetime | None = None) -> int:
    """Create the demo records (after `seed_demo()`) and publish their stories
    (`publications.seed_publications`); return how many records were created."""
    ensure_not_production()
    now = now or timezone.now()
    created = 0
    if demo_records().count() < DONE_THRESHOLD:
        created = _write_records(now)
    seed_publications(now)
    return created


def _write_records(now: datetime.datetime) -> int:
    specs = _Planner(now).plan()
    with transaction.atomic():
        writer = _Writer()
        writer.load_orgs()
        writer.officers()
        done = {r.idempotency_key: r.subject for r in demo_records().select_related("subject")}
        subjects = {key: subject for key, subject in done.items() if key and subject}
        created = 0
        for spec in specs:
            if spec.key in done:
                continue
            record = writer.write(spec, subjects)
            if record.subject is not None:
                subjects[spec.key] = record.subject
            created += 1
        for username, *_rest in LEGACY_OFFICERS:
            forget(writer.users[username])
    return created
