from lantoa.documents.models.documents import (
    Authority,
    Certificate,
    CertificateKind,
    Document,
    DocumentFile,
    DocumentState,
    DocumentStep,
    FileKind,
    SignatureStatus,
)
from lantoa.documents.models.issuers import (
    Issuer,
    IssuerStyle,
    IssuerTerm,
    NumberCounter,
    NumberingPeriod,
)
from lantoa.documents.models.layouts import DocumentType, Layout

__all__ = [
    "Authority",
    "Certificate",
    "CertificateKind",
    "Document",
    "DocumentFile",
    "DocumentState",
    "DocumentStep",
    "DocumentType",
    "FileKind",
    "Issuer",
    "IssuerStyle",
    "IssuerTerm",
    "Layout",
    "NumberCounter",
    "NumberingPeriod",
    "SignatureStatus",
]
