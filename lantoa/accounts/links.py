"""One-time links that set a password: invitations, resets by e-mail, resets handed over.

The secret is shown once (in the e-mail, or on the org admin's screen) and only its SHA-256
digest is stored, like API tokens. A link is single use, expires, and dies when any other
link of the same account is used. Who may *ask* for a handed-over reset is decided above
this app (`orgs.accounts`: the org admin of the account's whole tree, a leader's approval
for accounts that decide); this module only keeps the links honest.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.accounts.models import AccessLink, LinkPurpose, User
from lantoa.accounts.sessions import end_all_access
from lantoa.accounts.throttle import clear_failures_of
from lantoa.audit import services as audit
from lantoa.core.actors import Actor, user_or_none
from lantoa.core.errors import DomainError
from lantoa.core.intake.limits import Limit
from lantoa.notifications.services import notify

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedLink:
    link: AccessLink
    url: str  # absolute, with the secret: show or send it once


def link_url(raw: str) -> str:
    return settings.SITE_URL + reverse("accounts:link", args=[raw])


def issue_link(
    *,
    actor: Actor | None,
    user: User,
    purpose: str,
    needs_approval: bool = False,
    audit_org: Any = None,
    audited: bool = True,
) -> IssuedLink:
    """Create a one-time link for `user`. The caller has checked the actor's right; this
    writes the link and its audit event inside the caller's transaction (`audited=False`
    only when the caller's own event says so: an invitation is part of
    `accounts.user.created`)."""
    raw = secrets.token_urlsafe(32)
    if purpose == LinkPurpose.INVITATION:
        lifetime = datetime.timedelta(days=settings.INVITATION_TTL_DAYS)
    else:
        lifetime = datetime.timedelta(hours=settings.RESET_LINK_TTL_HOURS)
    link = AccessLink.objects.create(
        user=user,
        purpose=purpose,
        digest=AccessLink.digest_of(raw),
        created_by=user_or_none(actor),
        expires_at=timezone.now() + lifetime,
        needs_approval=needs_approval,
    )
    if audited:
        audit.record(
            actor=actor,
            action=f"accounts.{purpose}.issued",
            obj=user,
            org=audit_org,
            changes={
                "link": [None, link.pk],
                "expires_at": [None, link.expires_at.isoformat()],
                "needs_approval": [None, needs_approval],
            },
        )
    return IssuedLink(link=link, url=link_url(raw))


def mail_after_commit(*, to: str, subject: str, body: str) -> None:
    """Send after the surrounding transaction commits (never if it rolls back). Not through
    `notifications.notify`: a message holding a link's secret must not be stored."""

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
        except Exception:
            # The link still works when handed over another way; the admin sees it was sent.
            logger.exception("Could not send %r", subject)

    transaction.on_commit(send)


def send_invitation(*, user: User, url: str) -> None:
    """Mail the invitation after the account's transaction commits."""
    if not user.email:
        return
    body = _(
        "An account was made for you on Lan Tỏa (username: %(username)s).\n"
        "Open this link to choose your password; it works once, for %(days)d days:\n\n%(url)s"
    ) % {"username": user.username, "days": settings.INVITATION_TTL_DAYS, "url": url}
    mail_after_commit(to=user.email, subject=_("Your Lan Tỏa account"), body=body)


def open_link(raw: str) -> AccessLink | None:
    """The usable link behind `raw`, or None (unknown, used, cancelled, expired, or still
    awaiting approval: the holder is told only that it does not work)."""
    if not raw or len(raw) > 100:
        return None
    link = (
        AccessLink.objects.select_related("user").filter(digest=AccessLink.digest_of(raw)).first()
    )
    if link is None or not link.is_open() or link.awaits_approval or not link.user.is_active:
        return None
    return link


def set_password_with_link(*, raw: str, new_password: str) -> User:
    """Use a link: set the password, end every session and token of the account, clear its
    failed sign-ins, close its other links, tell the holder. Single use: two tabs sending
    the same link race on the row lock, and the second finds it used."""
    with transaction.atomic():
        found = open_link(raw)
        if found is None:
            raise DomainError(
                _("This link does not work: it was used, has expired or is not approved yet."),
                code="link_closed",
            )
        link = AccessLink.objects.select_for_update().select_related("user").get(pk=found.pk)
        if not link.is_open():
            raise DomainError(
                _("This link does not work: it was used, has expired or is not approved yet."),
                code="link_closed",
            )
        user = User.objects.select_for_update().get(pk=link.user_id)
        try:
            validate_password(new_password, user)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code="weak_password") from None
        now = timezone.now()
        link.used_at = now
        link.save(update_fields=["used_at"])
        AccessLink.objects.filter(
            user=user, used_at__isnull=True, cancelled_at__isnull=True
        ).exclude(pk=link.pk).update(cancelled_at=now)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        end_all_access(actor=user, user=user, reason=f"{link.purpose}.used")
        audit.record(
            actor=user,
            action=f"accounts.{link.purpose}.used",
            obj=user,
            changes={"link": [None, link.pk]},
        )
        if link.purpose == LinkPurpose.RESET:
            notify(
                user=user,
                kind="accounts.password",
                title=_("Your Lan Tỏa password was reset"),
                body=_(
                    "Your password was set with a one-time link. Every other session and API "
                    "token of your account has ended. If this was not you, tell your "
                    "organisation's administrator at once."
                ),
                email=True,
            )
    clear_failures_of(user)
    return user


def reset_requests() -> Limit:
    # Three e-mails an hour per address typed, whoever asks: enough for a lost mail, too few
    # to flood someone's inbox.
    return Limit("password-reset-email", limit=3, window=3600)


def request_reset_by_email(*, email: str) -> None:
    """Mail a reset link to the active account with this address, if there is one. The
    caller always answers the same ("if an account has this address…"): whether an
    address has an account never leaks."""
    email = email.strip()
    if not email or not reset_requests().hit(email.lower()).allowed:
        return
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    with transaction.atomic():
        issued = issue_link(actor=None, user=user, purpose=LinkPurpose.RESET)
        body = _(
            "Someone asked to reset the password of your Lan Tỏa account (%(username)s).\n"
            "Open this link to choose a new one; it works once, for %(hours)d hours:\n\n%(url)s\n\n"
            "If it was not you, ignore this message: your password stays as it is."
        ) % {
            "username": user.username,
            "hours": settings.RESET_LINK_TTL_HOURS,
            "url": issued.url,
        }
        mail_after_commit(to=user.email, subject=_("Reset your Lan Tỏa password"), body=body)
