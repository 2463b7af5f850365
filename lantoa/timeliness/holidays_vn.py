"""Vietnamese public holidays 2014–2030, as days off for offices that work Monday–Friday.

The rules (Labour Code 2012 art. 115, Labour Code 2019 art. 112, Decree 145/2020 art. 67):

- New Year 1/1, Hùng Kings 10/3 lunar, 30/4, 1/5, 2/9: a holiday that falls on a Saturday or a
  Sunday is compensated on the next working day that is not already a holiday.
- Tết: five days, the eve (30 Tết) to Mùng 4. A Saturday in the block is compensated on the
  working day before it, a Sunday on the working day after it. This reproduces every
  government decision from 2014 to 2026 (e.g. 2025: 27–31/1, 2026: 16–20/2); later years
  follow the same rule until their decision is published.
- 2/9: from 2021 one adjacent day (Monday → Tuesday, Tuesday/Wednesday/Friday/Saturday → the
  day before, Thursday/Sunday → the day after), as the Prime Minister decides each year.
- Vietnam Culture Day 24/11: a paid day off from 2026 (Resolution 80-NQ/TW).
- Swaps decided each year: an extra day off bridging a holiday, worked back on a Saturday
  (`SWAPS`); the Saturday is stored with `is_working_day_swap=True`.

Lunar dates are in Vietnam's time zone (UTC+7), which can differ from China's by a day:
Tết 2030 is 2/2 in Vietnam, 3/2 in China.

The `timeliness` migrations copy the resulting table: a change here needs a new data
migration (a test compares this table with the database).
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

FIRST_YEAR = 2014
LAST_YEAR = 2030

# Mùng 1 Tết (lunar new year), Gregorian date, Vietnamese calendar.
TET_DAY_ONE: dict[int, datetime.date] = {
    2014: datetime.date(2014, 1, 31),
    2015: datetime.date(2015, 2, 19),
    2016: datetime.date(2016, 2, 8),
    2017: datetime.date(2017, 1, 28),
    2018: datetime.date(2018, 2, 16),
    2019: datetime.date(2019, 2, 5),
    2020: datetime.date(2020, 1, 25),
    2021: datetime.date(2021, 2, 12),
    2022: datetime.date(2022, 2, 1),
    2023: datetime.date(2023, 1, 22),
    2024: datetime.date(2024, 2, 10),
    2025: datetime.date(2025, 1, 29),
    2026: datetime.date(2026, 2, 17),
    2027: datetime.date(2027, 2, 6),
    2028: datetime.date(2028, 1, 26),
    2029: datetime.date(2029, 2, 13),
    2030: datetime.date(2030, 2, 2),
}

# Giỗ Tổ Hùng Vương, 10/3 lunar, Gregorian date.
HUNG_KINGS_DAY: dict[int, datetime.date] = {
    2014: datetime.date(2014, 4, 9),
    2015: datetime.date(2015, 4, 28),
    2016: datetime.date(2016, 4, 16),
    2017: datetime.date(2017, 4, 6),
    2018: datetime.date(2018, 4, 25),
    2019: datetime.date(2019, 4, 14),
    2020: datetime.date(2020, 4, 2),
    2021: datetime.date(2021, 4, 21),
    2022: datetime.date(2022, 4, 10),
    2023: datetime.date(2023, 4, 29),
    2024: datetime.date(2024, 4, 18),
    2025: datetime.date(2025, 4, 7),
    2026: datetime.date(2026, 4, 26),
    2027: datetime.date(2027, 4, 16),
    2028: datetime.date(2028, 4, 4),
    2029: datetime.date(2029, 4, 23),
    2030: datetime.date(2030, 4, 12),
}

# (extra day off, the Saturday worked instead), from the government's annual decisions.
SWAPS: tuple[tuple[datetime.date, datetime.date], ...] = (
    (datetime.date(2014, 5, 2), datetime.date(2014, 4, 26)),
    (datetime.date(2014, 9, 1), datetime.date(2014, 9, 6)),
    (datetime.date(2015, 1, 2), datetime.date(2014, 12, 27)),
    (datetime.date(2015, 2, 16), datetime.date(2015, 2, 14)),
    (datetime.date(2015, 4, 29), datetime.date(2015, 4, 25)),
    (datetime.date(2018, 12, 31), datetime.date(2019, 1, 5)),
    (datetime.date(2019, 4, 29), datetime.date(2019, 5, 4)),
    (datetime.date(2024, 4, 29), datetime.date(2024, 5, 4)),
    (datetime.date(2025, 5, 2), datetime.date(2025, 4, 26)),
    (datetime.date(2026, 8, 31), datetime.date(2026, 8, 22)),
)

NEW_YEAR = "Tết Dương lịch"
TET = "Tết Nguyên Đán"
HUNG_KINGS = "Giỗ Tổ Hùng Vương"
LIBERATION = "Ngày Giải phóng miền Nam, thống nhất đất nước"
LABOUR = "Ngày Quốc tế Lao động"
NATIONAL = "Quốc khánh"
CULTURE = "Ngày Văn hóa Việt Nam"
OBSERVED = "{name} (nghỉ bù)"
SWAP_OFF = "Nghỉ hoán đổi (làm bù thứ Bảy {saturday:%d/%m/%Y})"
SWAP_WORK = "Làm bù cho ngày nghỉ {day_off:%d/%m/%Y}"

# 2/9's adjacent day off from 2021, by the weekday of 2/9 (Monday = 0).
NATIONAL_DAY_ADJACENT = {0: +1, 1: -1, 2: -1, 3: +1, 4: -1, 5: -1, 6: +1}


class HolidayRow(NamedTuple):
    date: datetime.date
    name: str
    is_working_day_swap: bool = False


def _is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= 5


def _tet_days(day_one: datetime.date) -> list[tuple[datetime.date, str]]:
    block = [day_one + datetime.timedelta(days=delta) for delta in range(-1, 4)]
    days = [(day, TET) for day in block]
    before, after = block[0], block[-1]
    for day in block:
        if day.weekday() == 5:  # Saturday: compensated on the working day before the block
            before -= datetime.timedelta(days=1)
            while _is_weekend(before):
                before -= datetime.timedelta(days=1)
            days.append((before, OBSERVED.format(name=TET)))
        elif day.weekday() == 6:  # Sunday: on the working day after it
            after += datetime.timedelta(days=1)
            while _is_weekend(after):
                after += datetime.timedelta(days=1)
            days.append((after, OBSERVED.format(name=TET)))
    return days


def holidays_for_year(year: int) -> list[HolidayRow]:
    """The days off (and worked Saturdays) of one year, by date."""
    days: dict[datetime.date, str] = {}
    compensated: list[tuple[datetime.date, str]] = []

    def add(day: datetime.date, name: str, *, compensate: bool = True) -> None:
        days.setdefault(day, name)
        if compensate and _is_weekend(day):
            compensated.append((day, name))

    add(datetime.date(year, 1, 1), NEW_YEAR)
    for day, name in _tet_days(TET_DAY_ONE[year]):
        add(day, name, compensate=False)
    add(HUNG_KINGS_DAY[year], HUNG_KINGS)
    add(datetime.date(year, 4, 30), LIBERATION)
    add(datetime.date(year, 5, 1), LABOUR)
    national = datetime.date(year, 9, 2)
    add(national, NATIONAL)
    if year >= 2021:
        delta = NATIONAL_DAY_ADJACENT[national.weekday()]
        add(national + datetime.timedelta(days=delta), NATIONAL)
    if year >= 2026:
        add(datetime.date(year, 11, 24), CULTURE)

    for day, name in sorted(compensated):
        observed = day
        while _is_weekend(observed) or observed in days:
            observed += datetime.timedelta(days=1)
        days[observed] = OBSERVED.format(name=name)

    rows = [HolidayRow(day, name) for day, name in days.items()]
    for day_off, saturday in SWAPS:
        if day_off.year == year:
            rows.append(HolidayRow(day_off, SWAP_OFF.format(saturday=saturday)))
        if saturday.year == year:
            rows.append(HolidayRow(saturday, SWAP_WORK.format(day_off=day_off), True))
    return sorted(rows)


def all_holidays() -> list[HolidayRow]:
    """Every row from FIRST_YEAR to LAST_YEAR (the seed of the Holiday table)."""
    return [row for year in range(FIRST_YEAR, LAST_YEAR + 1) for row in holidays_for_year(year)]
