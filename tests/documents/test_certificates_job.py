"""A decision's certificates rendered by a background job (immediate backend): started
from the document's page, one step a certificate, the ZIP as the job's result."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents import services
from lantoa.documents.models import Document, DocumentFile, FileKind
from lantoa.documents.services import CertificateInput
from lantoa.documents.tasks import CERTIFICATES_JOB_KIND, start_certificates_zip
from lantoa.jobs.models import Job, JobState
from lantoa.jobs.selectors import get_job_for
from tests.documents.conftest import draft

NAMES = ["Nguyễn Văn Ân", "Trần Thị Bích Ngọc", "Lê Đức Thọ Hùng", "Phạm Thu Hà"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _decision(world, issuer, names: list[str] = NAMES, *, issue: bool = True) -> Document:
    leader = world.user("xa.mttq")
    document = draft(leader, issuer)
    if names:
        services.add_certificates(
            actor=leader,
            decision=document,
            kind="giay_khen",
            rows=[CertificateInput(name, "Cứu người đuối nước") for name in names],
        )
    if issue:
        document = services.issue_document(actor=leader, document=document)
    return document


def _zip(job: Job) -> zipfile.ZipFile:
    with job.result_file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_the_job_renders_one_step_a_certificate_and_keeps_the_zip(
    world, state_issuer, django_capture_on_commit_callbacks
) -> None:
    decision = _decision(world, state_issuer)
    leader = world.user("xa.mttq")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_certificates_zip(actor=leader, decision=decision)
    job.refresh_from_db()
    assert (job.kind, job.owner, job.org) == (CERTIFICATES_JOB_KIND, leader, world.front_a)
    assert (job.state, job.done, job.total) == (JobState.DONE, 4, 4)
    assert job.message == "Certificates rendered: 4"
    assert job.result_name == f"giay-khen-{decision.pk}-full.zip"
    archive = _zip(job)
    names = archive.namelist()
    assert len(names) == 4 and all(name.endswith(".pdf") for name in names)
    assert all(archive.read(name).startswith(b"%PDF") for name in names)
    # The request's event and the worker's: asked for, then printed.
    requested = AuditEvent.objects.get(action="documents.certificates.requested")
    assert requested.changes == {"certificates": [None, 4], "mode": [None, "full"]}
    assert AuditEvent.objects.filter(action="documents.certificates.printed").count() == 1


def test_the_overlay_zip_is_rendered_and_not_kept_as_issued_files(
    world, state_issuer, django_capture_on_commit_callbacks
) -> None:
    decision = _decision(world, state_issuer, NAMES[:2])
    with django_capture_on_commit_callbacks(execute=True):
        job = start_certificates_zip(actor=world.user("xa.mttq"), decision=decision, mode="overlay")
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result_name.endswith("-overlay.zip")
    assert len(_zip(job).namelist()) == 2
    assert not DocumentFile.objects.filter(kind=FileKind.CERTIFICATE_PDF).exists()


def test_someone_elses_job_is_not_found(
    world, state_issuer, django_capture_on_commit_callbacks, login
) -> None:
    decision = _decision(world, state_issuer, NAMES[:1])
    with django_capture_on_commit_callbacks(execute=True):
        job = start_certificates_zip(actor=world.user("xa.mttq"), decision=decision)
    # tinh.mttq may read the decision too, but the job is xa.mttq's alone.
    with pytest.raises(NotFound):
        get_job_for(world.user("tinh.mttq"), job.pk)
    other = login("tinh.mttq")
    for name in ("staff:job_detail", "staff:job_progress", "staff:job_result"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert login("xa.mttq").get(reverse("staff:job_result", args=[job.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["xab.doan", "xa.doan", "bao.bientap"])
def test_someone_outside_the_decisions_reach_cannot_start_the_job(
    world, state_issuer, persona
) -> None:
    decision = _decision(world, state_issuer, NAMES[:1])
    with pytest.raises(NotFound):
        start_certificates_zip(actor=world.user(persona), decision=decision)
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.certificates.requested").exists()


@pytest.mark.parametrize(
    ("names", "issue", "mode", "code"),
    [
        (NAMES[:1], False, "full", "not_issued"),
        ([], True, "full", "no_certificates"),
        (NAMES[:1], True, "colour", "invalid"),
    ],
)
def test_a_decision_that_cannot_be_printed_starts_no_job(
    world, state_issuer, names, issue, mode, code
) -> None:
    decision = _decision(world, state_issuer, names, issue=issue)
    with pytest.raises(DomainError) as refused:
        start_certificates_zip(actor=world.user("xa.mttq"), decision=decision, mode=mode)
    assert refused.value.code == code
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="documents.certificates.requested").exists()


def test_a_double_click_makes_two_jobs_with_the_same_issued_files(
    world, state_issuer, django_capture_on_commit_callbacks
) -> None:
    decision = _decision(world, state_issuer, NAMES[:3])
    leader = world.user("xa.mttq")
    with django_capture_on_commit_callbacks(execute=True):
        first = start_certificates_zip(actor=leader, decision=decision)
    with django_capture_on_commit_callbacks(execute=True):
        second = start_certificates_zip(actor=leader, decision=decision)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == JobState.DONE
    # Each certificate's issued PDF is stored once; the second ZIP reads them back.
    assert DocumentFile.objects.filter(kind=FileKind.CERTIFICATE_PDF).count() == 3
    one, two = _zip(first), _zip(second)
    assert sorted(one.namelist()) == sorted(two.namelist())
    assert all(one.read(name) == two.read(name) for name in one.namelist())


def test_a_job_whose_owner_lost_the_right_fails_without_a_file(
    world, state_issuer, django_capture_on_commit_callbacks
) -> None:
    decision = _decision(world, state_issuer, NAMES[:1])
    leader = world.user("xa.mttq")
    with django_capture_on_commit_callbacks() as callbacks:
        job = start_certificates_zip(actor=leader, decision=decision)
    leader.memberships.all().delete()  # between the start and the worker
    for callback in callbacks:
        callback()  # the immediate backend records the task's failure, as a worker would
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.result_file


def test_the_page_starts_the_job_and_goes_to_its_page(
    world, state_issuer, login, django_capture_on_commit_callbacks
) -> None:
    decision = _decision(world, state_issuer, NAMES[:2])
    client = login("xa.mttq")
    page = client.get(reverse("staff:document_detail", args=[decision.pk])).content.decode()
    url = reverse("staff:document_certificates_job", args=[decision.pk])
    assert f'action="{url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"mode": "full"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == JobState.DONE and len(_zip(job).namelist()) == 2
    # Starting is a write: no job from a GET.
    assert client.get(url).status_code == 405
    assert Job.objects.count() == 1


def test_the_page_shows_a_refusal_for_a_draft(world, state_issuer, login) -> None:
    decision = _decision(world, state_issuer, NAMES[:1], issue=False)
    client = login("xa.mttq")
    response = client.post(
        reverse("staff:document_certificates_job", args=[decision.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("staff:document_detail", args=[decision.pk])
    with translation.override("vi"):  # the staff pages speak Vietnamese
        refusal = translation.gettext("Certificates are printed from an issued decision.")
    assert refusal in response.content.decode()
    assert not Job.objects.exists()


def test_the_page_of_another_communes_decision_is_not_found(world, state_issuer, login) -> None:
    decision = _decision(world, state_issuer, NAMES[:1])
    response = login("xab.doan").post(
        reverse("staff:document_certificates_job", args=[decision.pk])
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_each_certificate_is_rendered_outside_a_transaction(monkeypatch) -> None:
    """On SQLite a transaction holds the write lock from its start: rendering inside one
    would make every writer of the site wait through the batch. Each PDF is rendered with
    no transaction open, the one before it already stored and committed."""
    from django.db import connection

    from lantoa.documents.layouts import seed_defaults
    from lantoa.documents.models import Layout
    from lantoa.documents.services import batch
    from tests.documents.conftest import make_state_issuer
    from tests.personas import build_world

    seed_defaults(Layout)  # a transactional test starts from flushed tables
    world = build_world()
    decision = _decision(world, make_state_issuer(world), NAMES[:3])
    real = batch.certificate_pdf
    seen: list[tuple[bool, int]] = []

    def spy(certificate, *, mode):
        stored = DocumentFile.objects.filter(kind=FileKind.CERTIFICATE_PDF).count()
        seen.append((connection.in_atomic_block, stored))
        return real(certificate, mode=mode)

    monkeypatch.setattr(batch, "certificate_pdf", spy)
    services.render_certificates_zip(actor=world.user("xa.mttq"), decision=decision)

    assert seen == [(False, 0), (False, 1), (False, 2)]
    assert DocumentFile.objects.filter(kind=FileKind.CERTIFICATE_PDF).count() == 3
