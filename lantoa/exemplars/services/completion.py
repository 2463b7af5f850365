"""Completing a returned record: what the reporter may change when they resubmit it.

A verifier returns a record for a phone number, a photo, a date. `complete_report` applies
the reporter's corrections inside `transition_record`'s transaction (the record is locked,
the step checked): every field of the report, the subject's contact (or a subject where
there was none), new photos and documents. The content passes `content.check_report`, as a
new report does. What changed is answered for the resubmit step's audit event.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError
from lantoa.core.html import sanitise
from lantoa.core.uploads import CleanFile
from lantoa.exemplars.access import can_view_personal_data
from lantoa.exemplars.models import Evidence, Movement, Record, Sector
from lantoa.exemplars.services.content import attach_files, check_report
from lantoa.exemplars.services.subjects import SubjectInput, create_subject

# Digits with the separators people type ("0912 345 678", "+84 91-234-5678"); 8 to 15 digits.
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


@dataclass(frozen=True)
class ReportChanges:
    """Corrections to a returned report. None keeps what the record holds; a text field
    given as "" clears it where the field may be blank (title and summary may not)."""

    title: str | None = None
    summary: str | None = None
    story: str | None = None
    place: str | None = None
    deed_date: datetime.date | None = None
    sector: Sector | None = None
    movement: Movement | None = None
    # The subject's contact (personal data: only inside the subject's tree).
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    # A person or collective for a record reported without one.
    new_subject: SubjectInput | None = None
    files: Sequence[CleanFile] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ReportChanges:
        """The changes as a mapping of the same names (what the API's JSON gives)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise DomainError(
                _("These fields cannot be changed: %(names)s.") % {"names": ", ".join(unknown)},
                code="invalid_changes",
            )
        return cls(**dict(data))


def check_phone(phone: str) -> str:
    phone = phone.strip()
    digits = sum(c.isdigit() for c in phone)
    if phone and (not PHONE.match(phone) or not 8 <= digits <= 15):
        raise DomainError(_("Enter a phone number of 8 to 15 digits."), code="invalid_phone")
    return phone


def check_email(email: str) -> str:
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("Enter a valid e-mail address."), code="invalid_email") from None
    return email


def complete_report(*, actor: Actor, record: Record, changes: ReportChanges) -> dict[str, Any]:
    """Apply `changes` to the locked `record` (not saved: the transition saves it). Answers
    the audit entries: the names of the fields that changed and the files added."""
    title, summary = check_report(
        kind=record.kind,
        title=record.title if changes.title is None else changes.title,
        summary=record.summary if changes.summary is None else changes.summary,
        deed_date=changes.deed_date or record.deed_date,
        files=changes.files,
        photos_kept=record.evidence.filter(kind=Evidence.Kind.PHOTO).count(),
    )
    changed: list[str] = []

    def put(name: str, value: Any) -> None:
        if value is not None and getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)

    put("title", title)
    put("summary", summary)
    put("story", None if changes.story is None else sanitise(changes.story))
    put("place", None if changes.place is None else changes.place.strip())
    put("deed_date", changes.deed_date)
    put("sector", changes.sector)
    put("movement", changes.movement)
    changed += _complete_subject(actor=actor, record=record, changes=changes)
    stored = attach_files(actor=actor, record=record, files=changes.files)
    log: dict[str, Any] = {"completed": [None, changed]}
    if stored:
        log["files"] = [None, [e.original_name for e in stored]]
    return log


def _complete_subject(*, actor: Actor, record: Record, changes: ReportChanges) -> list[str]:
    contact = {
        "phone": None if changes.phone is None else check_phone(changes.phone),
        "email": None if changes.email is None else check_email(changes.email),
        "address": None if changes.address is None else changes.address.strip(),
    }
    wanted: dict[str, str] = {name: value for name, value in contact.items() if value is not None}
    subject = record.subject
    if subject is None:
        if changes.new_subject is None:
            if any(wanted.values()):
                raise DomainError(
                    _("Give the name of the person or collective as well."),
                    code="subject_name_required",
                )
            return []
        data = replace(
            changes.new_subject,
            phone=wanted.get("phone", changes.new_subject.phone),
            email=wanted.get("email", changes.new_subject.email),
            address=wanted.get("address", changes.new_subject.address),
        )
        record.subject = create_subject(actor=actor, org=record.org, data=data)
        return ["subject"]
    if changes.new_subject is not None:
        raise DomainError(
            _("This record already names its person or collective."), code="subject_exists"
        )
    if not wanted:
        return []
    # Contact data stays inside the subject's tree: an officer of a unit that merely
    # resubmits a shared subject's record does not write it.
    if not can_view_personal_data(actor, subject):
        raise DomainError(
            _("The contact of this person is kept by another organisation."),
            code="forbidden",
        )
    changed = [name for name, value in wanted.items() if getattr(subject, name) != value]
    if changed:
        for name in changed:
            setattr(subject, name, wanted[name])
        subject.save(update_fields=changed)
    return [f"subject.{name}" for name in changed]
