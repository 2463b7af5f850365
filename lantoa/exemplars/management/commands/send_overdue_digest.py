"""`manage.py send_overdue_digest`: the daily digest of overdue records (run by cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lantoa.exemplars.digest import send_overdue_digest


class Command(BaseCommand):
    help = "Notify every user who has overdue records waiting for them (once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_overdue_digest()
        self.stdout.write(_("Overdue digests sent: %(count)d") % {"count": count})
