"""A site in several languages as editions: one whole site per language of `languages:`.

Each edition is the site narrowed to one language: its articles, pages and timelines, the
sources they cite, and site.yaml's words for that language (title, description, summary,
nav: `languages: {es: {...}}`, as Hugo and Zola configure languages). The site's own
language is published at the root, each other under its folder (`/es/`), with its own home
page, lists, timelines, sources, corrections and search pages in its language. A page made
in several editions (the home page, the sources page...) links to its other editions
(hreflang and the language switch), as a page and its `translation_of:` do.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping

from markupsafe import Markup

from .errors import Diagnostics, Location
from .explainers import Explainer
from .i18n import base_language
from .model import LanguageSettings, SiteConfig
from .sources.check import SourceGroup, SourceIndex

if TYPE_CHECKING:
    from .resolve import Site


@dataclass(frozen=True, slots=True)
class Edition:
    """The site in one of its languages."""

    language: str
    """As `languages:` writes it (`es`, `es-VE`)."""
    prefix: str
    """Where its pages are: '' for the site's own language, `es/` for another."""
    site: Site
    """The site narrowed to this language, its config in this language's words."""
    nav: list[dict[str, str]]
    """Its main navigation: {title, url} each."""

    @property
    def home(self) -> bool:
        return not self.prefix


def settings_of(config: SiteConfig, language: str) -> LanguageSettings:
    """What site.yaml says of a language's edition (nothing: the site's own words)."""
    return next((item for item in config.language_settings if item.language == language), LanguageSettings(language))


def edition_config(config: SiteConfig, language: str) -> SiteConfig:
    """The config an edition's pages see: the site's, in that language, with that language's own words."""
    if language == config.language:
        return config
    own = settings_of(config, language)
    return dataclasses.replace(config, language=language, title=own.title or config.title,
                               description=own.description or config.description, summary=own.summary,
                               summary_location=own.summary_location, nav=own.nav)


def site_editions(site: Site, summaries: Mapping[str, Markup]) -> tuple[Edition, ...]:
    """The site's editions, its own language first; none for a site in one language."""
    config = site.config
    if len(config.languages) < 2:
        return ()
    own_first = sorted(config.languages, key=lambda tag: base_language(tag) != base_language(config.language))
    return tuple(_edition(site, language, summaries) for language in own_first)


def tell_empty_editions(editions: tuple[Edition, ...], config: SiteConfig, diagnostics: Diagnostics) -> None:
    """Warn, at `languages:`, of each other language that nothing is written in yet: its edition is an
    empty shell at /LANG/ (a home page with no articles, search and 404 pages) that readers can find.
    Not after an error: the language's files may be those that failed to load."""
    if diagnostics.failed:
        return
    for edition in editions:
        site = edition.site
        if edition.home or site.articles or site.pages or site.timelines or site.explainers:
            continue
        tag = edition.language
        diagnostics.warning(f"nothing is in '{tag}' yet: its edition at {config.base_path}{edition.prefix} "
                            "is an empty shell",
                            config.languages_location or config.location,
                            f"give an article, page, timeline or explainer language: {tag}, or take {tag} "
                            "out of languages: until one is written")


def _edition(site: Site, language: str, summaries: Mapping[str, Markup]) -> Edition:
    config = site.config
    home = base_language(language) == base_language(config.language)
    mine = _in(language, config.language)
    articles = tuple(entry for entry in site.articles if mine(entry.doc.language))
    pages = tuple(entry for entry in site.pages if mine(entry.doc.language))
    views = {name: view for name, view in site.timeline_views.items() if mine(view.timeline.language)}
    urls = {entry.url for entry in (*articles, *pages)} | {view.url for view in views.values()}
    index = _narrow_index(site.source_index, urls | {""} if home else urls)
    narrowed = dataclasses.replace(
        site, config=edition_config(config, language), articles=articles, pages=pages,
        home=site.home if home else None, timelines=tuple(t for t in site.timelines if mine(t.language)),
        timeline_views=views, source_index=index, sources=site.sources if index and index.groups else {},
        summary_html=site.summary_html if home else summaries.get(language, Markup("")),
        explainers=tuple(explainer for explainer in site.explainers if mine(explainer.language)),
        several_explainers=site.hub, editions=())
    prefix = "" if home else base_language(language) + "/"
    own_nav = narrowed.config.nav
    nav = [{"title": item.title, "url": item.url} for item in own_nav] if own_nav else site_nav(narrowed, prefix)
    return Edition(language, prefix, narrowed, nav)


def _in(language: str, site_language: str) -> Callable[[str], bool]:
    """Whether a page's `language:` ('' for the site's) is this edition's."""
    wanted = base_language(language)
    return lambda own: base_language(own or site_language) == wanted


def _narrow_index(index: SourceIndex | None, urls: set[str]) -> SourceIndex | None:
    """The sources index of an edition: the sources its pages and events cite, and only those places."""
    if index is None:
        return None
    cited_by = {key: tuple(place for place in places if place.url.partition("#")[0] in urls)
                for key, places in index.cited_by.items()}
    kept = {key for key, places in cited_by.items() if places}
    groups = tuple(SourceGroup(group.kind, group.heading, group.blurb,
                               tuple(source for source in group.sources if source.key in kept))
                   for group in index.groups)
    return SourceIndex(index.views, cited_by, tuple(group for group in groups if group.sources))


def site_nav(site: Site, prefix: str = "") -> list[dict[str, str]]:
    """The navigation a site (or an edition, under `prefix`) gets without `nav:`: home, its timeline
    or timelines, its sources, its pages."""
    items = [{"title": "Home", "url": prefix}]
    if len(site.timelines) == 1:
        items.append({"title": "Timeline", "url": site.timelines[0].url})
    elif site.timelines:
        items.append({"title": "Timelines", "url": prefix + "timelines/"})
    if site.sources:
        items.append({"title": "Sources", "url": prefix + "sources/"})
    items += [{"title": p.title, "url": p.url} for p in site.pages if p.doc.extra.get("nav", True)]
    return items


def edition_for(site: Site, language: str) -> Edition | None:
    """The edition a page in `language` ('' for the site's) belongs to; None for a site in one language."""
    wanted = base_language(language or site.config.language)
    return next((edition for edition in site.editions if base_language(edition.language) == wanted), None)


def place_timelines(timelines: tuple[Any, ...], config: SiteConfig, diagnostics: Diagnostics) -> tuple[Any, ...]:
    """Each timeline in another language of `languages:` moved under that language's folder
    (`es/timelines/llamada/`), as its articles are (translations.place_languages)."""
    return _place(timelines, config, diagnostics, "timeline", lambda timeline: Location(timeline.source),
                  lambda timeline, language: dataclasses.replace(timeline, url=f"{language}/{timeline.url}"))


def place_explainers(explainers: tuple[Explainer, ...], config: SiteConfig,
                     diagnostics: Diagnostics) -> tuple[Explainer, ...]:
    """Each explainer in another language of `languages:` given that language's folder (its front page
    at `es/NAME/`), as its articles are."""
    return _place(explainers, config, diagnostics, "explainer",
                  lambda explainer: explainer.language_at or explainer.location,
                  lambda explainer, language: dataclasses.replace(explainer, folder=f"{language}/"))


def _place(items: tuple[Any, ...], config: SiteConfig, diagnostics: Diagnostics, kind: str,
           where: Callable[[Any], Location | None], move: Callable[[Any, str], Any]) -> tuple[Any, ...]:
    """`items` with those in another language of `languages:` moved into its edition; one in a
    language `languages:` does not list is told at `where(item)`."""
    if len(config.languages) < 2:
        return items
    home = base_language(config.language)
    listed = {base_language(tag) for tag in config.languages}
    placed = []
    for item in items:
        language = base_language(item.language) if item.language else home
        if language not in listed:
            diagnostics.error(f"this {kind} is in '{item.language}', which site.yaml's languages: does not list",
                              where(item), f"add {item.language} to languages: in site.yaml, or correct its language:")
        elif language != home:
            item = move(item, language)
        placed.append(item)
    return tuple(placed)
