"""The documents pages added last: revoking one certificate of a decision, and recording a
paper document of a body outside the system."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.documents import services
from lantoa.documents.models import Document, DocumentState, FileKind
from lantoa.documents.services import CertificateInput, create_issuer
from tests.documents.conftest import issued_commendation

D = datetime.date
SCAN = b"%PDF-1.4\n% a scanned page\n%%EOF\n"


@pytest.fixture
def decision(world) -> Document:
    return issued_commendation(
        world,
        CertificateInput("Trần Văn Bình", "Cứu người đuối nước"),
        CertificateInput("Lê Thị Cúc", "Nhặt được của rơi"),
        issued_on=D(2026, 3, 5),
    )


def revoke_url(decision: Document, serial: int) -> str:
    certificate = decision.certificates.get(serial=serial)
    return reverse("staff:certificate_revoke", args=[decision.pk, certificate.pk])


def test_a_leader_revokes_one_certificate_from_the_decisions_page(login, decision) -> None:
    client = login("xa.mttq")
    page = client.get(reverse("staff:document_detail", args=[decision.pk])).content.decode()
    assert "Thu hồi giấy khen này" in page
    certificate = decision.certificates.get(serial=2)

    response = client.post(revoke_url(decision, 2), {f"c{certificate.pk}-grounds": "Khai man"})

    assert response["Location"] == reverse("staff:document_detail", args=[decision.pk])
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revocation_grounds == "Khai man"
    assert decision.certificates.get(serial=1).revoked_at is None
    assert Document.objects.get(pk=decision.pk).state == DocumentState.ISSUED
    page = client.get(response["Location"]).content.decode()
    assert "Đã thu hồi giấy khen số 2 (Lê Thị Cúc)." in page
    assert "Khai man" in page and page.count("Thu hồi giấy khen này") == 2  # summary + button


def test_revoking_twice_answers_400_and_keeps_the_first_grounds(login, decision) -> None:
    client = login("xa.mttq")
    certificate = decision.certificates.get(serial=1)
    field = f"c{certificate.pk}-grounds"
    client.post(revoke_url(decision, 1), {field: "Lần đầu"})

    again = client.post(revoke_url(decision, 1), {field: "Lần hai"})

    assert again.status_code == 400
    assert "Giấy khen này đã bị thu hồi trước đó." in again.content.decode()
    certificate.refresh_from_db()
    assert certificate.revocation_grounds == "Lần đầu"
    assert AuditEvent.objects.filter(action="documents.certificate.revoked").count() == 1


def test_empty_grounds_answer_400_and_revoke_nothing(login, decision) -> None:
    response = login("xa.mttq").post(revoke_url(decision, 1), {})

    assert response.status_code == 400
    assert "Hãy nêu lý do thu hồi." in response.content.decode()
    assert not decision.certificates.filter(revoked_at__isnull=False).exists()


def test_an_org_admin_who_reads_the_decision_may_not_revoke(login, decision) -> None:
    client = login("xa.quantri")
    page = client.get(reverse("staff:document_detail", args=[decision.pk])).content.decode()
    assert "Thu hồi giấy khen này" not in page
    certificate = decision.certificates.get(serial=1)

    response = client.post(revoke_url(decision, 1), {f"c{certificate.pk}-grounds": "X"})

    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_another_communes_officer_and_a_foreign_certificate_are_not_found(
    login, world, decision
) -> None:
    certificate = decision.certificates.get(serial=1)
    field = {f"c{certificate.pk}-grounds": "X"}
    assert login("xab.doan").post(revoke_url(decision, 1), field).status_code == 404

    other = services.create_draft(
        actor=world.user("xa.mttq"),
        issuer=decision.issuer,
        doc_type="notice",
        summary="Thông báo",
        signer_title="Chủ tịch",
        signer_name="Nguyễn Thị Ấn",
    )
    # The certificate through another document's address: not found either.
    url = reverse("staff:certificate_revoke", args=[other.pk, certificate.pk])
    assert login("xa.mttq").post(url, field).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# Recording a paper document of a body outside the system.


@pytest.fixture
def external(world):
    return create_issuer(
        actor=world.user("quantri"),
        org=world.front_a,
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
        code="UBND",
        style="state",
        place="Lâm Đồng",
        external=True,
    )


def record_data(**changes) -> dict:
    return {
        "doc_type": "decision",
        "number": "1520",
        "symbol": "QĐ-UBND",
        "issued_on": "2026-06-01",
        "summary": "Về việc tặng Bằng khen cho gương người tốt",
        "signer_title": "Chủ tịch",
        "signer_name": "Hồ Văn Mười",
        "scan": SimpleUploadedFile("scan.pdf", SCAN, content_type="application/pdf"),
        **changes,
    }


def test_a_verifier_records_a_paper_decision_with_its_scan(login, external) -> None:
    client = login("xa.mttq")
    register = client.get(reverse("staff:issuer_register", args=[external.pk])).content.decode()
    assert "Ghi nhận văn bản giấy" in register and "Dự thảo mới" not in register
    url = reverse("staff:document_record", args=[external.pk])
    assert "Bản quét (PDF)" in client.get(url).content.decode()

    response = client.post(url, record_data())

    document = Document.objects.get()
    assert response["Location"] == reverse("staff:document_detail", args=[document.pk])
    assert document.recorded and document.reference == "1520/QĐ-UBND"
    assert document.issued_on == D(2026, 6, 1) and document.signer_name == "Hồ Văn Mười"
    assert document.files.get().kind == FileKind.SCAN
    assert AuditEvent.objects.filter(action="documents.document.recorded").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi văn bản 1520/QĐ-UBND vào sổ." in page


def test_the_same_number_twice_is_refused_and_keeps_what_was_typed(login, external) -> None:
    client = login("xa.mttq")
    url = reverse("staff:document_record", args=[external.pk])
    client.post(url, record_data())

    again = client.post(url, record_data(summary="Bấm gửi lần hai"))

    assert again.status_code == 200
    body = again.content.decode()
    assert "Số này đã có trong sổ." in body
    assert "Bấm gửi lần hai" in body
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": "0"}, "number"),
        ({"symbol": ""}, "symbol"),
        ({"issued_on": "31/02/2026"}, "issued_on"),
        ({"scan": SimpleUploadedFile("scan.pdf", b"not a pdf at all")}, None),
        ({"scan": ""}, "scan"),
    ],
)
def test_invalid_input_saves_nothing(login, external, changes, field) -> None:
    response = login("xa.mttq").post(
        reverse("staff:document_record", args=[external.pk]), record_data(**changes)
    )

    assert response.status_code == 200
    assert "Về việc tặng Bằng khen cho gương người tốt" in response.content.decode()
    if field:
        assert response.context["form"].errors[field]
    else:
        assert response.context["form"].non_field_errors()
    assert not Document.objects.exists()


def test_an_issuer_in_the_system_has_no_record_form(login, decision) -> None:
    url = reverse("staff:document_record", args=[decision.issuer.pk])
    assert login("xa.mttq").get(url).status_code == 404


@pytest.mark.parametrize("username", ["xa.quantri", "xab.doan", "bao.bientap"])
def test_who_may_not_record_gets_not_found_and_saves_nothing(login, external, username) -> None:
    client = login(username)
    url = reverse("staff:document_record", args=[external.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, record_data()).status_code == 404
    assert not Document.objects.exists()
