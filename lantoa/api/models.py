"""What the API surface itself must remember: the first answer to an idempotent request."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotentAnswer(models.Model):
    """The answer to the first request a client sent with an `Idempotency-Key`.

    A retry with the same key (the client never saw the answer: a dropped connection, a
    timeout) gets this answer again instead of doing the step twice or being told that the
    step is no longer possible. Keys are per user: two clients cannot collide.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    # Method and path, and a digest of the body: the same key sent with another request is
    # a client bug, refused rather than answered with an unrelated result.
    operation = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotent_answer_key"),
        ]
        # The nightly prune (`api.tasks.prune_idempotent_answers`) deletes by age.
        indexes = [models.Index(fields=["created_at"], name="api_idempotent_answer_age")]

    def __str__(self) -> str:
        return f"{self.operation} [{self.key}]"
