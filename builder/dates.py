"""Dates at the precision they are known: a year, a month or a day.

Timelines and sources often know only "2024-09" or "2019"; a date is shown and sorted
at its true precision instead of inventing a first-of-the-month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to a year, a month or a day (0 means unknown)."""

    year: int
    """Four-digit year."""
    month: int = 0
    """1-12, or 0 when only the year is known."""
    day: int = 0
    """1-31, or 0 when only the month or year is known."""

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """The `datetime` attribute value: `2019`, `2019-01` or `2019-01-23`."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self, language: str = "en") -> str:
        """How the date reads on a page in `language` (CLDR, through Babel):
        `23 January 2019`, `January 2019` or `2019`; `23 de enero de 2019`..."""
        from .i18n import day_text, month_text

        if self.day:
            return day_text(dt.date(self.year, self.month, self.day), language)
        if self.month:
            return month_text(self.year, self.month, language)
        return str(self.year)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month == 12:  # not via 1 January of the next year: 9999-12 has none
            return dt.date(self.year, 12, 31)
        if self.month:
            return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        return self.iso()


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_partial_date(value: Any) -> PartialDate:
    """Read a YAML value (int year, 'YYYY-MM' string, date) as a PartialDate.

    Raises ValueError with a message fit for an editor.
    """
    if isinstance(value, dt.date):  # a datetime is a date too
        if value.year < 1000:
            raise ValueError(f"'{value.isoformat()}': the year must be between 1000 and 9999")
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    if isinstance(value, str):
        match = _PARTIAL.match(value.strip())
        if match:
            year, month, day = (int(g) if g else 0 for g in match.groups())
            if year < 1000:  # as for a year given as a number; year 0 does not exist
                raise ValueError(f"'{value}': the year must be between 1000 and 9999")
            if match.group(2) is not None and not 1 <= month <= 12:
                raise ValueError(f"'{value}' has no month {month}")
            if match.group(3) is not None:  # a day of 0 is a mistake, not "day unknown"
                try:
                    dt.date(year, month, day)
                except ValueError:
                    raise ValueError(f"'{value}' is not a real date") from None
            return PartialDate(year, month, day)
    raise ValueError(f"{value!r} is not a date like 2019, 2019-01 or 2019-01-23")
