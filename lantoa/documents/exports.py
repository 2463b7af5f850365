"""The register of issued documents as an XLSX sheet (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.documents.models import Document, Issuer


def register_xlsx(*, actor: Actor, issuer: Issuer, rows: Iterable[Document]) -> bytes:
    """The register with the columns of the paper one (sổ đăng ký văn bản đi); the export
    is audited like every export."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Register")[:31]
    headers = [
        _("Number"),
        _("Number and symbol"),
        _("Type"),
        _("Date"),
        _("Summary"),
        _("Signer"),
        _("Recipients"),
        _("State"),
    ]
    sheet.append([issuer.name])
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    count = 0
    for document in rows:
        count += 1
        sheet.append(
            [
                document.number,
                document.reference,
                document.get_doc_type_display(),
                document.issued_on,
                document.summary,
                f"{document.signer_title} {document.signer_name}".strip(),
                "; ".join(document.recipient_lines()),
                document.get_state_display(),
            ]
        )
    for column, width in zip("ABCDEFGH", (8, 18, 14, 12, 60, 30, 40, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    audit.record(
        actor=actor,
        action="documents.register.exported",
        obj=issuer,
        org=issuer.org,
        changes={"rows": [None, count]},
    )
    return out.getvalue()
