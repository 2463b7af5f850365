"""The audit log as CSV, streamed; every export is itself an audit event."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.audit.models import AuditEvent
from lantoa.core.errors import NotFound
from lantoa.orgs.access import Action, paths_for, scope_q
from lantoa.orgs.models import Organisation

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def neutralise(value: str) -> str:
    """Make a cell inert: a leading quote shows the text as typed instead of evaluating it."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


class _Line:
    """A file-like object that hands back what the csv writer writes (one line at a time)."""

    def write(self, value: str) -> str:
        return value


def _row(event: AuditEvent) -> list[str]:
    return [
        timezone.localtime(event.at).isoformat(timespec="seconds"),
        event.actor_label,
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        event.org_path,
        event.ip or "",
        event.request_id,
        json.dumps(event.changes, ensure_ascii=False, sort_keys=True, default=str),
    ]


def _lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    header = [
        _("Time"),
        _("Actor"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Organisation path"),
        _("IP address"),
        _("Request id"),
        _("Changes"),
    ]
    # The byte order mark tells Excel the file is UTF-8 (Vietnamese stays readable).
    yield "\ufeff" + writer.writerow(header)
    for event in events:
        yield writer.writerow([neutralise(value) for value in _row(event)])


def export_csv(events: QuerySet[AuditEvent], *, actor: Any) -> Iterator[str]:
    """Lines of a CSV file of `events` (narrowed to the actor's scope), newest first.

    The export event is written now, not when the rows are streamed: a streamed body is read
    after the view returned, outside the request's transaction and context (IP, request id).
    The file holds the events up to that moment, not the export event itself.
    """
    roots = paths_for(actor, Action.VIEW_AUDIT)
    if roots is not None and not roots:
        raise NotFound()
    events = events.filter(scope_q(actor, Action.VIEW_AUDIT, field="org_path"))
    count = events.count()
    scope_org = Organisation.objects.filter(path=roots[0]).first() if roots else None
    event = audit.record(
        actor=actor,
        action="audit.log.exported",
        obj=actor,
        org=scope_org,
        changes={"rows": [None, count]},
    )
    snapshot = events.filter(pk__lt=event.pk).order_by("-at", "-id")
    return _lines(snapshot.iterator(chunk_size=CHUNK))
