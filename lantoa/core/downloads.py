"""Personal files handed out by the application itself, never from MEDIA_URL."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from lantoa.core.uploads import (
    PDF_CONTENT_TYPE,
    PDF_EXTENSION,
    PHOTO_CONTENT_TYPE,
    PHOTO_EXTENSION,
)


def private_download(stored: FieldFile, *, stem: str) -> FileResponse:
    """A file kept by `clean_upload` (a re-encoded JPEG photo or a PDF) as an attachment
    called `stem` and its type's extension: kept by no cache, never sniffed."""
    pdf = PurePosixPath(stored.name or "").suffix.lower() == PDF_EXTENSION
    response = FileResponse(
        stored.open("rb"),
        content_type=PDF_CONTENT_TYPE if pdf else PHOTO_CONTENT_TYPE,
        as_attachment=True,
        filename=f"{stem}{PDF_EXTENSION if pdf else PHOTO_EXTENSION}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
