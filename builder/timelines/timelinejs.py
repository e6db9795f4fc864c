"""timeline.json in the TimelineJS3 JSON format, so newsrooms can reuse a timeline in that tool.

TimelineJS shows its text fields as HTML: headlines are escaped text, summaries the safe
HTML we render ourselves, with the site's own links made absolute when the site's full
address is known.
"""

from __future__ import annotations

import json
import re
from html import escape as escape_html
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from ..dates import PartialDate
from ..model import SiteConfig
from .views import EventView, TimelineView


def timelinejs_json(view: TimelineView, config: SiteConfig) -> bytes:
    """The bytes of timeline.json for one timeline."""
    return json.dumps(timelinejs_data(view, config), ensure_ascii=False, indent=1).encode("utf-8")


def timelinejs_data(view: TimelineView, config: SiteConfig) -> dict[str, Any]:
    """The TimelineJS3 object: title slide, one slide per event, eras."""
    eras = {era.id: era for era in view.eras}
    data: dict[str, Any] = {
        "title": {"text": {"headline": _text_html(view.title),
                           "text": _absolute(str(view.description_html), config)}},
        "events": [_slide(event, eras, config, view) for event in view.events],
        "scale": "human",
    }
    closed = [era for era in view.eras if era.end is not None]
    if closed:  # TimelineJS needs an era's end: an era that goes on is left out, not given one
        data["eras"] = [
            {
                "start_date": _date(era.start),
                "end_date": _date(era.end),
                "text": {"headline": _text_html(era.title)},
            }
            for era in closed
        ]
    return data


def _slide(event: EventView, eras: dict[str, Any], config: SiteConfig, view: TimelineView) -> dict[str, Any]:
    headline = event.title + (" (after the article)" if event.after_article else "")
    slide: dict[str, Any] = {
        "start_date": _date(event.date),
        "text": {"headline": _text_html(headline), "text": _absolute(_text(event, view), config)},
        "unique_id": event.id,
    }
    if event.end:
        slide["end_date"] = _date(event.end)
    if event.era in eras:
        slide["group"] = _text_html(eras[event.era].title)  # TimelineJS shows it as HTML too
    if event.circa:
        slide["display_date"] = event.when_text
    return slide


def _text(event: EventView, view: TimelineView) -> str:
    html = Markup("")
    if event.after_article and view.article_date is not None:
        day = view.article_date
        html += Markup("<p><strong>After the article</strong> ({}, published {} {}).</p>").format(
            view.article_title, day.day, day.strftime("%B %Y"))
    if event.unverified:
        html += Markup("<p><strong>Unverified.</strong></p>")
    html += event.summary_html
    if event.sources:
        items = Markup("; ").join(
            Markup('{}{}, <a href="{}">{}</a>').format(source.publisher, _affiliation(label), source.url,
                                                      source.title or (urlsplit(source.url).hostname or "").removeprefix("www."))
            if source.url else Markup("{}{}{}").format(source.publisher, _affiliation(label),
                                                       f", {source.title}" if source.title else "")
            for source, label in zip(event.sources, event.affiliations)
        )
        html += Markup("<p>Sources: {}</p>").format(items)
    return str(html)


def _text_html(text: str) -> str:
    """Plain text as HTML for a TimelineJS field: <, > and & escaped, quotes left readable."""
    return escape_html(text, quote=False)


def _date(date: PartialDate) -> dict[str, int]:
    value = {"year": date.year}
    if date.month:
        value["month"] = date.month
    if date.day:
        value["day"] = date.day
    return value


def _affiliation(label: str) -> str:
    """` [State media (Venezuela)]` after a publisher: who stands behind it, as on the site's pages."""
    return f" [{label}]" if label else ""


_ROOT_LINK = re.compile(r'(href|src)="(/[^/"][^"]*|/)"')


def _absolute(html: str, config: SiteConfig) -> str:
    """Root-relative links made absolute, since the JSON is meant to be used on other sites."""
    if "://" not in config.base_url:
        return html

    def fix(match: re.Match[str]) -> str:
        path = match.group(2)
        if path.startswith(config.base_path):
            path = path[len(config.base_path):]
        return f'{match.group(1)}="{config.absolute_url(path)}"'

    return _ROOT_LINK.sub(fix, html)
