"""The audit log export as a background job: same file as the streamed one, in steps."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from lantoa.audit import services as audit
from lantoa.audit.models import AuditEvent
from lantoa.core.errors import NotFound
from lantoa.jobs.models import Job, JobState
from lantoa.orgs.audit_export import export_csv, write_csv
from lantoa.orgs.audit_log import events_visible_to
from lantoa.orgs.tasks import start_export


@pytest.fixture(autouse=True)
def _english_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def _many(world, n: int, *, org=None) -> None:
    for i in range(n):
        audit.record(
            actor=world.user("xa.quantri"),
            action="orgs.organisation.updated",
            obj=org or world.youth_a,
            org=org or world.youth_a,
            changes={"i": i},
        )


def test_the_file_is_written_in_steps_of_a_chunk(world) -> None:
    _many(world, 7)
    calls: list[tuple[int, int, int, int]] = []
    out = io.BytesIO()
    written = write_csv(
        events_visible_to(world.user("xa.quantri")),
        out,
        chunk=3,
        progress=lambda *args: calls.append(args),
    )
    assert written == 7
    assert calls == [(0, 3, 0, 7), (1, 3, 3, 7), (2, 3, 6, 7), (3, 3, 7, 7)]
    assert out.getvalue().decode().count("\r\n") == 8  # the header and seven rows


def test_an_empty_log_is_one_step_with_the_header_only(world) -> None:
    calls: list[tuple[int, int, int, int]] = []
    out = io.BytesIO()
    events = events_visible_to(world.user("xa.quantri")).none()
    assert write_csv(events, out, chunk=3, progress=lambda *a: calls.append(a)) == 0
    assert calls == [(0, 1, 0, 0), (1, 1, 0, 0)]
    assert out.getvalue().decode().count("\r\n") == 1


def test_the_job_offers_the_same_file_as_the_streamed_export(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    settings.AUDIT_EXPORT_CHUNK = 2
    _many(world, 5)
    _many(world, 2, org=world.youth_b)  # another commune's: not in xa.quantri's file
    admin = world.user("xa.quantri")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_export(actor=admin, filters={"action": "orgs"})
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, 3, 3)
    assert job.result_name.startswith("nhat-ky-") and job.result_name.endswith(".csv")
    with job.result_file.open("rb") as f:
        from_job = f.read().decode()
    # The export event was written when the job started, in the request, not by the worker.
    exported = AuditEvent.objects.filter(action="audit.log.exported")
    assert exported.count() == 1
    streamed = "".join(
        export_csv(events_visible_to(admin, action="orgs"), actor=admin)
    )  # (writes a second export event, after the job's: the same rows either way)
    assert from_job == streamed
    assert from_job.count("\r\n") == 6
    assert job.message == "5 events exported"


def test_events_written_after_the_start_are_not_in_the_file(
    world, django_capture_on_commit_callbacks
) -> None:
    _many(world, 2)
    admin = world.user("xa.quantri")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_export(actor=admin, filters={})
        _many(world, 3)  # between the start and the worker
    job.refresh_from_db()
    with job.result_file.open("rb") as f:
        # The header and the two earlier events: not the export event, nor the three
        # written since.
        assert f.read().decode().count("\r\n") == 1 + 2


@pytest.mark.parametrize("persona", ["xa.doan", "xa.mttq", "bao.bientap"])
def test_someone_without_the_audit_right_cannot_start_an_export(world, persona) -> None:
    with pytest.raises(NotFound):
        start_export(actor=world.user(persona), filters={})
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="audit.log.exported").exists()


def test_a_bad_date_in_the_filters_is_refused_before_anything_is_written(world) -> None:
    with pytest.raises(ValueError):
        start_export(actor=world.user("xa.quantri"), filters={"date_from": "15/10/2025"})
    assert not Job.objects.exists()


def test_the_job_writes_an_xlsx_file_in_steps(
    world, settings, django_capture_on_commit_callbacks
) -> None:
    import io

    from openpyxl import load_workbook

    settings.AUDIT_EXPORT_CHUNK = 2
    _many(world, 5)
    admin = world.user("xa.quantri")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_export(actor=admin, filters={"action": "orgs"}, fmt="xlsx")
    job.refresh_from_db()

    assert (job.state, job.done, job.total) == (JobState.DONE, 3, 3)
    assert job.result_name.endswith(".xlsx")
    with job.result_file.open("rb") as f:
        sheet = load_workbook(io.BytesIO(f.read()), read_only=True).active
    assert len(list(sheet.iter_rows(values_only=True))) == 1 + 5


def test_an_unknown_export_format_is_refused(world) -> None:
    with pytest.raises(ValueError):
        start_export(actor=world.user("xa.quantri"), filters={}, fmt="ods")
