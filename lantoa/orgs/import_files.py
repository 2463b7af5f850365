"""Member import files: the columns, reading an XLSX or CSV file into rows of cells, the
templates offered for download, and the errors that refuse a file.

Used by `lantoa.orgs.imports`, which checks the rows and writes the members.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lantoa.core.errors import DomainError
from lantoa.core.text import fold

# Columns: canonical key → accepted headers (compared folded: no case, no diacritics, "_" and
# "-" read as spaces). The first alias is the Vietnamese header of the template.
COLUMNS: dict[str, tuple[str, ...]] = {
    "username": ("Tên đăng nhập", "username", "user name", "tài khoản", "login"),
    "full_name": ("Họ và tên", "full_name", "full name", "họ tên", "name"),
    "email": ("Email", "e-mail", "thư điện tử", "địa chỉ email"),
    "phone": ("Số điện thoại", "phone", "điện thoại", "sđt", "phone number"),
    "role": ("Vai trò", "role"),
    "title": ("Chức vụ", "title", "position"),
    "organisation": ("Tổ chức", "organisation", "organization", "đơn vị", "cơ quan"),
}

MAX_COLUMNS = 40  # cells read per row; a real member sheet has a handful

# A workbook is a zip; refuse one that would inflate far beyond a member list (zip bomb).
MAX_XLSX_INFLATED_BYTES = 50 * 1024 * 1024

TEMPLATE_HEADERS = [aliases[0] for aliases in COLUMNS.values()]
TEMPLATE_ROWS = [
    [
        "nguyen.van.an",
        "Nguyễn Văn An",
        "an.nguyen@example.vn",
        "0912345678",
        "Báo cáo viên",
        "Phó Bí thư Đoàn xã",
        "",
    ],
    [
        "tran.thi.binh",
        "Trần Thị Bình",
        "binh.tran@example.vn",
        "0987654321",
        "Xác minh",
        "Ủy viên Ban Thường trực",
        "",
    ],
]
# The labels offered by the template's drop-down list.
TEMPLATE_ROLE_LABELS = ("Báo cáo viên", "Xác minh", "Lãnh đạo", "Biên tập", "Quản trị tổ chức")


@dataclass(frozen=True)
class RowError:
    """One problem: spreadsheet row number (the header is row 1), header as in the file."""

    row: int
    column: str
    message: str


class ImportFailed(DomainError):
    """Nothing was imported. `errors` lists every problem by row and column; it is empty when
    the file as a whole was refused (too large, not a spreadsheet…), and `message` says why."""

    code = "import_failed"

    def __init__(self, *, errors: list[RowError], message: str = "") -> None:
        if not message:
            message = ngettext(
                "%(count)d error was found; nothing was imported.",
                "%(count)d errors were found; nothing was imported.",
                len(errors),
            ) % {"count": len(errors)}
        super().__init__(message, details=errors)
        self.errors = errors


def _refuse(message: str) -> ImportFailed:
    return ImportFailed(errors=[], message=message)


def _key(text: str) -> str:
    return " ".join(fold(text).replace("_", " ").replace("-", " ").split())


_HEADER_KEYS = {_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}


def _clean(value: Any) -> str:
    """A cell as text: NFC, trimmed, inner whitespace collapsed; whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.isoformat()
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


# --- reading the file ----------------------------------------------------------------------


def _read_csv(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(
            _("The CSV file is not in UTF-8. Save it as “CSV UTF-8” and upload it again.")
        ) from None
    if "\x00" in text:
        raise _refuse(_("This is not a CSV file."))
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A spreadsheet shows one CSV record per row, even a record with a quoted line break.
        for number, record in enumerate(reader, start=1):
            yield number, [_clean(value) for value in record[:MAX_COLUMNS]]
    except csv.Error:
        raise _refuse(
            _("The CSV file could not be read; check its quotes and separators.")
        ) from None


def _sniff_delimiter(text: str) -> str:
    """Comma or semicolon (Excel writes either, depending on the computer's regional
    settings): the one that splits the first line into the most known headers."""
    first_line = next((line for line in text.splitlines() if line.strip(" ,;")), "")
    best, best_score = ",", -1
    for delimiter in (",", ";"):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        score = sum(1 for cell in cells if _key(_clean(cell)) in _HEADER_KEYS)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score == 0:
        try:
            best = csv.Sniffer().sniff(first_line, delimiters=",;").delimiter
        except csv.Error:
            best = ","
    return best


def _read_xlsx(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    not_a_workbook = _("This file is not a valid Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(not_a_workbook) from None
    if inflated > MAX_XLSX_INFLATED_BYTES:
        raise _refuse(_("The workbook is too large once opened."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise _refuse(not_a_workbook) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None or not hasattr(sheet, "reset_dimensions"):
            raise _refuse(not_a_workbook)
        # The stored dimensions may be wrong (some programs write "A1"); read what is there.
        sheet.reset_dimensions()
        try:
            for number, cells in enumerate(
                sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                yield number, [_clean(value) for value in cells]
        except Exception:
            raise _refuse(not_a_workbook) from None
    finally:
        workbook.close()


def _read(filename: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    name = filename.lower().strip()
    if name.endswith(".csv"):
        return _read_csv(data)
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    raise _refuse(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))


# --- templates -------------------------------------------------------------------------------


def template_csv() -> bytes:
    """An example CSV with the Vietnamese headers (UTF-8 with BOM, so Excel reads it right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerows(TEMPLATE_ROWS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """An example workbook with the Vietnamese headers and a drop-down list of roles."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Thành viên"
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in TEMPLATE_ROWS:
        sheet.append(row)
    for letter, width in zip("ABCDEFG", (22, 26, 30, 16, 20, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    # Phone numbers start with 0: keep the column as text so Excel does not drop it.
    for number in range(2, settings.MEMBER_IMPORT_MAX_ROWS + 2):
        sheet.cell(row=number, column=4).number_format = "@"
    roles = ",".join(TEMPLATE_ROLE_LABELS)
    validation = DataValidation(type="list", formula1=f'"{roles}"', allow_blank=False)
    validation.add(f"E2:E{settings.MEMBER_IMPORT_MAX_ROWS + 1}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
