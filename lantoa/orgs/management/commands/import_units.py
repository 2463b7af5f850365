"""`manage.py import_units`: administrative units and their 2025 succession (idempotent)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.orgs.units_import import (
    DEFAULT_LEGACY_PROVINCES,
    ImportSummary,
    UnitsImportError,
    import_units,
)


def describe(summary: ImportSummary) -> str:
    return _(
        "Units: %(created)d created, %(updated)d updated, %(unchanged)d unchanged. "
        "Successions: %(s_created)d created, %(s_updated)d updated, %(s_unchanged)d unchanged."
    ) % {
        "created": summary.units_created,
        "updated": summary.units_updated,
        "unchanged": summary.units_unchanged,
        "s_created": summary.successions_created,
        "s_updated": summary.successions_updated,
        "s_unchanged": summary.successions_unchanged,
    }


class Command(BaseCommand):
    help = (
        "Import the current administrative units (34 provinces, 3,321 communes) and pre-2025 "
        "provinces with their districts, communes and succession. Safe to run again."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--legacy-province",
            action="append",
            dest="legacy_provinces",
            metavar="NAME",
            help=(
                "A pre-2025 province to import (name or code; repeatable). "
                f"Default: {', '.join(DEFAULT_LEGACY_PROVINCES)}."
            ),
        )
        parser.add_argument(
            "--no-legacy",
            action="store_true",
            help="Import the current units only.",
        )
        parser.add_argument(
            "--all-legacy",
            action="store_true",
            help="Import every pre-2025 province (63 provinces, about 10,000 communes).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        legacy = options["legacy_provinces"]
        if options["no_legacy"]:
            if legacy or options["all_legacy"]:
                raise CommandError(
                    _("--no-legacy cannot be combined with --legacy-province or --all-legacy.")
                )
            legacy = []
        started = time.monotonic()
        try:
            summary = import_units(legacy_provinces=legacy, all_legacy=options["all_legacy"])
        except UnitsImportError as error:
            raise CommandError(str(error)) from error
        if summary.legacy_provinces:
            self.stdout.write(
                _("Pre-2025 provinces: %(names)s.") % {"names": ", ".join(summary.legacy_provinces)}
            )
        self.stdout.write(describe(summary))
        self.stdout.write(
            self.style.SUCCESS(
                _("Done in %(seconds).1f s.") % {"seconds": time.monotonic() - started}
            )
        )
