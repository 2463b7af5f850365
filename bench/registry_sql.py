"""The registry benchmark's hand-written SQL: what a DBA writes for the inbox and the
filtered list, fetching the same columns as the list rows (`bench/registry.py` compares the
pages' reads against it)."""

from __future__ import annotations

from typing import Any

PAGE = 50
COUNT_CAP = 1000  # lantoa.core.paginator.COUNT_CAP


def _under(column: str, path: str) -> tuple[str, list[Any]]:
    """What a DBA writes for "under this path" on each engine (as bench/queries.py)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"{column} LIKE %s", [path + "%"]
    return f"{column} >= %s AND {column} < %s", [path, path[:-1] + "0"]


# The columns a list row shows (`lantoa.exemplars.selectors.LIST_FIELDS`): both sides
# fetch the same data.
LIST_COLUMNS = [
    f"r.{column}"
    for column in ("id", "kind", "title", "summary", "state", "due_at", "created_at", "org_id",
                   "org_name", "org_path", "handling_org_id", "subject_id")
]  # fmt: skip


def inbox_sql(handling_org_id: int, now: Any) -> tuple[str, list[Any]]:
    from lantoa.exemplars.workflow import AWAITING_VERIFICATION

    states = sorted(str(s) for s in AWAITING_VERIFICATION)
    select = ", ".join(
        [*LIST_COLUMNS, "CASE WHEN r.due_at < %s THEN 1 ELSE 0 END AS is_overdue",
         "s.id", "s.full_name"]
    )  # fmt: skip
    sql = (
        f"SELECT {select} FROM exemplars_record r "
        "LEFT JOIN exemplars_subject s ON s.id = r.subject_id "
        f"WHERE r.handling_org_id = %s AND r.state IN ({', '.join(['%s'] * len(states))}) "
        f"ORDER BY is_overdue DESC, r.due_at ASC, r.id ASC LIMIT {PAGE}"
    )
    return sql, [now, handling_org_id, *states]


def list_sql(
    path: str, state: str, kind: str
) -> tuple[tuple[str, list[Any]], tuple[str, list[Any]]]:

    cond, params = _under("r.org_path", path)
    where = f"WHERE {cond} AND r.state = %s AND r.kind = %s"
    select = ", ".join([*LIST_COLUMNS, "h.id", "h.name", "s.id", "s.full_name"])
    rows = (
        f"SELECT {select} FROM exemplars_record r "
        "INNER JOIN orgs_organisation h ON h.id = r.handling_org_id "
        "LEFT JOIN exemplars_subject s ON s.id = r.subject_id "
        f"{where} ORDER BY r.created_at DESC, r.id DESC LIMIT {PAGE}"
    )
    # The list counts at most COUNT_CAP rows (lantoa.core.paginator), as a DBA would.
    count = (
        f"SELECT count(*) FROM (SELECT 1 FROM exemplars_record r {where} "
        f"LIMIT {COUNT_CAP + 1}) capped"
    )
    return (rows, [*params, state, kind]), (count, [*params, state, kind])


def fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
