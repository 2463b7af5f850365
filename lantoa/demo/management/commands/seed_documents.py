"""`manage.py seed_documents`: the demo issuers and documents (after `seed_demo`'s tree)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lantoa.demo.documents import seed_documents
from lantoa.demo.orgs import DemoDataRefused


class Command(BaseCommand):
    help = "Load the demo documents: a state and a Party issuer with a year of documents."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--skip", action="store_true", help="Do nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = seed_documents(skip=options["skip"])
        except DemoDataRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Demo documents: %(count)d issued.") % {"count": created})
