"""Site search: Pagefind's index written after each build, the search page in a real browser
(within the page's security policy), the header's box without JavaScript, `search: false`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import build_site, copy_fixture, run_cli
from tests.support.fixtures import browser_session  # noqa: F401
from tests.support.static_server import serve_directory

ENTRY = "pagefind/pagefind-entry.json"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    result = build_site(copy_fixture("sources-site", tmp_path_factory.mktemp("search")))
    assert result.code == 0, result.stderr
    return result.out


def test_the_build_writes_the_index_the_page_and_the_records(site: Path) -> None:
    assert (site / ENTRY).is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not list((site / "pagefind").glob("pagefind-*ui*")), "Pagefind's own interfaces are not published"
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert 'id="search-q"' in page and "static/search." in page
    assert "'wasm-unsafe-eval'" in page  # the search page's policy lets Pagefind's WebAssembly run
    article = (site / "articles" / "what-the-storm-reports-say" / "index.html").read_text(encoding="utf-8")
    assert "'wasm-unsafe-eval'" not in article  # ... and no other page's
    assert 'class="site-search"' in article and 'name="q"' in article
    records = json.loads((site / "search" / "records.json").read_text(encoding="utf-8"))
    kinds = {(record["type"], record["url"]) for record in records}
    assert ("event", "timeline/#storm-landfall") in kinds
    assert ("source", "sources/#reuters-storm") in kinds


def test_a_word_finds_the_article_the_event_and_the_source(site: Path, browser_session) -> None:  # noqa: F811
    context = browser_session.new_context()
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        with serve_directory(site, "/sub/") as base:
            page.goto(base + "search/?q=storm")
            page.wait_for_selector(".search-result")
            links = page.eval_on_selector_all(".search-result h2 a", "links => links.map(a => a.getAttribute('href'))")
            assert "/sub/articles/what-the-storm-reports-say/" in links
            assert "/sub/timeline/#storm-landfall" in links
            assert "/sub/sources/#reuters-storm" in links
            assert "storm" in page.inner_text("#search-status")

            page.uncheck("input[name=type][value=event]")  # the filter: no events
            # the new results replace the old in one step (no string is evaluated: the page's policy forbids it)
            page.locator("a[href$='#storm-landfall']").wait_for(state="detached")
            page.locator("a[href$='#reuters-storm']").wait_for(state="attached")

            page.click("a[href$='#reuters-storm']")
            page.wait_for_url("**/sub/sources/#reuters-storm")
            page.wait_for_load_state("load")  # before the server stops
            assert problems == []  # no policy violation, no script error
    finally:
        context.close()


def test_the_header_box_leads_to_the_search_page_without_javascript(site: Path, browser_session) -> None:  # noqa: F811
    context = browser_session.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        with serve_directory(site, "/sub/") as base:
            page.goto(base + "articles/what-the-storm-reports-say/")
            page.fill("#site-search-q", "storm")
            page.press("#site-search-q", "Enter")
            page.wait_for_url("**/sub/search/?q=storm")
            assert "needs JavaScript" in page.inner_text("#search-status")
    finally:
        context.close()


def test_a_build_with_nothing_changed_leaves_the_index_alone(tmp_path: Path) -> None:
    result = build_site(copy_fixture("sources-site", tmp_path))
    assert result.code == 0, result.stderr
    entry = result.out / ENTRY
    first = entry.stat().st_mtime_ns
    again = build_site(result.site)
    assert again.code == 0, again.stderr
    assert "(0 files changed)" in again.stdout, again.stdout
    assert entry.stat().st_mtime_ns == first, again.stdout

    article = result.site / "content" / "articles" / "cited.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA hurricane-proof sentence.\n", encoding="utf-8")
    changed = build_site(result.site)
    assert changed.code == 0, changed.stderr
    assert entry.stat().st_mtime_ns != first  # the changed page is searchable as it now reads


def test_without_pagefind_the_build_still_publishes_with_one_warning(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    result = build_site(copy_fixture("sources-site", tmp_path))
    assert result.code == 0, result.stderr
    assert result.stderr.count("the search index was not updated") == 1
    assert (result.out / "index.html").is_file()
    assert not (result.out / "pagefind").exists()


def test_search_false_publishes_no_search(tmp_path: Path) -> None:
    site = copy_fixture("sources-site", tmp_path)
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    out = site / "public"
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    assert 'class="site-search"' not in (out / "index.html").read_text(encoding="utf-8")
