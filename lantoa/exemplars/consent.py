"""Consent (Law 91/2025, Decree 356/2025): per subject and purpose, with evidence.

Nothing about a person leaves the organisation tree (public portal, press, elsewhere)
unless an active consent covers each purpose it relies on. Withdrawal takes effect at once:
every share that relied on the consent is revoked in the same transaction, and audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError, NotFound
from lantoa.core.uploads import CleanFile, generated_name
from lantoa.exemplars.access import can_view_record
from lantoa.exemplars.models import Consent, Record, RecordShare, SensitiveItem, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.workflow import REGISTRY
from lantoa.orgs.access import can

ADULT_AGE = 18
EVIDENCE_NOTE_MAX = 500
CHILD_CONSENT_AGE = 7  # from 7 the child consents too, with the legal representative

# Called with the revoked shares and the withdrawing actor after a withdrawal, inside its
# transaction (publishing narrows or takes down the stories that relied on them).
on_shares_revoked: list[Callable[[list[RecordShare], Actor], None]] = []


class ConsentMissing(DomainError):
    code = "consent_missing"


def _required_giver(subject: Subject, day: datetime.date) -> str:
    age = subject.age_on(day)
    if age is None or age >= ADULT_AGE or subject.kind == Subject.Kind.COLLECTIVE:
        return Consent.GivenBy.SUBJECT
    if age >= CHILD_CONSENT_AGE:
        return Consent.GivenBy.BOTH
    return Consent.GivenBy.GUARDIAN


def record_consent(
    *,
    actor: Actor,
    subject: Subject,
    purpose: str,
    given_by: str,
    given_on: datetime.date,
    evidence_kind: str,
    evidence: CleanFile | None = None,
    evidence_note: str = "",
    guardian_name: str = "",
    sensitive_item: SensitiveItem | None = None,
) -> Consent:
    """Record one consent, with its proof: a signed form (`evidence`, a checked upload) or
    "recorded in person" by the actor on `given_on`, with a note. A minor needs the legal
    representative; from age 7 the child too. Audited without the note or the file."""
    if not can(actor, RecordAction.MANAGE_CONSENT, subject):
        raise NotFound()
    evidence_note = " ".join(evidence_note.split())
    _check_evidence(evidence_kind, evidence, evidence_note)
    if purpose not in Consent.Purpose.values:
        raise DomainError(_("Unknown purpose."), code="invalid_purpose")
    if (purpose == Consent.Purpose.SENSITIVE_ITEM) != (sensitive_item is not None):
        raise DomainError(
            _("A consent to share sensitive data names exactly one item."),
            code="sensitive_item_required",
        )
    if sensitive_item is not None and sensitive_item.subject_id != subject.pk:
        raise NotFound()
    if given_on > timezone.localdate():
        raise DomainError(_("The date of consent cannot be in the future."), code="future_date")
    needed = _required_giver(subject, given_on)
    if given_by != needed:
        messages: dict[str, str] = {
            Consent.GivenBy.SUBJECT: _("The person consents for themselves."),
            Consent.GivenBy.BOTH: _(
                "A child aged 7 or more consents together with the legal representative."
            ),
            Consent.GivenBy.GUARDIAN: _(
                "A child under 7 is represented by the legal representative."
            ),
        }
        raise DomainError(messages[needed], code="wrong_consent_giver")
    if needed != Consent.GivenBy.SUBJECT and not guardian_name.strip():
        raise DomainError(_("Give the name of the legal representative."), code="guardian_required")
    with transaction.atomic():
        # The subject's lock makes a double submission wait, then find the first consent.
        Subject.objects.select_for_update().get(pk=subject.pk)
        _refuse_duplicate(subject, purpose, sensitive_item)
        consent = Consent(
            subject=subject,
            purpose=purpose,
            sensitive_item=sensitive_item,
            given_by=given_by,
            guardian_name=guardian_name.strip(),
            given_on=given_on,
            evidence_kind=evidence_kind,
            evidence_note=evidence_note,
            recorded_by=signed_in(actor),
        )
        if evidence is not None:
            consent.evidence.save(
                generated_name(evidence), ContentFile(evidence.content), save=False
            )
        consent.save()
        audit.record(
            actor=actor,
            action="exemplars.consent.recorded",
            obj=consent,
            org=subject.org,
            changes={
                "purpose": [None, purpose],
                "given_by": [None, given_by],
                "evidence_kind": [None, evidence_kind],
            },
        )
    return consent


def _refuse_duplicate(subject: Subject, purpose: str, item: SensitiveItem | None) -> None:
    """One proven active consent per purpose (and item): a second is a double submission.
    A consent recorded before proof was required may be recorded again with its proof."""
    existing = (
        Consent.objects.filter(
            subject=subject, purpose=purpose, sensitive_item=item, withdrawn_at__isnull=True
        )
        .exclude(evidence_kind=Consent.EvidenceKind.NONE)
        .first()
    )
    if existing is not None:
        raise DomainError(
            _("This consent is already recorded (given on %(date)s).")
            % {"date": date_format(existing.given_on, "d/m/Y")},
            code="consent_exists",
        )


def _check_evidence(kind: str, evidence: CleanFile | None, note: str) -> None:
    """A signed form comes with its file (a photo or PDF, nothing else); "in person" with a
    note; nothing else proves a consent."""
    if kind == Consent.EvidenceKind.SIGNED_FORM:
        if evidence is None:
            raise DomainError(
                _("Attach the signed consent form (a photo or a PDF)."), code="evidence_required"
            )
        if evidence.kind not in {"photo", "document"}:
            raise DomainError(_("The signed form must be a photo or a PDF."), code="invalid_file")
    elif kind == Consent.EvidenceKind.IN_PERSON:
        if evidence is not None:
            raise DomainError(
                _("A consent recorded in person has no file: choose “signed form” to attach one."),
                code="evidence_kind_mismatch",
            )
        if not note:
            raise DomainError(
                _("Write a note on how the person gave their consent in person."),
                code="evidence_note_required",
            )
    else:
        raise DomainError(
            _("Say how the consent was given: a signed form or in person."),
            code="evidence_required",
        )
    if len(note) > EVIDENCE_NOTE_MAX:
        raise DomainError(
            _("The note is too long (at most %(n)d characters).") % {"n": EVIDENCE_NOTE_MAX},
            code="evidence_note_too_long",
        )


def open_evidence(*, actor: Actor, consent: Consent) -> Consent:
    """The signed form of a consent, for those who manage the subject's consents (anyone
    else: NotFound). Each opening is audited: the form is personal data."""
    subject = consent.subject
    if not consent.evidence or not can(actor, RecordAction.MANAGE_CONSENT, subject):
        raise NotFound()
    audit.record(
        actor=actor,
        action="exemplars.consent.evidence_viewed",
        obj=consent,
        org=subject.org,
    )
    return consent


def withdraw_consent(*, actor: Actor, consent: Consent, note: str = "") -> list[RecordShare]:
    """Withdraw at once; revoke every active share of the subject's records that relied on
    this purpose. Returns the revoked shares."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().select_related("subject").get(pk=consent.pk)
        if not can(actor, RecordAction.MANAGE_CONSENT, consent.subject):
            raise NotFound()
        if consent.withdrawn_at is not None:
            raise DomainError(_("This consent was already withdrawn."), code="already_withdrawn")
        now = timezone.now()
        consent.withdrawn_at, consent.withdrawn_by = now, signed_in(actor)
        consent.withdrawal_note = note.strip()[:255]
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
        revoked = []
        still = set(active_purposes(consent.subject))
        shares = RecordShare.objects.select_for_update().filter(
            record__subject=consent.subject, revoked_at__isnull=True
        )
        for share in shares:
            if not set(share.purposes) <= still:
                share.revoked_at = now
                share.revoked_reason = "consent_withdrawn"
                share.save(update_fields=["revoked_at", "revoked_reason"])
                revoked.append(share)
                audit.record(
                    actor=actor,
                    action="exemplars.record.share_revoked",
                    obj=share.record,
                    org=share.record.org,
                    changes={"share": [share.pk, None], "reason": [None, "consent_withdrawn"]},
                )
        audit.record(
            actor=actor,
            action="exemplars.consent.withdrawn",
            obj=consent,
            org=consent.subject.org,
            changes={
                "purpose": [consent.purpose, None],
                "revoked_shares": [None, [s.pk for s in revoked]],
            },
        )
        for hook in on_shares_revoked:
            hook(revoked, actor)
    return revoked


def active_purposes(subject: Subject) -> set[str]:
    rows = Consent.objects.filter(subject=subject, withdrawn_at__isnull=True).values_list(
        "purpose", "sensitive_item_id"
    )
    return {p if item is None else f"{p}:{item}" for p, item in rows}


def missing_consents(record: Record, purposes: Iterable[str]) -> list[str]:
    """The purposes the record's subject has not (or no longer) consented to."""
    wanted = list(purposes)
    if record.subject is None:
        return []
    have = active_purposes(record.subject)
    return [p for p in wanted if p not in have]


def share_record(
    *, actor: Actor, record: Record, audience: str, purposes: Iterable[str]
) -> RecordShare:
    """Let the record leave the tree (to `audience`). Refused unless verified and every
    purpose is covered by an active consent — checked here, whatever the UI showed."""
    wanted = sorted(set(purposes) | {Consent.Purpose.PUBLISH_STORY})
    with transaction.atomic():
        record = (
            Record.objects.select_for_update(of=("self",))
            .select_related("subject")
            .get(pk=record.pk)
        )
        if not can_view_record(actor, record) or not can(actor, RecordAction.DECIDE, record):
            raise NotFound()
        if audience not in RecordShare.Audience.values:
            raise DomainError(_("Unknown audience."), code="invalid_audience")
        # The table's widest set for leaving the tree; a regulation may narrow it per audience.
        if record.state not in REGISTRY.state_set("may_leave_tree"):
            raise DomainError(
                _("Only a verified record can leave the organisation."), code="not_verified"
            )
        if record.subject_id is not None:
            Subject.objects.select_for_update().get(pk=record.subject_id)
        missing = missing_consents(record, wanted)
        if missing:
            labels = ", ".join(str(Consent.Purpose(m.split(":")[0]).label) for m in missing)
            raise ConsentMissing(
                _("The person has not consented to: %(purposes)s.") % {"purposes": labels},
                details=missing,
            )
        share = RecordShare.objects.create(
            record=record, audience=audience, purposes=wanted, shared_by=signed_in(actor)
        )
        audit.record(
            actor=actor,
            action="exemplars.record.shared",
            obj=record,
            org=record.org,
            changes={"audience": [None, audience], "purposes": [None, wanted]},
        )
    return share
