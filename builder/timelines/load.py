"""Read and check content/timelines/*.yaml into Timeline objects, events in date order."""

from __future__ import annotations

from pathlib import Path

from ..content.files import list_files, read_text
from ..dates import PartialDate
from ..errors import Diagnostics, Location, SiteError, relative_path
from ..model import Era, Event, Timeline
from ..schema import Field, read_fields
from ..yamlfile import YamlList, YamlMap, load_yaml

TIMELINE_FIELDS = (
    Field("title", "required_text", required=True, doc="the timeline's heading"),
    Field("description", "text", "", doc="Markdown shown under the heading"),
    Field("eras", "list", None, doc="a list of {id, title, start, end}"),
    Field("events", "list", None, required=True, doc="a list of events"),
)

ERA_FIELDS = (
    Field("id", "id", None, required=True, doc="an id such as trump-1"),
    Field("title", "required_text", None, required=True, doc="the era's name"),
    Field("start", "partial_date", None, required=True, doc="2017, 2017-01 or 2017-01-20"),
    Field("end", "partial_date", None, doc="when it ended; leave out while it goes on"),
)

EVENT_FIELDS = (
    Field("id", "id", None, required=True, doc="a permanent id such as guaido-recognized"),
    Field("date", "partial_date", None, required=True, doc="2019, 2019-01 or 2019-01-23"),
    Field("end", "partial_date", None, doc="end date, for a span"),
    Field("circa", "bool", False, doc="true when the date is approximate"),
    Field("title", "required_text", None, required=True, doc="a one-line headline"),
    Field("summary", "text", "", doc="Markdown, a few sentences"),
    Field("tags", "ids", (), doc="a list such as [diplomacy, sanctions]"),
    Field("sources", "ids", (), doc="keys of content/sources.yaml"),
    Field("importance", "text", "minor", doc="major or minor", choices=("major", "minor")),
    Field("era", "id", "", doc="the era it belongs to; found from the date when left out"),
    Field("unverified", "bool", False, doc="true when the sources do not confirm it"),
)


def load_timelines(site_dir: Path, diagnostics: Diagnostics) -> tuple[Timeline, ...]:
    """Every timeline of the site, checked; event ids are unique across all of them."""
    folder = site_dir / "content" / "timelines"
    paths = list_files(folder, (".yaml", ".yml"), site_dir, diagnostics)
    timelines = []
    for path in paths:
        timeline = _load_one(path, site_dir, diagnostics, single=len(paths) == 1)
        if timeline:
            timelines.append(timeline)
    seen: dict[str, Event] = {}
    for timeline in timelines:
        for event in timeline.events:
            if event.id in seen:
                first = seen[event.id]
                diagnostics.error(
                    f"duplicate event id '{event.id}' (also at {first.location})",
                    event.location, "every event needs its own id: it is the event's permanent link",
                )
            else:
                seen[event.id] = event
    return tuple(timelines)


def _load_one(path: Path, site_dir: Path, diagnostics: Diagnostics, single: bool) -> Timeline | None:
    rel = relative_path(path, site_dir)
    text = read_text(path, site_dir, diagnostics)
    if text is None:
        return None
    if not text.strip():
        diagnostics.error("the timeline file is empty", Location(rel), "start with 'title:' and 'events:'")
        return None
    try:
        data = load_yaml(text, rel)
    except SiteError as exc:
        diagnostics.add(exc)
        return None
    where = Location(rel)
    values = read_fields(data, TIMELINE_FIELDS, diagnostics, where, "the timeline")
    name = path.stem
    eras = _read_eras(values["eras"], diagnostics, where)
    events = _read_events(values["events"], name, eras, diagnostics, where)
    return Timeline(
        name=name,
        title=values["title"] or name,
        description=values["description"],
        eras=eras,
        events=events,
        url="timeline/" if single else f"timelines/{name}/",
        source=rel,
    )


def _items(raw: object, where: Location):
    if not raw:
        return
    for index, entry in enumerate(raw):
        yield entry, (raw.item_location(index) if isinstance(raw, YamlList) else where)


def _at(entry: object, key: str, default: Location) -> Location:
    return entry.value_location(key) if isinstance(entry, YamlMap) and key in entry else default


def _read_eras(raw: object, diagnostics: Diagnostics, where: Location) -> tuple[Era, ...]:
    eras: list[Era] = []
    for entry, loc in _items(raw, where):
        values = read_fields(entry, ERA_FIELDS, diagnostics, loc, "an era")
        if not values["id"] or not values["title"] or not values["start"]:
            continue
        if values["end"] and values["end"].last_day() < values["start"].first_day():
            diagnostics.error(f"the era '{values['id']}' ends before it starts", _at(entry, "end", loc),
                              "check the years of start and end")
            continue
        if any(era.id == values["id"] for era in eras):
            diagnostics.error(f"duplicate era id '{values['id']}'", _at(entry, "id", loc))
            continue
        eras.append(Era(values["id"], values["title"], values["start"], values["end"], loc))
    return tuple(sorted(eras, key=lambda era: era.start.first_day()))


def _era_for(date: PartialDate, eras: tuple[Era, ...]) -> str:
    day = date.first_day()
    for era in eras:
        if era.start.first_day() <= day and (era.end is None or day < era.end.last_day()):
            return era.id
    return ""


def _read_events(raw: object, name: str, eras: tuple[Era, ...], diagnostics: Diagnostics,
                 where: Location) -> tuple[Event, ...]:
    events: list[Event] = []
    era_ids = {era.id for era in eras}
    for entry, loc in _items(raw, where):
        values = read_fields(entry, EVENT_FIELDS, diagnostics, loc, "an event")
        if not values["id"] or not values["title"] or not values["date"]:
            continue
        date, end = values["date"], values["end"]
        if end and end.last_day() < date.first_day():
            diagnostics.error(f"the event '{values['id']}' ends before it starts", _at(entry, "end", loc),
                              "check the dates of 'date' and 'end'")
            end = None
        era = values["era"]
        if era and era not in era_ids:
            diagnostics.error(f"unknown era '{era}'", _at(entry, "era", loc),
                              "known eras: " + (", ".join(sorted(era_ids)) or "none: add an 'eras:' list"))
            era = ""
        events.append(Event(
            id=values["id"], timeline=name, date=date, end=end, circa=values["circa"],
            title=values["title"], summary=values["summary"], tags=values["tags"],
            sources=values["sources"], importance=values["importance"],
            era=era or _era_for(date, eras), unverified=values["unverified"], location=loc,
            sources_location=_at(entry, "sources", loc),
        ))
    # Same date keeps file order (sort is stable); a year alone sorts before that year's dated events.
    events.sort(key=lambda e: (e.date.year, e.date.month, e.date.day))
    return tuple(events)
