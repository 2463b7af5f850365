"""Writes on the organisation tree and its memberships. Each one is atomic and audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import User
from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError
from lantoa.orgs.access import Action, forget, require
from lantoa.orgs.models import (
    LEVEL_ORDER,
    AdminUnit,
    Membership,
    Organisation,
    OrganisationName,
    OrgKind,
    OrgLevel,
    Role,
    child_path,
)


def _snapshot(org: Organisation) -> dict[str, Any]:
    return {
        "name": org.name,
        "kind": org.kind,
        "level": org.level,
        "admin_unit": org.admin_unit_id,
        "parent": org.parent_id,
        "path": org.path,
        "valid_from": org.valid_from.isoformat() if org.valid_from else None,
        "valid_to": org.valid_to.isoformat() if org.valid_to else None,
    }


def _check_level(parent: Organisation | None, level: str) -> None:
    if parent is not None and LEVEL_ORDER.index(OrgLevel(level)) < LEVEL_ORDER.index(
        OrgLevel(parent.level)
    ):
        raise DomainError(
            _("An organisation cannot be at a higher level than its parent."), code="invalid_level"
        )


def create_organisation(
    *,
    actor: Actor,
    parent: Organisation | None,
    name: str,
    kind: str,
    level: str,
    admin_unit: AdminUnit | None = None,
    valid_from: datetime.date | None = None,
) -> Organisation:
    """Create `name` under `parent` (a root only for system administrators)."""
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("The name is required."), code="name_required")
    if kind not in OrgKind.values or level not in OrgLevel.values:
        raise DomainError(_("Unknown kind or level."), code="invalid_choice")
    with transaction.atomic():
        if parent is None:
            require_system_admin(actor)
        else:
            parent = Organisation.objects.select_for_update().get(pk=parent.pk)
            require(actor, Action.MANAGE_ORG, parent)
            if not parent.is_active:
                raise DomainError(
                    _("A closed organisation cannot receive new units."), code="parent_closed"
                )
        _check_level(parent, level)
        if admin_unit is None and parent is not None:
            admin_unit = parent.admin_unit
        org = Organisation.objects.create_child(
            parent=parent,
            name=name,
            kind=kind,
            level=level,
            admin_unit=admin_unit,
            valid_from=valid_from,
        )
        audit.record(
            actor=actor,
            action="orgs.organisation.created",
            obj=org,
            org=org,
            changes=_snapshot(org),
        )
    return org


def require_system_admin(actor: Actor) -> None:
    from lantoa.orgs.access import is_system_admin

    if not is_system_admin(actor):
        raise DomainError(_("Only a system administrator may do this."), code="forbidden")


def update_organisation(
    *,
    actor: Actor,
    org: Organisation,
    name: str,
    kind: str,
    admin_unit: AdminUnit | None,
    effective_date: datetime.date | None = None,
    legal_basis: str = "",
) -> Organisation:
    """Change name, kind or unit. A new name is kept in the name history from `effective_date`."""
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("The name is required."), code="name_required")
    if kind not in OrgKind.values:
        raise DomainError(_("Unknown kind or level."), code="invalid_choice")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        require(actor, Action.MANAGE_ORG, org)
        before = _snapshot(org)
        if name != org.name:
            day = effective_date or timezone.localdate()
            current = org.names.filter(valid_to__isnull=True).first()
            if current is not None:
                if current.valid_from and current.valid_from >= day:
                    raise DomainError(
                        _("The new name must take effect after the current one."),
                        code="invalid_date",
                    )
                current.valid_to = day - datetime.timedelta(days=1)
                current.save(update_fields=["valid_to"])
            OrganisationName.objects.create(
                organisation=org, name=name, valid_from=day, legal_basis=legal_basis
            )
        org.name, org.kind, org.admin_unit = name, kind, admin_unit
        org.save()
        audit.record(
            actor=actor,
            action="orgs.organisation.updated",
            obj=org,
            org=org,
            changes=audit.diff(before, _snapshot(org)),
        )
    return org


def _rewrite_paths(old: str, new: str) -> None:
    """Move every copy of the subtree's paths: the tree itself and each `org_path` column."""
    cut = len(old) + 1
    Organisation.objects.filter(path__under=old).update(
        path=Concat(Value(new), Substr("path", cut)),
    )
    for model in apps.get_models():
        field_names = {f.name for f in model._meta.get_fields()}
        if "org_path" in field_names and model._meta.label_lower != "audit.auditevent":
            model._default_manager.filter(org_path__under=old).update(
                org_path=Concat(Value(new), Substr("org_path", cut))
            )


def move_organisation(*, actor: Actor, org: Organisation, new_parent: Organisation) -> Organisation:
    """Move `org` and its subtree under `new_parent`; both ends must be in the actor's scope."""
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        new_parent = Organisation.objects.select_for_update().get(pk=new_parent.pk)
        if org.parent is None:
            raise DomainError(_("A root organisation cannot be moved."), code="invalid_move")
        require(actor, Action.MANAGE_ORG, org.parent)
        require(actor, Action.MANAGE_ORG, new_parent)
        if not new_parent.is_active:
            raise DomainError(
                _("A closed organisation cannot receive new units."), code="parent_closed"
            )
        if new_parent.path.startswith(org.path):
            raise DomainError(
                _("An organisation cannot be moved under itself or its own units."),
                code="invalid_move",
            )
        _check_level(new_parent, org.level)
        before = _snapshot(org)
        old_path, new_path = org.path, child_path(new_parent.path, org.pk)
        depth_shift = new_parent.depth + 1 - org.depth
        _rewrite_paths(old_path, new_path)
        Organisation.objects.filter(path__under=new_path).update(depth=F("depth") + depth_shift)
        Organisation.objects.filter(pk=org.pk).update(parent=new_parent)
        org.refresh_from_db()
        audit.record(
            actor=actor,
            action="orgs.organisation.moved",
            obj=org,
            org=org,
            changes=audit.diff(before, _snapshot(org)),
        )
    return org


def merge_organisation(
    *,
    actor: Actor,
    org: Organisation,
    into: Organisation,
    effective_date: datetime.date,
    legal_basis: str = "",
) -> Organisation:
    """Close `org` as merged into `into`; move it (with its history) under `into`;
    active memberships move to `into`."""
    if org.pk == into.pk:
        raise DomainError(_("An organisation cannot merge into itself."), code="invalid_merge")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        into = Organisation.objects.select_for_update().get(pk=into.pk)
        require(actor, Action.MANAGE_ORG, org)
        require(actor, Action.MANAGE_ORG, into)
        if not org.is_active:
            raise DomainError(_("This organisation is already closed."), code="already_closed")
        if not into.is_active:
            raise DomainError(
                _("A closed organisation cannot receive new units."), code="parent_closed"
            )
        if org.parent is not None and org.parent_id != into.pk:
            move_organisation(actor=actor, org=org, new_parent=into)
            org.refresh_from_db()
        before = _snapshot(org)
        org.valid_to = effective_date
        org.merged_into = into
        org.save(update_fields=["valid_to", "merged_into"])
        org.names.filter(valid_to__isnull=True).update(valid_to=effective_date)
        moved = 0
        for membership in Membership.objects.select_for_update().filter(
            organisation=org, ended_at__isnull=True
        ):
            membership.ended_at = timezone.now()
            membership.save(update_fields=["ended_at"])
            Membership.objects.get_or_create(
                user=membership.user,
                organisation=into,
                role=membership.role,
                ended_at=None,
                defaults={"org_path": into.path, "title": membership.title},
            )
            moved += 1
        changes = audit.diff(before, _snapshot(org))
        changes["legal_basis"] = [None, legal_basis]
        changes["memberships_moved"] = [None, moved]
        audit.record(
            actor=actor, action="orgs.organisation.merged", obj=org, org=into, changes=changes
        )
    return org


def add_member(
    *,
    actor: Actor,
    org: Organisation,
    user: User,
    role: str,
    title: str = "",
) -> Membership:
    """Give `user` `role` in `org`. Only system administrators may grant system_admin."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), code="invalid_role")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        require(actor, Action.MANAGE_MEMBERS, org)
        if role == Role.SYSTEM_ADMIN:
            require_system_admin(actor)
        if not org.is_active:
            raise DomainError(_("A closed organisation cannot receive members."), code="org_closed")
        if Membership.objects.filter(
            user=user, organisation=org, role=role, ended_at__isnull=True
        ).exists():
            raise DomainError(
                _("%(user)s already has this role in this organisation.") % {"user": user},
                code="duplicate_membership",
            )
        membership = Membership.objects.create(
            user=user, organisation=org, org_path=org.path, role=role, title=title.strip()
        )
        audit.record(
            actor=actor,
            action="orgs.membership.added",
            obj=membership,
            org=org,
            changes={"user": [None, user.username], "role": [None, role]},
        )
    forget(user)
    return membership


def end_membership(*, actor: Actor, membership: Membership) -> Membership:
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("organisation")
            .get(pk=membership.pk)
        )
        require(actor, Action.MANAGE_MEMBERS, membership.organisation)
        if membership.role == Role.SYSTEM_ADMIN:
            require_system_admin(actor)
        if membership.ended_at is not None:
            raise DomainError(_("This membership has already ended."), code="already_ended")
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        audit.record(
            actor=actor,
            action="orgs.membership.ended",
            obj=membership,
            org=membership.organisation,
            changes={"user": [membership.user.username, None], "role": [membership.role, None]},
        )
    forget(membership.user)
    return membership
