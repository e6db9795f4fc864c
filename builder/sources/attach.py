"""Tie notes to sources during the resolve stage: seed notes, Markdown citations, checks.

One `SourceNotes` per build: it renders the registry's notes once, gives each Markdown
document its citation collector, anchors and numbers each seed article's notes, and at
the end checks the timelines' `sources:` and indexes who cites each source.
"""

from __future__ import annotations

import difflib
from typing import Any, Mapping, Sequence

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..annotate import header_html, received_byline, seed_body_html, seed_targets
from ..content.markdown import RenderContext
from ..errors import Diagnostics, SiteError
from ..i18n import translate
from ..links import html_ids
from ..model import Document, Event, Note, PageExtras, SiteConfig, Source, Timeline
from .check import SourceIndex, index_sources
from .citations import Citations, report_unknown_key, start_citations
from .notes import anchor_notes
from .load import SOURCES_FILE
from .views import Cite, EventLink, PageNote, SourceView, build_source_views, render_yaml_markdown


class SourceNotes:
    """The resolve stage's helper for everything about sources and notes."""

    def __init__(self, config: SiteConfig, sources: Mapping[str, Source], timelines: Sequence[Timeline],
                 md: MarkdownIt, link_schemes: Mapping[str, Any], diagnostics: Diagnostics) -> None:
        self.config = config
        self.sources = sources
        self.timelines = tuple(timelines)
        self.link_schemes = link_schemes
        self.diagnostics = diagnostics
        self.md = md  # notes come from YAML files: the resolver hands a renderer with raw HTML off
        self.views: dict[str, SourceView] = build_source_views(
            sources, self.md, config.base_path, link_schemes, diagnostics, self._file_lines(SOURCES_FILE))
        self.events: dict[str, tuple[Event, Timeline]] = {
            event.id: (event, timeline) for timeline in self.timelines for event in timeline.events}

    def start_citations(self, context: RenderContext) -> Citations:
        """Let the Markdown rendered with `context` cite sources as `[@key]`."""
        return start_citations(context, self.views)

    def seed_entry(self, doc: Document) -> tuple[Markup, PageExtras]:
        """A seed article's body HTML and extras: marked phrases and numbered notes."""
        for note in doc.notes:
            self._check_note(note)
        lines = self._seed_lines(doc)
        targets, hidden = seed_targets(doc, lines)
        anchors = anchor_notes(doc.notes, targets, hidden, doc.source, self.diagnostics)
        links: list[Any] = []
        notes = [self._page_note(anchor.number, anchor.note, links) for anchor in anchors]
        word = translate(doc.language or self.config.language, "Note")  # 'Nota 3', for screen readers
        body = seed_body_html(doc.seed, anchors, received_byline(doc.seed, lines), word)
        header = header_html(targets, anchors, word)
        shown = [body, *(value for value in header.values() if isinstance(value, str)), *header.get("captions_html", ())]
        # the links are the notes' own, placed in the sidecar, for the link check
        return body, PageExtras(**header, source_notes=tuple(notes), links=tuple(links), ids=html_ids("".join(shown)))

    def index(self, entries: Sequence[Any]) -> SourceIndex:
        """Check the timelines' sources, warn about uncited sources, and index who cites what."""
        for timeline in self.timelines:
            for event in timeline.events:
                for key in event.sources:
                    if key not in self.views:
                        report_unknown_key(self.diagnostics, key, self.views, event.sources_location)
        return index_sources(self.views, self.sources, entries, self.timelines, self.diagnostics)

    def _check_note(self, note: Note) -> None:
        for key in note.sources:
            if key not in self.views:
                report_unknown_key(self.diagnostics, key, self.views, note.sources_location)
        if note.event and note.event not in self.events and \
                not self.diagnostics.skip("event", note.event, note.event_location):
            close = difflib.get_close_matches(note.event, list(self.events), n=1, cutoff=0.6)
            hint = (f"did you mean '{close[0]}'?" if close else
                    "use the id of an event of content/timelines/" if self.events else
                    "the site has no timeline events yet: add the event to content/timelines/, or remove 'event'")
            self.diagnostics.error(f"unknown timeline event '{note.event}'", note.event_location, hint)

    def _page_note(self, number: int, note: Note, links: list[Any]) -> PageNote:
        text_html = render_yaml_markdown(self.md, note.note, note.location, self._file_lines(note.location.path),
                                         self.config.base_path, self.link_schemes, self.diagnostics, links)
        cites = tuple(Cite(self.views[key], "", "") for key in note.sources if key in self.views)
        event = None
        if note.event in self.events:
            found, timeline = self.events[note.event]
            event = EventLink(found.title, found.date, f"{timeline.url}#{found.id}")
        return PageNote(number=number, ref_id=f"note-ref-{number}", text_html=text_html, cites=cites, event=event,
                        verdict=note.verdict, quote=" ".join(note.quote.split()))

    def _file_lines(self, path: str) -> list[str] | None:
        """A YAML file's lines, to place mistakes in the Markdown its values hold."""
        return self.diagnostics.lines_of(path)

    def _seed_lines(self, doc: Document) -> list[str] | None:
        """The seed file's lines, for the byline as received and for hints (from the bytes the
        document was read from, never the file again); None if they are not text."""
        from ..seed import decode_seed  # the seed parser is only needed for seed articles

        try:
            return decode_seed(doc.original, doc.source).split("\n")
        except SiteError:
            return None
