"""The audit log as CSV (streamed) or XLSX; every export is itself an audit event."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lantoa.audit import services as audit
from lantoa.audit.models import AuditEvent
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import NotFound
from lantoa.orgs.access import Action, paths_for, scope_q
from lantoa.orgs.models import Organisation

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet that splits a cell again on `;`, `,` or tab (a CSV opened with another
# delimiter, "text to columns") makes a new cell of what follows: a formula there too.
HIDDEN_FORMULA = re.compile(r"[;,\t][=+\-@\t\r]")
CHUNK = 2000


def neutralise(value: str) -> str:
    """Make a cell inert: a leading quote shows the text as typed instead of evaluating it."""
    if value.startswith(FORMULA_PREFIXES) or HIDDEN_FORMULA.search(value):
        return "'" + value
    return value


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


def _header() -> list[str]:
    return [
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


def _lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    # The byte order mark tells Excel the file is UTF-8 (Vietnamese stays readable).
    yield "\ufeff" + writer.writerow(_header())
    for event in events:
        yield writer.writerow([neutralise(value) for value in _row(event)])


def record_export(
    events: QuerySet[AuditEvent], *, actor: Actor
) -> tuple[QuerySet[AuditEvent], AuditEvent]:
    """Narrow `events` to the actor's scope, write the export event, and return the events
    written before it, newest first (the file holds the log up to that moment, not the
    export event itself), with the export event. Someone without the audit right anywhere
    is NotFound."""
    roots = paths_for(actor, Action.VIEW_AUDIT)
    if roots is not None and not roots:
        raise NotFound()
    events = events.filter(scope_q(actor, Action.VIEW_AUDIT, field="org_path"))
    count = events.count()
    scope_org = Organisation.objects.filter(path=roots[0]).first() if roots else None
    event = audit.record(
        actor=actor,
        action="audit.log.exported",
        obj=signed_in(actor),
        org=scope_org,
        changes={"rows": [None, count]},
    )
    return events.filter(pk__lt=event.pk).order_by("-at", "-id"), event


def export_csv(events: QuerySet[AuditEvent], *, actor: Actor) -> Iterator[str]:
    """Lines of a CSV file of `events` (narrowed to the actor's scope), newest first.

    The export event is written now, not when the rows are streamed: a streamed body is read
    after the view returned, outside the request's transaction and context (IP, request id).
    """
    snapshot, _event = record_export(events, actor=actor)
    return _lines(snapshot.iterator(chunk_size=CHUNK))


def write_csv(
    events: QuerySet[AuditEvent],
    out: IO[bytes],
    *,
    chunk: int,
    progress: Callable[[int, int, int, int], None],
) -> int:
    """Write `events` as the same CSV file to `out`, `chunk` rows a step, calling
    `progress(step, steps, rows_written, rows)` after the header and after each step.
    Returns the number of rows written."""
    rows = events.count()
    steps = max(1, -(-rows // chunk))
    writer = csv.writer(_Line(), lineterminator="\r\n")
    out.write(("\ufeff" + writer.writerow(_header())).encode())
    progress(0, steps, 0, rows)
    written = step = 0
    batch: list[str] = []
    for event in events.iterator(chunk_size=chunk):
        batch.append(writer.writerow([neutralise(value) for value in _row(event)]))
        if len(batch) == chunk:
            out.write("".join(batch).encode())
            written, step, batch = written + len(batch), step + 1, []
            progress(min(step, steps), steps, written, rows)
    if batch or step == 0:
        out.write("".join(batch).encode())
        written += len(batch)
        progress(steps, steps, written, rows)
    return written


def write_xlsx(
    events: QuerySet[AuditEvent],
    out: IO[bytes],
    *,
    chunk: int,
    progress: Callable[[int, int, int, int], None],
) -> int:
    """The same rows as `write_csv`, as an Excel workbook (one sheet; cells are text, made
    inert like the CSV's: a workbook cell starting with `=` would be a formula). openpyxl's
    write-only mode keeps one row in memory at a time. Returns the number of rows written."""
    rows = events.count()
    steps = max(1, -(-rows // chunk))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Audit log")[:31])
    sheet.append(_header())
    progress(0, steps, 0, rows)
    written = 0
    for event in events.iterator(chunk_size=chunk):
        sheet.append([neutralise(value) for value in _row(event)])
        written += 1
        if written % chunk == 0:
            progress(written // chunk, steps, written, rows)
    book.save(out)
    if written % chunk or written == 0:
        progress(steps, steps, written, rows)
    return written


def export_xlsx(events: QuerySet[AuditEvent], *, actor: Actor) -> bytes:
    """An XLSX file of `events` (narrowed to the actor's scope), newest first; the export
    event is written like `export_csv`'s."""
    snapshot, _event = record_export(events, actor=actor)
    out = io.BytesIO()
    write_xlsx(snapshot, out, chunk=CHUNK, progress=lambda *args: None)
    return out.getvalue()
