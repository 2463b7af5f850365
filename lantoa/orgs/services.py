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
from lantoa.core.actors import Actor, signed_in, user_or_none
from lantoa.core.errors import DomainError, NotFound
from lantoa.notifications.services import notify
from lantoa.orgs.access import Action, forget, grants_changed, is_system_admin, require
from lantoa.orgs.models import (
    CONFIRMED_ROLES,
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
from lantoa.orgs.selectors import may_confirm_in


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
    grants_changed()  # memberships' paths changed without a save


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
    """Give `user` `role` in `org`. Only system administrators may grant system_admin.

    Nobody but a system administrator grants a role to themselves. A verifier, leader or
    org-admin grant by anyone but a system administrator is *pending*: it gives no right
    until someone else confirms it (`confirm_membership`). The organisation's leaders are
    told of every grant."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), code="invalid_role")
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        require(actor, Action.MANAGE_MEMBERS, org)
        if role == Role.SYSTEM_ADMIN:
            require_system_admin(actor)
        trusted = is_system_admin(actor)
        if user.pk == getattr(actor, "pk", None) and not trusted:
            raise DomainError(_("You cannot give a role to yourself."), code="self_grant")
        if not org.is_active:
            raise DomainError(_("A closed organisation cannot receive members."), code="org_closed")
        if Membership.objects.filter(
            user=user, organisation=org, role=role, ended_at__isnull=True
        ).exists():
            raise DomainError(
                _("%(user)s already has this role in this organisation.") % {"user": user},
                code="duplicate_membership",
            )
        pending = role in CONFIRMED_ROLES and not trusted
        membership = Membership.objects.create(
            user=user,
            organisation=org,
            org_path=org.path,
            role=role,
            title=title.strip(),
            granted_by=user_or_none(actor),
            confirmed_at=None if pending else timezone.now(),
        )
        audit.record(
            actor=actor,
            action="orgs.membership.added",
            obj=membership,
            org=org,
            changes={"user": [None, user.username], "role": [None, role]},
        )
        _tell_leaders(actor=actor, membership=membership)
    forget(user)
    return membership


def _tell_leaders(*, actor: Actor, membership: Membership) -> None:
    """Notify the leaders of the nearest organisation, from the grant's up, that has any
    (the same "nearest" as the verifier of a report, decision 14): a role given in a commune
    is seen by the people who answer for that commune, not by the whole province."""
    if membership.is_pending:
        title = _("A role awaits your confirmation: %(user)s, %(role)s in %(org)s")
    else:
        title = _("A role was given: %(user)s, %(role)s in %(org)s")
    title = title % {
        "user": membership.user.display_name,
        "role": membership.get_role_display(),
        "org": membership.organisation.name,
    }
    for leader in nearest_leaders(membership.organisation):
        if leader.pk in (getattr(actor, "pk", None), membership.user_id):
            continue
        # By e-mail too: the staff pages have no notification list yet.
        notify(user=leader, kind="orgs.grant", title=title, email=True)


def nearest_leaders(org: Organisation) -> list[User]:
    """Active, confirmed leaders of `org` or, if it has none, of its nearest ancestor that has."""
    ids = [int(part) for part in org.path.strip("/").split("/")]
    by_org: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organisation_id__in=ids,
        role=Role.LEADER,
        ended_at__isnull=True,
        confirmed_at__isnull=False,
        user__is_active=True,
    ).select_related("user"):
        by_org.setdefault(membership.organisation_id, []).append(membership.user)
    for org_id in reversed(ids):
        if by_org.get(org_id):
            return by_org[org_id]
    return []


def _pending_for(actor: Actor, membership: Membership) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=membership.pk)
    )
    if not may_confirm_in(actor, membership):
        raise NotFound()
    if not membership.is_pending:
        raise DomainError(_("This role is no longer awaiting confirmation."), code="not_pending")
    return membership


def confirm_membership(*, actor: Actor, membership: Membership) -> Membership:
    """Make a pending grant effective. Only a leader or org admin over its organisation who
    neither made nor receives it may: no one gives power to themselves, alone or through a
    friend they just made org admin."""
    with transaction.atomic():
        membership = _pending_for(actor, membership)
        if actor.pk in (membership.user_id, membership.granted_by_id):
            raise DomainError(
                _("Someone other than the person who gave or received this role must confirm it."),
                code="own_grant",
            )
        membership.confirmed_at = timezone.now()
        membership.confirmed_by = signed_in(actor)
        membership.save(update_fields=["confirmed_at", "confirmed_by"])
        audit.record(
            actor=actor,
            action="orgs.membership.confirmed",
            obj=membership,
            org=membership.organisation,
            changes={"user": [None, membership.user.username], "role": [None, membership.role]},
        )
        notify(
            user=membership.user,
            kind="orgs.grant",
            title=_("Your role was confirmed: %(role)s in %(org)s")
            % {"role": membership.get_role_display(), "org": membership.organisation.name},
            email=True,
        )
    forget(membership.user)
    return membership


def refuse_membership(*, actor: Actor, membership: Membership) -> Membership:
    """End a pending grant without it ever taking effect (a confirmer refusing it, or its
    grantor withdrawing it). The grantee cannot refuse on the grantor's behalf."""
    with transaction.atomic():
        membership = _pending_for(actor, membership)
        if actor.pk == membership.user_id:
            raise NotFound()
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        audit.record(
            actor=actor,
            action="orgs.membership.refused",
            obj=membership,
            org=membership.organisation,
            changes={"user": [membership.user.username, None], "role": [membership.role, None]},
        )
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
