"""Date formats of the product, one for every language (settings.FORMAT_MODULE_PATH).

Dates read dd/mm/yyyy and times dd/mm/yyyy HH:MM in Vietnamese and in English alike: the
officers and citizens are Vietnamese whichever language they read, and "Dec. 6, 2026" or
"2026-12-06" would be a second way of writing the same day. Numbers keep each language's
own separators (Django's locale modules, which these extend). The API keeps ISO 8601.
"""

from __future__ import annotations

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "m/Y"
MONTH_DAY_FORMAT = "d/m"
FIRST_DAY_OF_WEEK = 1  # Monday

# What a form accepts. ISO first: Django writes a date input's value with the first format,
# and `<input type="date">` needs yyyy-mm-dd (the browser shows it in the reader's own
# format). A date typed by hand (a text input, or a browser without a date picker) is
# read as dd/mm/yyyy, never mm/dd.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d/%m/%y",
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]
