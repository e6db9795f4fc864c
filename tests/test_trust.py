"""Trust: updates and corrections (page, feed, JSON-LD, the corrections page), 'how we reported
this', and the 'report an error' link, as a reader and an editor see them."""

from __future__ import annotations

import html as html_module
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import build_in_process, build_site, copy_fixture, run_cli
from tests.support.fixtures import axe_available, browser_session, html_checker  # noqa: F401
from tests.support.vnu import format_errors
from tests.test_publish import check_atom

ATOM = "{http://www.w3.org/2005/Atom}"
ARTICLE = "articles/why-the-port-closed/index.html"
SCHEMA_TYPES = {"Article", "NewsArticle", "WebPage", "WebSite", "CorrectionComment", "Organization", "Person"}
"""schema.org types the pages may name; a correction must be a CorrectionComment."""


class JsonLd(HTMLParser):
    """The schema.org data of a page: every <script type="application/ld+json">, parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found.append(json.loads(data))

    def handle_endtag(self, tag: str) -> None:
        self.inside = False


def json_ld(html: str) -> dict:
    parser = JsonLd()
    parser.feed(html)
    assert len(parser.found) == 1
    return parser.found[0]


def schema_errors(data: dict) -> list[str]:
    """What schema.org's types say of dateModified and correction (Article/WebPage: a CreativeWork)."""
    errors = []
    if "dateModified" in data and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"]):
        errors.append(f"dateModified is no ISO date: {data['dateModified']}")
    for item in data.get("correction", []):
        if item.get("@type") != "CorrectionComment":
            errors.append(f"a correction must be a CorrectionComment, not {item.get('@type')}")
        if not isinstance(item.get("text"), str) or not item["text"]:
            errors.append("a CorrectionComment needs its text")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", item.get("datePublished", "")):
            errors.append("a CorrectionComment needs its datePublished")
        if set(item) - {"@type", "text", "datePublished"}:
            errors.append(f"unexpected properties {set(item)}")
    if data["@type"] not in SCHEMA_TYPES:
        errors.append(f"unknown type {data['@type']}")
    return errors


def text_of(html: str, pattern: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(0))).strip())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    site = copy_fixture("trust-site", tmp_path_factory.mktemp("trust"))
    result = build_site(site)
    assert result.code == 0 and result.stderr == "", result.stderr
    return result


def test_an_updated_and_corrected_article_says_so_under_its_byline_and_after_its_text(built) -> None:
    html = built.html(ARTICLE)
    assert '<p class="updated">Updated <time datetime="2025-11-10">10 November 2025</time>' in html
    assert text_of(html, r'<aside class="corrections".*?</aside>') == (
        "Corrections "
        "8 November 2025: The mayor's name was misspelt. "
        "5 November 2025: An earlier version said the port closed on Sunday; it closed on Monday. "
        "Every correction on this site")
    assert html.index('class="updated"') < html.index('class="prose"') < html.index('class="corrections"')


def test_how_we_reported_this_is_shown_as_markdown(built) -> None:
    html = built.html(ARTICLE)
    section = re.search(r'<section class="methods".*?</section>', html, re.S).group(0)
    assert '<h2 id="how-we-reported-this">How we reported this</h2>' in section
    assert '<a href="/trust/timeline/">the timeline</a>' in section
    seed = built.html("articles/storm-hits-the-coast/index.html")
    assert "the notes are <strong>ours</strong>" in seed


def test_an_article_never_changed_has_no_updated_line_nor_corrections(built) -> None:
    html = built.html("articles/a-calm-week/index.html")
    assert 'class="updated"' not in html and 'class="corrections"' not in html and "dateModified" not in html


def test_pages_and_timelines_carry_their_own_corrections(built) -> None:
    about = built.html("about/index.html")
    assert "1 September 2025</time>: The team&#39;s address was wrong." in about
    timeline = built.html("timeline/index.html")
    assert '<p class="updated">Updated <time datetime="2025-11-09">' in timeline
    assert "The port reopened on the 8th, not the 7th." in timeline


def test_json_ld_has_date_modified_and_correction_comments(built) -> None:
    data = json_ld(built.html(ARTICLE))
    assert schema_errors(data) == []
    assert data["datePublished"] == "2025-11-03" and data["dateModified"] == "2025-11-10"
    assert data["correction"] == [
        {"@type": "CorrectionComment", "datePublished": "2025-11-05",
         "text": "An earlier version said the port closed on Sunday; it closed on Monday."},
        {"@type": "CorrectionComment", "datePublished": "2025-11-08", "text": "The mayor's name was misspelt."},
    ]
    seed = json_ld(built.html("articles/storm-hits-the-coast/index.html"))
    assert seed["@type"] == "NewsArticle" and seed["dateModified"] == "2025-11-04" and schema_errors(seed) == []
    about = json_ld(built.html("about/index.html"))
    assert about["@type"] == "WebPage" and about["dateModified"] == "2025-09-01" and schema_errors(about) == []
    timeline = json_ld(built.html("timeline/index.html"))
    assert timeline["@type"] == "WebPage" and timeline["dateModified"] == "2025-11-09" and schema_errors(timeline) == []
    assert timeline["correction"] == [{"@type": "CorrectionComment", "datePublished": "2025-11-09",
                                       "text": "The port reopened on the 8th, not the 7th."}]
    assert "dateModified" not in json_ld(built.html("index.html"))


def test_the_feed_gives_each_article_its_last_change_as_updated(built) -> None:
    feed = (built.out / "feed.xml").read_bytes()
    assert check_atom(feed) == []
    root = ET.fromstring(feed)
    entries = {e.find(f"{ATOM}title").text: e for e in root.iter(f"{ATOM}entry")}
    port = entries["Why the port closed"]
    assert port.find(f"{ATOM}updated").text == "2025-11-10T00:00:00Z"
    assert port.find(f"{ATOM}published").text == "2025-11-03T00:00:00Z"
    assert entries["A calm week"].find(f"{ATOM}updated").text == "2025-10-01T00:00:00Z"
    assert root.find(f"{ATOM}updated").text == "2025-11-10T00:00:00Z"


def test_the_corrections_page_lists_every_correction_newest_first_with_its_page(built) -> None:
    html = built.html("corrections/index.html")
    items = re.findall(r'<time datetime="([\d-]+)">.*?</time> · <a href="([^"]+)">([^<]+)</a>', html)
    assert items == [
        ("2025-11-09", "/trust/timeline/#corrections", "Storms"),
        ("2025-11-08", "/trust/articles/why-the-port-closed/#corrections", "Why the port closed"),
        ("2025-11-05", "/trust/articles/why-the-port-closed/#corrections", "Why the port closed"),
        ("2025-11-04", "/trust/articles/storm-hits-the-coast/#corrections",
         "Storm hits the coast: officials say the damage is limited"),
        ("2025-09-01", "/trust/about/#corrections", "About"),
    ]
    assert "<title>Corrections · Trust fixture</title>" in html


def test_a_site_without_corrections_has_no_corrections_page(tmp_path: Path) -> None:
    result = build_site(copy_fixture("minimal", tmp_path))
    assert result.code == 0 and not (result.out / "corrections").exists()


def test_every_page_links_to_a_prefilled_new_issue_form(built) -> None:
    for path, page_url, title in [
            (ARTICLE, "https://example.github.io/trust/articles/why-the-port-closed/", "Why the port closed"),
            ("index.html", "https://example.github.io/trust/", "Trust fixture"),
            ("corrections/index.html", "https://example.github.io/trust/corrections/", "Corrections")]:
        html = built.html(path)
        href = re.search(r'<a href="([^"]+)"[^>]*>Report an error on this page</a>', html).group(1)
        href = href.replace("&amp;", "&")
        assert " " not in href and "\n" not in href
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/example/trust/issues/new")
        query = parse_qs(parts.query)
        assert query["title"] == [f"Error on “{title}”"]
        assert query["body"][0].startswith(f"Page: {page_url}\n\nWhat is wrong")


def test_the_repository_can_come_from_the_command_line_or_the_environment(tmp_path: Path) -> None:
    site = copy_fixture("minimal", tmp_path)
    result = build_site(site)
    assert "Report an error" not in result.html("index.html")
    result = build_site(site, "--repo-url", "https://github.com/newsroom/site")
    assert 'href="https://github.com/newsroom/site/issues/new?title=' in result.html("about/index.html")
    bad = run_cli("build", str(site), "--repo-url", "github.com/newsroom")
    assert bad.returncode == 1
    assert bad.stderr.startswith("--repo-url:1:1: error: '--repo-url' must be an http:// or https:// address")


def test_check_warns_once_at_site_yaml_when_there_is_no_repo_url(tmp_path: Path) -> None:
    site = copy_fixture("minimal", tmp_path)
    proc = run_cli("check", str(site))
    assert proc.returncode == 0
    assert proc.stderr == (
        "site.yaml:1:1: warning: no 'repo_url' in site.yaml: pages have no 'report an error' link\n"
        "  hint: add repo_url: https://github.com/USER/REPO (the Pages workflow fills it in when it "
        "publishes, with --repo-url)\n")
    assert proc.stdout.endswith(", 1 warning\n")
    assert run_cli("check", str(site), "--repo-url", "https://github.com/a/b").stderr == ""
    assert "repo_url" not in run_cli("build", str(site)).stderr  # a build says nothing of it


def test_the_pages_workflows_give_the_repository() -> None:
    root = Path(__file__).resolve().parent.parent
    own = (root / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "EXPLAINER_REPO_URL: ${{ github.server_url }}/${{ github.repository }}" in own
    starter = (root / "builder/starter/github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "REPO_URL: ${{{{ github.server_url }}}}/${{{{ github.repository }}}}" in starter
    assert '--repo-url "$REPO_URL"' in starter


MISTAKES = [
    ("corrections:\n  - date: 2025-02-30\n    text: A fix.\n",
     "content/articles/port.md:5:11: error: 'date' '2025-02-30' is not a real date",
     "check the month and the day: dates are written YYYY-MM-DD"),
    ("corrections:\n  - date: 2025-11-05\n",
     "content/articles/port.md:5:5: error: a correction is missing 'text'",
     "add 'text: ...' (what was wrong and what it says now)"),
    ("corrections:\n  - date: 2025-11-05\n    txt: A fix.\n",
     "content/articles/port.md:6:5: error: unknown key 'txt' in a correction",
     "did you mean 'text'?"),
    ("corrections:\n  - date: 2025-10-01\n    text: A fix.\n",
     "content/articles/port.md:5:11: error: the correction is dated 2025-10-01, before the publication date 2025-11-03",
     "a correction comes after what it corrects: check the year and the month"),
    ("corrections: A fix.\n",
     "content/articles/port.md:4:14: error: 'corrections' must be a list",
     None),
    ("updated: 2025-11-01\n",
     "content/articles/port.md:4:10: error: 'updated' 2025-11-01 is before the publication date 2025-11-03",
     "the date it was updated comes after 'date:': check the year and the month"),
    ("updated: last week\n",
     "content/articles/port.md:4:10: error: 'updated' must be a date like 2019-01-23",
     "write the date as YYYY-MM-DD"),
    ("updatd: 2025-11-05\n",
     "content/articles/port.md:4:1: error: unknown key 'updatd' in the front matter",
     "did you mean 'updated'?"),
]


@pytest.mark.parametrize("extra, error, hint", MISTAKES, ids=[m[1].split("error: ")[1][:40] for m in MISTAKES])
def test_a_mistake_in_updated_or_corrections_is_told_at_its_place(tmp_path: Path, extra: str, error: str,
                                                                   hint: str | None) -> None:
    site = copy_fixture("minimal", tmp_path)
    (site / "content/articles/port.md").write_text(
        "---\ntitle: Why the port closed\ndate: 2025-11-03\n" + extra + "---\nText.\n", encoding="utf-8")
    proc = run_cli("check", str(site), "--repo-url", "https://github.com/a/b")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == error, proc.stderr
    if hint:
        assert lines[1] == f"  hint: {hint}"
    assert "Traceback" not in proc.stderr


def test_a_mistake_in_a_sidecars_or_a_timelines_corrections_is_told_there(tmp_path: Path) -> None:
    site = copy_fixture("trust-site", tmp_path)
    sidecar = site / "content/articles/storm.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("date: 2025-11-04", "dat: 2025-11-04"),
                       encoding="utf-8")
    timeline = site / "content/timelines/storms.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("    text: The port", "    tex: The port"),
                        encoding="utf-8")
    proc = run_cli("check", str(site))
    assert proc.returncode == 1
    assert "content/articles/storm.yaml:5:6: error: unknown key 'dat' in a correction\n  hint: did you mean 'date'?" \
        in proc.stderr
    assert "content/timelines/storms.yaml:5:5: error: unknown key 'tex' in a correction\n" \
           "  hint: did you mean 'text'?" in proc.stderr


def test_the_pages_with_corrections_pass_the_nu_html_checker(built, html_checker) -> None:  # noqa: F811
    pages = [built.out / path for path in (ARTICLE, "corrections/index.html", "about/index.html",
                                           "timeline/index.html", "articles/storm-hits-the-coast/index.html")]
    errors = html_checker(pages)
    assert errors == [], format_errors(errors)


def test_axe_finds_no_violation_on_the_pages_with_corrections(built, axe_available, browser_session) -> None:  # noqa: F811
    from tests.support.axe import format_violations, run_axe
    from tests.support.static_server import serve_directory

    failures = []
    with serve_directory(built.out, "/trust/") as local:
        for scheme in ("light", "dark"):
            context = browser_session.new_context(color_scheme=scheme, viewport={"width": 375, "height": 740})
            page = context.new_page()
            try:
                for path in ("articles/why-the-port-closed/", "corrections/", "about/", "timeline/"):
                    page.goto(local + path, wait_until="load")
                    violations = run_axe(page)
                    if violations:
                        failures.append(f"/{path} ({scheme}):\n{format_violations(violations)}")
            finally:
                context.close()
    assert failures == [], "\n".join(failures)


def test_a_broken_link_in_how_we_reported_this_is_told_where_it_is_written(tmp_path: Path) -> None:
    site = copy_fixture("trust-site", tmp_path)
    sidecar = site / "content/articles/storm.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(
        "the notes are **ours**.", "the notes are **ours** ([see](/abuot/))."), encoding="utf-8")
    proc = run_cli("check", str(site))
    assert proc.returncode == 1
    assert "content/articles/storm.yaml:6:" in proc.stderr and "/abuot/" in proc.stderr, proc.stderr
    assert "did you mean '/about/'?" in proc.stderr


@pytest.mark.parametrize("rel, old, new", [
    ("content/articles/port.md", "The mayor's name was misspelt.", "The mayor's name was wrong."),
    ("content/articles/calm.md", "summary: Nothing changed here.",
     "summary: Nothing changed here.\ncorrections:\n  - {date: 2025-10-02, text: A first correction.}"),
    ("content/articles/storm.yaml", "  - {date: 2025-11-04,", "  - {date: 2025-11-06,"),
    ("content/timelines/storms.yaml", "updated: 2025-11-09", "updated: 2025-11-12"),
    ("content/pages/about.md", "corrections:\n  - date: 2025-09-01\n    text: The team's address was wrong.\n", ""),
])
def test_a_rebuild_after_a_correction_changes_equals_a_full_build(tmp_path: Path, rel: str, old: str,
                                                                   new: str) -> None:
    from tests.conftest import tree

    site = copy_fixture("trust-site", tmp_path / "warm")
    assert build_in_process(site).code == 0  # the rebuild below, the one under test, is the real command
    path = site / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    warm = build_site(site)
    assert warm.code == 0, warm.stderr
    cold = copy_fixture("trust-site", tmp_path / "cold")
    (cold / rel).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert build_in_process(cold).code == 0

    def pages(folder: Path) -> dict[str, str]:  # (the search index is the search's own to compare)
        return {path: digest for path, digest in tree(folder).items() if not path.startswith("pagefind")}

    assert pages(site / "public") == pages(cold / "public")


def test_markup_in_a_correction_or_in_methods_is_shown_as_text(tmp_path: Path) -> None:
    site = copy_fixture("trust-site", tmp_path)
    (site / "content/articles/port.md").write_text(
        "---\ntitle: Why the port closed\ndate: 2025-11-03\n"
        "corrections:\n  - date: 2025-11-05\n    text: \"</script><script>alert('c')</script>\"\n"
        "methods: \"<img src=x onerror=alert('m')> [x](javascript:alert('m'))\"\n---\nText.\n", encoding="utf-8")
    result = build_site(site, "--repo-url", "https://github.com/a/b")
    assert result.code == 0, result.stderr
    html = result.html(ARTICLE)
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&#39;c&#39;)&lt;/script&gt;" in html
    assert json_ld(html)["correction"][0]["text"] == "</script><script>alert('c')</script>"
