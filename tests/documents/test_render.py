"""Layouts as data: the DOCX read back with python-docx, and the PDF's text equal to the
DOCX's block by block."""

from __future__ import annotations

import datetime
import io
import subprocess
import unicodedata

import docx
import pytest
from docx.oxml.ns import qn

from lantoa.documents import services
from lantoa.documents.dates import place_and_date
from lantoa.documents.layouts import spec_for
from lantoa.documents.models import Document, FileKind, Layout
from tests.documents.conftest import draft

D = datetime.date


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def read_docx(document: Document) -> docx.document.Document:
    stored = document.files.get(kind=FileKind.DOCX)
    with stored.file.open("rb") as handle:
        return docx.Document(io.BytesIO(handle.read()))


def pdf_text(document: Document) -> str:
    stored = document.files.get(kind=FileKind.PDF, certificate__isnull=True)
    # -raw keeps the order in which the text was drawn: the order of the blocks.
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", stored.file.path, "-"],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def docx_blocks(doc: docx.document.Document) -> dict[str, str]:
    """The blocks by their place: header cells, title and body paragraphs, recipients and
    signature cells, the verification line."""
    header, footer = doc.tables
    paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]
    verification = paragraphs[-1]
    title_and_body = paragraphs[:-1]
    return {
        "header_left": "\n".join(p.text for p in header.cell(0, 0).paragraphs),
        "header_right": "\n".join(p.text for p in header.cell(0, 1).paragraphs),
        "title": "\n".join(title_and_body[:2]),
        "body": "\n".join(title_and_body[2:]),
        "recipients": "\n".join(p.text for p in footer.cell(0, 0).paragraphs),
        "signature": "\n".join(p.text for p in footer.cell(0, 1).paragraphs),
        "verification": verification,
    }


@pytest.fixture
def issued(world, state_issuer) -> Document:
    leader = world.user("xa.mttq")
    document = draft(leader, state_issuer)
    return services.issue_document(actor=leader, document=document, issued_on=D(2026, 3, 5))


def test_the_docx_is_a4_with_the_legal_margins_in_times_new_roman(issued) -> None:
    doc = read_docx(issued)
    section = doc.sections[0]

    def mm(length) -> float:
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(section.top_margin), mm(section.bottom_margin)] == [20, 20]
    assert [mm(section.left_margin), mm(section.right_margin)] == [30, 15]
    runs = [run for p in doc.paragraphs for run in p.runs]
    runs += [run for t in doc.tables for c in t._cells for p in c.paragraphs for run in p.runs]
    runs = [run for run in runs if run.text]
    assert len(runs) > 10
    for run in runs:
        fonts = run.element.rPr.find(qn("w:rFonts"))
        slots = [fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")]
        assert slots == ["Times New Roman"] * 4, run.text
    sizes = {run.text: run.font.size.pt for run in runs}
    # Decree 30, appendix I: national title 12–13, motto 13–14, number 13, body 13–14,
    # recipients 11; the verification line is ours (10).
    assert sizes["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == 12
    assert sizes["Độc lập - Tự do - Hạnh phúc"] == 13
    assert sizes["Số: 1/QĐ-UBND"] == 13
    assert sizes["QUYẾT ĐỊNH"] == 14
    assert sizes["- Lưu: VT."] == 11
    assert {size for text, size in sizes.items() if text.startswith("Điều")} == {14}


def test_the_state_header_holds_its_blocks_in_legal_order(issued) -> None:
    blocks = docx_blocks(read_docx(issued))

    assert blocks["header_left"].split("\n") == [
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG",
        "ỦY BAN NHÂN DÂN XÃ HÀM THUẬN",
        "Số: 1/QĐ-UBND",
    ]
    assert blocks["header_right"].split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hàm Thuận, ngày 05 tháng 3 năm 2026",
    ]
    assert blocks["title"].startswith("QUYẾT ĐỊNH\nVề việc khen thưởng")
    assert blocks["signature"].split("\n") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Thị Ấn"]
    assert blocks["recipients"].split("\n") == ["Nơi nhận:", "- Như Điều 2;", "- Lưu: VT."]
    assert issued.verification_id in blocks["verification"]


def test_the_party_header_has_the_party_title_the_star_and_its_number_form(
    world, party_issuer, party_leader
) -> None:
    document = draft(party_leader, party_issuer, authority_of="BAN THƯỜNG VỤ")
    document = services.issue_document(
        actor=party_leader, document=document, issued_on=D(2026, 11, 20)
    )
    blocks = docx_blocks(read_docx(document))

    assert blocks["header_left"].split("\n") == [
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
        "TỈNH ỦY LÂM ĐỒNG",
        "*",
        "Số 1-QĐ/TU",
    ]
    assert blocks["header_right"].split("\n") == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Lâm Đồng, ngày 20 tháng 11 năm 2026",
    ]
    assert blocks["signature"].startswith("T/M BAN THƯỜNG VỤ")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 5), "X, ngày 05 tháng 3 năm 2026"),
        (D(2026, 1, 9), "X, ngày 09 tháng 01 năm 2026"),
        (D(2026, 2, 10), "X, ngày 10 tháng 02 năm 2026"),
        (D(2026, 12, 25), "X, ngày 25 tháng 12 năm 2026"),
    ],
)
def test_decree_30_pads_days_one_to_nine_and_months_one_and_two(day, expected) -> None:
    assert place_and_date(spec_for("decision", "state"), "X", day) == expected


def test_a_style_without_padding_writes_the_plain_numbers() -> None:
    spec = spec_for("decision", "state")
    spec["date"] = {**spec["date"], "pad_day_below": 0, "pad_month_below": 0}

    assert place_and_date(spec, "X", D(2026, 3, 5)) == "X, ngày 5 tháng 3 năm 2026"


def test_the_pdf_carries_the_docx_text_block_by_block(issued) -> None:
    blocks = docx_blocks(read_docx(issued))
    pdf_words = words(pdf_text(issued))

    position = 0
    for name, text in blocks.items():
        expected = words(text)
        assert pdf_words[position : position + len(expected)] == expected, name
        position += len(expected)
    assert position == len(pdf_words)
    assert "Ấn" in pdf_words and "THUẬN" in pdf_words


def test_a_new_layout_version_applies_to_new_documents_only(world, state_issuer) -> None:
    leader = world.user("xa.mttq")
    first = services.issue_document(
        actor=leader, document=draft(leader, state_issuer), issued_on=D(2026, 3, 5)
    )
    spec = spec_for("decision", "state")
    spec["national"][1]["text"] = "Độc lập – Tự do – Hạnh phúc"
    Layout.objects.create(doc_type="decision", style="state", version=2, spec=spec)
    second = services.issue_document(
        actor=leader, document=draft(leader, state_issuer), issued_on=D(2026, 3, 6)
    )

    first.refresh_from_db()
    assert (first.layout.version, second.layout.version) == (1, 2)
    assert "Độc lập – Tự do" in docx_blocks(read_docx(second))["header_right"]
    assert "Độc lập - Tự do" in docx_blocks(read_docx(first))["header_right"]


def test_rendering_a_pdf_leaves_pillows_truncated_image_guard_on() -> None:
    from PIL import ImageFile

    from lantoa.documents.render.pdf import html_to_pdf

    assert html_to_pdf("<p>Xin chào</p>").startswith(b"%PDF-")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
