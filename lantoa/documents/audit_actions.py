"""The documents app's audit actions, as a user reads them in the log."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "documents.issuer.created": _("Added an issuer of documents"),
    "documents.issuer.updated": _("Corrected what an issuer's documents print"),
    "documents.issuer.retired": _("Retired an issuer of documents"),
    "documents.issuer.reinstated": _("Put a retired issuer back to work"),
    "documents.issuer.term_started": _("Started an issuer's new term"),
    "documents.document.drafted": _("Drafted a document"),
    "documents.document.edited": _("Edited a draft document"),
    "documents.document.issued": _("Issued a document"),
    "documents.document.recorded": _("Recorded a document issued outside the system"),
    "documents.document.signed": _("Signed a document with the organisation's key"),
    "documents.document.signed_upload": _("Uploaded a signed copy of a document"),
    "documents.document.signed_file_uploaded": _("Uploaded a signed file of a document"),
    "documents.document.revoked": _("Revoked a document"),
    "documents.certificate.revoked": _("Revoked one certificate of a decision"),
    "documents.certificates.added": _("Added certificates to a decision"),
    "documents.certificates.requested": _("Asked for the certificates of a decision as a ZIP"),
    "documents.certificates.printed": _("Printed the certificates of a decision"),
    "documents.register.exported": _("Exported an issuer's register"),
}
