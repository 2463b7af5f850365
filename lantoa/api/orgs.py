"""Organisations the caller may see (scoped by lantoa.orgs.access)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from lantoa.api.errors import ErrorOut
from lantoa.api.pagination import (
    PAGE_SIZE,
    PageLinks,
    cursor_description,
    cursor_page,
    refuse_page_numbers,
)
from lantoa.api.security import actor
from lantoa.orgs.models import OrgKind, OrgLevel
from lantoa.orgs.selectors import get_organisation_for, organisation_list

router = Router(tags=["orgs"])


class OrgFilterIn(Schema):
    parent: int | None = Field(None, description="Only organisations under this one")
    q: str = Field("", max_length=100, description="Part of the name, with or without marks")
    kind: OrgKind | None = None
    level: OrgLevel | None = None
    include_closed: bool = Field(False, description="Also merged or dissolved organisations")
    cursor: str | None = Field(None, max_length=500, description=cursor_description())


class AdminUnitOut(Schema):
    code: str
    name: str


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    parent_id: int | None
    admin_unit: AdminUnitOut | None
    depth: int
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    is_active: bool


class OrgPageOut(PageLinks):
    items: list[OrgOut]


@router.get(
    "",
    response={200: OrgPageOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary=f"Organisations visible to the caller, in tree order, {PAGE_SIZE} per page (cursors)",
)
def list_orgs(request: HttpRequest, filters: Query[OrgFilterIn]) -> dict[str, object]:
    user = actor(request)
    refuse_page_numbers(request)
    parent = get_organisation_for(user, filters.parent) if filters.parent is not None else None
    qs = organisation_list(
        user,
        parent=parent,
        q=filters.q.strip(),
        kind=filters.kind or "",
        level=filters.level or "",
        include_closed=filters.include_closed,
    )
    return cursor_page(request, qs, order=("path",), cursor=filters.cursor)


@router.get(
    "/{int:org_id}",
    response={200: OrgOut, 401: ErrorOut, 404: ErrorOut},
    summary="One organisation, if the caller may see it",
)
def get_org(request: HttpRequest, org_id: int) -> object:
    return get_organisation_for(actor(request), org_id)
