"""The rows of the record list and the inbox as the values they show, drawn through the
row cache (`lantoa.staff.fragments`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.safestring import SafeString

from lantoa.exemplars.models import Record, RecordKind, RecordState
from lantoa.staff.fragments import form_fields, rendered_rows

LIST_ROW = "staff/records/_list_row.html"
INBOX_ROW = "staff/records/_inbox_row.html"
LIST_FILTERS = "staff/records/_list_filters.html"
INBOX_FILTERS = "staff/records/_inbox_filters.html"


def filters_html(name: str, form: forms.Form, *, filtered: bool) -> SafeString:
    """The filter form: unfiltered (unbound), the same for every officer who reads it in a
    language, cached under its choices (read each time: an edited catalogue shows at once);
    filtered, drawn each time with what was typed and its errors."""
    return form_fields(name, form, filtered=filtered)


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """Kinds' and states' labels in the active language, translated once per page rather
    than once per row (`get_FOO_display` hashes every choice on each call)."""
    kinds = {value: str(label) for value, label in RecordKind.choices}
    states = {value: str(label) for value, label in RecordState.choices}
    return kinds, states


def _row(
    record: Record, now: datetime.datetime, kinds: dict[str, str], states: dict[str, str]
) -> dict[str, Any]:
    return {
        "pk": record.pk,
        "title": record.title,
        "kind_label": kinds.get(record.kind, record.kind),
        "state": record.state,
        "state_label": states.get(record.state, record.state),
        "subject_name": getattr(record, "subject_name", None),
        "org_name": record.org_name,
        "due_at": record.due_at,
        "overdue": bool(record.due_at and record.due_at < now),
    }


def list_rows(records: Iterable[Record], now: datetime.datetime) -> SafeString:
    kinds, states = _labels()
    rows = []
    for record in records:
        row = _row(record, now, kinds, states)
        row["created_at"] = record.created_at
        rows.append(row)
    return rendered_rows(LIST_ROW, rows)


def inbox_rows(
    records: Iterable[Record], now: datetime.datetime, *, can_bulk: bool, bulkable: set[int]
) -> SafeString:
    kinds, states = _labels()
    rows = []
    for record in records:
        row = _row(record, now, kinds, states)
        row["can_bulk"] = can_bulk
        row["bulkable"] = record.pk in bulkable
        rows.append(row)
    return rendered_rows(INBOX_ROW, rows)
