"""A document as blocks of lines, in their legal order, from its issued data and layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from lantoa.documents.dates import place_and_date
from lantoa.documents.models import Document


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: str = "center"  # center | left | justify
    space_before: float = 0  # points; room for the handwritten signature and the seal


@dataclass
class Block:
    name: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Page:
    spec: dict[str, Any]
    # Header cells side by side, then the title and body, then recipients (left) and
    # signature (right) side by side, then the verification line with its QR code.
    header_left: Block
    header_right: Block
    title: Block
    body: Block
    recipients: Block
    signature: Block
    verification: Block
    verification_url: str

    def blocks(self) -> list[Block]:
        """Every block in reading order: the order of both the DOCX and the PDF."""
        return [
            self.header_left,
            self.header_right,
            self.title,
            self.body,
            self.recipients,
            self.signature,
            self.verification,
        ]


def verification_url(verification_id: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}/xac-minh/{verification_id}/"


def number_line(spec: dict[str, Any], document: Document) -> str:
    return str(spec["number_format"]).format(reference=document.reference)


def symbol_for(spec: dict[str, Any], issuer_code: str) -> str:
    return str(spec["symbol_format"]).format(type=spec.get("type_code", ""), issuer=issuer_code)


def reference_for(spec: dict[str, Any], number: int, symbol: str) -> str:
    """ "12/QĐ-UBND" (state) or "45-QĐ/TU" (Party): the number and symbol as registered."""
    return str(spec["reference_format"]).format(number=number, symbol=symbol)


def document_page(document: Document) -> Page:
    assert document.layout is not None and document.issued_on is not None
    spec = document.layout.spec
    size = spec["sizes"]
    issuer = document.issuer
    left = Block("header_left")
    if issuer.parent_name:
        left.lines.append(Line(issuer.parent_name.upper(), size["parent"]))
    left.lines.append(Line(issuer.name.upper(), size["issuer"], bold=True))
    if spec.get("star"):
        left.lines.append(Line("*", size["issuer"]))
    left.lines.append(Line(number_line(spec, document), size["number"]))

    right = Block("header_right")
    for item in spec["national"]:
        right.lines.append(
            Line(
                item["text"],
                size[item["size"]],
                bold=item.get("bold", False),
                underline=item.get("underline", False),
            )
        )
    right.lines.append(
        Line(place_and_date(spec, issuer.place, document.issued_on), size["date"], italic=True)
    )

    title = Block("title")
    if spec.get("title"):
        title.lines.append(Line(spec["title"], size["title"], bold=True))
        title.lines.append(Line(document.summary, size["summary"], bold=True))
    else:
        title.lines.append(Line(f"V/v {document.summary}", size["summary"]))

    body = Block("body")
    for paragraph in document.body.split("\n"):
        if paragraph.strip():
            body.lines.append(Line(paragraph.strip(), size["body"], align="justify"))

    recipients = Block("recipients")
    if document.recipient_lines():
        recipients.lines.append(
            Line(
                spec["recipients_label"],
                size["recipients_label"],
                bold=True,
                italic=True,
                align="left",
            )
        )
        lines = document.recipient_lines()
        for index, recipient in enumerate(lines):
            end = "." if index == len(lines) - 1 else ";"
            recipients.lines.append(Line(f"- {recipient}{end}", size["recipients"], align="left"))

    signature = Block("signature")
    if document.authority:
        prefix = spec["authority"][document.authority]
        signature.lines.append(Line(f"{prefix} {document.authority_of}", size["authority"], True))
    signature.lines.append(Line(document.signer_title.upper(), size["signer_title"], bold=True))
    signature.lines.append(
        Line(document.signer_name, size["signer_name"], bold=True, space_before=64)
    )

    url = verification_url(document.verification_id)
    verification = Block(
        "verification",
        [Line(f"{spec['verification_label']}: {url}", size["verification"], align="left")],
    )
    return Page(spec, left, right, title, body, recipients, signature, verification, url)
