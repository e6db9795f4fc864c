"""The live preview in a real browser: Debian's chromium, headless, on loopback.

An editor's day: open an article, save the Markdown, see it; save again at once, see that
too; break the YAML, see the overlay; fix it, see the overlay go. Stylesheets change in
place, the pages' CSP (script-src 'self', connect-src 'self') lets the client work.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from builder.render import THEME_DIR
from tests.conftest import ROOT, copy_fixture, edit
from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import axe_available, browser_page, browser_session  # noqa: F401
from tests.test_server import ARTICLE, ARTICLE_URL, FIXTURE, Running, running

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

TIMEOUT_MS = 15_000


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Running]:
    site = copy_fixture(FIXTURE, tmp_path)
    with running(site) as server:
        yield server


def open_watched(page: Page, server: Running, path: str = ARTICLE_URL) -> list[str]:
    """Open a page of the preview; return the list the console's CSP complaints go to."""
    complaints: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            complaints.append(message.text)

    page.on("console", on_console)
    page.goto(server.origin + server.base + path)
    page.wait_for_function("() => window.explainerPreview && window.explainerPreview.connected", timeout=TIMEOUT_MS)
    return complaints


def test_an_editors_day_in_the_browser(preview: Running, browser_page: Page) -> None:
    from playwright.sync_api import expect

    page = browser_page
    complaints = open_watched(page, preview)
    main = page.locator("main")
    expect(main).to_contain_text("ORIGINAL-TEXT")

    edit(preview.site, ARTICLE, "ORIGINAL-TEXT", "FIRST-SAVE")
    expect(main).to_contain_text("FIRST-SAVE", timeout=TIMEOUT_MS)
    edit(preview.site, ARTICLE, "FIRST-SAVE", "SECOND-SAVE")  # well within a second
    expect(main).to_contain_text("SECOND-SAVE", timeout=TIMEOUT_MS)

    good_yaml = (preview.site / "site.yaml").read_text(encoding="utf-8")
    (preview.site / "site.yaml").write_text(good_yaml + "nav: [unclosed\n", encoding="utf-8")
    overlay = page.get_by_role("alertdialog")
    expect(overlay).to_be_visible(timeout=TIMEOUT_MS)
    expect(overlay).to_contain_text(re.compile(r"site\.yaml:\d+:\d+: error: "))
    expect(page.get_by_role("button", name="Close")).to_be_focused()
    expect(main).to_contain_text("SECOND-SAVE")  # the last good build is still there

    page.reload()  # a page loaded while the build is broken shows the overlay too
    expect(page.get_by_role("alertdialog")).to_be_visible(timeout=TIMEOUT_MS)

    (preview.site / "site.yaml").write_text(good_yaml, encoding="utf-8")
    expect(page.get_by_role("alertdialog")).to_have_count(0, timeout=TIMEOUT_MS)
    expect(main).to_contain_text("SECOND-SAVE")
    assert complaints == [], "the pages' CSP blocked the preview client:\n" + "\n".join(complaints)


def test_a_stylesheet_change_applies_without_reloading(preview: Running, browser_page: Page) -> None:
    page = browser_page
    open_watched(page, preview)
    page.evaluate("() => { window.__sameDocument = true; }")
    static = preview.site / "templates" / "static"
    static.mkdir(parents=True)
    css = (THEME_DIR / "static" / "style.css").read_text(encoding="utf-8")
    (static / "style.css").write_text(css + "\nmain { border-top: 7px solid rgb(1, 2, 3); }\n")
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('main')).borderTopWidth === '7px'",
        timeout=TIMEOUT_MS,
    )
    assert page.evaluate("() => window.__sameDocument === true"), "the page was reloaded"
    hrefs = page.eval_on_selector_all('link[rel~="stylesheet"]', "els => els.map(e => e.href)")
    assert len([h for h in hrefs if "/static/style." in h]) == 1, hrefs


def test_the_overlay_is_accessible(preview: Running, browser_session: Browser,
                                   axe_available: None) -> None:
    from playwright.sync_api import expect

    edit(preview.site, ARTICLE, "date: 2025-10-12", "date: 2025-10-99")
    preview.wait_line(r"error: still serving|errors?: still serving", stream="err")
    for motion, animation in (("reduce", "none"), ("no-preference", "explainer-dev-fade")):
        context = browser_session.new_context(reduced_motion=motion)
        try:
            page = context.new_page()
            open_watched(page, preview)
            overlay = page.get_by_role("alertdialog", name=re.compile("The site did not build"))
            expect(overlay).to_be_visible()
            expect(overlay).to_contain_text("content/articles/first.md:3:")
            expect(overlay).to_contain_text("hint: ")
            name = page.eval_on_selector("#explainer-dev-overlay", "e => getComputedStyle(e).animationName")
            assert name == animation
            if motion == "reduce":
                violations = [v for v in run_axe(page)
                              if any("explainer-dev" in node for node in v["nodes"])]
                assert violations == [], format_violations(violations)
                close = page.get_by_role("button", name="Close")
                expect(close).to_be_focused()
                page.keyboard.press("Escape")
                expect(overlay).to_have_count(0)
        finally:
            context.close()


def test_a_page_left_open_across_a_restart_says_so_then_catches_up(tmp_path: Path,
                                                                   browser_page: Page) -> None:
    from playwright.sync_api import expect

    site = copy_fixture(FIXTURE, tmp_path)
    port = free_port()
    page = browser_page
    with running(site, port=port) as server:
        open_watched(page, server)
        assert server.stop() == 0
    expect(page.get_by_role("status")).to_contain_text("not running", timeout=TIMEOUT_MS)
    edit(site, ARTICLE, "ORIGINAL-TEXT", "SAVED-WHILE-STOPPED")
    with running(site, port=port):
        expect(page.locator("main")).to_contain_text("SAVED-WHILE-STOPPED", timeout=TIMEOUT_MS)
        expect(page.get_by_role("status")).to_have_count(0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_latency_benchmark_runs(tmp_path: Path, browser_session: Browser) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "reload_latency.py"), "--articles", "20", "--runs", "3"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^20 articles: save to new page served \(reload sent\): median \d+ ms, p90 \d+ ms; "
                     r"save to reload finished in the browser: median \d+ ms, p90 \d+ ms "
                     r"\(3 runs\); build median \d+ ms$", proc.stdout, re.MULTILINE), proc.stdout
