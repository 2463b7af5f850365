"""Every staff URL and API endpoint × every demo persona.

Expectations are written out by hand (not computed from the access module), so a change
in scoping that lets the other commune's officer in makes this test fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, reverse

from lantoa.staff.urls import urlpatterns
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
        actor=w.user("xa.doan"),
        subject=record.subject,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 1, 1),
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
        name_display="initials",
        show_photos=False,
        place_display="province",
    )
    return [record.pk]


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

# url name -> (method, object builder, personas that succeed, success status)
Case = tuple[str, Any, set[str], int]
CASES: dict[str, list[Case]] = {
    "home": [("get", lambda w: [], ALL, 200)],
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
    "member_add": [("get", lambda w: [w.youth_a.pk], ADMINS_OF_A, 200)],
    "member_import": [("get", lambda w: [w.front_a.pk], ADMINS_OF_A, 200)],
    "member_import_template": [
        ("get", lambda w: [w.front_a.pk, "xlsx"], ADMINS_OF_A, 200),
        ("get", lambda w: [w.front_a.pk, "csv"], ADMINS_OF_A, 200),
    ],
    "member_end": [
        ("post", lambda w: [w.youth_a.memberships.get().pk], ADMINS_OF_A, 302),
    ],
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
    "inbox": [("get", lambda w: [], REGISTRY, 200)],
    "inbox_summary": [("get", lambda w: [], REGISTRY, 200)],
    "record_list": [
        ("get", lambda w: [], REGISTRY, 200),
        ("get", lambda w: ([], {"q": "cuu nguoi", "org": w.youth_a.pk}), REGISTRY, 200),
    ],
    "record_new": [("get", lambda w: [], REPORTERS, 200)],
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
    "record_consent": [("post", lambda w: [_record(w).pk], CONSENT_A, 200)],
    "record_consent_withdraw": [("post", _consent, CONSENT_A, 302)],
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
