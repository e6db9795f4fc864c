"""Whole built sites, checked as GitHub Pages would serve them under /repo/.

Each site is built once, then: crawled from its home page by a plain static server on
loopback (no broken link, image, stylesheet or script; every page reachable; nothing
loaded from another host; a 404 page that works at any depth), validated by the Nu HTML
Checker (one JVM for every page of every site), its sitemap and feed checked, and every
page run through axe-core (WCAG 2.2 AA) in headless Chromium, light and dark.
The pages are found by walking the output, so new kinds of page are covered as they land.
"""

from __future__ import annotations

import http.client
import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.conftest import ROOT, build_site, copy_fixture, run_cli
from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import axe_available, browser_session, html_checker  # noqa: F401
from tests.support.static_server import serve_directory
from tests.support.vnu import format_errors
from tests.test_publish import check_atom, check_sitemap

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PUBLISHED = "https://example.github.io/repo/"
"""The address the sites are built for; served locally under the same /repo/ path."""


@dataclass(frozen=True, slots=True)
class Built:
    """One built site, or why it could not be built."""

    name: str
    """Test id."""
    out: Path | None
    """The output folder; None when the build failed."""
    base_url: str
    """What it was built with."""
    problem: str = ""
    """The build's errors, when it failed."""


def _build_all(tmp: Path) -> dict[str, Built]:
    sites: dict[str, Built] = {}
    fixture = build_site(copy_fixture("publish-site", tmp), "--out", str(tmp / "publish-out"))
    assert fixture.code == 0, fixture.stderr
    sites["publish-site"] = Built("publish-site", fixture.out, PUBLISHED)
    for name, base in (("showcase", PUBLISHED), ("showcase-path", "/repo/")):
        out = tmp / f"{name}-out"
        proc = run_cli("build", str(ROOT), "--out", str(out), "--base-url", base)
        if proc.returncode == 0:
            sites[name] = Built(name, out, base)
        else:
            sites[name] = Built(name, None, base, (proc.stderr or proc.stdout).strip())
    return sites


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    return _build_all(tmp_path_factory.mktemp("sites"))


def _site(sites: dict[str, Built], name: str) -> Built:
    site = sites[name]
    if site.out is None:
        first = site.problem.splitlines()[0] if site.problem else "no output"
        pytest.skip(f"the showcase site (repository root) does not build yet, so it is not checked: {first}")
    return site


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


# --- crawling --------------------------------------------------------------------------------

RESOURCE_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload",
                      "prefetch", "mask-icon"}
RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
                  ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
                  ("iframe", "src"), ("embed", "src"), ("object", "data"), ("track", "src"),
                  ("input", "src"), ("image", "href")}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class RefParser(HTMLParser):
    """The references of a page: links to follow, resources it loads, the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag in ("a", "area") and "href" in a:
            self.links.append(a["href"])
        elif tag == "form" and a.get("method", "get").lower() == "get" and "action" in a:
            self.links.append(a["action"])  # a search box leads to its page as a link does
        elif tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            (self.resources if rels & RESOURCE_LINK_RELS else self.links).append(a["href"])
        elif tag == "meta" and a.get("property", a.get("name", "")) in ("og:url", "og:image", "twitter:image"):
            self.links.append(a.get("content", ""))
        for name, value in a.items():
            if (tag, name) in RESOURCE_ATTRS or (tag in ("svg", "use", "image") and name in ("href", "xlink:href")):
                if name == "srcset":
                    self.resources += [part.strip().split()[0] for part in value.split(",") if part.strip()]
                else:
                    self.resources.append(value)
            elif name == "style" or name.startswith("on"):
                self.resources.append(f"inline-{name}:{value[:60]}")


@dataclass
class CrawlReport:
    """What a crawl found."""

    pages: dict[str, RefParser] = field(default_factory=dict)
    """Every HTML page reached (URL without fragment) and its references."""
    problems: list[str] = field(default_factory=list)
    """Broken links and resources, foreign requests."""
    fetched: set[str] = field(default_factory=set)
    """Every URL fetched with success."""


def get(url: str, redirects: int = 3) -> tuple[int, str, bytes, str]:
    """(status, content type, body, final URL), following same-origin redirects."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        resp = conn.getresponse()
        body = resp.read()
        location = resp.getheader("Location")
        if resp.status in (301, 302, 307, 308) and location and redirects:
            return get(urljoin(url, location), redirects - 1)
        return resp.status, resp.getheader("Content-Type", ""), body, url
    finally:
        conn.close()


class Crawler:
    """Breadth-first from the home page, over a site served at `local` and published at `published`."""

    def __init__(self, local: str, published: str) -> None:
        self.local = local
        self.published = published if "://" in published else None
        self.origin = local[: local.index("/", len("http://"))]
        self.report = CrawlReport()
        self._cache: dict[str, tuple[int, str, bytes]] = {}
        self._scanned_css: set[str] = set()
        self._fragments: list[tuple[str, str, str, str]] = []

    def to_local(self, url: str) -> str | None:
        """The local address of a URL of this site, or None for another site."""
        if self.published and url.startswith(self.published):
            return self.local + url[len(self.published):]
        return url if url.startswith(self.origin + "/") else None

    def fetch(self, url: str) -> tuple[int, str, bytes]:
        if url not in self._cache:
            status, ctype, body, _ = get(url)
            self._cache[url] = (status, ctype, body)
            if status == 200:
                self.report.fetched.add(url)
        return self._cache[url]

    def check(self, ref: str, base: str, where: str, resource: bool, ids: set[str] | None = None) -> str | None:
        """Check one reference; return the local URL of an HTML page to visit, if any.

        `ids` are those of the page the reference is on, for links within it (`#main`).
        """
        ref = ref.strip()
        if ref.startswith("#") and ids is not None and not resource:
            if ref[1:] not in ids:
                self.report.problems.append(f"{where}: {ref} is not an id on the page")
            return None
        if ref.startswith("inline-"):
            self.report.problems.append(f"{where}: inline {ref} (the CSP forbids it)")
            return None
        if not ref:
            self.report.problems.append(f"{where}: an empty reference")
            return None
        absolute = urljoin(base, ref)
        scheme = urlsplit(absolute).scheme
        if scheme in ("mailto", "tel") and not resource:
            return None
        if scheme == "data" and resource:
            return None
        if scheme not in ("http", "https"):
            self.report.problems.append(f"{where}: {ref!r} is not a web address")
            return None
        local = self.to_local(absolute)
        if local is None:
            if resource:
                self.report.problems.append(f"{where}: loads {ref} from another host")
            return None
        target, fragment = urldefrag(local)
        status, ctype, body = self.fetch(target)
        if status != 200:
            kind = "resource" if resource else "link"
            self.report.problems.append(f"{where}: broken {kind} {ref} (HTTP {status})")
            return None
        if "text/css" in ctype and target not in self._scanned_css:
            self._scanned_css.add(target)
            for match in CSS_URL.finditer(body.decode("utf-8", "replace")):
                self.check(match.group(1) or match.group(2), target, f"{where} -> {target}", True)
        if "text/html" in ctype:
            if fragment:
                self._fragments.append((target, fragment, where, ref))
            return target
        return None

    def crawl(self) -> CrawlReport:
        queue: deque[str] = deque([self.local])
        seen = {self.local}
        while queue:
            url = queue.popleft()
            status, ctype, body = self.fetch(url)
            if status != 200:
                self.report.problems.append(f"{url}: HTTP {status}")
                continue
            refs = RefParser()
            refs.feed(body.decode("utf-8"))
            self.report.pages[url] = refs
            for ref in refs.resources:
                self.check(ref, url, url, True)
            for ref in refs.links:
                page = self.check(ref, url, url, False, refs.ids)
                if page and page not in seen:
                    seen.add(page)
                    queue.append(page)
        for target, fragment, where, ref in self._fragments:
            page = self.report.pages.get(target)
            if page is not None and fragment not in page.ids:
                self.report.problems.append(f"{where}: {ref} points to #{fragment}, which is not on the page")
        return self.report


def _local_paths(report: CrawlReport, local: str) -> set[str]:
    return {url[len(local):] for url in report.pages}


@pytest.mark.parametrize("name", ["publish-site", "showcase", "showcase-path"])
def test_crawl_from_home_finds_no_broken_reference_and_reaches_every_page(
        sites: dict[str, Built], name: str) -> None:
    site = _site(sites, name)
    assert site.out is not None
    with serve_directory(site.out, "/repo/") as local:
        crawler = Crawler(local, site.base_url)
        report = crawler.crawl()
        # what the site publishes for machines: robots.txt -> sitemap, feed
        status, _, robots, _ = get(local + "robots.txt")
        assert status == 200
        sitemap_lines = [line.split(":", 1)[1].strip() for line in robots.decode().splitlines()
                         if line.startswith("Sitemap:")]
        if "://" in site.base_url:
            assert sitemap_lines == [site.base_url + "sitemap.xml"]
            _, _, sitemap, _ = get(crawler.to_local(sitemap_lines[0]) or "")
            for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.decode()):
                crawler.check(loc, local, "sitemap.xml", False)
        else:
            assert sitemap_lines == []
        _, _, feed, _ = get(local + "feed.xml")
        for href in re.findall(r'<link [^>]*href="([^"]+)"', feed.decode()):
            if href.startswith((site.base_url, "/")):
                crawler.check(href, local + "feed.xml", "feed.xml", False)
    assert report.problems == [], "\n".join(report.problems)
    on_disk = {p.relative_to(site.out).as_posix().removesuffix("index.html") for p in html_pages(site.out)}
    on_disk.discard("404.html")
    assert _local_paths(report, local) == on_disk, "pages not reachable from the home page"
    print(f"\n{name}: crawled {len(report.pages)} pages, {len(report.fetched)} URLs")


@pytest.mark.parametrize("name", ["publish-site", "showcase-path"])
def test_404_page_works_at_any_depth(sites: dict[str, Built], name: str) -> None:
    site = _site(sites, name)
    assert site.out is not None
    expected = (site.out / "404.html").read_bytes()
    with serve_directory(site.out, "/repo/") as local:
        crawler = Crawler(local, site.base_url)
        for missing in ("nowhere", "articles/nowhere/", "a/b/c/d/nowhere.html"):
            url = local + missing
            status, ctype, body, _ = get(url)
            assert status == 404 and body == expected, url
            refs = RefParser()
            refs.feed(body.decode("utf-8"))
            for ref in refs.resources:
                crawler.check(ref, url, url, True)
            for ref in refs.links:
                crawler.check(ref, url, url, False, refs.ids)
        assert crawler.report.problems == [], "\n".join(crawler.report.problems)
        assert any(u.endswith(".css") for u in crawler.report.fetched)


# --- validators ------------------------------------------------------------------------------


def test_every_page_of_every_site_passes_the_nu_html_checker(sites: dict[str, Built], html_checker) -> None:  # noqa: F811
    files = [page for site in sites.values() if site.out for page in html_pages(site.out)]
    started = time.monotonic()
    errors = html_checker(files)
    elapsed = time.monotonic() - started
    print(f"\nvnu: {len(files)} pages in {elapsed:.1f} s")
    assert errors == [], format_errors(errors)
    skipped = [s.name for s in sites.values() if s.out is None]
    if skipped:
        pytest.skip(f"checked {len(files)} pages; not built yet, so not checked: {', '.join(skipped)}")


@pytest.mark.parametrize("name", ["publish-site", "showcase"])
def test_sitemap_and_feed_are_valid(sites: dict[str, Built], name: str) -> None:
    site = _site(sites, name)
    assert site.out is not None
    assert check_sitemap((site.out / "sitemap.xml").read_bytes()) == []
    assert check_atom((site.out / "feed.xml").read_bytes()) == []


# --- accessibility in the browser ------------------------------------------------------------


@pytest.mark.parametrize("name", ["publish-site", "showcase"])
def test_axe_finds_no_wcag_22_aa_violation_on_any_page(
        sites: dict[str, Built], name: str, axe_available, browser_session: Browser) -> None:  # noqa: F811
    site = _site(sites, name)
    assert site.out is not None
    paths = [p.relative_to(site.out).as_posix().removesuffix("index.html") for p in html_pages(site.out)]
    paths = [p for p in paths if p != "404.html"] + ["nowhere/at/all/"]  # the 404 page, served for a miss
    failures: list[str] = []
    started = time.monotonic()
    with serve_directory(site.out, "/repo/") as local:
        origin = local[: local.index("/", len("http://"))]
        for scheme in ("light", "dark"):
            context = browser_session.new_context(color_scheme=scheme, reduced_motion="reduce")
            foreign: list[str] = []
            console: list[str] = []
            context.on("request", lambda request: None if request.url.startswith((origin, "data:"))
                       else foreign.append(request.url))
            page = context.new_page()
            page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
            try:
                for path in paths:
                    page.goto(local + path, wait_until="load")
                    violations = run_axe(page)
                    if violations:
                        failures.append(f"/{path} ({scheme}):\n{format_violations(violations)}")
            finally:
                context.close()
            expected_404 = [m for m in console if "404" in m and "Failed to load resource" in m]
            unexpected = [m for m in console if m not in expected_404]
            failures += [f"({scheme}) request to another host: {url}" for url in foreign]
            failures += [f"({scheme}) console error: {text}" for text in unexpected]
            if len(expected_404) > 1:
                failures.append(f"({scheme}) more than the expected 404: {expected_404}")
    elapsed = time.monotonic() - started
    print(f"\naxe {name}: {len(paths)} pages x 2 colour schemes in {elapsed:.1f} s")
    assert failures == [], "\n".join(failures)



def test_the_crawler_reports_what_is_broken(tmp_path: Path) -> None:
    """The checks above can fail: a hand-made broken site yields one problem per fault."""
    page = ('<!doctype html><html lang="en"><head><title>{t}</title>'
            '<link rel="stylesheet" href="/repo/missing.css"></head><body>{b}</body></html>')
    (tmp_path / "index.html").write_text(page.format(t="Home", b=(
        '<a href="gone/">gone</a> <a href="ok/#nope">bad anchor</a> <a href="#top">top</a>'
        '<a href="timeline:x">scheme</a> <a href="https://elsewhere.example/">fine</a>'
        '<script src="https://cdn.example/x.js"></script><p style="color:red">inline</p>')))
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text(page.format(t="Ok", b='<h1 id="top">Ok</h1>'))
    (tmp_path / "orphan").mkdir()
    (tmp_path / "orphan" / "index.html").write_text(page.format(t="Orphan", b=""))
    with serve_directory(tmp_path, "/repo/") as local:
        report = Crawler(local, PUBLISHED).crawl()
    text = "\n".join(report.problems)
    for expected in ("broken resource /repo/missing.css (HTTP 404)", "broken link gone/ (HTTP 404)",
                     "ok/#nope points to #nope", "#top is not an id on the page",
                     "'timeline:x' is not a web address", "loads https://cdn.example/x.js from another host",
                     "inline inline-style:color:red"):
        assert expected in text, f"{expected!r} not reported in:\n{text}"
    assert "elsewhere.example" not in text
    assert _local_paths(report, local) == {"", "ok/"}, "the orphan page is not reachable"
