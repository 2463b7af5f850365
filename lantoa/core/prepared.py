"""Hot list reads with their SQL compiled once per shape.

Django builds and compiles a queryset on every call: 0.5–1.5 ms of Python whatever the data,
while the database answers an officer's inbox in 0.1–1 ms (docs/performance.md, Registry).
For the few lists every officer opens all day, the selector describes its query by a *shape*
(what decides the SQL text: which roles, which filters are set) and its *parameters* (the
values, in the order the SQL takes them). The first call for a shape builds the queryset,
lets Django compile it, checks that Django's parameters are the ones the selector computed,
and keeps the SQL; later calls bind their parameters to it and build the rows.

Rows are the model's instances with the selected fields loaded (as `.only()` gives) and the
annotations set; any other field loads on access, like any deferred field. A shape whose
parameters disagree with Django's is never kept: the call logs the error and answers through
the ORM (decision 26).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, overload

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet, signals
from django.db.models.base import ModelState
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)
MAX_PLANS = 512  # shapes per process: roles × filters set, far fewer in practice


@dataclass(frozen=True)
class _Plan:
    sql: str  # ends with LIMIT %s OFFSET %s (rows) or is a capped count
    model: type[Model]
    start: int  # the model's columns are row[start:end]
    end: int
    attnames: tuple[str, ...]
    annotations: tuple[tuple[str, int], ...]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]
    # No post_init receivers, and the columns are the model's then the annotations: the
    # instance can skip Model.__init__ and take `names` (every column's attribute) in order.
    plain_init: bool
    names: tuple[str, ...] = ()


_plans: dict[tuple[Hashable, ...], _Plan] = {}


def forget_plans() -> None:
    """Drop every kept SQL (tests; a process never needs to)."""
    _plans.clear()


def is_kept(name: str, kind: str, shape: Hashable) -> bool:
    return (name, kind, shape) in _plans


@dataclass
class Prepared(Generic[M]):
    """One list read: `build()` is the ORM's queryset (ordered, annotated, unsliced) and
    `params` the values its SQL takes, in order. Sliced like a list and counted with
    `count()`, it is what `Paginator` and `CappedPaginator` page through."""

    name: str
    shape: Hashable
    params: Sequence[Any]
    build: Callable[[], QuerySet[M]]
    count_build: Callable[[], QuerySet[M]] | None = None  # the rows to count; default build()

    def rows(self, limit: int, offset: int = 0) -> list[M]:
        plan = self._plan("rows")
        if plan is None:
            return list(self.build()[offset : offset + limit])
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, [*self.params, limit, offset])
            fetched = cursor.fetchall()
        return [_instance(plan, row, connection) for row in fetched]

    def count(self) -> int:
        return self.capped_count(None)

    def capped_count(self, cap: int | None) -> int:
        """How many rows there are, counting at most `cap` of them (all when None)."""
        plan = self._plan("count")
        if plan is None:
            qs = self._counted().order_by()
            return int((qs if cap is None else qs[:cap]).count())
        connection = connections[DEFAULT_DB_ALIAS]
        if cap is None:  # no limit: NULL on PostgreSQL, a negative number on SQLite
            cap = None if connection.vendor == "postgresql" else -1
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, [*self.params, cap])
            return int(cursor.fetchone()[0])

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[M]:
        return iter(self.build())

    @overload
    def __getitem__(self, index: int) -> M: ...
    @overload
    def __getitem__(self, index: slice) -> list[M]: ...
    def __getitem__(self, index: int | slice) -> M | list[M]:
        if isinstance(index, int):
            if index < 0:
                raise IndexError("A prepared list takes non-negative indexes.")
            found = self.rows(1, index)
            if not found:
                raise IndexError(index)
            return found[0]
        start = index.start or 0
        if index.step is not None or index.stop is None or start < 0 or index.stop < start:
            raise ValueError("A prepared list takes bounded, non-negative slices without a step.")
        return self.rows(index.stop - start, start)

    def _counted(self) -> QuerySet[M]:
        return (self.count_build or self.build)()

    def _plan(self, kind: str) -> _Plan | None:
        if self.shape is None:  # a read the selector does not prepare (search, "now")
            return None
        key = (self.name, kind, self.shape)
        plan = _plans.get(key)
        if plan is None:
            plan = _compile(kind, self.build() if kind == "rows" else self._counted(), self)
            if plan is None:
                return None
            if len(_plans) >= MAX_PLANS:
                _plans.pop(next(iter(_plans)))
            _plans[key] = plan
        return plan


def _compile(kind: str, qs: QuerySet[Any], prepared: Prepared[Any]) -> _Plan | None:
    query = qs.query
    if qs.db != DEFAULT_DB_ALIAS:
        return None  # one database: the kept SQL runs on the default connection
    if query.low_mark or query.high_mark is not None:
        raise ValueError(f"{prepared.name}: build() must not slice its queryset.")
    if kind == "count":
        qs = qs.order_by().values("pk")
        query = qs.query
    compiler = query.get_compiler(using=qs.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None  # nothing can match: the ORM answers without asking the database
    if list(params) != list(prepared.params):
        logger.error(
            "%s: the parameters computed for shape %r are not the SQL's (%r != %r); "
            "answering through the ORM.",
            prepared.name,
            prepared.shape,
            list(prepared.params),
            list(params),
        )
        return None
    model = qs.model
    if kind == "count":
        return _Plan(
            sql=f"SELECT COUNT(*) FROM ({sql} LIMIT %s) AS counted",  # noqa: S608 (Django's SQL)
            model=model, start=0, end=0, attnames=(), annotations=(), converters=(),
            plain_init=False,
        )  # fmt: skip
    klass_info = compiler.klass_info
    if klass_info.get("related_klass_infos"):
        raise ValueError(f"{prepared.name}: select_related rows are not supported.")
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    select = compiler.select
    converters = compiler.get_converters([column[0] for column in select])
    attnames = tuple(column[0].target.attname for column in select[start:end])
    annotations = tuple(compiler.annotation_col_map.items())
    in_order = start == 0 and [p for _n, p in annotations] == list(range(end, len(select)))
    return _Plan(
        sql=f"{sql} LIMIT %s OFFSET %s",
        model=model,
        start=start,
        end=end,
        attnames=attnames,
        annotations=annotations,
        converters=tuple(
            (i, tuple(_lighter(f, compiler.connection) for f in funcs), expression)
            for i, (funcs, expression) in converters.items()
        ),
        plain_init=in_order and not signals.post_init.has_listeners(model),
        names=(*attnames, *(n for n, _p in annotations)),
    )


def _lighter(convert: Any, connection: Any) -> Any:
    """SQLite's datetime converter, without re-reading settings for every value: sqlite3
    already parsed the column (declared `datetime`); it only needs its time zone."""
    if connection.vendor != "sqlite" or convert != connection.ops.convert_datetimefield_value:
        return convert
    zone = connection.timezone if settings.USE_TZ else None

    def aware(value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime.datetime):
            value = parse_datetime(value)
        return value if zone is None or value.tzinfo is not None else value.replace(tzinfo=zone)

    return aware


def _instance(plan: _Plan, row: Sequence[Any], connection: Any) -> Any:
    if plan.converters:
        values = list(row)
        for i, funcs, expression in plan.converters:
            value = values[i]
            for convert in funcs:
                value = convert(value, expression, connection)
            values[i] = value
        row = values
    if not plan.plain_init:
        obj = plan.model.from_db(connection.alias, plan.attnames, row[plan.start : plan.end])
        for name, position in plan.annotations:
            setattr(obj, name, row[position])
        return obj
    # What Model.from_db does for deferred fields, without walking every field of the model:
    # the loaded ones go to __dict__, the absent ones are the deferred.
    obj = plan.model.__new__(plan.model)
    state = ModelState()
    state.adding = False
    state.db = connection.alias
    obj.__dict__.update(zip(plan.names, row, strict=True), _state=state)
    return obj
