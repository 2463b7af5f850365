"""The record page's own read (`exemplars.record_page`, issue 15, session 11): the same record
as `get_record_for` gives, in one query with the units from the memo of organisations; the
same 404 for a record outside the actor's scope; a renamed unit read again at once; the
person's consents, the latest given first."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantoa.core.errors import NotFound
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import services
from lantoa.exemplars.models import Record
from lantoa.exemplars.record_page import consents_shown, get_record_page_for
from lantoa.exemplars.selectors import get_record_for
from lantoa.orgs.services import update_organisation
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.redis_cache import use_redis


@pytest.fixture
def redis_cache(settings, django_capture_on_commit_callbacks):
    """Production's cache: Redis shared by every process, versions watched (decision 142)."""
    for prefix in use_redis(settings):
        with django_capture_on_commit_callbacks(execute=True):
            yield prefix


def _nurtured(world: World) -> Record:
    record = report(world, kind="good_practice", title="Mô hình tổ tự quản")
    step(world, record, "xa.mttq", "verify")
    plan = services.PlanInput(
        mentor_org=world.youth_a,
        milestones=[services.MilestoneInput("Họp dân", datetime.date(2099, 1, 10))],
    )
    return step(world, record, "xa.mttq", "start_nurturing", plan=plan)


def _shown(record: Record) -> tuple:
    """What the page shows of the record's relations."""
    plan = record.nurture_plan
    return (
        record.pk,
        record.state,
        (record.org.pk, record.org.name, record.org.path),
        (record.handling_org.pk, record.handling_org.name, record.handling_org.path),
        (record.subject.pk, record.subject.full_name, record.subject.phone),
        record.reporter.display_name if record.reporter else None,
        (plan.pk, plan.goal, plan.mentor_org.name, plan.mentor_org.path),
        record.sector,
        record.movement,
        record.admin_unit,
    )


def test_it_is_the_record_get_record_for_reads(world: World) -> None:
    record = _nurtured(world)
    actor = world.user("xa.mttq")
    assert _shown(get_record_page_for(actor, record.pk)) == _shown(get_record_for(actor, record.pk))


def test_it_reads_the_record_alone_and_its_units_from_memory(redis_cache, world: World) -> None:
    record = _nurtured(world)
    actor = world.user("xa.mttq")
    expected = _shown(get_record_for(actor, record.pk))
    get_record_page_for(actor, record.pk)  # the memo of organisations is filled
    with CaptureQueriesContext(connection) as ctx:
        assert _shown(get_record_page_for(actor, str(record.pk))) == expected
    assert len(ctx.captured_queries) == 1
    assert '"orgs_organisation"' not in ctx.captured_queries[0]["sql"]


def test_a_record_outside_the_scope_is_not_found(world: World) -> None:
    record = report(world)  # unverified: only the reporting tree sees it
    assert get_record_page_for(world.user("xa.mttq"), record.pk).pk == record.pk
    for actor, pk in (
        (world.user("xab.doan"), record.pk),
        (world.user("xa.mttq"), 10**9),
        (world.user("xa.mttq"), "abc"),
        (world.user("xa.mttq"), None),
    ):
        with pytest.raises(NotFound):
            get_record_page_for(actor, pk)


def test_a_renamed_unit_is_read_again_at_once(redis_cache, world: World) -> None:
    record = _nurtured(world)
    actor = world.user("xa.mttq")
    for _ in range(3):
        get_record_page_for(actor, record.pk)
    for org in (world.front_a, world.youth_a):  # the handling unit, the mentor unit
        update_organisation(
            actor=world.user("quantri"),
            org=org,
            name=f"{org.name} (tên mới)",
            kind=org.kind,
            admin_unit=org.admin_unit,
        )
    read = get_record_page_for(actor, record.pk)
    assert read.handling_org.name == f"{world.front_a.name} (tên mới)"
    assert read.nurture_plan.mentor_org.name == f"{world.youth_a.name} (tên mới)"


def test_the_consents_are_listed_the_latest_given_first(world: World) -> None:
    record = report(world)
    subject = record.subject
    assert consents_shown(subject) == []

    def give(purpose: str, day: int):
        return consent_services.record_consent(
            evidence_kind="in_person",
            evidence_note="Đồng ý trực tiếp.",
            actor=world.user("xa.doan"),
            subject=subject,
            purpose=purpose,
            given_by="subject",
            given_on=datetime.date(2025, 6, day),
        )

    photo, story, name = give("show_photo", 3), give("publish_story", 9), give("show_full_name", 3)
    consent_services.withdraw_consent(actor=world.user("xa.doan"), consent=photo)
    with CaptureQueriesContext(connection) as ctx:
        shown = consents_shown(subject)
        officers = {str(c.recorded_by) for c in shown}
    assert [c.pk for c in shown] == [story.pk, name.pk, photo.pk]
    assert shown[2].withdrawn_at is not None
    assert officers == {str(world.user("xa.doan"))}
    assert len(ctx.captured_queries) == 2  # the consents, then their officers at once
