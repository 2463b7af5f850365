"""Background tasks of the exemplar registry, and the service that starts one for a user.

Each task is a thin wrapper over a service; the daily digest is enqueued by the scheduler
(settings.PERIODIC_JOBS) or started by a leader from the staff pages; the record list's
export is started by whoever sees the list (staff page or API) and written by the worker.
"""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import digest, exports
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import RecordFilters
from lantoa.jobs.models import Job
from lantoa.jobs.services import JobRun, run_job, start_job
from lantoa.orgs.access import can, can_anywhere, paths_for
from lantoa.orgs.models import Organisation

DIGEST_JOB_KIND = "exemplars.overdue_digest"
EXPORT_JOB_KIND = "exemplars.records.export"


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


def start_record_export(*, actor: Actor, filters: RecordFilters, fmt: str) -> Job:
    """Record the export of the record list (an audit event, written now, with the
    request's IP and id) and start the job that writes the file: the visible records that
    match `filters`, reported up to now, as `fmt` (a key of `exports.WRITERS`).

    Reads no record: the worker counts and reads them, so starting costs the same at any
    size. NotFound for someone who sees no record list; DomainError `invalid_format` for a
    format other than CSV or XLSX (nothing is written then)."""
    if not can_anywhere(actor, RecordAction.VIEW_RECORDS):
        raise NotFound()
    if fmt not in exports.WRITERS:
        raise DomainError(
            _("Choose the file format of the export: CSV or Excel (XLSX)."),
            code="invalid_format",
        )
    org = _scope_org(actor, filters)
    up_to = timezone.now()
    with transaction.atomic():
        job = start_job(
            actor=actor,
            task=export_records,
            kind=EXPORT_JOB_KIND,
            title=_("Record list export"),
            org=org,
            kwargs={
                "filters": exports.filters_to_json(filters),
                "fmt": fmt,
                # The file holds the records reported up to the start, even if the job
                # starts late; in the language the list was read in.
                "up_to": up_to.isoformat(),
                "language": translation.get_language() or settings.LANGUAGE_CODE,
            },
        )
        audit.record(
            actor=actor,
            action="exemplars.records.exported",
            obj=job,
            org=org,
            changes={"format": fmt, "filters": exports.filters_to_json(filters)},
        )
    return job


def _scope_org(actor: Actor, filters: RecordFilters) -> Organisation | None:
    """The organisation whose audit log shows the export: the filtered one when the actor
    may see it whole, else the actor's first subtree (none for a system administrator)."""
    if filters.org is not None and can(actor, RecordAction.VIEW_RECORDS, filters.org):
        return filters.org
    roots = paths_for(actor, RecordAction.VIEW_RECORDS)
    return Organisation.objects.filter(path=roots[0]).first() if roots else None


@task()
def export_records(
    *, job_id: str, filters: dict[str, Any], fmt: str, up_to: str, language: str = ""
) -> int:
    written = 0
    with translation.override(language or settings.LANGUAGE_CODE), run_job(job_id) as run:
        if run is not None:
            written = _write_export(
                run, filters=filters, fmt=fmt, up_to=datetime.datetime.fromisoformat(up_to)
            )
    return written


def _write_export(
    run: JobRun, *, filters: dict[str, Any], fmt: str, up_to: datetime.datetime
) -> int:
    # Scoped again as the owner now: a right lost since the start narrows the file.
    owner = get_user_model().objects.get(pk=run.job.owner_id)
    wanted = exports.filters_from_json(filters)
    chunk = settings.RECORD_EXPORT_CHUNK
    run.step(0, 0, _("Counting the records…"))
    total = exports.count(owner, wanted, up_to=up_to)
    steps = max(1, -(-total // chunk))

    def progress(written: int, rows: int) -> None:
        # Records may change state between the count and their chunk: never past the end.
        done = min(steps, -(-written // chunk)) if written < rows else steps
        run.step(
            done,
            steps,
            _("%(written)d of %(rows)d records written") % {"written": written, "rows": rows},
        )

    with tempfile.TemporaryFile() as out:
        rows = exports.chunks(owner, wanted, up_to=up_to, size=chunk)
        written = exports.WRITERS[fmt](rows, out, total=total, progress=progress)
        out.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        run.finish(
            message=_("%(count)d records exported") % {"count": written},
            file=out,
            name=f"ho-so-{stamp}.{fmt}",
        )
    return written
