"""The link check: every internal address a page will publish leads to a file or an id the build makes.

Like Zola's and MkDocs' link validation, run on every build over every page: it needs only
what the build knows already (the output paths of its jobs, the links and ids each rendered
body recorded, site.yaml's nav with its places), never the files again, so a result cannot
go stale when a target page appears or disappears. An address resolves as GitHub Pages
serves it: `about` and `about/` both reach `about/index.html`, `page` reaches `page.html`.
`timeline:` links are checked where they are resolved (timelines.views), not here.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping
from urllib.parse import unquote, urlsplit

from .errors import UNCHECKED, Diagnostics, Location, SiteError
from .model import PageExtras, SiteConfig

if TYPE_CHECKING:
    import jinja2

    from .resolve import Site

_ID_VALUE = re.compile(r'[^"{}]+(?=")')
"""The value of an id attribute written in HTML (not a template expression), after its `id="`."""

RecordedLink = tuple[str, str, int, int, str]
"""(attribute, address as written, line, column, file) of one link of a Markdown text."""


def html_ids(text: str) -> tuple[str, ...]:
    """The ids an HTML fragment gives its elements (headings, footnotes, notes): each `id="..."` after a
    space, as the regular expression `\\sid="([^"{}]+)"` finds them all (by `find`: a search for a
    pattern that starts with `\\s` steps through every character)."""
    text = str(text)  # (a Markup's own indexing makes a new Markup of each character it gives: slow)
    ids = []
    end = 0  # where the last id found ends: the next is looked for after it
    at = text.find('id="', 1)
    while at >= 0:
        if at > end and text[at - 1].isspace():
            value = _ID_VALUE.match(text, at + 4)
            if value:
                ids.append(html.unescape(value.group()))
                end = value.end() + 1
        at = text.find('id="', at + 1)
    return tuple(ids)


@dataclass(frozen=True, slots=True)
class LinkSource:
    """One link to check: where it is written and which page publishes it."""

    attr: str
    """`href` or `src`."""
    url: str
    """The address as written (site-relative, relative, or absolute)."""
    page: str
    """Output path of the page it is on (`articles/x/index.html`, '' for every page: the nav)."""
    location: Location
    """Where it is written."""


@dataclass(frozen=True, slots=True)
class Targets:
    """What a link can lead to: the output files, and the ids of the pages whose ids are known."""

    files: frozenset[str]
    """Every output path of the build."""
    ids: Mapping[str, frozenset[str]]
    """Output path of a page -> its ids; a page not listed here has its anchors unchecked."""
    headings: Mapping[str, frozenset[str]]
    """Output path of a page -> the ids its own text gives (headings, footnotes), for hints."""


CLOSEST_SEARCHES = 100
"""How many broken addresses get the closest existing URL looked for (each search compares it
with every URL of the site: thousands of broken links, as after a mass rename, would take minutes)."""


def check_links(links: Iterable[LinkSource], targets: Targets, config: SiteConfig,
                diagnostics: Diagnostics, complete: bool = True) -> None:
    """Report every internal link that leads nowhere, and every image from another host.

    When the site is not `complete` (a content file failed to load, so a page may be
    missing), a link that leads nowhere is noted as not checked instead of an error.
    """
    if not complete:
        diagnostics = _Noting(diagnostics)
    hints = _Hints(targets.files)
    own_host = urlsplit(config.base_url).netloc.lower()
    for link in links:
        parts = urlsplit(link.url)
        if parts.scheme or parts.netloc:
            if parts.scheme not in ("", "http", "https"):
                continue  # mailto:, tel: and the like
            if parts.netloc.lower() != own_host or not own_host \
                    or not (parts.path or "/").startswith(config.base_path):
                if link.attr == "src":
                    diagnostics.warning(f"the image '{link.url}' is on another host: the page's security "
                                        "policy blocks it, readers see no image", link.location,
                                        "copy the image into the site (templates/static/) and link it as /static/NAME")
                continue
            path = "/" + (parts.path or "/")[len(config.base_path):]
        else:
            path = parts.path
        _check_one(link, unquote(path), unquote(parts.fragment), targets, hints, diagnostics)


class _Noting(Diagnostics):
    """Diagnostics that note a broken link as not checked (a page may be missing), warnings as they are."""

    def __init__(self, told: Diagnostics) -> None:
        super().__init__()
        self.told = told

    def error(self, message: str, location: Location | None = None, hint: str | None = None) -> None:
        self.told.unchecked.append(SiteError("pages of the site", location=location, severity=UNCHECKED,
                                             hint="a content file they may lead to did not load"))

    def warning(self, message: str, location: Location | None = None, hint: str | None = None) -> None:
        self.told.warning(message, location, hint)


def _check_one(link: LinkSource, path: str, fragment: str, targets: Targets, hints: _Hints,
               diagnostics: Diagnostics) -> None:
    if not path:  # `#id` on the page itself
        target: str | None = link.page or None
    else:
        wanted = _site_path(path, link.page)
        target = _served(wanted, targets.files) if wanted is not None else None
        if target is None:
            shown = "/" + wanted if wanted is not None else path
            found = _from_a_parent(path, link.page, targets.files)
            hint = f"did you mean '/{_page_url(found)}'?" if found else hints.closest(wanted or path)
            diagnostics.error(f"the link '{link.url}' leads to no page or file of the site ({shown})",
                              link.location, hint)
            return
    if not fragment or target is None or target not in targets.ids:
        return
    ids = targets.ids[target]
    if fragment not in ids:
        own = sorted(targets.headings.get(target, ()))
        close = difflib.get_close_matches(fragment, own, n=1, cutoff=0.6) or \
            difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.6)
        where = "this page" if not path else "/" + _page_url(target)
        hint = f"did you mean '#{close[0]}'?" if close else \
            f"link to an id on {where}, such as '#{own[0]}', or to the page alone" if own else \
            f"{where} has no ids of its own (no subheadings): link to the page alone"
        written = f"the link '{link.url}'" if path else "the link"
        diagnostics.error(f"{written} names '#{fragment}', which is no id on {where}", link.location, hint)


def _site_path(path: str, page: str) -> str | None:
    """The address as a path inside the output folder (no leading slash); None when it climbs out."""
    if path.startswith("/"):
        joined = path
    else:
        joined = "/" + posixpath.dirname(page) + "/" + path
    trailing = joined.endswith("/")
    clean = posixpath.normpath(joined)
    if clean.startswith("//"):  # normpath keeps a leading double slash
        clean = "/" + clean.lstrip("/")
    if _climbs_out(joined):
        return None
    clean = clean.lstrip("/")
    if trailing and clean and clean != ".":
        clean += "/"
    return "" if clean in (".", "/") else clean


def _climbs_out(joined: str) -> bool:
    depth = 0
    for part in joined.split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


def _served(path: str, files: frozenset[str]) -> str | None:
    """The output file GitHub Pages answers `path` with (after its redirect to a trailing slash), or None."""
    if path == "" or path.endswith("/"):
        candidates = [path + "index.html"]
    else:
        candidates = [path, path + "/index.html", path + ".html"]
    return next((name for name in candidates if name in files), None)


def _from_a_parent(path: str, page: str, files: frozenset[str]) -> str | None:
    """What a relative address written one or more folders too deep leads to (`one/` for `../one/`)."""
    if path.startswith("/"):
        return None
    folder = posixpath.dirname(page)
    while folder:
        folder = posixpath.dirname(folder)
        wanted = _site_path(path, folder + "/x" if folder else "x")
        served = _served(wanted, files) if wanted is not None else None
        if served is not None:
            return served
    return None


def _page_url(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


class _Hints:
    """The hint of a broken address: the existing URL nearest to it, each address searched once."""

    def __init__(self, files: frozenset[str]) -> None:
        self.urls = sorted({_page_url(name) for name in files})
        self.found: dict[str, str] = {}

    def closest(self, wanted: str) -> str:
        if wanted not in self.found:
            if len(self.found) >= CLOSEST_SEARCHES:
                return "link to a page of the site (too many broken links to look for the closest of each)"
            self.found[wanted] = self._search(wanted.lstrip("/"))
        return self.found[wanted]

    def _search(self, key: str) -> str:
        close = difflib.get_close_matches(key, self.urls, n=1, cutoff=0.5)
        if not close and not key.endswith("/"):
            close = difflib.get_close_matches(key + "/", self.urls, n=1, cutoff=0.5)
        if close:
            return f"did you mean '/{close[0]}'?"
        return "link to a page of the site, such as '/' (the home page), or to a file under /static/"


def site_links(site: Site) -> list[LinkSource]:
    """Every link to check: site.yaml's nav (on every page; each language's, languages:), each Markdown
    body's own, then the Markdown held in YAML (timeline descriptions and events, source notes), on the
    page that shows it."""
    navs = (*site.config.nav, *(item for own in site.config.language_settings for item in own.nav))
    links = [LinkSource("href", item.url if "://" in item.url else "/" + item.url, "", item.location)
             for item in navs if item.location is not None]
    for entry in (*site.articles, *site.pages, *([site.home] if site.home else [])):
        page = entry.doc.url + "index.html"
        links += [_placed(link, page, entry.doc.source) for link in entry.extras.links]
    for view in site.timeline_views.values():
        links += [_placed(link, view.url + "index.html", view.timeline.source) for link in view.links]
    for explainer in site.explainers:  # its summary, on its front page (the home page when it is the only one)
        front = (explainer.url if site.hub else explainer.folder) + "index.html"
        links += [_placed(link, front, explainer.location.path) for link in explainer.links]
    if site.sources and site.source_index is not None:
        for source in site.source_index.views.values():
            links += [_placed(link, SOURCES_PAGE, source.source.location.path) for link in source.links]
    return links


def _placed(link: tuple, page: str, path: str) -> LinkSource:
    """A recorded link (older records have no file: the document's own) as a link to check."""
    attr, url, line, col, *written_in = link
    return LinkSource(attr, url, page, Location(written_in[0] if written_in else path, line, col))


SOURCES_PAGE = "sources/index.html"
HOME_PAGE = "index.html"
TEMPLATE_PAGES = (HOME_PAGE, "404.html", "timelines/index.html")
"""Pages made by a template alone, whose ids are the templates' own."""


def site_targets(site: Site, outputs: Iterable[str], template_ids: Iterable[str]) -> Targets:
    """The files of the build, and the ids of each page the build makes: an article's or page's
    (its body's, its notes', its template's), a timeline's (its events, its era and year
    headings), the sources page's (each source, each kind), from the data the templates show."""
    shared = frozenset(template_ids)
    files = frozenset(outputs)
    entries = (*site.articles, *site.pages, *([site.home] if site.home else []))
    headings: dict[str, frozenset[str]] = {}
    ids: dict[str, frozenset[str]] = {}
    for page in TEMPLATE_PAGES:
        if page in files:
            headings[page], ids[page] = frozenset(), shared
    for entry in entries:
        page = entry.doc.url + "index.html"
        headings[page] = frozenset(entry.extras.ids)
        ids[page] = shared | headings[page] | frozenset(note.id for note in entry.extras.source_notes)
    for view in site.timeline_views.values():
        page = view.url + "index.html"
        headings[page] = frozenset(
            [event.event.id for event in view.events] +
            [anchor for group in view.groups for anchor in (group.anchor, *(year.anchor for year in group.years))])
        ids[page] = shared | headings[page] | frozenset(html_ids(str(view.svg)))
    if SOURCES_PAGE in files and site.source_index is not None:
        groups = site.source_index.groups
        headings[SOURCES_PAGE] = frozenset(
            [source.source.key for group in groups for source in group.sources] +
            [f"kind-{group.kind}" for group in groups])
        ids[SOURCES_PAGE] = shared | headings[SOURCES_PAGE]
    return Targets(files, ids, headings)


def check_site_links(site: Site, outputs: Iterable[str], env: jinja2.Environment, diagnostics: Diagnostics,
                     complete: bool = True) -> None:
    """The link check of a whole build: every page's links against every file its jobs make
    (pages.output_paths)."""
    outputs = list(outputs)
    check_links(site_links(site), site_targets(site, outputs, template_ids(env)), site.config, diagnostics,
                complete)


def template_ids(env: jinja2.Environment) -> set[str]:
    """The ids the templates write as they are (`main`, `source-notes-heading`...)."""
    found: set[str] = set()
    loader = env.loader
    if loader is None:
        return found
    for name in loader.list_templates():
        if name.endswith(".html"):
            found.update(html_ids(loader.get_source(env, name)[0]))
    return found


def same_links(before: PageExtras | None, after: PageExtras | None) -> bool:
    """Whether a document's new version checks as its last one did: same ids, same addresses.

    The places of the links matter only for a warning (an image from another host), which
    carries its place.
    """
    if before is None or after is None:
        return before is after
    old, new = before.links, after.links
    if before.ids != after.ids:
        return False
    if any(attr == "src" and "//" in url for attr, url, *_ in new):
        return tuple(old) == tuple(new)
    return [link[:2] for link in old] == [link[:2] for link in new]
