"""Rendering: one list of blocks per document (`blocks.py`), written out as DOCX
(`docx.py`, the editable master) and as PDF (`pdf.py`, WeasyPrint) from the same blocks, so
both carry the same text. Certificates are designed pieces, PDF only (`certificates.py`)."""
