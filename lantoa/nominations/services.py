"""Citizen nominations: receive one as a record of the commune's Fatherland Front, and tell
the citizen its status. Used by the portal form and the public API.

    submit_nomination(*, what, commune, when, who="", contact_name="", contact_phone="",
                      contact_email="", contact_consent=False, photos=(), ip, place="")
        -> Nomination                         # raises NominationInvalid, RateLimited, DomainError
    nomination_status(code) -> PublicStatus | None
    current_commune(code) -> AdminUnit | None   # the API receives the commune's official code

Citizens have no account: the record is reported by nobody (`reporter` None, actor "system"
in the audit log), its timeline says "Người dân", and the photos are stored as uploaded by the
system user "citizen-portal" (unusable password, inactive, no membership).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.accounts.models import User
from lantoa.core import context
from lantoa.core.errors import DomainError
from lantoa.core.html import from_plain_text
from lantoa.core.uploads import CleanFile
from lantoa.exemplars import services as exemplars
from lantoa.exemplars.models import Record, RecordKind, RecordSource, RecordState
from lantoa.nominations import coverage, guard
from lantoa.nominations.models import TRACKING_CODE, Nomination
from lantoa.orgs.models import AdminUnit, Organisation

SYSTEM_USERNAME = "citizen-portal"
SYSTEM_FULL_NAME = "Người dân (cổng thông tin)"
CITIZEN_ACTOR_NAME = "Người dân"
TITLE_MAX = 80
SUMMARY_MAX = 2000  # Record.summary; a longer text goes whole into the story
WHO_MAX = 200
PLACE_MAX = 255
CONTACT_NAME_MAX = 150
_PHONE_JUNK = re.compile(r"[\s().\-]")


class NominationInvalid(DomainError):
    """The input cannot be accepted. `details["field"]` names the field ("" for the form)."""

    code = "invalid"

    def __init__(self, message: object, *, code: str, field: str = "") -> None:
        super().__init__(message, code=code, details={"field": field})
        self.field = field


# --- helpers --------------------------------------------------------------------------------


def normalise_phone(raw: str) -> str:
    """Digits only, +84/84 written as 0; "" when empty. Raises NominationInvalid."""
    text = _PHONE_JUNK.sub("", raw or "")
    if not text:
        return ""
    if text.startswith("+"):
        text = text[1:]
        if text.startswith("84"):
            text = "0" + text[2:]
    elif text.startswith("84") and len(text) == 11:
        text = "0" + text[2:]
    if not text.isdigit() or not 9 <= len(text) <= 15:
        raise NominationInvalid(
            _("Enter a phone number of 9 to 15 digits, e.g. 0912 345 678."),
            code="invalid_phone",
            field="contact_phone",
        )
    return text


def not_served_message() -> str:
    return _(
        "Reports for this commune cannot be received online yet. Please take or send your "
        "report to the Fatherland Front committee of the commune (at the commune's People's "
        "Committee office) or of the province."
    )


def consent_required_message() -> str:
    return _(
        "To leave your contact details, tick the box to agree to be contacted. "
        "Otherwise leave them empty."
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_CLAUSE_END = re.compile(r"[,;:–—]\s|\s[-–—]\s")


def title_from(text: str) -> str:
    """A readable title for the officers' lists (issue 11): the citizen's first sentence
    when it fits in TITLE_MAX characters, else its first clause, else its first words up
    to a whole word, never a sentence cut off with "…"."""
    flat = " ".join(text.split())
    sentence = _SENTENCE_END.split(flat, maxsplit=1)[0].rstrip(" .!?")
    if len(sentence) <= TITLE_MAX:
        return sentence
    clause = _CLAUSE_END.split(sentence, maxsplit=1)[0].rstrip(" .!?")
    if len(clause) <= TITLE_MAX:
        return clause
    words: list[str] = []
    for word in clause.split():
        if len(" ".join([*words, word])) > TITLE_MAX:
            break
        words.append(word)
    return " ".join(words).rstrip(" ,.;:-") or clause[:TITLE_MAX]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + "…"


def current_commune(code: str) -> AdminUnit | None:
    """A current commune, ward or special zone (scheme 2025) by its official code."""
    if not isinstance(code, str) or not code.isdigit() or len(code) > 10:
        return None
    return AdminUnit.objects.filter(
        scheme=AdminUnit.Scheme.CURRENT,
        level=AdminUnit.Level.COMMUNE,
        code=code,
        valid_to__isnull=True,
    ).first()


def system_user() -> User:
    """The user stored as the uploader of citizens' photos (Evidence.uploaded_by is required).
    It cannot sign in (unusable password, inactive) and holds no membership."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"full_name": SYSTEM_FULL_NAME, "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _new_nomination(**fields: object) -> Nomination:
    # A new code again on the one-in-10^15 collision of two codes.
    return TRACKING_CODE.create_unique(
        lambda code: Nomination.objects.create(tracking_code=code, **fields)
    )


@dataclass(frozen=True)
class _Clean:
    what: str
    who: str
    place: str
    contact_name: str
    contact_phone: str
    contact_email: str
    contact_consent: bool
    photos: list[CleanFile]


def validate(
    *,
    what: str,
    commune: AdminUnit | None,
    when: datetime.date | None,
    who: str = "",
    place: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    contact_consent: bool = False,
    photos: Sequence[CleanFile] = (),
) -> _Clean:
    """Check the input of a nomination; raise NominationInvalid for the first problem."""
    what = (what or "").replace("\r\n", "\n").strip()
    max_chars = guard.setting("NOMINATION_MAX_CHARS")
    if not what:
        raise NominationInvalid(
            _("Please tell us what you saw."), code="what_required", field="what"
        )
    if len(what) > max_chars:
        raise NominationInvalid(
            _("Please keep it under %(limit)d characters (it has %(length)d).")
            % {"limit": max_chars, "length": len(what)},
            code="what_too_long",
            field="what",
        )
    if (
        commune is None
        or commune.level != AdminUnit.Level.COMMUNE
        or commune.scheme != AdminUnit.Scheme.CURRENT
        or not commune.is_current
    ):
        raise NominationInvalid(
            _("Choose the commune or ward where it happened."),
            code="commune_required",
            field="commune",
        )
    if when is not None and when > timezone.localdate():
        raise NominationInvalid(
            _("The date cannot be in the future."), code="future_date", field="when"
        )
    who = " ".join((who or "").split())
    if len(who) > WHO_MAX:
        raise NominationInvalid(_("The name is too long."), code="who_too_long", field="who")
    place = " ".join((place or "").split())
    if len(place) > PLACE_MAX:
        raise NominationInvalid(_("The place is too long."), code="place_too_long", field="place")
    contact_name = " ".join((contact_name or "").split())
    if len(contact_name) > CONTACT_NAME_MAX:
        raise NominationInvalid(
            _("The name is too long."), code="contact_name_too_long", field="contact_name"
        )
    phone = normalise_phone(contact_phone)
    email = (contact_email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise NominationInvalid(
                _("Enter a valid e-mail address."), code="invalid_email", field="contact_email"
            ) from None
    if (contact_name or phone or email) and not contact_consent:
        raise NominationInvalid(
            consent_required_message(), code="consent_required", field="contact_consent"
        )
    max_photos = guard.setting("NOMINATION_MAX_PHOTOS")
    photos = list(photos or ())
    if len(photos) > max_photos:
        raise NominationInvalid(
            ngettext("At most %(n)d photo.", "At most %(n)d photos.", max_photos)
            % {"n": max_photos},
            code="too_many_photos",
            field="photos",
        )
    if any(not isinstance(p, CleanFile) or p.kind != "photo" for p in photos):
        raise NominationInvalid(
            _("Only photos (JPEG, PNG, WebP) can be attached."),
            code="not_a_photo",
            field="photos",
        )
    return _Clean(
        what=what,
        who=who,
        place=place,
        contact_name=contact_name,
        contact_phone=phone,
        contact_email=email,
        contact_consent=bool(contact_consent and (contact_name or phone or email)),
        photos=photos,
    )


# --- writes ---------------------------------------------------------------------------------


def submit_nomination(
    *,
    what: str,
    commune: AdminUnit,
    when: datetime.date | None,
    who: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    contact_consent: bool = False,
    photos: Sequence[CleanFile] = (),
    ip: str | None,
    place: str = "",
    device: str | None = None,
) -> Nomination:
    """Receive a citizen's nomination as a record (source citizen, state reported) in the
    inbox of the commune's Fatherland Front committee (fallback: the province's).

    Checks the input (NominationInvalid; a commune that is not served is refused with
    `commune_not_served`, see `coverage`), then the rate limits (guard.RateLimited, or
    guard.ProofRequired when the address's window is full and no proven `device` is given;
    not counted when nothing is stored), then has
    `exemplars.services.receive_record` write the record, the subject (if `who` is given),
    the photos, the timeline step, the nomination and the audit event in one transaction.
    `ip` is only stored as a keyed hash.
    """
    clean = validate(
        what=what,
        commune=commune,
        when=when,
        who=who,
        place=place,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        contact_consent=contact_consent,
        photos=photos,
    )
    front = coverage.receiving_front(commune)
    if front is None:
        raise NominationInvalid(not_served_message(), code="commune_not_served", field="commune")
    reservation = guard.reserve(
        ip=ip, phone=clean.contact_phone, email=clean.contact_email, device=device
    )
    try:
        nomination = _store(clean, commune=commune, when=when, front=front, ip=ip)
    except BaseException:
        reservation.release()
        raise
    return nomination


def _store(
    clean: _Clean,
    *,
    commune: AdminUnit,
    when: datetime.date | None,
    front: Organisation,
    ip: str | None,
) -> Nomination:
    summary, story = clean.what, ""
    if len(clean.what) > SUMMARY_MAX:
        summary = _shorten(clean.what, SUMMARY_MAX)
        story = from_plain_text(clean.what)

    created: list[Nomination] = []

    def add_nomination(record: Record) -> dict[str, object]:
        nomination = _new_nomination(
            record=record,
            contact_name=clean.contact_name if clean.contact_consent else "",
            contact_phone=clean.contact_phone if clean.contact_consent else "",
            contact_email=clean.contact_email if clean.contact_consent else "",
            contact_consent=clean.contact_consent,
            ip_hash=guard.hash_ip(ip),
        )
        created.append(nomination)
        return {"nomination": [None, nomination.pk]}

    # A citizen's IP address is stored only as a hash: the audit events of this request
    # carry the request id, not the address.
    ctx = context.current()
    token = context.activate(context.RequestContext(ctx.request_id, None))
    try:
        exemplars.receive_record(
            source=RecordSource.CITIZEN,
            org=front,
            actor=None,
            reporter=None,
            # The Front receiving a citizen's report verifies it itself.
            handling_org=front,
            kind=RecordKind.GOOD_DEED,
            title=title_from(clean.what),
            summary=summary,
            story=story,
            deed_date=when,
            place=clean.place,
            admin_unit=commune,
            new_subject=exemplars.SubjectInput(full_name=clean.who) if clean.who else None,
            # The same storage as officers' evidence (generated names, resized copies).
            files=clean.photos,
            uploaded_by=system_user() if clean.photos else None,
            actor_name=CITIZEN_ACTOR_NAME,
            audit_changes={
                "photos": [None, len(clean.photos)],
                "contact_consent": [None, clean.contact_consent],
            },
            on_received=add_nomination,
        )
    finally:
        context.reset(token)
    return created[0]


# --- reads ----------------------------------------------------------------------------------


class PublicState(StrEnum):
    RECEIVED = "received"
    BEING_VERIFIED = "being_verified"
    VERIFIED = "verified"
    NOT_CONFIRMED = "not_confirmed"
    MORE_INFORMATION_NEEDED = "more_information_needed"


_PUBLIC_STATE: dict[str, PublicState] = {
    RecordState.REPORTED: PublicState.RECEIVED,
    RecordState.UNDER_VERIFICATION: PublicState.BEING_VERIFIED,
    RecordState.VERIFIED: PublicState.VERIFIED,
    RecordState.PROPOSED: PublicState.VERIFIED,
    RecordState.NURTURING: PublicState.VERIFIED,
    RecordState.RECOGNISED: PublicState.VERIFIED,
    RecordState.REJECTED: PublicState.NOT_CONFIRMED,
    RecordState.RETURNED: PublicState.MORE_INFORMATION_NEEDED,
}


def public_label(state: PublicState) -> str:
    return {
        PublicState.RECEIVED: _("Received"),
        PublicState.BEING_VERIFIED: _("Being verified"),
        PublicState.VERIFIED: _("Verified"),
        PublicState.NOT_CONFIRMED: _("Not confirmed"),
        PublicState.MORE_INFORMATION_NEEDED: _("More information needed"),
    }[state]


def public_explanation(state: PublicState) -> str:
    return {
        PublicState.RECEIVED: _(
            "The Fatherland Front committee has received your report and will check it."
        ),
        PublicState.BEING_VERIFIED: _(
            "Officers of the Fatherland Front committee are checking what you reported."
        ),
        PublicState.VERIFIED: _(
            "The good deed you reported has been verified. Thank you for spreading it."
        ),
        PublicState.NOT_CONFIRMED: _(
            "After checking, the Fatherland Front committee could not confirm this report. "
            "Thank you all the same for taking the time to send it."
        ),
        PublicState.MORE_INFORMATION_NEEDED: _(
            "The Fatherland Front committee needs more information. If you left your contact "
            "details, an officer will contact you; you may also send a new report with more "
            "details."
        ),
    }[state]


@dataclass(frozen=True)
class PublicStatus:
    """What a citizen may know about their nomination: nothing internal, no officer's name."""

    code: str  # as shown: LT-ABCDE-23456
    state: PublicState
    label: str  # translated in the active language
    explanation: str
    received_on: datetime.date
    changed_on: datetime.date  # the day of the last change of status


def nomination_status(code: str) -> PublicStatus | None:
    """The public status of the nomination with this tracking code (typed in any case, with
    or without prefix, dashes or spaces), or None."""
    normalised = TRACKING_CODE.normalise(code)
    if normalised is None:
        return None
    row = (
        Nomination.objects.filter(tracking_code=normalised)
        .values("created_at", "record__state", "record__state_since")
        .first()
    )
    if row is None:
        return None
    state = _PUBLIC_STATE.get(row["record__state"], PublicState.RECEIVED)
    return PublicStatus(
        code=TRACKING_CODE.display(normalised),
        state=state,
        label=public_label(state),
        explanation=public_explanation(state),
        received_on=timezone.localdate(row["created_at"]),
        changed_on=timezone.localdate(row["record__state_since"]),
    )
