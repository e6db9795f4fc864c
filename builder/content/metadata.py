"""A document's metadata checked and made into a Document: the fields of articles, pages and
the home page, and the slug, address, picture and aliases worked out from them.

Shared by the two kinds of article: Markdown with front matter (documents.py) and seed
articles with their sidecar (seeds.py).
"""

from __future__ import annotations

from typing import Any

from ..errors import Diagnostics, Location
from ..model import Document
from ..schema import UPDATE_FIELDS, Field, check_updated, read_correction_list
from ..translations import TRANSLATION_FIELD
from ..yamlfile import YamlMap
from .slugs import slug_problem, slugify

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
    found: dict[str, Any] = {}
    if values.get("image") is not None:
        from ..pictures import read_image_field  # (only when there is one: an import costs each call)

        at = meta.key_location("image") if isinstance(meta, YamlMap) else where
        image = read_image_field(values["image"], at, diagnostics)
        if image is not None:
            found["image"] = image
    if values.get("aliases"):
        raw = meta.get("aliases") if isinstance(meta, YamlMap) else values["aliases"]
        if not isinstance(raw, list):
            raw = values["aliases"]
        at = meta.value_location("aliases") if isinstance(meta, YamlMap) else where
        from ..addresses import read_aliases

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
