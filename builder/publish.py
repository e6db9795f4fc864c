"""What a published site needs besides its pages: sitemap, feed, robots.txt, CNAME, page metadata.

Search engines, feed readers and link previews need full addresses, so everything here is
built from base_url. When base_url is only a path (a local preview; the Pages workflow passes
the full address), the parts that must be absolute are left out instead of publishing
addresses that lead nowhere.
Dates come from the content (never the clock), so two builds of the same input are
byte-identical.
"""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from .errors import Diagnostics
from .i18n import translate
from .model import OutputFile, SiteConfig
from .pictures import page_image
from .resolve import Site

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FEED_PATH = "feed.xml"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
EPOCH = dt.date(1970, 1, 1)
"""The feed's `updated` when no article has a date: fixed, so builds stay reproducible."""
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


@dataclass(frozen=True, slots=True)
class PageMeta:
    """The <head> metadata of one page, ready for partials/meta.html."""

    canonical: str
    """The page's own address (absolute when base_url is); '' for pages without one (404)."""
    description: str
    """One or two sentences for search results and link previews."""
    open_graph: tuple[tuple[str, str], ...]
    """(property, content) pairs: og:* and article:*."""
    twitter: tuple[tuple[str, str], ...]
    """(name, content) pairs: twitter:*."""
    json_ld: Mapping[str, Any]
    """schema.org data: WebSite, Article, NewsArticle or WebPage."""
    feed_url: str
    """Where the Atom feed is, for <link rel="alternate">."""
    feed_title: str
    """The feed's title, shown by browsers and feed readers."""
    noindex: bool
    """Ask search engines not to index the page (the 404 page)."""


def absolute_base(config: SiteConfig) -> str | None:
    """base_url when it is a full http(s) address, else None (a path only)."""
    return config.base_url if "://" in config.base_url else None


def make_page_meta(site: Site) -> Callable[..., PageMeta]:
    """The `page_meta(page, canonical, title, description)` function templates call."""

    def page_meta(page: Any, canonical: str | None, title: str, description: str, language: str = "") -> PageMeta:
        return build_page_meta(site, page, canonical, title, description, language)

    return page_meta


def build_page_meta(site: Site, page: Any, canonical: str | None, title: str,
                    description: str, language: str = "") -> PageMeta:
    """Metadata for the page at site path `canonical` ('' home, None for the 404 page), in `language`
    (the page's, which a timeline's page gives too; else its document's or the site's)."""
    config = site.config
    base = absolute_base(config)
    entry, page = page, getattr(page, "doc", page)  # an article's or page's fields, read without its Entry's detour
    title, description = _plain(title), _plain(description) or config.description or config.title
    language = language or getattr(page, "language", "") or config.language
    href = "" if canonical is None else _page_url(config, canonical)
    kind = _kind(page, canonical)
    og: list[tuple[str, str]] = [
        ("og:site_name", config.title),
        ("og:title", title or config.title),
        ("og:description", description),
        ("og:type", "article" if kind in ("Article", "NewsArticle") else "website"),
    ]
    if base and canonical is not None:
        og.append(("og:url", href))
    locale = _og_locale(language)
    if locale:
        og.append(("og:locale", locale))
    if kind in ("Article", "NewsArticle"):
        if page.date:
            og.append(("article:published_time", page.date.isoformat()))
        if page.section:
            og.append(("article:section", page.section))
        og.extend(("article:tag", tag) for tag in page.tags)
    image = page_image(site, entry, canonical) if base and canonical is not None else None
    if image is not None:  # the picture a link preview shows: the page's own, or its card
        og += [("og:image", config.absolute_url(image[0])), ("og:image:width", str(image[1])),
               ("og:image:height", str(image[2])), ("og:image:alt", image[3])]
    twitter = (("twitter:card", "summary_large_image" if image else "summary"), ("twitter:title", title or config.title),
               ("twitter:description", description))
    return PageMeta(
        canonical=href,
        description=description,
        open_graph=tuple(og),
        twitter=twitter,
        json_ld=_json_ld(site, page if page is not None else _timeline_at(site, canonical), kind,
                         href if base else "", title, description, language),
        feed_url=config.base_path + FEED_PATH,
        feed_title=translate(language, "{site}: articles", site=config.title),
        noindex=canonical is None,
    )


def _plain(text: Any) -> str:
    """Template blocks arrive as escaped Markup; JSON-LD and the tags need the text itself."""
    return str(text.unescape()) if isinstance(text, Markup) else str(text or "")


def _kind(page: Any, canonical: str | None) -> str:
    if canonical == "":
        return "WebSite"
    if page is not None and getattr(page, "kind", None) == "article":
        imported = page.seed is not None or page.outlet or page.source_url
        return "NewsArticle" if imported else "Article"
    return "WebPage"


def _json_ld(site: Site, page: Any, kind: str, url: str, title: str, description: str,
             language: str) -> dict[str, Any]:
    config = site.config
    base = absolute_base(config)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind}
    website: dict[str, Any] = {"@type": "WebSite", "name": config.title}
    if base:
        website["url"] = base
    if kind == "WebSite":
        data.update(name=config.title, description=description, inLanguage=language)
        if base:
            data["url"] = base
        return data
    if kind == "WebPage":
        data.update(name=title or config.title, description=description, inLanguage=language,
                    isPartOf=website)
        data.update(_changes(page))
        if url:
            data["url"] = url
        return data
    data.update(headline=page.title, description=description, inLanguage=language)
    if page.date:
        data["datePublished"] = page.date.isoformat()
    data.update(_changes(page))
    if page.section:
        data["articleSection"] = page.section
    if page.tags:
        data["keywords"] = ", ".join(page.tags)
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    if kind == "NewsArticle":
        if page.author:
            data["author"] = {"@type": "Person", "name": page.author}
        publisher: dict[str, Any] = {"@type": "Organization",
                                     "name": page.outlet or _host(page.source_url) or config.title}
        if page.source_url:
            parts = urlsplit(page.source_url)
            publisher["url"] = f"{parts.scheme}://{parts.netloc}/"
            data["sameAs"] = page.source_url
        data["publisher"] = publisher
    else:
        if page.author:
            data["author"] = {"@type": "Person", "name": page.author}
        else:
            data["author"] = {"@type": "Organization", "name": config.author or config.title}
        data["publisher"] = website | {"@type": "Organization"}
    data["isPartOf"] = website
    return data


def _timeline_at(site: Site, canonical: str | None) -> Any:
    """The timeline whose page is at `canonical` (its updates and corrections go in its data), or None."""
    return next((timeline for timeline in site.timelines if timeline.url == canonical), None)


def _changes(page: Any) -> dict[str, Any]:
    """dateModified and schema.org `correction` (CorrectionComment items) of a page that changed."""
    modified = getattr(page, "last_modified", None)
    data: dict[str, Any] = {"dateModified": modified.isoformat()} if modified else {}
    corrections = getattr(page, "corrections", ())
    if corrections:
        data["correction"] = [{"@type": "CorrectionComment", "text": item.text,
                               "datePublished": item.date.isoformat()} for item in corrections]
    return data


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "") if url else ""


def _og_locale(language: str) -> str:
    """Open Graph's locale form (es_VE) from a BCP 47 tag, only when it names a region."""
    parts = language.replace("_", "-").split("-")
    if len(parts) >= 2 and len(parts[0]) in (2, 3) and len(parts[-1]) == 2 and parts[-1].isalpha():
        return f"{parts[0].lower()}_{parts[-1].upper()}"
    return ""


def _page_url(config: SiteConfig, path: str) -> str:
    """The address of a site path: absolute when base_url is, else root-relative."""
    root = absolute_base(config) or config.base_path
    return quote(root + path.lstrip("/"), safe=_URL_SAFE)


# --- files --------------------------------------------------------------------------------


def publish_files(site: Site, outputs: Iterable[OutputFile], diagnostics: Diagnostics) -> list[OutputFile]:
    """feed.xml, robots.txt, sitemap.xml (with a full base_url) and CNAME (with a domain)."""
    config = site.config
    pages = [item.path for item in outputs if item.path.suffix == ".html" and item.path.parts[0] != "static"]
    files = [OutputFile(PurePosixPath(FEED_PATH), feed_xml(site))]
    base = absolute_base(config)
    if base:  # a sitemap must list full addresses: without a full base_url there is none
        files.append(OutputFile(PurePosixPath(SITEMAP_PATH), sitemap_xml(site, pages)))
    files.append(OutputFile(PurePosixPath(ROBOTS_PATH), robots_txt(config)))
    if config.domain:
        files.append(OutputFile(PurePosixPath("CNAME"), f"{config.domain}\n".encode("ascii", "replace")))
        host = urlsplit(base).hostname if base else None
        if host and host != config.domain.lower():
            diagnostics.warning(
                f"'domain' is {config.domain} but base_url is {base}: canonical links, the sitemap "
                "and the feed point to the other address",
                config.domain_location or config.location,
                f"set base_url: https://{config.domain}/ (GitHub Pages serves the site there)",
            )
    return files


def robots_txt(config: SiteConfig) -> bytes:
    """Allow every crawler; name the sitemap when there is one."""
    lines = ["User-agent: *", "Disallow:"]
    base = absolute_base(config)
    if base:
        lines += ["", f"Sitemap: {_page_url(config, SITEMAP_PATH)}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap_xml(site: Site, pages: Iterable[PurePosixPath]) -> bytes:
    """Every page but 404.html, home first; lastmod from article dates (see _lastmod)."""
    dates = {entry.url: entry.last_modified or entry.date for entry in site.articles}
    newest = _newest(site)
    paths = sorted({_site_path(p) for p in pages if p.name != "404.html"}, key=lambda p: (p != "", p))
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path in paths:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = _page_url(site.config, path)
        lastmod = dates.get(path) or (newest if path == "" else None)
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
    return _xml_bytes(urlset)


def feed_xml(site: Site) -> bytes:
    """An Atom feed (RFC 4287) of the newest `feed_limit` articles, newest first, dated by their publication."""
    config = site.config
    updated = _newest(site) or EPOCH
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed", {f"{{{XML_NS}}}lang": config.language})
    sub(feed, "id", _atom_id(config, ""))
    sub(feed, "title", config.title)
    if config.description:
        sub(feed, "subtitle", config.description)
    sub(feed, "updated", _atom_date(updated))
    sub(sub(feed, "author"), "name", config.author or config.title)
    sub(feed, "link", rel="self", type="application/atom+xml", href=_page_url(config, FEED_PATH))
    sub(feed, "link", rel="alternate", type="text/html", href=_page_url(config, ""))
    if config.license:
        sub(feed, "rights", config.license)
    sub(feed, "generator", "explainer-builder")
    for entry in site.articles[:config.feed_limit]:
        item = sub(feed, "entry")
        sub(item, "id", _atom_id(config, entry.url))
        sub(item, "title", entry.title)
        sub(item, "updated", _atom_date(entry.last_modified or entry.date or updated))
        if entry.date:
            sub(item, "published", _atom_date(entry.date))
        if entry.author or entry.outlet:
            sub(sub(item, "author"), "name", entry.author or entry.outlet)
        sub(item, "link", rel="alternate", type="text/html", href=_page_url(config, entry.url))
        if entry.source_url:
            sub(item, "link", rel="related", type="text/html", href=entry.source_url)
        summary = entry.summary or entry.extra.get("description", "")
        if summary:
            sub(item, "summary", summary)
        for tag in entry.tags:
            sub(item, "category", term=tag)
    return _xml_bytes(feed)


def _atom_id(config: SiteConfig, path: str) -> str:
    """The permanent id of the feed or an entry: its address, or a name-based UUID without one."""
    if absolute_base(config):
        return _page_url(config, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, config.base_path + path).urn


def _atom_date(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _newest(site: Site) -> dt.date | None:
    dates = [day for entry in site.articles for day in (entry.date, entry.last_modified) if day]
    return max(dates) if dates else None


def _site_path(path: PurePosixPath) -> str:
    """'articles/x/index.html' -> 'articles/x/'; 'index.html' -> ''."""
    if path.name == "index.html":
        parent = path.parent.as_posix()
        return "" if parent == "." else parent + "/"
    return path.as_posix()


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")

