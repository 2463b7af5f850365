"""What every report's content must pass, new or completed, and how its files are stored.

`check_report` holds the checks of a new report (`intake.receive_record`) and of a returned
one being completed (`completion.complete_report`), so a correction cannot bring in what a
new report may not (a future date, an empty title, a seventh photo). `attach_files` stores
checked uploads. Neither takes a lock or checks a right: the callers' services do both.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.core.actors import Actor, signed_in
from lantoa.core.errors import DomainError
from lantoa.core.uploads import PHOTO_EXTENSION, CleanFile, generated_name, responsive_variants
from lantoa.exemplars.models import Evidence, Record, RecordKind

MAX_PHOTOS = 6


def check_report(
    *,
    kind: str,
    title: str,
    summary: str,
    deed_date: datetime.date | None,
    files: Sequence[CleanFile] = (),
    photos_kept: int = 0,
) -> tuple[str, str]:
    """Refuse what no report may hold; answer the title and summary trimmed. `photos_kept`
    counts the photos a record already has (a completed report adds to them)."""
    title, summary = " ".join(title.split()), summary.strip()
    if kind not in RecordKind.values:
        raise DomainError(_("Choose what kind of example this is."), code="invalid_kind")
    if not title or not summary:
        raise DomainError(_("A title and a short description are required."), code="required")
    if deed_date and deed_date > timezone.localdate():
        raise DomainError(_("The date of the deed cannot be in the future."), code="future_date")
    if photos_kept + len([f for f in files if f.kind == "photo"]) > MAX_PHOTOS:
        raise DomainError(
            _("At most %(n)d photos per report.") % {"n": MAX_PHOTOS}, code="too_many_photos"
        )
    return title, summary


def attach_files(
    *, actor: Actor | None, record: Record, files: Sequence[CleanFile]
) -> list[Evidence]:
    """Store checked uploads as the record's evidence, uploaded by `actor` (a user: the
    column is required). Checks no right and takes no lock: call it inside the transaction
    of a service that did both, so a failing file leaves no row behind."""
    stored = []
    for clean in files:
        evidence = Evidence(
            record=record,
            kind=clean.kind,
            original_name=clean.original_name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            width=clean.width,
            height=clean.height,
            uploaded_by=signed_in(actor),
        )
        evidence.file.save(generated_name(clean), ContentFile(clean.content), save=False)
        if clean.kind == "photo":
            # Smaller copies for the public pages, under generated names: {"320": name, ...}.
            # A photo that cannot be resized keeps none (the original is served instead).
            try:
                variants = responsive_variants(clean.content)
            except ValueError:
                variants = {}
            stem = uuid.uuid4().hex
            evidence.variants = {
                str(width): default_storage.save(
                    f"evidence/variants/{stem}-{width}{PHOTO_EXTENSION}", ContentFile(data)
                )
                for width, data in variants.items()
            }
        evidence.save()
        stored.append(evidence)
    return stored
