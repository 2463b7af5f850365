"""The record list's "Xuất CSV" / "Xuất Excel": start the job with the list's filters, then
its page shows the progress and the file."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from lantoa.audit.models import AuditEvent
from lantoa.jobs.models import Job, JobState
from tests.exemplars.helpers import report
from tests.personas import World

EXPORT = reverse("staff:record_export")
LIST = reverse("staff:record_list")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _titles(job: Job) -> list[str]:
    with job.result_file.open("rb") as f:
        text = f.read().decode("utf-8-sig")
    return [row[2] for row in csv.reader(io.StringIO(text))][1:]


def test_the_list_offers_both_exports_with_its_filters(world: World, login) -> None:
    html = login("xa.doan").get(LIST, {"kind": "good_deed", "page": "2"}).content.decode()
    assert 'id="records-export-csv"' in html and 'id="records-export-xlsx"' in html
    assert f'action="{EXPORT}?kind=good_deed"' in html  # the filters, not the page
    assert "csrfmiddlewaretoken" in html


def test_an_officer_exports_the_filtered_list_and_sees_the_job_page(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    report(world, title="Cứu người đuối nước")
    report(world, title="Mô hình nuôi heo", kind="good_practice")
    report(world, "xab.doan", title="Của phường B")  # not visible to xa.doan
    client = login("xa.doan")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{EXPORT}?kind=good_deed", {"format": "csv"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:job_detail", args=[job.pk])
    assert job.owner == world.user("xa.doan") and job.state == JobState.DONE
    assert _titles(job) == ["Cứu người đuối nước"]
    page = client.get(response["Location"]).content.decode()
    assert 'data-state="done"' in page and 'aria-valuenow="100"' in page
    assert 'id="job-result"' in page
    download = client.get(reverse("staff:job_result", args=[job.pk]))
    assert download.status_code == 200
    event = AuditEvent.objects.get(action="exemplars.records.exported")
    assert event.actor == world.user("xa.doan")


def test_the_excel_button_writes_a_workbook(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    report(world)
    with django_capture_on_commit_callbacks(execute=True):
        login("xa.mttq").post(EXPORT, {"format": "xlsx"})
    assert Job.objects.get().result_name.endswith(".xlsx")


def test_an_organisation_outside_the_scope_filters_nothing_more_than_the_list(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    report(world, title="Của xã A")
    report(world, "xab.doan", title="Của phường B")
    client = login("xa.doan")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{EXPORT}?org={world.youth_b.pk}", {"format": "csv"})
    # The list ignores a filter the officer may not use (and says so); so does the file.
    assert "Của phường B" not in _titles(Job.objects.get())


@pytest.mark.parametrize("fmt", ["", "ods", "CSV"])
def test_an_unknown_format_goes_back_to_the_list_with_a_message(world: World, login, fmt) -> None:
    client = login("xa.mttq")
    client.cookies["django_language"] = "vi"
    response = client.post(f"{EXPORT}?state=reported", {"format": fmt}, follow=True)
    assert response.redirect_chain == [(f"{LIST}?state=reported", 302)]
    assert "Hãy chọn định dạng tệp xuất: CSV hoặc Excel (XLSX)." in response.content.decode()
    assert not Job.objects.exists()
    assert not AuditEvent.objects.filter(action="exemplars.records.exported").exists()


def test_a_double_click_starts_two_jobs_like_the_audit_export(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    report(world)
    client = login("xa.mttq")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(EXPORT, {"format": "csv"})
        second = client.post(EXPORT, {"format": "csv"})
    assert first["Location"] != second["Location"]
    jobs = list(Job.objects.all())
    assert len(jobs) == 2 and all(job.state == JobState.DONE for job in jobs)
    assert _titles(jobs[0]) == _titles(jobs[1])
    assert AuditEvent.objects.filter(action="exemplars.records.exported").count() == 2


def test_the_editor_who_sees_no_list_gets_a_404(world: World, login) -> None:
    response = login("bao.bientap").post(EXPORT, {"format": "csv"})
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_a_get_is_not_allowed(world: World, login) -> None:
    assert login("xa.mttq").get(EXPORT).status_code == 405


def test_another_officers_export_job_is_a_404(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    report(world)
    with django_capture_on_commit_callbacks(execute=True):
        login("xa.mttq").post(EXPORT, {"format": "csv"})
    job = Job.objects.get()
    other = login("tinh.mttq")
    assert other.get(reverse("staff:job_detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("staff:job_result", args=[job.pk])).status_code == 404
