"""The resolve stage: turn documents into rendered bodies, with every reference checked.

Markdown is rendered here (not in the templates) because that is where `timeline:` links
and citations are resolved against the rest of the site, and where unknown ids are found.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from markdown_it import MarkdownIt
from markupsafe import Markup

from .content import Content
from .content.markdown import RenderContext, YamlRenderContext, render_markdown
from .errors import Diagnostics, Location
from .explainers import Explainer, explainer_name, tell_other_languages
from .i18n import base_language, translate
from .links import html_ids
from .model import Document, PageExtras, SiteConfig, Source, Timeline
from .pictures import with_pictures
from .renderer import make_markdown
from .sources.attach import SourceNotes
from .sources.check import SourceIndex
from .timelines import attach_backgrounds, date_timelines, event_link_resolver, resolve_timelines


@dataclass(frozen=True, slots=True)
class Entry:
    """A document ready for its template: metadata plus rendered body."""

    doc: Document
    """The document as read."""
    html: Markup
    """Its body as safe HTML."""
    extras: PageExtras = PageExtras()
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
    timeline_editions: Mapping[str, Any] = field(default_factory=dict)
    """Timeline name -> its editions in every language (translations.Editions), for those that have some."""
    source_index: SourceIndex | None = None
    """Every source as shown, with the places that cite it (for the sources page)."""
    summary_html: Markup = Markup("")
    """site.yaml's `summary:` rendered: what a reader should know first (the home page)."""
    explainers: tuple[Explainer, ...] = ()
    """The explainers of content/explainers/, by folder name, their summaries rendered."""
    editions: tuple[Any, ...] = ()
    """A site in several languages: the site in each (editions.Edition), its own language first; else ()."""
    several_explainers: bool = False
    """An edition of a site with two explainers or more in all its languages (it may have one of its own)."""
    explainer_editions: Mapping[str, Any] = field(default_factory=dict)
    """Explainer name -> its editions in every language (translations.Editions), for those that have some."""

    @property
    def hub(self) -> bool:
        """Two explainers or more: the home page is their hub and each has a front page at NAME/ (an
        edition's at LANG/NAME/). With one, the home page is its front page and the site looks as it
        would without content/explainers/."""
        return len(self.explainers) > 1 or (self.several_explainers and bool(self.explainers))

    def explainer_of(self, source: str) -> Explainer | None:
        """The explainer an article or timeline belongs to (by its file's path), or None."""
        name = explainer_name(source)
        return next((explainer for explainer in self.explainers if explainer.name == name), None) if name else None

    @property
    def updated(self) -> Any:
        """When the site last changed: its newest article or timeline update (a date, or a PartialDate)."""
        from .timelines.overview import site_updated

        return site_updated(self.articles, self.timeline_views.values())



def resolve_site(config: SiteConfig, content: Content, timelines: tuple[Timeline, ...],
                 sources: Mapping[str, Source], diagnostics: Diagnostics,
                 md: MarkdownIt | None = None) -> Site:
    """Render every body, resolving its links; report every unknown reference."""
    resolver = Resolver(config, timelines, sources, diagnostics, md)
    articles = tuple(resolver.entry(doc) for doc in content.articles)
    pages = tuple(resolver.entry(doc) for doc in content.pages)
    home = resolver.entry(content.home) if content.home else None
    return resolver.site(articles, pages, home)


class Resolver:
    """The resolve stage in two steps: each document's body on its own, then the site as a whole.

    `entry` depends only on the document and the site-wide data given here (config,
    timelines, sources), so a build may take it from the cache or run it in another process.
    """

    def __init__(self, config: SiteConfig, timelines: tuple[Timeline, ...], sources: Mapping[str, Source],
                 diagnostics: Diagnostics, md: MarkdownIt | None = None,
                 explainers: tuple[Explainer, ...] = ()) -> None:
        self.config = config
        self.timelines = timelines
        self.sources = sources
        self.diagnostics = diagnostics
        self.md = md or make_markdown(config.markdown)
        self.link_schemes: dict = {"timeline": event_link_resolver(timelines, config.base_path, diagnostics)}
        # notes come from YAML files: raw HTML stays off whatever site.yaml allows for bodies
        notes_md = make_markdown(replace(config.markdown, html=False)) if config.markdown.html else self.md
        self.notes = SourceNotes(config, sources, timelines, notes_md, self.link_schemes, diagnostics)
        self.timeline_views = resolve_timelines(timelines, config, sources, self.md, self.link_schemes,
                                                diagnostics)
        self.explainers = tuple(self._explainer(explainer) for explainer in explainers)

    def _explainer(self, explainer: Explainer) -> Explainer:
        """An explainer with its summary rendered, and the summary's links kept for the link check."""
        links: list[tuple[str, str, int, int, str]] = []
        html = self._yaml_markdown(explainer.summary, explainer.summary_location, links)
        return replace(explainer, summary_html=html, links=tuple(links))

    def entry(self, doc: Document) -> Entry:
        """The document with its body rendered, links and citations resolved."""
        entry = self._body(doc)
        if not doc.methods:
            return entry
        html, links = self._methods(doc)
        extras = replace(entry.extras, methods_html=html, links=(*entry.extras.links, *links))
        return Entry(doc, entry.html, extras)

    def _methods(self, doc: Document) -> tuple[Markup, tuple]:
        """'How we reported this' rendered from the `methods:` Markdown, mistakes placed in its file."""
        links: list = []
        html = self._yaml_markdown(doc.methods, doc.methods_location or doc.location, links)
        return html, tuple(links)

    def _body(self, doc: Document) -> Entry:
        if doc.seed is not None:
            return with_pictures(Entry(doc, *self.notes.seed_entry(doc)), self.config, self.diagnostics)
        context = RenderContext(doc.source, doc.body_line, self.config.base_path, self.diagnostics,
                                self.link_schemes, site_dir=self.config.site_dir)
        context.state["note_word"] = translate(doc.language or self.config.language, "Note")  # 'Nota 3'
        citations = self.notes.start_citations(context)
        html = Markup(render_markdown(self.md, doc.body, context))
        links = tuple(context.state.get("links", ()))
        extras = PageExtras(source_notes=tuple(citations.notes), links=links, ids=html_ids(html),
                            pictures=tuple(context.state.get("pictures", ())))
        return with_pictures(Entry(doc, html, extras), self.config, self.diagnostics)

    def summary(self) -> Markup:
        """site.yaml's `summary:` as HTML, its mistakes placed in site.yaml; '' without one."""
        if not self.config.summary.strip():  # one explainer: its summary says what to know
            return self._only_explainers_summary(self.config.language)
        return self._yaml_markdown(self.config.summary, self.config.summary_location or self.config.location)

    def _only_explainers_summary(self, language: str) -> Markup:
        """The summary of the site's one explainer when it is in `language` (its edition's home page is
        its front page); else ''."""
        if len(self.explainers) != 1:
            return Markup("")
        only = self.explainers[0]
        return only.summary_html if base_language(only.language or self.config.language) == base_language(
            language) else Markup("")

    def _yaml_markdown(self, text: str, start: Location | None, links: list | None = None) -> Markup:
        """Markdown written in a YAML file, its mistakes placed in that file ('' for no text); its links
        added to `links` when given."""
        if not text.strip() or start is None:
            return Markup("")
        lines = self.diagnostics.lines_of(start.path)
        context = YamlRenderContext(start.path, start.line, self.config.base_path, self.diagnostics,
                                    self.link_schemes, file_lines=lines, start=start)
        html = Markup(render_markdown(self.md, text, context))
        if links is not None:
            links.extend(context.state.get("links", ()))
        return html

    def site(self, articles: tuple[Entry, ...], pages: tuple[Entry, ...], home: Entry | None) -> Site:
        """The resolved site: timelines dated against their article, backgrounds attached, citations indexed."""
        from .editions import site_editions, tell_empty_editions
        from .translations import (explainer_editions, link_translations, place_languages, timeline_editions,
                                   with_editions)

        articles = place_languages(articles, self.config, self.diagnostics)
        pages = place_languages(pages, self.config, self.diagnostics)
        tell_other_languages(self.explainers, [
            *(("article", entry.doc.source, entry.doc.language, entry.doc.location) for entry in articles),
            *(("timeline", timeline.source, timeline.language, Location(timeline.source))
              for timeline in self.timelines)], self.config.language, self.diagnostics)
        fronts = {explainer.url: explainer for explainer in self.explainers}
        for page in pages:  # both would be NAME/ (or LANG/NAME/)
            if page.doc.url in fronts:
                self.diagnostics.error(f"the page slug '{page.doc.slug}' is the address of the explainer "
                                       f"{fronts[page.doc.url].location.path}", page.doc.location,
                                       "give the page another slug: slug: about-this-site")
        editions = link_translations((*articles, *pages), self.config, self.diagnostics)
        articles, pages = with_editions(articles, editions), with_editions(pages, editions)
        timeline_views = date_timelines(self.timeline_views, articles, self.diagnostics)
        articles = attach_backgrounds(articles, timeline_views, self.diagnostics)
        site = Site(
            config=self.config,
            articles=articles,
            pages=pages,
            home=home,
            timelines=self.timelines,
            timeline_views=timeline_views,
            timeline_editions=timeline_editions(self.timelines, self.config, self.diagnostics),
            sources=self.sources,
            source_index=self.notes.index((*articles, *pages, *([home] if home else []))),
            summary_html=self.summary(),
            explainers=self.explainers,
            explainer_editions=explainer_editions(self.explainers, self.config, self.diagnostics),
        )
        languages = site_editions(site, self._language_summaries())
        tell_empty_editions(languages, self.config, self.diagnostics)
        return replace(site, editions=languages)

    def _language_summaries(self) -> dict[str, Markup]:
        """Each other language's `summary:` of site.yaml (languages:) as HTML, its mistakes placed there;
        without one, that of the site's one explainer if it is in that language."""
        own = {settings.language: settings for settings in self.config.language_settings if settings.summary.strip()}
        return {language: self._yaml_markdown(own[language].summary, own[language].summary_location)
                if language in own else self._only_explainers_summary(language) for language in self.config.languages}
