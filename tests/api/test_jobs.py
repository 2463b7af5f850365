"""GET /api/v1/jobs/{id} and its result file: the caller's own jobs only."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from lantoa.jobs.models import Job, JobState
from tests.api.helpers import assert_error
from tests.personas import World


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _job(world: World, owner: str = "xa.quantri", **fields) -> Job:
    return Job.objects.create(owner=world.user(owner), kind="audit.export", title="Xuất", **fields)


def test_the_owner_reads_the_progress(world: World, api_as) -> None:
    job = _job(world, state=JobState.RUNNING, done=12, total=50, message="12/50")
    response = api_as("xa.quantri").get(f"/api/v1/jobs/{job.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(job.pk)
    assert (body["state"], body["done"], body["total"], body["percent"]) == ("running", 12, 50, 24)
    assert body["message"] == "12/50"
    assert body["has_result"] is False
    assert body["kind"] == "audit.export"


def test_the_owner_downloads_the_result_of_a_finished_job(world: World, api_as) -> None:
    job = _job(world, state=JobState.DONE, total=1, result_name="nhat-ky.csv")
    job.result_file.save("x", ContentFile("Thời gian\r\n".encode()))
    client = api_as("xa.quantri")
    assert client.get(f"/api/v1/jobs/{job.pk}").json()["has_result"] is True
    response = client.get(f"/api/v1/jobs/{job.pk}/result")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "Thời gian\r\n"
    assert 'filename="nhat-ky.csv"' in response["Content-Disposition"]


def test_a_job_without_a_result_file_has_no_result(world: World, api_as) -> None:
    job = _job(world, state=JobState.RUNNING, total=3)
    assert_error(api_as("xa.quantri").get(f"/api/v1/jobs/{job.pk}/result"), 404, "not_found")


@pytest.mark.parametrize("other", ["quantri", "xa.mttq", "xab.doan"])
def test_someone_elses_job_is_not_found(world: World, api_as, other: str) -> None:
    job = _job(world, state=JobState.DONE, total=1)
    job.result_file.save("x", ContentFile(b"secret"))
    client = api_as(other)
    assert_error(client.get(f"/api/v1/jobs/{job.pk}"), 404, "not_found")
    assert_error(client.get(f"/api/v1/jobs/{job.pk}/result"), 404, "not_found")


@pytest.mark.parametrize("job_id", ["123", "abc", "9f1c2b7e-5d4a-4e36-8b0f-2a6c1d3e4f50"])
def test_an_unknown_or_malformed_id_is_not_found(world: World, api_as, job_id: str) -> None:
    assert_error(api_as("xa.quantri").get(f"/api/v1/jobs/{job_id}"), 404, "not_found")


def test_without_a_token_the_api_asks_for_one(world: World, api_client) -> None:
    job = _job(world)
    assert_error(api_client.get(f"/api/v1/jobs/{job.pk}"), 401, "unauthorized")
