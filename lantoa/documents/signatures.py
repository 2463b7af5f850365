"""PAdES signatures with pyHanko: the organisation's server signature, and the check of any
signed PDF against the configured trust roots.

The server holds only organisation keys (settings.DOCUMENT_SIGNERS_DIR/<name>/key.pem,
cert.pem, chain.pem); a person signs with their own token outside the system and uploads
the result. A signature counts only when pyHanko's `bottom_line` holds: intact, valid and
chained to a trusted root (a flipped byte leaves `valid` True but `intact` False).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lantoa.core.errors import DomainError
from lantoa.documents.models import SignatureStatus

with warnings.catch_warnings():
    # pyHanko imports cryptography's DSA support, which cryptography now deprecates.
    warnings.simplefilter("ignore")
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext


@dataclass
class SignatureCheck:
    status: str
    detail: dict[str, Any] = field(default_factory=dict)

    def as_file_fields(self) -> dict[str, Any]:
        return {"signature_status": self.status, "signature_detail": self.detail}


def trust_roots() -> list[Any]:
    folder = settings.DOCUMENT_TRUST_ROOTS_DIR
    if folder is None or not Path(folder).is_dir():
        return []
    return [load_cert_from_pemder(str(path)) for path in sorted(Path(folder).glob("*.pem"))]


def check_pdf(data: bytes) -> SignatureCheck:
    """What the PDF's last signature is worth. Never raises on a broken file."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception as exc:  # a damaged file is an answer, not an error
        return SignatureCheck(SignatureStatus.INVALID, {"error": type(exc).__name__})
    if not embedded:
        return SignatureCheck(SignatureStatus.NONE)
    signature = embedded[-1]
    try:
        context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(signature, context)
    except Exception as exc:
        return SignatureCheck(SignatureStatus.INVALID, {"error": type(exc).__name__})
    detail = {
        "intact": bool(status.intact),
        "valid": bool(status.valid),
        "trusted": bool(status.trusted),
        "bottom_line": bool(status.bottom_line),
        "coverage": status.coverage.name if status.coverage else "",
        "signer": status.signing_cert.subject.human_friendly if status.signing_cert else "",
        "signed_at": status.signer_reported_dt.isoformat() if status.signer_reported_dt else "",
    }
    if status.bottom_line:
        return SignatureCheck(SignatureStatus.VALID, detail)
    if status.intact and status.valid:
        return SignatureCheck(SignatureStatus.UNTRUSTED, detail)
    return SignatureCheck(SignatureStatus.INVALID, detail)


def sign_pdf(data: bytes, *, key_name: str, reason: str = "") -> bytes:
    """`data` with a PAdES signature of the organisation key `key_name`."""
    folder = settings.DOCUMENT_SIGNERS_DIR
    key_dir = Path(folder) / key_name if folder and key_name else None
    if key_dir is None or not (key_dir / "key.pem").is_file() or "/" in key_name:
        raise DomainError(
            _("No organisation signing key is configured for this issuer."), code="no_key"
        )
    chain = key_dir / "chain.pem"
    signer = signers.SimpleSigner.load(
        str(key_dir / "key.pem"),
        str(key_dir / "cert.pem"),
        ca_chain_files=(str(chain),) if chain.is_file() else None,
    )
    if signer is None:
        raise DomainError(_("The organisation signing key cannot be read."), code="bad_key")
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name="LanToa", reason=reason or None)
    out = signers.sign_pdf(writer, meta, signer=signer)
    return bytes(out.getvalue())
