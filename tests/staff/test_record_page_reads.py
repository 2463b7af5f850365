"""What the record page reads (issue 15, session 8): the record with its plan, its names from
the per-process memo (`exemplars.names`), the actor's own units and the proposal targets
under the grants' version, the steps without their users, a nomination only behind a
citizen's report, the unbound forms' fields in one cache round trip — and the same 404s and
the same page for everything else."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantoa.exemplars import services
from lantoa.exemplars.models import PriorityGroup, Record, Sector
from lantoa.exemplars.services.catalogues import save_catalogue_entry
from lantoa.orgs.services import update_organisation
from lantoa.staff.forms.records import HonourForm, ProgressForm
from lantoa.staff.fragments import forms_fields
from tests.exemplars.helpers import report, step
from tests.personas import World
from tests.staff.helpers import page_text

VI = {"Accept-Language": "vi"}
FIELDS = "includes/form_fields.html"


def _url(record: Record) -> str:
    return reverse("staff:record_detail", args=[record.pk])


def _sql(client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=VI)
    assert response.status_code == 200
    return page_text(response), [q["sql"] for q in ctx.captured_queries]


def _named_record(world: World) -> Record:
    return report(
        world,
        sector=Sector.objects.get(code="health"),
        admin_unit=world.unit_a,
        new_subject=services.SubjectInput(
            full_name="Nguyễn Văn Ân",
            birth_year=1995,
            priority_group=PriorityGroup.objects.get(code="youth_members"),
        ),
    )


@pytest.fixture
def shared(settings, django_capture_on_commit_callbacks):
    """A cache shared by every process, as in production (decision 128)."""
    settings.CACHE_SHARED = True
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        yield
    cache.clear()


# --- Still a 404 outside the actor's scope -------------------------------------------------


def test_another_organisations_unverified_record_is_not_found(login, world: World) -> None:
    record = _named_record(world)
    assert login("xab.doan").get(_url(record)).status_code == 404


def test_a_role_without_the_registry_finds_no_record(login, world: World) -> None:
    record = _named_record(world)
    step(world, record, "xa.mttq", "verify")  # shared with every officer once verified
    assert login("bao.bientap").get(_url(record)).status_code == 404


def test_an_unknown_record_is_not_found(login, world: World) -> None:
    assert login("xa.mttq").get(reverse("staff:record_detail", args=[99999])).status_code == 404


# --- Names from the memo ------------------------------------------------------------------


def test_the_page_names_its_field_place_and_priority_group_without_joining_them(
    login, world: World
) -> None:
    record = _named_record(world)
    other = _named_record(world)
    client = login("xa.mttq")
    client.get(_url(record))  # the process's first page reads the names once
    text, sql = _sql(client, _url(other))
    sector = Sector.objects.get(code="health")
    group = PriorityGroup.objects.get(code="youth_members")
    assert sector.name in text and group.name in text and world.unit_a.name in text
    joined = " ".join(sql)
    for table in ("exemplars_sector", "exemplars_prioritygroup", "orgs_adminunit"):
        assert f'"{table}"' not in joined


def test_a_renamed_field_shows_at_once_on_the_record_page(login, world: World) -> None:
    record = _named_record(world)
    client = login("xa.mttq")
    assert Sector.objects.get(code="health").name in page_text(client.get(_url(record)))
    save_catalogue_entry(
        actor=world.user("quantri"),
        catalogue="sectors",
        entry=Sector.objects.get(code="health"),
        code="health",
        name="Y tế cộng đồng",
        name_en="Community health",
    )
    assert "Y tế cộng đồng" in page_text(client.get(_url(record), headers=VI))


# --- Reads that the page no longer makes -------------------------------------------------


def test_the_timeline_does_not_join_users_nor_organisations(login, world: World) -> None:
    record = _named_record(world)
    step(world, record, "xa.mttq", "verify", note="Đã gặp gia đình")
    text, sql = _sql(login("xa.doan"), _url(record))
    steps = [q for q in sql if '"exemplars_recordstep"' in q]
    assert len(steps) == 1
    assert '"accounts_user"' not in steps[0] and '"orgs_organisation"' not in steps[0]
    assert "Phạm Thị Xã" in text and world.front_a.name in text and "Đã gặp gia đình" in text


def test_an_officers_report_asks_for_no_nomination(login, world: World) -> None:
    record = _named_record(world)
    text, sql = _sql(login("xa.mttq"), _url(record))
    assert not any('"nominations_nomination"' in q for q in sql)
    assert 'data-testid="nomination-contact"' not in text


def test_the_plan_is_read_with_the_record(login, world: World) -> None:
    record = report(world, kind="good_practice", title="Mô hình tổ tự quản")
    step(world, record, "xa.mttq", "verify")
    step(
        world,
        record,
        "xa.mttq",
        "start_nurturing",
        plan=services.PlanInput(
            mentor_org=world.youth_a,
            goal="Nhân rộng ra ba xã",
            milestones=[services.MilestoneInput("Họp dân", datetime.date(2026, 9, 1))],
        ),
    )
    text, sql = _sql(login("xa.mttq"), _url(record))
    assert not any(q.lstrip().startswith('SELECT "exemplars_nurtureplan"') for q in sql)
    assert world.youth_a.name in text and "Nhân rộng ra ba xã" in text and "Họp dân" in text
    assert 'name="progress-text"' in text  # the progress form, shown to who follows the plan


def test_no_progress_form_without_a_plan(login, world: World) -> None:
    record = _named_record(world)
    step(world, record, "xa.mttq", "verify")
    assert 'name="progress-text"' not in page_text(login("xa.mttq").get(_url(record)))


# --- The actor's units and the proposal targets under the grants' version -----------------


def test_own_units_and_targets_are_read_once_then_follow_a_rename(
    shared, login, world: World
) -> None:
    record = _named_record(world)
    step(world, record, "xa.mttq", "verify")
    client = login("xa.mttq")
    first = page_text(client.get(_url(record), headers=VI))
    assert f'<option value="{world.front.pk}" selected>{world.front.name}</option>' in first
    _text, sql = _sql(client, _url(record))
    assert not any(q.lstrip().startswith('SELECT "orgs_organisation"') for q in sql)
    update_organisation(
        actor=world.user("quantri"),
        org=world.front,
        name="Ủy ban MTTQ tỉnh (mới)",
        kind=world.front.kind,
        admin_unit=world.front.admin_unit,
    )
    after = page_text(client.get(_url(record), headers=VI))
    assert "Ủy ban MTTQ tỉnh (mới)</option>" in after


# --- Unbound forms' fields in one round trip ----------------------------------------------


def test_forms_fields_asks_the_cache_once_and_draws_bound_forms_each_time() -> None:
    calls: list[list[str]] = []
    original = cache.get_many

    def counted(keys, *args, **kwargs):
        calls.append(list(keys))
        return original(keys, *args, **kwargs)

    cache.get_many = counted  # type: ignore[method-assign]
    try:
        bound = ProgressForm(data={"progress-text": ""})
        first = forms_fields([(FIELDS, HonourForm(), {}), (FIELDS, None, {}), (FIELDS, bound, {})])
        again = forms_fields([(FIELDS, HonourForm(), {}), (FIELDS, ProgressForm(), {})])
    finally:
        del cache.get_many
    # One round trip per call, and only for what this process has not drawn yet (the
    # honour form it drew is in its memory, decision 131).
    assert [len(keys) for keys in calls] == [1, 1]
    assert calls[0] != calls[1]
    assert 'name="honour-text"' in first[0] and first[1] == ""
    assert "invalid-feedback" in first[2]  # the bound form's error, never from the cache
    assert again[0] == first[0] and 'name="progress-text"' in again[1]
