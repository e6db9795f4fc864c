"""Choose each article's Background: the timeline events its front matter or sidecar asks for."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from ..errors import Diagnostics
from ..model import Document
from .views import EventView, TimelineView, is_after


@dataclass(frozen=True, slots=True)
class Background:
    """An article's Background section: some events of one timeline, in date order."""

    timeline: TimelineView
    """The timeline they come from (its page holds the full story)."""
    events: tuple[EventView, ...]
    """The chosen events, in the timeline's date order."""
    article_date: dt.date | None = None
    """The article's own date: events after it are marked as later than the article."""

    def is_after(self, event: EventView) -> bool:
        """The event happened after the article was published."""
        return is_after(event.event, self.article_date)


def choose_background(doc: Document, views: Mapping[str, TimelineView],
                      diagnostics: Diagnostics) -> Background | None:
    """The events named by `events:`, else those of `timeline:` sharing a tag with the article.

    With `events:` and no `timeline:`, the site's only timeline is used. An article that
    names a timeline but has no tags gets that timeline's major events.
    """
    if not doc.timeline and not doc.events:
        return None
    events_at = doc.events_location or doc.location
    if doc.timeline:
        view = views.get(doc.timeline)
        if view is None and diagnostics.skip("timeline", doc.timeline, doc.timeline_location or doc.location):
            return None
        if view is None:
            listing = ("timelines: " + ", ".join(sorted(views))) if views else \
                "the site has no timeline: add content/timelines/NAME.yaml"
            diagnostics.error(f"unknown timeline '{doc.timeline}'",
                              doc.timeline_location or doc.location,
                              _did_you_mean(doc.timeline, list(views), listing))
            return None
    elif len(views) == 1:
        view = next(iter(views.values()))
    elif diagnostics.skip("any-timeline", "*", events_at):  # the one that failed may be it
        return None
    else:
        hint = ("say which one: timeline: " + " or timeline: ".join(sorted(views))) if views else \
            "the site has no timeline: add content/timelines/NAME.yaml"
        diagnostics.error("'events' needs 'timeline:' to say which timeline they come from", events_at, hint)
        return None

    if doc.events:
        wanted = set(doc.events)
        for event_id in doc.events:
            if event_id not in view.by_id and not diagnostics.skip("event", event_id, events_at):
                diagnostics.error(f"unknown event '{event_id}' in timeline '{view.name}'", events_at,
                                  _event_hint(event_id, view, views))
        chosen = tuple(event for event in view.events if event.id in wanted)
    elif doc.tags:
        tags = set(doc.tags)
        chosen = tuple(event for event in view.events if tags.intersection(event.tags))
        if not chosen:
            diagnostics.warning(
                f"no event of timeline '{view.name}' has any of the tags {', '.join(doc.tags)}",
                doc.location, "the Background section is left out: add 'events: [...]' or other tags")
    else:
        chosen = tuple(event for event in view.events if event.importance == "major")
    return Background(view, chosen, doc.date) if chosen else None


def attach_backgrounds(entries: Sequence[Any], views: Mapping[str, TimelineView],
                       diagnostics: Diagnostics) -> tuple[Any, ...]:
    """Entries with `extras.background` set where the article asks for one."""
    attached = []
    for entry in entries:
        background = choose_background(entry.doc, views, diagnostics)
        if background is not None:
            entry = replace(entry, extras=replace(entry.extras, background=background))
        attached.append(entry)
    return tuple(attached)


def _did_you_mean(word: str, known: list[str], listing: str) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else listing


def _event_hint(event_id: str, view: TimelineView, views: Mapping[str, TimelineView]) -> str:
    for other in views.values():
        if other is not view and event_id in other.by_id:
            return f"'{event_id}' is in the timeline '{other.name}': an article's events come from one timeline"
    close = difflib.get_close_matches(event_id, list(view.by_id), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"use the id: of an event in {view.source}"
