"""Batch rendering: every certificate of a decision as PDFs in one ZIP.

Written as a plain service with a progress callback, so the job runner can wrap it in a task
and show its progress bar; nothing here knows about jobs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from lantoa.audit import services as audit
from lantoa.core.actors import Actor
from lantoa.core.errors import DomainError, NotFound
from lantoa.documents.access import holds
from lantoa.documents.models import Certificate, Document, DocumentState, FileKind
from lantoa.documents.render.certificates import FULL, OVERLAY, certificate_pdf
from lantoa.documents.services.common import file_stem, store_file
from lantoa.documents.workflow import READ_ROLES

Report = Callable[[int, int, str], None]


def _no_report(done: int, total: int, message: str) -> None:
    return None


def render_certificates_zip(
    *, actor: Actor, decision: Document, mode: str = FULL, report: Report | None = None
) -> bytes:
    """A ZIP of one PDF per certificate of an issued decision.

    In full mode each certificate's PDF is the issued file: rendered and stored (with its
    SHA-256, shown on the verification page) the first time, then read back, so its hash
    never changes. Overlay PDFs are printing aids and are not kept. `report(done, total,
    message)` is called after each certificate. Certificates revoked on their own are left
    out."""
    report = report or _no_report
    if mode not in (FULL, OVERLAY):
        raise DomainError(_("Unknown print mode."), code="invalid")
    decision = Document.objects.select_related("issuer", "layout").get(pk=decision.pk)
    if not holds(actor, READ_ROLES, decision.org_path):
        raise NotFound()
    if decision.state not in (DocumentState.ISSUED, DocumentState.SIGNED):
        raise DomainError(_("Certificates are printed from an issued decision."), code="not_issued")
    # A certificate revoked on its own is not printed again.
    certificates = list(
        Certificate.objects.filter(decision=decision, revoked_at__isnull=True)
        .select_related("layout")
        .order_by("serial")
    )
    total = len(certificates)
    report(0, total, _("Starting"))
    stem = file_stem(decision)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(certificates, start=1):
            certificate.decision = decision
            data = _pdf(actor, certificate, mode=mode, stem=stem)
            archive.writestr(f"{stem}-{certificate.serial:04d}.pdf", data)
            report(done, total, certificate.recipient_name)
    audit.record(
        actor=actor,
        action="documents.certificates.printed",
        obj=decision,
        org=decision.issuer.org,
        changes={"certificates": [None, total], "mode": [None, mode]},
    )
    return buffer.getvalue()


def _pdf(actor: Actor, certificate: Certificate, *, mode: str, stem: str) -> bytes:
    if mode == OVERLAY:
        return certificate_pdf(certificate, mode=OVERLAY)
    stored = certificate.files.filter(kind=FileKind.CERTIFICATE_PDF).first()
    if stored is None:
        # Rendered outside any transaction, then stored and committed in a short one of its
        # own: on SQLite a transaction holds the one write lock from its start (IMMEDIATE),
        # and a lock held through the rendering would make every other writer wait.
        data = certificate_pdf(certificate, mode=FULL)
        with transaction.atomic():
            # Two batches of one decision at once (a double click): the second waits on
            # the certificate's lock, finds what the first stored and returns that instead.
            Certificate.objects.select_for_update().filter(pk=certificate.pk).first()
            stored = certificate.files.filter(kind=FileKind.CERTIFICATE_PDF).first()
            if stored is None:
                store_file(
                    certificate.decision,
                    kind=FileKind.CERTIFICATE_PDF,
                    data=data,
                    name=f"{stem}-{certificate.serial:04d}.pdf",
                    actor=actor,
                    certificate=certificate,
                )
                return data
    with stored.file.open("rb") as handle:
        return bytes(handle.read())
