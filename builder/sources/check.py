"""Who cites each source: the index behind the sources page, and the 'uncited' warning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..errors import Diagnostics
from ..model import Source, Timeline
from .views import AFFILIATION_GROUP, KIND_LABELS, SourceView


@dataclass(frozen=True, slots=True)
class CitingPlace:
    """A page or timeline event that cites a source."""

    title: str
    """The article's or page's title, or the event's headline."""
    url: str
    """Site-relative URL of the page (`articles/slug/`) or of the event (`timeline/#id`)."""
    kind: str
    """`article`, `page`, `home` or `event`."""
    notes: tuple[int, ...] = ()
    """On a page: the numbers of the notes that cite the source (`#note-N`)."""
    date: Any = None
    """For an event: its PartialDate."""


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """The sources of one kind, as the sources page lists them."""

    kind: str
    """The kind (`primary`, `news`...); also the group's anchor: `#kind-news`."""
    heading: str
    """The group's heading."""
    blurb: str
    """What this kind of source can bear, in a sentence."""
    sources: tuple[SourceView, ...]
    """Its sources, by publisher then title."""


@dataclass(frozen=True, slots=True)
class SourceIndex:
    """Every source with the places that cite it."""

    views: Mapping[str, SourceView]
    """key -> the source as templates show it."""
    cited_by: Mapping[str, tuple[CitingPlace, ...]]
    """key -> the places citing it, pages first (in site order), then events (by date)."""
    groups: tuple[SourceGroup, ...]
    """The sources grouped by kind, most direct evidence first."""


def index_sources(views: Mapping[str, SourceView], sources: Mapping[str, Source], entries: Sequence[Any],
                  timelines: Sequence[Timeline], diagnostics: Diagnostics) -> SourceIndex:
    """Index the citations of `entries` (with extras.source_notes) and of timeline events.

    A source that nothing cites is a warning at its key: it is either a leftover or a
    citation that was forgotten.
    """
    cited: dict[str, list[CitingPlace]] = {key: [] for key in views}
    for entry in entries:
        numbers: dict[str, list[int]] = {}
        for note in entry.extras.source_notes:
            for cite in note.cites:
                numbers.setdefault(cite.source.key, [])
                if note.number not in numbers[cite.source.key]:
                    numbers[cite.source.key].append(note.number)
        for key, found in numbers.items():
            if key in cited:
                cited[key].append(CitingPlace(entry.doc.title, entry.doc.url, entry.doc.kind, tuple(found)))
    for timeline in timelines:
        for event in timeline.events:
            for key in dict.fromkeys(event.sources):
                if key in cited:
                    cited[key].append(CitingPlace(event.title, f"{timeline.url}#{event.id}", "event",
                                                  date=event.date))
    for key, places in cited.items():
        if not places and not diagnostics.failed:  # a file that failed to load may cite it
            diagnostics.warning(
                f"the source '{key}' is not cited anywhere", sources[key].location,
                f"cite it with [@{key}] in an article or page, or list it in a note's or an event's "
                "sources: [...]; or remove it",
            )
    groups = []
    for kind, (heading, blurb) in KIND_LABELS.items():
        members = sorted((v for v in views.values() if v.kind == kind and not _affiliated(v)),
                         key=lambda v: (v.publisher.casefold(), v.title.casefold(), v.key))
        if members:
            groups.append(SourceGroup(kind, heading, blurb, tuple(members)))
    affiliated = sorted((v for v in views.values() if _affiliated(v)),
                        key=lambda v: (v.affiliation, v.publisher.casefold(), v.title.casefold(), v.key))
    if affiliated:  # after the primary sources: the other side's official texts come first
        at = 1 if groups and groups[0].kind == "primary" else 0
        groups.insert(at, SourceGroup(*AFFILIATION_GROUP, tuple(affiliated)))
    return SourceIndex(views, {key: tuple(places) for key, places in cited.items()}, tuple(groups))


def _affiliated(view: SourceView) -> bool:
    """Grouped with the government, state and party outlets (an official text stays primary)."""
    return bool(view.affiliation) and view.kind != "primary"
