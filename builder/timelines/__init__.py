"""Curated background timelines: content/timelines/NAME.yaml, their pages, overview and data."""

from .background import Background, attach_backgrounds, choose_background
from .load import load_timelines
from .timelinejs import timelinejs_json
from .views import EventView, TimelineView, date_timelines, event_link_resolver, resolve_timelines

__all__ = [
    "Background",
    "EventView",
    "TimelineView",
    "attach_backgrounds",
    "choose_background",
    "date_timelines",
    "event_link_resolver",
    "load_timelines",
    "resolve_timelines",
    "timelinejs_json",
]
