"""Replication: which units learned from an example and followed it.

`add_replication` names any organisation of the system (counted for spread once an officer
of that unit confirms it, at once when the recorder is one) or a unit outside the system by
name and place (counted at once, shown as outside), optionally with the replication it
learned from. `confirm_replication` is the unit's own confirmation. Both lock the record,
write a side step on its timeline and an audit event.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars.access import can_view_record, may_do
from lantoa.exemplars.models import Record, Replication
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.services.followup import side_step
from lantoa.exemplars.services.transitions import _locked
from lantoa.exemplars.workflow import REGISTRY
from lantoa.notifications.services import notify
from lantoa.orgs.access import can, role_allows
from lantoa.orgs.models import Membership, Organisation

CONFIRM_KIND = "replication_to_confirm"


def add_replication(
    *,
    actor: Actor,
    record: Record,
    date: datetime.date,
    what: str,
    result: str = "",
    org: Organisation | None = None,
    outside_name: str = "",
    outside_place: str = "",
    learned_from: Replication | None = None,
) -> Replication:
    """Record that a unit learned from the example and followed it: `org` (any active
    organisation) or a unit outside the system (`outside_name`, `outside_place`). Any
    officer may record it once the record is verified; it counts for spread when an officer
    of `org` confirms it (at once if the recorder is one) or, outside the system, at once."""
    what, result = what.strip(), result.strip()
    outside_name, outside_place = " ".join(outside_name.split()), outside_place.strip()
    if (org is None) == (not outside_name):
        raise DomainError(
            _("Choose a unit of the system or name one outside it, not both."),
            code="unit_required",
        )
    if org is not None and org.valid_to is not None:
        raise DomainError(_("This organisation no longer exists."), code="org_closed")
    if org is None and not outside_place:
        raise DomainError(_("Say where the unit outside the system is."), code="place_required")
    if not what:
        raise DomainError(_("Say what the unit did."), code="required")
    if date > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), code="future_date")
    with transaction.atomic():
        record = _locked(record)
        if not can_view_record(actor, record):
            raise NotFound()
        if record.state not in REGISTRY.side_action("replicate").states:
            raise DomainError(_("Only a verified example can be replicated."), code="not_verified")
        if not may_do(actor, record, "replicate"):
            raise DomainError(
                _("Your role does not allow this step on this record."), code="forbidden"
            )
        if learned_from is not None and learned_from.record_id != record.pk:
            raise DomainError(
                _("A unit can only have learned from a replication of the same example."),
                code="invalid_learned_from",
            )
        now = timezone.now()
        # The unit's own officer speaks for it: no confirmation to wait for.
        own = org is not None and can(actor, RecordAction.REPLICATE, org)
        replication = Replication.objects.create(
            record=record,
            org=org,
            org_path=org.path if org is not None else "",
            org_name=org.name if org is not None else outside_name,
            outside_name=outside_name,
            outside_place=outside_place,
            learned_from=learned_from,
            date=date,
            what=what,
            result=result,
            recorded_by=signed_in(actor),
            confirmed_at=now if own else None,
            confirmed_by=signed_in(actor) if own else None,
        )
        side_step(
            record,
            actor=actor,
            action="replicate",
            note=what,
            org_id=org.pk if org is not None else None,
            audit_action="exemplars.record.replicated",
            changes={
                "replication": [None, replication.pk],
                "org": [None, replication.org_name],
                "outside": [None, org is None],
                "confirmed": [None, own],
                "learned_from": [None, learned_from.pk if learned_from else None],
            },
        )
        if org is not None and not own:
            _ask_the_unit(record, replication, org)
    return replication


def _ask_the_unit(record: Record, replication: Replication, org: Organisation) -> None:
    """Tell the officers of the named unit itself that a confirmation waits for them."""
    officers = (
        Membership.objects.filter(organisation=org, ended_at__isnull=True)
        .select_related("user")
        .order_by("user_id")
    )
    seen: set[int] = set()
    # Stored text, read later by someone else: in the site's language, as the digest is.
    with translation.override(settings.LANGUAGE_CODE):
        _notify_officers(record, replication, org, officers, seen)


def _notify_officers(
    record: Record,
    replication: Replication,
    org: Organisation,
    officers: QuerySet[Membership],
    seen: set[int],
) -> None:
    for membership in officers:
        user = membership.user
        if user.pk in seen or not user.is_active:
            continue
        if role_allows(membership.role, RecordAction.REPLICATE):
            seen.add(user.pk)
            notify(
                user=user,
                kind=CONFIRM_KIND,
                title=_("Did %(org)s follow “%(title)s”?")
                % {"org": org.name, "title": record.title},
                body=replication.what,
                # The record page (by name: the domain imports no surface).
                url=reverse("staff:record_detail", args=[record.pk]),
            )


def confirm_replication(*, actor: Actor, replication: Replication) -> Replication:
    """An officer of the named unit confirms that it learned and followed: from now on it
    counts for spread. Confirming twice is refused (the first confirmation stands)."""
    with transaction.atomic():
        record = _locked(replication.record)
        replication = Replication.objects.select_for_update().get(pk=replication.pk)
        if replication.org is None or not can(actor, RecordAction.REPLICATE, replication.org):
            raise NotFound()
        if replication.confirmed_at is not None:
            raise DomainError(_("This replication is already confirmed."), code="confirmed")
        replication.confirmed_at = timezone.now()
        replication.confirmed_by = signed_in(actor)
        replication.save(update_fields=["confirmed_at", "confirmed_by"])
        side_step(
            record,
            actor=actor,
            action="replication_confirmed",
            note="",
            org_id=replication.org_id,
            audit_action="exemplars.replication.confirmed",
            changes={"replication": [None, replication.pk], "org": [None, replication.org_name]},
        )
    return replication
