"""Ending access: every browser session and API token of an account at once, or one token.

Sessions end through the session hash (`User._get_session_auth_hash` covers
`session_epoch`): Django drops a session whose hash no longer matches on its next request,
on every server, with no list of sessions to walk. Tokens are revoked in the database.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lantoa.accounts.models import ApiToken, User
from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import NotFound


def end_all_access(*, actor: Actor, user: User, reason: str, audit_org: Any = None) -> int:
    """End every session and revoke every live API token of `user`; returns how many tokens
    were revoked. The caller has checked the actor's right (the holder, their org admin,
    a used reset link)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        user.refresh_from_db(fields=["session_epoch"])
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action="accounts.user.signed_out_everywhere",
            obj=user,
            org=audit_org,
            changes={"reason": [None, reason], "tokens_revoked": [None, revoked]},
        )
    return revoked


def revoke_api_token(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens. Another person's token is not found."""
    with transaction.atomic():
        try:
            token = ApiToken.objects.select_for_update().get(pk=token.pk, user=signed_in(actor))
        except ApiToken.DoesNotExist:
            raise NotFound() from None
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(
                actor=actor,
                action="accounts.api_token.revoked",
                obj=token,
                changes={"revoked_at": [None, token.revoked_at.isoformat()]},
            )
    return token


def tokens_of(user: User) -> Any:
    """The account's tokens still in force, newest first (a read for the owner's page)."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")
