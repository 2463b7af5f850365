from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from lantoa.core.errors import NotFound
from lantoa.jobs.models import Job
from lantoa.jobs.selectors import get_job_for
from tests.personas import World


def _job(world: World, owner: str) -> Job:
    return Job.objects.create(owner=world.user(owner), kind="test", title="Việc")


def test_the_owner_sees_their_job(world: World) -> None:
    job = _job(world, "xa.quantri")
    assert get_job_for(world.user("xa.quantri"), job.pk) == job
    assert get_job_for(world.user("xa.quantri"), str(job.pk)) == job


@pytest.mark.parametrize("other", ["quantri", "xa.mttq", "xab.doan"])
def test_someone_elses_job_is_not_found_even_for_a_system_admin(world: World, other: str):
    job = _job(world, "xa.quantri")
    with pytest.raises(NotFound):
        get_job_for(world.user(other), job.pk)


@pytest.mark.parametrize("job_id", ["42", "not-a-uuid", "", "4b2e9c1a-7d3f-4a58-9e61-0c8f2d5b7a93"])
def test_a_malformed_or_unknown_id_is_not_found(world: World, job_id: str) -> None:
    with pytest.raises(NotFound):
        get_job_for(world.user("xa.quantri"), job_id)


def test_an_anonymous_visitor_finds_nothing(world: World) -> None:
    job = _job(world, "xa.quantri")
    with pytest.raises(NotFound):
        get_job_for(AnonymousUser(), job.pk)
