"""Working days and due dates in Vietnam (Asia/Ho_Chi_Minh).

A working day is Monday to Friday, less the `Holiday` rows, plus the Saturdays marked as
worked in exchange (`is_working_day_swap`). A step of N working days that starts at any
moment of day D ends at the end (23:59:59.999999 local time) of the Nth working day after D:
a report made on Friday evening and one made on Friday morning have the same deadline.

Holidays are read once per call, for the years the call needs, through the cache (shared
by every process when the cache is Redis); saving or deleting a `Holiday` starts a new
cache version.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.utils import timezone

from lantoa.timeliness.models import DuePolicy, Holiday, Step

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Used when a policy row is missing (the data migration seeds the same values).
DEFAULT_WORKING_DAYS: dict[str, int] = {
    Step.VERIFICATION: 10,
    Step.PROPOSAL: 15,
    Step.RESUBMISSION: 10,
}

_VERSION_KEY = "timeliness:holidays:version"
_CACHE_SECONDS = 3600
# Years loaded beyond the start's year: enough for any realistic step in one query.
_YEARS_AHEAD = 1


@dataclass(frozen=True)
class WorkingCalendar:
    """The days off and worked Saturdays of the years first_year..last_year."""

    first_year: int
    last_year: int
    days_off: frozenset[datetime.date]
    worked_days: frozenset[datetime.date]

    def covers(self, day: datetime.date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.worked_days:
            return True
        return day.weekday() < 5 and day not in self.days_off


def _cache_version() -> str:
    version = cache.get(_VERSION_KEY)
    if version is None:
        # add(): two processes starting together agree on one version.
        cache.add(_VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(_VERSION_KEY) or "none"
    return str(version)


def invalidate_holiday_cache() -> None:
    cache.set(_VERSION_KEY, secrets.token_hex(8), None)


def calendar_for(first_year: int, last_year: int) -> WorkingCalendar:
    """The working calendar of a range of years: one query, or none when cached."""
    key = f"timeliness:holidays:{_cache_version()}:{first_year}-{last_year}"
    cached = cache.get(key)
    if cached is None:
        rows = Holiday.objects.filter(
            date__gte=datetime.date(first_year, 1, 1), date__lte=datetime.date(last_year, 12, 31)
        ).values_list("date", "is_working_day_swap")
        off = [day.toordinal() for day, swap in rows if not swap]
        worked = [day.toordinal() for day, swap in rows if swap]
        cached = (off, worked)
        cache.set(key, cached, _CACHE_SECONDS)
    off, worked = cached
    return WorkingCalendar(
        first_year=first_year,
        last_year=last_year,
        days_off=frozenset(datetime.date.fromordinal(n) for n in off),
        worked_days=frozenset(datetime.date.fromordinal(n) for n in worked),
    )


def _local_date(moment: datetime.datetime) -> datetime.date:
    if timezone.is_naive(moment):
        raise ValueError("An aware datetime is required.")
    return moment.astimezone(VN_TZ).date()


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last microsecond of `day` in Vietnam."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=VN_TZ)


def is_working_day(d: datetime.date) -> bool:
    return calendar_for(d.year, d.year).is_working_day(d)


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the `days`-th working day after the local day of `start` (aware).

    `days=0` gives the end of the start's own day.
    """
    if days < 0:
        raise ValueError("days must not be negative.")
    day = _local_date(start)
    calendar = calendar_for(day.year, day.year + _YEARS_AHEAD)
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if not calendar.covers(day):
            calendar = calendar_for(day.year, day.year + _YEARS_AHEAD)
        if calendar.is_working_day(day):
            remaining -= 1
    return end_of_day(day)


def working_days_between(a: datetime.datetime, b: datetime.datetime) -> int:
    """Working days after the local day of `a` up to and including the local day of `b`;
    negative when `b` is before `a`. `working_days_between(s, add_working_days(s, n)) == n`."""
    first, last = _local_date(a), _local_date(b)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    calendar = calendar_for(first.year, last.year)
    count = 0
    day = first
    while day < last:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return sign * count


def working_days_for(step: str) -> int:
    """The policy's number of working days for `step`, or the default if no row exists."""
    days = DuePolicy.objects.filter(step=step).values_list("working_days", flat=True).first()
    if days is not None:
        return days
    try:
        return DEFAULT_WORKING_DAYS[step]
    except KeyError:
        raise ValueError(f"Unknown step {step!r}.") from None


def due_for(step: str, start: datetime.datetime) -> datetime.datetime:
    """When a step that starts at `start` is due, per its `DuePolicy`."""
    return add_working_days(start, working_days_for(step))
