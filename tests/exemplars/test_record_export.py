"""The record list exported as a job: recorded in the request, written by the worker in
keyset chunks, the rows and visibility of the list, never a contact."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from lantoa.audit.models import AuditEvent
from lantoa.core.errors import DomainError, NotFound
from lantoa.exemplars import services
from lantoa.exemplars.models import Movement, Record, RecordState, Sector
from lantoa.exemplars.selectors import RecordFilters, record_list
from lantoa.exemplars.tasks import EXPORT_JOB_KIND, start_record_export
from lantoa.jobs.models import Job, JobState
from tests.exemplars.helpers import report, step
from tests.personas import World


@pytest.fixture(autouse=True)
def _english_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def _rows(job: Job) -> list[list[str]]:
    with job.result_file.open("rb") as f:
        text = f.read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _export(world: World, persona: str, capture, **kwargs) -> Job:
    with capture(execute=True):
        job = start_record_export(
            actor=world.user(persona),
            filters=kwargs.pop("filters", RecordFilters()),
            fmt=kwargs.pop("fmt", "csv"),
        )
    job.refresh_from_db()
    return job


def test_the_file_holds_what_the_list_shows_newest_first(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    settings.RECORD_EXPORT_CHUNK = 2
    sector = Sector.objects.create(code="yte", name="Y tế", name_en="Health")
    movement = Movement.objects.create(name="Dân vận khéo", organisation=world.front)
    for i in range(5):
        with time_machine.travel(timezone.now() - timezone.timedelta(minutes=9 - i), tick=False):
            report(world, title=f"Việc tốt {i}", sector=sector, movement=movement)
    job = _export(world, "xa.mttq", django_capture_on_commit_callbacks)

    assert (job.kind, job.state, job.done, job.total) == (EXPORT_JOB_KIND, JobState.DONE, 3, 3)
    assert job.message == "5 records exported"
    assert job.result_name.startswith("ho-so-") and job.result_name.endswith(".csv")
    header, *rows = _rows(job)
    assert header == [
        "Record id", "Kind", "Title", "Person or collective", "Reporting organisation",
        "Handled by", "State", "Field", "Movement", "Reported at", "Due",
    ]  # fmt: skip
    expected = list(record_list(world.user("xa.mttq"), RecordFilters()))
    assert [int(row[0]) for row in rows] == [r.pk for r in expected]
    assert [row[2] for row in rows] == [f"Việc tốt {i}" for i in (4, 3, 2, 1, 0)]
    first = rows[0]
    assert first[1] == "Good deed"
    assert first[3] == "Nguyễn Văn Ân"
    assert first[4] == world.youth_a.name
    assert first[5] == world.front_a.name
    assert first[6] == str(RecordState.REPORTED.label)
    assert (first[7], first[8]) == ("Health", "Dân vận khéo")


def test_no_contact_of_the_subject_is_in_the_file(
    world, django_capture_on_commit_callbacks
) -> None:
    subject = services.SubjectInput(
        full_name="Trần Thị Bình",
        phone="0912345678",
        email="binh@example.vn",
        address="Thôn 3, xã Hàm Thuận",
    )
    report(world, new_subject=subject)
    job = _export(world, "xa.mttq", django_capture_on_commit_callbacks)
    with job.result_file.open("rb") as f:
        text = f.read().decode("utf-8-sig")
    assert "Trần Thị Bình" in text
    for personal in ("0912345678", "binh@example.vn", "Thôn 3"):
        assert personal not in text


def test_another_communes_unshared_records_are_never_in_the_file(
    world, django_capture_on_commit_callbacks
) -> None:
    mine = report(world, title="Của xã A")
    theirs = report(world, "xab.doan", title="Của phường B, chưa xác minh")
    shared = report(world, "xab.doan", title="Của phường B, đã xác minh")
    step(world, shared, "tinh.mttq", "verify")
    job = _export(world, "xa.doan", django_capture_on_commit_callbacks)
    ids = {int(row[0]) for row in _rows(job)[1:]}
    assert mine.pk in ids and shared.pk in ids
    assert theirs.pk not in ids
    # Exactly what the list shows the same officer.
    assert ids == {r.pk for r in record_list(world.user("xa.doan"), RecordFilters())}


def test_the_filters_of_the_list_narrow_the_file(world, django_capture_on_commit_callbacks) -> None:
    report(world, title="Cứu người đuối nước")
    report(world, title="Nhặt được ví trả lại", kind="good_practice")
    wanted = RecordFilters(kind="good_practice")
    job = _export(world, "xa.mttq", django_capture_on_commit_callbacks, filters=wanted)
    assert [row[2] for row in _rows(job)[1:]] == ["Nhặt được ví trả lại"]
    # Filtered on another commune's organisation: only what is visible there (nothing).
    report(world, "xab.doan", title="Phường B")
    outside = RecordFilters(org=world.youth_b)
    job = _export(world, "xa.mttq", django_capture_on_commit_callbacks, filters=outside)
    assert _rows(job)[1:] == []


def test_records_reported_after_the_start_are_not_in_the_file(
    world, django_capture_on_commit_callbacks
) -> None:
    report(world, title="Trước")
    with django_capture_on_commit_callbacks() as callbacks:
        job = start_record_export(actor=world.user("xa.mttq"), filters=RecordFilters(), fmt="csv")
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5)):
        report(world, title="Sau")  # between the start and the worker
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert [row[2] for row in _rows(job)[1:]] == ["Trước"]


def test_starting_records_the_export_and_reads_no_record(
    world, django_capture_on_commit_callbacks
) -> None:
    report(world)
    officer = world.user("xa.mttq")
    with (
        django_capture_on_commit_callbacks() as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        job = start_record_export(
            actor=officer, filters=RecordFilters(state="reported", q="cứu"), fmt="xlsx"
        )
    table = Record._meta.db_table
    assert not [q["sql"] for q in queries if f'"{table}"' in q["sql"]]
    assert len(callbacks) == 1  # the task is enqueued once this commits
    assert job.state == JobState.QUEUED and job.owner == officer
    assert job.org == world.front_a
    event = AuditEvent.objects.get(action="exemplars.records.exported")
    assert (event.actor, event.object_id, event.org) == (officer, str(job.pk), world.front_a)
    assert event.changes["format"] == "xlsx"
    assert event.changes["filters"]["state"] == "reported"
    assert event.changes["filters"]["q"] == "cứu"


def test_the_progress_is_reported_per_chunk(
    world, settings, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from lantoa.jobs.services import JobRun

    settings.RECORD_EXPORT_CHUNK = 2
    for i in range(5):
        report(world, title=f"Việc {i}")
    seen: list[tuple[int, int]] = []
    original = JobRun.step

    def spy(self, done, total, message=""):
        seen.append((done, total))
        original(self, done, total, message)

    monkeypatch.setattr(JobRun, "step", spy)
    _export(world, "xa.mttq", django_capture_on_commit_callbacks)
    # Counting (no total yet), the header, then one step per chunk of two.
    assert seen == [(0, 0), (0, 3), (1, 3), (2, 3), (3, 3)]


def test_an_xlsx_file_holds_the_same_inert_rows(world, django_capture_on_commit_callbacks) -> None:
    report(world, title='=HYPERLINK("http://x")')
    job = _export(world, "xa.mttq", django_capture_on_commit_callbacks, fmt="xlsx")
    assert job.result_name.endswith(".xlsx")
    with job.result_file.open("rb") as f:
        sheet = load_workbook(io.BytesIO(f.read()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == '\'=HYPERLINK("http://x")'


def test_an_empty_list_gives_the_header_alone(world, django_capture_on_commit_callbacks) -> None:
    job = _export(world, "xa.mttq", django_capture_on_commit_callbacks)
    assert job.state == JobState.DONE
    assert len(_rows(job)) == 1
    assert job.message == "0 records exported"


@pytest.mark.parametrize("persona", ["bao.bientap"])
def test_someone_who_sees_no_record_list_cannot_export(world, persona) -> None:
    with pytest.raises(NotFound):
        start_record_export(actor=world.user(persona), filters=RecordFilters(), fmt="csv")
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="exemplars.records.exported").exists()


def test_an_unknown_format_is_refused_before_anything_is_written(world) -> None:
    with pytest.raises(DomainError) as refused:
        start_record_export(actor=world.user("xa.mttq"), filters=RecordFilters(), fmt="ods")
    assert refused.value.code == "invalid_format"
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="exemplars.records.exported").exists()


def test_a_double_submission_makes_two_jobs_with_the_same_file(
    world, django_capture_on_commit_callbacks
) -> None:
    report(world)
    first = _export(world, "xa.mttq", django_capture_on_commit_callbacks)
    second = _export(world, "xa.mttq", django_capture_on_commit_callbacks)
    assert first.pk != second.pk
    assert _rows(first) == _rows(second)
    assert AuditEvent.objects.filter(action="exemplars.records.exported").count() == 2


def test_a_right_lost_before_the_worker_runs_narrows_the_file(
    world, django_capture_on_commit_callbacks
) -> None:
    report(world)
    officer = world.user("xa.doan")
    with django_capture_on_commit_callbacks() as callbacks:
        job = start_record_export(actor=officer, filters=RecordFilters(), fmt="csv")
    officer.memberships.all().delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert _rows(job)[1:] == []


def test_the_file_is_written_in_the_language_the_export_was_started_in(
    world, django_capture_on_commit_callbacks
) -> None:
    report(world)
    with translation.override("vi"):
        job = _export(world, "xa.mttq", django_capture_on_commit_callbacks)
    header = _rows(job)[0]
    assert header[2] == "Tiêu đề"
    assert job.message == "Đã xuất 1 hồ sơ"


@pytest.mark.parametrize(
    "persona", ["quantri", "tinh.tuyengiao", "tinh.mttq", "xa.mttq", "xa.doan", "xab.doan"]
)
@pytest.mark.parametrize("wanted", [{}, {"state": "verified"}, {"kind": "good_practice"}])
def test_chunks_read_by_keyset_give_the_list_of_every_persona(
    world, settings, django_capture_on_commit_callbacks, persona, wanted
) -> None:
    # Chunks of 2 across the union's parts (own tree, shared records of the other commune),
    # with several records reported at the same instant (the id breaks the tie).
    settings.RECORD_EXPORT_CHUNK = 2
    moment = timezone.now() - timezone.timedelta(hours=1)
    for i in range(3):
        with time_machine.travel(moment, tick=False):
            report(world, title=f"A{i}", kind="good_practice" if i else "good_deed")
            shared = report(world, "xab.doan", title=f"B{i}")
        step(world, shared, "tinh.mttq", "verify")
    filters = RecordFilters(**wanted)
    job = _export(world, persona, django_capture_on_commit_callbacks, filters=filters)
    expected = [r.pk for r in record_list(world.user(persona), filters)]
    assert [int(row[0]) for row in _rows(job)[1:]] == expected
