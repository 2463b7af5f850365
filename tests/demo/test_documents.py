"""The demo documents: two issuers with a year of consecutive numbers, one signed decision
with its certificates (one revoked), a former district's body retired; a second run adds
nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from lantoa.audit.models import AuditEvent
from lantoa.demo.documents import FORMER_DISTRICT, PEOPLES_COMMITTEE, seed_documents
from lantoa.demo.orgs import seed_demo
from lantoa.documents.models import Document, DocumentState, Issuer, SignatureStatus


@pytest.mark.django_db
def test_demo_documents(settings, tmp_path: Path) -> None:
    settings.DOCUMENT_SIGNERS_DIR = tmp_path / "keys"
    settings.DOCUMENT_TRUST_ROOTS_DIR = tmp_path / "roots"
    seed_demo()

    created = seed_documents()

    state = Issuer.objects.get(name=PEOPLES_COMMITTEE)
    party = Issuer.objects.get(style="party")
    former = Issuer.objects.get(name=FORMER_DISTRICT)
    assert Issuer.objects.count() == 3
    assert former.retired_at is not None and not former.documents.exists()
    assert state.retired_at is None and party.retired_at is None
    assert created == state.documents.count() + party.documents.count()
    numbers = list(state.documents.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 12
    for doc_type in ("decision", "notice"):
        party_numbers = list(
            party.documents.filter(doc_type=doc_type)
            .order_by("number")
            .values_list("number", flat=True)
        )
        assert party_numbers == list(range(1, len(party_numbers) + 1))
    signed = Document.objects.get(state=DocumentState.SIGNED)
    assert signed.certificates.count() == 6
    # One revoked on its own, with its grounds and a step of the decision.
    revoked = signed.certificates.get(revoked_at__isnull=False)
    assert (revoked.serial, revoked.recipient_name) == (5, "Đặng Văn Lực")
    assert revoked.revocation_grounds.startswith("Kiểm tra lại")
    assert AuditEvent.objects.filter(action="documents.certificate.revoked").count() == 1
    assert signed.files.get(kind="signed_pdf").signature_status == SignatureStatus.VALID

    events = AuditEvent.objects.count()
    call_command("seed_documents", stdout=io.StringIO())
    assert Document.objects.count() == created
    assert AuditEvent.objects.count() == events
