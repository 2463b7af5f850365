from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lantoa.audit import services as audit
from lantoa.audit.models import AuditEvent
from lantoa.core import context
from lantoa.core.errors import NotFound
from lantoa.orgs.audit_export import export_csv, export_xlsx, neutralise
from lantoa.orgs.audit_log import events_visible_to
from lantoa.orgs.models import Organisation


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared by their English msgids, whatever the locale files translate.
    with translation.override("en"):
        yield


def read(lines) -> list[list[str]]:
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def events(world):
    token = context.activate(context.RequestContext("req-0001", "203.0.113.7"))
    try:
        a = audit.record(
            actor=world.user("xa.quantri"),
            action="orgs.organisation.updated",
            obj=world.youth_a,
            org=world.youth_a,
            changes={"name": ["Đoàn xã cũ", "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận"]},
        )
    finally:
        context.reset(token)
    b = audit.record(
        actor=world.user("quantri"),
        action="orgs.organisation.updated",
        obj=world.youth_b,
        org=world.youth_b,
    )
    return a, b


def test_the_csv_has_a_header_and_vietnamese_text_intact(world, events):
    admin = world.user("xa.quantri")
    rows = read(export_csv(events_visible_to(admin), actor=admin))

    assert rows[0] == [
        "Time",
        "Actor",
        "Action",
        "Object type",
        "Object id",
        "Object",
        "Organisation path",
        "IP address",
        "Request id",
        "Changes",
    ]
    assert len(rows) == 2  # commune B's event is not in commune A's file
    row = rows[1]
    assert row[1] == "xa.quantri"
    assert row[2] == "orgs.organisation.updated"
    assert row[3] == "orgs.organisation"
    assert row[4] == str(world.youth_a.pk)
    assert row[5] == "Đoàn TNCS Hồ Chí Minh xã Hàm Thuận"
    assert row[6] == world.youth_a.path
    assert row[7:9] == ["203.0.113.7", "req-0001"]
    assert json.loads(row[9])["name"][0] == "Đoàn xã cũ"
    assert row[0].endswith("+07:00")  # local time, Asia/Ho_Chi_Minh


def test_the_file_is_utf8_with_a_byte_order_mark(world, events):
    admin = world.user("xa.quantri")
    data = "".join(export_csv(events_visible_to(admin), actor=admin)).encode("utf-8")

    assert data.startswith(b"\xef\xbb\xbf")
    assert "Hàm Thuận".encode() in data


def test_formulas_are_neutralised(world):
    evil = Organisation.objects.create_child(
        parent=world.youth_a, name="=cmd|' /C calc'!A0", kind="other", level="commune"
    )
    audit.record(
        actor=world.user("quantri"),
        action="orgs.organisation.created",
        obj=evil,
        org=world.youth_a,
        changes={"x": ["=1+1", "@SUM(A1)"]},
    )
    root = world.user("quantri")

    rows = read(export_csv(events_visible_to(root), actor=root))

    [row] = [r for r in rows[1:] if r[2] == "orgs.organisation.created"]
    assert row[5] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
        ("\rx", "'\rx"),
        # What a spreadsheet would split into its own cell is a formula there too.
        ("Đoàn xã;=1+1", "'Đoàn xã;=1+1"),
        ("a,@SUM(A1)", "'a,@SUM(A1)"),
        ("a\t-1", "'a\t-1"),
        ("a; =1", "a; =1"),
        ("a-b, c", "a-b, c"),
        ("", ""),
        ("Nguyễn", "Nguyễn"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_exporting_is_audited_with_the_actor_and_scope(world, events):
    admin = world.user("xa.quantri")
    token = context.activate(context.RequestContext("req-export", "198.51.100.2"))
    try:
        lines = export_csv(events_visible_to(admin), actor=admin)
    finally:
        context.reset(token)

    # Written at once, inside the request, even before the stream is read.
    exported = AuditEvent.objects.get(action="audit.log.exported")
    assert exported.actor == admin
    assert exported.object_type == "accounts.user"
    assert exported.object_id == str(admin.pk)
    assert exported.org == world.front_a
    assert (exported.request_id, exported.ip) == ("req-export", "198.51.100.2")
    assert exported.changes == {"rows": [None, 1]}
    # The file holds the events up to the export, not the export event itself.
    assert len(read(lines)) == 2


def test_a_system_admin_export_has_no_scope_organisation(world, events):
    root = world.user("quantri")

    list(export_csv(events_visible_to(root), actor=root))

    assert AuditEvent.objects.get(action="audit.log.exported").org is None


def test_a_reporter_cannot_export(world, events):
    reporter = world.user("xa.doan")

    with pytest.raises(NotFound):
        export_csv(AuditEvent.objects.all(), actor=reporter)
    assert not AuditEvent.objects.filter(action="audit.log.exported").exists()


def test_an_unscoped_queryset_is_narrowed_to_the_actors_scope(world, events):
    admin = world.user("xa.quantri")

    rows = read(export_csv(AuditEvent.objects.all(), actor=admin))

    assert [r[4] for r in rows[1:]] == [str(world.youth_a.pk)]


def test_streaming_takes_a_constant_number_of_queries(world):
    root = world.user("quantri")
    for _i in range(30):
        audit.record(
            actor=root, action="orgs.organisation.updated", obj=world.front_a, org=world.front_a
        )
    with CaptureQueriesContext(connection) as ctx:
        rows = read(export_csv(events_visible_to(root), actor=root))

    assert len(rows) == 31
    assert len(ctx.captured_queries) <= 6


def test_the_xlsx_export_holds_the_same_inert_rows(world, events):
    from openpyxl import load_workbook

    evil = Organisation.objects.create_child(
        parent=world.youth_a, name="x;=cmd|' /C calc'!A0", kind="other", level="commune"
    )
    root = world.user("quantri")
    audit.record(actor=root, action="orgs.organisation.created", obj=evil, org=world.youth_a)
    csv_rows = read(export_csv(events_visible_to(root), actor=root))

    data = export_xlsx(events_visible_to(root), actor=root)

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == csv_rows[0]
    [row] = [r for r in rows[1:] if r[2] == "orgs.organisation.created"]
    assert row[5] == "'x;=cmd|' /C calc'!A0"
    # Both exports are audited; the second file holds the first export's event.
    assert len(rows) == len(csv_rows) + 1
    assert AuditEvent.objects.filter(action="audit.log.exported").count() == 2
