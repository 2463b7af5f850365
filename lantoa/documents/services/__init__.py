"""Every write of the documents app (see each module)."""

from lantoa.documents.services.batch import render_certificates_zip
from lantoa.documents.services.drafting import (
    CertificateInput,
    add_certificates,
    create_draft,
    create_issuer,
    set_issuer_retired,
    start_term,
    update_draft,
    update_issuer,
)
from lantoa.documents.services.issuing import (
    issue_document,
    record_external_document,
    revoke_certificate,
    revoke_document,
)
from lantoa.documents.services.signing import attach_signed_pdf, sign_document

__all__ = [
    "CertificateInput",
    "add_certificates",
    "attach_signed_pdf",
    "create_draft",
    "create_issuer",
    "issue_document",
    "record_external_document",
    "render_certificates_zip",
    "revoke_certificate",
    "revoke_document",
    "set_issuer_retired",
    "sign_document",
    "start_term",
    "update_draft",
    "update_issuer",
]
