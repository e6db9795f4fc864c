"""Read content/: Markdown articles and pages with front matter, seed articles, the home page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Diagnostics, Location, SiteError, relative_path
from ..model import Document, SiteConfig
from ..schema import UPDATE_FIELDS, Field, check_updated, read_correction_list, read_fields
from ..yamlfile import YamlMap
from .files import list_files, not_a_file, not_a_folder, read_text
from .frontmatter import split_front_matter
from .slugs import slug_problem, slugify
from ..translations import TRANSLATION_FIELD, read_translation

ARTICLE_FIELDS = (
    Field("title", "required_text", required=True, doc="the headline"),
    Field("date", "date", None, doc="publication date, YYYY-MM-DD"),
    Field("slug", "text", None, doc="last part of the URL; made from the title when absent"),
    Field("summary", "text", "", doc="a sentence or two shown under the title and in listings"),
    Field("author", "text", "", doc="byline"),
    Field("outlet", "text", "", doc="publisher, for articles from elsewhere"),
    Field("section", "text", "", doc="the outlet's section label"),
    Field("source_url", "url", "", doc="address of the original"),
    Field("tags", "ids", (), doc="a list of tags such as [diplomacy, sanctions]"),
    Field("draft", "bool", False, doc="true to leave it out unless building with --drafts"),
    Field("language", "language", "", doc="language tag when it differs from the site's"),
    TRANSLATION_FIELD,
    Field("timeline", "id", "", doc="the timeline that gives the Background section"),
    Field("events", "ids", (), doc="background event ids of that timeline"),
    Field("description", "text", "", doc="description for search engines"),
    *UPDATE_FIELDS,
    Field("methods", "text", "", doc="Markdown: how we reported this"),
    Field("image", "mapping", None, doc="the article's picture: file, alt, caption, credit"),
    Field("aliases", "texts", (), doc="old addresses of the article, such as [/articles/old-headline/]"),
)

PAGE_FIELDS = (
    Field("title", "required_text", required=True, doc="the page's title"),
    Field("slug", "text", None, doc="its URL; made from the title when absent"),
    Field("summary", "text", "", doc="a sentence shown under the title"),
    Field("description", "text", "", doc="description for search engines"),
    Field("draft", "bool", False, doc="true to leave it out unless building with --drafts"),
    Field("language", "language", "", doc="language tag when it differs from the site's"),
    TRANSLATION_FIELD,
    Field("nav", "bool", True, doc="list the page in the main navigation"),
    *UPDATE_FIELDS,
    Field("image", "mapping", None, doc="the page's picture: file, alt, caption, credit"),
    Field("aliases", "texts", (), doc="old addresses of the page, such as [/old-name/]"),
)

HOME_FIELDS = (
    Field("title", "required_text", required=True, doc="the home page's heading"),
    Field("description", "text", "", doc="description for search engines"),
    Field("summary", "text", "", doc="a sentence shown under the title"),
)

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


def make_document(kind: str, rel: str, where: Location, values: dict[str, Any], meta: Any,
                  body: str, body_line: int, diagnostics: Diagnostics, **more: Any) -> Document | None:
    """A Document from checked metadata, with its slug and URL worked out and checked."""
    slug = "" if kind == "home" else _slug_for(values, meta, where, diagnostics)
    if slug is None:
        return None
    url = {"article": f"articles/{slug}/", "page": f"{slug}/", "home": ""}[kind]
    events_location = meta.value_location("events") if isinstance(meta, YamlMap) and "events" in meta else None
    return Document(
        kind=kind,
        source=rel,
        location=where,
        title=values["title"],
        slug=slug,
        url=url,
        date=values.get("date"),
        summary=values.get("summary") or "",
        author=values.get("author") or "",
        outlet=values.get("outlet") or "",
        section=values.get("section") or "",
        source_url=values.get("source_url") or "",
        tags=values.get("tags") or (),
        draft=bool(values.get("draft")),
        language=values.get("language") or "",
        body=body,
        body_line=body_line,
        timeline=values.get("timeline") or "",
        events=values.get("events") or (),
        events_location=events_location,
        timeline_location=(meta.value_location("timeline")
                           if isinstance(meta, YamlMap) and "timeline" in meta else None),
        extra={"description": values.get("description") or "", "nav": values.get("nav", True),
               **_picture_and_aliases(values, meta, where, diagnostics)},
        updated=check_updated(values.get("updated"), values.get("date"), meta, diagnostics, where),
        corrections=read_correction_list(values.get("corrections"), diagnostics, _at(meta, "corrections", where),
                                         values.get("date")),
        methods=(values.get("methods") or "").strip(),
        methods_location=_at(meta, "methods", where) if values.get("methods") else None,
        **more,
    )


def _at(meta: Any, key: str, where: Location) -> Location:
    return meta.value_location(key) if isinstance(meta, YamlMap) and key in meta else where


def _picture_and_aliases(values: dict[str, Any], meta: Any, where: Location,
                         diagnostics: Diagnostics) -> dict[str, Any]:
    """A document's `image:` and `aliases:`, checked, for the pictures and addresses stages."""
    from ..addresses import read_aliases
    from ..pictures import read_image_field

    found: dict[str, Any] = {}
    if values.get("image") is not None:
        at = meta.key_location("image") if isinstance(meta, YamlMap) else where
        image = read_image_field(values["image"], at, diagnostics)
        if image is not None:
            found["image"] = image
    if values.get("aliases"):
        raw = meta.get("aliases") if isinstance(meta, YamlMap) else values["aliases"]
        if not isinstance(raw, list):
            raw = values["aliases"]
        at = meta.value_location("aliases") if isinstance(meta, YamlMap) else where
        found["aliases"] = read_aliases(raw, at, diagnostics)
    return found


def _slug_for(values: dict[str, Any], meta: Any, where: Location, diagnostics: Diagnostics) -> str | None:
    if values.get("slug") is not None:
        slug = values["slug"].strip()
        loc = meta.value_location("slug") if isinstance(meta, YamlMap) else where
        problem = slug_problem(slug)
        if problem:
            diagnostics.error(problem, loc, "for example: slug: maduro-defies-trump")
            return None
        return slug
    slug = slugify(values["title"]) if values.get("title") else ""
    problem = slug_problem(slug)
    if problem:
        loc = meta.value_location("title") if isinstance(meta, YamlMap) else where
        diagnostics.error(f"cannot make a URL from this title: {problem}", loc,
                          "add a slug: line such as slug: my-article")
        return None
    return slug


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
