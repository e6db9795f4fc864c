"""Timelines as readers and editors meet them: the page, its overview, filters, backgrounds, errors."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.conftest import CliResult, build_site, copy_fixture
from tests.support.static_server import serve_directory
from tests.support.tools import axe_js_path, chromium_path, playwright_installed, require

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    """An element of a parsed page: tag, attributes, children and text."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if all(v in node.classes() if k == "class_" else node.attrs.get(k.replace("_", "-")) == v
                   for k, v in attrs.items()):
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """The one-timeline fixture, built once for the module."""
    result = build_site(copy_fixture("timeline-one", tmp_path_factory.mktemp("one")))
    assert result.code == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    result = build_site(copy_fixture("timeline-two", tmp_path_factory.mktemp("two")))
    assert result.code == 0, result.stderr
    return result


# --- the timeline page ---------------------------------------------------------------------------

def test_a_site_with_one_timeline_has_it_at_timeline(one: CliResult) -> None:
    assert (one.out / "timeline" / "index.html").is_file()
    assert not (one.out / "timelines").exists()
    nav = parse(one.html("index.html")).find("nav")
    assert [(a.text(), a.attrs["href"]) for a in nav.find_all("a")][:2] == [
        ("Home", "/repo/"), ("Timeline", "/repo/timeline/")]
    page = parse(one.html("timeline/index.html"))
    assert page.find("h1").text() == "How the story unfolded"
    assert page.find("nav").find("a", href="/repo/timeline/").attrs["aria-current"] == "page"


def test_events_in_date_order_same_date_in_file_order_year_before_dated(one: CliResult) -> None:
    page = parse(one.html("timeline/index.html"))
    ids = [li.attrs["id"] for li in page.find_all("li") if "tl-event" in li.classes()]
    assert ids == ["before-eras", "sanctions-start", "election-year", "election-month", "recognized",
                   "same-day-second", "same-day-third", "strike"]


def test_each_date_has_a_time_element_at_its_true_precision(one: CliResult) -> None:
    page = parse(one.html("timeline/index.html"))

    def when(event_id: str) -> tuple[str, list[tuple[str, str]]]:
        line = page.find("li", id=event_id).find("p", class_="tl-when")
        return squash(line.text()), [(t.attrs["datetime"], t.text()) for t in line.find_all("time")]

    assert when("before-eras") == ("2016", [("2016", "2016")])
    assert when("election-year") == ("c. 2019", [("2019", "2019")])
    assert when("election-month") == ("January 2019", [("2019-01", "January 2019")])
    assert when("recognized") == ("23 January 2019", [("2019-01-23", "23 January 2019")])
    assert when("sanctions-start") == ("24 August 2017 – September 2017",
                                       [("2017-08-24", "24 August 2017"), ("2017-09", "September 2017")])


def test_events_are_grouped_by_era_then_year_with_headings_in_order(one: CliResult) -> None:
    page = parse(one.html("timeline/index.html"))
    main = page.find("main")
    headings = [(n.tag, squash(n.text())) for n in main.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    levels = [int(tag[1]) for tag, _ in headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), headings
    outline = [(tag, text) for tag, text in headings if tag in ("h2", "h3")]
    assert outline == [
        ("h2", "Before First term"), ("h3", "2016"),
        ("h2", "First term 20 January 2017 – 20 January 2021"), ("h3", "2017"), ("h3", "2019"),
        ("h2", "Second term since 20 January 2025"), ("h3", "2025"),
    ]
    assert ("h4", "Recognition on the 23rd") in headings


def test_each_event_has_a_permanent_anchor_and_its_sources(one: CliResult) -> None:
    page = parse(one.html("timeline/index.html"))
    event = page.find("li", id="recognized")
    assert event.find("a", class_="tl-permalink").attrs["href"] == "#recognized"
    sources = event.find("p", class_="tl-sources")
    assert squash(sources.text()) == ("Sources: Paper A, A report <with> brackets; "
                                      "Agency B, A source without address")
    assert [a.attrs["href"] for a in sources.find_all("a")] == ["https://example.com/a"]
    assert "A report &lt;with&gt; brackets</a>" in one.html("timeline/index.html")


def test_summaries_are_markdown_and_flags_are_words(one: CliResult) -> None:
    page = parse(one.html("timeline/index.html"))
    summary = page.find("li", id="recognized").find("div", class_="tl-summary")
    assert summary.find("a").attrs["href"] == "/repo/timeline/#election-year"
    assert squash(page.find("li", id="same-day-third").find("p", class_="tl-flags").text()) == "Unverified"
    assert squash(page.find("li", id="strike").find("p", class_="tl-flags").text()) == "Major"
    assert page.find("li", id="strike").attrs["data-importance"] == "major"
    assert page.find("li", id="same-day-third").attrs["data-tags"] == "sanctions diplomacy"
    description = page.find("div", class_="tl-description")
    assert description.find("strong").text() == "sources"
    assert description.find("a").attrs["href"] == "/repo/timeline/#recognized"


def test_overview_svg_is_labelled_and_links_every_event(one: CliResult) -> None:
    html = one.html("timeline/index.html")
    svg = parse(html).find("svg", class_="tl-svg")
    title = svg.find("title", id=svg.attrs["aria-labelledby"])
    desc = svg.find("desc", id=svg.attrs["aria-describedby"])
    assert title.text() == "Overview of How the story unfolded, 2016–2025"
    assert "8 events from 2016 to 2025, 3 of them major" in desc.text()
    assert "First term (2017–2021); Second term (2025–ongoing)" in desc.text()
    assert "text equivalent" in desc.text()
    links = svg.find_all("a")
    assert sorted(a.attrs["href"] for a in links) == sorted(
        f"#{i}" for i in ("before-eras", "sanctions-start", "election-year", "election-month", "recognized",
                          "same-day-second", "same-day-third", "strike"))
    assert svg.find("a", href="#recognized").attrs["aria-label"] == "23 January 2019: Recognition on the 23rd"
    assert svg.find("a", href="#same-day-third").attrs["aria-label"].endswith("(unverified)")
    eras = [t.text() for t in svg.find_all("text") if "tl-era-label" in t.classes()]
    assert eras[0] == "First term" and eras[1].startswith("Second")
    years = [t.text() for t in svg.find_all("text") if "tl-year-label" in t.classes()]
    assert years == [str(y) for y in range(2016, 2026)]
    # CSP style-src 'self' forbids style attributes: the page uses none, nor inline scripts
    assert " style=" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert any(re.search(r'src="/repo/static/timeline\.[0-9a-f]{10}\.js" defer', s) for s in scripts)
    assert all("src=" in s or "application/ld+json" in s for s in scripts), scripts


def test_filter_controls_are_hidden_until_the_script_runs(one: CliResult) -> None:
    page = parse(one.html("timeline/index.html"))
    fieldset = page.find("fieldset", class_="tl-filter")
    assert "hidden" in fieldset.attrs
    boxes = [(i.attrs["name"], i.attrs["value"]) for i in fieldset.find_all("input")]
    assert boxes == [("tag", "diplomacy"), ("tag", "elections"), ("tag", "military"), ("tag", "sanctions"),
                     ("importance", "major")]
    assert all(i.parent.tag == "label" for i in fieldset.find_all("input"))
    assert not [li for li in page.find_all("li") if "hidden" in li.attrs]


def test_timeline_json_is_timelinejs3(one: CliResult) -> None:
    data = json.loads((one.out / "timeline" / "timeline.json").read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"] == "How the story unfolded"
    assert 'href="https://example.github.io/repo/timeline/#recognized"' in data["title"]["text"]["text"]
    events = {e["unique_id"]: e for e in data["events"]}
    assert [e["unique_id"] for e in data["events"]][:3] == ["before-eras", "sanctions-start", "election-year"]
    assert events["recognized"]["start_date"] == {"year": 2019, "month": 1, "day": 23}
    assert events["recognized"]["group"] == "First term"
    assert events["recognized"]["text"]["headline"] == "Recognition on the 23rd"
    assert "A report &lt;with&gt; brackets" in events["recognized"]["text"]["text"]
    assert events["election-month"]["start_date"] == {"year": 2019, "month": 1}
    assert events["election-year"]["display_date"] == "c. 2019"
    assert events["sanctions-start"]["end_date"] == {"year": 2017, "month": 9}
    assert "group" not in events["before-eras"]
    assert "<strong>Unverified.</strong>" in events["same-day-third"]["text"]["text"]
    assert data["eras"] == [
        {"start_date": {"year": 2017, "month": 1, "day": 20}, "end_date": {"year": 2021, "month": 1, "day": 20},
         "text": {"headline": "First term"}},
    ]  # the second term goes on: TimelineJS needs an era's end, and none is invented for it


def test_two_timelines_each_get_a_page_and_an_index(two: CliResult) -> None:
    assert not (two.out / "timeline").exists()
    for name, title in (("alpha", "Alpha story"), ("beta", "Beta story")):
        assert parse(two.html(f"timelines/{name}/index.html")).find("h1").text() == title
        assert json.loads(two.html(f"timelines/{name}/timeline.json"))["title"]["text"]["headline"] == title
    index = parse(two.html("timelines/index.html"))
    assert [a.attrs["href"] for a in index.find("main").find_all("a")] == [
        "/repo/timelines/alpha/", "/repo/timelines/beta/"]
    assert parse(two.html("index.html")).find("nav").find("a", href="/repo/timelines/").text() == "Timelines"
    alpha = parse(two.html("timelines/alpha/index.html"))
    assert alpha.find("li", id="alpha-two").find("a").attrs["href"] == "/repo/timelines/beta/#beta-one"
    # without eras, years are the h2 headings
    assert [squash(h.text()) for h in alpha.find("main").find_all("h2")] == ["2020", "2021"]


# --- articles: the Background section and timeline: links ---------------------------------------

def background(result: CliResult, slug: str) -> list[tuple[str, str, str]]:
    section = parse(result.html(f"articles/{slug}/index.html")).find("section", class_="background")
    assert section.find("h2").text() == "Background"
    return [(squash(li.find("span", class_="background-when").text()), li.find("a").attrs["href"],
             li.find("a").text()) for li in section.find("ol").find_all("li")]


def test_background_from_an_explicit_events_list_in_date_order(one: CliResult) -> None:
    assert background(one, "chosen-events") == [
        ("24 August 2017 – September 2017", "/repo/timeline/#sanctions-start", "Sanctions begin"),
        ("23 January 2019", "/repo/timeline/#recognized", "Recognition on the 23rd"),
        ("2 September 2025", "/repo/timeline/#strike", "First strike"),
    ]
    section = parse(one.html("articles/chosen-events/index.html")).find("section", class_="background")
    assert section.find("p", class_="background-more").find("a").attrs["href"] == "/repo/timeline/"


def test_background_from_the_articles_tags(one: CliResult) -> None:
    assert [href for _, href, _ in background(one, "tagged-article")] == [
        "/repo/timeline/#before-eras", "/repo/timeline/#election-year", "/repo/timeline/#election-month",
        "/repo/timeline/#strike"]


def test_no_background_without_timeline_or_events(one: CliResult) -> None:
    assert 'class="background"' not in one.html("articles/no-background/index.html")


def test_timeline_links_in_markdown_get_the_base_path(one: CliResult, two: CliResult) -> None:
    prose = parse(one.html("articles/chosen-events/index.html")).find("div", class_="prose")
    assert prose.find("a").attrs["href"] == "/repo/timeline/#recognized"
    prose = parse(two.html("articles/about-beta/index.html")).find("div", class_="prose")
    assert [a.attrs["href"] for a in prose.find_all("a")] == [
        "/repo/timelines/alpha/#alpha-one", "/repo/timelines/alpha/"]  # timeline:NAME is the whole page
    assert background(two, "about-beta") == [("2022", "/repo/timelines/beta/#beta-one", "Beta begins")]


# --- sites built from strings, for the cases that differ by a line -------------------------------

SITE_YAML = "title: T\ndescription: D\nbase_url: /sub/\n"

TIMELINE = """\
title: Story
eras:
  - {id: first, title: First, start: 2017}
events:
  - id: one
    date: 2019-01-23
    title: One
    tags: [diplomacy]
  - id: two
    date: 2018
    title: Two
    importance: major
"""


def build_from(tmp_path: Path, files: dict[str, str]) -> CliResult:
    site = tmp_path / "site"
    for name, content in {"site.yaml": SITE_YAML, **files}.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return build_site(site)


def article(*meta: str, body: str = "Body.") -> str:
    return "\n".join(("---", "title: An article", "date: 2025-01-01", *meta, "---", body)) + "\n"


def test_events_without_timeline_use_the_only_timeline(tmp_path: Path) -> None:
    result = build_from(tmp_path, {"content/timelines/story.yaml": TIMELINE,
                                   "content/articles/a.md": article("events: [one, two]")})
    assert result.code == 0, result.stderr
    assert [href for _, href, _ in background(result, "an-article")] == ["/sub/timeline/#two", "/sub/timeline/#one"]


def test_a_timeline_without_tags_gives_its_major_events(tmp_path: Path) -> None:
    result = build_from(tmp_path, {"content/timelines/story.yaml": TIMELINE,
                                   "content/articles/a.md": article("timeline: story")})
    assert result.code == 0, result.stderr
    assert [href for _, href, _ in background(result, "an-article")] == ["/sub/timeline/#two"]


def errors_of(result: CliResult) -> list[str]:
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def assert_reported(result: CliResult, error: str, hint: str) -> None:
    lines = errors_of(result)
    assert error in lines, result.stderr
    assert lines[lines.index(error) + 1] == f"  hint: {hint}", result.stderr


def event_file(*lines: str) -> str:
    return "\n".join(("title: Story", "eras:", "  - {id: second, title: Second, start: 2025}", "events:",
                      *lines)) + "\n"


TIMELINE_ERRORS = {
    "impossible-date": (
        event_file("  - id: one", "    date: 2019-02-30", "    title: One"),
        "content/timelines/t.yaml:6:11: error: 'date' '2019-02-30' is not a real date",
        "check the month and the day: dates are written YYYY-MM-DD"),
    "impossible-date-quoted": (
        event_file("  - id: one", '    date: "2019-02-30"', "    title: One"),
        "content/timelines/t.yaml:6:11: error: 'date' '2019-02-30' is not a real date",
        "check the month and the day: dates are written YYYY-MM-DD"),
    "impossible-month": (
        event_file("  - id: one", "    date: '2019-13'", "    title: One"),
        "content/timelines/t.yaml:6:11: error: 'date' '2019-13' has no month 13",
        "write 2019, 2019-01 or 2019-01-23"),
    "end-before-start": (
        event_file("  - id: one", "    date: 2019-02", "    end: 2019-01-31", "    title: One"),
        "content/timelines/t.yaml:7:10: error: the event 'one' ends before it starts",
        "it starts on 2019-02: check the dates of 'date' and 'end'"),
    "era-end-before-start": (
        "title: Story\neras:\n  - id: old\n    title: Old\n    start: 2020\n    end: 2019\n"
        "events:\n  - {id: one, date: 2019, title: One}\n",
        "content/timelines/t.yaml:6:10: error: the era 'old' ends before it starts",
        "it starts on 2020: check the years of start and end"),
    "duplicate-event-id": (
        event_file("  - id: one", "    date: 2019", "    title: One",
                   "  - id: one", "    date: 2020", "    title: Again"),
        "content/timelines/t.yaml:8:5: error: duplicate event id 'one' (first used at content/timelines/t.yaml:5:5)",
        "every event needs its own id: it is the event's permanent link"),
    "unknown-era": (
        event_file("  - id: one", "    date: 2025-03", "    title: One", "    era: secnd"),
        "content/timelines/t.yaml:8:10: error: unknown era 'secnd'",
        "did you mean 'second'?"),
    "tag-form": (
        event_file("  - id: one", "    date: 2019", "    title: One", "    tags: [diplomacy, Human Rights]"),
        "content/timelines/t.yaml:8:23: error: 'Human Rights' is not a tag: tags are lowercase words joined "
        "by hyphens",
        "write it as 'human-rights'"),
    "missing-title": (
        event_file("  - id: one", "    date: 2019", "    summary: No title."),
        "content/timelines/t.yaml:5:5: error: an event is missing 'title'",
        "add 'title: ...' (a one-line headline)"),
    "duplicate-yaml-key": (
        event_file("  - id: one", "    date: 2019", "    title: One", "    date: 2020"),
        "content/timelines/t.yaml:8:5: error: duplicate key 'date' (first set at line 6)",
        "remove one of them; the first is used until then"),
    "no-events": (
        "title: Story\nevents: []\n",
        "content/timelines/t.yaml:2:9: error: the timeline has no events",
        "add at least one event: - {id: ..., date: ..., title: ...}"),
    "unknown-link-in-summary": (
        event_file("  - id: one", "    date: 2019", "    title: One", "    summary: >-",
                   "      A first line of text,", "      then [a link](timeline:on) to nowhere."),
        "content/timelines/t.yaml:10:21: error: unknown timeline event 'on'",
        "did you mean 'one'?"),
}


@pytest.mark.parametrize("case", sorted(TIMELINE_ERRORS))
def test_timeline_mistakes_are_located_with_a_hint(case: str, tmp_path: Path) -> None:
    text, error, hint = TIMELINE_ERRORS[case]
    result = build_from(tmp_path, {"content/timelines/t.yaml": text})
    assert_reported(result, error, hint)
    assert not (tmp_path / "site" / "public").exists()


def test_a_timeline_file_name_must_make_an_address(tmp_path: Path) -> None:
    result = build_from(tmp_path, {"content/timelines/My Story.yaml": TIMELINE})
    assert_reported(result, "content/timelines/My Story.yaml:1:1: error: 'My Story.yaml' cannot be a "
                    "timeline's name: it becomes its address", "rename the file, for example to my-story.yaml")


def test_every_timeline_mistake_is_reported_in_one_run(tmp_path: Path) -> None:
    text = event_file("  - id: one", '    date: "2019-02-30"', "    title: One",
                      "  - id: two", "    date: 2025", "    title: Two", "    era: secnd",
                      "    tags: [Bad Tag]", "  - id: three", "    date: 2020")
    lines = errors_of(build_from(tmp_path, {"content/timelines/t.yaml": text}))
    located = [line.split(": error")[0] for line in lines if ": error: " in line]
    assert located == ["content/timelines/t.yaml:6:11", "content/timelines/t.yaml:11:10",
                       "content/timelines/t.yaml:12:12", "content/timelines/t.yaml:13:5"]


def test_unknown_timeline_link_in_an_article_is_located_at_the_link(tmp_path: Path) -> None:
    body = "First paragraph.\n\nSecond paragraph\non two lines.\n\nThird: see [the event](timeline:ome) here."
    result = build_from(tmp_path, {"content/timelines/story.yaml": TIMELINE,
                                   "content/articles/a.md": article("tags: [x]", body=body)})
    # front matter takes lines 1-5; the third paragraph is line 11; the link target starts at col 24
    assert_reported(result, "content/articles/a.md:11:24: error: unknown timeline event 'ome'",
                    "did you mean 'one'?")


def test_unknown_event_in_an_articles_events_list(tmp_path: Path) -> None:
    result = build_from(tmp_path, {"content/timelines/story.yaml": TIMELINE,
                                   "content/articles/a.md": article("timeline: story", "events: [one, tow]")})
    assert_reported(result, "content/articles/a.md:5:9: error: unknown event 'tow' in timeline 'story'",
                    "did you mean 'two'?")


def test_unknown_timeline_name_in_an_article(tmp_path: Path) -> None:
    result = build_from(tmp_path, {"content/timelines/story.yaml": TIMELINE,
                                   "content/articles/a.md": article("timeline: stroy")})
    assert_reported(result, "content/articles/a.md:4:11: error: unknown timeline 'stroy'",
                    "did you mean 'story'?")


def test_events_without_timeline_when_there_are_two(tmp_path: Path) -> None:
    other = "title: Other\nevents:\n  - {id: other-one, date: 2020, title: Other one}\n"
    result = build_from(tmp_path, {"content/timelines/story.yaml": TIMELINE,
                                   "content/timelines/other.yaml": other,
                                   "content/articles/a.md": article("events: [one]")})
    assert_reported(result, "content/articles/a.md:4:9: error: 'events' needs 'timeline:' to say which "
                    "timeline they come from", "say which one: timeline: other or timeline: story")


def test_an_event_of_another_timeline_is_named(tmp_path: Path) -> None:
    other = "title: Other\nevents:\n  - {id: other-one, date: 2020, title: Other one}\n"
    result = build_from(tmp_path, {"content/timelines/story.yaml": TIMELINE,
                                   "content/timelines/other.yaml": other,
                                   "content/articles/a.md": article("timeline: story", "events: [other-one]")})
    assert_reported(result, "content/articles/a.md:5:9: error: unknown event 'other-one' in timeline 'story'",
                    "'other-one' is in the timeline 'other': an article's events come from one timeline")


# --- in a browser: the filter --------------------------------------------------------------------

@pytest.fixture(scope="module")
def in_browser() -> Iterator[Callable[[Callable[[Any], Any]], Any]]:
    """run(fn) calls fn(browser) on a chromium of this module's own, in a thread of its own.

    Playwright's sync API allows one instance per thread; a thread of our own never meets
    a browser another test module keeps open in the main thread.
    """
    require("playwright (pip package)", playwright_installed())
    require("chromium", chromium_path() is not None)
    from tests.support.browser import open_browser

    worker = ThreadPoolExecutor(max_workers=1)
    opened = open_browser()
    browser = worker.submit(opened.__enter__).result(timeout=60)
    try:
        yield lambda fn: worker.submit(fn, browser).result(timeout=120)
    finally:
        worker.submit(opened.__exit__, None, None, None).result(timeout=60)
        worker.shutdown()


@pytest.fixture(scope="module")
def served(one: CliResult) -> Iterator[str]:
    """The one-timeline site served under /repo/, as on GitHub Pages."""
    with serve_directory(one.out, "/repo/") as base:
        yield base


def visible_events(page: Any) -> list[str]:
    return page.eval_on_selector_all(".tl-event:not([hidden])", "items => items.map(i => i.id)")


def test_filter_by_keyboard_updates_the_list_and_the_address(served: str, in_browser) -> None:
    base = served

    def check(browser: Any) -> list[str]:
        context = browser.new_context()
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        try:
            page.goto(base + "timeline/")
            assert page.is_visible("fieldset.tl-filter")
            assert len(visible_events(page)) == 8
            page.focus('input[value="military"]')
            page.keyboard.press("Tab")  # to "sanctions"
            assert page.evaluate("document.activeElement.value") == "sanctions"
            page.keyboard.press("Space")
            assert visible_events(page) == ["sanctions-start", "same-day-second", "same-day-third"]
            assert page.url == base + "timeline/?tags=sanctions"
            assert page.text_content(".tl-status") == "Showing 3 of 8 events."
            assert page.is_hidden("#year-2016") and page.is_hidden("#era-second")
            assert "tl-mark-off" in page.get_attribute('.tl-svg a[href="#strike"]', "class")
            page.keyboard.press("Tab")  # to "Major events only"
            page.keyboard.press("Space")
            assert visible_events(page) == ["sanctions-start"]
            assert page.url == base + "timeline/?tags=sanctions&importance=major"
            page.keyboard.press("Tab")  # to "Show all events"
            page.keyboard.press("Enter")
            assert len(visible_events(page)) == 8
            assert page.url == base + "timeline/"

            page.goto(base + "timeline/?tags=elections,military")
            assert page.is_checked('input[value="elections"]') and page.is_checked('input[value="military"]')
            assert not page.is_checked('input[value="diplomacy"]')
            assert visible_events(page) == ["before-eras", "election-year", "election-month", "strike"]
            assert page.text_content(".tl-status") == "Showing 4 of 8 events."
        finally:
            context.close()
        return problems

    assert in_browser(check) == []


def test_without_javascript_every_event_shows_and_no_filter(served: str, in_browser) -> None:
    def check(browser: Any) -> None:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        try:
            page.goto(served + "timeline/?tags=sanctions")
            assert page.is_hidden("fieldset.tl-filter")
            assert len(visible_events(page)) == 8
            page.click('.tl-svg a[href="#strike"]')
            assert page.url.endswith("#strike")
        finally:
            context.close()

    in_browser(check)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_timeline_and_background_pass_axe(served: str, in_browser, scheme: str) -> None:
    require("axe-core (tests/node)", axe_js_path() is not None)
    from tests.support.axe import format_violations, run_axe

    def check(browser: Any) -> dict[str, str]:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        found = {}
        try:
            for path in ("timeline/?tags=sanctions", "articles/chosen-events/"):
                page.goto(served + path)
                found[path] = format_violations(run_axe(page))
        finally:
            context.close()
        return found

    assert in_browser(check) == {"timeline/?tags=sanctions": "", "articles/chosen-events/": ""}


# --- events after the article ---------------------------------------------------------------------

DATED_TIMELINE = """\
title: Story
article: the-analysis
eras:
  - {id: second, title: Second term, start: 2025-01-20}
events:
  - {id: before, date: 2025-09-02, title: A strike before}
  - {id: same-day, date: 2025-10-12, title: The report}
  - {id: same-month, date: "2025-10", title: Something in October}
  - {id: later, date: 2025-10-15, title: Covert action confirmed, importance: major}
  - {id: much-later, date: 2026-01-03, title: The capture, tags: [military]}
"""


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """A timeline that is the background of an article of 12 October 2025."""
    result = build_from(tmp_path_factory.mktemp("dated"), {
        "content/timelines/story.yaml": DATED_TIMELINE,
        "content/articles/a.md": "---\ntitle: The analysis\ndate: 2025-10-12\ntimeline: story\n"
                                 "events: [before, later]\n---\nBody.\n"})
    assert result.code == 0, result.stderr
    return result


def test_events_after_the_article_are_marked_in_their_titles(dated: CliResult) -> None:
    page = parse(dated.html("timeline/index.html"))
    marked = {li.attrs["id"]: squash(li.find(class_="tl-title").text()) for li in page.find_all("li", class_="tl-event")}
    assert marked == {
        "before": "A strike before", "same-day": "The report", "same-month": "Something in October",
        "later": "Covert action confirmed After the article", "much-later": "The capture After the article"}
    later = [li.attrs["id"] for li in page.find_all("li", class_="tl-after")]
    assert later == ["later", "much-later"]
    note = squash(page.find("p", class_="tl-article-note").text())
    assert note == ("The background of The analysis, published 12 October 2025. The 2 events after that date are "
                    "marked “After the article”: they could not be known when it was written.")


def test_the_overview_draws_the_articles_date_and_the_later_events_apart(dated: CliResult) -> None:
    svg = parse(dated.html("timeline/index.html")).find("svg", class_="tl-svg")
    line = svg.find("g", class_="tl-article-date")
    assert line.find("title").text() == "The article: The analysis, published 12 October 2025"
    links = {a.attrs["data-event"]: a for a in svg.find_all("a", class_="tl-mark-link")}
    assert links["later"].attrs["aria-label"] == "15 October 2025: Covert action confirmed (after the article)"
    assert links["before"].attrs["aria-label"] == "2 September 2025: A strike before"
    drawn_after = [a.attrs["data-event"] for a in links.values()
                   if any("tl-mark-after" in node.classes() for node in a.iter())]
    assert drawn_after == ["later", "much-later"]
    assert "2 events after it are drawn hollow and grey" in svg.find("desc").text()


def test_timeline_json_marks_later_events_and_invents_no_end_for_an_open_era(dated: CliResult) -> None:
    data = json.loads((dated.out / "timeline" / "timeline.json").read_text(encoding="utf-8"))
    headlines = {e["unique_id"]: e["text"]["headline"] for e in data["events"]}
    assert headlines["later"] == "Covert action confirmed (after the article)"
    assert headlines["same-day"] == "The report"
    later = next(e for e in data["events"] if e["unique_id"] == "much-later")
    assert later["text"]["text"].startswith("<p><strong>After the article</strong> (The analysis, published "
                                            "12 October 2025).</p>")
    assert "eras" not in data  # its only era goes on
    assert later["group"] == "Second term"


def test_the_background_marks_events_after_its_own_article(dated: CliResult) -> None:
    section = parse(dated.html("articles/the-analysis/index.html")).find("section", class_="background")
    items = {li.find("a").text(): squash(li.text()) for li in section.find_all("li")}
    assert items["Covert action confirmed"].endswith("Covert action confirmed After the article")
    assert items["A strike before"].endswith("A strike before")


@pytest.mark.parametrize("article_line, error, hint", [
    ("article: the-analysys", "content/timelines/story.yaml:2:10: error: unknown article 'the-analysys'",
     "did you mean 'the-analysis'?"),
    ("article: Not an id", "content/timelines/story.yaml:2:10: error: 'article' 'Not an id' is not a valid id",
     "use lowercase letters, digits and hyphens, such as guaido-recognized"),
])
def test_an_unknown_article_is_located_with_a_hint(tmp_path: Path, article_line: str, error: str, hint: str) -> None:
    result = build_from(tmp_path, {
        "content/timelines/story.yaml": DATED_TIMELINE.replace("article: the-analysis", article_line),
        "content/articles/a.md": "---\ntitle: The analysis\ndate: 2025-10-12\n---\nBody.\n"})
    assert_reported(result, error, hint)
