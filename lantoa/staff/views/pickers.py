"""What each organisation picker offers, and its JSON endpoint for the combobox.

One function per picker gives the organisations the actor may choose there; the page's
form validates against it and the endpoint searches it, so what the list offers and what a
POST may name cannot drift apart. An actor without the picker's right gets a 404.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.workflow import BY_ACTION
from lantoa.orgs.access import Action, can, can_anywhere, grants, is_system_admin
from lantoa.orgs.models import AdminUnit, Organisation, OrgLevel
from lantoa.orgs.selectors import (
    PICK_LIMIT,
    admin_units_for_choice,
    get_organisation_for,
    organisations_matching,
    organisations_visible_to,
    units_matching,
)


def filter_orgs(actor: Actor) -> QuerySet[Organisation]:
    """The record list's and inbox's organisation filter: the actor's own trees down to
    communes (villages are many and hold few records each)."""
    return (
        organisations_visible_to(actor, RecordAction.VIEW_RECORDS)
        .filter(valid_to__isnull=True)
        .exclude(level=OrgLevel.VILLAGE)
        .order_by("path")
    )


def mentor_orgs(actor: Actor) -> QuerySet[Organisation]:
    """Units that may mentor a nurtured record: any active unit the actor sees."""
    return (
        organisations_visible_to(actor, Action.VIEW_ORG)
        .filter(valid_to__isnull=True)
        .order_by("path")
    )


def parent_orgs(actor: Actor, org: Organisation) -> QuerySet[Organisation]:
    """Where `org` may move: active units the actor manages, outside its own subtree."""
    qs = (
        organisations_visible_to(actor, Action.MANAGE_ORG)
        .filter(valid_to__isnull=True)
        .exclude(path__under=org.path)
        .order_by("path")
    )
    return qs.exclude(pk=org.parent_id) if org.parent_id else qs


def merge_orgs(actor: Actor, org: Organisation) -> QuerySet[Organisation]:
    """What `org` may merge into: active units of its level the actor manages."""
    return (
        organisations_visible_to(actor, Action.MANAGE_ORG)
        .filter(valid_to__isnull=True, level=org.level)
        .exclude(pk=org.pk)
        .exclude(path__under=org.path)
        .order_by("path")
    )


def _answer(request: HttpRequest, qs: QuerySet[Organisation]) -> JsonResponse:
    typed = (request.GET.get("q") or "")[:100]
    found = organisations_matching(qs, typed, limit=PICK_LIMIT)
    if found:
        message = ngettext(
            "%(n)d organisation found. Use the up and down arrows to choose.",
            "%(n)d organisations found. Use the up and down arrows to choose.",
            len(found),
        ) % {"n": len(found)}
    else:
        message = _("No organisation found.") if typed.strip() else ""
    response = JsonResponse(
        {
            "results": [
                {"id": o.pk, "name": o.name, "context": o.parent.name if o.parent else ""}
                for o in found
            ],
            "message": message,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _picker(scope: Callable[[HttpRequest], QuerySet[Organisation]]) -> Callable[..., JsonResponse]:
    @login_required
    @require_GET
    def view(request: HttpRequest) -> JsonResponse:
        return _answer(request, scope(request))

    return view


def _records_scope(request: HttpRequest) -> QuerySet[Organisation]:
    if not can_anywhere(request.user, RecordAction.VIEW_RECORDS):
        raise NotFound()
    return filter_orgs(request.user)


def _mentor_scope(request: HttpRequest) -> QuerySet[Organisation]:
    # Whoever holds a role that the workflow table lets start nurturing, somewhere.
    roles = BY_ACTION["start_nurturing"].roles
    if not is_system_admin(request.user) and not any(g.role in roles for g in grants(request.user)):
        raise NotFound()
    return mentor_orgs(request.user)


pick_record_org = _picker(_records_scope)
pick_mentor = _picker(_mentor_scope)


def managed_org(request: HttpRequest, pk: int) -> Organisation:
    """An organisation the actor manages and that has a parent (move and merge need one)."""
    org = get_organisation_for(request.user, pk, Action.MANAGE_ORG)
    if org.parent is None:
        raise NotFound()
    return org


@login_required
@require_GET
def pick_parent(request: HttpRequest, pk: int) -> JsonResponse:
    org = managed_org(request, pk)
    if org.parent is None or not can(request.user, Action.MANAGE_ORG, org.parent):
        raise NotFound()
    return _answer(request, parent_orgs(request.user, org))


@login_required
@require_GET
def pick_merge_target(request: HttpRequest, pk: int) -> JsonResponse:
    org = managed_org(request, pk)
    if not org.is_active:
        raise NotFound()
    return _answer(request, merge_orgs(request.user, org))


def unit_choices(org: Organisation) -> QuerySet[AdminUnit]:
    """Units a sub-organisation of `org` may be tied to: org's province and its communes
    (the provinces when `org` has no unit: the national level)."""
    unit = org.admin_unit
    if unit is None:
        return admin_units_for_choice().filter(level=AdminUnit.Level.PROVINCE)
    province = unit if unit.level == AdminUnit.Level.PROVINCE else unit.parent
    return admin_units_for_choice(under=province or unit)


def edit_unit_choices(org: Organisation) -> QuerySet[AdminUnit]:
    """Units `org` itself may be tied to: its parent's choices (its own at the top)."""
    return unit_choices(org.parent) if org.parent else unit_choices(org)


def _unit_answer(request: HttpRequest, qs: QuerySet[AdminUnit]) -> JsonResponse:
    typed = (request.GET.get("q") or "")[:100]
    found = units_matching(qs, typed, limit=PICK_LIMIT)
    if found:
        message = ngettext(
            "%(n)d administrative unit found. Use the up and down arrows to choose.",
            "%(n)d administrative units found. Use the up and down arrows to choose.",
            len(found),
        ) % {"n": len(found)}
    else:
        message = _("No administrative unit found.") if typed.strip() else ""
    response = JsonResponse(
        {
            "results": [
                {"id": u.pk, "name": u.name, "context": u.parent.name if u.parent else ""}
                for u in found
            ],
            "message": message,
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def pick_unit_new(request: HttpRequest, pk: int) -> JsonResponse:
    """The units a new organisation under `pk` may be tied to (the creation form's)."""
    parent = get_organisation_for(request.user, pk, Action.MANAGE_ORG)
    return _unit_answer(request, unit_choices(parent))


@login_required
@require_GET
def pick_unit(request: HttpRequest, pk: int) -> JsonResponse:
    """The units organisation `pk` may be tied to (the edit form's)."""
    org = get_organisation_for(request.user, pk, Action.MANAGE_ORG)
    return _unit_answer(request, edit_unit_choices(org))
