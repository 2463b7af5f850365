"""A decision's certificates rendered as one ZIP by a background job.

Started from the document's page (`start_certificates_zip`), in the request, so the audit
event keeps the request's IP and id; the worker renders one certificate a step and keeps
the ZIP as the job's result, which the job page offers for download.
"""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents.access import holds
from lantoa.documents.models import Certificate, Document, DocumentState
from lantoa.documents.render.certificates import FULL, OVERLAY
from lantoa.documents.services.batch import render_certificates_zip
from lantoa.documents.workflow import READ_ROLES
from lantoa.jobs.models import Job
from lantoa.jobs.services import JobRun, run_job, start_job

CERTIFICATES_JOB_KIND = "documents.certificates"


def start_certificates_zip(*, actor: Actor, decision: Document, mode: str = FULL) -> Job:
    """Audit the request and start the job that renders the decision's certificates.

    The same checks as the rendering itself, now, so a refusal is shown on the page rather
    than as a failed job: NotFound outside the actor's reach, DomainError for an unknown
    mode, a decision not issued, or one without certificates. Two starts (a double click)
    make two jobs; the rendering locks each certificate, so both ZIPs hold the same files.
    """
    if mode not in (FULL, OVERLAY):
        raise DomainError(_("Unknown print mode."), code="invalid")
    with transaction.atomic():
        locked = (
            Document.objects.select_for_update()
            .select_related("issuer")
            .filter(pk=decision.pk)
            .first()
        )
        if locked is None or not holds(actor, READ_ROLES, locked.org_path):
            raise NotFound()
        if locked.state not in (DocumentState.ISSUED, DocumentState.SIGNED):
            raise DomainError(
                _("Certificates are printed from an issued decision."), code="not_issued"
            )
        count = Certificate.objects.filter(decision=locked, revoked_at__isnull=True).count()
        if count == 0:
            raise DomainError(_("This decision has no certificates."), code="no_certificates")
        audit.record(
            actor=actor,
            action="documents.certificates.requested",
            obj=locked,
            org=locked.issuer.org,
            changes={"certificates": [None, count], "mode": [None, mode]},
        )
        return start_job(
            actor=actor,
            task=render_certificates,
            kind=CERTIFICATES_JOB_KIND,
            title=_("Certificates of %(reference)s") % {"reference": locked.reference},
            org=locked.issuer.org,
            kwargs={"decision_id": locked.pk, "mode": mode},
        )


@task()
def render_certificates(*, job_id: str, decision_id: int, mode: str) -> int:
    rendered = 0
    with run_job(job_id) as run:
        if run is not None:
            rendered = _render(run, decision_id=decision_id, mode=mode)
    return rendered


def _render(run: JobRun, *, decision_id: int, mode: str) -> int:
    # Rendered as the owner, checked again now: a right lost since the start fails the job.
    owner = get_user_model().objects.get(pk=run.job.owner_id)
    decision = Document.objects.filter(pk=decision_id).first()
    if decision is None:
        raise NotFound()
    steps: list[int] = []

    def report(done: int, total: int, message: str) -> None:
        steps.append(done)
        run.step(done, total, message)

    data = render_certificates_zip(actor=owner, decision=decision, mode=mode, report=report)
    count = steps[-1] if steps else 0
    run.finish(
        message=_("Certificates rendered: %(count)d") % {"count": count},
        file=io.BytesIO(data),
        name=f"giay-khen-{decision.pk}-{mode}.zip",
    )
    return count
