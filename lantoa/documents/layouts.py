"""The layouts the system starts with (version 1 of each type and style, seeded by a
migration). Everything here is data a system admin can change in a new version.

The words printed on documents are the legal Vietnamese forms, whatever the reader's
language: they are layout data, not interface text, so they are not translated.

Keys of a spec:
- `page`: A4 size and margins in mm (Decree 30 appendix I: top and bottom 20–25, left 30–35,
  right 15–20).
- `font` and `sizes` (points) of every kind of line.
- `national`: the lines of the right header cell above the date (national title and motto,
  or "ĐẢNG CỘNG SẢN VIỆT NAM"); `star`: the Party's "*" under the issuing body.
- `number_format`, `reference_format`, `symbol_format`, `type_code`: "Số: {reference}",
  "{number}/{symbol}" and "{type}-{issuer}" give "Số: 12/QĐ-UBND"; the Party writes
  "Số {reference}", "{number}-{symbol}" and "{type}/{issuer}": "Số 45-QĐ/TU".
- `date`: the format and which day and month numbers get a leading zero (Decree 30: days
  1–9 and months 1–2, "ngày 05 tháng 3 năm 2026").
- `authority`: the prefix of each authority formula (TM., KT., … or T/M, K/T, … for the Party).
- `title`: the type's name over the summary (empty for an official letter, whose summary
  starts with "V/v").
"""

from __future__ import annotations

import copy
from typing import Any

STATE_STYLE, PARTY_STYLE, MASS_STYLE = "state", "party", "mass"

PAGE = {
    "width_mm": 210,
    "height_mm": 297,
    "margins_mm": {"top": 20, "bottom": 20, "left": 30, "right": 15},
}
SIZES = {
    "national": 12,
    "motto": 13,
    "parent": 12,
    "issuer": 12,
    "number": 13,
    "date": 13,
    "title": 14,
    "summary": 14,
    "body": 14,
    "authority": 13,
    "signer_title": 13,
    "signer_name": 13,
    "recipients_label": 12,
    "recipients": 11,
    "verification": 10,
}
DATE = {
    "format": "{place}, ngày {day} tháng {month} năm {year}",
    "pad_day_below": 10,
    "pad_month_below": 3,
}
NATIONAL = [
    {"text": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "size": "national", "bold": True},
    {"text": "Độc lập - Tự do - Hạnh phúc", "size": "motto", "bold": True, "underline": True},
]
PARTY_NATIONAL = [
    {"text": "ĐẢNG CỘNG SẢN VIỆT NAM", "size": "motto", "bold": True, "underline": True},
]
AUTHORITY_STATE = {"tm": "TM.", "kt": "KT.", "tl": "TL.", "tuq": "TUQ."}
AUTHORITY_PARTY = {"tm": "T/M", "kt": "K/T", "tl": "T/L", "tuq": "T/UQ"}

TYPES: dict[str, dict[str, str]] = {
    "decision": {"type_code": "QĐ", "title": "QUYẾT ĐỊNH"},
    "notice": {"type_code": "TB", "title": "THÔNG BÁO"},
    "report": {"type_code": "BC", "title": "BÁO CÁO"},
    "plan": {"type_code": "KH", "title": "KẾ HOẠCH"},
    "memo": {"type_code": "CV", "title": ""},
    "minutes": {"type_code": "BB", "title": "BIÊN BẢN"},
}

CERTIFICATE: dict[str, Any] = {
    "page": {
        "width_mm": 297,
        "height_mm": 210,
        "margins_mm": {"top": 15, "bottom": 15, "left": 20, "right": 20},
    },
    "font": "Times New Roman",
    "titles": {"giay_khen": "GIẤY KHEN", "bang_khen": "BẰNG KHEN"},
    "awarded_to": "Tặng",
    "decision_line": "Quyết định số {reference}",
    "sizes": {"header": 14, "title": 36, "name": 24, "text": 16, "small": 12},
    "date": DATE,
    # Where each merge field is printed on pre-printed paper (overlay), in mm from the
    # top-left corner of the sheet.
    "overlay_mm": {
        "recipient_name": [60, 95],
        "recipient_title": [60, 110],
        "achievement": [60, 122],
        "place_date": [150, 160],
        "signer_name": [170, 190],
        "reference": [30, 190],
    },
}


def spec_for(doc_type: str, style: str) -> dict[str, Any]:
    """Version 1 of the layout of `doc_type` in `style`."""
    if doc_type == "certificate":
        return copy.deepcopy(CERTIFICATE)
    party = style == PARTY_STYLE
    spec: dict[str, Any] = {
        "page": copy.deepcopy(PAGE),
        "font": "Times New Roman",
        "sizes": dict(SIZES),
        "national": copy.deepcopy(PARTY_NATIONAL if party else NATIONAL),
        "star": party,
        "number_format": "Số {reference}" if party else "Số: {reference}",
        "reference_format": "{number}-{symbol}" if party else "{number}/{symbol}",
        "symbol_format": "{type}/{issuer}" if party else "{type}-{issuer}",
        "date": dict(DATE),
        "authority": dict(AUTHORITY_PARTY if party else AUTHORITY_STATE),
        "recipients_label": "Nơi nhận:",
        "verification_label": "Xác minh văn bản",
        **TYPES[doc_type],
    }
    if doc_type == "memo" and not party:
        spec["symbol_format"] = "{issuer}"  # a state official letter: "Số: 12/UBND"
    return spec


def all_defaults() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (doc_type, style, spec_for(doc_type, style))
        for doc_type in [*TYPES, "certificate"]
        for style in (STATE_STYLE, PARTY_STYLE, MASS_STYLE)
    ]


def seed_defaults(layout_model: Any) -> None:
    """Version 1 of every layout, where missing. Takes the model class so that the data
    migration can pass its historical model."""
    for doc_type, style, spec in all_defaults():
        layout_model.objects.get_or_create(
            doc_type=doc_type,
            style=style,
            version=1,
            defaults={"spec": spec, "note": "Initial layout"},
        )
