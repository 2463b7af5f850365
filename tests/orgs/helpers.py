"""Shared helpers of the organisation service tests."""

from __future__ import annotations

import datetime

from lantoa.audit.models import AuditEvent
from lantoa.orgs.models import Organisation

REFORM = datetime.date(2025, 7, 1)


def fresh(org: Organisation) -> Organisation:
    return Organisation.objects.get(pk=org.pk)


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def fresh_user(world, username: str):
    return type(world.user(username)).objects.get(username=username)
