"""Sensitive personal data about a subject (ethnicity, religion, health, past offences).

Recorded by the officers who manage the subject's consents; each item leaves the tree only
with its own consent (`consent.record_consent(purpose="sensitive_item", sensitive_item=…)`).
The audit event names the kind, never the value: the log is read more widely than the item.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars.models import SensitiveItem, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.orgs.access import can


def add_sensitive_item(*, actor: Any, subject: Subject, kind: str, value: str) -> SensitiveItem:
    """Record one item. NotFound for whoever may not manage the subject's consents (or a
    subject merged away); refused for an unknown kind or an empty value."""
    value = " ".join(value.split())
    if kind not in SensitiveItem.Kind.values:
        raise DomainError(_("Unknown kind of sensitive data."), code="invalid_kind")
    if not value:
        raise DomainError(_("Give the value."), code="required")
    with transaction.atomic():
        subject = Subject.objects.select_for_update().get(pk=subject.pk)
        if subject.merged_into_id is not None or not can(
            actor, RecordAction.MANAGE_CONSENT, subject
        ):
            raise NotFound()
        item = SensitiveItem.objects.create(subject=subject, kind=kind, value=value[:255])
        audit.record(
            actor=actor,
            action="exemplars.sensitive_item.recorded",
            obj=subject,
            org=subject.org,
            changes={"sensitive_item": [None, item.pk], "kind": [None, kind]},
        )
    return item
