"""The API's nightly tidy-up (settings.PERIODIC_JOBS)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lantoa.api.models import IdempotentAnswer


@task()
def prune_idempotent_answers() -> int:
    """Delete the first answers to `Idempotency-Key`s older than `IDEMPOTENCY_KEEP_HOURS`
    (a client retries within minutes; a key sent again after that is done as new); how
    many."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEEP_HOURS)
    deleted, _by_model = IdempotentAnswer.objects.filter(created_at__lt=cutoff).delete()
    return deleted
