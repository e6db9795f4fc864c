"""Source notes in a real browser: the phrase as the control (click, Enter, Space), the card
and its links (a preview on hover and keyboard focus), Escape, the no-script path, notes in the margin (beside their phrase, never
overlapping) and below the paragraph on a phone, and the pages' validity and accessibility."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playwright.sync_api import expect

from tests.conftest import ROOT, build_site, copy_fixture, run_cli
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


def phrase(page, number: int):
    """The first link of note `number`'s phrase (the control)."""
    return page.locator(f"#note-ref-{number} > a.note-link").first


def test_clicking_a_phrase_opens_its_note_in_a_card_whose_links_work(open_page, base_url):
    page = open_page(base_url + STORM, viewport=WIDE)
    card = page.locator("#note-card")
    assert card.count() == 0 or card.is_hidden()
    control = phrase(page, 5)
    assert control.get_attribute("aria-expanded") == "false"
    control.click()
    card = page.locator("#note-card")
    assert card.is_visible()
    assert card.get_attribute("role") == "dialog", "a non-modal dialog, not a tooltip"
    assert card.get_attribute("aria-modal") in (None, "false")
    assert "The office’s report is dated 3 November." in card.inner_text()
    assert control.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "note-card", "focus moves into the card"
    box, card_box = page.locator("#note-ref-5").bounding_box(), card.bounding_box()
    assert card_box["y"] >= box["y"] + box["height"] - 1, "the card opens below the phrase"
    page.keyboard.press("Escape")
    assert card.is_hidden()
    assert page.evaluate("document.activeElement.closest('#note-ref-5') !== null"), "focus returns to the phrase"
    assert control.get_attribute("aria-expanded") == "false"
    control.click()
    link = card.locator("a.source-ref").first
    assert link.is_visible()
    link.click()
    assert page.url.endswith("#src-weather-office-report"), "a link in the card can be followed"
    assert page.script_errors == []


@pytest.mark.parametrize("key", ["Enter", " "])
def test_enter_or_space_on_a_phrase_opens_the_card(open_page, base_url, key):
    page = open_page(base_url + STORM, viewport=WIDE)
    tab_to(page, "#note-ref-9 > a.note-link")
    assert page.locator("#note-ref-9 > a.note-link").get_attribute("role") == "button"
    page.keyboard.press(key)
    card = page.locator("#note-card")
    assert card.is_visible() and "by this account" in card.inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#note-card') !== null"), "its links come next"
    page.keyboard.press("Escape")
    assert card.is_hidden()
    assert page.evaluate("document.activeElement.closest('#note-ref-9') !== null")
    assert page.url.endswith(STORM), "the page did not jump"
    assert page.script_errors == []


def test_hovering_a_phrase_previews_its_note_in_a_card_whose_links_can_be_clicked(open_page, base_url):
    page = open_page(base_url + STORM, viewport=WIDE)
    card = page.locator("#note-card")
    phrase(page, 5).hover()
    expect(card).to_be_visible()
    expect(card).to_contain_text("The office’s report is dated 3 November.")
    assert card.get_attribute("role") == "dialog" and card.get_attribute("aria-modal") is None
    assert phrase(page, 5).get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.closest('#note-card') === null"), "a preview takes no focus"
    assert card.evaluate("c => getComputedStyle(c).animationName") == "note-card-in"
    page.mouse.move(5, 5)  # away from the phrase and the card: the preview closes
    expect(card).to_be_hidden()
    assert phrase(page, 5).get_attribute("aria-expanded") == "false"
    phrase(page, 5).hover()
    link = card.locator("a.source-ref").first
    expect(link).to_be_visible()
    link.click()  # the pointer moves from the phrase into the card
    assert page.url.endswith("#src-weather-office-report"), "a link in the preview can be followed"
    assert page.script_errors == []


def test_a_card_for_a_phrase_near_the_bottom_of_the_window_opens_above_it(open_page, base_url):
    page = open_page(base_url + STORM, viewport={"width": 1400, "height": 500}, reduced_motion="reduce")
    control = phrase(page, 9)
    control.evaluate("el => el.scrollIntoView({block: 'end'})")
    control.click()
    card = page.locator("#note-card")
    expect(card).to_be_visible()
    box, card_box = control.bounding_box(), card.bounding_box()
    assert card_box["y"] >= 0 and card_box["y"] + card_box["height"] <= box["y"] + 1, "above the phrase, on screen"
    assert page.script_errors == []


def test_keyboard_focus_on_a_phrase_previews_its_note_tab_reaches_its_links_and_escape_returns(
        open_page, base_url):
    page = open_page(base_url + STORM, viewport=WIDE, reduced_motion="reduce")
    card = page.locator("#note-card")
    tab_to(page, "#note-ref-9 > a.note-link")
    expect(card).to_be_visible()
    expect(card).to_contain_text("by this account")
    assert page.evaluate("document.activeElement.closest('#note-ref-9') !== null"), "focus stays on the phrase"
    assert card.evaluate("c => getComputedStyle(c).animationName") == "none", "no motion when reduced"
    assert page.locator("#sidenote-9").evaluate("s => s.classList.contains('is-active')"), "its margin note too"
    tab_to(page, "#note-card a", limit=4)  # the card comes next in the Tab order
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    assert page.evaluate("document.activeElement.closest('#note-ref-9') !== null"), "focus back on the phrase"
    assert phrase(page, 9).get_attribute("aria-expanded") == "false"
    assert page.script_errors == []


def test_without_javascript_phrases_jump_to_the_note_and_back(open_page, base_url):
    page = open_page(base_url + STORM, viewport=WIDE, java_script_enabled=False)
    phrase(page, 5).click()
    assert page.url.endswith("#note-5")
    assert page.evaluate("document.querySelector(':target').id") == "note-5"
    page.click("#note-5 a.note-back")
    assert page.url.endswith("#note-ref-5")
    target = page.evaluate("document.querySelector(':target').textContent")
    assert target.startswith("The regional\u00a0weather  office said")
    assert page.locator("#note-card, .sidenote").count() == 0


def test_wide_screens_set_notes_in_the_margin_beside_their_phrase(open_page, base_url):
    page = open_page(base_url + STORM, viewport=WIDE)
    prose = page.locator(".prose").bounding_box()
    for number in (5, 8, 9):
        side = page.locator(f"#sidenote-{number}")
        assert side.is_visible()
        box = side.bounding_box()
        assert box["x"] >= prose["x"] + prose["width"], f"side note {number} is in the margin"
        assert box["x"] + box["width"] <= WIDE["width"]
        assert side.get_attribute("aria-hidden") == "true", "the card and the list are the accessible path"
    assert "Limited to the harbour" in page.locator("#sidenote-9").inner_text()


def test_phone_width_opens_the_note_below_its_paragraph(open_page, base_url):
    page = open_page(base_url + STORM, viewport=PHONE)
    side = page.locator("#sidenote-5")
    assert side.is_hidden()
    tab_to(page, "#note-ref-5 > a.note-link")
    control = phrase(page, 5)
    assert control.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert control.get_attribute("aria-expanded") == "true"
    assert control.get_attribute("aria-controls") == "sidenote-5"
    assert side.is_visible() and side.get_attribute("aria-hidden") is None
    assert "The office’s report is dated 3 November." in side.inner_text()
    paragraph = page.locator("p:has(#note-ref-5)").bounding_box()
    box = side.bounding_box()
    assert box["y"] >= paragraph["y"] + paragraph["height"], "below the paragraph, not mid-sentence"
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "inside the column"
    assert page.locator("#note-card").count() == 0 or page.locator("#note-card").is_hidden()
    page.keyboard.press(" ")
    assert control.get_attribute("aria-expanded") == "false"
    assert side.is_hidden() and side.get_attribute("aria-hidden") == "true"
    control.click()
    assert side.is_visible()
    page.keyboard.press("Escape")
    assert side.is_hidden()
    assert page.script_errors == []


@pytest.mark.parametrize("path", [STORM, CITED, "sources/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_note_pages_pass_axe(open_page, base_url, axe_available, path, scheme, viewport):  # noqa: F811
    page = open_page(base_url + path, viewport=viewport, color_scheme=scheme)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    if path == STORM:  # and with a note open: the card, or the note below its paragraph
        phrase(page, 5).click()
        # the card fades in (0.12 s): its colours are checked once shown, however loaded the machine
        page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")
        violations = run_axe(page)
        assert not violations, format_violations(violations)


# --- the showcase: its 27 notes on a real article --------------------------------------------

@pytest.fixture(scope="module")
def showcase_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("showcase-notes") / "public"
    result = run_cli("build", str(ROOT), "--out", str(out), "--base-url", "/repo/")
    assert result.returncode == 0, result.stderr
    with serve_directory(out, "/repo/") as url:
        yield url + "articles/maduro-defies-trump/"


MARGIN_LAYOUT = """() => {
  const line = parseFloat(getComputedStyle(document.querySelector('.prose p')).lineHeight);
  return {line, notes: [...document.querySelectorAll('.sidenote')].map(side => {
    const phrase = document.getElementById('note-ref-' + side.id.replace('sidenote-', ''));
    const box = side.getBoundingClientRect();
    return {id: side.id, top: box.top, bottom: box.bottom, left: box.left, right: box.right,
            phrase: phrase.getClientRects()[0].top};
  })};
}"""


def test_showcase_margin_notes_stay_within_a_line_of_their_phrase_and_never_overlap(open_page, showcase_url):
    page = open_page(showcase_url, viewport={"width": 1280, "height": 900})
    layout = page.evaluate(MARGIN_LAYOUT)
    notes = layout["notes"]
    assert len(notes) >= 12
    for note in notes:
        assert abs(note["top"] - note["phrase"]) <= layout["line"], f"{note['id']} is more than a line away"
    for above, below in zip(notes, notes[1:]):
        assert above["bottom"] <= below["top"] + 0.5, f"{above['id']} overlaps {below['id']}"
    # a crowded note shows its first lines; a click opens it in full, in place, and the notes still keep apart
    clamped = page.locator(".sidenote.is-clamped").first
    number = clamped.get_attribute("id")
    full = clamped.evaluate("el => el.scrollHeight")
    clamped.click(position={"x": 5, "y": 5})
    opened = page.locator(f"#{number}")
    assert opened.evaluate("el => el.getBoundingClientRect().height") >= full - 1, "readable in full"
    layout = page.evaluate(MARGIN_LAYOUT)
    for note in layout["notes"]:
        assert abs(note["top"] - note["phrase"]) <= layout["line"], f"{note['id']} drifted when one opened"
    for above, below in zip(layout["notes"], layout["notes"][1:]):
        assert above["bottom"] <= below["top"] + 0.5, f"{above['id']} overlaps {below['id']}"
    assert page.script_errors == []


def test_showcase_note_controls_are_at_least_24_px_and_marks_are_quiet(open_page, showcase_url):
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        page = open_page(showcase_url, viewport=viewport)
        sizes = page.evaluate("""() => [...document.querySelectorAll('a.note-link')]
            .filter(a => a.getClientRects().length && !a.closest('.sidenote, .note-card'))
            .map(a => [...a.getClientRects()].map(r => [Math.min(r.width, 24), r.height]))
            .map(rects => [Math.max(...rects.map(r => r[0])), Math.max(...rects.map(r => r[1]))])""")
        assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
        painted = page.evaluate("""() => [...document.querySelectorAll('mark.noted, mark.noted > a')]
            .filter(el => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)').length""")
        assert painted == 0, "no background on a phrase at rest"
        phrase(page, 4).hover()
        assert phrase(page, 4).evaluate("a => getComputedStyle(a).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_showcase_margin_note_shows_in_full_while_its_phrase_has_focus_without_moving_the_others(
        open_page, showcase_url):
    page = open_page(showcase_url, viewport={"width": 1280, "height": 900})
    clamped = page.locator(".sidenote.is-clamped").first
    number = int(clamped.get_attribute("id").removeprefix("sidenote-"))
    where = """() => [...document.querySelectorAll('.sidenote, mark.noted')]
        .map(el => [el.id, el.getBoundingClientRect().top + window.scrollY])"""
    before = page.evaluate(where)
    assert clamped.evaluate("el => el.scrollHeight > el.clientHeight + 1"), "cut while at rest"
    phrase(page, number).focus()
    expect(clamped).to_have_class(re.compile(r"\bis-peek\b"))
    assert clamped.evaluate("el => el.scrollHeight <= el.clientHeight + 1"), "readable in full"
    assert page.evaluate(where) == before, "the text and the other notes stay where they were"
    page.keyboard.press("Tab")
    expect(clamped).not_to_have_class(re.compile(r"\bis-peek\b"))
    assert page.script_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_showcase_article_passes_axe_with_a_note_open(open_page, showcase_url, axe_available,  # noqa: F811
                                                      scheme, width):
    page = open_page(showcase_url, viewport={"width": width, "height": 900}, color_scheme=scheme)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    phrase(page, 4).hover() if width > 1200 else phrase(page, 4).click()
    expect(page.locator("#note-card" if width > 1200 else "#sidenote-4")).to_be_visible()
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished))")  # the card's fade-in
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.parametrize("width", [390, 1280])
def test_showcase_sources_page_lands_on_a_linked_entry(open_page, showcase_url, width):
    """Entries off screen are laid out only as they come near; a link to one still lands on it."""
    sources = showcase_url.split("articles/")[0] + "sources/"
    page = open_page(sources, viewport={"width": width, "height": 800}, reduced_motion="reduce")
    ids = page.eval_on_selector_all(".source-entry", "entries => entries.map(e => e.id)")
    assert len(ids) > 50
    top = "id => document.getElementById(id).getBoundingClientRect().top"
    for key in ids[2::7]:
        page.goto("about:blank")  # a fresh load of the page, not a move within it
        page.goto(sources + "#" + key)
        page.wait_for_load_state("load")
        assert 0 <= page.evaluate(top, key) <= 20, key
    page.goto(sources)
    kind = page.locator(".source-kinds a").last
    target = kind.get_attribute("href").removeprefix("#")
    kind.click()
    assert abs(page.evaluate(top, target)) <= 2, target
    assert page.script_errors == []


def test_note_pages_are_valid_html(site, html_checker):  # noqa: F811
    files = [site / STORM / "index.html", site / CITED / "index.html", site / "sources/index.html",
             site / "about/index.html"]
    errors = html_checker(files)
    assert not errors, format_errors(errors)
