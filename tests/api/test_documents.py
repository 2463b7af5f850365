"""/api/v1/documents: the caller's documents, a document with its files, public verification."""

from __future__ import annotations

import datetime
import hashlib

import pytest

from lantoa.documents import services
from lantoa.documents.models import Document
from lantoa.documents.services import CertificateInput
from tests.api.helpers import assert_error
from tests.documents.conftest import issued_commendation

URL = "/api/v1/documents"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def issued(world) -> Document:
    return issued_commendation(
        world,
        CertificateInput("Trần Văn Bình", "Cứu người đuối nước"),
        issued_on=datetime.date(2026, 3, 5),
        recipients="Như Điều 2",
    )


def test_it_lists_the_callers_documents_only(api_as, issued) -> None:
    body = api_as("xa.mttq").get(URL).json()
    assert [item["reference"] for item in body["items"]] == ["1/QĐ-UBND"]
    assert body["items"][0]["verification_url"].endswith(f"/xac-minh/{issued.verification_id}/")

    assert api_as("xab.doan").get(URL).json()["count"] == 0
    assert_error(api_as("xab.doan").get(URL, {"issuer": issued.issuer_id}), 404, "not_found")


def test_a_document_comes_with_its_files_and_their_hashes(api_as, issued) -> None:
    client = api_as("xa.mttq")
    body = client.get(f"{URL}/{issued.pk}").json()

    assert sorted(f["kind"] for f in body["files"]) == ["docx", "pdf"]
    pdf = next(f for f in body["files"] if f["kind"] == "pdf")
    download = client.get(f"{URL}/{issued.pk}/files/{pdf['id']}")
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == pdf["sha256"]


def test_another_communes_officer_gets_404_for_the_document_and_its_files(api_as, issued):
    client = api_as("xab.doan")
    file_id = issued.files.first().pk

    assert_error(client.get(f"{URL}/{issued.pk}"), 404, "not_found")
    assert_error(client.get(f"{URL}/{issued.pk}/files/{file_id}"), 404, "not_found")


def test_verification_is_public_by_id_or_by_hash(api_client, issued) -> None:
    by_id = api_client.get(f"{URL}/verify", {"id": issued.verification_id})
    pdf = issued.files.get(kind="pdf")
    by_hash = api_client.get(f"{URL}/verify", {"sha256": pdf.sha256})

    assert by_id.status_code == 200 and by_id.json() == by_hash.json()
    body = by_id.json()
    assert body["reference"] == "1/QĐ-UBND" and body["revoked"] is False
    assert {f["sha256"] for f in body["files"]} == set(
        issued.files.filter(certificate__isnull=True).values_list("sha256", flat=True)
    )
    assert "signer_name" not in body


def test_a_certificate_verifies_with_its_holder(api_client, issued) -> None:
    certificate = issued.certificates.get()

    body = api_client.get(f"{URL}/verify", {"id": certificate.verification_id}).json()

    assert body["certificate_holder"] == "Trần Văn Bình"
    assert body["reference"] == "1/QĐ-UBND"


def test_unknown_ids_hashes_and_drafts_are_404(api_client, world, issued) -> None:
    for params in ({"id": "nope"}, {"sha256": "0" * 64}, {"sha256": "xyz"}, {}):
        assert_error(api_client.get(f"{URL}/verify", params), 404, "not_found")
    draft = services.create_draft(
        actor=world.user("xa.mttq"),
        issuer=issued.issuer,
        doc_type="notice",
        summary="Nháp",
        signer_title="Chủ tịch",
        signer_name="A",
    )
    assert_error(api_client.get(f"{URL}/verify", {"id": draft.verification_id}), 404, "not_found")


def test_the_list_needs_a_token(api_client, issued) -> None:
    assert api_client.get(URL).status_code == 401
