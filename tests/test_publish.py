"""What a published site carries besides its pages: feed, sitemap, robots.txt, CNAME, page metadata.

Also the checks of the sitemap (the sitemaps.org 0.9 schema, rule by rule) and of the Atom
feed (RFC 4287), which test_site_checks reuses on every built site.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from builder.minify import minify_css
from tests.conftest import CliResult, ROOT, build_site, copy_fixture, edit

FIXTURE = "publish-site"
BASE = "https://example.github.io/repo/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CHANGEFREQ = {"always", "hourly", "daily", "weekly", "monthly", "yearly", "never"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
W3C_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
OURS = "articles/what-the-sanctions-did/"
IMPORTED = "articles/ministers-meet-in-caracas/"
UNDATED = "articles/a-note-without-a-date/"


# --- checkers shared with test_site_checks --------------------------------------------------


def check_sitemap(data: bytes) -> list[str]:
    """Problems of a sitemap against the sitemaps.org 0.9 schema (sitemap.xsd), rule by rule."""
    problems: list[str] = []
    root = ET.fromstring(data)
    if root.tag != f"{SITEMAP}urlset":
        return [f"the root element is {root.tag}, not urlset in the sitemap 0.9 namespace"]
    urls = list(root)
    if not urls:
        problems.append("urlset has no url")
    if len(urls) > 50_000:
        problems.append("more than 50,000 urls")
    order = ["loc", "lastmod", "changefreq", "priority"]
    for index, url in enumerate(urls, 1):
        if url.tag != f"{SITEMAP}url":
            problems.append(f"element {index} is {url.tag}, not url")
            continue
        names = [child.tag.removeprefix(SITEMAP) for child in url]
        if not names or names[0] != "loc" or names.count("loc") != 1:
            problems.append(f"url {index}: loc must come first, once")
        known = [n for n in names if n in order]
        if known != sorted(known, key=order.index) or len(set(known)) != len(known) or len(known) != len(names):
            problems.append(f"url {index}: children {names} are not loc, lastmod?, changefreq?, priority?")
        for child in url:
            name, text = child.tag.removeprefix(SITEMAP), (child.text or "")
            if name == "loc":
                parts = urlsplit(text)
                if not 12 <= len(text) <= 2048 or parts.scheme not in ("http", "https") or not parts.netloc:
                    problems.append(f"url {index}: loc {text!r} is not a full http(s) address of 12-2048 characters")
                if not text.isascii() or " " in text:
                    problems.append(f"url {index}: loc {text!r} is not an escaped URI")
            elif name == "lastmod" and not W3C_DATE.match(text):
                problems.append(f"url {index}: lastmod {text!r} is not a W3C date or datetime")
            elif name == "changefreq" and text not in CHANGEFREQ:
                problems.append(f"url {index}: changefreq {text!r}")
            elif name == "priority" and not (re.fullmatch(r"[01](\.\d+)?", text) and 0 <= float(text) <= 1):
                problems.append(f"url {index}: priority {text!r}")
    return problems


def check_atom(data: bytes) -> list[str]:
    """Problems of an Atom feed against what RFC 4287 requires of a feed and its entries."""
    problems: list[str] = []
    feed = ET.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return [f"the root element is {feed.tag}, not atom:feed"]

    def one(parent: ET.Element, name: str, where: str, required: bool = True) -> ET.Element | None:
        found = parent.findall(f"{ATOM}{name}")
        if len(found) > 1 or (required and not found):
            problems.append(f"{where}: must have {'exactly one' if required else 'at most one'} atom:{name}")
        return found[0] if found else None

    def check_date(element: ET.Element | None, where: str) -> None:
        if element is not None and not RFC3339.match(element.text or ""):
            problems.append(f"{where}: {element.tag} {element.text!r} is not an RFC 3339 date-time")

    def check_id(element: ET.Element | None, where: str) -> None:
        if element is not None and not urlsplit(element.text or "").scheme:
            problems.append(f"{where}: id {element.text!r} is not an absolute IRI")

    def check_links(parent: ET.Element, where: str) -> list[ET.Element]:
        links = parent.findall(f"{ATOM}link")
        for link in links:
            if not link.get("href"):
                problems.append(f"{where}: a link without href")
        pairs = [(l.get("rel", "alternate"), l.get("type"), l.get("hreflang")) for l in links]
        if len([p for p in pairs if p[0] == "alternate"]) != len({p for p in pairs if p[0] == "alternate"}):
            problems.append(f"{where}: two alternate links with the same type and hreflang")
        return links

    check_id(one(feed, "id", "feed"), "feed")
    one(feed, "title", "feed")
    check_date(one(feed, "updated", "feed"), "feed")
    feed_links = check_links(feed, "feed")
    if not any(link.get("rel") == "self" for link in feed_links):
        problems.append("feed: no link rel=self (RFC 4287 says it SHOULD have one)")
    feed_authors = feed.findall(f"{ATOM}author")
    for author in feed_authors:
        one(author, "name", "feed author")
    ids: set[str] = set()
    for index, entry in enumerate(feed.findall(f"{ATOM}entry"), 1):
        where = f"entry {index}"
        entry_id = one(entry, "id", where)
        check_id(entry_id, where)
        if entry_id is not None:
            if entry_id.text in ids:
                problems.append(f"{where}: id {entry_id.text} is used twice")
            ids.add(entry_id.text or "")
        one(entry, "title", where)
        check_date(one(entry, "updated", where), where)
        check_date(one(entry, "published", where, required=False), where)
        links = check_links(entry, where)
        content = one(entry, "content", where, required=False)
        if content is None and not any(l.get("rel", "alternate") == "alternate" for l in links):
            problems.append(f"{where}: without atom:content it must have a link rel=alternate")
        authors = entry.findall(f"{ATOM}author")
        for author in authors:
            one(author, "name", f"{where} author")
        if not authors and not feed_authors:
            problems.append(f"{where}: no author, and the feed has none")
    return problems


class HeadParser(HTMLParser):
    """The metadata of a page: <html lang>, <meta>, <link> and JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[dict] = []
        self._in_json = False
        self._buffer = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_json, self._buffer = True, ""

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self._buffer += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_json:
            self.json_ld.append(json.loads(self._buffer))
            self._in_json = False

    def link(self, rel: str) -> dict[str, str] | None:
        found = [l for l in self.links if rel in l.get("rel", "").split()]
        assert len(found) <= 1, f"{len(found)} <link rel={rel}>"
        return found[0] if found else None

    def one(self, key: str) -> str | None:
        values = self.meta.get(key, [])
        assert len(values) <= 1, f"{key} appears {len(values)} times"
        return values[0] if values else None


def head(result: CliResult, path: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(result.html(path))
    return parser


# --- builds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """The publishing fixture, built once with its full base_url."""
    result = build_site(copy_fixture(FIXTURE, tmp_path_factory.mktemp("publish")))
    assert result.code == 0, result.stderr
    return result


def pages_of(out: Path) -> set[str]:
    """Site paths of the built HTML pages: '' for the home page, 'about/' ..."""
    paths = set()
    for file in out.rglob("*.html"):
        rel = file.relative_to(out).as_posix()
        if rel != "404.html":
            paths.add(rel.removesuffix("index.html"))
    return paths


# --- files -----------------------------------------------------------------------------------


def test_publishing_files_are_written(built: CliResult) -> None:
    out = built.out
    assert (out / ".nojekyll").read_bytes() == b""
    assert (out / "robots.txt").read_text() == f"User-agent: *\nDisallow:\n\nSitemap: {BASE}sitemap.xml\n"
    assert (out / "404.html").is_file() and (out / "feed.xml").is_file() and (out / "sitemap.xml").is_file()
    assert not (out / "CNAME").exists()
    assert built.stderr == ""


def test_sitemap_lists_every_page_with_full_addresses_and_article_dates(built: CliResult) -> None:
    data = (built.out / "sitemap.xml").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert check_sitemap(data) == []
    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in ET.fromstring(data)
    }
    assert set(entries) == {BASE + path for path in pages_of(built.out)}
    assert next(iter(entries)) == BASE, "the home page comes first"
    assert entries[BASE + OURS] == "2025-11-02"
    assert entries[BASE + IMPORTED] == "2025-10-20"
    assert entries[BASE] == "2025-11-02", "home: the newest article's date"
    assert entries[BASE + UNDATED] is None and entries[BASE + "about/"] is None, "unknown: no lastmod"
    assert BASE + "404.html" not in entries


def test_feed_is_valid_atom_of_the_articles(built: CliResult) -> None:
    data = (built.out / "feed.xml").read_bytes()
    assert check_atom(data) == []
    feed = ET.fromstring(data)
    assert feed.findtext(f"{ATOM}id") == BASE
    assert feed.findtext(f"{ATOM}title") == "Publishing check"
    assert feed.findtext(f"{ATOM}updated") == "2025-11-02T00:00:00Z"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "The desk"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    links = {l.get("rel"): l.get("href") for l in feed.findall(f"{ATOM}link")}
    assert links == {"self": BASE + "feed.xml", "alternate": BASE}
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    assert list(entries) == [BASE + OURS, BASE + IMPORTED, BASE + UNDATED], "newest first"
    ours, imported, undated = entries.values()
    assert ours.findtext(f"{ATOM}published") == "2025-11-02T00:00:00Z"
    assert ours.findtext(f"{ATOM}author/{ATOM}name") == "Ana Pérez"
    assert [c.get("term") for c in ours.findall(f"{ATOM}category")] == ["sanctions", "oil"]
    related = [l.get("href") for l in imported.findall(f"{ATOM}link") if l.get("rel") == "related"]
    assert related == ["https://news.example.com/world/ministers-meet-in-caracas"]
    assert undated.findtext(f"{ATOM}updated") == "2025-11-02T00:00:00Z"
    assert undated.find(f"{ATOM}published") is None


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    """Every file the build writes; not Pagefind's search index, whose bytes vary from run to run."""
    first = build_site(copy_fixture(FIXTURE, tmp_path / "a"))
    second = build_site(copy_fixture(FIXTURE, tmp_path / "b"))
    assert first.code == second.code == 0

    def files_of(out: Path) -> list[Path]:
        return sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and p.relative_to(out).parts[0] != "pagefind")

    files = files_of(first.out)
    assert files == files_of(second.out)
    for rel in files:
        assert (first.out / rel).read_bytes() == (second.out / rel).read_bytes(), rel


def test_a_base_url_without_trailing_slash_still_gives_sub_path_links(tmp_path: Path) -> None:
    """actions/configure-pages reports https://user.github.io/repo, without the slash."""
    result = build_site(copy_fixture(FIXTURE, tmp_path), "--base-url", "https://example.github.io/repo")
    assert result.code == 0, result.stderr
    page = head(result, OURS + "index.html")
    assert page.link("canonical")["href"] == BASE + OURS
    assert page.links[[l.get("rel") for l in page.links].index("stylesheet")]["href"].startswith(
        "/repo/static/style.")
    assert page.link("alternate")["href"] == "/repo/feed.xml"
    assert f"<loc>{BASE}about/</loc>" in (result.out / "sitemap.xml").read_text()


# --- base_url only a path --------------------------------------------------------------------


def test_a_path_only_base_url_leaves_out_what_needs_full_addresses(tmp_path: Path) -> None:
    """A local build (base_url '/repo/' or '/') is quiet: the Pages workflow passes the full address."""
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "site.yaml", "base_url: https://example.github.io/repo/", "base_url: /repo/")
    result = build_site(site)
    assert result.code == 0
    assert result.stderr == ""
    assert not (result.out / "sitemap.xml").exists()
    assert (result.out / "robots.txt").read_text() == "User-agent: *\nDisallow:\n"
    page = head(result, OURS + "index.html")
    assert page.link("canonical")["href"] == "/repo/" + OURS
    assert page.one("og:url") is None
    assert "url" not in page.json_ld[0]
    feed = (result.out / "feed.xml").read_bytes()
    atom = ET.fromstring(feed)
    assert atom.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert {l.get("href") for l in atom.findall(f"{ATOM}link")} == {"/repo/feed.xml", "/repo/"}
    assert check_atom(feed) == []


def test_the_full_address_from_the_command_line_gives_a_sitemap(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "site.yaml", "base_url: https://example.github.io/repo/", "base_url: /repo/")
    result = build_site(site, "--base-url", "https://example.github.io/repo/")
    assert result.code == 0 and result.stderr == ""
    assert "<loc>https://example.github.io/repo/about/</loc>" in (result.out / "sitemap.xml").read_text()


# --- custom domain ---------------------------------------------------------------------------


def test_custom_domain_writes_cname(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "site.yaml", "base_url: https://example.github.io/repo/",
         "base_url: https://explainer.example.org/\ndomain: explainer.example.org")
    result = build_site(site)
    assert result.code == 0 and result.stderr == ""
    assert (result.out / "CNAME").read_text() == "explainer.example.org\n"
    assert head(result, "index.html").link("canonical")["href"] == "https://explainer.example.org/"


def test_a_domain_that_is_not_the_base_urls_host_is_reported(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "site.yaml", "language: en", "language: en\ndomain: explainer.example.org")
    result = build_site(site)
    assert result.code == 0
    assert result.stderr.splitlines() == [
        "site.yaml:5:9: warning: 'domain' is explainer.example.org but base_url is "
        "https://example.github.io/repo/: canonical links, the sitemap and the feed point to the other address",
        "  hint: set base_url: https://explainer.example.org/ (GitHub Pages serves the site there)",
    ]
    assert (result.out / "CNAME").read_text() == "explainer.example.org\n"


# --- page metadata ---------------------------------------------------------------------------


def test_every_page_has_canonical_description_previews_language_and_feed_link(built: CliResult) -> None:
    for path in sorted(pages_of(built.out)):
        page = head(built, path + "index.html")
        where = path or "home"
        assert page.link("canonical")["href"] == BASE + path, where
        assert page.one("description"), where
        for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card",
                    "twitter:title", "twitter:description"):
            assert page.one(key), f"{where}: {key}"
        assert page.one("og:url") == BASE + path, where
        assert page.one("og:description") == page.one("description"), where
        alternate = page.link("alternate")
        assert alternate == {"rel": "alternate", "type": "application/atom+xml",
                             "title": "Publishing check: artículos" if path == "acerca-de/" else "Publishing check: articles",
                             "href": "/repo/feed.xml"}, where  # the link's words in the page's language
        assert page.lang == ("es" if path == "acerca-de/" else "en"), where
        assert len(page.json_ld) == 1 and page.json_ld[0]["@context"] == "https://schema.org", where


def test_json_ld_types_website_article_and_news_article(built: CliResult) -> None:
    home = head(built, "index.html").json_ld[0]
    assert home == {"@context": "https://schema.org", "@type": "WebSite", "name": "Publishing check",
                    "description": "Every kind of page, for the publishing checks.", "inLanguage": "en",
                    "url": BASE}

    ours = head(built, OURS + "index.html").json_ld[0]
    assert ours["@type"] == "Article"
    assert ours["headline"] == "What the sanctions did"
    assert ours["datePublished"] == "2025-11-02"
    assert ours["author"] == {"@type": "Person", "name": "Ana Pérez"}
    assert ours["publisher"] == {"@type": "Organization", "name": "Publishing check", "url": BASE}
    assert ours["mainEntityOfPage"] == ours["url"] == BASE + OURS

    imported = head(built, IMPORTED + "index.html")
    news = imported.json_ld[0]
    assert news["@type"] == "NewsArticle"
    assert news["publisher"] == {"@type": "Organization", "name": "The Daily Example",
                                 "url": "https://news.example.com/"}
    assert news["author"] == {"@type": "Person", "name": "Luis Gómez"}
    assert news["sameAs"] == "https://news.example.com/world/ministers-meet-in-caracas"
    assert news["articleSection"] == "World"
    assert imported.one("og:type") == "article"
    assert imported.one("article:published_time") == "2025-10-20"
    assert imported.meta["article:tag"] == ["diplomacy"]

    about = head(built, "about/index.html")
    assert about.json_ld[0]["@type"] == "WebPage" and about.one("og:type") == "website"
    assert head(built, "index.html").one("og:type") == "website"


def test_the_404_page_asks_not_to_be_indexed_and_has_no_canonical(built: CliResult) -> None:
    page = head(built, "404.html")
    assert page.link("canonical") is None
    assert page.one("robots") == "noindex"
    assert page.one("og:url") is None
    assert page.json_ld[0]["@type"] == "WebPage"
    assert page.link("alternate")["href"] == "/repo/feed.xml"


def test_json_ld_cannot_close_its_script_element(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "content/articles/what-the-sanctions-did.md", "title: What the sanctions did",
         'title: "Sanctions </script><script>alert(1)</script> & more"\nslug: what-the-sanctions-did')
    result = build_site(site)
    assert result.code == 0, result.stderr
    html = result.html(OURS + "index.html")
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and json.loads(block)["headline"].startswith("Sanctions </script>")
    assert "<script>alert" not in html


def test_metadata_carries_the_text_itself_not_html_escapes(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    text = "The outlet's view: <b>tariffs</b> & \"sanctions\""
    edit(site, "content/articles/what-the-sanctions-did.md",
         "summary: Our own article, with a footnote, a table and a citation.", f"summary: '{text.replace(chr(39), chr(39) * 2)}'")
    result = build_site(site)
    assert result.code == 0, result.stderr
    page = head(result, OURS + "index.html")
    assert page.one("description") == page.one("og:description") == page.one("twitter:description") == text
    assert page.json_ld[0]["description"] == text


# --- assets ----------------------------------------------------------------------------------


def test_css_is_fingerprinted_by_content_and_favicon_linked(built: CliResult) -> None:
    static = built.out / "static"
    styles = [p for p in static.iterdir() if p.name.startswith("style.")]
    assert len(styles) == 1
    match = re.fullmatch(r"style\.([0-9a-f]{10})\.css", styles[0].name)
    assert match, styles[0].name
    assert hashlib.sha256(styles[0].read_bytes()).hexdigest()[:10] == match.group(1)
    for file in built.out.rglob("*.html"):
        page = HeadParser()
        page.feed(file.read_text(encoding="utf-8"))
        hrefs = [l["href"] for l in page.links if l.get("rel") == "stylesheet"]
        assert f"/repo/static/{styles[0].name}" in hrefs, file
        assert page.link("icon")["href"] == "/repo/static/favicon.svg", file
    assert (static / "favicon.svg").read_bytes().startswith(b"<svg")
    assert not list(static.glob("*.js")) or all(re.search(r"\.[0-9a-f]{10}\.js$", p.name)
                                                 for p in static.glob("*.js"))


def test_a_changed_stylesheet_gets_a_new_name(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    theme_css = ROOT / "builder" / "theme" / "static" / "style.css"
    (site / "templates" / "static").mkdir(parents=True)
    shutil.copy(theme_css, site / "templates" / "static" / "style.css")
    with open(site / "templates" / "static" / "style.css", "a", encoding="utf-8") as css:
        css.write("\n.changed { color: inherit; }\n")
    result = build_site(site)
    assert result.code == 0, result.stderr
    name = next(p.name for p in (result.out / "static").iterdir() if p.name.startswith("style."))
    published = minify_css((site / "templates" / "static" / "style.css").read_text(encoding="utf-8"))
    digest = hashlib.sha256(published.encode("utf-8")).hexdigest()[:10]  # of what is published
    assert name == f"style.{digest}.css"
    assert f'href="/repo/static/{name}"' in result.html("index.html")


# --- workflows and make ----------------------------------------------------------------------


def load_workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def uses(job: dict) -> list[str]:
    return [step["uses"] for step in job["steps"] if "uses" in step]


def test_pages_workflow_builds_with_the_pages_address_and_deploys() -> None:
    flow = load_workflow("pages.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["concurrency"]["group"] and flow["concurrency"]["cancel-in-progress"] is False
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert uses(build) == ["actions/checkout@v7", "actions/setup-python@v7", "actions/configure-pages@v6",
                           "actions/upload-pages-artifact@v5"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    pages_step = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages"))
    make_step = next(s for s in build["steps"] if "run" in s)
    assert make_step["run"].strip() == "make build"
    assert make_step["env"]["BASE_URL"] == f"${{{{ steps.{pages_step['id']}.outputs.base_url }}}}"
    upload = build["steps"][-1]["with"]
    assert upload == {"path": "public", "include-hidden-files": True}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages@v5"]


def test_tests_workflow_runs_make_test_on_pull_requests() -> None:
    flow = load_workflow("tests.yml")
    assert "pull_request" in flow["on"]
    job = flow["jobs"]["test"]
    assert job["env"]["CI"] == "true"
    assert [s["run"] for s in job["steps"] if "run" in s][-2:] == ["make test", "make check-site"]  # Lighthouse last
    assert uses(job) == ["actions/checkout@v7"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_build_passes_base_url_from_a_variable_or_the_environment() -> None:
    def dry_run(*args: str, env: dict[str, str] | None = None) -> str:
        import os

        environ = {k: v for k, v in os.environ.items() if k != "BASE_URL"} | (env or {})
        proc = subprocess.run(["make", "-n", "build", *args], cwd=ROOT, env=environ,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return [line for line in proc.stdout.splitlines() if "-m builder build" in line][-1]

    assert dry_run("BASE_URL=https://u.github.io/r").endswith("-m builder build . --base-url 'https://u.github.io/r'")
    assert dry_run(env={"BASE_URL": "https://u.github.io/r"}).endswith("--base-url 'https://u.github.io/r'")
    assert dry_run().rstrip().endswith("-m builder build .")
