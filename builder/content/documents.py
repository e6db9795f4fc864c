"""Read content/: Markdown articles and pages with front matter, seed articles, the home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostics, Location, SiteError, relative_path
from ..model import Document, SiteConfig
from ..schema import Field, read_fields
from ..translations import read_translation
from .files import list_files, not_a_file, not_a_folder, read_text
from .frontmatter import split_front_matter
from .metadata import ARTICLE_FIELDS, HOME_FIELDS, PAGE_FIELDS, make_document

RESERVED_PAGE_SLUGS = frozenset(
    {"articles", "timeline", "timelines", "sources", "static", "assets", "originals", "feed", "404",
     "index", "sitemap", "robots", "livereload", "tags", "corrections"}
)
"""Top-level names the builder writes itself; a page may not take them."""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything read from content/ (drafts already left out unless asked for)."""

    articles: tuple[Document, ...]
    """Articles, newest first (undated last, by title)."""
    pages: tuple[Document, ...]
    """Pages such as about, by title."""
    home: Document | None
    """content/index.md, when the site has one."""


@dataclass(frozen=True, slots=True)
class ContentFiles:
    """The content files of a site, listed but not read yet."""

    articles: tuple[Path, ...]
    """content/articles/*.md and *.txt, by name, then each explainer's (content/explainers/NAME/articles/)."""
    pages: tuple[Path, ...]
    """content/pages/*.md, by name."""
    home: Path | None
    """content/index.md, when it exists."""


def load_content(site_dir: Path, config: SiteConfig, diagnostics: Diagnostics,
                 include_drafts: bool = False) -> Content:
    """Read every content file; report every problem; return what could be read."""
    files = list_content(site_dir, diagnostics)
    if files is None:
        return Content((), (), None)

    def kept(docs: list[Document | None]) -> list[Document]:
        return [doc for doc in docs if doc and (include_drafts or not doc.draft)]

    articles = kept([load_document(path, "article", site_dir, diagnostics) for path in files.articles])
    pages = kept([load_document(path, "page", site_dir, diagnostics) for path in files.pages])
    home = load_document(files.home, "home", site_dir, diagnostics) if files.home else None
    return assemble_content(articles, pages, home, diagnostics)


def list_content(site_dir: Path, diagnostics: Diagnostics) -> ContentFiles | None:
    """The files load_document will read; None (and an error) when there is no content/."""
    content_dir = site_dir / "content"
    if not content_dir.is_dir():
        if not not_a_folder(content_dir, site_dir, diagnostics):
            diagnostics.error("the site has no content/ folder", Location("site.yaml"),
                              "create content/articles/ and put an article in it")
        return None
    home_path = content_dir / "index.md"
    not_a_file(home_path, site_dir, diagnostics)  # a folder of that name: told, and no home text
    from ..explainers import explainer_subfolders

    articles = list_files(content_dir / "articles", (".md", ".txt"), site_dir, diagnostics,
                          marks=(("article", "articles"),))
    for folder in explainer_subfolders(site_dir, "articles"):  # an explainer's own articles
        articles += list_files(folder, (".md", ".txt"), site_dir, diagnostics, marks=(("article", "articles"),))
    return ContentFiles(
        articles=tuple(articles),
        pages=tuple(list_files(content_dir / "pages", (".md",), site_dir, diagnostics)),
        home=home_path if home_path.is_file() else None,
    )


def load_document(path: Path, kind: str, site_dir: Path, diagnostics: Diagnostics) -> Document | None:
    """One content file read and checked: `kind` is article, page or home."""
    if kind == "article" and path.suffix.lower() == ".txt":
        from .seeds import load_seed_article  # the seed parser is only needed for .txt

        return load_seed_article(path, site_dir, diagnostics)
    fields = {"article": ARTICLE_FIELDS, "page": PAGE_FIELDS, "home": HOME_FIELDS}[kind]
    return _load_markdown(path, site_dir, diagnostics, kind, fields)


def assemble_content(articles: list[Document], pages: list[Document], home: Document | None,
                     diagnostics: Diagnostics) -> Content:
    """The documents kept (drafts already left out) checked together and put in order."""
    _check_unique_slugs(articles, diagnostics)
    _check_unique_slugs(pages, diagnostics)
    for page in pages:
        if page.slug in RESERVED_PAGE_SLUGS:
            diagnostics.error(f"the page slug '{page.slug}' is used by the site itself", page.location,
                              "give the page another slug: slug: about-this-site")
    articles = sorted(articles, key=lambda d: (d.date is None, -(d.date or dt.date.min).toordinal(), d.title))
    pages = sorted(pages, key=lambda d: d.title.lower())
    return Content(tuple(articles), tuple(pages), home)


def _load_markdown(path: Path, site_dir: Path, diagnostics: Diagnostics, kind: str,
                   fields: tuple[Field, ...]) -> Document | None:
    rel = relative_path(path, site_dir)
    text = read_text(path, site_dir, diagnostics)
    if text is None:
        return None
    if not text.strip():
        diagnostics.error("the file is empty", Location(rel),
                          "add front matter with a title, or delete the file")
        return None
    try:
        meta, body, body_line = split_front_matter(text, rel, diagnostics)
    except SiteError as exc:
        diagnostics.add(exc)
        return None
    where = Location(rel, 1, 1)
    values = read_fields(meta, fields, diagnostics, where, "the front matter")
    if values["title"] is None:
        return None
    return read_translation(make_document(kind, rel, where, values, meta, body, body_line, diagnostics),
                            values, meta)


def _check_unique_slugs(docs: list[Document], diagnostics: Diagnostics) -> None:
    seen: dict[str, Document] = {}
    for doc in docs:
        other = seen.get(doc.slug)
        if other:
            diagnostics.error(
                f"'{doc.slug}' is also the slug of {other.source}: two pages cannot share a URL",
                doc.location, "give one of them its own slug: slug: another-name",
            )
        else:
            seen[doc.slug] = doc
