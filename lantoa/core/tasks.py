"""Background tasks of the shared mechanisms (thin wrappers over their functions)."""

from __future__ import annotations

from django_tasks import task

from lantoa.core import maintenance


@task()
def analyze_database() -> float:
    """Nightly (settings.PERIODIC_JOBS) and after bulk loads."""
    return maintenance.analyze_database()
