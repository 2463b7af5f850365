"""`manage.py demo_logins`: the table of demo logins (printed by `make run`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.demo.nominations import demo_nominations
from lantoa.demo.orgs import DEMO_PASSWORD, DemoDataRefused, demo_login_lines, ensure_not_production
from lantoa.nominations.services import nomination_status


class Command(BaseCommand):
    help = "Print the demo logins: username, password, role and organisation."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            ensure_not_production()
        except DemoDataRefused as error:
            raise CommandError(str(error)) from error
        headers = (_("Username"), _("Password"), _("Role"), _("Organisation"))
        rows = []
        missing = False
        for line in demo_login_lines():
            if line.exists:
                rows.append((line.username, DEMO_PASSWORD, line.role, line.organisation))
            else:
                missing = True
                rows.append((line.username, "-", _("(not created)"), "-"))
        widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(3)]

        def format_row(row: tuple[str, ...]) -> str:
            cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
            return "  ".join([*cells, str(row[3])])

        self.stdout.write(self.style.MIGRATE_HEADING(_("Demo logins")))
        self.stdout.write(format_row(headers))
        self.stdout.write("  ".join("-" * width for width in widths) + "  " + "-" * 12)
        previous = ""
        for row in rows:
            shown = row if row[0] != previous else ("", "", row[2], row[3])
            previous = row[0]
            self.stdout.write(format_row(shown))
        self.write_tracking_codes()
        if missing:
            self.stdout.write(
                self.style.WARNING(_("Some demo logins do not exist: run manage.py seed_demo."))
            )

    def write_tracking_codes(self) -> None:
        """The demo nominations' codes, to try the portal's tracking page."""
        rows = []
        for nomination in demo_nominations():
            status = nomination_status(nomination.tracking_code)
            if status is not None:
                rows.append((status.code, status.label))
        if not rows:
            return
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING(_("Citizen nominations (tracking codes for the portal)"))
        )
        for code, label in rows:
            self.stdout.write(f"{code}  {label}")
