"""Every operation of the API (from the OpenAPI document) × every persona, and anonymous.

Expectations are written out by hand, like tests/staff/test_permission_matrix.py: who gets
the success status, everyone else gets 404 (or 400 `forbidden` where the caller may see the
object but their role does not allow the step). `test_every_operation_is_in_the_matrix`
compares the cases with the spec, so an endpoint added without its cases, or a case removed,
fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from lantoa.accounts.services import issue_api_token
from lantoa.api.urls import api
from tests.personas import PASSWORD, World
from tests.staff.test_permission_matrix import (
    ALL,
    CONSENT_A,
    PERSONAS,
    PUBLISHERS_A,
    REGISTRY,
    SEE_FRONT_A,
    SEE_YOUTH_A,
    _consent,
    _nurtured,
    _published,
    _record,
    _signed_consent,
)

# Verifiers over commune A's subjects (RecordAction.MERGE_SUBJECTS).
MERGERS_A = {"quantri", "tinh.mttq", "xa.mttq"}
# Officers who may record that youth A applied an example (RecordAction.REPLICATE there).
REPLICATORS_YOUTH_A = {"quantri", "tinh.mttq", "xa.mttq", "xa.doan"}


@dataclass
class Case:
    """`build(world)` returns the path parameters (and optionally a JSON body); `allowed`
    get `ok`; the others get `refused` (404 unless said otherwise)."""

    build: Callable[[World], Any]
    allowed: set[str]
    ok: int = 200
    refused: dict[str, int] = field(default_factory=dict)


def _subject(w: World) -> dict[str, Any]:
    return {"subject_id": _record(w).subject_id}


def _with_notification(w: World) -> dict[str, Any]:
    from lantoa.notifications.services import notify

    return {"notification_id": notify(user=w.user("xa.doan"), kind="digest", title="Hạn").pk}


def _job(w: World) -> dict[str, Any]:
    from lantoa.jobs.models import Job, JobState

    job = Job.objects.create(
        owner=w.user("xa.quantri"), kind="audit.export", title="Xuất", state=JobState.DONE
    )
    job.result_file.save("x.csv", ContentFile(b"a,b\r\n"))
    return {"job_id": job.pk}


def _document(w: World) -> Any:
    from lantoa.documents import services

    issuer = services.create_issuer(
        actor=w.user("quantri"),
        org=w.front_a,
        name="Ủy ban nhân dân xã Hàm Thuận",
        code="UBND",
        style="state",
        place="Hàm Thuận",
    )
    document = services.create_draft(
        actor=w.user("xa.mttq"),
        issuer=issuer,
        doc_type="decision",
        summary="Về việc khen thưởng",
        body="Điều 1. Tặng Giấy khen.",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Thị Ấn",
    )
    return services.issue_document(actor=w.user("xa.mttq"), document=document)


def _document_id(w: World) -> dict[str, Any]:
    return {"document_id": _document(w).pk}


def _document_file(w: World) -> dict[str, Any]:
    document = _document(w)
    return {"document_id": document.pk, "file_id": document.files.first().pk}


# Documents of commune A's Front: read by the roles of its tree above or at it (a Youth
# Union officer of the commune sits below it; the propaganda board reads records only).
DOCUMENT_READERS = {"quantri", "tinh.mttq", "xa.mttq", "xa.quantri"}


def _story(w: World) -> dict[str, Any]:
    from lantoa.exemplars.models import Publication

    return {"story_id": Publication.objects.get(record_id=_published(w)[0]).pk}


NOMINATION = {"what": "Chị Lan trả lại ví rơi ở chợ.", "commune": "23059", "when": "2025-06-01"}


def _nomination(w: World) -> dict[str, Any]:
    response = Client().post(
        "/api/v1/public/nominations", NOMINATION, content_type="application/json"
    )
    return {"code": response.json()["code"]}


def _record_body(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    body = {"org": w.youth_a.pk, "kind": "good_deed", "title": "Cứu người", "summary": "Cứu"}
    return {}, body


def _verify(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"record_id": _record(w).pk}, {"action": "start_verification"}


def _replication(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    body = {"org": w.youth_a.pk, "date": "2025-01-01", "what": "Làm theo"}
    return {"record_id": _record(w, verified=True).pk}, body


def _honour(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"record_id": _record(w, verified=True).pk}, {"text": "Bằng khen"}


def _note(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"record_id": _nurtured(w).pk}, {"text": "Đã họp dân"}


def _milestone(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    record = _nurtured(w)
    milestone = record.nurture_plan.milestones.get()
    return {"record_id": record.pk, "milestone_id": milestone.pk}, {}


def _publish(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    record_id = _consent(w)[0]
    from lantoa.exemplars.models import Record
    from tests.exemplars.helpers import step

    step(w, Record.objects.get(pk=record_id), "xa.mttq", "verify")
    body = {"name_display": "initials", "place_display": "province", "title": "T", "summary": "S"}
    return {"record_id": record_id}, body


def _unpublish(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"record_id": _published(w)[0]}, {"reason": "Hết hạn"}


def _add_consent(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    body = {
        "purpose": "show_photo",
        "given_by": "subject",
        "given_on": "2025-01-01",
        "evidence_kind": "in_person",
        "evidence_note": "Đồng ý trực tiếp.",
    }
    return _subject(w), body


def _add_signed_consent(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    body = {"purpose": "show_photo", "given_by": "subject", "given_on": "2025-01-01"}
    return _subject(w), body


def _withdraw(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from lantoa.exemplars.models import Record

    record_id, consent_id = _consent(w)
    subject_id = Record.objects.get(pk=record_id).subject_id
    return {"subject_id": subject_id, "consent_id": consent_id}, {"note": ""}


def _signed_form(w: World) -> dict[str, Any]:
    from lantoa.exemplars.models import Record

    record_id, consent_id = _signed_consent(w)
    subject_id = Record.objects.get(pk=record_id).subject_id
    return {"subject_id": subject_id, "consent_id": consent_id}


def _sensitive(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return _subject(w), {"kind": "religion", "value": "Phật giáo"}


def _merge(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return _subject(w), {"drop": _record(w).subject_id}


def _evidence(w: World) -> dict[str, Any]:
    return {"record_id": _record(w).pk}


# (method, path as in the spec) -> cases
CASES: dict[tuple[str, str], list[Case]] = {
    # The token is obtained without a token: whoever sends one, the password decides.
    ("POST", "/api/v1/auth/token"): [
        Case(lambda w: ({}, {"username": "xa.doan", "password": PASSWORD}), ALL)
    ],
    ("GET", "/api/v1/me"): [Case(lambda w: {}, ALL)],
    ("GET", "/api/v1/orgs"): [Case(lambda w: {}, ALL)],
    ("GET", "/api/v1/orgs/{org_id}"): [
        Case(lambda w: {"org_id": w.front_a.pk}, SEE_FRONT_A),
        Case(lambda w: {"org_id": w.youth_a.pk}, SEE_YOUTH_A),
    ],
    ("GET", "/api/v1/records"): [Case(lambda w: {}, REGISTRY, refused={"bao.bientap": 200})],
    ("POST", "/api/v1/records"): [
        Case(_record_body, {"quantri", "tinh.mttq", "xa.mttq", "xa.doan"}, ok=201)
    ],
    # Whoever sees the record list may export what they see (202: a job started).
    ("POST", "/api/v1/records/exports"): [
        Case(lambda w: ({}, {"format": "csv"}), REGISTRY, ok=202)
    ],
    ("GET", "/api/v1/records/{record_id}"): [
        Case(lambda w: {"record_id": _record(w).pk}, SEE_YOUTH_A),
        Case(lambda w: {"record_id": _record(w, verified=True).pk}, REGISTRY),
    ],
    ("POST", "/api/v1/records/{record_id}/transitions"): [
        Case(
            _verify,
            {"quantri", "tinh.mttq", "xa.mttq"},
            refused={"tinh.tuyengiao": 400, "xa.doan": 400, "xa.quantri": 400},
        )
    ],
    ("POST", "/api/v1/records/{record_id}/evidence"): [
        Case(
            _evidence,
            {"quantri", "tinh.mttq", "xa.mttq", "xa.doan"},
            ok=201,
            refused={"tinh.tuyengiao": 400, "xa.quantri": 400},
        )
    ],
    ("POST", "/api/v1/records/{record_id}/replications"): [
        # Any officer who sees the verified record may name a unit that followed it (counted
        # once that unit confirms); an org admin's role does not record replications.
        Case(
            _replication,
            REPLICATORS_YOUTH_A | {"tinh.tuyengiao"},
            ok=201,
            refused={"xa.quantri": 400},
        )
    ],
    ("POST", "/api/v1/records/{record_id}/honours"): [
        Case(
            _honour,
            {"quantri", "tinh.mttq", "xa.mttq"},
            ok=201,
            refused=dict.fromkeys(REGISTRY - {"quantri", "tinh.mttq", "xa.mttq"}, 400),
        )
    ],
    ("GET", "/api/v1/records/{record_id}/plan"): [
        Case(lambda w: {"record_id": _nurtured(w).pk}, REGISTRY)
    ],
    ("POST", "/api/v1/records/{record_id}/plan/notes"): [
        Case(
            _note,
            {"quantri", "tinh.mttq", "xa.mttq", "xa.doan"},
            ok=201,
            refused={"tinh.tuyengiao": 400, "xa.quantri": 400, "xab.doan": 400},
        )
    ],
    ("POST", "/api/v1/records/{record_id}/plan/milestones/{milestone_id}/done"): [
        Case(
            _milestone,
            {"quantri", "tinh.mttq", "xa.mttq", "xa.doan"},
            refused={"tinh.tuyengiao": 400, "xa.quantri": 400, "xab.doan": 400},
        )
    ],
    ("GET", "/api/v1/records/{record_id}/publication"): [
        Case(lambda w: {"record_id": _published(w)[0]}, REGISTRY)
    ],
    ("POST", "/api/v1/records/{record_id}/publish"): [Case(_publish, PUBLISHERS_A)],
    ("POST", "/api/v1/records/{record_id}/unpublish"): [Case(_unpublish, PUBLISHERS_A)],
    ("GET", "/api/v1/subjects/duplicates"): [
        Case(lambda w: ({}, None, {"name": "Nguyễn Văn Ân"}), ALL)
    ],
    ("GET", "/api/v1/subjects/{subject_id}"): [Case(_subject, SEE_YOUTH_A)],
    ("POST", "/api/v1/subjects/{subject_id}/consents"): [Case(_add_consent, CONSENT_A, ok=201)],
    ("POST", "/api/v1/subjects/{subject_id}/consents/signed-form"): [
        Case(_add_signed_consent, CONSENT_A, ok=201)
    ],
    ("GET", "/api/v1/subjects/{subject_id}/consents/{consent_id}/signed-form"): [
        Case(_signed_form, CONSENT_A)
    ],
    ("POST", "/api/v1/subjects/{subject_id}/consents/{consent_id}/withdraw"): [
        Case(_withdraw, CONSENT_A)
    ],
    ("POST", "/api/v1/subjects/{subject_id}/sensitive-items"): [
        Case(_sensitive, CONSENT_A, ok=201)
    ],
    ("POST", "/api/v1/subjects/{subject_id}/merge"): [Case(_merge, MERGERS_A)],
    ("GET", "/api/v1/notifications"): [Case(lambda w: {}, ALL)],
    ("POST", "/api/v1/notifications/{notification_id}/read"): [
        Case(_with_notification, {"xa.doan"})
    ],
    ("GET", "/api/v1/documents"): [Case(lambda w: {}, REGISTRY, refused={"bao.bientap": 200})],
    ("GET", "/api/v1/documents/{document_id}"): [Case(_document_id, DOCUMENT_READERS)],
    ("GET", "/api/v1/documents/{document_id}/files/{file_id}"): [
        Case(_document_file, DOCUMENT_READERS)
    ],
    # Public: anyone holding the id verifies the document, with a token or without.
    ("GET", "/api/v1/documents/verify"): [
        Case(lambda w: ({}, None, {"id": _document(w).verification_id}), ALL)
    ],
    ("GET", "/api/v1/jobs/{job_id}"): [Case(_job, {"xa.quantri"})],
    ("GET", "/api/v1/jobs/{job_id}/result"): [Case(_job, {"xa.quantri"})],
    # The public API: the same answer for everyone, with a token or without.
    ("GET", "/api/v1/public/stories"): [Case(lambda w: {}, ALL)],
    ("GET", "/api/v1/public/stories/{story_id}"): [Case(_story, ALL)],
    ("POST", "/api/v1/public/nominations"): [Case(lambda w: ({}, NOMINATION), ALL, ok=201)],
    ("GET", "/api/v1/public/nominations/{code}"): [Case(_nomination, ALL)],
}
# Answered alike with a token, without one, or with anyone's.
PUBLIC = {op for op in CASES if op[1].startswith("/api/v1/public/")} | {
    ("POST", "/api/v1/auth/token"),
    ("GET", "/api/v1/documents/verify"),
}


def spec_operations() -> set[tuple[str, str]]:
    spec = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}


def test_every_operation_is_in_the_matrix() -> None:
    assert spec_operations() == set(CASES)
    assert all(CASES.values()), "an operation without a case"


def test_the_completeness_check_notices_a_missing_case() -> None:
    fewer = dict(CASES)
    fewer.pop(("POST", "/api/v1/subjects/{subject_id}/merge"))
    assert spec_operations() != set(fewer)


def _cases() -> list[tuple[str, str, int]]:
    return [
        (method, path, index)
        for (method, path), cases in CASES.items()
        for index in range(len(cases))
    ]


def _send(client: Client, world: World, method: str, path: str, index: int, **headers: str):
    case = CASES[(method, path)][index]
    built = case.build(world)
    params, body, query = {}, None, None
    if isinstance(built, tuple):
        params, body, *rest = built
        query = rest[0] if rest else None
    else:
        params = built
    url = path.format(**params)
    if method == "GET":
        return case, client.get(url, query, headers=headers)
    if path.endswith("/evidence"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.api.test_records import png

        upload = {"file": SimpleUploadedFile("a.png", png())}
        return case, client.post(url, upload, headers=headers)
    if path.endswith("/signed-form"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from tests.api.test_records import png

        form = {**(body or {}), "file": SimpleUploadedFile("giay.png", png())}
        return case, client.post(url, form, headers=headers)
    return case, client.post(url, body or {}, content_type="application/json", headers=headers)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path", "index"), _cases())
def test_operation_answers_each_persona(world, settings, tmp_path, method, path, index, persona):
    settings.MEDIA_ROOT = tmp_path
    token, _expires = issue_api_token(user=world.user(persona))
    case, response = _send(Client(), world, method, path, index, Authorization=f"Bearer {token}")
    expected = case.ok if persona in case.allowed else case.refused.get(persona, 404)
    assert response.status_code == expected, (method, path, persona, response.content[:300])
    if expected == 404:
        assert response.json()["error"]["code"] == "not_found"
    if expected == 400:
        assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "index"), _cases())
def test_operation_answers_anonymous_callers(world, settings, tmp_path, method, path, index):
    settings.MEDIA_ROOT = tmp_path
    case, response = _send(Client(), world, method, path, index)
    if (method, path) in PUBLIC:
        assert response.status_code == case.ok
    else:
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
