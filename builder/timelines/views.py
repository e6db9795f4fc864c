"""Timelines made ready for their templates: summaries rendered, sources looked up, grouped."""

from __future__ import annotations

import difflib
import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..dates import PartialDate
from ..errors import Diagnostics, Location
from ..model import Era, Event, SiteConfig, Source, Timeline
from ..content.markdown import YamlRenderContext, render_markdown
from ..sources.views import affiliation_label
from . import overview
from .svg import overview_svg


@dataclass(frozen=True, slots=True)
class EventView:
    """One event as its templates show it; other attributes fall through to the Event."""

    event: Event
    """The event as loaded."""
    summary_html: Markup
    """Its summary rendered from Markdown ('' when it has none)."""
    sources: tuple[Source, ...]
    """Its sources found in the registry (unknown keys are left out: the sources stage reports them)."""
    url: str
    """Site-relative address of its entry: `timeline/#guaido-recognized`."""
    after_article: bool = False
    """It happened after the article the timeline is the background of (see TimelineView)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)

    @property
    def affiliations(self) -> tuple[str, ...]:
        """Each source's affiliation as shown beside it (`State media (Venezuela)`), '' for none."""
        return tuple(affiliation_label(source) for source in self.sources)

    @property
    def when_text(self) -> str:
        """Its date as words: `c. 2019`, `23 January 2019 – March 2019`."""
        text = ("c. " if self.event.circa else "") + self.event.date.human()
        if self.event.end:
            text += " – " + self.event.end.human()
        return text

    @property
    def when_html(self) -> Markup:
        """Its date as <time> elements at their true precision."""
        html = Markup("c. ") if self.event.circa else Markup("")
        html += _time(self.event.date)
        if self.event.end:
            html += Markup(" – ") + _time(self.event.end)
        return html


@dataclass(frozen=True, slots=True)
class YearGroup:
    """The events of one year within an era."""

    year: int
    """The year shown as the heading."""
    anchor: str
    """Unique id of its heading."""
    events: tuple[EventView, ...]
    """Its events in date order."""


@dataclass(frozen=True, slots=True)
class EraGroup:
    """A run of events under one era heading."""

    era: Era | None
    """The era, or None for events outside every era."""
    title: str
    """The heading: the era's title, or a stand-in for events outside the eras."""
    anchor: str
    """Unique id of its heading."""
    years: tuple[YearGroup, ...]
    """Its events by year."""

    @property
    def span_html(self) -> Markup:
        """`20 January 2017 – 20 January 2021`, or `since ...` for an era that goes on."""
        if self.era is None:
            return Markup("")
        if self.era.end is None:
            return Markup("since ") + _time(self.era.start)
        return _time(self.era.start) + Markup(" – ") + _time(self.era.end)


@dataclass(frozen=True, slots=True)
class TimelineView:
    """Everything a timeline page needs; other attributes fall through to the Timeline."""

    timeline: Timeline
    """The timeline as loaded."""
    description_html: Markup
    """Its description rendered from Markdown."""
    events: tuple[EventView, ...]
    """Every event, in date order."""
    groups: tuple[EraGroup, ...]
    """Events under era and year headings; with no eras, one group without a heading."""
    tags: tuple[tuple[str, int], ...]
    """(tag, number of events) for the filter, alphabetical."""
    svg: Markup
    """The overview drawn as inline SVG."""
    by_id: Mapping[str, EventView] = field(default_factory=dict)
    """Event id -> its view."""
    links: tuple[tuple[str, str, int, int, str], ...] = ()
    """The addresses its description and summaries publish, with their places, for the link check."""
    article_date: dt.date | None = None
    """The publication date of the article named by the timeline's `article:` (None without one)."""
    article_title: str = ""
    """That article's headline."""
    article_url: str = ""
    """That article's site-relative address."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.timeline, name)

    @property
    def after_count(self) -> int:
        """How many events happened after the article."""
        return sum(1 for event in self.events if event.after_article)

    @property
    def has_eras(self) -> bool:
        return bool(self.timeline.eras)

    @property
    def has_unverified(self) -> bool:
        return any(event.unverified for event in self.events)

    @property
    def major_count(self) -> int:
        return sum(1 for event in self.events if event.importance == "major")

    @property
    def first_year(self) -> int:
        return self.events[0].date.year if self.events else 0

    @property
    def last_year(self) -> int:
        return max((e.end or e.date).year for e in self.events) if self.events else 0

    @property
    def plain_description(self) -> str:
        return " ".join(self.description_html.striptags().split())

    @property
    def key_events(self) -> tuple[EventView, ...]:
        """Its key dates (overview.key_events): what the home page lists."""
        return overview.key_events(self)

    @property
    def overview_years(self) -> tuple[overview.OverviewYear, ...]:
        """Every year of its span with its events, for the year-by-year overview."""
        return overview.overview_years(self)

    @property
    def current_through(self) -> dt.date | PartialDate | None:
        """Its `updated:` date, else its latest event's: "current through" this date."""
        return overview.current_through(self)

    @property
    def current_through_html(self) -> str:
        """`current_through` as a <time> element ('' when the timeline has no events)."""
        return overview.time_html(self.current_through)


def _time(date: PartialDate) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(date.iso(), date.human())


def event_link_resolver(timelines: tuple[Timeline, ...], base_path: str,
                        diagnostics: Diagnostics) -> Callable[[str, Location], str | None]:
    """The resolver of `[text](timeline:EVENT-ID)` links: the event's address, or an error."""
    urls = {event.id: timeline.url for timeline in timelines for event in timeline.events}
    pages = {timeline.name: timeline.url for timeline in timelines}

    def resolve(target: str, location: Location) -> str | None:
        event_id = target.strip()
        if event_id in urls:
            return f"{base_path}{urls[event_id]}#{event_id}"
        if event_id.rstrip("/") in pages:  # timeline:NAME links to the whole timeline
            return base_path + pages[event_id.rstrip("/")]
        if diagnostics.skip("event", event_id, location) or \
                diagnostics.skip("timeline", event_id.rstrip("/"), location):
            return None
        if not urls:
            diagnostics.error(f"unknown timeline event '{event_id}'", location,
                              "the site has no timeline: add content/timelines/NAME.yaml")
            return None
        close = difflib.get_close_matches(event_id, sorted(urls), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else \
            "use the id: of an event in content/timelines/, such as " + next(iter(urls))
        diagnostics.error(f"unknown timeline event '{event_id}'", location, hint)
        return None

    return resolve


def resolve_timelines(timelines: tuple[Timeline, ...], config: SiteConfig, sources: Mapping[str, Source],
                      md: MarkdownIt, link_schemes: Mapping[str, Any],
                      diagnostics: Diagnostics) -> dict[str, TimelineView]:
    """name -> TimelineView for every timeline: Markdown rendered, links checked, SVG drawn."""
    views: dict[str, TimelineView] = {}
    for timeline in timelines:
        timeline = replace(timeline, language=timeline.language or config.language)  # its words and dates
        lines = diagnostics.lines_of(timeline.source) or []
        links: list[tuple[str, str, int, int, str]] = []

        def render(text: str, start: Location | None) -> Markup:
            if not text.strip():
                return Markup("")
            where = start or Location(timeline.source)
            context = YamlRenderContext(timeline.source, where.line, config.base_path, diagnostics,
                                        link_schemes, file_lines=lines, start=where)
            html = Markup(render_markdown(md, text, context))
            links.extend(context.state.get("links", ()))
            return html

        events = tuple(
            EventView(
                event=event,
                summary_html=render(event.summary, event.summary_location),
                sources=tuple(sources[key] for key in event.sources if key in sources),
                url=f"{timeline.url}#{event.id}",
            )
            for event in timeline.events
        )
        counts: dict[str, int] = {}
        for event in timeline.events:
            for tag in event.tags:
                counts[tag] = counts.get(tag, 0) + 1
        views[timeline.name] = TimelineView(
            timeline=timeline,
            description_html=render(timeline.description, timeline.description_location),
            events=events,
            groups=_groups(timeline, events),
            tags=tuple(sorted(counts.items())),
            svg=overview_svg(timeline, language=timeline.language or config.language),
            by_id={view.event.id: view for view in events},
            links=tuple(links),
        )
    return views


def is_after(event: Event, day: dt.date | None) -> bool:
    """The event began after `day` (a month or year alone counts only once it is wholly later)."""
    return day is not None and event.date.first_day() > day


def date_timelines(views: Mapping[str, TimelineView], articles: Sequence[Any],
                   diagnostics: Diagnostics) -> dict[str, TimelineView]:
    """Each timeline with an `article:` marked against that article's date.

    The builder marks what came later, so no event needs to say "after the article"
    by hand, and a corrected article date moves the marks with it.
    """
    by_slug = {entry.doc.slug: entry.doc for entry in articles}
    dated: dict[str, TimelineView] = {}
    for name, view in views.items():
        slug = view.timeline.article
        if not slug:
            dated[name] = view
            continue
        where = view.timeline.article_location or Location(view.timeline.source)
        doc = by_slug.get(slug)
        if doc is None and diagnostics.skip("article", slug, where):
            dated[name] = view
            continue
        if doc is None:
            close = difflib.get_close_matches(slug, sorted(by_slug), n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}'?" if close else
                    "use the slug of an article, such as " + next(iter(by_slug)) if by_slug else
                    "the site has no articles yet: add one, or remove 'article:'")
            diagnostics.error(f"unknown article '{slug}'", where, hint)
            dated[name] = view
            continue
        if doc.date is None and diagnostics.skip("article", slug, where):  # its date has the error
            dated[name] = view
            continue
        if doc.date is None:
            diagnostics.error(f"the article '{slug}' has no date, so no event can be marked as later",
                              where, f"give {doc.source} a date, or remove 'article:'")
            dated[name] = view
            continue
        events = tuple(replace(event, after_article=is_after(event.event, doc.date)) for event in view.events)
        dated[name] = replace(
            view, events=events, groups=_groups(view.timeline, events),
            svg=overview_svg(view.timeline, doc.date, doc.title, view.timeline.language),
            by_id={event.event.id: event for event in events},
            article_date=doc.date, article_title=doc.title, article_url=doc.url)
    return dated




def _groups(timeline: Timeline, events: tuple[EventView, ...]) -> tuple[EraGroup, ...]:
    """Runs of events of the same era, each split by year; heading ids never clash with events."""
    eras = {era.id: era for era in timeline.eras}
    used = {event.id for event in events}

    def unique(anchor: str) -> str:
        candidate, n = anchor, 1
        while candidate in used:
            n += 1
            candidate = f"{anchor}-{n}"
        used.add(candidate)
        return candidate

    runs: list[tuple[str, list[EventView]]] = []
    for event in events:
        if runs and runs[-1][0] == event.era:
            runs[-1][1].append(event)
        else:
            runs.append((event.era, [event]))
    groups = []
    for era_id, run in runs:
        era = eras.get(era_id)
        if era is not None:
            title = era.title
        elif timeline.eras and run[0].date.first_day() < timeline.eras[0].start.first_day():
            title = f"Before {timeline.eras[0].title}"
        else:
            title = "Other events" if timeline.eras else ""
        years: list[YearGroup] = []
        for event in run:
            if years and years[-1].year == event.date.year:
                years[-1] = YearGroup(years[-1].year, years[-1].anchor, years[-1].events + (event,))
            else:
                years.append(YearGroup(event.date.year, "", (event,)))
        years = [YearGroup(y.year, unique(f"year-{y.year}"), y.events) for y in years]
        anchor = unique(f"era-{era_id}" if era_id else "era-other")
        groups.append(EraGroup(era, title, anchor, tuple(years)))
    return tuple(groups)
