"""The record page's steps, evidence, honours and replications are read once per change of
the record (`exemplars.selectors.parts_of`, kept under the record's `updated_at` and the
grants' version): the next view asks the database for none of them, every write that shows
on the page is seen by the next view at once, and a record outside the actor's scope is
still a 404 (issue 15, session 9)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from lantoa.core import versioned
from lantoa.core.uploads import clean_upload
from lantoa.exemplars import consent as consent_services
from lantoa.exemplars import publishing, services
from lantoa.exemplars.models import Milestone, Record
from lantoa.exemplars.roles import RecordAction
from lantoa.exemplars.selectors import parts_key, parts_of
from lantoa.exemplars.services import ReportChanges
from lantoa.orgs.access import GRANTS_VERSION
from lantoa.orgs.services import update_organisation
from lantoa.staff.views.records_common import own_orgs_for, proposal_targets
from tests.exemplars.helpers import PUBLIC_TEXT, report, step
from tests.personas import World
from tests.redis_cache import Commands, use_redis
from tests.staff.helpers import page_text, replicated, verified

VI = {"Accept-Language": "vi"}
PARTS = (
    '"exemplars_recordstep"',
    '"exemplars_evidence"',
    '"exemplars_honour"',
    '"exemplars_replication"',
    '"exemplars_publication"',
)


@pytest.fixture
def redis_cache(settings, django_capture_on_commit_callbacks):
    """Production's cache: Redis shared by every process, versions watched (decision 142)."""
    for prefix in use_redis(settings):
        with django_capture_on_commit_callbacks(execute=True):
            yield prefix


def _url(record: Record) -> str:
    return reverse("staff:record_detail", args=[record.pk])


def _view(client, record: Record) -> tuple[str, list[str]]:
    """The page's text and the SQL of the queries that read the record's parts."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_url(record), headers=VI)
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    return page_text(response), [q for q in sql if any(table in q for table in PARTS)]


def _unmasked(page: str) -> str:
    """The page without its CSRF tokens (masked anew on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _verified(world: World) -> Record:
    return verified(world, note="Đã gặp gia đình")


def _photo(name: str = "anh-moi.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(out, "JPEG")
    return clean_upload(name=name, data=out.getvalue())


def test_the_second_view_reads_none_of_the_parts(redis_cache, login, world: World) -> None:
    record = _verified(world)
    client = login("xa.mttq")
    first, reads = _view(client, record)
    assert len(reads) == 5 and "Đã gặp gia đình" in first
    again, reads = _view(client, record)
    assert reads == [] and _unmasked(again) == _unmasked(first)


def test_the_second_view_reads_the_record_alone_and_no_unit(
    redis_cache, login, world: World
) -> None:
    """The page's own read names its units from the memo of organisations (decision 180)."""
    record = _verified(world)
    client = login("xa.mttq")
    _view(client, record)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(_url(record), headers=VI).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len([q for q in sql if 'FROM "exemplars_record"' in q]) == 1
    assert not [q for q in sql if '"orgs_organisation"' in q]


def test_without_a_shared_cache_the_parts_are_read_every_time(login, world: World) -> None:
    record = _verified(world)
    client = login("xa.mttq")
    _view(client, record)
    assert len(_view(client, record)[1]) == 5  # steps, evidence, honours, replications, publication


def test_a_record_outside_the_scope_is_not_found_with_its_parts_cached(
    redis_cache, login, world: World
) -> None:
    record = report(world)  # unverified: only the reporting tree sees it
    assert login("xa.mttq").get(_url(record)).status_code == 200
    assert login("xab.doan").get(_url(record)).status_code == 404


def test_a_step_shows_at_once(redis_cache, login, world: World) -> None:
    record = report(world)
    client = login("xa.mttq")
    assert "Đã xác minh tại nhà" not in _view(client, record)[0]
    step(world, record, "xa.mttq", "verify", note="Đã xác minh tại nhà")
    text, reads = _view(client, record)
    assert "Đã xác minh tại nhà" in text and len(reads) == 5


def test_an_honour_shows_at_once(redis_cache, login, world: World) -> None:
    record = _verified(world)
    client = login("xa.mttq")
    _view(client, record)
    services.add_honour(actor=world.user("xa.mttq"), record=record, text="Bằng khen của tỉnh")
    assert "Bằng khen của tỉnh" in _view(client, record)[0]


def test_a_replication_and_its_confirmation_show_at_once(redis_cache, login, world: World) -> None:
    record = _verified(world)
    client = login("xab.doan")
    assert 'data-testid="replication"' not in _view(client, record)[0]
    replication = replicated(world, record)
    confirm_url = reverse("staff:record_replication_confirm", args=[record.pk, replication.pk])
    text = _view(client, record)[0]
    assert "Mở lớp dạy bơi" in text and confirm_url in text
    services.confirm_replication(actor=world.user("xab.doan"), replication=replication)
    text = _view(client, record)[0]
    assert "Mở lớp dạy bơi" in text and confirm_url not in text


def test_evidence_added_on_resubmission_shows_at_once(redis_cache, login, world: World) -> None:
    record = step(world, report(world), "xa.mttq", "return", note="Cần thêm ảnh")
    client = login("xa.doan")
    assert 'id="photos-title"' not in _view(client, record)[0]
    step(
        world,
        record,
        "xa.doan",
        "resubmit",
        note="Đã bổ sung",
        changes=ReportChanges(files=[_photo()]),
    )
    text = _view(client, record)[0]
    assert 'id="photos-title"' in text and "Đã bổ sung" in text


def test_a_milestone_done_shows_at_once(redis_cache, login, world: World) -> None:
    record = step(world, report(world, kind="good_practice"), "xa.mttq", "verify")
    step(
        world,
        record,
        "xa.mttq",
        "start_nurturing",
        plan=services.PlanInput(
            mentor_org=world.youth_a,
            milestones=[services.MilestoneInput("Họp dân", datetime.date(2026, 9, 1))],
        ),
    )
    client = login("xa.mttq")
    before = _view(client, record)[0]
    assert 'data-action="milestone"' not in before
    services.complete_milestone(
        actor=world.user("xa.mttq"), milestone=Milestone.objects.get(plan__record=record)
    )
    assert 'data-action="milestone"' in _view(client, record)[0]


def test_two_changes_in_the_same_instant_each_change_the_key(redis_cache, world: World) -> None:
    record = _verified(world)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 8, 0, tzinfo=datetime.UTC), tick=False):
        services.add_honour(actor=world.user("xa.mttq"), record=record, text="Giấy khen một")
        first = parts_key(Record.objects.get(pk=record.pk))
        services.add_honour(actor=world.user("xa.mttq"), record=record, text="Giấy khen hai")
        second = Record.objects.get(pk=record.pk)
    assert parts_key(second) != first
    assert [h.text for h in parts_of(second).honours] == ["Giấy khen một", "Giấy khen hai"]


def test_a_change_of_the_grants_version_reads_the_parts_again(redis_cache, world: World) -> None:
    """A move rewrites a replication's unit path without touching the record; it replaces
    the grants' version (`orgs.services._rewrite_paths`), under which the parts are kept."""
    record = Record.objects.get(pk=_verified(world).pk)
    parts_of(record)
    with CaptureQueriesContext(connection) as ctx:
        parts_of(record)
    assert len(ctx.captured_queries) == 0
    versioned.changed(GRANTS_VERSION)
    with CaptureQueriesContext(connection) as ctx:
        parts_of(record)
    assert len(ctx.captured_queries) == 5


def test_a_first_publication_and_its_withdrawal_show_at_once(
    redis_cache, login, world: World
) -> None:
    record = _verified(world)
    consent = consent_services.record_consent(
        evidence_kind="in_person",
        evidence_note="Đồng ý trực tiếp.",
        actor=world.user("xa.doan"),
        subject=record.subject,
        purpose="publish_story",
        given_by="subject",
        given_on=datetime.date(2025, 6, 1),
    )
    client = login("xa.mttq")
    assert 'data-testid="live-story"' not in _view(client, record)[0]
    assert not any('"exemplars_publication"' in q for q in _view(client, record)[1])
    publishing.publish_record(
        actor=world.user("xa.mttq"),
        record=record,
        **PUBLIC_TEXT,
        name_display="hidden",
        show_photos=False,
        place_display="province",
    )
    assert 'data-testid="live-story"' in _view(client, record)[0]
    consent_services.withdraw_consent(actor=world.user("xa.doan"), consent=consent)
    text = _view(client, record)[0]
    assert 'data-testid="live-story"' not in text and 'data-state="taken_down"' in text


def test_own_units_and_targets_come_from_memory_until_a_unit_is_renamed(
    redis_cache, world: World, monkeypatch
) -> None:
    """They are kept under the grants' version, watched like the grants (decision 142)."""
    actor = world.user("xa.mttq")

    def read() -> tuple[list[str], list[str]]:
        own = own_orgs_for(actor, RecordAction.REPLICATE)
        targets = proposal_targets(world.front_a)
        return [o.name for o in own], [o.name for o in targets]

    first = read()
    assert world.front_a.name in first[0] and world.front.name in first[1]
    for _ in range(3):
        read()  # the version's creation is reported once
    commands = Commands(monkeypatch)
    with CaptureQueriesContext(connection) as ctx:
        assert commands.during(read) == (first, 0)
    assert len(ctx.captured_queries) == 0
    update_organisation(
        actor=world.user("quantri"),
        org=world.front,
        name="Ủy ban MTTQ tỉnh (mới)",
        kind=world.front.kind,
        admin_unit=world.front.admin_unit,
    )
    assert "Ủy ban MTTQ tỉnh (mới)" in read()[1]
