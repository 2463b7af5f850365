from __future__ import annotations

import datetime
import io
import unicodedata
from typing import Any

import pytest
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from lantoa.accounts.models import User
from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.orgs import import_files, imports
from lantoa.orgs.imports import ImportFailed, RowError, import_members, template_csv, template_xlsx
from lantoa.orgs.models import Membership, Role

HEADERS = ["Tên đăng nhập", "Họ và tên", "Email", "Số điện thoại", "Vai trò", "Chức vụ"]


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared by their English msgids, whatever the locale files translate.
    with translation.override("en"):
        yield


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    lines = [delimiter.join(cells) for cells in rows]
    return (("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def admin(world):
    return world.user("xa.quantri")


def failed(exc_info: pytest.ExceptionInfo[ImportFailed]) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in exc_info.value.errors}


def test_a_csv_with_vietnamese_headers_creates_accounts_and_roles(world, admin):
    data = csv_bytes(
        [
            HEADERS,
            [
                "nguyen.van.an",
                "Nguyễn Văn An",
                "an@example.vn",
                "0912345678",
                "Báo cáo viên",
                "Phó Bí thư",
            ],
            ["tran.thi.binh", "Trần Thị Bình", "binh@example.vn", "", "Xác minh", ""],
        ]
    )

    result = import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    assert (result.created_users, result.memberships, result.rows) == (2, 2, 2)
    an = User.objects.get(username="nguyen.van.an")
    assert an.full_name == "Nguyễn Văn An"
    assert an.phone == "0912345678"
    assert not an.has_usable_password()
    membership = Membership.objects.get(user=an)
    assert (membership.organisation, membership.role, membership.title) == (
        world.front_a,
        Role.REPORTER,
        "Phó Bí thư",
    )
    assert membership.org_path == world.front_a.path
    assert Membership.objects.get(user__username="tran.thi.binh").role == Role.VERIFIER


def test_the_import_is_audited_as_a_whole_and_row_by_row(world, admin):
    data = csv_bytes([HEADERS, ["an", "An", "an@example.vn", "", "reporter", ""]])

    import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["accounts.user.created", "orgs.membership.added", "orgs.members.imported"]
    event = AuditEvent.objects.get(action="orgs.members.imported")
    assert event.actor == admin
    assert event.org == world.front_a
    assert event.object_id == str(world.front_a.pk)
    assert event.changes["filename"] == [None, "ds.csv"]
    assert event.changes["rows"] == [None, 1]
    assert event.changes["created_users"] == [None, 1]
    assert event.changes["memberships"] == [None, 1]


def test_an_xlsx_with_english_headers_and_numeric_cells_is_read(world, admin):
    data = xlsx_bytes(
        [
            ["username", "full_name", "email", "phone", "role", "title", "organisation"],
            [
                "le.van.cuong",
                "Lê Văn Cường",
                "cuong@example.vn",
                912345678,
                "leader",
                None,
                world.youth_a.pk,
            ],
        ]
    )

    import_members(actor=admin, org=world.front_a, filename="Members.XLSX", data=data)

    cuong = User.objects.get(username="le.van.cuong")
    assert cuong.phone == "912345678"  # a number, not "912345678.0"
    assert Membership.objects.get(user=cuong).organisation == world.youth_a


def test_headers_match_without_case_or_diacritics_and_extra_columns_are_ignored(world, admin):
    data = csv_bytes(
        [
            ["STT", "TEN DANG NHAP", "ho va ten", "E-mail", "so dien thoai", "VAI TRO", "Ghi chú"],
            ["1", "an", "An", "an@example.vn", "", "lanh dao", "ghi chú"],
        ]
    )

    import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    assert Membership.objects.get(user__username="an").role == Role.LEADER


@pytest.mark.parametrize("bom", [True, False])
def test_a_semicolon_csv_with_or_without_bom_is_read(world, admin, bom):
    data = csv_bytes(
        [HEADERS, ["an", "Nguyễn, Văn An", "an@example.vn", "", "Biên tập viên", ""]],
        delimiter=";",
        bom=bom,
    )

    import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    an = User.objects.get(username="an")
    assert an.full_name == "Nguyễn, Văn An"
    assert Membership.objects.get(user=an).role == Role.EDITOR


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Cán bộ báo cáo", Role.REPORTER),
        ("báo cáo viên", Role.REPORTER),
        ("XÁC MINH", Role.VERIFIER),
        ("Lãnh đạo", Role.LEADER),
        ("Biên tập", Role.EDITOR),
        ("Quản trị tổ chức", Role.ORG_ADMIN),
        ("org_admin", Role.ORG_ADMIN),
    ],
)
def test_roles_are_accepted_as_codes_or_vietnamese_labels(world, admin, label, role):
    data = csv_bytes([HEADERS, ["an", "An", "an@example.vn", "", label, ""]])

    import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    assert Membership.objects.get(user__username="an").role == role


def test_cells_are_trimmed_and_normalised_to_nfc(world, admin):
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Văn Ân")
    data = csv_bytes(
        [HEADERS, ["  an  ", f"  {nfd_name}  ", " an@example.vn ", "", "reporter", "  Bí thư  "]]
    )

    import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    an = User.objects.get(username="an")
    assert an.full_name == "Nguyễn Văn Ân"
    assert unicodedata.is_normalized("NFC", an.full_name)
    assert an.email == "an@example.vn"
    assert Membership.objects.get(user=an).title == "Bí thư"


def test_an_existing_username_adds_a_role_to_that_account(world, admin):
    doan = world.user("xa.doan")
    data = csv_bytes([HEADERS, ["XA.DOAN", "", "", "", "Lãnh đạo", ""]])

    result = import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    assert result.created_users == 0
    assert Membership.objects.filter(
        user=doan, organisation=world.front_a, role=Role.LEADER
    ).exists()


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(world, admin):
    data = xlsx_bytes(
        [
            HEADERS,
            ["an", "An", "an@example.vn", "", "reporter", ""],
            [None, None, None],
            ["bad name", "B", "b@example.vn", "", "reporter", ""],
        ]
    )

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="ds.xlsx", data=data)

    assert failed(exc_info) == {(4, "Tên đăng nhập")}


def test_every_error_of_every_row_is_reported_and_nothing_is_written(world, admin):
    before = counts()
    data = csv_bytes(
        [
            [*HEADERS, "Tổ chức"],
            ["ok.one", "Một", "one@example.vn", "", "reporter", "", ""],  # 2
            ["", "Không tên", "x@example.vn", "", "reporter", "", ""],  # 3
            ["có dấu", "Có Dấu", "d@example.vn", "", "reporter", "", ""],  # 4
            ["ok.one", "Lặp", "two@example.vn", "", "reporter", "", ""],  # 5
            ["three", "Ba", "ONE@example.vn", "", "reporter", "", ""],  # 6
            ["four", "Bốn", "not-an-email", "", "reporter", "", ""],  # 7
            ["five", "Năm", "xab.doan@example.vn", "", "reporter", "", ""],  # 8
            ["six", "Sáu", "six@example.vn", "", "thủ quỹ", "", ""],  # 9
            ["seven", "Bảy", "seven@example.vn", "", "system_admin", "", ""],  # 10
            ["eight", "Tám", "eight@example.vn", "", "reporter", "", "Không có tổ chức này"],  # 11
            ["xa.doan", "", "", "", "reporter", "", str(world.youth_a.pk)],  # 12
            ["nine", "", "", "", "reporter", "", ""],  # 13
        ]
    )

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="ds.csv", data=data)

    assert failed(exc_info) == {
        (3, "Tên đăng nhập"),
        (4, "Tên đăng nhập"),
        (5, "Tên đăng nhập"),
        (6, "Email"),
        (7, "Email"),
        (8, "Email"),
        (9, "Vai trò"),
        (10, "Vai trò"),
        (11, "Tổ chức"),
        (12, "Vai trò"),
        (13, "Họ và tên"),
        (13, "Email"),
    }
    assert [e.row for e in exc_info.value.errors] == sorted(e.row for e in exc_info.value.errors)
    assert all(e.message for e in exc_info.value.errors)
    assert isinstance(exc_info.value, DomainError)
    assert counts() == before


def test_system_admin_is_never_importable_even_by_a_system_admin(world):
    data = csv_bytes([HEADERS, ["root2", "Root", "root2@example.vn", "", "Quản trị hệ thống", ""]])

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=world.user("quantri"), org=world.party, filename="a.csv", data=data)

    assert exc_info.value.errors[0].message == "System administrators cannot be imported."


def test_an_organisation_outside_the_scope_reads_as_not_found(world, admin):
    outside = csv_bytes(
        [
            [*HEADERS, "Tổ chức"],
            ["an", "An", "an@example.vn", "", "reporter", "", world.youth_b.name],
        ]
    )
    by_id = csv_bytes(
        [
            [*HEADERS, "Tổ chức"],
            ["an", "An", "an@example.vn", "", "reporter", "", str(world.youth_b.pk)],
        ]
    )
    missing = csv_bytes(
        [[*HEADERS, "Tổ chức"], ["an", "An", "an@example.vn", "", "reporter", "", "Không tồn tại"]]
    )

    messages = []
    for data in (outside, by_id, missing):
        with pytest.raises(ImportFailed) as exc_info:
            import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)
        [error] = exc_info.value.errors
        messages.append(error.message.split("“")[0])
    assert len(set(messages)) == 1


def test_an_organisation_is_found_by_exact_name_in_the_subtree(world, admin):
    data = csv_bytes(
        [
            [*HEADERS, "Tổ chức"],
            ["an", "An", "an@example.vn", "", "reporter", "", world.youth_a.name],
        ]
    )

    import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)

    assert Membership.objects.get(user__username="an").organisation == world.youth_a


def test_an_existing_account_with_another_email_is_not_silently_matched(world, admin):
    data = csv_bytes(
        [HEADERS, ["xa.doan", "Nguyễn Văn Đoàn", "other@example.vn", "", "leader", ""]]
    )

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)

    assert failed(exc_info) == {(2, "Email")}


def test_a_missing_required_column_is_reported_on_row_one(world, admin):
    data = csv_bytes(
        [
            ["Tên đăng nhập", "Họ và tên", "Email", "Số điện thoại"],
            ["an", "An", "an@example.vn", ""],
        ]
    )

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)

    [error] = exc_info.value.errors
    assert error.row == 1
    assert "Vai trò" in error.column


@pytest.mark.parametrize("username", ["xa.doan", "xab.doan", "tinh.mttq"])
def test_an_actor_who_cannot_manage_members_is_refused_before_the_file_is_read(world, username):
    with pytest.raises(NotFound):
        import_members(
            actor=world.user(username), org=world.front_a, filename="x.exe", data=b"garbage"
        )


def test_the_org_admin_of_commune_a_cannot_import_into_commune_b(world, admin):
    data = csv_bytes([HEADERS, ["an", "An", "an@example.vn", "", "reporter", ""]])

    with pytest.raises(NotFound):
        import_members(actor=admin, org=world.front_b, filename="a.csv", data=data)


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.csv", b"", "The file is empty."),
        ("a.xlsx", b"", "The file is empty."),
        ("a.csv", b"\r\n\r\n ,, \r\n", "The file is empty."),
        ("a.xls", b"whatever", "Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
        ("a.pdf", b"%PDF-1.4", "Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
        (
            "a.xlsx",
            b"Ten dang nhap,Ho va ten\r\n",
            "This file is not a valid Excel workbook (.xlsx).",
        ),
        ("a.xlsx", b"PK\x03\x04broken zip", "This file is not a valid Excel workbook (.xlsx)."),
        ("a.csv", "Tên;Họ".encode("utf-16"), None),
    ],
)
def test_a_bad_file_gets_a_clear_error(world, admin, filename, data, message):
    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename=filename, data=data)

    assert exc_info.value.message
    if message is not None:
        assert exc_info.value.message == message


def test_a_zip_that_is_not_a_workbook_gets_a_clear_error(world, admin):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="a.xlsx", data=out.getvalue())

    assert exc_info.value.message == "This file is not a valid Excel workbook (.xlsx)."


def test_a_header_without_rows_gets_a_clear_error(world, admin):
    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="a.csv", data=csv_bytes([HEADERS]))

    assert exc_info.value.errors == []
    assert "no member rows" in exc_info.value.message


def test_the_size_limit_is_enforced(world, admin, settings):
    settings.MEMBER_IMPORT_MAX_BYTES = 100
    data = csv_bytes([HEADERS] + [["an", "An", "an@example.vn", "", "reporter", ""]] * 5)

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)

    assert "too large" in exc_info.value.message


def test_the_row_limit_is_enforced(world, admin, settings):
    settings.MEMBER_IMPORT_MAX_ROWS = 3
    rows = [[f"u{i}", "U", f"u{i}@example.vn", "", "reporter", ""] for i in range(4)]

    with pytest.raises(ImportFailed) as exc_info:
        import_members(
            actor=admin, org=world.front_a, filename="a.csv", data=csv_bytes([HEADERS, *rows])
        )

    assert "more than 3 rows" in exc_info.value.message
    assert User.objects.filter(username__startswith="u").count() == 0


def test_a_zip_bomb_is_refused_before_it_is_opened(world, admin, monkeypatch):
    monkeypatch.setattr(import_files, "MAX_XLSX_INFLATED_BYTES", 1000)
    data = xlsx_bytes([HEADERS, ["an", "An", "an@example.vn", "", "reporter", ""]])

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="a.xlsx", data=data)

    assert "too large" in exc_info.value.message


def test_a_closed_organisation_cannot_receive_an_import(world, admin):
    world.youth_a.valid_to = datetime.date(2025, 6, 30)
    world.youth_a.save()
    data = csv_bytes([HEADERS, ["an", "An", "an@example.vn", "", "reporter", ""]])

    with pytest.raises(ImportFailed):
        import_members(actor=admin, org=world.youth_a, filename="a.csv", data=data)


def test_a_failure_while_writing_rolls_everything_back(world, admin, monkeypatch):
    before = counts()
    real_add_member = imports.services.add_member
    calls = {"n": 0}

    def flaky_add_member(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:  # someone gave this role meanwhile
            raise DomainError("Already has this role.")
        return real_add_member(**kwargs)

    monkeypatch.setattr(imports.services, "add_member", flaky_add_member)
    data = csv_bytes(
        [
            HEADERS,
            ["an", "An", "an@example.vn", "", "reporter", ""],
            ["binh", "Bình", "binh@example.vn", "", "reporter", ""],
            ["cuong", "Cường", "cuong@example.vn", "", "reporter", ""],
        ]
    )

    with pytest.raises(ImportFailed) as exc_info:
        import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)

    assert exc_info.value.errors == [RowError(3, "", "Already has this role.")]
    assert counts() == before


def test_checking_a_large_file_takes_a_constant_number_of_queries(
    world, admin, django_assert_max_num_queries
):
    rows = [[f"u{i}", "U", f"u{i}@example.vn", "", "thủ quỹ", ""] for i in range(300)]
    data = csv_bytes([HEADERS, *rows])

    with django_assert_max_num_queries(6), pytest.raises(ImportFailed):
        import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_templates_have_vietnamese_headers_and_import_as_they_are(world, admin, fmt):
    data = template_csv() if fmt == "csv" else template_xlsx()
    if fmt == "csv":
        assert data.startswith("\ufeff".encode())
        assert data.decode("utf-8-sig").startswith("Tên đăng nhập,Họ và tên,Email")
    else:
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        header = next(sheet.iter_rows(values_only=True))
        assert header[:5] == ("Tên đăng nhập", "Họ và tên", "Email", "Số điện thoại", "Vai trò")

    result = import_members(actor=admin, org=world.front_a, filename=f"mau.{fmt}", data=data)

    assert result.created_users == 2
    assert User.objects.get(username="nguyen.van.an").phone == "0912345678"


def test_new_accounts_cannot_sign_in_until_a_password_is_set(world, admin, client):
    data = csv_bytes([HEADERS, ["an", "An", "an@example.vn", "", "reporter", ""]])
    import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)

    assert not client.login(username="an", password="")
    assert User.objects.get(username="an").last_login is None
    assert User.objects.get(username="an").date_joined <= timezone.now()


def test_a_semicolon_csv_starting_with_blank_lines_is_read(world, admin):
    data = csv_bytes(
        [[";;;"], [""], HEADERS, ["an", "An", "an@example.vn", "", "reporter", ""]],
        delimiter=";",
    )

    import_members(actor=admin, org=world.front_a, filename="a.csv", data=data)

    assert Membership.objects.filter(user__username="an").exists()
