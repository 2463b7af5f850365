"""`manage.py seed_demo`: the demo organisation tree, logins and records (idempotent, never
in prod)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.demo.nominations import seed_nominations
from lantoa.demo.orgs import DemoDataRefused, ensure_not_production, seed_demo
from lantoa.demo.registry import demo_publications, seed_records
from lantoa.jobs.scheduler import start_schedule_now
from lantoa.orgs.management.commands.import_units import describe
from lantoa.orgs.units_import import UnitsImportError


class Command(BaseCommand):
    help = (
        "Load the demo data: administrative units, the organisation tree of Lâm Đồng, the "
        "demo logins, about 300 demo records and 40 published stories (with --nominations, "
        "10 citizen nominations). Safe to run again; refused in production."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--skip-units",
            action="store_true",
            help="Do not (re-)import the administrative units first.",
        )
        parser.add_argument(
            "--skip-records",
            action="store_true",
            help="Load only the tree and the logins, not the demo records.",
        )
        parser.add_argument(
            "--nominations",
            action="store_true",
            help="Also send the ten demo citizen nominations (make run does).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            ensure_not_production()
            summary = seed_demo(import_admin_units=not options["skip_units"])
            records = stories = nominations = 0
            if not options["skip_records"]:
                records = seed_records()
                stories = demo_publications().count()
                if options["nominations"]:
                    nominations = seed_nominations()
            # The demo's daily digest waits for tomorrow's slot instead of flooding `make run`.
            start_schedule_now(now=timezone.now())
        except (DemoDataRefused, UnitsImportError) as error:
            raise CommandError(str(error)) from error
        if summary.units is not None:
            self.stdout.write(describe(summary.units))
        self.stdout.write(
            _(
                "Demo data: %(orgs)d organisations, %(users)d users and %(memberships)d "
                "memberships created."
            )
            % {
                "orgs": summary.organisations_created,
                "users": summary.users_created,
                "memberships": summary.memberships_created,
            }
        )
        if not options["skip_records"]:
            self.stdout.write(
                _(
                    "Demo records: %(records)d created; %(stories)d stories on the portal; "
                    "%(nominations)d citizen nominations sent."
                )
                % {"records": records, "stories": stories, "nominations": nominations}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Done in %(seconds).1f s.") % {"seconds": time.monotonic() - started}
            )
        )
