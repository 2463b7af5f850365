"""A document's blocks as PDF (WeasyPrint), the same text as the DOCX.

WeasyPrint resolves "Times New Roman" through fontconfig to Liberation Serif 2 (Debian's
`fonts-liberation2`, installed by the Makefile), which has every Vietnamese letter.
Ligatures are off so that text extracted from the PDF is the text written.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from PIL import ImageFile

from lantoa.documents.render.blocks import Page
from lantoa.documents.render.qr import qr_svg_data_uri


def html_to_pdf(html: str) -> bytes:
    return bytes(_weasyprint().HTML(string=html).write_pdf())


def _weasyprint() -> Any:
    """WeasyPrint, imported on first use (it loads Pango, which only rendering needs).

    Importing it sets Pillow's process-wide `ImageFile.LOAD_TRUNCATED_IMAGES = True`, which
    would let truncated photos through the upload checks (`lantoa.core.uploads`): the flag
    is put back at once. Our PDFs embed only SVG."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def write_pdf(page: Page) -> bytes:
    html = render_to_string(
        "documents/render/document.html",
        {
            "page": page,
            "font": page.spec["font"],
            "size": page.spec["page"],
            "margins": page.spec["page"]["margins_mm"],
            "qr": qr_svg_data_uri(page.verification_url),
        },
    )
    return html_to_pdf(html)
