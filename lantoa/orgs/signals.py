"""Every write of a membership or an organisation replaces the version of the actors'
cached grants (`access.grants`, decision 128); writes that bypass `save()` (the path
rewrite of a move) call `access.grants_changed` themselves."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lantoa.orgs.access import grants_changed
from lantoa.orgs.models import Membership, Organisation


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=Organisation)
@receiver(post_delete, sender=Organisation)
def _grants_changed(**kwargs: Any) -> None:
    grants_changed()
