"""Signed consent forms for the demo: small generated PDFs, never a real person's form.

Each goes through `clean_upload` like an officer's upload, then `record_consent`, so the
demo's consents carry the same proof a real one must.
"""

from __future__ import annotations

import datetime
import unicodedata
import zlib

from lantoa.core.uploads import CleanFile, clean_upload

# The demo's note for a consent heard in person (the officer is the one recording it).
IN_PERSON_NOTE = (
    "Đồng ý trực tiếp khi cán bộ đến nhà trao đổi; đã đọc lại nội dung sẽ đăng và "
    "người được nêu gương nhất trí."
)


def wants_signed_form(full_name: str, minor: bool) -> bool:
    """A legal representative signs a form; a third of the adults did too (stable by name)."""
    return minor or zlib.crc32(full_name.encode()) % 3 == 0


def _ascii(text: str) -> str:
    # The PDF's built-in Helvetica has no Vietnamese letters: a scan would, a demo need not.
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in plain if not unicodedata.combining(c) and ord(c) < 128)
    return kept.replace("\\", "").replace("(", "[").replace(")", "]")


def signed_form(*, full_name: str, purpose: str, given_on: datetime.date, signer: str) -> CleanFile:
    """A one-page PDF "signed form" naming the person, the purpose and the date."""
    lines = [
        "CONG HOA XA HOI CHU NGHIA VIET NAM",
        "GIAY DONG Y (du lieu mau - demo)",
        f"Nguoi duoc neu guong: {full_name}",
        f"Dong y cho muc dich: {purpose}",
        f"Nguoi ky: {signer}",
        f"Ngay: {given_on:%d/%m/%Y}",
    ]
    text = "BT /F1 12 Tf 60 780 Td 16 TL " + " ".join(f"({_ascii(line)}) '" for line in lines)
    stream = (text + " ET").encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return clean_upload(name="giay-dong-y.pdf", data=bytes(out), allowed={"document"})
