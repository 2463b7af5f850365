"""The audit log export as a background job: the file is the job's result.

Started from the audit log page (`start_export`), in the request, so the export event
keeps the request's IP and id; the worker writes the file a chunk at a time and reports
each chunk as a step of the job.
"""

from __future__ import annotations

import datetime
import tempfile
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lantoa.core.actors import Actor
from lantoa.jobs.models import Job
from lantoa.jobs.services import JobRun, run_job, start_job
from lantoa.orgs.audit_export import record_export, write_csv, write_xlsx
from lantoa.orgs.audit_log import events_visible_to

EXPORT_JOB_KIND = "audit.export"
# The file formats of the export: the same rows as CSV or as an Excel workbook.
WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


def _filters(data: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe filters (task arguments) back into `events_visible_to`'s arguments."""
    return {
        "actor_q": str(data.get("actor_q") or ""),
        "action": str(data.get("action") or ""),
        "date_from": _day(data.get("date_from")),
        "date_to": _day(data.get("date_to")),
    }


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date) or value is None:
        return value
    return datetime.date.fromisoformat(str(value))


def start_export(*, actor: Actor, filters: dict[str, Any], fmt: str = "csv") -> Job:
    """Record the export (audit event, now) and start the job that writes its file.

    `filters` are the audit log page's (actor_q, action, date_from, date_to). NotFound for
    someone without the audit right anywhere. `fmt` is a key of `WRITERS`.
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}")
    parsed = _filters(filters)
    with transaction.atomic():
        _snapshot, event = record_export(events_visible_to(actor, **parsed), actor=actor)
        arguments = {
            "filters": {
                key: value.isoformat() if isinstance(value, datetime.date) else value
                for key, value in parsed.items()
            },
            # The file holds the events up to the export event, even if the job starts late.
            "up_to": event.pk,
            "fmt": fmt,
        }
        return start_job(
            actor=actor,
            task=export_log,
            kind=EXPORT_JOB_KIND,
            title=_("Audit log export"),
            kwargs=arguments,
        )


@task()
def export_log(*, job_id: str, filters: dict[str, Any], up_to: int, fmt: str = "csv") -> int:
    written = 0
    with run_job(job_id) as run:
        if run is not None:
            written = _write(run, filters=filters, up_to=up_to, fmt=fmt)
    return written


def _write(run: JobRun, *, filters: dict[str, Any], up_to: int, fmt: str) -> int:
    owner = get_user_model().objects.get(pk=run.job.owner_id)
    # Scoped again as the owner now: a right lost since the start narrows the file.
    events = events_visible_to(owner, **_filters(filters)).filter(pk__lt=up_to)

    def progress(step: int, steps: int, written: int, rows: int) -> None:
        run.step(
            step,
            steps,
            _("%(written)d of %(rows)d events written") % {"written": written, "rows": rows},
        )

    with tempfile.TemporaryFile() as out:
        write = WRITERS[fmt]
        written = write(events, out, chunk=settings.AUDIT_EXPORT_CHUNK, progress=progress)
        out.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        run.finish(
            message=_("%(count)d events exported") % {"count": written},
            file=out,
            name=f"nhat-ky-{stamp}.{fmt}",
        )
    return written
