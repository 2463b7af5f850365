"""Certificates: merge fields, full or overlay print, one ZIP for a decision with progress,
and the QR code that leads to the verification page."""

from __future__ import annotations

import datetime
import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from lantoa.core.errors import DomainError, NotFound
from lantoa.documents import services
from lantoa.documents.models import Document, FileKind
from lantoa.documents.services import CertificateInput
from tests.documents.conftest import draft

D = datetime.date
NAMES = ["Nguyễn Văn Ân", "Trần Thị Bích Ngọc", "Lê Đức Thọ Hùng"]


@pytest.fixture
def decision(world, state_issuer) -> Document:
    leader = world.user("xa.mttq")
    document = draft(leader, state_issuer)
    services.add_certificates(
        actor=leader,
        decision=document,
        kind="giay_khen",
        rows=[
            CertificateInput(
                name, "Đã có thành tích xuất sắc trong phong trào năm 2026", "Đoàn viên"
            )
            for name in NAMES
        ],
    )
    return services.issue_document(actor=leader, document=document, issued_on=D(2026, 3, 5))


def pdf_words(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return " ".join(out.stdout.decode().split())


def test_a_decision_prints_its_certificates_in_one_zip_with_progress(world, decision, tmp_path):
    progress: list[tuple[int, int, str]] = []

    data = services.render_certificates_zip(
        actor=world.user("xa.mttq"),
        decision=decision,
        report=lambda done, total, message: progress.append((done, total, message)),
    )

    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == [f"1-qd-ubnd-{n:04d}.pdf" for n in (1, 2, 3)]
    assert [(done, total) for done, total, _ in progress] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    text = pdf_words(archive.read("1-qd-ubnd-0002.pdf"), tmp_path)
    assert "GIẤY KHEN" in text
    assert "Trần Thị Bích Ngọc" in text
    assert "Quyết định số 1/QĐ-UBND" in text
    assert "Hàm Thuận, ngày 05 tháng 3 năm 2026" in text


def test_the_certificate_files_are_kept_and_their_hashes_never_change(world, decision):
    leader = world.user("xa.mttq")
    first = zipfile.ZipFile(
        io.BytesIO(services.render_certificates_zip(actor=leader, decision=decision))
    )
    second = zipfile.ZipFile(
        io.BytesIO(services.render_certificates_zip(actor=leader, decision=decision))
    )

    stored = decision.files.filter(kind=FileKind.CERTIFICATE_PDF)
    assert stored.count() == 3
    for name in first.namelist():
        assert first.read(name) == second.read(name)
        assert stored.filter(sha256=hashlib.sha256(first.read(name)).hexdigest()).exists()


def test_the_overlay_prints_only_the_merge_fields(world, decision, tmp_path) -> None:
    data = services.render_certificates_zip(
        actor=world.user("xa.mttq"), decision=decision, mode="overlay"
    )

    text = pdf_words(zipfile.ZipFile(io.BytesIO(data)).read("1-qd-ubnd-0001.pdf"), tmp_path)
    assert "Nguyễn Văn Ân" in text
    assert "GIẤY KHEN" not in text and "CỘNG HÒA" not in text
    assert not decision.files.filter(kind=FileKind.CERTIFICATE_PDF).exists()


def test_the_qr_code_on_a_certificate_opens_its_verification_page(
    world, decision, client, tmp_path
):
    data = services.render_certificates_zip(actor=world.user("xa.mttq"), decision=decision)
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(zipfile.ZipFile(io.BytesIO(data)).read("1-qd-ubnd-0001.pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)

    codes = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("page*.png"))))

    assert len(codes) == 1
    url = codes[0].text
    certificate = decision.certificates.get(serial=1)
    assert url == f"https://lantoa.example.vn/xac-minh/{certificate.verification_id}/"
    page = client.get(url.removeprefix("https://lantoa.example.vn"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nguyễn Văn Ân" in body and "1/QĐ-UBND" in body
    assert "Trần Thị Bích Ngọc" not in body  # another holder's name is not on this page


def test_certificates_are_added_only_to_a_draft_decision(world, decision, state_issuer) -> None:
    leader = world.user("xa.mttq")
    row = [CertificateInput("Ai Đó", "Thành tích")]
    with pytest.raises(DomainError) as error:
        services.add_certificates(actor=leader, decision=decision, kind="giay_khen", rows=row)
    assert error.value.code == "frozen"

    notice = draft(leader, state_issuer, "notice")
    with pytest.raises(DomainError):
        services.add_certificates(actor=leader, decision=notice, kind="giay_khen", rows=row)


def test_one_invalid_row_refuses_the_whole_list(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    document = draft(leader, state_issuer)
    rows = [CertificateInput("Ai Đó", "Thành tích"), CertificateInput("  ", "Thành tích")]

    with pytest.raises(DomainError) as error:
        services.add_certificates(actor=leader, decision=document, kind="giay_khen", rows=rows)

    assert "2" in str(error.value.message)
    assert not document.certificates.exists()


def test_another_communes_officer_cannot_print_them(world, decision) -> None:
    with pytest.raises(NotFound):
        services.render_certificates_zip(actor=world.user("xab.doan"), decision=decision)


def test_a_draft_decision_has_nothing_to_print(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    with pytest.raises(DomainError) as error:
        services.render_certificates_zip(actor=leader, decision=draft(leader, state_issuer))
    assert error.value.code == "not_issued"
