from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lantoa.exemplars.digest import DIGEST_KIND, overdue_items_for, send_overdue_digest
from lantoa.exemplars.models import Record, RecordState
from lantoa.notifications.models import Notification
from lantoa.orgs.models import Organisation, Role
from lantoa.timeliness.calendar import VN_TZ
from tests.personas import World, make_user

NOW = datetime.datetime(2025, 10, 15, 7, 0, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_record(
    world: World,
    title: str,
    *,
    state: str,
    due_in_days: float,
    handling_org: Organisation | None = None,
    reporter: str = "xa.doan",
    **extra: Any,
) -> Record:
    org = world.youth_a
    return Record.objects.create(
        kind="good_deed",
        title=title,
        summary="Tóm tắt",
        org=org,
        org_path=org.path,
        org_name=org.name,
        handling_org=handling_org or world.front_a,
        reporter=world.user(reporter),
        state=state,
        state_since=timezone.now() - datetime.timedelta(days=20),
        due_at=timezone.now() + datetime.timedelta(days=due_in_days),
        **extra,
    )


def digests() -> list[Notification]:
    return list(Notification.objects.filter(kind=DIGEST_KIND).order_by("user__username"))


def test_a_verifier_gets_the_overdue_reports_of_their_organisation_most_overdue_first(
    world: World,
) -> None:
    late = make_record(world, "Trễ hai ngày", state=RecordState.REPORTED, due_in_days=-2)
    later = make_record(world, "Trễ năm ngày", state=RecordState.UNDER_VERIFICATION, due_in_days=-5)
    make_record(world, "Chưa đến hạn", state=RecordState.REPORTED, due_in_days=3)
    proposed = make_record(world, "Đề xuất trễ", state=RecordState.PROPOSED, due_in_days=-1)
    assert overdue_items_for(world.user("xa.mttq")) == [later, late, proposed]


def test_a_leader_gets_overdue_verified_and_nurtured_records(world: World) -> None:
    make_record(world, "Đang xác minh", state=RecordState.UNDER_VERIFICATION, due_in_days=-1)
    verified = make_record(world, "Đã xác minh", state=RecordState.VERIFIED, due_in_days=-1)
    nurturing = make_record(world, "Đang bồi dưỡng", state=RecordState.NURTURING, due_in_days=-3)
    make_record(world, "Đã tôn vinh", state=RecordState.RECOGNISED, due_in_days=-3)
    leader = make_user("xa.lanhdao", (world.front_a, Role.LEADER))
    assert overdue_items_for(leader) == [nurturing, verified]


def test_a_reporter_gets_their_own_overdue_returned_records(world: World) -> None:
    own = make_record(world, "Bị trả lại", state=RecordState.RETURNED, due_in_days=-1)
    make_record(
        world, "Của người khác", state=RecordState.RETURNED, due_in_days=-1, reporter="xa.mttq"
    )
    make_record(world, "Đang chờ xác minh", state=RecordState.REPORTED, due_in_days=-1)
    assert overdue_items_for(world.user("xa.doan")) == [own]


def test_records_without_a_due_date_or_for_users_without_a_role_are_ignored(world: World) -> None:
    record = make_record(world, "Không hạn", state=RecordState.REPORTED, due_in_days=-1)
    Record.objects.filter(pk=record.pk).update(due_at=None)
    assert overdue_items_for(world.user("xa.mttq")) == []
    assert overdue_items_for(world.user("bao.bientap")) == []


def test_the_digest_notifies_and_emails_only_the_users_concerned(
    world: World, django_capture_on_commit_callbacks
) -> None:
    make_record(world, "Cứu người đuối nước", state=RecordState.REPORTED, due_in_days=-2)
    make_record(world, "Chưa đến hạn", state=RecordState.REPORTED, due_in_days=2)
    other_commune = make_user("xab.mttq", (world.front_b, Role.VERIFIER))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_digest() == 1

    [digest] = digests()
    assert digest.user == world.user("xa.mttq")
    assert "Cứu người đuối nước" in digest.body
    assert "13/10/2025" in digest.body
    assert "Chưa đến hạn" not in digest.body
    assert not Notification.objects.filter(user=other_commune).exists()
    # The provincial verifier is not chased for a commune's queue.
    assert not Notification.objects.filter(user=world.user("tinh.mttq")).exists()

    [message] = mail.outbox
    assert message.to == ["xa.mttq@example.vn"]
    assert message.subject == digest.title
    assert "Cứu người đuối nước" in message.body


def test_the_title_counts_the_items(world: World) -> None:
    make_record(world, "Một", state=RecordState.REPORTED, due_in_days=-2)
    make_record(world, "Hai", state=RecordState.VERIFIED, due_in_days=-2)
    send_overdue_digest()
    [digest] = digests()
    assert "2" in digest.title
    assert "Một" in digest.body and "Hai" in digest.body


def test_a_second_run_the_same_day_sends_nothing(
    world: World, django_capture_on_commit_callbacks, _frozen_time
) -> None:
    make_record(world, "Trễ", state=RecordState.REPORTED, due_in_days=-2)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_digest() == 1
        _frozen_time.shift(datetime.timedelta(hours=16))  # 23:00 the same day in Vietnam
        assert send_overdue_digest() == 0
    assert len(digests()) == 1
    assert len(mail.outbox) == 1

    _frozen_time.shift(datetime.timedelta(hours=2))  # the next day
    with django_capture_on_commit_callbacks(execute=True):
        assert send_overdue_digest() == 1
    assert len(digests()) == 2
    assert len(mail.outbox) == 2


def test_nothing_overdue_sends_nothing(world: World) -> None:
    make_record(world, "Chưa đến hạn", state=RecordState.REPORTED, due_in_days=1)
    make_record(world, "Đã tôn vinh", state=RecordState.RECOGNISED, due_in_days=-9)
    assert send_overdue_digest() == 0
    assert digests() == []


def test_ended_memberships_and_inactive_users_are_not_notified(world: World) -> None:
    make_record(world, "Trễ", state=RecordState.REPORTED, due_in_days=-2)
    verifier = world.user("xa.mttq")
    verifier.memberships.update(ended_at=timezone.now())
    assert send_overdue_digest() == 0

    other = make_user("xa.xacminh", (world.front_a, Role.VERIFIER))
    other.is_active = False
    other.save(update_fields=["is_active"])
    assert send_overdue_digest() == 0


def test_the_digest_reads_a_bounded_number_of_queries_per_user(
    world: World, django_assert_max_num_queries
) -> None:
    for i in range(10):
        make_record(world, f"Trễ {i}", state=RecordState.REPORTED, due_in_days=-1 - i)
    with django_assert_max_num_queries(10):
        assert send_overdue_digest() == 1


def test_the_management_command_prints_the_count(world: World) -> None:
    make_record(world, "Trễ", state=RecordState.REPORTED, due_in_days=-2)
    out = StringIO()
    call_command("send_overdue_digest", stdout=out)
    assert "1" in out.getvalue()
    assert len(digests()) == 1


def test_the_digest_task_without_a_job_is_the_daily_run(
    world: World, django_capture_on_commit_callbacks
) -> None:
    from lantoa.exemplars.tasks import send_overdue_digest as digest_task

    make_record(world, "Quá hạn", state=RecordState.REPORTED, due_in_days=-2)
    with django_capture_on_commit_callbacks(execute=True):
        result = digest_task.enqueue()
    assert result.return_value == 1
    assert [n.user.username for n in digests()] == ["xa.mttq"]
    assert len(mail.outbox) == 1
