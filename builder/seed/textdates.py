"""Reading the dates news pages print ("Nov. 2, 2025", "2 de noviembre de 2025") as calendar dates.

Seed articles carry their date only as page text, in the outlet's own style and language;
the site needs an ISO date, and a wrong guess is worse than none, so anything unclear
gives None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .rules import DATE_NOISE_WORDS, MONTHS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d\d)(?:(?!\d)|(?=\d{1,2}:\d\d))"
"""A year, which may be glued to the time after it ("November 2, 20253:04 PM")."""

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)")),
    ("ymd", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})(?!\d)")),
    ("mdy", re.compile(
        rf"(?<![^\W\d_])(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(?:de\s+)?{_YEAR}",
        re.IGNORECASE)),
    ("dmy", re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th|º|°|\.)?(?:\s+de\s+|\s+|-|/)(?P<month>{_MONTH})\.?"
        rf"(?:,?\s+(?:del?\s+)?|-|/){_YEAR}",
        re.IGNORECASE)),
    ("numeric", re.compile(r"(?<![\d/.])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)" + _YEAR)),
)
"""The date forms, each a regular expression with named groups year, month and day."""

_TIME = re.compile(r"\d{1,2}[:.h]\d\d(?::\d\d)?(?:\s*[ap]\.?\s?m\.?)?", re.IGNORECASE)
_GLUED_CAPS = re.compile(r"([A-Z]{2,})(?=[A-Z][a-z])")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class TextDate:
    """A date found inside a piece of text, with where it stands."""

    date: dt.date
    """The calendar date."""
    start: int
    """Index of its first character in the text."""
    end: int
    """Index just after its last character."""


def find_text_date(text: str) -> TextDate | None:
    """The first real calendar date written anywhere in `text`, or None.

    Numeric dates like 02/11/2025 are read day first, as most of the world writes them,
    unless only the other order gives a real date (11/24/2025).
    """
    best: TextDate | None = None
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best.start:
                break
            date = _to_date(kind, match)
            if date is not None:
                best = TextDate(date, match.start(), match.end())
                break
    return best


def parse_text_date(text: str) -> dt.date | None:
    """The date `text` consists of, allowing only weekdays, times, time zones and
    words like "Updated" or "Publicado el" around it; None for anything else."""
    found = find_text_date(text)
    if found is None:
        return None
    rest = text[: found.start] + " " + text[found.end :]
    return found.date if not extra_words(rest) else None


def extra_words(text: str) -> list[str]:
    """The words of `text` that are not times, zones (short capitals), weekdays or date labels."""
    text = _GLUED_CAPS.sub(r"\1 ", _TIME.sub(" ", text))
    return [
        w for w in _WORD.findall(text)
        if len(w) > 1 and w.casefold() not in DATE_NOISE_WORDS and not (w.isupper() and len(w) <= 4)
    ]


def _to_date(kind: str, match: re.Match[str]) -> dt.date | None:
    year = int(match["year"])
    if kind in ("mdy", "dmy"):
        month = MONTHS.get(match["month"].casefold(), 0)
        day = int(match["day"])
    else:
        month, day = int(match["month"]), int(match["day"])
        if kind == "numeric" and month > 12 >= day:
            month, day = day, month
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
