"""What the templates get for sources and notes: views shaped for display, built once.

Templates never see the raw registry's Markdown: each source's note is rendered here
(raw HTML off), and each page's numbered notes carry the sources they cite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..content.markdown import RenderContext, YamlRenderContext, render_markdown
from ..errors import Diagnostics, Location
from ..model import Source

KIND_LABELS: Mapping[str, tuple[str, str]] = {
    "primary": ("Primary sources",
                "Official texts and statements: what was decided, in the words of those who decided it."),
    "wire": ("Wire copy",
             "News agency reports (Reuters, AP, AFP, EFE...) and the pages that reprint them."),
    "news": ("News reports", "Reporting by news outlets."),
    "analysis": ("Analysis", "Interpretation by outlets or specialists: read it as a point of view on the facts."),
    "opinion": ("Opinion", "Argument and comment: a point of view, not a record."),
    "reference": ("Reference works", "Encyclopedias, databases and other reference works."),
}
"""kind -> (heading on the sources page, what that kind of source can bear)."""

AFFILIATION_GROUP: tuple[str, str, str] = (
    "affiliated", "Government, state and party outlets",
    "Published, owned or funded by a government, an army, a party or a campaign: "
    "read them as that side's account, and look for the same fact elsewhere.")
"""(anchor, heading, blurb) of the sources page's group for sources with an `affiliation:`
(official texts, kind `primary`, stay with the primary sources)."""

LANGUAGE_NAMES: Mapping[str, str] = {
    "ar": "Arabic", "ca": "Catalan", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "it": "Italian", "ja": "Japanese", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
    "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}
"""Common language tags spelled out; other tags are shown as written."""


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source as the templates show it: the registry's Source plus what display needs.

    Its fields (key, title, publisher, url, date...) are read straight from `source`.
    """

    source: Source
    """The source as loaded from sources.yaml."""
    language_name: str
    """The language spelled out (`Spanish`), or the tag itself."""
    note_html: Markup
    """The source's note, rendered (may be empty)."""
    anchor: str
    """Site-relative link to its entry: `sources/#KEY`."""
    links: tuple[tuple[str, str, int, int, str], ...] = ()
    """The addresses its note publishes, with their places, for the link check."""

    def __getattr__(self, name: str) -> Any:
        if name == "source":  # not yet set (unpickling): never recurse
            raise AttributeError(name)
        return getattr(self.source, name)

    @property
    def short_title(self) -> str:
        """The title as a note's short reference gives it: its first words (the source list gives it whole)."""
        return shorten(self.source.title, SHORT_TITLE)

    @property
    def affiliation_label(self) -> str:
        """`State media (Venezuela)`, `Government`... or '' for an independent source."""
        return affiliation_label(self.source)


SHORT_TITLE = 36
"""Characters of a title a note's short reference keeps (the source list gives it whole)."""


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word before `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.–—") + "…"


def affiliation_label(source: Source) -> str:
    """A source's affiliation as the pages show it beside the source."""
    if not source.affiliation:
        return ""
    label = source.affiliation[:1].upper() + source.affiliation[1:]
    return f"{label} ({source.affiliated_with})" if source.affiliated_with else label


@dataclass(frozen=True, slots=True)
class Cite:
    """One source cited by a note, with what the citation adds."""

    source: SourceView
    """The source."""
    prefix: str
    """Text before the key in a Pandoc citation (`see`), or ''."""
    locator: str
    """Text after the key (`p. 4`), or ''."""


@dataclass(frozen=True, slots=True)
class EventLink:
    """A timeline event a note points to."""

    title: str
    """The event's headline."""
    date: Any
    """PartialDate of the event."""
    url: str
    """Site-relative link: `timeline/#EVENT-ID`."""


@dataclass(frozen=True, slots=True)
class PageNote:
    """One numbered note of a page: a seed note, or a Markdown citation."""

    number: int
    """Its number on the page, from 1, in order of appearance."""
    ref_id: str
    """Id of the place in the text the note belongs to (the back-link's target)."""
    text_html: Markup
    """The editor's note, rendered; empty for a bare citation."""
    cites: tuple[Cite, ...]
    """The sources it cites, in the order given."""
    event: EventLink | None = None
    """The timeline event it relates to, if any."""
    verdict: str = ""
    """Where the quoted claim stands (`partly supported`...), or '' for a note of context."""
    quote: str = ""
    """The phrase of the article the note is about ('' for a citation)."""

    @property
    def id(self) -> str:
        """Id of its entry in the page's Source notes list."""
        return f"note-{self.number}"

    @property
    def verdict_label(self) -> str:
        """The verdict as a label: `Partly supported`."""
        return self.verdict[:1].upper() + self.verdict[1:]

    @property
    def verdict_class(self) -> str:
        """A CSS class for the verdict: `verdict-partly-supported`."""
        return "verdict-" + self.verdict.replace(" ", "-") if self.verdict else ""


def render_yaml_markdown(md: MarkdownIt, text: str, start: Location, file_lines: Sequence[str] | None,
                         base_path: str, link_schemes: Mapping[str, Any], diagnostics: Diagnostics,
                         links: list[Any] | None = None) -> Markup:
    """Markdown held in a YAML value, with mistakes placed in the YAML file itself.

    A folded value's lines are not the file's lines, so the file's own lines (from the
    value's start on) are what citations and links are searched in. The addresses it
    publishes, with their places, are added to `links` for the link check.
    """
    if not file_lines:
        context = RenderContext(start.path, start.line, base_path, diagnostics, link_schemes)
    else:
        context = YamlRenderContext(start.path, start.line, base_path, diagnostics, link_schemes,
                                    file_lines=file_lines, start=start)
    html = Markup(render_markdown(md, text, context))
    if links is not None:
        links.extend(context.state.get("links", ()))
    return html


def build_source_views(sources: Mapping[str, Source], md: MarkdownIt, base_path: str,
                       link_schemes: Mapping[str, Any], diagnostics: Diagnostics,
                       file_lines: Sequence[str] | None = None) -> dict[str, SourceView]:
    """key -> SourceView, with each source's note rendered (links resolved, raw HTML off)."""
    views: dict[str, SourceView] = {}
    for key, source in sources.items():
        note_html = Markup("")
        links: list[Any] = []
        if source.note:
            start = source.note_location or source.location
            note_html = render_yaml_markdown(md, source.note, start, file_lines, base_path, link_schemes,
                                             diagnostics, links)
        views[key] = SourceView(
            source=source,
            language_name=LANGUAGE_NAMES.get(source.language.split("-")[0].lower(), source.language)
            if source.language else "",
            note_html=note_html, anchor=f"sources/#{key}", links=tuple(links),
        )
    return views

