"""A subject through the API: the subject with its consents and sensitive items, recording
and withdrawing consent, recording sensitive items, and merging two subjects.

A consent needs its proof, checked by the service: "recorded in person" with a note (JSON,
`POST …/consents`) or a signed form (multipart, `POST …/consents/signed-form`, field `file`).

Thin over `lantoa.exemplars.consent`, `lantoa.exemplars.sensitive` and
`lantoa.exemplars.duplicates.merge_subjects`. A subject is fetched through
`get_subject_for` (the caller's VIEW_RECORDS reach; anything else is 404). Contact data and
sensitive values are shown only to those who manage the subject's consents.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from pydantic import WithJsonSchema

from lantoa.accounts.models import User
from lantoa.api.errors import ErrorOut
from lantoa.api.followup import WRITE_ANSWERS
from lantoa.api.idempotency import key_header, mark_replay, once
from lantoa.api.record_schemas import SubjectOut
from lantoa.api.records import render_subject
from lantoa.api.security import actor
from lantoa.core.downloads import private_download
from lantoa.core.errors import NotFound
from lantoa.core.uploads import clean_uploaded_file
from lantoa.exemplars.consent import open_evidence, record_consent, withdraw_consent
from lantoa.exemplars.duplicates import merge_subjects
from lantoa.exemplars.models import Consent, SensitiveItem, Subject
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import get_subject_for
from lantoa.exemplars.services import add_sensitive_item
from lantoa.orgs.access import can

router = Router(tags=["subjects"])

# Named apart from the other models' `Kind` in the spec (see record_schemas.SubjectKind).
SensitiveItemKind = Annotated[
    SensitiveItem.Kind,
    WithJsonSchema(
        {"type": "string", "enum": SensitiveItem.Kind.values, "title": "SensitiveItemKind"}
    ),
]

# Named apart from the evidence of a record (`EvidenceKind`) in the spec.
ConsentProofKind = Annotated[
    Consent.EvidenceKind,
    WithJsonSchema(
        {"type": "string", "enum": Consent.EvidenceKind.values, "title": "ConsentProofKind"}
    ),
]


# ---------------------------------------------------------------------------------------
# Schemas


class ConsentBase(Schema):
    purpose: Consent.Purpose
    given_by: Consent.GivenBy = Field(
        description="`subject` for an adult; `both` for a child from 7, `guardian` under 7"
    )
    given_on: datetime.date
    guardian_name: str = Field("", max_length=200)
    sensitive_item: int | None = Field(
        None, description="For purpose `sensitive_item`: the id of the item"
    )


class ConsentIn(ConsentBase):
    evidence_kind: ConsentProofKind = Field(
        description="`in_person` (with `evidence_note`; the caller is the officer). A signed "
        "form is sent as a file to `POST …/consents/signed-form`; `none` is refused."
    )
    evidence_note: str = Field("", max_length=500, description="How and where it was given")


class SignedConsentIn(ConsentBase):
    evidence_note: str = Field("", max_length=500)


class WithdrawIn(Schema):
    note: str = Field("", max_length=255)


class SensitiveItemIn(Schema):
    kind: SensitiveItemKind
    value: str = Field(min_length=1, max_length=255)


class MergeIn(Schema):
    drop: int = Field(description="Id of the subject merged into this one")
    note: str = Field("", max_length=1000)


class ConsentOut(Schema):
    id: int
    purpose: Consent.Purpose
    purpose_label: str
    sensitive_item: int | None
    given_by: Consent.GivenBy
    guardian_name: str
    given_on: datetime.date
    evidence_kind: ConsentProofKind = Field(
        description="`none`: recorded before a proof was required"
    )
    evidence_note: str
    has_signed_form: bool = Field(description="The form itself is shown on the record page")
    recorded_by: str = Field(description="The officer who recorded it")
    recorded_at: datetime.datetime
    active: bool
    withdrawn_at: datetime.datetime | None
    withdrawal_note: str


class SensitiveItemOut(Schema):
    id: int
    kind: SensitiveItemKind
    kind_label: str
    value: str | None = Field(description="Only for those who manage the subject's consents")


class SubjectDetailOut(SubjectOut):
    consents: list[ConsentOut] = Field(
        description="Only for those who manage the subject's consents (else empty)"
    )
    sensitive_items: list[SensitiveItemOut]


class WithdrawalOut(Schema):
    consent: ConsentOut
    revoked_shares: int = Field(description="Shares (publications) taken down by it")


# ---------------------------------------------------------------------------------------
# Rendering


def render_consent(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "purpose": consent.purpose,
        "purpose_label": str(consent.get_purpose_display()),
        "sensitive_item": consent.sensitive_item_id,
        "given_by": consent.given_by,
        "guardian_name": consent.guardian_name,
        "given_on": consent.given_on,
        "evidence_kind": consent.evidence_kind,
        "evidence_note": consent.evidence_note,
        "has_signed_form": bool(consent.evidence),
        "recorded_by": str(consent.recorded_by),
        "recorded_at": consent.recorded_at,
        "active": consent.withdrawn_at is None,
        "withdrawn_at": consent.withdrawn_at,
        "withdrawal_note": consent.withdrawal_note,
    }


def render_subject_detail(user: User, subject: Subject) -> dict[str, Any]:
    manages = can(user, RecordAction.MANAGE_CONSENT, subject)
    data = render_subject(user, subject) or {}
    consents = (
        subject.consents.select_related("recorded_by").order_by("recorded_at", "id")
        if manages
        else []
    )
    data["consents"] = [render_consent(c) for c in consents]
    data["sensitive_items"] = [
        {
            "id": item.pk,
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "value": item.value if manages else None,
        }
        for item in subject.sensitive_items.order_by("id")
    ]
    return data


# ---------------------------------------------------------------------------------------
# Endpoints


@router.get(
    "/{int:subject_id}",
    response={200: SubjectDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="A subject with its consents and sensitive items",
)
def get_subject(request: HttpRequest, subject_id: int) -> dict[str, Any]:
    user = actor(request)
    return render_subject_detail(user, get_subject_for(user, subject_id))


@router.post(
    "/{int:subject_id}/consents",
    response={201: ConsentOut, **WRITE_ANSWERS},
    summary="Record a consent (a minor's needs the legal representative)",
)
def add_consent(
    request: HttpRequest,
    response: HttpResponse,
    subject_id: int,
    payload: ConsentIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    user = actor(request)

    def run() -> tuple[int, dict[str, Any]]:
        subject = get_subject_for(user, subject_id)
        consent = record_consent(
            actor=user,
            subject=subject,
            purpose=payload.purpose,
            given_by=payload.given_by,
            given_on=payload.given_on,
            guardian_name=payload.guardian_name,
            sensitive_item=_item(payload.sensitive_item),
            evidence_kind=payload.evidence_kind,
            evidence_note=payload.evidence_note,
        )
        return 201, render_consent(consent)

    result = once(request, user=user, key=idempotency_key, schema=ConsentOut, run=run)
    mark_replay(request, response)
    return result


@router.post(
    "/{int:subject_id}/consents/signed-form",
    response={201: ConsentOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a consent proven by a signed form (multipart/form-data, field `file`: "
    "a photo or a PDF); a second one for the same purpose is 400 `consent_exists`",
)
def add_signed_consent(
    request: HttpRequest,
    subject_id: int,
    payload: Form[SignedConsentIn],
    file: File[UploadedFile],
) -> tuple[int, dict[str, Any]]:
    user = actor(request)
    subject = get_subject_for(user, subject_id)
    item = _item(payload.sensitive_item)
    clean = clean_uploaded_file(file)
    consent = record_consent(
        actor=user,
        subject=subject,
        purpose=payload.purpose,
        given_by=payload.given_by,
        given_on=payload.given_on,
        guardian_name=payload.guardian_name,
        sensitive_item=item,
        evidence_kind=Consent.EvidenceKind.SIGNED_FORM,
        evidence=clean,
        evidence_note=payload.evidence_note,
    )
    return 201, render_consent(consent)


@router.get(
    "/{int:subject_id}/consents/{int:consent_id}/signed-form",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="Download a consent's signed form (a JPEG photo or a PDF); each download is "
    "audited, and only those who manage the subject's consents get it",
)
def get_signed_form(request: HttpRequest, subject_id: int, consent_id: int) -> FileResponse:
    user = actor(request)
    subject = get_subject_for(user, subject_id)
    consent = Consent.objects.filter(pk=consent_id, subject=subject).first()
    if consent is None:
        raise NotFound()
    consent = open_evidence(actor=user, consent=consent)
    return private_download(consent.evidence, stem=f"dong-y-{consent.pk}")


def _item(item_id: int | None) -> SensitiveItem | None:
    if item_id is None:
        return None
    item = SensitiveItem.objects.filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return item


@router.post(
    "/{int:subject_id}/consents/{int:consent_id}/withdraw",
    response={200: WithdrawalOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Withdraw a consent at once: what relied on it is taken down (again: 400)",
)
def withdraw(
    request: HttpRequest, subject_id: int, consent_id: int, payload: WithdrawIn
) -> dict[str, Any]:
    user = actor(request)
    subject = get_subject_for(user, subject_id)
    consent = Consent.objects.filter(pk=consent_id, subject=subject).first()
    if consent is None:
        raise NotFound()
    revoked = withdraw_consent(actor=user, consent=consent, note=payload.note)
    consent.refresh_from_db()
    return {"consent": render_consent(consent), "revoked_shares": len(revoked)}


@router.post(
    "/{int:subject_id}/sensitive-items",
    response={201: SensitiveItemOut, **WRITE_ANSWERS},
    summary="Record a sensitive item (it needs its own consent to leave the tree)",
)
def add_item(
    request: HttpRequest,
    response: HttpResponse,
    subject_id: int,
    payload: SensitiveItemIn,
    idempotency_key: str | None = key_header(),
) -> tuple[int, Any]:
    user = actor(request)

    def run() -> tuple[int, dict[str, Any]]:
        subject = get_subject_for(user, subject_id)
        item = add_sensitive_item(
            actor=user, subject=subject, kind=payload.kind, value=payload.value
        )
        return 201, {
            "id": item.pk,
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "value": item.value,
        }

    result = once(request, user=user, key=idempotency_key, schema=SensitiveItemOut, run=run)
    mark_replay(request, response)
    return result


@router.post(
    "/{int:subject_id}/merge",
    response={200: SubjectDetailOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Merge another subject into this one (verifiers): records, consents and "
    "sensitive items follow",
)
def merge(request: HttpRequest, subject_id: int, payload: MergeIn) -> dict[str, Any]:
    user = actor(request)
    keep = get_subject_for(user, subject_id)
    drop = get_subject_for(user, payload.drop)
    kept = merge_subjects(actor=user, keep=keep, drop=drop, note=payload.note)
    return render_subject_detail(user, get_subject_for(user, kept.pk))
