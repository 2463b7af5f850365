"""An org admin's hold on accounts: one-time reset links, their approval, deactivation.

Accounts belong to no organisation; memberships do. So "may this org admin act on this
account?" is answered here, where memberships live: only when *every* active membership of
the account is inside the admin's tree (otherwise a commune admin could reset or switch
off a province leader who also holds a role in the commune). System administrators' accounts
are only for system administrators. Nobody uses these on their own account: there is
"change my password" and "sign out everywhere" for that.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts import links
from lantoa.accounts.models import AccessLink, LinkPurpose, User
from lantoa.accounts.sessions import end_all_access
from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError, NotFound
from lantoa.notifications.services import notify
from lantoa.orgs.access import Action, grants, is_system_admin, paths_for
from lantoa.orgs.models import CONFIRMED_ROLES, Membership, Organisation, Role


def _active_memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, ended_at__isnull=True).select_related("organisation")
    )


def administers(actor: Actor, user: User, memberships: list[Membership] | None = None) -> bool:
    """Whether `actor` manages every active membership of `user` (and `user` has one)."""
    if user.pk == getattr(actor, "pk", None):
        return False
    memberships = _active_memberships(user) if memberships is None else memberships
    if is_system_admin(actor):
        return True
    roots = paths_for(actor, Action.MANAGE_MEMBERS) or []
    if not memberships or not roots:
        return False
    if any(m.role == Role.SYSTEM_ADMIN for m in memberships):
        return False
    return all(any(m.org_path.startswith(root) for root in roots) for m in memberships)


def get_account_for(actor: Actor, pk: Any) -> tuple[User, list[Membership]]:
    """An account the actor administers, with its active memberships; otherwise 404."""
    try:
        user = User.objects.get(pk=int(pk))
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    memberships = _active_memberships(user)
    if not administers(actor, user, memberships):
        raise NotFound()
    return user, memberships


def _home_org(memberships: list[Membership]) -> Organisation | None:
    """The organisation whose log records events on this account: the highest one."""
    return min(memberships, key=lambda m: m.org_path).organisation if memberships else None


def _deciding(memberships: list[Membership]) -> list[Membership]:
    return [m for m in memberships if m.role in CONFIRMED_ROLES and m.confirmed_at is not None]


def issue_reset_link(*, actor: Actor, user: User) -> links.IssuedLink:
    """A one-time link that sets a new password, to hand over in person or by chat.
    For an account that verifies, leads or administers, it works only after a leader over
    one of those organisations (not the requester, not the holder) approves it; those
    leaders are told. Earlier unused handed-over links of the account are cancelled."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        memberships = _active_memberships(user)
        if not administers(actor, user, memberships):
            raise NotFound()
        if not user.is_active:
            raise DomainError(_("This account is deactivated."), code="inactive")
        deciding = _deciding(memberships)
        AccessLink.objects.filter(
            user=user, purpose=LinkPurpose.RESET, used_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        issued = links.issue_link(
            actor=actor,
            user=user,
            purpose=LinkPurpose.RESET,
            needs_approval=bool(deciding),
            audit_org=_home_org(memberships),
        )
        for membership in deciding:
            for leader in _leaders_over(membership):
                if leader.pk in (actor.pk, user.pk):
                    continue
                notify(
                    user=leader,
                    kind="accounts.reset_approval",
                    title=_("A password reset for %(user)s awaits your approval")
                    % {"user": user.display_name},
                    email=True,
                )
    return issued


def _leaders_over(membership: Membership) -> list[User]:
    ids = [int(part) for part in membership.org_path.strip("/").split("/")]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation_id__in=ids,
            role=Role.LEADER,
            ended_at__isnull=True,
            confirmed_at__isnull=False,
            user__is_active=True,
        ).select_related("user")
    ]


def _leader_paths(actor: Actor) -> list[str] | None:
    if is_system_admin(actor):
        return None
    return [g.path for g in grants(actor) if g.role == Role.LEADER]


def may_approve(actor: Actor, link: AccessLink) -> bool:
    """A leader over an organisation where the holder verifies, leads or administers, who
    neither asked for the link nor holds it."""
    if actor.pk in (link.user_id, link.created_by_id):
        return False
    roots = _leader_paths(actor)
    if roots is None:
        return True
    deciding = _deciding(_active_memberships(link.user))
    return any(m.org_path.startswith(root) for m in deciding for root in roots)


def resets_to_approve(actor: Actor) -> list[AccessLink]:
    """Open handed-over links awaiting approval that the actor may approve."""
    roots = _leader_paths(actor)
    if roots == []:
        return []
    candidates = (
        AccessLink.objects.filter(
            purpose=LinkPurpose.RESET,
            needs_approval=True,
            approved_at__isnull=True,
            used_at__isnull=True,
            cancelled_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(Q(user_id=actor.pk) | Q(created_by_id=actor.pk))
        .select_related("user", "created_by")
        .order_by("created_at")
    )
    return [link for link in candidates[:200] if may_approve(actor, link)]


def get_reset_to_approve(actor: Actor, pk: Any) -> AccessLink:
    for link in resets_to_approve(actor):
        if str(link.pk) == str(pk):
            return link
    raise NotFound()


def approve_reset_link(*, actor: Actor, link: AccessLink) -> AccessLink:
    """Let a handed-over reset link of a deciding account work (once, until it expires)."""
    with transaction.atomic():
        link = AccessLink.objects.select_for_update().select_related("user").get(pk=link.pk)
        if not may_approve(actor, link):
            raise NotFound()
        if not link.is_open() or not link.awaits_approval:
            raise DomainError(_("This link no longer awaits approval."), code="not_pending")
        link.approved_at = timezone.now()
        link.approved_by = signed_in(actor)
        link.save(update_fields=["approved_at", "approved_by"])
        audit.record(
            actor=actor,
            action="accounts.reset.approved",
            obj=link.user,
            org=_home_org(_active_memberships(link.user)),
            changes={"link": [None, link.pk]},
        )
    return link


def deactivate_account(*, actor: Actor, user: User) -> User:
    """Switch an account off: it cannot sign in, its sessions and tokens end at once, its
    open links are cancelled. Its memberships and history stay as they were."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        memberships = _active_memberships(user)
        if not administers(actor, user, memberships):
            raise NotFound()
        if not user.is_active:
            raise DomainError(_("This account is already deactivated."), code="inactive")
        user.is_active = False
        user.save(update_fields=["is_active"])
        org = _home_org(memberships)
        AccessLink.objects.filter(
            user=user, used_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        end_all_access(actor=actor, user=user, reason="deactivated", audit_org=org)
        audit.record(
            actor=actor,
            action="accounts.user.deactivated",
            obj=user,
            org=org,
            changes={"is_active": [True, False]},
        )
    return user
