"""The caller's own account."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from lantoa.api.errors import ErrorOut
from lantoa.api.security import actor
from lantoa.orgs.selectors import memberships_of_user

router = Router(tags=["accounts"])


class MembershipOrgOut(Schema):
    id: int
    name: str
    kind: str
    level: str


class MembershipOut(Schema):
    id: int
    role: str
    organisation: MembershipOrgOut


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    memberships: list[MembershipOut]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The caller and their roles")
def me(request: HttpRequest) -> MeOut:
    user = actor(request)
    memberships = [MembershipOut.model_validate(m) for m in memberships_of_user(user)]
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        email=user.email,
        memberships=memberships,
    )
