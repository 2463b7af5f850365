"""Background tasks of the nominations (thin wrappers over the services)."""

from __future__ import annotations

from django_tasks import task

from lantoa.nominations import holds


@task()
def purge_photo_holds() -> int:
    """Nightly (settings.PERIODIC_JOBS): delete expired held photos and their files. Each new
    hold also deletes a few expired ones in passing, so none lingers long on a busy site."""
    return holds.purge_expired_holds()
