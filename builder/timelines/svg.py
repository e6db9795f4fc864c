"""The timeline overview, drawn at build time as inline SVG: it works without JavaScript and prints.

Colours are presentation attributes (allowed by the pages' CSP, unlike style="") that the
theme's CSS overrides through classes, so the drawing follows light and dark mode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape

from ..i18n import day_text, translate, translate_count
from ..model import Event, Timeline

WIDTH = 960
"""Width of the drawing in SVG units; it scales to the page."""
PAD_X = 12
"""Room left and right of the axis."""
LABEL_ROW = 26
"""Height of the row of era labels at the top."""
LANE = 15
"""Vertical distance between rows of marks that would overlap."""
MAX_LANES = 10
"""Rows of marks at most; beyond this, marks share the least crowded row."""
AXIS_LABELS = 26
"""Room under the axis for the year labels."""
RADIUS = {"major": 6.5, "minor": 4.0}
"""Radius of a mark by importance."""
HIT = 25
"""Width and height of the area around a mark that takes a click: 24 CSS px at least where the drawing is
shown (958 px wide or more, for 960 units), a unit over WCAG's 24 so rounding never takes it under."""
CHAR_WIDTH = 7.4
"""Rough width of one character of a 13-unit sans-serif label, to fit era labels."""
ERA_FILLS = ("#e8eef7", "#f5ece1", "#e7f2ea")
"""Light-mode fills of the era bands (the CSS classes tl-era-0..2 override them)."""
INK = "#1c1c1e"
"""Light-mode text and axis colour (the CSS overrides it in dark mode, as the others)."""
MUTED = "#55575c"
ACCENT = "#8a3b12"
PAPER = "#fdfcf9"

Scale = Callable[[dt.date], float]
"""A day -> its x position in the drawing."""


@dataclass(frozen=True, slots=True)
class _Mark:
    """Where one event is drawn."""

    event: Event
    x0: float
    x1: float
    lane: int


def overview_svg(timeline: Timeline, article_date: dt.date | None = None, article_title: str = "",
                 language: str = "en") -> Markup:
    """The overview of a timeline: years on an axis, eras shaded, each event a mark linking to it,
    its words and dates in `language`.

    With `article_date`, a dashed line stands at the article's date and the events after it
    are drawn hollow and grey, so what the article could not know stands apart.
    """
    events = timeline.events
    if not events:
        return Markup("")
    first_year = min(event.date.year for event in events)
    last_year = max((event.end or event.date).year for event in events)
    start = dt.date(first_year, 1, 1).toordinal()
    days = dt.date(last_year, 12, 31).toordinal() + 1 - start  # (no 1 January after 9999)

    def x(day: dt.date) -> float:
        offset = min(max(day.toordinal() - start, 0), days)
        return round(PAD_X + offset / days * (WIDTH - 2 * PAD_X), 1)

    marks = _place_marks(events, x)
    lanes = max(mark.lane for mark in marks) + 1
    axis_y = LABEL_ROW + 10 + lanes * LANE
    height = axis_y + AXIS_LABELS
    name = timeline.name
    # role="group", not "img": an img's children are hidden from assistive technology, and
    # the marks are links that must stay reachable (axe: nested-interactive).
    parts = [
        f'<svg class="tl-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="group" '
        f'aria-labelledby="tl-{name}-svg-title" aria-describedby="tl-{name}-svg-desc" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="tl-{name}-svg-title">{escape(_title(timeline, first_year, last_year, language))}</title>',
        f'<desc id="tl-{name}-svg-desc">'
        f'{escape(_description(timeline, first_year, last_year, article_date, language))}</desc>',
    ]
    parts += _eras(timeline, x, axis_y, language)
    parts += _axis(first_year, last_year, x, axis_y)
    if article_date is not None:
        parts.append(_article_line(article_date, article_title, x, axis_y, language))
    parts.append('<g class="tl-marks">')
    parts += [_mark(mark, axis_y, _later(mark.event, article_date), language) for mark in marks]
    parts.append("</g></svg>")
    return Markup("\n".join(parts))


def _title(timeline: Timeline, first_year: int, last_year: int, language: str = "en") -> str:
    span = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
    return translate(language, "Overview of {title}, {span}", title=timeline.title, span=span)


def _later(event: Event, day: dt.date | None) -> bool:
    return day is not None and event.date.first_day() > day


def _article_line(day: dt.date, title: str, x: Scale, axis_y: float, language: str = "en") -> str:
    """A dashed line at the article's date, above the axis (its title says what it is)."""
    at = x(_day_after(day))
    label = (translate(language, "The article: {title}, published {date}", title=title, date=day_text(day, language))
             if title else translate(language, "The article, published {date}", date=day_text(day, language)))
    return (f'<g class="tl-article-date"><title>{escape(label)}</title>'
            f'<line class="tl-article-line" x1="{at}" y1="{LABEL_ROW}" x2="{at}" y2="{axis_y}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 3"/></g>')


def _description(timeline: Timeline, first_year: int, last_year: int, article_date: dt.date | None = None,
                 language: str = "en") -> str:
    count = len(timeline.events)
    major = sum(1 for event in timeline.events if event.importance == "major")
    if first_year == last_year:
        text = translate_count(language, count, "{count} event in {year}", "{count} events in {year}", year=first_year)
    else:
        text = translate_count(language, count, "{count} event from {first} to {last}",
                               "{count} events from {first} to {last}", first=first_year, last=last_year)
    text += translate(language, ", {major} of them major (drawn larger).", major=major)
    if timeline.eras:
        eras = "; ".join(
            f"{era.title} ({era.start.year}–{era.end.year if era.end else translate(language, 'ongoing')})"
            for era in timeline.eras
        )
        text += " " + translate(language, "Shaded eras: {eras}.", eras=eras)
    if article_date is not None:
        later = sum(1 for event in timeline.events if _later(event, article_date))
        text += " " + translate_count(
            language, later, "A dashed line marks the article's date, {date}; {count} event after it is drawn hollow "
            "and grey.", "A dashed line marks the article's date, {date}; {count} events after it are drawn hollow "
            "and grey.", date=day_text(article_date, language))
    return text + " " + translate(language, "Each mark links to its event in the list below, which gives every "
                                            "event in words: it is the text equivalent of this chart.")


def _place_marks(events: tuple[Event, ...], x: Scale) -> list[_Mark]:
    """Give each event a row so that marks close in time do not hide each other."""
    marks: list[_Mark] = []
    lane_ends: list[float] = []
    for event in events:
        radius = RADIUS.get(event.importance, RADIUS["minor"])
        last = event.end or event.date
        x0 = x(event.date.first_day())
        x1 = x(_day_after(last.last_day()))
        if x1 - x0 < 2 * radius:  # a day, or a period too short to draw: a dot in its middle
            x0 = x1 = round((x0 + x1) / 2, 1)
        left, right = x0 - radius - 1, x1 + radius + 1
        lane = next((i for i, end in enumerate(lane_ends) if end <= left), None)
        if lane is None and len(lane_ends) < MAX_LANES:
            lane_ends.append(right)
            lane = len(lane_ends) - 1
        elif lane is None:
            lane = min(range(len(lane_ends)), key=lambda i: lane_ends[i])
        lane_ends[lane] = max(lane_ends[lane], right)
        marks.append(_Mark(event, x0, x1, lane))
    return marks


def _eras(timeline: Timeline, x: Scale, axis_y: float, language: str = "en") -> list[str]:
    parts = ['<g class="tl-eras">']
    right_edge = WIDTH - PAD_X
    for index, era in enumerate(timeline.eras):
        x0 = max(x(era.start.first_day()), PAD_X)
        x1 = x(era.end.first_day()) if era.end else right_edge
        if x1 - x0 < 1:
            continue
        shade = index % len(ERA_FILLS)
        label = _fit(era.title, x1 - x0 - 10)
        span = f"{era.start.human(language)} – {era.end.human(language) if era.end else translate(language, 'ongoing')}"
        parts.append(f'<g class="tl-era tl-era-{shade}"><title>{escape(era.title)}, {escape(span)}</title>')
        parts.append(f'<rect class="tl-era-band" x="{x0}" y="0" width="{round(x1 - x0, 1)}" '
                     f'height="{axis_y}" fill="{ERA_FILLS[shade]}"/>')
        parts.append(f'<line class="tl-era-edge" x1="{x0}" y1="0" x2="{x0}" y2="{axis_y}" '
                     f'stroke="{MUTED}" stroke-width="1" stroke-dasharray="3 3"/>')
        if label:
            parts.append(f'<text class="tl-era-label" x="{round(x0 + 5, 1)}" y="17" fill="{INK}" '
                         f'font-weight="600">{escape(label)}</text>')
        parts.append("</g>")
    parts.append("</g>")
    return parts


def _fit(text: str, room: float) -> str:
    """The label shortened with an ellipsis to fit `room` units, or '' when nothing fits."""
    chars = int(room // CHAR_WIDTH)
    if len(text) <= chars:
        return text
    if chars < 4:
        return ""
    return text[: chars - 1].rstrip() + "…"


def _day_after(day: dt.date) -> dt.date:
    """The next day, or the last one there is (an event dated 9999-12-31 is drawn, not a crash)."""
    return day + dt.timedelta(days=1) if day < dt.date.max else day


def _axis(first_year: int, last_year: int, x: Scale, axis_y: float) -> list[str]:
    years = list(range(first_year, last_year + 1))
    year_width = (WIDTH - 2 * PAD_X) / len(years)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 10**9) if year_width * s >= 38)
    parts = ['<g class="tl-axis">',
             f'<line class="tl-axis-line" x1="{PAD_X}" y1="{axis_y}" x2="{WIDTH - PAD_X}" y2="{axis_y}" '
             f'stroke="{INK}" stroke-width="1.5"/>']
    for year in [*years, last_year + 1]:
        tick = x(dt.date(year, 1, 1)) if year <= last_year else round(float(WIDTH - PAD_X), 1)
        parts.append(f'<line class="tl-tick" x1="{tick}" y1="{axis_y}" x2="{tick}" y2="{axis_y + 6}" '
                     f'stroke="{INK}" stroke-width="1"/>')
        if year <= last_year and (year - first_year) % step == 0:
            middle = round(tick + year_width / 2, 1) if step == 1 else tick
            anchor = "middle" if step == 1 else "start"
            parts.append(f'<text class="tl-year-label" x="{middle}" y="{axis_y + 20}" '
                         f'text-anchor="{anchor}" fill="{MUTED}">{year}</text>')
    parts.append("</g>")
    return parts


def _mark(mark: _Mark, axis_y: float, after_article: bool = False, language: str = "en") -> str:
    event = mark.event
    radius = RADIUS.get(event.importance, RADIUS["minor"])
    y = axis_y - 11 - mark.lane * LANE
    when = event.date.human(language)
    if event.circa:
        when = translate(language, "c. {date}", date=when)
    if event.end:
        when += " – " + event.end.human(language)
    label = (f"{when}: {event.title}" + (" " + translate(language, "(unverified)") if event.unverified else "")
             + (" " + translate(language, "(after the article)") if after_article else ""))
    classes = (f"tl-mark tl-mark-{event.importance}" + (" tl-mark-unverified" if event.unverified else "")
               + (" tl-mark-after" if after_article else ""))
    major = event.importance == "major"
    colour = MUTED if after_article else ACCENT
    fill = PAPER if after_article or not major else ACCENT
    paint = (f'fill="{fill}" stroke="{colour}" stroke-width="{1.5 if major and not after_article else 2}"'
             + (' stroke-dasharray="2 2"' if event.unverified else ""))
    # an unpainted area around the mark: a target of 24 px at least (HIT units) at the width the drawing is shown at
    hit = (f'<rect class="tl-hit" x="{round(mark.x0 - HIT / 2, 1)}" y="{round(y - HIT / 2, 1)}" '
           f'width="{round(mark.x1 - mark.x0 + HIT, 1)}" height="{HIT}" rx="{HIT / 2}" fill="none"/>')
    if mark.x1 > mark.x0:
        shape = (f'<rect class="{classes}" x="{mark.x0}" y="{round(y - radius, 1)}" '
                 f'width="{round(mark.x1 - mark.x0, 1)}" height="{radius * 2}" rx="{radius}" {paint}/>')
    else:
        shape = f'<circle class="{classes}" cx="{mark.x0}" cy="{y}" r="{radius}" {paint}/>'
    return (f'<a class="tl-mark-link" href="#{escape(event.id)}" data-event="{escape(event.id)}" '
            f'aria-label="{escape(label)}"><title>{escape(label)}</title>{hit}{shape}</a>')
