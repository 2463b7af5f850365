from __future__ import annotations

import datetime

import pytest

from lantoa.timeliness import holidays_vn
from lantoa.timeliness.models import DuePolicy, Holiday

YEARS = range(holidays_vn.FIRST_YEAR, holidays_vn.LAST_YEAR + 1)


@pytest.mark.django_db
def test_the_migration_seeded_exactly_the_table_of_the_module() -> None:
    # A change to holidays_vn.py needs a data migration: this test says so.
    seeded = set(Holiday.objects.values_list("date", "name", "is_working_day_swap"))
    assert seeded == {tuple(row) for row in holidays_vn.all_holidays()}


@pytest.mark.django_db
def test_the_migration_seeded_the_default_policies() -> None:
    assert dict(DuePolicy.objects.values_list("step", "working_days")) == {
        "verification": 10,
        "proposal": 15,
        "resubmission": 10,
    }


def test_every_year_has_tet_hung_kings_and_the_fixed_holidays() -> None:
    days = {row.date for row in holidays_vn.all_holidays() if not row.is_working_day_swap}
    for year in YEARS:
        assert holidays_vn.TET_DAY_ONE[year] in days
        assert holidays_vn.HUNG_KINGS_DAY[year] in days
        for month, day in [(1, 1), (4, 30), (5, 1), (9, 2)]:
            assert datetime.date(year, month, day) in days


@pytest.mark.parametrize("year", list(YEARS))
def test_tet_gives_five_working_days_off(year: int) -> None:
    day_one = holidays_vn.TET_DAY_ONE[year]
    near = [
        row.date
        for row in holidays_vn.holidays_for_year(year)
        if row.name.startswith(holidays_vn.TET) and row.date.weekday() < 5
    ]
    assert len(near) == 5
    assert all(abs((day - day_one).days) <= 4 for day in near)


def test_national_day_has_an_adjacent_day_off_from_2021() -> None:
    for year in YEARS:
        national = datetime.date(year, 9, 2)
        names = {row.date: row.name for row in holidays_vn.holidays_for_year(year)}
        adjacent = [national + datetime.timedelta(days=d) for d in (-1, 1)]
        has_adjacent = any(names.get(day) == holidays_vn.NATIONAL for day in adjacent)
        assert has_adjacent == (year >= 2021), year


def test_known_government_decisions() -> None:
    off = {row.date for row in holidays_vn.all_holidays() if not row.is_working_day_swap}
    worked = {row.date for row in holidays_vn.all_holidays() if row.is_working_day_swap}
    # Tết Ất Tỵ 2025: 27–31/1; 30/4 2025 bridged with Friday 2/5, worked back on 26/4.
    assert {datetime.date(2025, 1, d) for d in range(27, 32)} <= off
    assert datetime.date(2025, 5, 2) in off
    assert datetime.date(2025, 4, 26) in worked
    # Tết Bính Ngọ 2026: 16–20/2.
    assert {datetime.date(2026, 2, d) for d in range(16, 21)} <= off
    # 2023: Hùng Kings and 30/4 on a weekend, compensated on 2/5 and 3/5.
    assert {datetime.date(2023, 5, 2), datetime.date(2023, 5, 3)} <= off
    # Tết 2030 is 2/2 in Vietnam (UTC+7), 3/2 in China.
    assert holidays_vn.TET_DAY_ONE[2030] == datetime.date(2030, 2, 2)


def test_worked_days_are_saturdays_and_dates_are_unique() -> None:
    rows = holidays_vn.all_holidays()
    assert len({row.date for row in rows}) == len(rows)
    assert all(row.date.weekday() == 5 for row in rows if row.is_working_day_swap)
