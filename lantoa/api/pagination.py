"""Cursor pagination: `{"items", "next", "previous", "count", "count_capped"}`.

A list is read by keyset ("the 50 rows after this one in the list's order"), never by
offset: page 10,000 of a million records costs what page 1 costs, and there is no page
number to ask for. The cursor is opaque to clients: the sort key and id of the row the
page ends (or starts) at, signed so that it cannot be forged or edited, in URL-safe base64.
`next` and `previous` are whole URLs (the request's own query with `cursor` replaced).

`count` is capped like the staff lists' (`lantoa.core.paginator.COUNT_CAP`): at most 1,000,
with `count_capped: true` beyond; counting every visible record among a million cost
seconds (decision 18 superseded, see docs/decisions.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Schema

from lantoa.core.errors import DomainError
from lantoa.core.paginator import COUNT_CAP, SEARCH_COUNT_CAP

M = TypeVar("M", bound=Model)

PAGE_SIZE = 50
MAX_ID = 2**31 - 1  # ids in filters: beyond, PostgreSQL's integer would overflow (a 500)
SALT = "lantoa.api.cursor"
NEXT, PREVIOUS = "n", "p"


class PageLinks(Schema):
    """The paging fields every list answer carries beside its `items`."""

    next: str | None = SchemaField(description="URL of the next page; null on the last page")
    previous: str | None = SchemaField(
        description="URL of the previous page; null on the first page"
    )
    count: int = SchemaField(
        description=f"Matching items, counted up to {COUNT_CAP:,} ({SEARCH_COUNT_CAP} for a search)"
    )
    count_capped: bool = SchemaField(
        description="True when more items match than were counted (`count` is then the cap)"
    )


def cursor_description() -> str:
    return "Opaque position from a previous answer's `next` or `previous` link"


def refuse_page_numbers(request: HttpRequest) -> None:
    """Page numbers are gone: an old client asking `?page=` is told, not served page 1."""
    if "page" in request.GET:
        raise DomainError(
            _("Lists are paged with cursors: follow the answer's next and previous links."),
            code="page_not_supported",
        )


def _bad_cursor() -> DomainError:
    return DomainError(
        _("This page link is not valid (it may be damaged): start from the first page."),
        code="invalid_cursor",
    )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _field(qs: Pageable, name: str) -> Field[Any, Any]:
    annotation = qs.query.annotations.get(name)
    field: Field[Any, Any] = (
        annotation.output_field if annotation is not None else qs.model._meta.get_field(name)
    )
    return field


def _decode(qs: Pageable, names: Sequence[str], cursor: str) -> tuple[str, list[Any]]:
    try:
        direction, raw = signing.loads(cursor, salt=SALT)
        if direction not in (NEXT, PREVIOUS) or len(raw) != len(names):
            raise ValueError(direction)
        return direction, [_field(qs, n).to_python(v) for n, v in zip(names, raw, strict=True)]
    except (signing.BadSignature, ValidationError, ValueError, TypeError, LookupError) as exc:
        raise _bad_cursor() from exc


def _beyond(order: Sequence[str], values: Sequence[Any], *, forward: bool) -> Q:
    """Rows strictly after `values` in `order` (before them when not `forward`): the
    lexicographic comparison written as `a < x OR (a = x AND b < y) …`."""
    result = Q(pk__in=[])
    equal = Q()
    for key, value in zip(order, values, strict=True):
        descending = key.startswith("-")
        name = key.lstrip("-")
        op = "lt" if descending == forward else "gt"
        result |= equal & Q(**{f"{name}__{op}": value})
        equal &= Q(**{name: value})
    return result


def _reverse(order: Sequence[str]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in order]


def _link(request: HttpRequest, direction: str, row: Any, names: Sequence[str]) -> str:
    token = signing.dumps([direction, [_encode(getattr(row, n)) for n in names]], salt=SALT)
    query = request.GET.copy()
    query["cursor"] = token
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class Pageable(Protocol):
    """What a page is cut from: a queryset, or a list that pages like one
    (`exemplars.selectors.RecordRows`)."""

    @property
    def model(self) -> Any: ...
    @property
    def query(self) -> Any: ...
    def order_by(self, *fields: str) -> Any: ...


def capped_count(qs: Pageable, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows match, counting at most `cap` + 1 of them."""
    found = int(qs.order_by()[: cap + 1].count())
    return min(found, cap), found > cap


def cursor_page(
    request: HttpRequest,
    rows: Callable[[Q], Pageable] | QuerySet[M],
    *,
    order: Sequence[str],
    cursor: str | None,
    size: int = PAGE_SIZE,
    cap: int = COUNT_CAP,
) -> dict[str, Any]:
    """One page of `rows` in `order` (field names, `-` for descending, ending with a unique
    key), from the position `cursor` names, with the links to the pages around it.

    `rows` is a queryset, or a function returning one for an extra condition (the position)
    when the list is a union of branches that each must be narrowed before they are joined
    (`exemplars.selectors.record_list`). Two queries: the page and the capped count."""
    source: Callable[[Q], Pageable] = rows.filter if isinstance(rows, QuerySet) else rows
    names = [key.lstrip("-") for key in order]
    everything = source(Q())
    direction, values = NEXT, None
    if cursor:
        direction, values = _decode(everything, names, cursor)
    forward = direction == NEXT
    qs = everything if values is None else source(_beyond(order, values, forward=forward))
    page = list(qs.order_by(*(order if forward else _reverse(order)))[: size + 1])
    more = len(page) > size
    page = page[:size]
    if not forward:
        page.reverse()
    # Going forward, a further page exists when one more row came; a page reached by
    # going back always has one after it (where we came from), and one before if more came.
    has_next = more if forward else bool(page)
    has_previous = (values is not None) if forward else more
    count, capped = capped_count(everything, cap)
    return {
        "items": page,
        "next": _link(request, NEXT, page[-1], names) if has_next and page else None,
        "previous": _link(request, PREVIOUS, page[0], names) if has_previous and page else None,
        "count": count,
        "count_capped": capped,
    }
