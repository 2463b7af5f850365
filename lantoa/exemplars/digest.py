"""The daily digest of overdue records: what waits for each user and is past its due date.

Who a record waits for is the workflow table's `waits` (`lantoa.exemplars.workflow`), read
through the same query as the inbox (`selectors.waiting_q`): the verifiers of its handling
organisation while it is reported, under verification or proposed; the leaders of its
handling organisation while it is verified or nurtured; its reporter while it is returned,
as long as they hold a role that may resubmit it at the reporting organisation or above.

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
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.exemplars.models import Record
from lantoa.exemplars.selectors import WAIT_ORG_COLUMN, WAIT_PERSON_COLUMN, waiting_q
from lantoa.exemplars.workflow import REGISTRY
from lantoa.notifications.models import Notification
from lantoa.notifications.services import notify
from lantoa.orgs.models import Membership
from lantoa.timeliness.calendar import VN_TZ

DIGEST_KIND = "overdue_digest"


def overdue_items_for(user: Any, *, now: datetime.datetime | None = None) -> list[Record]:
    """The records waiting for `user` whose due date has passed, most overdue first."""
    return list(
        Record.objects.filter(waiting_q(user), due_at__lt=now or timezone.now())
        .select_related("handling_org")
        .order_by("due_at", "id")
    )


def _candidate_user_ids(now: datetime.datetime) -> set[int]:
    """Users who may have something overdue: a superset (from the table's waits), each one
    checked in full later."""
    overdue = Record.objects.filter(due_at__lt=now)
    ids: set[int | None] = set()
    holders = Q(pk__in=[])  # one query for every wait of role holders
    for wait in REGISTRY.waits:
        waiting = overdue.filter(state__in=sorted(wait.states))
        if wait.person is None:
            places = waiting.values(WAIT_ORG_COLUMN[wait.at])
            holders |= Q(role__in=sorted(wait.roles), organisation_id__in=places)
        else:
            ids |= set(waiting.values_list(WAIT_PERSON_COLUMN[wait.person], flat=True))
    ids |= set(
        Membership.objects.filter(holders, ended_at__isnull=True).values_list("user_id", flat=True)
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
                notify(
                    user=user,
                    kind=DIGEST_KIND,
                    title=title,
                    body=body,
                    # The page behind the bell (by name: the domain imports no surface).
                    url=reverse("staff:notifications"),
                    email=True,
                )
            sent += 1
    return sent
