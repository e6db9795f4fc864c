"""The front page that explains and the timeline's overview on a phone, as readers and editors meet them.

The home page says what to know (site.yaml's `summary:`), the key dates and the timeline's
year-by-year overview before it lists the articles; the timeline page says how current it is
and heads each year once; in a phone-sized Chromium the header stays short and the overview
fits the screen with 24 px targets whose labels show on focus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import CliResult, build_site, copy_fixture
from tests.support.fixtures import browser_session  # noqa: F401
from tests.support.static_server import serve_directory
from tests.support.tools import axe_js_path, require
from tests.test_timelines import parse

SUMMARY = """\
summary: |
  - The story began with [the recognition](timeline:recognized).
  - Then came **sanctions**.
"""

MANY_MAJOR = "".join(
    f"  - {{id: major-{n}, date: 2020-0{n}-01, title: Major event {n}, importance: major}}\n" for n in range(1, 10)
) + "  - {id: major-last, date: 2024-05-01, title: The latest major event, importance: major}\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """The one-timeline fixture with a summary, built once for the module."""
    folder = copy_fixture("timeline-one", tmp_path_factory.mktemp("front"))
    config = folder / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + SUMMARY, encoding="utf-8")
    result = build_site(folder)
    assert result.code == 0, result.stderr
    return result


def test_the_home_page_says_what_to_know_then_key_dates_then_the_overview_then_articles(site: CliResult) -> None:
    html = site.html("index.html")
    page = parse(html)
    assert [h.text() for h in page.find_all("h1")] == ["Timeline fixture"]
    assert not page.find_all("a", class_="site-title")  # the h1 says the site's name: not the header too
    headings = [h.text() for h in page.find_all("h2")]
    assert headings[:4] == ["What to know", "Key dates", "How the story unfolded", "Articles"]
    know = page.find("section", class_="home-know")
    assert [li.text() for li in know.find_all("li")] == ["The story began with the recognition.",
                                                         "Then came sanctions."]
    assert know.find("a").attrs["href"] == "/repo/timeline/#recognized"
    dates = page.find("ol", class_="key-dates")
    assert [a.attrs["href"] for a in dates.find_all("a")] == [  # the major events, in date order
        "/repo/timeline/#sanctions-start", "/repo/timeline/#recognized", "/repo/timeline/#strike"]
    assert "23 January 2019" in dates.text()


def test_the_overview_has_every_year_once_and_a_labelled_mark_per_event(site: CliResult) -> None:
    home = parse(site.html("index.html")).find("ol", class_="tl-years")
    years = [li for li in home.find_all("li", class_="tl-years-year")]
    assert [li.find(class_="tl-years-label").text()[:4] for li in years] == [str(y) for y in range(2016, 2026)]
    empty = [li for li in years if "tl-years-none" in li.classes()]
    assert empty and all(li.find(class_="tl-years-label").text().endswith(": no events") for li in empty)
    marks = home.find_all("a", class_="tl-dot")
    assert len(marks) == 8
    strike = next(a for a in marks if a.attrs["data-event"] == "strike")
    assert strike.attrs["href"] == "/repo/timeline/#strike"
    assert strike.attrs["aria-label"] == "2 September 2025: First strike"
    timeline = parse(site.html("timeline/index.html")).find("ol", class_="tl-years")
    assert {a.attrs["href"] for a in timeline.find_all("a", class_="tl-dot")} >= {"#strike", "#recognized"}


def test_the_timeline_says_how_current_it_is_and_heads_each_year_once(tmp_path: Path) -> None:
    folder = copy_fixture("timeline-one", tmp_path)
    story = folder / "content/timelines/story.yaml"
    story.write_text(story.read_text(encoding="utf-8") + (
        "  - {id: early-2025, date: 2025-01-10, title: Before the second term}\n"), encoding="utf-8")
    result = build_site(folder)
    assert result.code == 0, result.stderr
    page = parse(result.html("timeline/index.html"))
    assert "current through 2 September 2025" in " ".join(page.find("p", class_="tl-meta").text().split())
    years = [h.text() for h in page.find_all(class_="tl-year-heading")]
    assert years.count("2025") == 1, years
    assert len(years) == len(set(years))
    continued = page.find("section", class_="tl-year-continued")
    assert "aria-labelledby" not in continued.attrs  # not a second landmark named 2025
    assert [li.attrs["id"] for li in continued.find_all("li", class_="tl-event")] == ["strike"]


def test_key_dates_spread_over_the_story_when_there_are_many_major_events(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/timelines").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\nbase_url: /\n", encoding="utf-8")
    (site / "content/timelines/story.yaml").write_text("title: Story\nevents:\n" + MANY_MAJOR, encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.stderr
    dates = parse(result.html("index.html")).find("ol", class_="key-dates")
    titles = [span.text() for span in dates.find_all("span", class_="key-title")]
    assert len(titles) == 8
    assert titles[0] == "Major event 1" and titles[-1] == "The latest major event"


def test_a_mistake_in_the_summary_is_told_at_its_place_in_site_yaml(tmp_path: Path) -> None:
    folder = copy_fixture("timeline-one", tmp_path)
    config = folder / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "summary: |\n  See [it](timeline:recognised).\n",
                      encoding="utf-8")
    lines = config.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "timeline:recognised" in text)
    result = build_site(folder)
    assert result.code == 1
    assert f"site.yaml:{line}:" in result.stderr and "unknown timeline event 'recognised'" in result.stderr
    assert "did you mean 'recognized'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_summary_that_is_not_text_is_an_error_at_its_line(tmp_path: Path) -> None:
    folder = copy_fixture("timeline-one", tmp_path)
    config = folder / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "summary: [a, b]\n", encoding="utf-8")
    line = len(config.read_text(encoding="utf-8").splitlines())
    result = build_site(folder)
    assert result.code == 1
    assert f"site.yaml:{line}:10: error: 'summary'" in result.stderr, result.stderr


# --- in a phone-sized browser --------------------------------------------------------------------

@pytest.fixture(scope="module")
def served(site: CliResult) -> Iterator[str]:
    with serve_directory(site.out, "/repo/") as base:
        yield base


def test_on_a_phone_the_header_is_short_and_the_overview_fits_with_24px_targets(
        served: str, browser_session: Any) -> None:  # noqa: F811
    context = browser_session.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in ("", "timeline/", "articles/plain/"):
            page.goto(served + path)
            assert page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height") <= 100
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        for path in ("", "timeline/"):
            page.goto(served + path)
            assert page.is_hidden(".tl-svg") if path else True
            box = page.evaluate("(() => { const r = document.querySelector('.tl-years').getBoundingClientRect();"
                                " return [r.left, r.right]; })()")
            assert box[0] >= 0 and box[1] <= 390
            sizes = page.eval_on_selector_all(".tl-years .tl-dot", "marks => marks.map(m => {"
                                              " const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
            assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
            page.focus('.tl-years .tl-dot[data-event="strike"]')
            label = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
            assert label == '"2 September 2025: First strike"', label
    finally:
        context.close()


@pytest.mark.parametrize("width", [1024, 1280])
def test_on_a_wide_screen_the_timeline_draws_to_scale_with_24px_targets_labelled_on_focus_and_hover(
        served: str, browser_session: Any, width: int) -> None:  # noqa: F811
    from playwright.sync_api import expect

    context = browser_session.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(served + "timeline/")
        assert page.is_visible(".tl-svg") and page.is_hidden(".tl-overview .tl-years")
        sizes = page.eval_on_selector_all(".tl-svg .tl-mark-link", "marks => marks.map(m => {"
                                          " const r = m.getBoundingClientRect(); return [r.width, r.height]; })")
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
        label = page.locator(".tl-mark-label")
        strike = page.locator('.tl-svg .tl-mark-link[data-event="strike"]')
        page.keyboard.press("Tab")
        strike.focus()
        expect(label).to_be_visible()
        expect(label).to_have_text("2 September 2025: First strike")
        mark, shown = strike.bounding_box(), label.bounding_box()
        assert shown["y"] >= mark["y"] + mark["height"] and 0 <= shown["x"] <= width - shown["width"], "below it"
        page.keyboard.press("Escape")
        expect(label).to_be_hidden()
        other = page.locator(".tl-svg .tl-mark-link").first
        other.hover()
        expect(label).to_have_text(other.get_attribute("aria-label"))
        page.mouse.move(1, 1)
        expect(label).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_home_and_timeline_pass_axe(served: str, browser_session: Any, scheme: str, width: int) -> None:  # noqa: F811
    require("axe-core (tests/node)", axe_js_path() is not None)
    from tests.support.axe import format_violations, run_axe

    context = browser_session.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        found = {}
        for path in ("", "timeline/"):
            page.goto(served + path)
            found[path] = format_violations(run_axe(page, (*("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
                                                           "best-practice")))
    finally:
        context.close()
    assert found == {"": "", "timeline/": ""}


# --- stylesheets as published ----------------------------------------------------------------------

def test_stylesheets_are_published_without_comments_and_still_say_the_same(site: CliResult) -> None:
    from builder.minify import minify_css

    published = next((site.out / "static").glob("style.*.css")).read_text(encoding="utf-8")
    assert "/*" not in published and "\n\n" not in published
    assert ".tl-dot-major::before{width: 15px;height: 15px;background: var(--accent);}" in published
    assert minify_css('a::before { content: "/* kept */ ;  {"; }  /* gone */\nb ,  c > d { color : red }') == (
        'a::before{content: "/* kept */ ;  {";} b,c > d{color : red}\n')
