"""POST /api/v1/records/exports: the record list as a file, written by a job."""

from __future__ import annotations

import csv
import io

import pytest

from lantoa.audit.models import AuditEvent
from lantoa.jobs.models import Job, JobState
from tests.api.helpers import assert_error
from tests.exemplars.helpers import report
from tests.personas import World

EXPORTS = "/api/v1/records/exports"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _post(client, body, **headers):
    return client.post(EXPORTS, body, content_type="application/json", headers=headers)


def test_an_export_answers_202_with_the_job_and_where_to_follow_it(
    world: World, api_as, django_capture_on_commit_callbacks
) -> None:
    report(world, title="Của xã A")
    report(world, "xab.doan", title="Của phường B")
    client = api_as("xa.doan")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, {"format": "csv"})
    assert response.status_code == 202, response.content
    body = response.json()
    job = Job.objects.get()
    assert body["id"] == str(job.pk)
    assert (body["kind"], body["state"], body["has_result"]) == (
        "exemplars.records.export",
        "queued",
        False,
    )
    assert response["Location"] == f"/api/v1/jobs/{job.pk}"
    followed = client.get(response["Location"]).json()
    assert (followed["state"], followed["percent"], followed["has_result"]) == ("done", 100, True)
    result = client.get(f"/api/v1/jobs/{job.pk}/result")
    text = b"".join(result.streaming_content).decode("utf-8-sig")
    titles = [row[2] for row in csv.reader(io.StringIO(text))][1:]
    assert titles == ["Của xã A"]  # the other commune's unverified record is not visible


def test_the_filters_of_the_list_apply(
    world: World, api_as, django_capture_on_commit_callbacks
) -> None:
    report(world, title="Việc tốt")
    report(world, title="Mô hình hay", kind="good_practice")
    client = api_as("xa.mttq")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, {"format": "xlsx", "kind": "good_practice"})
    assert response.status_code == 202
    job = Job.objects.get()
    assert job.state == JobState.DONE and job.result_name.endswith(".xlsx")
    event = AuditEvent.objects.get(action="exemplars.records.exported")
    assert event.changes["filters"]["kind"] == "good_practice"


def test_an_organisation_the_caller_does_not_see_is_a_404(world: World, api_as) -> None:
    response = _post(api_as("xa.doan"), {"format": "csv", "org": world.youth_b.pk})
    assert_error(response, 404, "not_found")
    assert not Job.objects.exists()


def test_someone_who_sees_no_record_list_gets_a_404(world: World, api_as) -> None:
    assert_error(_post(api_as("bao.bientap"), {"format": "csv"}), 404, "not_found")
    assert not Job.objects.exists()


@pytest.mark.parametrize("body", [{}, {"format": "ods"}, {"format": "csv", "state": "lost"}])
def test_a_missing_or_unknown_format_or_filter_is_a_422(world: World, api_as, body) -> None:
    response = _post(api_as("xa.mttq"), body)
    assert response.status_code == 422, response.content
    assert not Job.objects.exists()


def test_a_retry_with_the_same_key_gets_the_same_job(world: World, api_as) -> None:
    client = api_as("xa.mttq")
    first = _post(client, {"format": "csv"}, **{"Idempotency-Key": "xuat-1"})
    again = _post(client, {"format": "csv"}, **{"Idempotency-Key": "xuat-1"})
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json()["id"] == first.json()["id"]
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Job.objects.count() == 1
    assert AuditEvent.objects.filter(action="exemplars.records.exported").count() == 1
    other = _post(client, {"format": "xlsx"}, **{"Idempotency-Key": "xuat-1"})
    assert_error(other, 409, "idempotency_key_reused")


def test_without_a_key_each_post_is_its_own_job(world: World, api_as) -> None:
    client = api_as("xa.mttq")
    assert _post(client, {"format": "csv"}).status_code == 202
    assert _post(client, {"format": "csv"}).status_code == 202
    assert Job.objects.count() == 2
