"""The documents pages: drafting, issuing, revoking, uploading a signature, the register."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.documents import services
from lantoa.documents.models import Document, DocumentState
from lantoa.documents.services import create_issuer

D = datetime.date


@pytest.fixture
def issuer(world):
    return create_issuer(
        actor=world.user("quantri"),
        org=world.front_a,
        name="Ủy ban nhân dân xã Hàm Thuận",
        parent_name="Ủy ban nhân dân tỉnh Lâm Đồng",
        code="UBND",
        style="state",
        place="Hàm Thuận",
    )


def issued(world, issuer, summary: str, day: datetime.date, doc_type: str = "decision") -> Document:
    leader = world.user("xa.mttq")
    document = services.create_draft(
        actor=leader,
        issuer=issuer,
        doc_type=doc_type,
        summary=summary,
        signer_title="Chủ tịch",
        signer_name="Nguyễn Thị Ấn",
    )
    return services.issue_document(actor=leader, document=document, issued_on=day)


DRAFT = {
    "doc_type": "decision",
    "summary": "Về việc tặng Giấy khen",
    "body": "Điều 1. Tặng Giấy khen.",
    "authority": "tm",
    "authority_of": "ỦY BAN NHÂN DÂN",
    "signer_title": "Chủ tịch",
    "signer_name": "Nguyễn Thị Ấn",
    "recipients": "Như Điều 2\nLưu: VT",
    "certificate_kind": "giay_khen",
    "certificates": (
        "Trần Văn Bình | Đoàn viên | Cứu người đuối nước\nLê Thị Cúc | Nhặt được của rơi"
    ),
}


def test_a_leader_drafts_issues_and_revokes_through_the_pages(login, world, issuer) -> None:
    client = login("xa.mttq")

    response = client.post(reverse("staff:document_new", args=[issuer.pk]), DRAFT)

    document = Document.objects.get()
    assert response["Location"] == reverse("staff:document_detail", args=[document.pk])
    assert [c.recipient_name for c in document.certificates.all()] == [
        "Trần Văn Bình",
        "Lê Thị Cúc",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Issue" in page or "Ban hành" in page

    client.post(reverse("staff:document_action", args=[document.pk, "issue"]))
    document.refresh_from_db()
    assert document.state == DocumentState.ISSUED and document.reference == "1/QĐ-UBND"

    again = client.post(reverse("staff:document_action", args=[document.pk, "issue"]))
    assert again.status_code == 400
    assert Document.objects.get(pk=document.pk).number == 1

    client.post(
        reverse("staff:document_action", args=[document.pk, "revoke"]), {"grounds": "Sai tên"}
    )
    document.refresh_from_db()
    assert document.state == DocumentState.REVOKED and document.revocation_grounds == "Sai tên"


def test_a_bad_draft_keeps_what_was_typed_and_saves_nothing(login, world, issuer) -> None:
    client = login("xa.mttq")
    data = {**DRAFT, "certificates": "Chỉ có tên", "summary": "Giữ lại điều này"}

    response = client.post(reverse("staff:document_new", args=[issuer.pk]), data)

    assert response.status_code == 200
    assert "Giữ lại điều này" in response.content.decode()
    assert not Document.objects.exists()


def test_certificates_on_a_notice_are_refused(login, world, issuer) -> None:
    client = login("xa.mttq")

    response = client.post(
        reverse("staff:document_new", args=[issuer.pk]), {**DRAFT, "doc_type": "notice"}
    )

    assert response.status_code == 200
    assert not Document.objects.exists()


def test_an_unsigned_upload_is_refused_on_the_page(login, world, issuer) -> None:
    document = issued(world, issuer, "Về việc A", D(2026, 1, 5))
    client = login("xa.mttq")
    upload = SimpleUploadedFile("signed.pdf", document.files.get(kind="pdf").file.read())

    response = client.post(
        reverse("staff:document_action", args=[document.pk, "attach_signed"]), {"signed": upload}
    )

    assert response.status_code == 400
    assert Document.objects.get(pk=document.pk).state == DocumentState.ISSUED


def test_the_register_filters_and_exports_what_it_shows(login, world, issuer) -> None:
    issued(world, issuer, "Về việc khen thưởng năm 2025", D(2025, 12, 30))
    issued(world, issuer, "Về việc khen thưởng quý I", D(2026, 3, 1))
    issued(world, issuer, "Thông báo lịch họp", D(2026, 3, 2), doc_type="notice")
    client = login("xa.mttq")
    url = reverse("staff:issuer_register", args=[issuer.pk])

    page = client.get(url, {"year": 2026, "doc_type": "decision"}).content.decode()
    assert "Về việc khen thưởng quý I" in page
    assert "năm 2025" not in page and "lịch họp" not in page

    export = client.get(reverse("staff:issuer_register_export", args=[issuer.pk]), {"year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [(1, "1/QĐ-UBND"), (2, "2/TB-UBND")]


def test_the_register_page_does_not_query_per_row(
    login, world, issuer, django_assert_max_num_queries
) -> None:
    for day in range(1, 11):
        issued(world, issuer, f"Văn bản {day}", D(2026, 4, day))
    client = login("xa.mttq")

    with django_assert_max_num_queries(12):
        response = client.get(reverse("staff:issuer_register", args=[issuer.pk]))

    assert response.content.decode().count("/QĐ-UBND") >= 10


def test_an_oversized_upload_is_refused_before_it_is_read(login, world, issuer, monkeypatch):
    from lantoa.staff.forms import documents as forms_documents

    monkeypatch.setattr(forms_documents, "MAX_SIGNED_BYTES", 10)
    document = issued(world, issuer, "Về việc B", D(2026, 1, 6))
    client = login("xa.mttq")
    upload = SimpleUploadedFile("signed.pdf", b"%PDF-1.7 more than ten bytes")

    response = client.post(
        reverse("staff:document_action", args=[document.pk, "attach_signed"]), {"signed": upload}
    )

    assert response.status_code == 400
    assert not document.files.filter(kind="signed_pdf").exists()
