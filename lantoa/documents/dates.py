"""Dates as a rule of the style: which numbers get a leading zero is layout data."""

from __future__ import annotations

import datetime
from typing import Any


def place_and_date(spec: dict[str, Any], place: str, day: datetime.date) -> str:
    rule = spec["date"]
    day_text = f"{day.day:02d}" if day.day < rule.get("pad_day_below", 0) else str(day.day)
    month = day.month
    month_text = f"{month:02d}" if month < rule.get("pad_month_below", 0) else str(month)
    return str(rule["format"]).format(place=place, day=day_text, month=month_text, year=day.year)
