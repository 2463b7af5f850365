"""Data for the staff benchmark (`bench/staff_http.py`): one cached database per size.

    var/bench/staff-<size>.sqlite3  or  lantoa_bench_<size>   (PostgreSQL, created here)

Each holds the national tree (`bench/generate.py`), `size` records and 30 % as many subjects
(`bench/registry_generate.py`), one published story per fifty records
`bench/portal_generate.py`) and, from this module, what an officer's pages read besides:

- the timeline of every record in the measured province: the "reported" step and, when the
  record has moved on, the step into its present state (the transition of the workflow
  table that leads there), each with its audit event as the services write it
  (`exemplars.record.<action>`, on the handling organisation), so record detail pages and
  the audit log are not measured empty. Other provinces' records have no steps (no
  measured page reads them), which keeps the 1M generation within minutes;
- organisation admins of the measured commune Front and of the province Front;
- one API token per measured actor (the raw token is kept in the marker: a bench database).

A marker (`bench_meta` key `staff`) records the version; the rows are written once.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from bench.bulk_load import write_rows
from bench.run import read_meta, write_meta

STAFF_VERSION = 1
MARKER_KEY = "staff"
PREFIX = "bench-staff-"
STEP_COLUMNS = [
    "record_id", "action", "from_state", "to_state", "actor_id", "actor_name", "actor_org_id",
    "actor_org_name", "at", "note", "seconds_in_previous", "previous_due_at", "was_overdue",
]  # fmt: skip
AUDIT_COLUMNS = [
    "at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_repr",
    "org_id", "org_path", "ip", "request_id", "changes",
]  # fmt: skip


def action_into(state: str) -> str:
    """The workflow table's first transition that ends in `state` (what the step records)."""
    from lantoa.exemplars.workflow import REGISTRY

    for transition in REGISTRY.transitions:
        if transition.target == state:
            return str(transition.action)
    raise KeyError(state)


def raw_token(name: str, size: int) -> str:
    """A stable bearer token for a bench actor: the same on every run of one database."""
    return hashlib.sha256(f"lantoa-bench-staff:{name}:{size}".encode()).hexdigest()


def _stamp(value: datetime.datetime) -> Any:
    """A datetime as the connection stores it: naive UTC text on SQLite, as Django does."""
    if connection.vendor == "postgresql":
        return value
    return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")


def activity_rows(
    records: list[tuple[Any, ...]], names: dict[int, str], verifier: tuple[int, str]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Steps and audit events for `records` (id, title, org, org path, handling org and its
    path, reporter, state, previous state, created, state since), in the columns of STEP_COLUMNS and
    AUDIT_COLUMNS."""
    steps: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    verifier_id, verifier_label = verifier
    for row in records:
        rid, title, org, org_path, handling, handling_path, reporter, state, before = row[:9]
        created, since = row[9:]
        steps.append(
            (
                rid,
                "report",
                "",
                "reported",
                reporter,
                "",
                org,
                names.get(org, ""),
                _stamp(created),
                "",
                None,
                None,
                False,
            )
        )
        events.append(
            (
                _stamp(created),
                reporter,
                f"{PREFIX}reporter",
                "exemplars.record.reported",
                "exemplars.record",
                str(rid),
                title[:255],
                org,
                org_path,
                None,
                "",
                "{}",
            )
        )
        if state == "reported":
            continue
        action = action_into(state)
        seconds = max(0, int((since - created).total_seconds()))
        steps.append(
            (
                rid,
                action,
                before or "reported",
                state,
                verifier_id,
                verifier_label,
                handling,
                names.get(handling, ""),
                _stamp(since),
                "",
                seconds,
                None,
                False,
            )
        )
        events.append(
            (
                _stamp(since),
                verifier_id,
                verifier_label,
                f"exemplars.record.{action}",
                "exemplars.record",
                str(rid),
                title[:255],
                handling,
                handling_path,
                None,
                "",
                json.dumps({"state": [before or "reported", state]}),
            )
        )
    return steps, events


def generate_activity(
    registry_marker: dict[str, Any], size: int, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Steps, audit events, org admins and API tokens (see the module docstring)."""
    from lantoa.accounts.models import ApiToken, User
    from lantoa.exemplars.models import Record
    from lantoa.orgs.models import Membership, Organisation, Role

    started = time.perf_counter()
    province = Organisation.objects.get(pk=registry_marker["province_front_id"])
    commune = Organisation.objects.get(pk=registry_marker["commune_front_id"])
    verifier = User.objects.get(pk=registry_marker["province_verifier_id"])
    records = list(
        Record.objects.filter(org_path__startswith=province.path)
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "org_id",
            "org_path",
            "handling_org_id",
            "handling_org__path",
            "reporter_id",
            "state",
            "previous_state",
            "created_at",
            "state_since",
        )
    )
    names = dict(
        Organisation.objects.filter(path__startswith=province.path).values_list("pk", "name")
    )
    steps, events = activity_rows(records, names, (verifier.pk, verifier.get_username()))
    n_steps = write_rows("exemplars_recordstep", STEP_COLUMNS, iter(steps))
    n_events = write_rows("audit_auditevent", AUDIT_COLUMNS, iter(events))
    log(f"  wrote {n_steps:,} steps and {n_events:,} audit events for {len(records):,} records")

    users: dict[str, int] = {}
    for name, org, role in (
        ("commune-admin", commune, Role.ORG_ADMIN),
        ("province-admin", province, Role.ORG_ADMIN),
    ):
        user = User(username=f"{PREFIX}{name}", full_name=name)
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, organisation=org, org_path=org.path, role=role)
        users[name] = user.pk
    users["commune-verifier"] = registry_marker["commune_verifier_id"]
    users["province-verifier"] = registry_marker["province_verifier_id"]
    expires = timezone.now() + datetime.timedelta(days=3650)
    for name, pk in users.items():
        ApiToken.objects.create(
            user_id=pk, digest=ApiToken.digest_of(raw_token(name, size)), expires_at=expires
        )
    return {
        "version": STAFF_VERSION,
        "users": users,
        "steps": n_steps,
        "events": n_events,
        "seconds": round(time.perf_counter() - started, 1),
    }


def ensure_activity(registry_marker: dict[str, Any], size: int) -> dict[str, Any]:
    marker = read_meta(MARKER_KEY)
    if marker and marker.get("version") == STAFF_VERSION:
        print(f"Reusing staff activity ({marker['steps']:,} steps, {marker['events']:,} events).")
        return marker
    if marker:
        raise SystemExit(
            "The staff activity of this database is of an older version: run with --regenerate."
        )
    print("Writing steps, audit events, org admins and API tokens (first run only)…")
    with transaction.atomic():
        marker = generate_activity(registry_marker, size)
        write_meta(MARKER_KEY, marker)
    with connection.cursor() as cursor:
        for table in ("exemplars_recordstep", "audit_auditevent", "accounts_apitoken"):
            cursor.execute(f"ANALYZE {table}")
    return marker
