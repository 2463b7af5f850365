"""Background jobs: the caller's own job's progress and result file."""

from __future__ import annotations

import datetime
import uuid

from django.http import FileResponse, HttpRequest
from ninja import Field, Router, Schema

from lantoa.api.errors import ErrorOut
from lantoa.api.security import actor
from lantoa.core.errors import NotFound
from lantoa.jobs.models import Job
from lantoa.jobs.selectors import get_job_for

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: uuid.UUID
    kind: str = Field(description="Stable code, e.g. `audit.export`")
    title: str
    state: str = Field(description="`queued`, `running`, `done` or `failed`")
    done: int = Field(description="Steps done")
    total: int = Field(description="Steps in all (0 until the job knows)")
    percent: int = Field(ge=0, le=100)
    message: str
    has_result: bool = Field(description="A result file is ready at `/jobs/{id}/result`")
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


def job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        kind=job.kind,
        title=job.title,
        state=job.state,
        done=job.done,
        total=job.total,
        percent=job.percent,
        message=job.message,
        has_result=bool(job.result_file),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.get(
    "/{job_id}",
    response={200: JobOut, 401: ErrorOut, 404: ErrorOut},
    summary="A job the caller started: its state and progress",
)
def job_detail(request: HttpRequest, job_id: str) -> JobOut:
    return job_out(get_job_for(actor(request), job_id))


@router.get(
    "/{job_id}/result",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="The result file of a finished job the caller started",
)
def job_result(request: HttpRequest, job_id: str) -> FileResponse:
    job = get_job_for(actor(request), job_id)
    if not job.result_file:
        raise NotFound()
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "result"
    )
