"""The daily digest of overdue records: what waits for each user and is past its due date.

A record waits for:
- the verifiers of its handling organisation while it is reported, under verification or
  proposed to that organisation;
- the leaders of its handling organisation while it is verified or nurtured;
- its reporter while it is returned for more information (if they still hold a role that
  may resubmit it).

The handling organisation is exact, not a subtree: a provincial verifier is not chased for a
commune's queue.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.exemplars.models import Record, RecordState
from lantoa.notifications.models import Notification
from lantoa.notifications.services import notify
from lantoa.orgs.models import Membership, Role
from lantoa.timeliness.calendar import VN_TZ

DIGEST_KIND = "overdue_digest"

VERIFIER_STATES = (RecordState.REPORTED, RecordState.UNDER_VERIFICATION, RecordState.PROPOSED)
LEADER_STATES = (RecordState.VERIFIED, RecordState.NURTURING)
# Roles that may complete and resubmit a returned record.
RESUBMITTER_ROLES = (Role.REPORTER, Role.VERIFIER, Role.LEADER)


def _waiting_filter(user: Any) -> Q | None:
    memberships = list(
        Membership.objects.filter(
            user=user,
            ended_at__isnull=True,
            role__in=[Role.VERIFIER, Role.LEADER, Role.REPORTER],
        ).values_list("organisation_id", "role")
    )
    verifier_orgs = {org for org, role in memberships if role == Role.VERIFIER}
    leader_orgs = {org for org, role in memberships if role == Role.LEADER}
    conditions: list[Q] = []
    if verifier_orgs:
        conditions.append(Q(handling_org_id__in=verifier_orgs, state__in=VERIFIER_STATES))
    if leader_orgs:
        conditions.append(Q(handling_org_id__in=leader_orgs, state__in=LEADER_STATES))
    if any(role in RESUBMITTER_ROLES for _org, role in memberships):
        conditions.append(Q(state=RecordState.RETURNED, reporter=user))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


def overdue_items_for(user: Any, *, now: datetime.datetime | None = None) -> list[Record]:
    """The records waiting for `user` whose due date has passed, most overdue first."""
    waiting = _waiting_filter(user)
    if waiting is None:
        return []
    return list(
        Record.objects.filter(waiting, due_at__lt=now or timezone.now())
        .select_related("handling_org")
        .order_by("due_at", "id")
    )


def _candidate_user_ids(now: datetime.datetime) -> set[int]:
    """Users who may have something overdue: a superset, each one checked in full later."""
    overdue = Record.objects.filter(due_at__lt=now)
    handling = overdue.filter(state__in=[*VERIFIER_STATES, *LEADER_STATES]).values(
        "handling_org_id"
    )
    ids = set(
        Membership.objects.filter(
            ended_at__isnull=True,
            role__in=[Role.VERIFIER, Role.LEADER],
            organisation_id__in=handling,
        ).values_list("user_id", flat=True)
    )
    ids |= set(
        overdue.filter(state=RecordState.RETURNED, reporter__isnull=False).values_list(
            "reporter_id", flat=True
        )
    )
    return {pk for pk in ids if pk is not None}


def _local_midnight(now: datetime.datetime) -> datetime.datetime:
    return datetime.datetime.combine(now.astimezone(VN_TZ).date(), datetime.time.min, VN_TZ)


def _digest_text(items: list[Record]) -> tuple[str, str]:
    n = len(items)
    title = ngettext("%(n)d item is overdue", "%(n)d items are overdue", n) % {"n": n}
    lines = [_("These records are waiting for you and are past their due date:"), ""]
    for record in items:
        due = record.due_at.astimezone(VN_TZ) if record.due_at else None
        lines.append(
            _("- %(title)s (due %(due)s)")
            % {"title": record.title, "due": f"{due:%d/%m/%Y}" if due else "-"}
        )
    return title, "\n".join(lines)


def send_overdue_digest(now: datetime.datetime | None = None) -> int:
    """Notify (in the app and by email) each active user with at least one overdue record;
    returns how many were notified. Idempotent per day in Vietnam: a user who already got
    today's digest is skipped, so the task may run again after a failure."""
    now = now or timezone.now()
    since = _local_midnight(now)
    user_model = get_user_model()
    todays_digest = Notification.objects.filter(
        user=OuterRef("pk"), kind=DIGEST_KIND, created_at__gte=since
    )
    users = user_model.objects.filter(pk__in=_candidate_user_ids(now), is_active=True).exclude(
        Exists(todays_digest)
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in users.order_by("pk"):
            items = overdue_items_for(user, now=now)
            if not items:
                continue
            title, body = _digest_text(items)
            with transaction.atomic():
                # Lock the user, then look again: two runs at once still send one digest.
                user_model.objects.select_for_update().filter(pk=user.pk).first()
                if Notification.objects.filter(
                    user=user, kind=DIGEST_KIND, created_at__gte=since
                ).exists():
                    continue
                notify(user=user, kind=DIGEST_KIND, title=title, body=body, email=True)
            sent += 1
    return sent
