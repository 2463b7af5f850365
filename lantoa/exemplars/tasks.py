"""Background tasks of the exemplar registry, and the service that starts one for a user.

Each task is a thin wrapper over a service; the daily digest is enqueued by the scheduler
(settings.PERIODIC_JOBS) or started by a leader from the staff pages.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import NotFound
from lantoa.exemplars import digest
from lantoa.exemplars.roles import RecordAction
from lantoa.jobs.models import Job
from lantoa.jobs.services import run_job, start_job
from lantoa.orgs.access import can_anywhere

DIGEST_JOB_KIND = "exemplars.overdue_digest"


@task()
def send_overdue_digest(job_id: str | None = None) -> int:
    """The daily digest (idempotent per day); with `job_id`, as that user's job."""
    if job_id is None:
        return digest.send_overdue_digest()
    count = 0
    with run_job(job_id) as run:
        if run is not None:
            count = digest.send_overdue_digest()
            run.finish(message=_("Overdue digests sent: %(count)d") % {"count": count})
    return count


def start_overdue_digest(*, actor: Actor) -> Job:
    """Send today's overdue digest now rather than at 07:00 (users already sent today's are
    skipped). For those who decide on records (leaders, system administrators); anyone else
    is NotFound, like a page they may not open."""
    if not can_anywhere(actor, RecordAction.DECIDE):
        raise NotFound()
    with transaction.atomic():
        job = start_job(
            actor=actor,
            task=send_overdue_digest,
            kind=DIGEST_JOB_KIND,
            title=_("Overdue digest"),
        )
        audit.record(actor=actor, action="exemplars.digest.requested", obj=job)
    return job
