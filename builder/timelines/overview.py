"""What a reader sees of a timeline before its list: the key dates, a year-by-year overview, how current it is.

The year overview is HTML, not a drawing: one row a year on a phone, one column a year
on a wide screen (CSS), each event a link with a 24 px target, so it fits any screen and
works without JavaScript. The time-scaled drawing (svg.py) is for wide screens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..dates import PartialDate

if TYPE_CHECKING:
    from .views import EventView, TimelineView

KEY_DATES = 8
"""Key dates shown on the home page at most: the first major event, the latest, and some spread between."""


@dataclass(frozen=True, slots=True)
class OverviewYear:
    """One year of the overview: its events, and the id of its heading in the list (if it has events)."""

    year: int
    anchor: str
    events: tuple[EventView, ...]


def key_events(view: TimelineView, limit: int = KEY_DATES) -> tuple[EventView, ...]:
    """The major events (all events when none is major), at most `limit`, evenly spread in their list.

    The first says where the story starts, the last where it stands, the others how it got
    there: taking only the latest would leave out every year but the busiest.
    """
    major = tuple(event for event in view.events if event.importance == "major") or view.events
    if len(major) <= limit:
        return major
    if limit < 2:
        return major[-limit:] if limit else ()
    step = (len(major) - 1) / (limit - 1)
    return tuple(major[round(index * step)] for index in range(limit))


def overview_years(view: TimelineView) -> tuple[OverviewYear, ...]:
    """Every year from the first event's to the last one's, empty years included (time keeps its shape)."""
    if not view.events:
        return ()
    anchors: dict[int, str] = {}
    by_year: dict[int, list[EventView]] = {}
    for group in view.groups:
        for year in group.years:
            anchors.setdefault(year.year, year.anchor)
            by_year.setdefault(year.year, []).extend(year.events)
    return tuple(OverviewYear(year, anchors.get(year, ""), tuple(by_year.get(year, ())))
                 for year in range(view.first_year, view.last_year + 1))


def current_through(view: TimelineView) -> dt.date | PartialDate | None:
    """How current the timeline is: its `updated:` (or latest correction), else its latest event's date."""
    changed = getattr(view.timeline, "last_modified", None)
    if changed is not None:
        return changed
    dates = [event.end or event.date for event in view.events]
    return max(dates, key=lambda day: day.first_day()) if dates else None


def latest(*days: Any) -> Any:
    """The latest of dates and partial dates (None ignored), as given; None when there is none."""
    known = [day for day in days if day is not None]
    return max(known, key=_first_day) if known else None


def _first_day(day: dt.date | PartialDate) -> dt.date:
    return day.first_day() if isinstance(day, PartialDate) else day


def time_html(day: dt.date | PartialDate | None) -> str:
    """`<time datetime="2025-10-12">12 October 2025</time>` ('' for None); a partial date at its precision."""
    from markupsafe import Markup

    if day is None:
        return Markup("")
    if isinstance(day, PartialDate):
        return Markup('<time datetime="{}">{}</time>').format(day.iso(), day.human())
    return Markup('<time datetime="{}">{} {}</time>').format(day.isoformat(), day.day, day.strftime("%B %Y"))


def site_updated(articles: Any, timeline_views: Any) -> dt.date | PartialDate | None:
    """The site's last update: the latest of its articles' update or publication dates and its timelines'."""
    return latest(*((entry.doc.last_modified or entry.doc.date) if hasattr(entry.doc, "last_modified")
                    else entry.doc.date for entry in articles),
                  *(view.current_through for view in timeline_views))
