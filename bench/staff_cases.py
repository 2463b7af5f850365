"""What the staff benchmark requests: the pages officers use, per actor, with varied queries.

Each `Case` is one page (or API list) for one actor, with a rotation of `(path, marker)`
items: request *i* of the case asks item *i* (modulo their number). Where a page takes a
query (search, a filter value, a record id) the items differ, so no two requests of a round
ask the same thing. The marker is text the answer must carry (a heading, the record's
title, `"items":`); an answer that is not a 200 with its marker fails the benchmark.

Built in the child process that measures one database (`bench/staff_http.py`), after the
data is there (`bench/staff_data.py`).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

PAGE_TARGET_MS = 100.0
SEARCH_TARGET_MS = 150.0
SMALL_TARGET_MS = 50.0  # every page at 300 records
SEARCH_WORDS = (2, 3)


@dataclass
class Case:
    group: str  # who asks: "commune verifier", "province admin", "public", …
    name: str
    items: list[tuple[str, str]]  # (path, marker)
    auth: str = ""  # actor key: its session cookie, or its token for /api/ paths
    search: bool = False  # a search: the 150 ms target
    kind: str = "page"  # page | api | public
    note: str = ""
    method: str = "GET"
    bodies: list[str] = field(default_factory=list)  # JSON bodies, rotated like `items`
    status: int = 200  # the answer's status that, with the marker, counts as served

    def item(self, i: int) -> tuple[str, str]:
        return self.items[i % len(self.items)]

    def body(self, i: int) -> str | None:
        return self.bodies[i % len(self.bodies)] if self.bodies else None


@dataclass
class Actors:
    """The measured users (marker `users` of bench/staff_generate.py) and their orgs."""

    users: dict[str, Any] = field(default_factory=dict)
    orgs: dict[str, Any] = field(default_factory=dict)


def windows(text: str, rng: random.Random) -> str:
    """A run of 2–3 consecutive words of `text` (the way officers type a search)."""
    words = [w for w in text.split() if w.isalpha()]
    if len(words) < 2:
        return " ".join(words)
    n = min(len(words), rng.choice(SEARCH_WORDS))
    start = rng.randrange(len(words) - n + 1)
    return " ".join(words[start : start + n])


def distinct_queries(texts: list[str], count: int, rng: random.Random) -> list[str]:
    """`count` different 2–3-word queries drawn from `texts` (fewer if the data has fewer)."""
    seen: dict[str, None] = {}
    for _ in range(count * 50):
        if len(seen) >= count or not texts:
            break
        q = windows(rng.choice(texts), rng)
        if len(q.split()) >= 2:
            seen.setdefault(q, None)
    return list(seen)


def rotated(values: list[Any], rng: random.Random, limit: int) -> list[Any]:
    values = list(values)
    rng.shuffle(values)
    return values[:limit]


def _h1(text: str) -> str:
    from django.utils.html import escape

    return f"{escape(text)}</h1>"


def staff_cases(actor_key: str, label: str, actors: Actors, rounds: int, seed: int) -> list[Case]:
    """Home, inbox, the record list unfiltered and with each filter alone, search, record
    detail in each state and the subject page, for one verifier."""
    from django.utils.translation import gettext as _

    from lantoa.exemplars.models import PriorityGroup, Record, RecordState, Sector
    from lantoa.orgs.models import Organisation
    from lantoa.staff.forms.lists import RecordFilterForm

    rng = random.Random(f"{seed}-{actor_key}")
    user = actors.users[actor_key]
    org = actors.orgs[actor_key]
    own = Record.objects.filter(org_path__startswith=org.path)
    list_h1 = _h1(_("Records"))
    cases = [
        Case(label, "home", [("/staff/", _h1(_("Hello, %(name)s") % {"name": user.display_name}))]),
        Case(label, "inbox", [("/staff/inbox/", _h1(_("Inbox")))]),
        Case(label, "record list, unfiltered", [("/staff/records/", list_h1)]),
    ]

    def listed(name: str, values: list[dict[str, Any]]) -> None:
        if values:
            items = [(f"/staff/records/?{urlencode(v)}", list_h1) for v in values]
            cases.append(Case(label, f"record list, {name}", items))

    states = [s for s in RecordState.values if s != RecordState.REPORTED]
    listed("state=reported", [{"state": RecordState.REPORTED}])
    listed("state (each other state)", [{"state": s} for s in states])
    listed("overdue", [{"overdue": "on"}])
    groups = list(PriorityGroup.objects.values_list("pk", flat=True))
    listed("priority_group", [{"priority_group": g} for g in groups])
    sectors = list(Sector.objects.values_list("pk", flat=True))
    listed("field (sector)", [{"sector": s} for s in sectors])
    if "movement" in RecordFilterForm.base_fields:  # a filter other engineers are adding
        from lantoa.exemplars.models import Movement

        listed("movement", [{"movement": m} for m in Movement.objects.values_list("pk", flat=True)])
    subtree = Organisation.objects.filter(path__startswith=org.path, valid_to__isnull=True)
    orgs = rotated(list(subtree.values_list("pk", flat=True)[:2000]), rng, rounds)
    listed("organisation", [{"org": o} for o in orgs])

    titles = list(own.values_list("title", flat=True)[:3000])
    names = list(
        own.filter(subject__isnull=False).values_list("subject__full_name", flat=True)[:3000]
    )
    queries = distinct_queries(titles + names, rounds, rng)
    if queries:
        items = [(f"/staff/records/?q={quote(q)}", list_h1) for q in queries]
        cases.append(Case(label, "staff search, 2–3 words", items, search=True))

    for state in RecordState.values:
        picked = list(
            own.filter(state=state).order_by("-created_at").values_list("pk", "title")[:200]
        )
        picked = rotated(picked, rng, rounds)
        if picked:
            items = [(f"/staff/records/{pk}/", _h1(title)) for pk, title in picked]
            cases.append(Case(label, f"record detail, {state}", items))
    subjects = own.filter(subject__isnull=False).values_list("subject_id", "subject__full_name")
    picked = rotated(list(subjects[:500]), rng, rounds)
    if picked:
        items = [(f"/staff/subjects/{pk}/", _h1(name)) for pk, name in picked]
        cases.append(Case(label, "subject page", items))
    for case in cases:
        case.auth = actor_key
    return cases


def admin_cases(actor_key: str, label: str, actors: Actors, rounds: int, seed: int) -> list[Case]:
    """The organisation pages and the audit log of one organisation admin."""
    from django.utils.html import escape
    from django.utils.translation import gettext as _

    from lantoa.orgs.models import Organisation

    rng = random.Random(f"{seed}-{actor_key}")
    org = actors.orgs[actor_key]
    children = Organisation.objects.filter(path__startswith=org.path, valid_to__isnull=True)
    picked = rotated(list(children.values_list("pk", "name")[:2000]), rng, rounds)
    audit_h1 = _h1(_("Audit log"))
    cases = [
        Case(
            label,
            "organisation list",
            [(f"/staff/orgs/?parent={org.pk}", escape(_("Organisations")))],
        ),
        Case(
            label,
            "organisation page",
            [(f"/staff/orgs/{pk}/", escape(name)) for pk, name in picked],
        ),
        Case(label, "audit log", [("/staff/audit/", audit_h1)]),
        Case(
            label,
            "audit log, one action",
            [
                (f"/staff/audit/?action=exemplars.record.{a}", audit_h1)
                for a in ("verify", "reported", "reject")
            ],
        ),
    ]
    for case in cases:
        case.auth = actor_key
    return cases


def api_lists() -> list[tuple[str, bool]]:
    """Every list of the API, from its OpenAPI schema: GET operations without a path
    parameter that answer a page (`…PageOut`) or an array. (path, answers a page)."""
    from lantoa.api.urls import api

    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        op = operations.get("get")
        if op is None or "{" in path:
            continue
        response = op["responses"].get(200) or op["responses"].get("200") or {}
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        ref = str(schema.get("$ref", ""))
        if ref.endswith("PageOut") or schema.get("type") == "array":
            found.append((path, ref.endswith("PageOut")))
    return found


def api_cases(actor_key: str, label: str, actors: Actors, rounds: int, seed: int) -> list[Case]:
    """Every API list, with the query variants it takes, as one token holder."""
    from lantoa.exemplars.models import Record, RecordState
    from lantoa.orgs.models import Organisation

    rng = random.Random(f"{seed}-api-{actor_key}")
    org = actors.orgs[actor_key]
    own = Record.objects.filter(org_path__startswith=org.path)
    titles = list(own.values_list("title", flat=True)[:3000])
    names = list(
        own.filter(subject__isnull=False).values_list("subject__full_name", flat=True)[:3000]
    )
    orgs = list(
        Organisation.objects.filter(path__startswith=org.path).values_list("pk", flat=True)[:500]
    )
    variants: dict[str, list[tuple[str, list[dict[str, Any]]]]] = {
        "/api/v1/records": [
            ("", [{}]),
            ("state", [{"state": s} for s in RecordState.values]),
            ("org", [{"org": o} for o in rotated(orgs, rng, rounds)]),
            ("q", [{"q": q} for q in distinct_queries(titles, rounds, rng)]),
        ],
        "/api/v1/orgs": [
            ("", [{}]),
            ("parent", [{"parent": o} for o in rotated(orgs, rng, rounds)]),
        ],
        "/api/v1/subjects/duplicates": [
            ("name", [{"name": n} for n in rotated(sorted(set(names)), rng, rounds)]),
        ],
        "/api/v1/public/stories": [
            ("", [{}]),
            ("q", [{"q": q} for q in distinct_queries(titles, rounds, rng)]),
        ],
    }
    cases = []
    for path, page in api_lists():
        marker = '"items":' if page else "["
        for name, params in variants.get(path, [("", [{}])]):
            params = [p for p in params if all(v not in ("", None) for v in p.values())]
            if not params:
                continue
            items = [(f"{path}?{urlencode(p)}" if p else path, marker) for p in params]
            title = f"GET {path}" + (f" ?{name}=…" if name else "")
            cases.append(Case(label, title, items, auth=actor_key, kind="api", search=name == "q"))
    return cases


EXPORT_PATH = "/api/v1/records/exports"
# The marker of a started export: a 202 whose body names the job.
EXPORT_MARKER = '"kind": "exemplars.records.export"'


def export_cases(actor_key: str, label: str, rounds: int, seed: int) -> list[Case]:
    """ "Start export" through the API as one token holder: 202 with the job (the worker is
    not running during the latency rounds; the queued exports are dropped before the
    progress run, `bench/staff_http.py`). Formats and filters vary from request to request."""
    from lantoa.exemplars.models import RecordState

    rng = random.Random(f"{seed}-export-{actor_key}")
    filters: list[dict[str, Any]] = [{}, {"overdue": True}] + [
        {"state": s} for s in RecordState.values
    ]
    bodies = [json.dumps({"format": fmt, **f}) for fmt in ("csv", "xlsx") for f in filters]
    bodies = rotated(bodies, rng, max(rounds, 1))
    items = [(EXPORT_PATH, EXPORT_MARKER)] * len(bodies)
    return [
        Case(
            label,
            "POST /api/v1/records/exports (start export)",
            items,
            auth=actor_key,
            kind="api",
            method="POST",
            bodies=bodies,
            status=202,
        )
    ]
