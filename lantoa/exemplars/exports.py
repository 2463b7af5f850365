"""The record list as a file (CSV or XLSX): the rows the list shows, read in keyset chunks.

The worker writes it (`tasks.export_records`); the request only records the export and
enqueues it (`tasks.start_record_export`), so starting an export never reads the records.
Cells are made inert like the audit log's (`orgs.audit_export.neutralise`).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterator
from dataclasses import fields
from typing import IO, Any

from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lantoa.core.actors import Actor
from lantoa.exemplars.models import Movement, Record, Sector
from lantoa.exemplars.selectors import RecordFilters, record_list
from lantoa.orgs.audit_export import neutralise
from lantoa.orgs.models import Organisation

# The file formats: the same rows as CSV or as an Excel workbook.
FORMATS = ("csv", "xlsx")
# `progress(rows_written, rows)`, after the header and after each chunk.
Progress = Callable[[int, int], None]


def filters_to_json(filters: RecordFilters) -> dict[str, Any]:
    """The list's filters as task arguments (JSON): the organisation by its id."""
    # Not `asdict`: it would deep-copy the organisation object only to drop it.
    data = {f.name: getattr(filters, f.name) for f in fields(filters)}
    data["org"] = filters.org.pk if filters.org is not None else None
    return data


def filters_from_json(data: dict[str, Any]) -> RecordFilters:
    """Task arguments back into the list's filters. An organisation that is gone filters
    nothing rather than everything: `record_list` narrows to the actor's visible records
    in any case."""
    org_id = data.get("org")
    org = Organisation.objects.filter(pk=org_id).first() if org_id is not None else None
    return RecordFilters(
        q=str(data.get("q") or ""),
        state=str(data.get("state") or ""),
        kind=str(data.get("kind") or ""),
        priority_group=data.get("priority_group"),
        sector=data.get("sector"),
        movement=data.get("movement"),
        org=org,
        overdue=bool(data.get("overdue")),
    )


def header() -> list[str]:
    return [
        _("Record id"),
        _("Kind"),
        _("Title"),
        _("Person or collective"),
        _("Reporting organisation"),
        _("Handled by"),
        _("State"),
        _("Field"),
        _("Movement"),
        _("Reported at"),
        _("Due"),
    ]


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def chunks(
    actor: Actor, filters: RecordFilters, *, up_to: datetime.datetime, size: int
) -> Iterator[list[list[str]]]:
    """The visible records matching `filters` reported up to `up_to`, newest first, as rows
    of cells, `size` at a time. Each chunk is one query of the list (`record_list`, the
    same union of visibility parts as the staff list and the API) from the position after
    the previous chunk's last row (keyset on `-created_at, -id`: never an offset), and one
    for the field and movement of its rows (the list's rows do not carry them)."""
    where = Q(created_at__lte=up_to)
    names: dict[type[Model], dict[int, str]] = {Sector: {}, Movement: {}}
    while True:
        page = list(record_list(actor, filters, where)[:size])
        if not page:
            return
        extra = {
            pk: (sector, movement)
            for pk, sector, movement in Record.objects.filter(
                pk__in=[r.pk for r in page]
            ).values_list("pk", "sector_id", "movement_id")
        }
        for model, index in ((Sector, 0), (Movement, 1)):
            wanted = {ids[index] for ids in extra.values()} - {None} - set(names[model])
            for obj in model._default_manager.filter(pk__in=wanted):
                names[model][obj.pk] = str(obj)
        rows = []
        for record in page:
            sector, movement = extra.get(record.pk, (None, None))
            rows.append(
                _row(
                    record,
                    names[Sector].get(sector, "") if sector else "",
                    names[Movement].get(movement, "") if movement else "",
                )
            )
        yield rows
        if len(page) < size:
            return
        last = page[-1]
        where = Q(created_at__lt=last.created_at) | Q(created_at=last.created_at, id__lt=last.pk)


def _row(record: Any, sector: str, movement: str) -> list[str]:
    """`record` is a list row (`selectors.LIST_FIELDS`, with `subject_name` and
    `handling_org_name`): what the list shows, never a contact."""
    return [
        str(record.pk),
        str(record.get_kind_display()),
        record.title,
        record.subject_name or "",
        record.org_name,
        record.handling_org_name or "",
        str(record.get_state_display()),
        sector,
        movement,
        _when(record.created_at),
        _when(record.due_at),
    ]


def count(actor: Actor, filters: RecordFilters, *, up_to: datetime.datetime) -> int:
    """How many rows the file will hold (the worker's progress total; never the request's)."""
    return int(record_list(actor, filters, Q(created_at__lte=up_to)).count())


class _Line:
    """A file-like object that hands back what the csv writer writes."""

    def write(self, value: str) -> str:
        return value


def write_csv(
    rows: Iterator[list[list[str]]], out: IO[bytes], *, total: int, progress: Progress
) -> int:
    """Write the header and `rows` (chunks of rows) to `out` as UTF-8 CSV with a byte
    order mark (Excel then reads Vietnamese correctly). Returns the rows written."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    out.write(("\ufeff" + writer.writerow(header())).encode())
    progress(0, total)
    written = 0
    for chunk in rows:
        out.write("".join(writer.writerow([neutralise(v) for v in row]) for row in chunk).encode())
        written += len(chunk)
        progress(written, total)
    return written


def write_xlsx(
    rows: Iterator[list[list[str]]], out: IO[bytes], *, total: int, progress: Progress
) -> int:
    """The same rows as an Excel workbook: text cells made inert like the CSV's, written
    with openpyxl's write-only mode (one row in memory at a time)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Records")[:31])
    sheet.append(header())
    progress(0, total)
    written = 0
    for chunk in rows:
        for row in chunk:
            sheet.append([neutralise(v) for v in row])
        written += len(chunk)
        progress(written, total)
    book.save(out)
    return written


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
