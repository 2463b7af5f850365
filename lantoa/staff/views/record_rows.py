"""The rows of the record list and the inbox as the values they show, drawn through the
row cache (`lantoa.staff.fragments`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.safestring import SafeString

from lantoa.exemplars import catalogue_choices
from lantoa.exemplars.models import Record, RecordKind, RecordState
from lantoa.exemplars.selectors import LIST_VALUES
from lantoa.orgs.models import Organisation
from lantoa.staff.fragments import form_fields, kept, rendered_rows

LIST_ROW = "staff/records/_list_row.html"
INBOX_ROW = "staff/records/_inbox_row.html"
LIST_FILTERS = "staff/records/_list_filters.html"
INBOX_FILTERS = "staff/records/_inbox_filters.html"


def filters_html(name: str, form: forms.Form, *, filtered: bool) -> SafeString:
    """The filter form: unfiltered (unbound), the same for every officer who reads it in a
    language, cached under its choices (read each time: an edited catalogue shows at once);
    filtered, drawn each time with what was typed and its errors."""
    return form_fields(name, form, filtered=filtered)


def unbound_filters_html(name: str, form_class: type[forms.Form]) -> SafeString:
    """`filters_html` of a list read without filters, without building the form while this
    process has it drawn: an unbound filter form shows the same to every officer in a
    language, and what it offers depends only on the catalogues' entries (the actor's
    organisations only resolve what is typed). Building the form and describing its fields
    cost an unfiltered list ~2,700 Python calls."""
    shown = {"form": form_class.__qualname__, "entries": catalogue_choices.filter_entries()}

    def draw() -> str:
        form = form_class(orgs=Organisation.objects.none())  # type: ignore[call-arg]
        return str(filters_html(name, form, filtered=False))

    return kept(name, shown, draw)


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """Kinds' and states' labels in the active language, translated once per page rather
    than once per row (`get_FOO_display` hashes every choice on each call)."""
    kinds = {value: str(label) for value, label in RecordKind.choices}
    states = {value: str(label) for value, label in RecordState.choices}
    return kinds, states


def _row(
    values: Mapping[str, Any],
    now: datetime.datetime,
    kinds: dict[str, str],
    states: dict[str, str],
) -> dict[str, Any]:
    """What a row shows, from a list row's values (`selectors.LIST_VALUES`)."""
    due_at = values["due_at"]
    return {
        "pk": values["pk"],
        "title": values["title"],
        "kind_label": kinds.get(values["kind"], values["kind"]),
        "state": values["state"],
        "state_label": states.get(values["state"], values["state"]),
        "subject_name": values.get("subject_name"),
        "org_name": values["org_name"],
        "due_at": due_at,
        "overdue": bool(due_at and due_at < now),
    }


def list_rows(values: Iterable[Mapping[str, Any]], now: datetime.datetime) -> SafeString:
    """The record list's rows, from the page's values (`RecordRows.values`)."""
    kinds, states = _labels()
    rows = []
    for found in values:
        row = _row(found, now, kinds, states)
        row["created_at"] = found["created_at"]
        rows.append(row)
    return rendered_rows(LIST_ROW, rows)


def inbox_rows(
    records: Iterable[Record], now: datetime.datetime, *, can_bulk: bool, bulkable: set[int]
) -> SafeString:
    kinds, states = _labels()
    rows = []
    for record in records:
        values = {name: getattr(record, name, None) for name in LIST_VALUES}
        row = _row(values, now, kinds, states)
        row["can_bulk"] = can_bulk
        row["bulkable"] = record.pk in bulkable
        rows.append(row)
    return rendered_rows(INBOX_ROW, rows)
