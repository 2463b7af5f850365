"""Queries of one shape, turned into SQL once per process (issue 15, decision 119).

A story page on a cache miss spent most of its database time in Django building SQL: the
story's query (a `select_related` over five tables) took ~1.1 ms to compile and ~0.1 ms in
SQLite; its count of units that followed ~0.4 ms. Django has no prepared statements, so
`OneShape` compiles the query once with a stand-in value, finds the one SQL parameter
that value became, and afterwards only runs the SQL with the value put in its place,
building rows or model instances (with their `select_related` objects) as Django's own
iterators do.

It refuses what it cannot do safely and falls back to the ORM for good: a build whose
two stand-ins do not give the same SQL with exactly one parameter differing (a value read
at build time, such as the current time, differs too), a query using `prefetch_related`,
annotations on model instances, or anything but model instances or `values_list` tuples.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]  # Django's own helper
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Two values no query of this project is built with; an id or a count goes in their place.
_STAND_INS = (-7_318_802_211, -7_318_802_212)


@dataclass
class _Compiled:
    sql: str
    params: list[Any]
    slot: int
    compiler: SQLCompiler
    converters: dict[int, Any]
    models: bool
    init_list: list[str]
    model_slice: slice
    populators: list[Any]


class OneShape(Generic[M]):
    """`build(value)` returns the same query for every value but one parameter: a primary
    key, a foreign key. `models(value)` is `list(build(value))`, `rows(value)` the same for
    a `values_list` query, without compiling it again."""

    def __init__(self, build: Callable[[int], QuerySet[M, Any]]) -> None:
        self.build = build
        self._alias: str | None = None
        # Per database connection (each thread has its own): the converters keep it.
        self._compiled: weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Compiled | None] = (
            weakref.WeakKeyDictionary()
        )

    def models(self, value: int) -> list[M]:
        compiled = self._compile()
        if compiled is None or not compiled.models:
            return list(self.build(value))
        rows = self._run(compiled, value)
        found: list[M] = []
        model = compiled.compiler.klass_info["model"]
        for row in rows:
            obj = model.from_db(
                compiled.compiler.using, compiled.init_list, row[compiled.model_slice]
            )
            for populator in compiled.populators:
                populator.populate(row, obj)
            found.append(obj)
        return found

    def rows(self, value: int) -> list[tuple[Any, ...]]:
        compiled = self._compile()
        if compiled is None or compiled.models:
            return [tuple(row) for row in self.build(value)]
        return [tuple(row) for row in self._run(compiled, value)]

    def _run(self, compiled: _Compiled, value: int) -> list[Any]:
        params = list(compiled.params)
        params[compiled.slot] = value
        with compiled.compiler.connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows: list[Any] = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return rows

    def _compile(self) -> _Compiled | None:
        if self._alias is not None:
            connection = connections[self._alias]
            if connection in self._compiled:
                return self._compiled[connection]
        first = self.build(_STAND_INS[0])
        self._alias = first.db
        compiled = _prepare(first, self.build(_STAND_INS[1]))
        self._compiled[connections[first.db]] = compiled
        return compiled


def _prepare(first: QuerySet[Any, Any], second: QuerySet[Any, Any]) -> _Compiled | None:
    # The queryset's private state says which rows the ORM would build from the SQL.
    iterable = first._iterable_class
    state: Any = first
    if state._prefetch_related_lookups or state._known_related_objects:
        return None
    if iterable not in (ModelIterable, ValuesListIterable) or (
        iterable is ValuesListIterable and state._fields is None
    ):
        return None
    compiler = first.query.get_compiler(using=first.db)
    sql, params = compiler.as_sql()
    other_sql, other_params = second.query.get_compiler(using=second.db).as_sql()
    if sql != other_sql or len(params) != len(other_params):
        return None
    slots = [i for i, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b]
    if len(slots) != 1 or (params[slots[0]], other_params[slots[0]]) != _STAND_INS:
        return None
    fields = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
    if compiler.has_composite_fields(fields) or len(fields) != compiler.col_count:
        return None
    models = iterable is ModelIterable
    if models and compiler.annotation_col_map:
        return None
    query = first.query
    if not models and list(state._fields) != [  # columns in the order asked, none moved
        *query.extra_select,
        *query.values_select,
        *query.annotation_select,
    ]:
        return None
    init_list: list[str] = []
    model_slice = slice(0)
    populators: list[Any] = []
    if models:
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        model_slice = slice(select_fields[0], select_fields[-1] + 1)
        init_list = [f[0].target.attname for f in compiler.select[model_slice]]
        populators = get_related_populators(klass_info, compiler.select, first.db)
    return _Compiled(
        sql=sql,
        params=list(params),
        slot=slots[0],
        compiler=compiler,
        converters=compiler.get_converters(fields),
        models=models,
        init_list=init_list,
        model_slice=model_slice,
        populators=populators,
    )
