"""Source notes in a real browser: the card on focus and hover, Escape, the no-script path,
side notes in the margin, the phone-width toggle, and the pages' validity and accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_site, copy_fixture
from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import axe_available, browser_session, html_checker  # noqa: F401
from tests.support.static_server import serve_directory
from tests.support.vnu import format_errors

STORM = "articles/storm-hits-the-coast/"
CITED = "articles/what-the-storm-reports-say/"
WIDE = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 800}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    result = build_site(copy_fixture("sources-site", tmp_path_factory.mktemp("notes-browser")))
    assert result.code == 0, result.stderr
    return result.out


@pytest.fixture(scope="module")
def base_url(site):
    with serve_directory(site, "/sub/") as url:
        yield url


@pytest.fixture
def open_page(browser_session):  # noqa: F811
    contexts = []

    def open_(url: str, **options):
        context = browser_session.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(url)
        page.wait_for_load_state("load")
        page.script_errors = errors
        return page

    yield open_
    for context in contexts:
        context.close()


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_focus_on_a_marker_shows_the_card_and_escape_hides_it(open_page, base_url):
    page = open_page(base_url + CITED, viewport=WIDE)
    card = page.locator("#note-card")
    assert card.is_hidden()
    tab_to(page, "a.note-link[href='#note-1']")
    assert card.is_visible()
    assert card.get_attribute("role") == "tooltip"
    assert "Storm report for 3 November" in card.inner_text()
    assert page.locator("a.note-link[href='#note-1']").get_attribute("aria-describedby") == "note-card"
    assert card.locator("a, button, [tabindex]").count() == 0, "a tooltip holds nothing to focus"
    page.keyboard.press("Escape")
    assert card.is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#note-1", "focus stays put"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#note-2", "focus is not trapped"
    assert card.is_visible() and "El País" in card.inner_text()
    assert page.script_errors == []


def test_hovering_a_marker_shows_the_card_and_the_pointer_can_reach_it(open_page, base_url):
    page = open_page(base_url + CITED, viewport=WIDE)
    marker = page.locator("a.note-link[href='#note-2']")
    marker.hover()
    card = page.locator("#note-card")
    assert card.is_visible() and "Storm batters coast" in card.inner_text()
    box, card_box = marker.bounding_box(), card.bounding_box()
    assert card_box["y"] >= box["y"] + box["height"] - 1, "the card opens below the marker"
    card.hover()
    page.wait_for_timeout(450)
    assert card.is_visible(), "moving onto the card keeps it open"
    page.mouse.move(5, 5)
    page.wait_for_timeout(450)
    assert card.is_hidden()


def test_without_javascript_markers_jump_to_the_note_and_back(open_page, base_url):
    page = open_page(base_url + STORM, viewport=WIDE, java_script_enabled=False)
    page.click("a.note-link[href='#note-5']")
    assert page.url.endswith("#note-5")
    assert page.evaluate("document.querySelector(':target').id") == "note-5"
    page.click("#note-5 a.note-back")
    assert page.url.endswith("#note-ref-5")
    assert page.evaluate("document.querySelector(':target').textContent") == "The regional\u00a0weather  office said"
    assert page.locator("#note-card").count() == 0


def test_wide_screens_show_side_notes_in_the_margin(open_page, base_url):
    page = open_page(base_url + STORM, viewport=WIDE)
    prose = page.locator(".prose").bounding_box()
    for number in (5, 8, 9):
        side = page.locator(f"#sidenote-{number}")
        assert side.is_visible()
        box = side.bounding_box()
        assert box["x"] >= prose["x"] + prose["width"], f"side note {number} is in the margin"
        assert box["x"] + box["width"] <= WIDE["width"]
    mark = page.locator("#note-ref-9").bounding_box()
    side = page.locator("#sidenote-9").bounding_box()
    assert abs(side["y"] - mark["y"]) < 200, "the side note stands next to its phrase"
    assert page.locator(".note-toggle").first.is_hidden()


def test_phone_width_toggle_opens_the_note_in_the_text_by_keyboard(open_page, base_url):
    page = open_page(base_url + STORM, viewport=PHONE)
    side = page.locator("#sidenote-5")
    assert side.is_hidden()
    assert page.locator("sup.note-ref:has(a[href='#note-5'])").is_hidden(), "the toggle stands in for the marker"
    tab_to(page, "button.note-toggle[aria-controls='sidenote-5']")
    button = page.locator("button.note-toggle[aria-controls='sidenote-5']")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("button", name="Note 5", exact=True).count() == 1
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert side.is_visible() and side.get_attribute("aria-hidden") is None
    assert "The office’s report is dated 3 November." in side.inner_text()
    box = side.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "the note opens inside the column"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('sidenote-sources')"), \
        "an open note's link is reachable"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false"
    assert side.is_hidden() and side.get_attribute("aria-hidden") == "true"
    assert page.script_errors == []


@pytest.mark.parametrize("path", [STORM, CITED, "sources/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_note_pages_pass_axe(open_page, base_url, axe_available, path, scheme):  # noqa: F811
    page = open_page(base_url + path, viewport=WIDE, color_scheme=scheme)
    violations = run_axe(page)
    assert not violations, format_violations(violations)


def test_note_pages_are_valid_html(site, html_checker):  # noqa: F811
    files = [site / STORM / "index.html", site / CITED / "index.html", site / "sources/index.html",
             site / "about/index.html"]
    errors = html_checker(files)
    assert not errors, format_errors(errors)
