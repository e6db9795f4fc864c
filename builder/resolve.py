"""The resolve stage: turn documents into rendered bodies, with every reference checked.

Markdown is rendered here (not in the templates) because that is where `timeline:` links
and citations are resolved against the rest of the site, and where unknown ids are found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from markdown_it import MarkdownIt
from markupsafe import Markup

from .sources import SourceIndex, SourceNotes
from .content import Content
from .content.markdown import RenderContext, make_markdown, render_markdown
from .errors import Diagnostics
from .model import Document, SiteConfig, Source, Timeline
from .timelines import attach_backgrounds, event_link_resolver, resolve_timelines


@dataclass(frozen=True, slots=True)
class Entry:
    """A document ready for its template: metadata plus rendered body."""

    doc: Document
    """The document as read."""
    html: Markup
    """Its body as safe HTML."""
    extras: Mapping[str, Any] = field(default_factory=dict)
    """What later stages attach (background events, source notes...)."""

    def __getattr__(self, name: str) -> Any:
        # templates read page.title rather than page.doc.title
        return getattr(self.doc, name)


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the templates need, resolved and checked."""

    config: SiteConfig
    """Checked site.yaml."""
    articles: tuple[Entry, ...]
    """Articles, newest first."""
    pages: tuple[Entry, ...]
    """Pages such as about."""
    home: Entry | None
    """The home page's own text, when content/index.md exists."""
    timelines: tuple[Timeline, ...] = ()
    """Background timelines, as loaded."""
    sources: Mapping[str, Source] = field(default_factory=dict)
    """The sources registry: key -> Source."""
    timeline_views: Mapping[str, Any] = field(default_factory=dict)
    """Timelines ready for their pages: name -> timelines.TimelineView."""
    source_index: SourceIndex | None = None
    """Every source as shown, with the places that cite it (for the sources page)."""


def resolve_site(config: SiteConfig, content: Content, timelines: tuple[Timeline, ...],
                 sources: Mapping[str, Source], diagnostics: Diagnostics,
                 md: MarkdownIt | None = None) -> Site:
    """Render every body, resolving its links; report every unknown reference."""
    md = md or make_markdown(config.markdown)
    link_schemes: dict = {}
    link_schemes["timeline"] = event_link_resolver(timelines, config.base_path, diagnostics)

    notes = SourceNotes(config, sources, timelines, md, link_schemes, diagnostics)

    def entry(doc: Document) -> Entry:
        if doc.seed is not None:
            return Entry(doc, *notes.seed_entry(doc))
        context = RenderContext(doc.source, doc.body_line, config.base_path, diagnostics, link_schemes)
        citations = notes.start_citations(context)
        html = Markup(render_markdown(md, doc.body, context))
        return Entry(doc, html, {"source_notes": tuple(citations.notes)})

    timeline_views = resolve_timelines(timelines, config, sources, md, link_schemes, diagnostics)
    articles = attach_backgrounds(tuple(entry(d) for d in content.articles), timeline_views, diagnostics)
    pages = tuple(entry(d) for d in content.pages)
    home = entry(content.home) if content.home else None
    return Site(
        config=config,
        articles=articles,
        pages=pages,
        home=home,
        timelines=timelines,
        timeline_views=timeline_views,
        sources=sources,
        source_index=notes.index((*articles, *pages, *([home] if home else []))),
    )
