from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from lantoa.timeliness.calendar import (
    VN_TZ,
    add_working_days,
    due_for,
    is_working_day,
    working_days_between,
)
from lantoa.timeliness.models import DuePolicy, Holiday

pytestmark = pytest.mark.django_db


def local(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN_TZ)


def end_of(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date(year, month, day), datetime.time.max, VN_TZ)


def test_a_friday_report_is_due_ten_working_days_later_skipping_weekends() -> None:
    # Friday 3/10/2025: counting starts on Monday 6/10; two working weeks end on Friday 17/10.
    assert add_working_days(local(2025, 10, 3, 10, 0), 10) == end_of(2025, 10, 17)


def test_the_time_of_day_does_not_change_the_deadline() -> None:
    morning = add_working_days(local(2025, 10, 3, 0, 1), 10)
    evening = add_working_days(local(2025, 10, 3, 23, 59), 10)
    assert morning == evening == end_of(2025, 10, 17)


def test_the_local_day_counts_not_the_utc_day() -> None:
    # 20:00 UTC on Thursday is 03:00 on Friday in Vietnam.
    start = datetime.datetime(2025, 10, 2, 20, 0, tzinfo=datetime.UTC)
    assert add_working_days(start, 10) == end_of(2025, 10, 17)


def test_the_deadline_is_the_last_microsecond_of_the_day_in_vietnam() -> None:
    due = add_working_days(local(2025, 10, 3, 10, 0), 1)
    assert due.astimezone(VN_TZ).time() == datetime.time(23, 59, 59, 999999)
    assert due == datetime.datetime(2025, 10, 6, 16, 59, 59, 999999, tzinfo=datetime.UTC)


def test_the_tet_holiday_block_of_2026_is_skipped() -> None:
    # Thursday 12/2/2026: Friday 13 is day 1, Tết closes 16–20/2 (Mùng 1 is 17/2), then
    # 23–27/2 are days 2–6 and 2–5/3 days 7–10.
    assert add_working_days(local(2026, 2, 12, 9, 0), 10) == end_of(2026, 3, 5)


def test_national_day_2025_and_its_adjacent_day_are_skipped() -> None:
    # Friday 29/8/2025: Monday 1/9 and Tuesday 2/9 are off.
    assert add_working_days(local(2025, 8, 29, 9, 0), 10) == end_of(2025, 9, 16)


def test_a_swapped_saturday_is_a_working_day_and_its_bridge_day_is_not() -> None:
    # 2025: Saturday 26/4 worked so that Friday 2/5 bridges 30/4–1/5 to the weekend.
    assert is_working_day(datetime.date(2025, 4, 26))
    assert not is_working_day(datetime.date(2025, 5, 2))
    # Friday 25/4: 26, 28, 29/4, then 5–9/5 and 12–13/5.
    assert add_working_days(local(2025, 4, 25, 9, 0), 10) == end_of(2025, 5, 13)


def test_is_working_day() -> None:
    assert is_working_day(datetime.date(2025, 10, 6))  # Monday
    assert not is_working_day(datetime.date(2025, 10, 4))  # Saturday
    assert not is_working_day(datetime.date(2025, 10, 5))  # Sunday
    assert not is_working_day(datetime.date(2026, 2, 17))  # Mùng 1 Tết
    assert not is_working_day(datetime.date(2025, 1, 1))
    assert not is_working_day(datetime.date(2026, 4, 27))  # Hùng Kings (Sunday) compensated


def test_a_step_may_cross_the_new_year() -> None:
    # Monday 22/12/2025: 23–26/12 (4), 29–31/12 (7), 1/1 off, 2/1 (8), 5–6/1 (10).
    assert add_working_days(local(2025, 12, 22, 9, 0), 10) == end_of(2026, 1, 6)


def test_zero_days_is_the_end_of_the_same_day_and_negative_is_refused() -> None:
    assert add_working_days(local(2025, 10, 3, 9, 0), 0) == end_of(2025, 10, 3)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(local(2025, 10, 3, 9, 0), -1)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        add_working_days(datetime.datetime(2025, 10, 3, 9, 0), 1)


def test_working_days_between() -> None:
    start = local(2025, 8, 29, 9, 0)
    end = local(2025, 9, 16, 15, 0)
    assert working_days_between(start, end) == 10
    assert working_days_between(end, start) == -10
    assert working_days_between(start, start) == 0
    # Over a weekend only: Friday to Sunday.
    assert working_days_between(local(2025, 10, 3, 9, 0), local(2025, 10, 5, 9, 0)) == 0
    # Across Tết 2026: Friday 13/2 to Monday 23/2 is one working day.
    assert working_days_between(local(2026, 2, 13, 9, 0), local(2026, 2, 23, 9, 0)) == 1


@pytest.mark.parametrize("days", [1, 5, 10, 15, 40])
def test_working_days_between_inverts_add_working_days(days: int) -> None:
    start = local(2026, 1, 30, 16, 0)
    assert working_days_between(start, add_working_days(start, days)) == days


def test_holidays_are_read_once_per_call_and_then_cached(django_assert_num_queries) -> None:
    start = local(2026, 2, 12, 9, 0)
    with django_assert_num_queries(1):
        add_working_days(start, 40)
    with django_assert_num_queries(0):
        add_working_days(start, 40)


def test_a_new_holiday_takes_effect_at_once() -> None:
    start = local(2025, 10, 3, 10, 0)
    assert add_working_days(start, 10) == end_of(2025, 10, 17)
    holiday = Holiday.objects.create(date=datetime.date(2025, 10, 10), name="Ngày nghỉ thử")
    assert add_working_days(start, 10) == end_of(2025, 10, 20)
    holiday.delete()
    assert add_working_days(start, 10) == end_of(2025, 10, 17)


@time_machine.travel(datetime.datetime(2025, 10, 3, 10, 0, tzinfo=VN_TZ), tick=False)
def test_due_for_uses_the_policy_and_a_change_takes_effect() -> None:
    now = timezone.now()
    assert due_for("verification", now) == end_of(2025, 10, 17)
    assert due_for("proposal", now) == end_of(2025, 10, 24)
    assert due_for("resubmission", now) == end_of(2025, 10, 17)

    DuePolicy.objects.filter(step="verification").update(working_days=5)
    assert due_for("verification", now) == end_of(2025, 10, 10)


def test_due_for_falls_back_to_the_default_when_the_policy_row_is_missing() -> None:
    DuePolicy.objects.all().delete()
    start = local(2025, 10, 3, 10, 0)
    assert due_for("verification", start) == end_of(2025, 10, 17)
    assert due_for("proposal", start) == end_of(2025, 10, 24)


def test_due_for_refuses_an_unknown_step() -> None:
    with pytest.raises(ValueError, match="Unknown step"):
        due_for("coffee", local(2025, 10, 3, 10, 0))
