"""Reads of background jobs, scoped by the actor: a job is seen by the user who started it."""

from __future__ import annotations

import uuid

from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import NotFound
from lantoa.jobs.models import Job


def get_job_for(actor: Actor, job_id: uuid.UUID | str) -> Job:
    """The actor's own job; anyone else's, or a malformed id, is NotFound (no leaking)."""
    try:
        key = job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(str(job_id))
    except ValueError:
        raise NotFound() from None
    job = Job.objects.filter(pk=key, owner=signed_in(actor)).first()
    if job is None:
        raise NotFound()
    return job
