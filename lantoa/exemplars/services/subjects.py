"""Subjects of records: creating a person or collective, and who may attach a record to one.

Kept apart from reporting so that both ways a record comes in (`intake.receive_record`) and
the officer's wrappers (`reporting`) can use them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, user_or_none
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars.models import Record, SensitiveItem, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.workflow import SHAREABLE_STATES
from lantoa.orgs.access import can
from lantoa.orgs.models import Organisation


@dataclass
class SubjectInput:
    """A new individual or collective typed in the report form."""

    full_name: str
    kind: str = Subject.Kind.INDIVIDUAL
    gender: str = ""
    birth_year: int | None = None
    occupation: str = ""
    priority_group: Any = None
    admin_unit: Any = None
    phone: str = ""
    email: str = ""
    address: str = ""


def create_subject(*, actor: Actor | None, org: Organisation, data: SubjectInput) -> Subject:
    name = " ".join(data.full_name.split())
    if not name:
        raise DomainError(
            _("The name of the person or collective is required."), code="subject_name_required"
        )
    this_year = timezone.localdate().year
    if data.birth_year is not None and not (this_year - 120 <= data.birth_year <= this_year):
        raise DomainError(_("The birth year is not plausible."), code="invalid_birth_year")
    subject = Subject.objects.create(
        kind=data.kind,
        full_name=name,
        gender=data.gender,
        birth_year=data.birth_year,
        occupation=data.occupation.strip(),
        priority_group=data.priority_group,
        admin_unit=data.admin_unit,
        phone=data.phone.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        org=org,
        org_path=org.path,
        created_by=user_or_none(actor),
    )
    audit.record(
        actor=actor,
        action="exemplars.subject.created",
        obj=subject,
        org=org,
        changes={"full_name": [None, name]},
    )
    return subject


def copy_priority_group(subject: Subject) -> int:
    """Copy the subject's priority group onto its records (`Record.priority_group`, what the
    list filters on), in the caller's transaction: whoever changes a subject's group calls
    this before committing. Answers the number of records changed."""
    # `exclude(x=None)` is "x IS NOT NULL" and `exclude(x=5)` keeps the NULLs: only the
    # records whose copy differs are written.
    return (
        Record.objects.filter(subject_id=subject.pk)
        .exclude(priority_group_id=subject.priority_group_id)
        .update(priority_group_id=subject.priority_group_id)
    )


def can_view_record_subject(actor: Actor, subject: Subject) -> bool:
    return (
        can(actor, RecordAction.VIEW_RECORDS, subject)
        or Record.objects.filter(subject=subject, state__in=SHAREABLE_STATES).exists()
    )


def add_sensitive_item(*, actor: Actor, subject: Subject, kind: str, value: str) -> SensitiveItem:
    """Keep one piece of sensitive data about the subject (ethnicity, religion, health, …).
    Only the subject's own tree, by those who manage its consents; it goes nowhere until a
    consent names it (`consent.record_consent(purpose="sensitive_item", sensitive_item=…)`).
    The audit event names the kind, never the value."""
    if not can(actor, RecordAction.MANAGE_CONSENT, subject):
        raise NotFound()
    value = " ".join(value.split())
    if kind not in SensitiveItem.Kind.values:
        raise DomainError(_("Choose what kind of sensitive data this is."), code="invalid_kind")
    if not value:
        raise DomainError(_("Write the sensitive data."), code="required")
    with transaction.atomic():
        item = SensitiveItem.objects.create(subject=subject, kind=kind, value=value)
        audit.record(
            actor=actor,
            action="exemplars.subject.sensitive_item_added",
            obj=subject,
            org=subject.org,
            changes={"sensitive_item": [None, item.pk], "kind": [None, kind]},
        )
    return item
