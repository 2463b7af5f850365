"""Signing: with the organisation's configured key, by uploading a PDF signed outside, and
what the verification page says about each file."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from lantoa.core.errors import DomainError, NotFound
from lantoa.documents import services
from lantoa.documents.demo_pki import Pair, issue_cert, make_ca, write_root
from lantoa.documents.models import Document, DocumentState, FileKind, SignatureStatus
from lantoa.documents.signatures import check_pdf
from tests.documents.conftest import draft

D = datetime.date


@pytest.fixture
def ca() -> Pair:
    return make_ca()


@pytest.fixture
def pki(settings, tmp_path: Path, ca: Pair) -> Pair:
    """The organisation key "xa-ham-thuan" under DOCUMENT_SIGNERS_DIR, the CA trusted."""
    org = issue_cert(ca, "UBND xa Ham Thuan")
    org.write(tmp_path / "signers" / "xa-ham-thuan", chain=[ca.cert])
    settings.DOCUMENT_SIGNERS_DIR = tmp_path / "signers"
    settings.DOCUMENT_TRUST_ROOTS_DIR = write_root(ca, tmp_path / "roots")
    return org


@pytest.fixture
def issued(world, state_issuer) -> Document:
    state_issuer.signing_key = "xa-ham-thuan"
    state_issuer.save()
    leader = world.user("xa.mttq")
    return services.issue_document(
        actor=leader, document=draft(leader, state_issuer), issued_on=D(2026, 3, 5)
    )


def issued_pdf(document: Document) -> bytes:
    with document.files.get(kind=FileKind.PDF).file.open("rb") as handle:
        return handle.read()


def sign_outside(data: bytes, pair: Pair, tmp_path: Path) -> bytes:
    """What a signer's own token would do, outside the system."""
    folder = pair.write(tmp_path / "person")
    signer = signers.SimpleSigner.load(str(folder / "key.pem"), str(folder / "cert.pem"))
    out = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(data)),
        signers.PdfSignatureMetadata(field_name="Person"),
        signer=signer,
    )
    return out.getvalue()


def flip_one_byte(data: bytes) -> bytes:
    # A byte of the issued content (the binary comment after the header), inside the
    # signed range: the file still parses, its digest no longer matches.
    index = 10
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def test_the_server_signs_with_the_configured_organisation_key(world, pki, issued) -> None:
    document = services.sign_document(actor=world.user("xa.mttq"), document=issued)

    assert document.state == DocumentState.SIGNED
    signed = document.files.get(kind=FileKind.SIGNED_PDF)
    assert signed.signature_status == SignatureStatus.VALID
    assert signed.signature_detail["bottom_line"] is True
    assert "UBND xa Ham Thuan" in signed.signature_detail["signer"]
    assert document.steps.filter(action="sign").exists()


def test_without_a_configured_key_the_server_does_not_sign(world, settings, issued) -> None:
    settings.DOCUMENT_SIGNERS_DIR = None

    with pytest.raises(DomainError) as error:
        services.sign_document(actor=world.user("xa.mttq"), document=issued)

    assert error.value.code == "no_key"
    assert Document.objects.get(pk=issued.pk).state == DocumentState.ISSUED


def test_a_pdf_signed_outside_with_the_test_ca_validates(world, pki, ca, issued, tmp_path):
    signed = sign_outside(issued_pdf(issued), issue_cert(ca, "Nguyen Thi An"), tmp_path)

    stored = services.attach_signed_pdf(actor=world.user("xa.mttq"), document=issued, data=signed)

    assert stored.signature_status == SignatureStatus.VALID
    assert stored.signature_detail["bottom_line"] is True
    assert stored.signature_detail["matches_issued"] is True
    assert Document.objects.get(pk=issued.pk).state == DocumentState.SIGNED


def test_one_altered_byte_fails_and_the_document_stays_issued(
    world, pki, ca, issued, tmp_path, client
) -> None:
    signed = sign_outside(issued_pdf(issued), issue_cert(ca, "Nguyen Thi An"), tmp_path)
    altered = flip_one_byte(signed)

    assert check_pdf(signed).detail["bottom_line"] is True
    assert check_pdf(altered).detail.get("bottom_line") is not True
    stored = services.attach_signed_pdf(actor=world.user("xa.mttq"), document=issued, data=altered)

    assert stored.signature_status == SignatureStatus.INVALID
    assert Document.objects.get(pk=issued.pk).state == DocumentState.ISSUED
    page = client.get(f"/xac-minh/{issued.verification_id}/").content.decode()
    row = next(line for line in page.splitlines() if stored.sha256 in line)
    assert "sig-invalid" in row


def test_a_signature_from_an_unknown_ca_is_intact_but_not_trusted(world, pki, issued, tmp_path):
    stranger = issue_cert(make_ca("Other CA"), "Someone")
    signed = sign_outside(issued_pdf(issued), stranger, tmp_path)

    stored = services.attach_signed_pdf(actor=world.user("xa.mttq"), document=issued, data=signed)

    assert stored.signature_status == SignatureStatus.UNTRUSTED
    assert Document.objects.get(pk=issued.pk).state == DocumentState.ISSUED


def test_an_unsigned_pdf_or_another_file_is_refused(world, pki, issued) -> None:
    leader = world.user("xa.mttq")
    for data in (issued_pdf(issued), b"PK\x03\x04 not a pdf"):
        with pytest.raises(DomainError):
            services.attach_signed_pdf(actor=leader, document=issued, data=data)
    assert not issued.files.filter(kind=FileKind.SIGNED_PDF).exists()


def test_a_second_signing_is_refused(world, pki, issued) -> None:
    leader = world.user("xa.mttq")
    services.sign_document(actor=leader, document=issued)

    with pytest.raises(DomainError) as error:
        services.sign_document(actor=leader, document=issued)

    assert error.value.code == "invalid_transition"
    assert issued.files.filter(kind=FileKind.SIGNED_PDF).count() == 1


def test_only_a_leader_in_reach_signs(world, pki, issued) -> None:
    with pytest.raises(NotFound):
        services.sign_document(actor=world.user("xab.doan"), document=issued)
    with pytest.raises(NotFound):
        services.sign_document(actor=world.user("xa.doan"), document=issued)
    with pytest.raises(DomainError) as error:
        services.sign_document(actor=world.user("xa.quantri"), document=issued)
    assert error.value.code == "forbidden"
