"""Launch Debian's chromium headless through the PyPI `playwright` package.

Playwright cannot download its own browsers here, so it drives
/usr/bin/chromium via `executable_path`. `playwright` is imported lazily so
that importing this module never breaks a test run that lacks it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from tests.support.tools import chromium_path

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

# --no-sandbox: CI runs as root. The background-networking flags keep chromium
# from calling home on a network that only reaches package registries.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def launch_chromium(playwright: Playwright, **launch_kwargs: Any) -> Browser:
    """Launch headless Debian chromium; extra `args` are appended to CHROMIUM_ARGS."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("chromium not found; run scripts/install-test-tools.sh")
    args = [*CHROMIUM_ARGS, *launch_kwargs.pop("args", [])]
    launch_kwargs.setdefault("headless", True)
    return playwright.chromium.launch(executable_path=str(path), args=args, **launch_kwargs)


@contextmanager
def open_browser(**launch_kwargs: Any) -> Iterator[Browser]:
    """Start playwright and chromium; yield the Browser and close both afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, **launch_kwargs)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_page(browser: Browser | None = None, **context_kwargs: Any) -> Iterator[Page]:
    """Yield a Page in a fresh context (of `browser`, or of a browser started here).

    `context_kwargs` go to Browser.new_context (e.g. viewport, bypass_csp,
    java_script_enabled, reduced_motion).
    """
    if browser is None:
        with open_browser() as own_browser, chromium_page(own_browser, **context_kwargs) as page:
            yield page
        return
    context = browser.new_context(**context_kwargs)
    try:
        yield context.new_page()
    finally:
        context.close()
