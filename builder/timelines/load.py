"""Read and check content/timelines/*.yaml into Timeline objects, events in date order."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Iterator

from ..content.files import list_files, read_text
from ..content.slugs import WINDOWS_RESERVED, slugify
from ..dates import PartialDate
from ..errors import Diagnostics, Location, SiteError, relative_path
from ..model import Era, Event, Timeline
from ..schema import ID_PATTERN, UPDATE_FIELDS, Field, read_correction_list, read_fields
from ..translations import TRANSLATION_FIELD
from ..yamlfile import YamlList, YamlMap, load_yaml

TIMELINE_FIELDS = (
    Field("title", "required_text", required=True, doc="the timeline's heading"),
    Field("description", "text", "", doc="Markdown shown under the heading"),
    Field("eras", "list", None, doc="a list of {id, title, start, end}"),
    Field("events", "list", None, required=True, doc="a list of events"),
    Field("article", "id", "", doc="slug of the article it is the background of: later events are marked"),
    Field("language", "language", "", doc="language tag when it differs from the site's"),
    TRANSLATION_FIELD,
    *UPDATE_FIELDS,
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
    Field("tags", "any", (), doc="a list such as [diplomacy, sanctions]"),
    Field("sources", "ids", (), doc="keys of content/sources.yaml"),
    Field("importance", "text", "minor", doc="major or minor", choices=("major", "minor")),
    Field("era", "id", "", doc="the era it belongs to; found from the date when left out"),
    Field("unverified", "bool", False, doc="true when the sources do not confirm it"),
)


def load_timelines(site_dir: Path, diagnostics: Diagnostics) -> tuple[Timeline, ...]:
    """Every timeline of the site (content/timelines/, then each explainer's), checked; event ids and
    timeline names are unique across all of them."""
    folder = site_dir / "content" / "timelines"
    listed = list_files(folder, (".yaml", ".yml"), site_dir, diagnostics,
                        marks=(("timeline", "timelines"), ("any-timeline", "timelines"),
                               ("event", "timeline events")))
    from ..explainers import explainer_subfolders

    for explainer_folder in explainer_subfolders(site_dir, "timelines"):  # an explainer's own timelines
        listed += list_files(explainer_folder, (".yaml", ".yml"), site_dir, diagnostics,
                             marks=(("timeline", "timelines"), ("any-timeline", "timelines"),
                                    ("event", "timeline events")))
    paths = _one_file_per_name(listed, site_dir, diagnostics)
    seen: dict[str, Location] = {}
    timelines = []
    for path in paths:
        timeline = _load_one(path, site_dir, diagnostics, single=len(paths) == 1, seen=seen)
        if timeline:
            timelines.append(timeline)
    return tuple(timelines)


def _one_file_per_name(paths: list[Path], site_dir: Path, diagnostics: Diagnostics) -> list[Path]:
    """The files that give each timeline: NAME.yaml beside NAME.yml is an error, and .yaml is read."""
    kept: dict[str, Path] = {}
    for path in sorted(paths, key=lambda p: (p.stem, p.suffix.lower() != ".yaml")):
        other = kept.get(path.stem)
        if other is None:
            kept[path.stem] = path
            continue
        names = (path.name, other.name) if path.parent == other.parent else \
            (relative_path(path, site_dir), relative_path(other, site_dir))  # timeline names are site-wide
        diagnostics.error(f"{names[0]} and {names[1]} would both be the timeline '{path.stem}'",
                          Location(relative_path(path, site_dir)),
                          f"keep one of them: {relative_path(other, site_dir)} is the one read")
    return [path for path in paths if kept.get(path.stem) == path]


def _load_one(path: Path, site_dir: Path, diagnostics: Diagnostics, single: bool,
              seen: dict[str, Location]) -> Timeline | None:
    rel = relative_path(path, site_dir)
    name = path.stem
    reserved = name in WINDOWS_RESERVED  # timelines/con/ is a folder Windows cannot hold
    if reserved or not ID_PATTERN.match(name):
        better = f"{name}-timeline" if reserved else slugify(name) or "background"
        diagnostics.error(f"'{path.name}' cannot be a timeline's name: it becomes its address",
                          Location(rel), f"rename the file, for example to {better}.yaml")
        return None
    text = read_text(path, site_dir, diagnostics)
    data = None
    if text is not None and not text.strip():
        diagnostics.error("the timeline file is empty", Location(rel), "start with 'title:' and 'events:'")
    elif text is not None:
        try:
            data = load_yaml(text, rel, diagnostics=diagnostics)
        except SiteError as exc:
            diagnostics.add(exc)
    if data is None:  # what refers to it is not checked: the error above is the one to fix
        diagnostics.mark_broken("timeline", name, f"timeline '{name}'", "it did not load")
        diagnostics.mark_broken("event", "*", "timeline events", f"{rel} did not load")
        diagnostics.mark_broken("any-timeline", "*", "timelines", f"{rel} did not load")
        return None
    where = Location(rel)
    values = read_fields(data, TIMELINE_FIELDS, diagnostics, where, "the timeline")
    eras = _read_eras(values["eras"], diagnostics, where)
    events = _read_events(values["events"], name, eras, diagnostics, where, seen)
    if values["events"] is None:  # missing or not a list: told above; links to its events are not errors
        diagnostics.mark_broken("event", "*", "timeline events", f"{rel} has no events list")
    if values["events"] is not None and not events and not _items_count(values["events"]):
        diagnostics.error("the timeline has no events", _at(data, "events", where),
                          "add at least one event: - {id: ..., date: ..., title: ...}")
    return Timeline(
        name=name,
        title=values["title"] or name,
        description=values["description"],
        eras=eras,
        events=events,
        url="timeline/" if single else f"timelines/{name}/",
        source=rel,
        description_location=_at(data, "description", where) if values["description"] else None,
        article=values["article"],
        article_location=_at(data, "article", where) if values["article"] else None,
        language=values["language"],
        translation_of=(values["translation_of"] or "").strip(),
        translation_at=_at(data, "translation_of", where) if values["translation_of"] else None,
        updated=values["updated"],
        corrections=read_correction_list(values["corrections"], diagnostics, _at(data, "corrections", where)),
    )


def _items_count(raw: object) -> int:
    return len(raw) if isinstance(raw, list) else 0


def _items(raw: object, where: Location) -> Iterator[tuple[Any, Location]]:
    if not raw or not isinstance(raw, list):
        return
    for index, entry in enumerate(raw):
        yield entry, (raw.item_location(index) if isinstance(raw, YamlList) else where)


def _at(entry: object, key: str, default: Location) -> Location:
    return entry.value_location(key) if isinstance(entry, YamlMap) and key in entry else default


def _did_you_mean(word: str, known: set[str] | list[str], listing: str) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return listing


def _read_eras(raw: object, diagnostics: Diagnostics, where: Location) -> tuple[Era, ...]:
    eras: list[Era] = []
    for entry, loc in _items(raw, where):
        values = read_fields(entry, ERA_FIELDS, diagnostics, loc, "an era")
        if not values["id"] or not values["title"] or not values["start"]:
            continue
        if values["end"] and values["end"].last_day() < values["start"].first_day():
            diagnostics.error(f"the era '{values['id']}' ends before it starts", _at(entry, "end", loc),
                              f"it starts on {values['start'].iso()}: check the years of start and end")
            continue
        if any(era.id == values["id"] for era in eras):
            diagnostics.error(f"duplicate era id '{values['id']}'", _at(entry, "id", loc),
                              "give each era its own id")
            continue
        eras.append(Era(values["id"], values["title"], values["start"], values["end"], loc))
    return tuple(sorted(eras, key=lambda era: era.start.first_day()))


def _era_for(date: PartialDate, eras: tuple[Era, ...]) -> str:
    day = date.first_day()
    for era in eras:
        if era.start.first_day() <= day and (era.end is None or day < era.end.last_day()):
            return era.id
    return ""


def _read_tags(entry: object, loc: Location, diagnostics: Diagnostics) -> tuple[str, ...]:
    """Tags as a list of ids; each bad one is reported at its own place, with its fixed form."""
    raw = entry.get("tags") if isinstance(entry, dict) else None
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw_items: list[tuple[Any, Location]] = [(raw, _at(entry, "tags", loc))]
    elif isinstance(raw, list):
        raw_items = [(item, raw.item_location(i) if isinstance(raw, YamlList) else loc)
                     for i, item in enumerate(raw)]
    else:
        diagnostics.error("'tags' must be a list, such as [diplomacy, sanctions]", _at(entry, "tags", loc),
                          "write tags: [first-tag, second-tag]")
        return ()
    tags: list[str] = []
    for item, item_loc in raw_items:
        text = item if isinstance(item, str) else ""
        if text and ID_PATTERN.match(text):
            if text not in tags:
                tags.append(text)
            continue
        fixed = slugify(str(item)) if item is not None and not isinstance(item, (list, dict)) else ""
        hint = f"write it as '{fixed}'" if fixed else "a tag is one lowercase word, or words joined by hyphens"
        diagnostics.error(f"'{item}' is not a tag: tags are lowercase words joined by hyphens",
                          item_loc, hint)
    return tuple(tags)


def _read_events(raw: object, name: str, eras: tuple[Era, ...], diagnostics: Diagnostics,
                 where: Location, seen: dict[str, Location]) -> tuple[Event, ...]:
    events: list[Event] = []
    era_ids = {era.id for era in eras}
    for entry, loc in _items(raw, where):
        values = read_fields(entry, EVENT_FIELDS, diagnostics, loc, "an event")
        tags = _read_tags(entry, loc, diagnostics)
        event_id = values["id"]
        if event_id in seen:  # told even when an event has another mistake: it is one of its own
            diagnostics.error(f"duplicate event id '{event_id}' (first used at {seen[event_id]})", loc,
                              "every event needs its own id: it is the event's permanent link")
            continue
        if event_id:
            seen[event_id] = loc
        if not event_id or not values["title"] or not values["date"]:
            if event_id:  # links to it are not errors of their own
                diagnostics.mark_broken("event", event_id, f"the event '{event_id}'", f"it has an error ({loc})")
            elif isinstance(entry, dict) and "id" in entry:  # an id that is no id: its error says so
                diagnostics.mark_broken("event", "*", "timeline events", f"an event's id has an error ({loc})")
            continue
        date, end = values["date"], values["end"]
        if end and end.last_day() < date.first_day():
            diagnostics.error(f"the event '{event_id}' ends before it starts", _at(entry, "end", loc),
                              f"it starts on {date.iso()}: check the dates of 'date' and 'end'")
            end = None
        era = values["era"]
        if era and era not in era_ids:
            listing = ("known eras: " + ", ".join(sorted(era_ids))) if era_ids else \
                "this timeline has no eras: add an 'eras:' list or remove 'era:'"
            diagnostics.error(f"unknown era '{era}'", _at(entry, "era", loc),
                              _did_you_mean(era, era_ids, listing))
            era = ""
        events.append(Event(
            id=event_id, timeline=name, date=date, end=end, circa=values["circa"],
            title=values["title"], summary=values["summary"], tags=tags,
            sources=values["sources"], importance=values["importance"],
            era=era or _era_for(date, eras), unverified=values["unverified"], location=loc,
            sources_location=_at(entry, "sources", loc),
            summary_location=_at(entry, "summary", loc) if values["summary"] else None,
        ))
    # Same date keeps file order (sort is stable); a year alone sorts before that year's dated
    # events, a month alone before that month's dated events (0 stands for "not known").
    events.sort(key=lambda e: (e.date.year, e.date.month, e.date.day))
    return tuple(events)
