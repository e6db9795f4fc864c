"""pytest fixtures for the test tools; a conftest imports them with
`from tests.support.fixtures import *`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.browser import open_browser
from tests.support.static_server import serve_directory
from tests.support.tools import (
    axe_js_path,
    chromium_path,
    java_path,
    playwright_installed,
    require,
    vnu_jar_path,
)
from tests.support.vnu import check_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["browser_session", "browser_page", "serve_site", "html_checker", "axe_available"]


_SHARED: dict[str, Any] = {}
"""The one browser of this test process, however many modules import the fixture."""


def _shared_browser() -> Browser:
    if "browser" not in _SHARED:
        stack = ExitStack()
        _SHARED["browser"] = stack.enter_context(open_browser())
        _SHARED["stack"] = stack
    return _SHARED["browser"]


def _close_shared_browser() -> None:
    stack = _SHARED.pop("stack", None)
    _SHARED.pop("browser", None)
    if stack is not None:
        stack.close()


@pytest.fixture(scope="session")
def browser_session() -> Iterator[Browser]:
    """One headless Debian chromium shared by the whole test session.

    Playwright's sync API allows one instance per thread, so every module that imports
    this fixture gets the same browser; it is closed once, at the end of the session.
    """
    require("playwright (pip package)", playwright_installed())
    require("chromium", chromium_path() is not None)
    yield _shared_browser()
    _close_shared_browser()


@pytest.fixture
def browser_page(browser_session: Browser) -> Iterator[Page]:
    """A fresh page in its own browser context (closed after the test)."""
    context = browser_session.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def serve_site() -> Iterator[Callable[..., str]]:
    """A function serve_site(root, base_path="/") -> base URL; servers stop after the test."""
    with ExitStack() as stack:

        def serve(root: Path, base_path: str = "/") -> str:
            return stack.enter_context(serve_directory(root, base_path))

        yield serve


@pytest.fixture
def html_checker() -> Callable[..., list[dict[str, Any]]]:
    """vnu's check_html, after skipping (or failing under CI) when java/vnu.jar are absent."""
    require("java", java_path() is not None)
    require("vnu.jar (tests/node)", vnu_jar_path() is not None)
    return check_html


@pytest.fixture
def axe_available() -> None:
    """Skip (or fail under CI) when axe-core is not installed in tests/node."""
    require("axe-core (tests/node)", axe_js_path() is not None)
