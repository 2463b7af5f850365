"""Every staff URL and API endpoint × every demo persona.

Expectations are written out by hand (not computed from the access module), so a change
in scoping that lets the other commune's officer in makes this test fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, reverse

from lantoa.staff.urls import urlpatterns
from tests.exemplars.helpers import PUBLIC_TEXT
from tests.personas import World

PERSONAS = [
    "quantri",
    "tinh.tuyengiao",
    "tinh.mttq",
    "xa.mttq",
    "xa.doan",
    "xab.doan",
    "bao.bientap",
    "xa.quantri",
]
ALL = set(PERSONAS)
ADMINS_OF_A = {"quantri", "xa.quantri"}
SEE_FRONT_A = {"quantri", "tinh.tuyengiao", "tinh.mttq", "xa.mttq", "xa.quantri"}
SEE_YOUTH_A = SEE_FRONT_A | {"xa.doan"}

# The registry: who sees records at all, who may report (and record replications).
REGISTRY = ALL - {"bao.bientap"}
REPORTERS = REGISTRY - {"xa.quantri"}
# Leaders over commune A's records (RecordAction.DECIDE) publish them on the portal.
PUBLISHERS_A = {"quantri", "tinh.mttq", "xa.mttq"}
# Consent is managed inside the subject's tree by officers (not by the org admin, and the
# propaganda board only watches).
CONSENT_A = {"quantri", "tinh.mttq", "xa.mttq", "xa.doan"}
# Documents of an issuer acted for by commune A's Front: roles on it or above (the board
# only watches records, not registers); drafts need an officer role, not the org admin's.
DOCS_A = {"quantri", "tinh.mttq", "xa.mttq", "xa.quantri"}
DRAFTERS_A = DOCS_A - {"xa.quantri"}


def _record(w: World, *, verified: bool = False, photo: bool = False) -> Any:
    import io

    from PIL import Image

    from lantoa.core.uploads import clean_upload
    from tests.exemplars.helpers import report, step

    files = []
    if photo:
        out = io.BytesIO()
        Image.new("RGB", (8, 8), (10, 20, 30)).save(out, "JPEG")
        files = [clean_upload(name="a.jpg", data=out.getvalue())]
    record = report(w, files=files)
    if verified:
        step(w, record, "xa.mttq", "verify")
    return record


def _nurtured(w: World) -> Any:
    import datetime

    from lantoa.exemplars import services
    from tests.exemplars.helpers import report, step

    record = report(w, kind="good_practice")
    step(w, record, "xa.mttq", "verify")
    plan = services.PlanInput(
        mentor_org=w.youth_a,
        milestones=[services.MilestoneInput("Họp dân", datetime.date(2099, 1, 1))],
    )
    step(w, record, "xa.mttq", "start_nurturing", plan=plan)
    return record


def _consent(w: World) -> list[int]:
    import datetime

    from lantoa.exemplars.consent import record_consent

    record = _record(w)
    consent = record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
        actor=w.user("xa.doan"),
        subject=record.subject,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 1, 1),
    )
    return [record.pk, consent.pk]


def _signed_consent(w: World) -> list[int]:
    import datetime

    from lantoa.demo.registry.consent_forms import signed_form
    from lantoa.exemplars.consent import record_consent

    record = _record(w)
    day = datetime.date(2025, 1, 1)
    consent = record_consent(
        actor=w.user("xa.doan"),
        subject=record.subject,
        purpose="publish_story",
        given_by="subject",
        given_on=day,
        evidence_kind="signed_form",
        evidence=signed_form(full_name="Ân", purpose="x", given_on=day, signer="Ân"),
    )
    return [record.pk, consent.pk]


def _published(w: World) -> list[int]:
    from lantoa.exemplars.models import Record
    from lantoa.exemplars.publishing import publish_record
    from tests.exemplars.helpers import step

    record = Record.objects.get(pk=_consent(w)[0])
    step(w, record, "xa.mttq", "verify")
    publish_record(
        actor=w.user("xa.mttq"),
        record=record,
        **PUBLIC_TEXT,
        name_display="initials",
        show_photos=False,
        place_display="province",
    )
    return [record.pk]


def _pending_replication(w: World) -> list[int]:
    """Commune A's officer names commune B's Youth Union: only B's tree may confirm it."""
    import datetime

    from lantoa.exemplars import services

    record = _record(w, verified=True)
    replication = services.add_replication(
        actor=w.user("xa.doan"),
        record=record,
        org=w.youth_b,
        date=datetime.date(2026, 1, 5),
        what="Mở lớp dạy bơi",
    )
    return [record.pk, replication.pk]


# Who speaks for commune B's Youth Union (RecordAction.REPLICATE on it or above).
CONFIRM_YOUTH_B = {"quantri", "tinh.mttq", "xab.doan"}


def _notification(w: World) -> list[int]:
    from lantoa.notifications.services import notify

    return [notify(user=w.user("xa.doan"), kind="test", title="Thông báo").pk]


def _two_subjects(w: World) -> list[int]:
    """Two subjects of commune A's Youth Union that may be the same person."""
    return [_record(w).subject_id, _record(w).subject_id]


# Verifiers over commune A (RecordAction.MERGE_SUBJECTS) and the system administrator.
MERGERS_A = {"quantri", "tinh.mttq", "xa.mttq"}


def _sector(w: World) -> list[Any]:
    from lantoa.exemplars.models import Sector

    return ["sectors", Sector.objects.create(code="matrix", name="Lĩnh vực").pk]


def _sensitive_item(w: World) -> list[int]:
    from lantoa.exemplars.models import SensitiveItem

    subject = _record(w).subject
    return [subject.pk, SensitiveItem.objects.create(subject=subject, kind="health", value="x").pk]


def _job(w: World, *, owner: str = "xa.quantri") -> list[Any]:
    """A finished job with a result file, started by `owner`: only they see it."""
    from django.core.files.base import ContentFile

    from lantoa.jobs.models import Job, JobState

    job = Job.objects.create(
        owner=w.user(owner), kind="audit.export", title="Xuất", state=JobState.DONE, total=1
    )
    job.result_file.save("x.csv", ContentFile(b"a,b\r\n"))
    return [job.pk]


# Leaders and system administrators (RecordAction.DECIDE anywhere) may send the digest now.
DECIDERS = {"quantri", "tinh.tuyengiao", "tinh.mttq", "xa.mttq"}


def _issuer(w: World, period: str = "year") -> Any:
    from lantoa.documents.services import create_issuer

    return create_issuer(
        actor=w.user("quantri"),
        org=w.front_a,
        name="Ủy ban nhân dân xã Hàm Thuận",
        code="UBND",
        style="state",
        place="Hàm Thuận",
        period=period,
    )


def _external_issuer(w: World) -> Any:
    from lantoa.documents.services import create_issuer

    return create_issuer(
        actor=w.user("quantri"),
        org=w.front_a,
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
        code="UBND",
        style="state",
        place="Lâm Đồng",
        external=True,
    )


def _document(w: World, *, issued: bool = False) -> Any:
    from lantoa.documents import services

    document = services.create_draft(
        actor=w.user("xa.mttq"),
        issuer=_issuer(w),
        doc_type="decision",
        summary="Về việc khen thưởng",
        body="Điều 1. Tặng Giấy khen.",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Thị Ấn",
        certificate_kind="giay_khen",
        certificates=[services.CertificateInput("Trần Văn Bình", "Cứu người")],
    )
    if issued:
        document = services.issue_document(actor=w.user("xa.mttq"), document=document)
    return document


def _pending_grant(w: World) -> list[int]:
    """A verifier role given by commune A's org admin in its Youth Union: pending."""
    from lantoa.orgs.services import add_member
    from tests.personas import make_user

    membership = add_member(
        actor=w.user("xa.quantri"), org=w.youth_a, user=make_user("moi"), role="verifier"
    )
    return [membership.pk]


def _doan(w: World) -> list[int]:
    return [w.user("xa.doan").pk]


def _doan_token(w: World) -> list[int]:
    from lantoa.accounts.models import ApiToken
    from lantoa.accounts.services import issue_api_token

    issue_api_token(user=w.user("xa.doan"))
    return [ApiToken.objects.get(user=w.user("xa.doan")).pk]


def _reset_awaiting_approval(w: World) -> list[int]:
    """A handed-over reset link for a verifier of commune A's Youth Union."""
    from lantoa.orgs.accounts import issue_reset_link
    from tests.personas import make_user

    holder = make_user("xacminh", (w.youth_a, "verifier"))
    issued = issue_reset_link(actor=w.user("xa.quantri"), user=holder)
    return [issued.link.pk]


# Leaders over commune A's Youth Union, other than the org admin who asked.
APPROVERS_A = {"quantri", "tinh.mttq", "xa.mttq"}


# Leaders and org admins confirm grants within their subtree (the board's leader only
# watches the province: no grant of the Front's tree is his to confirm).
CONFIRMERS = {"quantri", "tinh.tuyengiao", "tinh.mttq", "xa.mttq", "xa.quantri"}
CONFIRMERS_A = {"quantri", "tinh.mttq", "xa.mttq", "xa.quantri"}


# url name -> (method, object builder, personas that succeed, success status)
Case = tuple[str, Any, set[str], int]
CASES: dict[str, list[Case]] = {
    "home": [("get", lambda w: [], ALL, 200)],
    # Catalogues: system administrators only.
    "catalogue_list": [("get", lambda w: [], {"quantri"}, 200)],
    "catalogue_new": [("get", lambda w: ["sectors"], {"quantri"}, 200)],
    "catalogue_edit": [("get", _sector, {"quantri"}, 200)],
    "org_list": [
        ("get", lambda w: [], ALL, 200),
        ("get", lambda w: ([], {"parent": w.front_a.pk}), SEE_FRONT_A, 200),
        (
            "get",
            lambda w: ([], {"parent": w.youth_b.pk}),
            {"quantri", "tinh.tuyengiao", "tinh.mttq", "xab.doan"},
            200,
        ),
    ],
    "org_detail": [
        ("get", lambda w: [w.front_a.pk], SEE_FRONT_A, 200),
        ("get", lambda w: [w.youth_a.pk], SEE_YOUTH_A, 200),
        ("get", lambda w: [w.press.pk], {"quantri", "tinh.tuyengiao", "bao.bientap"}, 200),
    ],
    "org_create": [("get", lambda w: [w.front_a.pk], ADMINS_OF_A, 200)],
    "org_edit": [("get", lambda w: [w.youth_a.pk], ADMINS_OF_A, 200)],
    "org_move": [
        ("get", lambda w: [w.youth_a.pk], ADMINS_OF_A, 200),
        # Moving commune A's Front itself needs rights on the province Front.
        ("get", lambda w: [w.front_a.pk], {"quantri"}, 200),
    ],
    "org_merge": [("get", lambda w: [w.youth_a.pk], ADMINS_OF_A, 200)],
    # The pickers' JSON: who may fill the form may search what it accepts.
    "pick_parent": [("get", lambda w: ([w.youth_a.pk], {"q": "ham thuan"}), ADMINS_OF_A, 200)],
    "pick_merge_target": [
        ("get", lambda w: ([w.youth_a.pk], {"q": "ham thuan"}), ADMINS_OF_A, 200)
    ],
    "pick_record_org": [("get", lambda w: ([], {"q": "ham thuan"}), REGISTRY, 200)],
    "pick_mentor": [("get", lambda w: ([], {"q": "ham thuan"}), DECIDERS, 200)],
    "pick_unit": [("get", lambda w: ([w.youth_a.pk], {"q": "ham thuan"}), ADMINS_OF_A, 200)],
    "pick_unit_new": [("get", lambda w: ([w.front_a.pk], {"q": "ham thuan"}), ADMINS_OF_A, 200)],
    "member_add": [("get", lambda w: [w.youth_a.pk], ADMINS_OF_A, 200)],
    "member_import": [("get", lambda w: [w.front_a.pk], ADMINS_OF_A, 200)],
    "member_import_template": [
        ("get", lambda w: [w.front_a.pk, "xlsx"], ADMINS_OF_A, 200),
        ("get", lambda w: [w.front_a.pk, "csv"], ADMINS_OF_A, 200),
    ],
    "member_end": [
        ("post", lambda w: [w.youth_a.memberships.get().pk], ADMINS_OF_A, 302),
    ],
    "grants": [("get", lambda w: [], CONFIRMERS, 200)],
    # The grantor may see it and is told no (302 with the refusal); others never see it.
    "grant_confirm": [("post", _pending_grant, CONFIRMERS_A, 302)],
    "grant_refuse": [("post", _pending_grant, CONFIRMERS_A, 302)],
    "reset_approve": [("post", _reset_awaiting_approval, APPROVERS_A, 302)],
    # An account whose every role is in commune A: its org admins (never the holder).
    "account_detail": [("get", _doan, ADMINS_OF_A, 200)],
    "account_reset_link": [("post", _doan, ADMINS_OF_A, 200)],
    "account_deactivate": [("post", _doan, ADMINS_OF_A, 302)],
    "my_account": [("get", lambda w: [], ALL, 200)],
    "my_token_revoke": [("post", _doan_token, {"xa.doan"}, 302)],
    "my_sign_out_everywhere": [("post", lambda w: [], ALL, 302)],
    "audit_log": [("get", lambda w: [], {"quantri", "xa.quantri"}, 200)],
    "audit_export": [("get", lambda w: [], {"quantri", "xa.quantri"}, 200)],
    "audit_export_xlsx": [("get", lambda w: [], {"quantri", "xa.quantri"}, 200)],
    # Starts the export in the background and shows its page.
    "audit_export_job": [("post", lambda w: [], {"quantri", "xa.quantri"}, 302)],
    "job_detail": [
        ("get", _job, {"xa.quantri"}, 200),
        ("get", lambda w: _job(w, owner="xab.doan"), {"xab.doan"}, 200),
    ],
    "job_progress": [("get", _job, {"xa.quantri"}, 200)],
    "job_result": [("get", _job, {"xa.quantri"}, 200)],
    "digest_now": [("get", lambda w: [], DECIDERS, 200), ("post", lambda w: [], DECIDERS, 302)],
    # Everyone's own notifications; one of xa.doan's is only theirs to mark read.
    "notifications": [("get", lambda w: [], ALL, 200)],
    "notifications_read_all": [("post", lambda w: [], ALL, 302)],
    "notification_read": [("post", _notification, {"xa.doan"}, 302)],
    "inbox": [("get", lambda w: [], REGISTRY, 200)],
    "inbox_summary": [("get", lambda w: [], REGISTRY, 200)],
    "record_list": [
        ("get", lambda w: [], REGISTRY, 200),
        ("get", lambda w: ([], {"q": "cuu nguoi", "org": w.youth_a.pk}), REGISTRY, 200),
    ],
    # An empty POST: back to the list with "choose a format" (the job's start is tested in
    # tests/staff/test_record_export_views.py); whoever sees the list may export it.
    "record_export": [("post", lambda w: [], REGISTRY, 302)],
    "record_new": [("get", lambda w: [], REPORTERS, 200)],
    "subject_detail": [("get", lambda w: [_record(w).subject_id], SEE_YOUTH_A, 200)],
    "subject_merge": [("get", _two_subjects, MERGERS_A, 200)],
    # Empty POSTs: the subject page again with the form's errors, inside the consent managers.
    "subject_sensitive_add": [("post", lambda w: [_record(w).subject_id], CONSENT_A, 200)],
    "subject_sensitive_consent": [("post", _sensitive_item, CONSENT_A, 200)],
    "subject_suggest": [
        ("get", lambda w: ([], {"name": "Nguyễn Văn Ân", "birth_year": "1995"}), REPORTERS, 200)
    ],
    # An empty POST: back to the inbox with "choose at least one record".
    "record_bulk": [("post", lambda w: [], REGISTRY, 302)],
    "record_detail": [
        # Commune A's unverified report: commune A's tree and the province; not commune B.
        ("get", lambda w: [_record(w).pk], SEE_YOUTH_A, 200),
        # Once verified, every officer may learn from it.
        ("get", lambda w: [_record(w, verified=True).pk], REGISTRY, 200),
    ],
    "record_evidence": [
        (
            "get",
            lambda w: [(r := _record(w, photo=True)).pk, r.evidence.get().pk],
            SEE_YOUTH_A,
            200,
        ),
        (
            "get",
            lambda w: [(r := _record(w, photo=True, verified=True)).pk, r.evidence.get().pk],
            REGISTRY,
            200,
        ),
    ],
    # Empty POSTs on the record page: shown again with the refusal (200) to those who see it.
    "record_transition": [("post", lambda w: [_record(w).pk], SEE_YOUTH_A, 200)],
    "record_replicate": [("post", lambda w: [_record(w, verified=True).pk], REPORTERS, 200)],
    "record_replication_confirm": [("post", _pending_replication, CONFIRM_YOUTH_B, 302)],
    # Any unit of the system, by name, for those who may record a replication.
    "org_picker": [("get", lambda w: ([], {"q": "Phan Thiết"}), REPORTERS, 200)],
    "record_consent": [("post", lambda w: [_record(w).pk], CONSENT_A, 200)],
    "record_consent_withdraw": [("post", _consent, CONSENT_A, 302)],
    # The signed form: only those who manage the subject's consents (not who reads the record).
    "record_consent_evidence": [("get", _signed_consent, CONSENT_A, 200)],
    "record_progress": [("post", lambda w: [_nurtured(w).pk], REGISTRY, 200)],
    "record_milestone_done": [
        (
            "post",
            lambda w: [(r := _nurtured(w)).pk, r.nurture_plan.milestones.get().pk],
            REGISTRY,
            302,
        )
    ],
    "record_honour": [("post", lambda w: [_record(w, verified=True).pk], REGISTRY, 200)],
    # An empty POST: the page again with "choose how the name and place are shown".
    "record_publish": [("post", lambda w: [_record(w, verified=True).pk], PUBLISHERS_A, 200)],
    "record_unpublish": [("post", _published, PUBLISHERS_A, 302)],
    "document_home": [("get", lambda w: [], REGISTRY, 200)],
    # An issuer acts for an organisation its adder administers (a seat: not a system
    # administrator's whole tree, who has the Django admin).
    "issuer_new": [("get", lambda w: [], {"xa.quantri"}, 200)],
    "issuer_edit": [("get", lambda w: [_issuer(w).pk], ADMINS_OF_A, 200)],
    # An empty POST asks for the issuer at work, as it is: nothing written, back to the register.
    "issuer_retirement": [("post", lambda w: [_issuer(w).pk], ADMINS_OF_A, 302)],
    "term_new": [("get", lambda w: [_issuer(w, period="term").pk], ADMINS_OF_A, 200)],
    "issuer_register": [("get", lambda w: [_issuer(w).pk], DOCS_A, 200)],
    "issuer_register_export": [("get", lambda w: [_issuer(w).pk], DOCS_A, 200)],
    "document_new": [("get", lambda w: [_issuer(w).pk], DRAFTERS_A, 200)],
    # Verifiers and leaders record a paper document of a body outside the system.
    "document_record": [("get", lambda w: [_external_issuer(w).pk], DRAFTERS_A, 200)],
    "document_detail": [("get", lambda w: [_document(w).pk], DOCS_A, 200)],
    "document_file": [
        (
            "get",
            lambda w: [(d := _document(w, issued=True)).pk, d.files.first().pk],
            DOCS_A,
            200,
        )
    ],
    "document_certificates": [("get", lambda w: [_document(w, issued=True).pk], DOCS_A, 200)],
    # Starts the rendering job and goes to its page.
    "document_certificates_job": [("post", lambda w: [_document(w, issued=True).pk], DOCS_A, 302)],
    # An empty revocation: the page again with "give the grounds" (400) to those who see it.
    "document_action": [("post", lambda w: [_document(w, issued=True).pk, "revoke"], DOCS_A, 400)],
    # The same for one certificate of the decision.
    "certificate_revoke": [
        (
            "post",
            lambda w: [(d := _document(w, issued=True)).pk, d.certificates.get().pk],
            DOCS_A,
            400,
        )
    ],
}


def test_every_staff_url_is_in_the_matrix() -> None:
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}
    assert names == set(CASES)


def _cases() -> list[tuple[str, int, str]]:
    return [
        (name, index, persona)
        for name, cases in CASES.items()
        for index in range(len(cases))
        for persona in PERSONAS
    ]


def _request(client: Any, world: World, name: str, index: int) -> tuple[Any, set[str], int]:
    method, build, allowed, ok_status = CASES[name][index]
    built = build(world)
    args, params = built if isinstance(built, tuple) else (built, {})
    url = reverse(f"staff:{name}", args=args)
    response = client.post(url) if method == "post" else client.get(url, params)
    return response, allowed, ok_status


@pytest.mark.parametrize(("name", "index", "persona"), _cases())
def test_staff_url_answers_each_persona(client, world: World, name, index, persona) -> None:
    client.force_login(world.user(persona))
    response, allowed, ok_status = _request(client, world, name, index)
    expected = ok_status if persona in allowed else 404
    assert response.status_code == expected, (name, index, persona)


@pytest.mark.parametrize("name", sorted(CASES))
def test_staff_url_sends_anonymous_visitors_to_sign_in(client, world: World, name) -> None:
    response, _allowed, _ok = _request(client, world, name, 0)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


API_CASES: list[tuple[str, Any, set[str]]] = [
    ("/api/v1/me", lambda w: {}, ALL),
    ("/api/v1/orgs", lambda w: {}, ALL),
    ("/api/v1/orgs", lambda w: {"parent": w.front_a.pk}, SEE_FRONT_A),
    ("/api/v1/orgs", lambda w: {"parent": w.youth_a.pk}, SEE_YOUTH_A),
    ("/api/v1/orgs/{front_a}", lambda w: {}, SEE_FRONT_A),
    ("/api/v1/orgs/{youth_a}", lambda w: {}, SEE_YOUTH_A),
    ("/api/v1/jobs/{job}", lambda w: {}, {"xa.quantri"}),
    ("/api/v1/jobs/{job}/result", lambda w: {}, {"xa.quantri"}),
]


@pytest.mark.parametrize("index", range(len(API_CASES)))
@pytest.mark.parametrize("persona", PERSONAS)
def test_api_endpoint_answers_each_persona(client, world: World, index, persona) -> None:
    from lantoa.accounts.services import issue_api_token

    path, params, allowed = API_CASES[index]
    job = _job(world)[0] if "{job}" in path else None
    url = path.format(front_a=world.front_a.pk, youth_a=world.youth_a.pk, job=job)
    token, _expires = issue_api_token(user=world.user(persona))
    response = client.get(url, params(world), headers={"Authorization": f"Bearer {token}"})
    expected = 200 if persona in allowed else 404
    assert response.status_code == expected, (url, persona)
    if expected == 404:
        assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("index", range(len(API_CASES)))
def test_api_endpoint_refuses_a_missing_token(client, world: World, index) -> None:
    path, params, _allowed = API_CASES[index]
    job = _job(world)[0] if "{job}" in path else None
    url = path.format(front_a=world.front_a.pk, youth_a=world.youth_a.pk, job=job)
    response = client.get(url, params(world))
    assert response.status_code == 401
