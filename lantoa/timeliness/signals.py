"""Holidays are cached per year range; any change to the table starts a new cache version."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lantoa.timeliness.calendar import invalidate_holiday_cache
from lantoa.timeliness.models import Holiday


@receiver(post_save, sender=Holiday)
@receiver(post_delete, sender=Holiday)
def _holiday_changed(**kwargs: Any) -> None:
    invalidate_holiday_cache()
    # Again after commit: another process may have cached the old rows in between.
    transaction.on_commit(invalidate_holiday_cache)
