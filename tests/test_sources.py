"""Sources and notes as a reader and an editor meet them: numbered notes, marked phrases,
the sources page, and every mistake reported at its `path:line:col` with a hint."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT, CliResult, build_site, copy_fixture

FIXTURE = "sources-site"
STORM = "articles/storm-hits-the-coast/index.html"
CITED = "articles/what-the-storm-reports-say/index.html"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """A parsed page: ids (with duplicates), nesting errors, and each element's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "p" and "p" in self.stack:
            self.problems.append("a <p> inside a <p>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '?'}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def element(html: str, pattern: str) -> str:
    """The first element whose start tag matches `pattern`, up to its matching end tag."""
    start = re.search(pattern, html)
    assert start, pattern
    tag = re.match(r"<(\w+)", html[start.start():]).group(1)
    depth, pos = 0, start.start()
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", html[start.start():]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[start.start(): start.start() + match.end()]
    raise AssertionError(f"unclosed {pattern}")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> CliResult:
    result = build_site(copy_fixture(FIXTURE, tmp_path_factory.mktemp("sources")))
    assert result.code == 0, result.stderr
    return result


# --- citations in Markdown ---------------------------------------------------------------

def test_build_is_clean(built):
    assert built.stderr == ""


def test_citations_become_numbered_markers_in_order(built):
    html = built.html(CITED)
    prose = element(html, r'<div class="prose">')
    markers = re.findall(r'<sup class="note-ref"><a class="note-link" href="#note-(\d+)" id="note-ref-(\d+)">', prose)
    assert markers == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
    assert "a decade<sup" in prose, "the space before a citation goes, as in Pandoc"
    assert "someone@example.com is not a citation" in prose
    assert '<a href="https://example.com">this link</a>' in prose


def test_source_notes_list_each_citation_with_its_sources(built):
    html = built.html(CITED)
    notes = element(html, r'<section class="source-notes" aria-labelledby="source-notes-heading">')
    assert '<h2 id="source-notes-heading">Source notes</h2>' in notes
    items = re.findall(r'<li id="note-(\d+)" class="source-note">', notes)
    assert items == ["1", "2", "3", "4"]
    # each note names its sources by short reference: publisher, date, title
    first = text(element(notes, r'<li id="note-1"'))
    assert first.startswith("Regional Weather Office, November 2025, “Storm report for 3 November”")
    # [@a; @b]: one note, both sources
    second = text(element(notes, r'<li id="note-2"'))
    assert "Reuters, 3 November 2025, “Storm batters coast, port closed”; El País, 2025" in second
    # the same source cited again is a new note (Chicago style), with its locator
    assert text(element(notes, r'<li id="note-3"')).startswith(
        "Regional Weather Office, November 2025, “Storm report for 3 November”, p. 4")
    assert text(element(notes, r'<li id="note-4"')).startswith("see Pundit")
    assert ", pp. 1-2" in text(element(notes, r'<li id="note-4"'))
    for number in range(1, 5):
        assert f'<a class="note-back" href="#note-ref-{number}" aria-label="Back to the text">' in notes
    assert '<a class="source-ref" href="#src-reuters-storm">' in notes
    assert re.search(r'<script src="/sub/static/notes\.[0-9a-f]{10}\.js" defer></script>', html)


def test_each_cited_source_is_listed_once_in_full(built):
    """Sources once: notes point to one entry each in the page's source list, which alone
    gives the source in full (title linked to the original, kind, description)."""
    for path in (CITED, STORM):
        html = built.html(path)
        listing = element(html, r'<section class="article-sources" aria-labelledby="article-sources-heading">')
        keys = re.findall(r'<li id="src-([^"]+)" class="article-source">', listing)
        assert keys and len(keys) == len(set(keys)), (path, keys)
        refs = set(re.findall(r'<a class="source-ref" href="#src-([^"]+)">', html))
        assert refs == set(keys), path
        notes = element(html, r'<section class="source-notes" aria-labelledby="source-notes-heading">')
        assert 'class="source-about"' not in notes, "a source's description is printed in the source list only"
    listing = element(built.html(CITED), r'<section class="article-sources"')
    assert '<a class="source-publisher" href="/sub/sources/#reuters-storm">Reuters</a>' in listing
    assert 'href="https://example.es/tormenta" rel="noopener" hreflang="es" lang="es"' in listing
    assert text(listing).count("The office’s own report, with wind speeds.") == 1
    assert "The office’s own report, with wind speeds." not in text(element(built.html(CITED),
                                                                             r'<section class="source-notes"'))


def test_headings_hold_no_control_text(built):
    """A heading's text is its own words: no note number, no hidden note text inside it."""
    html = built.html(STORM)
    for heading in re.findall(r"<h([12])[^>]*>(.*?)</h\1>", html, re.S):
        inner = heading[1]
        assert "note-ref\"" not in inner and "<sup" not in inner and "visually-hidden" not in inner, inner
        assert "sidenote" not in inner, inner
    assert text(element(html, r"<h1>")) == "Storm hits the coast: officials say the damage is limited"
    assert re.search(r'<h2 id="what-comes-next"><mark class="noted" id="note-ref-8">'
                     r'<a class="note-link" href="#note-8">What comes next</a></mark></h2>', html)


def test_a_caption_without_its_photo_is_a_caption_line(built):
    html = built.html(STORM)
    assert "<figure" not in element(html, r'<article class="wrap article"')
    assert re.search(r'<p class="seed-caption"><span class="visually-hidden">Photo caption: </span>.*?'
                     r'flooded street', html, re.S)


def test_note_ids_are_unique_and_headings_keep_clear_of_them(built):
    for path in (CITED, STORM, "about/index.html", "sources/index.html", "index.html"):
        page = Page(built.html(path))
        duplicates = {i for i in page.ids if page.ids.count(i) > 1}
        assert not duplicates, (path, duplicates)
        assert not page.problems, (path, page.problems)
    assert '<h2 id="note-1-section">Note 1</h2>' in built.html(CITED)


def test_pages_cite_too(built):
    html = built.html("about/index.html")
    assert 'href="#note-1" id="note-ref-1"' in html
    assert "Example Times" in text(element(html, r'<li id="note-1"'))


# --- notes anchored to phrases of a seed article ------------------------------------------

def test_seed_notes_mark_the_exact_phrases(built):
    html = built.html(STORM)
    marks = {number: re.sub(r"<sup.*?</sup>|<[^>]+>", "", inner) for number, inner in
             re.findall(r'<mark class="noted" id="note-ref-(\d+)">(.*?)</mark>', html)}
    assert marks["1"] == "officials say the damage is limited"          # the headline (no number in it)
    assert marks["2"] == "WORLD"                                        # section label, as received
    assert marks["3"] == "flooded street"                               # image caption
    assert marks["4"] == "Published by"                                 # the byline as received
    assert marks["5"] == "The regional\u00a0weather  office said"       # white space as received
    assert re.search(r'<mark class="noted" id="note-ref-6"><a class="note-link" href="#note-6">the port will reopen<sup',
                     html)  # inside 7's
    assert marks["8"] == "What comes next"                              # a subheading
    assert marks["9"] == "Officials said the damage was limited"
    h1 = element(html, r"<h1>")
    assert text(h1).startswith("Storm hits the coast: officials say the damage is limited")
    assert 'class="section-label"><mark class="noted" id="note-ref-2"><a class="note-link" href="#note-2">WORLD' in html


def test_occurrence_picks_the_repeated_phrase(built):
    html = built.html(STORM)
    paragraphs = re.findall(r"<p>(.*?)</p>", element(html, r'<div class="prose">'), re.S)
    assert "note-ref-9" not in paragraphs[0] and "note-ref-9" in paragraphs[1]
    assert paragraphs[1].startswith("Residents said the storm was the strongest they remembered. "
                                    '<mark class="noted" id="note-ref-9">')


def test_nested_notes_make_valid_markup_and_read_in_order(built):
    html = built.html(STORM)
    inner = html.index('id="note-ref-6"')
    outer = html.index('id="note-ref-7"')
    assert outer < inner, "the outer phrase opens first"
    assert html.index(">6</sup>") < html.index(">7</sup>"), "numbers read 6 then 7"
    # links cannot nest: the outer phrase's words after the inner one are a second link to note 7,
    # out of the Tab order, ending with its number
    assert ('</mark><a class="note-link" href="#note-7" tabindex="-1"> on Friday.&#34;<sup class="note-ref">'
            '<span class="visually-hidden">, Note </span>7</sup></a></mark>') in html
    assert not Page(html).problems


def test_each_note_text_is_in_the_page_once(built):
    """The margin and in-text notes are made by notes.js from the list: the HTML holds each note once."""
    html = built.html(STORM)
    assert html.count("Limited <em>to the harbour</em>, by this account.") == 1
    assert "sidenote" not in html
    assert "style=" not in html and "<script>" not in html


def test_seed_note_lists_sources_and_links_its_event(built):
    html = built.html(STORM)
    item = element(html, r'<li id="note-5"')
    assert text(item).startswith("The office’s report is dated 3 November.")
    assert ('In the timeline: <a href="/sub/timeline/#storm-landfall">The storm reaches the coast</a> '
            '(<time datetime="2025-11-03">3 November 2025</time>)') in item
    assert '<a class="note-back" href="#note-ref-5" aria-label="Back to the text">' in item


# --- the sources page ------------------------------------------------------------------------

def test_sources_page_anchors_every_source_by_its_key(built):
    html = built.html("sources/index.html")
    assert re.findall(r'<li class="source-entry" id="([^"]+)">', html) == [
        "weather-office-report", "reuters-storm", "elpais-tormenta", "times-storm", "script-test"]
    headings = re.findall(r'<h2 id="kind-(\w+)">([^<]+)</h2>', html)
    assert headings == [("primary", "Primary sources"), ("wire", "Wire copy"), ("news", "News reports"),
                        ("analysis", "Analysis")]
    assert '<a href="/sub/sources/">Sources</a>' in built.html("index.html").replace(' aria-current="page"', "")


def test_sources_page_shows_details_and_links_back_to_every_citing_place(built):
    html = built.html("sources/index.html")
    report = element(html, r'<li class="source-entry" id="weather-office-report">')
    assert '<a href="https://example.org/report.pdf" rel="noopener" hreflang="en">Storm report for 3 November</a>' in report
    assert 'Published <time datetime="2025-11">November 2025</time>' in report
    assert 'Read <time datetime="2025-11-04">4 November 2025</time>' in report
    assert 'href="https://web.archive.org/web/2025/https://example.org/report.pdf" rel="noopener">Archived copy' in report
    assert "In English" not in report, "the site's own language goes without saying"
    for href in ("/sub/articles/what-the-storm-reports-say/#note-1", "/sub/articles/what-the-storm-reports-say/#note-3",
                 "/sub/articles/storm-hits-the-coast/#note-1", "/sub/articles/storm-hits-the-coast/#note-5",
                 "/sub/timeline/#storm-landfall"):
        assert f'href="{href}"' in report, href
    assert "In Spanish" in element(html, r'<li class="source-entry" id="elpais-tormenta">')
    times = element(html, r'<li class="source-entry" id="times-storm">')
    assert 'href="/sub/about/#note-1"' in times


def test_no_note_or_title_can_inject_markup(built):
    for path in (CITED, "sources/index.html"):
        html = built.html(path)
        assert "<script>alert" not in html and "<b>Weekly" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Analysis" in html
        assert "Pundit &lt;b&gt;Weekly&lt;/b&gt;" in html


def test_notes_stay_escaped_even_when_the_site_allows_raw_html(tmp_path):
    site = copy_fixture(FIXTURE, tmp_path)
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "markdown:\n  html: true\n")
    sidecar = site / "content/articles/storm.yaml"
    sidecar.write_text(sidecar.read_text().replace(
        "note: The outlet files this under world news.",
        "note: \"The outlet <script>alert(1)</script> files <em>this</em>.\""))
    result = build_site(site)
    assert result.code == 0, result.stderr
    html = result.html(STORM)
    assert "<script>alert(1)" not in html
    assert "The outlet &lt;script&gt;alert(1)&lt;/script&gt; files &lt;em&gt;this&lt;/em&gt;." in html


# --- mistakes, each at its place ----------------------------------------------------------

BROKEN_NOTES = '''  - quote: "the storm was the strongest"
    occurrence: 3
    note: Too many.
  - quote: "Friday.\\" What comes"
    note: Across two blocks.
  - quote: "Example Times"
    note: The logo line.
  - quote: 'the mayor said “the port'
    note: Curly quotes.
  - quote: "world"
    note: Wrong case.
  - quote: "said the damage was limited, and the mayor"
    note: Crossing another note's phrase.
'''

BROKEN_SOURCES = '''
bad-url:
  title: Bad
  publisher: Someone
  url: ftp://example.com/x
unused-source:
  title: Nobody cites me
  publisher: Nobody
no-publisher:
  title: Lonely
main:
  title: A key the page uses
  publisher: Someone
'''


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> CliResult:
    site = copy_fixture(FIXTURE, tmp_path_factory.mktemp("broken"))
    sidecar = site / "content/articles/storm.yaml"
    notes = sidecar.read_text()
    notes = notes.replace("sources: [times-storm, weather-office-report]", "sources: [times-strom, weather-office-report]")
    notes = notes.replace('quote: "flooded street"', 'quote: "flooded  streets"')
    notes = notes.replace('    occurrence: 2\n', "")
    notes = notes.replace("event: storm-landfall", "event: storm-landfal")
    sidecar.write_text(notes + BROKEN_NOTES)
    cited = site / "content/articles/cited.md"
    cited.write_text(cited.read_text().replace("@elpais-tormenta]", "@elpais-tormentas]"))
    timeline = site / "content/timelines/storms.yaml"
    timeline.write_text(timeline.read_text().replace("sources: [reuters-storm]\n", "sources: [reuter-storm]\n"))
    sources = site / "content/sources.yaml"
    sources.write_text(sources.read_text() + BROKEN_SOURCES)
    result = build_site(site)
    assert result.code == 1
    assert not result.out.exists(), "nothing is written when there are errors"
    return result


@pytest.mark.parametrize("expected", [
    "content/articles/cited.md:7:37: error: unknown source 'elpais-tormentas'\n"
    "  hint: did you mean 'elpais-tormenta'?",
    "content/articles/storm.yaml:13:14: error: unknown source 'times-strom'\n"
    "  hint: did you mean 'times-storm'?",
    "content/timelines/storms.yaml:10:14: error: unknown source 'reuter-storm'\n"
    "  hint: did you mean 'reuters-storm'?",
    "content/articles/storm.yaml:23:12: error: unknown timeline event 'storm-landfal'\n"
    "  hint: did you mean 'storm-landfall'?",
    "content/articles/storm.yaml:14:12: error: the quote \"flooded streets\" was not found in the article\n"
    "  hint: the closest phrase in the article is \"flooded street\"",
    "content/articles/storm.yaml:24:12: error: the quote \"Officials said the damage was limited\" appears 2 "
    "times in the article (paragraph 1, paragraph 2)\n"
    "  hint: add 'occurrence: 1' (up to 2) to the note to say which one is meant",
    "content/articles/storm.yaml:36:12: error: 'occurrence: 3' but the quote \"the storm was the strongest\" "
    "appears only 2 times in the article\n"
    "  hint: use a number from 1 to 2",
    "content/articles/storm.yaml:39:12: error: the quote \"Friday.\" What comes\" runs across paragraph 1 and "
    "subheading 1\n"
    "  hint: quotes must fall within one paragraph: split it into one note per paragraph",
    "content/articles/storm.yaml:41:12: error: the quote \"Example Times\" is in a line the page does not show\n"
    "  hint: content/articles/storm.txt line 1 is left out of the article (page text before the article); "
    "quote a phrase of the article itself",
    "content/articles/storm.yaml:43:12: error: the quote \"the mayor said “the port\" was not found in the article\n"
    "  hint: the article uses straight quotes (\" and ') where the quote has curly ones (“ ” ‘ ’)",
    "content/articles/storm.yaml:45:12: error: the quote \"world\" was not found in the article\n"
    "  hint: matching is case-sensitive: the article has \"WORLD\"",
    "content/articles/storm.yaml:47:12: error: the quote \"said the damage was limited, and the mayor\" overlaps "
    "the quote of the note at line 27\n"
    "  hint: one note's phrase may lie inside another's, but two phrases cannot cross: shorten one of the quotes",
    "content/sources.yaml:46:8: error: 'url' must be an http:// or https:// address, not 'ftp://example.com/x'\n"
    "  hint: copy the full address from the browser's address bar",
    "content/sources.yaml:50:1: error: the source 'no-publisher' is missing 'publisher'\n"
    "  hint: add 'publisher: ...' (outlet, agency or institution)",
    "content/sources.yaml:52:1: error: the key 'main' is used by the site's pages themselves\n"
    "  hint: give the source a more specific key, such as main-2025",
])
def test_each_mistake_is_reported_at_its_place(broken, expected):
    assert expected + "\n" in broken.stderr, broken.stderr


def test_every_error_of_a_run_is_reported_together(broken):
    assert broken.stderr.rstrip().endswith("15 errors: nothing was written")
    assert "Traceback" not in broken.stderr


def test_curly_quotes_in_the_article_are_named_too(tmp_path):
    site = copy_fixture(FIXTURE, tmp_path)
    sidecar = site / "content/articles/storm.yaml"
    sidecar.write_text(sidecar.read_text() + "  - quote: \"officials' view\"\n    note: x\n")
    seed = site / "content/articles/storm.txt"
    seed.write_text(seed.read_text().replace("What comes next", "What comes next for the officials’ view"))
    result = build_site(site)
    assert result.code == 1
    assert ("content/articles/storm.yaml:37:12: error: the quote \"officials' view\" was not found in the article\n"
            "  hint: the article uses curly quotes (“ ” ‘ ’) where the quote has straight ones (\" and ')\n"
            ) in result.stderr


def test_uncited_source_is_a_warning_at_its_key(tmp_path):
    site = copy_fixture(FIXTURE, tmp_path)
    sources = site / "content/sources.yaml"
    sources.write_text(sources.read_text() + "\nleftover:\n  title: Nobody cites me\n  publisher: Nobody\n")
    result = build_site(site)
    assert result.code == 0
    assert result.stderr == (
        "content/sources.yaml:43:1: warning: the source 'leftover' is not cited anywhere\n"
        "  hint: cite it with [@leftover] in an article or page, or list it in a note's or an event's "
        "sources: [...]; or remove it\n")
    assert 'id="leftover"' in result.html("sources/index.html")


def test_citations_outside_articles_and_pages_are_refused(tmp_path):
    site = copy_fixture(FIXTURE, tmp_path)
    sources = site / "content/sources.yaml"
    sources.write_text(sources.read_text().replace(
        "note: The office's own **report**, with wind speeds.",
        "note: >-\n    The office's own report,\n    as summarised by [@reuters-storm]."))
    result = build_site(site)
    assert result.code == 1
    assert ("content/sources.yaml:21:23: error: citations such as [@key] can be used only in the text of "
            "articles and pages\n"
            "  hint: in a note or a timeline event, list the sources instead: sources: [key]\n") in result.stderr


def test_a_site_without_sources_has_no_sources_page(build_fixture):
    result = build_fixture("minimal")
    assert result.code == 0
    assert not (result.out / "sources").exists()
    assert ">Sources<" not in result.html("index.html")


# --- the showcase -----------------------------------------------------------------------------

def test_showcase_builds_without_warnings_and_notes_every_quote(tmp_path):
    out = tmp_path / "public"
    result = build_site(ROOT, "--out", str(out), "--base-url", "https://example.org/explainer/")
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    html = (out / "articles/maduro-defies-trump/index.html").read_text(encoding="utf-8")
    sidecar = (ROOT / "content/explainers/maduro-trump/articles/000_642dee8fc35c6c3c.yaml").read_text(encoding="utf-8")
    quotes = len(re.findall(r"^  - quote:", sidecar, re.M))
    assert len(re.findall(r'<mark class="noted" id="note-ref-\d+">', html)) == quotes
    assert len(re.findall(r'<li id="note-\d+" class="source-note"[^>]*>', html)) == quotes
    page = Page(html)
    assert not page.problems and len(page.ids) == len(set(page.ids))
    assert Path(out / "sources/index.html").is_file()


# --- affiliations and verdicts ----------------------------------------------------------------

STATE_BROADCASTER = """
state-tv-storm:
  title: The storm, as the ministry sees it
  publisher: State TV
  url: https://example.net/state-tv/storm
  kind: news
  affiliation: state media
  affiliated_with: Ruritania
"""


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> CliResult:
    """The fixture with a state broadcaster cited by a note and an event, and a note's verdict."""
    site = copy_fixture(FIXTURE, tmp_path_factory.mktemp("labelled"))
    sources = site / "content/sources.yaml"
    sources.write_text(sources.read_text() + STATE_BROADCASTER)
    sidecar = site / "content/articles/storm.yaml"
    sidecar.write_text(sidecar.read_text().replace(
        "    note: The headline gives the officials' view only.\n",
        "    note: The headline gives the officials' view only.\n    verdict: partly supported\n").replace(
        "sources: [weather-office-report]\n    event: storm-landfall",
        "sources: [weather-office-report, state-tv-storm]\n    event: storm-landfall"))
    timeline = site / "content/timelines/storms.yaml"
    timeline.write_text(timeline.read_text().replace(
        "sources: [reuters-storm, weather-office-report]", "sources: [reuters-storm, state-tv-storm]"))
    result = build_site(site)
    assert result.code == 0, result.stderr
    return result


def test_an_affiliation_is_shown_wherever_the_source_is_cited(labelled):
    label = "State media (Ruritania)"
    html = labelled.html(STORM)
    note = next(entry for entry in (element(html, rf'<li id="{n}"') for n in re.findall(r'<li id="(note-\d+)"', html))
                if "State TV" in entry)
    assert f'<span class="source-affiliation" title="Who stands behind this source">{label}</span>' in note
    event = element(labelled.html("timeline/index.html"), r'<li class="tl-event[^"]*" id="storm-landfall"')
    assert f'State TV <span class="source-affiliation">{label}</span>' in event
    import json
    data = json.loads((labelled.out / "timeline/timeline.json").read_text(encoding="utf-8"))
    slide = next(e for e in data["events"] if e["unique_id"] == "storm-landfall")
    assert f"State TV [{label}]" in slide["text"]["text"]


def test_affiliated_sources_have_their_own_group_on_the_sources_page(labelled):
    html = labelled.html("sources/index.html")
    headings = re.findall(r'<h2 id="kind-([a-z-]+)">([^<]+)</h2>', html)
    assert headings[:2] == [("primary", "Primary sources"), ("affiliated", "Government, state and party outlets")]
    group = element(html, r'<section class="source-group" aria-labelledby="kind-affiliated">')
    assert 'id="state-tv-storm"' in group and "State media (Ruritania)" in group
    assert '<span class="source-kind source-kind-news">news</span>' in group
    news = element(html, r'<section class="source-group" aria-labelledby="kind-news">')
    assert "state-tv-storm" not in news


def test_a_verdict_is_a_label_in_the_note_and_in_its_data(labelled):
    html = labelled.html(STORM)
    entry = element(html, r'<li id="note-\d+" class="source-note" data-verdict="partly supported">')
    assert ('<p class="verdict verdict-partly-supported"><span class="visually-hidden">Verdict on the claim: '
            '</span>Partly supported</p>') in entry
    assert "view only" in entry
    assert html.count('data-verdict="') == 1
    import json
    blob = re.search(r'<script type="application/ld\+json">(\{[^<]*"@graph"[^<]*)</script>', html)
    assert blob, "no ClaimReview data"
    review = json.loads(blob.group(1))["@graph"][0]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "officials say the damage is limited"
    assert review["reviewRating"]["alternateName"] == "Partly supported"


@pytest.mark.parametrize("file, old, new, expected", [
    ("content/sources.yaml", "  kind: wire\n  language: en\n", "  kind: wire\n  affiliation: state-media\n",
     "content/sources.yaml:8:16: error: 'affiliation' must be one of state media, government, military, party, "
     "advocacy, not 'state-media'\n  hint: did you mean 'state media'?\n"),
    ("content/articles/storm.yaml", "    note: The photo agency does not say which street.\n",
     "    note: The photo agency does not say which street.\n    verdict: partly suported\n",
     "content/articles/storm.yaml:16:14: error: 'verdict' must be one of supported, partly supported, misleading, "
     "unsupported, wrong, not 'partly suported'\n  hint: did you mean 'partly supported'?\n"),
])
def test_a_wrong_affiliation_or_verdict_gets_a_did_you_mean(tmp_path, file, old, new, expected):
    site = copy_fixture(FIXTURE, tmp_path)
    path = site / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    result = build_site(site)
    assert result.code == 1
    assert expected in result.stderr, result.stderr


# --- sources without a title ------------------------------------------------------------------

UNTITLED = """
harbour-blog:
  publisher: Harbour Blog
  url: https://www.harbour.example/2025/11/03/port-closed-after-storm
  date: 2025-11-03

slug-titled:
  title: "port-closed-after-storm (slug)"
  publisher: Coast Radio
  url: https://coast.example/port-closed-after-storm
  date: 2025-11-04

rumour-mill:
  publisher: Rumour Mill
"""


@pytest.fixture(scope="module")
def untitled(tmp_path_factory) -> CliResult:
    """The fixture with three sources that have no title (one of them given a slug), cited by notes."""
    site = copy_fixture(FIXTURE, tmp_path_factory.mktemp("untitled"))
    sources = site / "content/sources.yaml"
    sources.write_text(sources.read_text() + UNTITLED)
    sidecar = site / "content/articles/storm.yaml"
    sidecar.write_text(sidecar.read_text().replace(
        "sources: [weather-office-report]\n    event: storm-landfall",
        "sources: [harbour-blog, slug-titled, rumour-mill]\n    event: storm-landfall"))
    result = build_site(site)
    assert result.code == 0, result.stderr
    return result


def test_a_slug_is_never_shown_as_a_title_and_the_build_says_where_it_is(untitled):
    lines = (untitled.site / "content/sources.yaml").read_text().split("\n")
    slug_line = next(n for n, line in enumerate(lines, 1) if "(slug)" in line)
    rumour_line = next(n for n, line in enumerate(lines, 1) if line == "rumour-mill:")
    assert (f"content/sources.yaml:{slug_line}:10: warning: the title of the source 'slug-titled' is an "
            "address's slug, not a headline") in untitled.stderr
    assert (f"content/sources.yaml:{rumour_line}:1: warning: the source 'rumour-mill' has neither a title nor "
            "an address") in untitled.stderr
    assert "harbour-blog" not in untitled.stderr, "a source with an address needs no title"
    for path in (STORM, "sources/index.html", "timeline/index.html"):
        assert "port-closed-after-storm (slug)" not in untitled.html(path), path
        assert "“”" not in text(untitled.html(path)), path


def test_a_source_without_a_title_shows_its_publisher_date_and_host(untitled):
    html = untitled.html(STORM)
    assert re.search(r'<a class="source-ref" href="#src-harbour-blog">Harbour Blog, 3 November 2025</a>', html)
    assert re.search(r'<a class="source-ref" href="#src-rumour-mill">Rumour Mill</a>', html)
    entry = text(element(html, r'<li id="src-harbour-blog"'))
    assert entry.startswith("Harbour Blog, harbour.example, 3 November 2025")
    assert text(element(html, r'<li id="src-rumour-mill"')).startswith("Rumour Mill news")
    page = untitled.html("sources/index.html")
    title = element(page, r'<li class="source-entry" id="harbour-blog">')
    assert re.search(r'<h3 class="source-entry-title"><a href="https://www.harbour.example/[^"]+" rel="noopener">'
                     r'Harbour Blog, 3 November 2025</a></h3>', title)
