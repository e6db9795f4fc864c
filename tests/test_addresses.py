"""Stable addresses: old URLs lead to the page (aliases), and a URL that disappears is told.

A headline edit moves a page (its URL comes from the title); the build that publishes it
warns with the old and the new address and the alias line that keeps the old one working.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CliResult, build_site, copy_fixture, edit, run_cli

FIXTURE = "pictures-site"
CROWD = "https://example.com/news/articles/a-crowd-at-the-palace/"


def built_ok(site: Path, *extra: str) -> CliResult:
    result = build_site(site, *extra)
    assert result.code == 0, result.stderr
    return result


def warnings(result: CliResult) -> list[str]:
    """The warnings about addresses (other features may warn about other things)."""
    return [line for line in result.stderr.splitlines()
            if ": warning: " in line and "that the last build published is gone" in line]


def test_an_alias_leaves_a_redirect_page_at_the_old_address(tmp_path: Path) -> None:
    result = built_ok(copy_fixture(FIXTURE, tmp_path))
    page = result.html("articles/old-crowd/index.html")
    assert f'<link rel="canonical" href="{CROWD}">' in page
    assert f'<meta http-equiv="refresh" content="0; url={CROWD}">' in page
    assert f'<a href="{CROWD}">A crowd at the palace</a>' in page  # for a browser that does not follow it
    assert '<meta name="robots" content="noindex">' in page and '<html lang="en">' in page
    # written with the site's base path (/news/) and as a .html file: the same site-relative file
    assert f'url={CROWD}"' in result.html("2025/crowd.html")
    seed = result.html("articles/storm/index.html")  # a seed article's alias, from its sidecar
    assert 'url=https://example.com/news/articles/storm-hits-the-coast/"' in seed
    assert "old-crowd" not in result.html("sitemap.xml")


def test_a_redirect_page_speaks_the_pages_language(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "site.yaml", "language: en", "language: es")
    page = built_ok(site).html("articles/old-crowd/index.html")
    assert '<html lang="es">' in page and "<title>Página trasladada: A crowd at the palace</title>" in page
    assert f'Esta página ha cambiado de dirección: <a href="{CROWD}">A crowd at the palace</a>.' in page


ALIAS_SLIPS = {
    # name: (aliases line, column of the bad alias, words of the message)
    "another page's address": ("aliases: [/about/]", 11, "is the address of another page"),
    "the page's own address": ("aliases: [/articles/a-plain-article-without-pictures/]", 11,
                               "is this page's own address"),
    "a full address": ("aliases: ['https://other.example/a/']", 11, "is a full address"),
    "a path that climbs out": ("aliases: [/articles/../../etc/]", 11, "leaves the site's folder"),
    "another alias's address": ("aliases: [/articles/old-crowd/]", 11, "is given twice"),
    "the home page": ("aliases: [/]", 11, "is the home page's address"),
}


@pytest.mark.parametrize("name", ALIAS_SLIPS)
def test_an_alias_that_cannot_be_written_is_an_error_at_its_place(name: str, tmp_path: Path) -> None:
    line, col, words = ALIAS_SLIPS[name]
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "content/articles/plain.md", "date: 2025-10-01\n", f"date: 2025-10-01\n{line}\n")
    public = site / "public"
    result = build_site(site)
    assert result.code == 1, result.stdout
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"content/articles/plain.md:4:{col}: error: the alias") and words in errors[0]
    assert not public.exists() or not any(public.rglob("etc"))


def test_a_headline_edit_warns_with_the_old_and_new_address_and_the_alias_to_add(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    assert warnings(built_ok(site)) == []
    edit(site, "content/articles/plain.md", "title: A plain article without pictures", "title: Only words")
    moved = built_ok(site)
    told = warnings(moved)
    assert told == ["content/articles/plain.md:1:1: warning: the address /news/articles/a-plain-article-without-"
                    "pictures/ that the last build published is gone: content/articles/plain.md is now at "
                    "/news/articles/only-words/"], moved.stderr
    assert "hint: to keep old links working, add to content/articles/plain.md: " \
           "aliases: [/articles/a-plain-article-without-pictures/]" in moved.stderr
    assert warnings(built_ok(site)) == told  # a build with nothing to do tells it again

    edit(site, "content/articles/plain.md", "title: Only words\n",
         "title: Only words\naliases: [/articles/a-plain-article-without-pictures/]\n")
    fixed = built_ok(site)
    assert warnings(fixed) == []
    assert "/news/articles/only-words/" in fixed.html("articles/a-plain-article-without-pictures/index.html")


def test_a_seed_article_that_moves_is_told_at_its_sidecar(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    built_ok(site)
    edit(site, "content/articles/storm.yaml", "slug: storm-hits-the-coast", "slug: coastal-storm")
    told = warnings(built_ok(site))
    assert len(told) == 1 and told[0].startswith("content/articles/storm.yaml:1:1: warning: the address "
                                                 "/news/articles/storm-hits-the-coast/")
    assert told[0].endswith("is now at /news/articles/coastal-storm/")


def test_a_deleted_page_is_told_and_a_check_does_not_forget_the_old_addresses(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    built_ok(site)
    (site / "content/pages/about.md").unlink()
    check = run_cli("check", str(site))
    assert check.returncode == 0, check.stderr
    told = re.compile(r"content/pages/about\.md:1:1: warning: the address /news/about/ that the last build "
                      r"published is gone \(content/pages/about\.md is no longer published\)")
    assert told.search(check.stderr), check.stderr
    again = built_ok(site)  # check wrote nothing: the build still compares with the last build's addresses
    assert told.search(again.stderr), again.stderr
