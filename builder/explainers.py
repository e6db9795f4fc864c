"""Several explainers in one site: content/explainers/NAME/ holds one explainer's own files.

An explainer folder holds `explainer.yaml` (title, summary, description), `articles/` (like
content/articles/), `timelines/` (like content/timelines/) and an optional `sources.yaml`
merged into the site's one registry. Which explainer an article or a timeline belongs to is
read from its path (`explainer_name`), so no document carries a field for it; each explainer
gets a front page at NAME/, and with two or more the home page becomes their hub.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from markupsafe import Markup

from .addresses import read_aliases
from .content.files import is_inside, read_text, refuse_link
from .content.slugs import WINDOWS_RESERVED, slugify
from .errors import Diagnostics, Location, SiteError
from .i18n import base_language
from .schema import ID_PATTERN, Field, read_fields
from .yamlfile import YamlMap, load_yaml

EXPLAINERS_FOLDER = "content/explainers"
EXPLAINER_FILE = "explainer.yaml"

EXPLAINER_FIELDS = (
    Field("title", "required_text", required=True, doc="the explainer's name, the heading of its front page"),
    Field("summary", "text", "", doc="Markdown: what to know, shown first on its front page"),
    Field("description", "text", "", doc="a sentence or two for search engines and the home page's card"),
    Field("aliases", "texts", (), doc="old addresses of its front page, such as [/old-name/] (a renamed folder)"),
    Field("language", "language", "", doc="language tag when it differs from the site's: its front page is in it"),
    Field("translation_of", "text", "", doc="the explainer this one translates, by its folder's name: venezuela"),
)

RESERVED_NAMES = frozenset({
    "articles", "tags", "timeline", "timelines", "sources", "search", "static", "pagefind", "corrections",
    "originals", "cards", "images", "pages", "assets", "feed", "404", "index", "sitemap", "robots",
    "livereload", "explainers",
})
"""Top-level addresses the site uses for its own pages: an explainer at NAME/ may not take them."""


@dataclass(frozen=True, slots=True)
class Explainer:
    """One explainer's explainer.yaml, checked, its summary rendered by the resolve stage."""

    name: str
    """The folder's name: its front page is at NAME/."""
    title: str
    """Heading of its front page and of its card on the home page."""
    summary: str = ""
    """Markdown source of 'what to know'."""
    description: str = ""
    """A sentence or two: the front page's meta description and the home page's card."""
    location: Location = field(default_factory=lambda: Location(EXPLAINERS_FOLDER))
    """Its explainer.yaml."""
    summary_location: Location | None = None
    """Where `summary:` starts, to place mistakes inside the Markdown."""
    summary_html: Markup = Markup("")
    """The summary rendered (resolve.Resolver)."""
    links: tuple[tuple[str, str, int, int, str], ...] = ()
    """The summary's links (attribute, address, line, column, file), for the link check."""
    aliases: tuple[tuple[str, Location], ...] = ()
    """Old addresses of its front page (`aliases:`), each with its place: redirect pages (addresses.py)."""
    language: str = ""
    """Its `language:` ('' for the site's)."""
    language_at: Location | None = None
    """Where `language:` is written."""
    translation_of: str = ""
    """The folder name of the explainer it translates (`translation_of:`, translations.explainer_editions)."""
    translation_at: Location | None = None
    """Where `translation_of:` is written."""
    folder: str = ""
    """Its edition's folder: '' in the site's own language, `es/` in another of `languages:` (editions.py)."""

    @property
    def url(self) -> str:
        return f"{self.folder}{self.name}/"


def explainer_name(source: str) -> str:
    """The explainer a file belongs to, from its site-relative path ('' for none):
    `content/explainers/NAME/...` belongs to NAME."""
    prefix = EXPLAINERS_FOLDER + "/"
    if not source.startswith(prefix):
        return ""
    name, slash, _ = source[len(prefix):].partition("/")
    return name if slash else ""


def explainer_folders(site_dir: Path) -> list[Path]:
    """The folders under content/explainers/, by name (their mistakes are told by load_explainers)."""
    folder = site_dir / EXPLAINERS_FOLDER
    if not folder.is_dir() or not is_inside(folder, site_dir):
        return []
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing if entry.is_dir() and not entry.name.startswith("."))
    except OSError:
        return []
    return [folder / name for name in names if is_inside(folder / name, site_dir)]


def explainer_subfolders(site_dir: Path, part: str) -> list[Path]:
    """Each explainer's `part` folder (articles, timelines) that exists."""
    return [folder / part for folder in explainer_folders(site_dir) if (folder / part).is_dir()]


def load_explainers(site_dir: Path, diagnostics: Diagnostics) -> tuple[Explainer, ...]:
    """Every explainer folder's explainer.yaml, checked; a folder with a mistake is left out (and told)."""
    top = site_dir / EXPLAINERS_FOLDER
    if top.is_symlink() and not is_inside(top, site_dir):
        refuse_link(top, site_dir, diagnostics, folder=True)
        return ()
    explainers = []
    for folder in explainer_folders(site_dir):
        explainer = _load_one(folder, site_dir, diagnostics)
        if explainer is not None:
            explainers.append(explainer)
    return tuple(explainers)


def _load_one(folder: Path, site_dir: Path, diagnostics: Diagnostics) -> Explainer | None:
    name = folder.name
    rel_folder = f"{EXPLAINERS_FOLDER}/{name}"
    if name in RESERVED_NAMES or name in WINDOWS_RESERVED:
        diagnostics.error(f"'{name}' cannot be an explainer's name: the site's own pages use the address {name}/",
                          Location(rel_folder), f"rename the folder, for example to {name}-explained")
        return None
    if not ID_PATTERN.match(name):
        better = slugify(name) or "my-explainer"
        diagnostics.error(f"'{name}' cannot be an explainer's name: it becomes its address",
                          Location(rel_folder),
                          f"rename the folder to lowercase words joined by hyphens, such as {better}")
        return None
    path = folder / EXPLAINER_FILE
    rel = f"{rel_folder}/{EXPLAINER_FILE}"
    if not path.is_file():
        diagnostics.error(f"the explainer folder '{name}' has no {EXPLAINER_FILE}", Location(rel_folder),
                          f"add {rel} with at least a line 'title: ...'")
        return None
    text = read_text(path, site_dir, diagnostics)
    if text is None:
        return None
    try:
        data = load_yaml(text, rel, diagnostics=diagnostics) if text.strip() else None
    except SiteError as exc:
        diagnostics.add(exc)
        return None
    where = Location(rel)
    if data is None:
        diagnostics.error(f"{EXPLAINER_FILE} is empty", where, "start it with a line 'title: ...'")
        return None
    values = read_fields(data, EXPLAINER_FIELDS, diagnostics, where, EXPLAINER_FILE)
    if not values["title"]:
        return None
    summary = (values["summary"] or "").strip()
    aliases: tuple[tuple[str, Location], ...] = ()
    if values["aliases"]:  # the place of each, as for a document's (content/metadata.py)
        raw = data.get("aliases") if isinstance(data, YamlMap) else None
        aliases = read_aliases(raw if isinstance(raw, list) else values["aliases"],
                               data.value_location("aliases") if isinstance(data, YamlMap) else where, diagnostics)
    at = data.value_location if isinstance(data, YamlMap) else (lambda key: where)
    return Explainer(
        name=name, title=values["title"], summary=summary, description=(values["description"] or "").strip(),
        location=where, aliases=aliases, language=values["language"] or "",
        language_at=at("language") if values["language"] else None,
        translation_of=(values["translation_of"] or "").strip(),
        translation_at=at("translation_of") if values["translation_of"] else None,
        summary_location=(data.value_location("summary") if isinstance(data, YamlMap) and "summary" in data
                          else where) if summary else None,
    )


def tell_other_languages(explainers: Sequence[Explainer], texts: Sequence[tuple[str, str, str, Location]],
                         site_language: str, diagnostics: Diagnostics) -> None:
    """Warn of each article or timeline (kind, source, its `language:`, place) of an explainer that says
    its `language:`, written in another: it belongs to that other language's edition, so its explainer's
    front page does not list it, and its page is not in the explainer's language."""
    said = {explainer.name: explainer for explainer in explainers if explainer.language}
    for kind, source, language, where in texts:
        explainer = said.get(explainer_name(source))
        if explainer is None:
            continue
        own = language or site_language
        if base_language(own) != base_language(explainer.language):
            diagnostics.warning(f"this {kind} is in '{own}', but its explainer ({explainer.location.path}) is in "
                                f"'{explainer.language}'", where,
                                f"write language: {explainer.language} in it, or move it to an explainer in '{own}'")


@dataclass(frozen=True, slots=True)
class ExplainerFront:
    """What an explainer's front page and its card on the hub show."""

    explainer: Explainer
    articles: tuple[Any, ...]
    """Its articles (resolve.Entry), newest first."""
    timelines: tuple[Any, ...]
    """Its timelines (timelines.TimelineView), in file order: the first gives its key dates."""

    @property
    def timeline(self) -> Any:
        return self.timelines[0] if self.timelines else None

    @property
    def updated(self) -> Any:
        from .timelines.overview import site_updated

        return site_updated(self.articles, self.timelines)


def explainer_fronts(explainers: Sequence[Explainer], articles: Sequence[Any],
                     timeline_views: Sequence[Any]) -> list[ExplainerFront]:
    """Each explainer with its own articles and timelines, found by their paths."""
    return [ExplainerFront(
        explainer,
        tuple(entry for entry in articles if explainer_name(entry.doc.source) == explainer.name),
        tuple(view for view in timeline_views if explainer_name(view.timeline.source) == explainer.name),
    ) for explainer in explainers]
