"""Writes on user accounts."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts import links
from lantoa.accounts.models import ApiToken, LinkPurpose, User
from lantoa.accounts.sessions import end_all_access
from lantoa.accounts.throttle import clear_failures_of
from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError


def create_user(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    password: str | None = None,
    audit_org: Any = None,
) -> User:
    """Create an account. Without a password the account cannot sign in until one is set."""
    username = username.strip()
    email = email.strip()
    if not username:
        raise DomainError(_("The username is required."), code="username_required")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("The username %(username)s is taken.") % {"username": username}, code="username_taken"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                _("%(email)s is not a valid e-mail address.") % {"email": email},
                code="invalid_email",
            ) from None
        if User.objects.filter(email__iexact=email).exists():
            raise DomainError(
                _("The e-mail address %(email)s is taken.") % {"email": email}, code="email_taken"
            )
    user = User(username=username, full_name=full_name.strip(), email=email, phone=phone.strip())
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="weak_password") from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    with transaction.atomic():
        user.save()
        changes: dict[str, Any] = {
            "username": [None, username],
            "full_name": [None, user.full_name],
        }
        if not password:
            changes["invited"] = [None, bool(email)]
        audit.record(
            actor=actor, action="accounts.user.created", obj=user, org=audit_org, changes=changes
        )
        if not password:
            # Without a password nobody could ever sign in: the invitation is the way in.
            issued = links.issue_link(
                actor=actor,
                user=user,
                purpose=LinkPurpose.INVITATION,
                audit_org=audit_org,
                audited=False,  # the "invited" change of this event
            )
            links.send_invitation(user=user, url=issued.url)
    return user


def change_password(*, actor: User, current_password: str, new_password: str) -> User:
    """The actor changes their own password, knowing the current one. Every other session
    and every API token ends (the caller keeps the current session with Django's
    `update_session_auth_hash`). The one way to change one's own password: the
    confidential channel will extend it to re-encrypt a handler's key."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if not user.check_password(current_password):
            raise DomainError(_("Your current password is not correct."), code="wrong_password")
        try:
            validate_password(new_password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="weak_password") from None
        user.set_password(new_password)
        user.save(update_fields=["password"])
        end_all_access(actor=user, user=user, reason="password_changed")
        audit.record(actor=user, action="accounts.user.password_changed", obj=user)
    clear_failures_of(user)
    actor.password = user.password
    actor.session_epoch = user.session_epoch
    return user


def issue_api_token(*, user: User) -> tuple[str, datetime.datetime]:
    """Return a new bearer token (shown once) and its expiry; only its digest is stored."""
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            digest=ApiToken.digest_of(raw),
            expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS),
        )
        audit.record(
            actor=user,
            action="accounts.api_token.issued",
            obj=token,
            changes={"expires_at": [None, token.expires_at.isoformat()]},
        )
    return raw, token.expires_at


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=ApiToken.digest_of(raw), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token.user


def record_sign_in(*, user: User, channel: str) -> None:
    """Audit a successful sign-in (`channel`: "web"; the API's is its token, audited when
    issued)."""
    audit.record(
        actor=user, action="accounts.user.signed_in", obj=user, changes={"channel": [None, channel]}
    )


def record_failed_sign_in(*, login: str, channel: str) -> None:
    """Audit a failed sign-in on an existing account (what was typed is not kept: people
    type passwords into the name field). A name that matches no account is not logged."""
    login = login.strip()
    if not login:
        return
    field = "email__iexact" if "@" in login else "username__iexact"
    user = User.objects.filter(**{field: login}).first()
    if user is not None:
        audit.record(
            actor=None,
            action="accounts.user.sign_in_failed",
            obj=user,
            changes={"channel": [None, channel]},
        )
