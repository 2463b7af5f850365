"""The measured queries: each ORM form next to the SQL a DBA would write for it by hand.

Both sides return the same rows (checked before timing). The ORM side builds the queryset,
compiles it and turns rows into model instances; the SQL side executes a fixed string
through `connection.cursor()` and fetches tuples. Both time the whole round trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from lantoa.orgs.models import AdminUnit, Organisation
from lantoa.orgs.selectors import organisation_list, organisation_rows

PAGE = 50

ORG_COLUMNS = [
    "id", "name", "folded_name", "kind", "level", "admin_unit_id", "parent_id", "path", "depth",
    "valid_from", "valid_to", "merged_into_id", "created_at",
]  # fmt: skip
UNIT_COLUMNS = [
    "id", "scheme", "level", "code", "name", "division_type", "folded_name", "parent_id",
    "valid_from", "valid_to",
]  # fmt: skip


def check_columns() -> None:
    """The hand-written column lists must follow the models (same columns as select_related)."""
    for model, columns in ((Organisation, ORG_COLUMNS), (AdminUnit, UNIT_COLUMNS)):
        actual = [f.column for f in model._meta.concrete_fields]
        if sorted(actual) != sorted(columns):
            raise SystemExit(f"bench/queries.py is out of date for {model.__name__}: {actual}")


def _select_list() -> str:
    return ", ".join(
        [f"o.{c}" for c in ORG_COLUMNS]
        + [f"u.{c}" for c in UNIT_COLUMNS]
        + [f"p.{c}" for c in ORG_COLUMNS]
    )


def subtree_condition(path: str) -> tuple[str, list[Any]]:
    """What a DBA writes for "under this path" on each engine."""
    if connection.vendor == "postgresql":
        return "o.path LIKE %s", [path + "%"]
    return "o.path >= %s AND o.path < %s", [path, path[:-1] + "0"]


def hand_list_sql(root: Organisation) -> tuple[str, list[Any]]:
    cond, params = subtree_condition(root.path)
    sql = (
        f"SELECT {_select_list()} "
        "FROM orgs_organisation o "
        "LEFT JOIN orgs_adminunit u ON u.id = o.admin_unit_id "
        "LEFT JOIN orgs_organisation p ON p.id = o.parent_id "
        f"WHERE {cond} AND o.id <> %s AND o.valid_to IS NULL "
        f"ORDER BY o.path LIMIT {PAGE}"
    )
    return sql, [*params, root.pk]


def hand_rows_sql(root: Organisation) -> tuple[str, list[Any]]:
    """The staff list page's columns only (what `organisation_rows` selects)."""
    cond, params = subtree_condition(root.path)
    sql = (
        "SELECT o.id, o.name, o.kind, o.level, o.valid_to, u.name, p.name "
        "FROM orgs_organisation o "
        "LEFT JOIN orgs_adminunit u ON u.id = o.admin_unit_id "
        "LEFT JOIN orgs_organisation p ON p.id = o.parent_id "
        f"WHERE {cond} AND o.id <> %s AND o.valid_to IS NULL "
        f"ORDER BY o.path LIMIT {PAGE}"
    )
    return sql, [*params, root.pk]


def hand_count_sql(root: Organisation) -> tuple[str, list[Any]]:
    cond, params = subtree_condition(root.path)
    sql = (
        "SELECT count(*) FROM orgs_organisation o "
        f"WHERE {cond} AND o.id <> %s AND o.valid_to IS NULL"
    )
    return sql, [*params, root.pk]


def plain_queryset(root: Organisation) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(path__under=root.path)
        .exclude(pk=root.pk)
        .filter(valid_to__isnull=True)
        .select_related("admin_unit", "parent")
        .order_by("path")
    )


def _fetchall(sql: str, params: list[Any]) -> Callable[[], list[tuple[Any, ...]]]:
    def run() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


@dataclass
class Case:
    name: str
    orm: Callable[[], Any]
    sql: Callable[[], Any]
    sql_text: tuple[str, list[Any]]

    def check(self) -> None:
        """Same answer on both sides, else the comparison means nothing."""
        orm, sql = self.orm(), self.sql()
        if isinstance(orm, int):
            got, want = orm, sql[0][0]
        elif orm and isinstance(orm[0], dict):
            got, want = [o["id"] for o in orm], [row[0] for row in sql]
        else:
            got, want = [o.pk for o in orm], [row[0] for row in sql]
            # select_related really built the related instances (no lazy query later).
            assert all(o._state.fields_cache.keys() >= {"admin_unit", "parent"} for o in orm)
        if got != want:
            raise SystemExit(f"{self.name}: ORM and SQL disagree ({got!r} != {want!r})")


@dataclass
class PageCase(Case):
    """The whole list page's database work: the first 50 rows and the total count."""

    queries = 2

    def check(self) -> None:
        (rows, count), (sql_rows, sql_count) = self.orm(), self.sql()
        if [r["id"] for r in rows] != [r[0] for r in sql_rows] or count != sql_count[0][0]:
            raise SystemExit(f"{self.name}: ORM and SQL disagree")


def cases(actor: Any, root: Organisation) -> list[Case]:
    list_sql, count_sql = hand_list_sql(root), hand_count_sql(root)
    rows_sql = hand_rows_sql(root)
    fetch_rows, fetch_count = _fetchall(*rows_sql), _fetchall(*count_sql)

    def page_orm() -> tuple[list[Any], int]:
        qs = organisation_list(actor, parent=root)
        return list(organisation_rows(qs)[:PAGE]), qs.count()

    return [
        PageCase(
            "**page: first 50 rows + count** (what the staff list does)",
            page_orm,
            lambda: (fetch_rows(), fetch_count()),
            rows_sql,
        ),
        Case(
            "list 50 · staff list page rows `organisation_rows(organisation_list(...))`",
            lambda: list(organisation_rows(organisation_list(actor, parent=root))[:PAGE]),
            _fetchall(*rows_sql),
            rows_sql,
        ),
        Case(
            "list 50 · selector `organisation_list` (scoped actor)",
            lambda: list(organisation_list(actor, parent=root)[:PAGE]),
            _fetchall(*list_sql),
            list_sql,
        ),
        Case(
            "count · selector `organisation_list(...).count()`",
            lambda: organisation_list(actor, parent=root).count(),
            _fetchall(*count_sql),
            count_sql,
        ),
        Case(
            "list 50 · plain queryset",
            lambda: list(plain_queryset(root)[:PAGE]),
            _fetchall(*list_sql),
            list_sql,
        ),
        Case(
            "count · plain queryset `.count()`",
            lambda: plain_queryset(root).count(),
            _fetchall(*count_sql),
            count_sql,
        ),
    ]
