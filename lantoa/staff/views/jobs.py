"""Background jobs on the staff pages: a job's progress page (polled with HTMX), its result
file, and "send the overdue digest now"."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lantoa.core.errors import NotFound
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.tasks import start_overdue_digest
from lantoa.jobs.selectors import get_job_for
from lantoa.orgs.access import can_anywhere

# How often the progress page asks again while the job runs (milliseconds).
POLL_MS = 1000


@login_required
def job_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = get_job_for(request.user, pk)
    return render(request, "staff/jobs/detail.html", {"job": job, "poll_ms": POLL_MS})


@login_required
def job_progress(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The progress block alone, for the page's polling; it stops asking once finished."""
    job = get_job_for(request.user, pk)
    response = render(request, "staff/jobs/_progress.html", {"job": job, "poll_ms": POLL_MS})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def job_result(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    job = get_job_for(request.user, pk)
    if not job.result_file:
        raise NotFound()
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "result"
    )


@login_required
@require_http_methods(["GET", "POST"])
def digest_now(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        job = start_overdue_digest(actor=request.user)
        return redirect("staff:job_detail", pk=job.pk)
    if not can_anywhere(request.user, RecordAction.DECIDE):
        raise NotFound()
    return render(request, "staff/jobs/digest.html")
