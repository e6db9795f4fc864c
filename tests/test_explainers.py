"""Several explainers in one site: content/explainers/NAME/ with its articles, timelines and sources.

With two explainers the home page is their hub (a card each, then the newest articles of all);
each explainer has a front page at NAME/ like the home page of a one-explainer site; its
articles say what they are part of, and its front page leads to the other explainers. With one
explainer folder the home page stays as it was. Mistakes are told at their place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CliResult, build_site, copy_fixture, edit, run_cli
from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import axe_available, browser_page, browser_session, html_checker, serve_site  # noqa: F401
from tests.test_timelines import parse, squash

FIXTURE = "two-explainers"
VENEZUELA = "content/explainers/venezuela"
STORMS = "content/explainers/storms"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """The two-explainer fixture, built once for the module."""
    result = build_site(copy_fixture(FIXTURE, tmp_path_factory.mktemp("explainers")))
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    return result


def built(tmp_path: Path, change=None) -> CliResult:  # type: ignore[no-untyped-def]
    folder = copy_fixture(FIXTURE, tmp_path)
    if change is not None:
        change(folder)
    return build_site(folder)


def line_of(path: Path, start: str) -> int:
    """The 1-based number of the first line of `path` that starts with `start`."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


# --- the hub ---------------------------------------------------------------------------------------

def test_the_home_page_is_a_hub_with_a_card_for_each_explainer(site: CliResult) -> None:
    page = parse(site.html("index.html"))
    assert [h.text() for h in page.find_all("h1")] == ["Two explainers"]
    assert [h.text() for h in page.find_all("h2")] == ["Explainers", "Latest articles"]
    cards = page.find("ul", class_="explainer-cards").find_all("li")
    assert [card.find("h3").find("a").attrs["href"] for card in cards] == ["/repo/storms/", "/repo/venezuela/"]
    storms, venezuela = (squash(card.text()) for card in cards)
    assert storms == ("The November storm How the storm reached the coast, and what the reports said. "
                      "1 article 2025 Latest: Storm hits the coast: officials say the damage is limited")
    assert venezuela == ("Washington and Caracas The main US measures on Venezuela since the 2015 national "
                         "emergency. 3 articles 2015–2020 Latest: US charges Maduro with narco-terrorism")
    latest = [a.attrs["href"] for card in cards for a in card.find_all("a")][1::2]
    assert latest == ["/repo/articles/storm-hits-the-coast/", "/repo/articles/us-charges-maduro-with-narco-terrorism/"]


def test_the_hub_then_lists_the_newest_articles_of_the_whole_site(site: CliResult) -> None:
    page = parse(site.html("index.html"))
    listed = page.find_all("ul", class_="article-list")[1]
    assert [h.find("a").attrs["href"] for h in listed.find_all("h3")] == [  # per_page: 2, newest first
        "/repo/articles/storm-hits-the-coast/", "/repo/articles/us-charges-maduro-with-narco-terrorism/"]
    assert page.find("p", class_="more-articles").find("a").attrs["href"] == "/repo/articles/"
    assert len(parse(site.html("articles/index.html")).find("ul", class_="article-list").find_all("li")) == 2


# --- each explainer's front page -----------------------------------------------------------------

def test_each_explainer_has_a_front_page_like_the_home_page_of_one(site: CliResult) -> None:
    page = parse(site.html("venezuela/index.html"))
    assert [h.text() for h in page.find_all("h1")] == ["Washington and Caracas"]
    headings = [h.text() for h in page.find_all("h2")]
    assert headings == ["What to know", "Key dates", "Washington and Caracas, 2015–2020", "Articles",
                        "Other explainers"]
    know = page.find("section", class_="home-know")
    assert [a.attrs["href"] for a in know.find_all("a")] == [
        "/repo/timelines/venezuela/#eo-13692", "/repo/timelines/venezuela/#maduro-sanctioned",
        "/repo/timelines/venezuela/#guaido-recognized"]
    dates = page.find("ol", class_="key-dates")  # the major events of its own timeline
    assert [a.attrs["href"] for a in dates.find_all("a")] == [
        "/repo/timelines/venezuela/#eo-13692", "/repo/timelines/venezuela/#maduro-sanctioned",
        "/repo/timelines/venezuela/#guaido-recognized"]
    assert page.find("section", class_="home-timeline").find("a").attrs["href"] == "/repo/timelines/venezuela/"
    articles = page.find_all("ul", class_="article-list")[0]
    assert [h.find("a").attrs["href"] for h in articles.find_all("h3")] == [
        "/repo/articles/us-charges-maduro-with-narco-terrorism/", "/repo/articles/the-us-recognises-guaido/"]
    assert page.find("p", class_="more-articles").find("a").attrs["href"] == "/repo/venezuela/articles/"
    full = parse(site.html("venezuela/articles/index.html")).find("ul", class_="article-list")
    assert len(full.find_all("li")) == 2 and (site.out / "venezuela/articles/page/2/index.html").is_file()
    assert '<link rel="canonical" href="https://example.github.io/repo/venezuela/">' in site.html("venezuela/index.html")


def test_the_list_of_an_explainers_articles_names_it_and_leads_back(site: CliResult) -> None:
    page = parse(site.html("venezuela/articles/index.html"))
    heading = page.find("h1")
    assert squash(heading.text()) == "Articles: Washington and Caracas"
    assert heading.find("a").attrs["href"] == "/repo/venezuela/"
    assert "<title>Articles: Washington and Caracas · Two explainers</title>" in site.html("venezuela/articles/index.html")
    assert squash(parse(site.html("articles/index.html")).find("h1").text()) == "Articles"


def test_the_other_explainer_shows_only_its_own_articles_and_timeline(site: CliResult) -> None:
    page = parse(site.html("storms/index.html"))
    assert [h.text() for h in page.find_all("h1")] == ["The November storm"]
    assert [a.attrs["href"] for a in page.find("ol", class_="key-dates").find_all("a")] == [
        "/repo/timelines/storms/#storm-landfall", "/repo/timelines/storms/#port-reopens"]
    articles = page.find_all("ul", class_="article-list")[0]
    assert [h.find("a").attrs["href"] for h in articles.find_all("h3")] == ["/repo/articles/storm-hits-the-coast/"]
    assert not page.find_all("p", class_="more-articles")
    assert not (site.out / "storms/articles").exists()


def test_front_pages_lead_to_the_other_explainers(site: CliResult) -> None:
    for path, other, title in (("venezuela/index.html", "/repo/storms/", "The November storm"),
                               ("storms/index.html", "/repo/venezuela/", "Washington and Caracas")):
        links = parse(site.html(path)).find("ul", class_="explainer-links").find_all("a")
        assert [(a.attrs["href"], a.text()) for a in links] == [(other, title)]


def test_an_explainers_article_says_what_it_is_part_of(site: CliResult) -> None:
    for slug, href, title in (("storm-hits-the-coast", "/repo/storms/", "The November storm"),
                              ("the-us-recognises-guaido", "/repo/venezuela/", "Washington and Caracas"),
                              ("treasury-sanctions-maduro-personally", "/repo/venezuela/", "Washington and Caracas")):
        part = parse(site.html(f"articles/{slug}/index.html")).find("p", class_="part-of")
        assert squash(part.text()) == f"Part of: {title}"
        assert part.find("a").attrs["href"] == href


def test_timelines_and_sources_of_all_explainers_share_the_sites_pages(site: CliResult) -> None:
    assert (site.out / "timelines/venezuela/index.html").is_file() and (site.out / "timelines/storms/index.html").is_file()
    sources = site.html("sources/index.html")
    assert 'id="politico-2019-trump-recognizes-guaido"' in sources and 'id="reuters-storm"' in sources
    sitemap = site.html("sitemap.xml")
    assert "https://example.github.io/repo/venezuela/" in sitemap and "https://example.github.io/repo/storms/" in sitemap


def test_check_tells_what_an_explainers_seed_article_leaves_out(tmp_path: Path) -> None:
    proc = run_cli("check", str(copy_fixture(FIXTURE, tmp_path)))
    assert proc.returncode == 0, proc.stderr
    assert (f'{STORMS}/articles/storm.txt:1: left out: page text before the article: "Example Times"'
            in proc.stdout)


# --- one explainer -----------------------------------------------------------------------------------

def test_with_one_explainer_the_home_page_stays_the_front_page_with_its_summary(tmp_path: Path) -> None:
    result = built(tmp_path, lambda folder: shutil.rmtree(folder / STORMS))
    assert result.code == 0, result.stderr
    page = parse(result.html("index.html"))
    assert not page.find_all("ul", class_="explainer-cards")
    assert [h.text() for h in page.find_all("h2")][:4] == [
        "What to know", "Key dates", "Washington and Caracas, 2015–2020", "Articles"]
    assert "recognition of Juan Guaidó" in page.find("section", class_="home-know").text()
    article = parse(result.html("articles/the-us-recognises-guaido/index.html"))
    assert not article.find_all("p", class_="part-of")  # the whole site is that explainer
    assert not (result.out / "venezuela").exists()  # no second front page: the home page is its front page


# --- mistakes -----------------------------------------------------------------------------------------

def test_a_name_the_site_uses_itself_is_refused_at_the_folder(tmp_path: Path) -> None:
    result = built(tmp_path, lambda folder: (folder / STORMS).rename(folder / "content/explainers/tags"))
    assert result.code == 1
    assert ("content/explainers/tags:1:1: error: 'tags' cannot be an explainer's name: the site's own pages "
            "use the address tags/") in result.stderr
    assert "rename the folder, for example to tags-explained" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_source_key_defined_in_two_explainers_is_told_with_both_places(tmp_path: Path) -> None:
    def twice(folder: Path) -> None:
        registry = folder / STORMS / "sources.yaml"
        registry.write_text(registry.read_text(encoding="utf-8") + "\npolitico-2019-trump-recognizes-guaido:\n"
                            "  publisher: Politico\n  url: https://www.politico.com/\n", encoding="utf-8")

    result = built(tmp_path, twice)
    assert result.code == 1
    first = line_of(result.site / STORMS / "sources.yaml", "politico-2019-trump-recognizes-guaido:")
    second = line_of(result.site / VENEZUELA / "sources.yaml", "politico-2019-trump-recognizes-guaido:")
    assert (f"{VENEZUELA}/sources.yaml:{second}:1: error: the source key 'politico-2019-trump-recognizes-guaido' "
            f"is also defined at {STORMS}/sources.yaml:{first}:1") in result.stderr


def test_an_unknown_key_in_explainer_yaml_is_told_at_its_line(tmp_path: Path) -> None:
    result = built(tmp_path, lambda folder: edit(folder, f"{STORMS}/explainer.yaml", "summary: |",
                                                 "sumary: |"))
    assert result.code == 1
    assert f"{STORMS}/explainer.yaml:3:1: error:" in result.stderr
    assert "did you mean 'summary'?" in result.stderr


def test_a_link_in_an_explainers_summary_is_checked_at_its_place(tmp_path: Path) -> None:
    result = built(tmp_path, lambda folder: edit(folder, f"{STORMS}/explainer.yaml", "five days later.",
                                                 "five days later ([the report](/articles/no-such-report/))."))
    assert result.code == 1
    assert (f"{STORMS}/explainer.yaml:5:78: error: the link '/articles/no-such-report/' leads to no page or file "
            "of the site") in result.stderr


def test_an_alias_of_an_explainer_that_cannot_be_written_is_an_error_at_its_place(tmp_path: Path) -> None:
    def aliases(folder: Path) -> None:
        path = folder / STORMS / "explainer.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "aliases: [/old-storm/, /venezuela/]\n", encoding="utf-8")

    result = built(tmp_path, aliases)
    assert result.code == 1
    line = line_of(result.site / STORMS / "explainer.yaml", "aliases:")
    assert (f"{STORMS}/explainer.yaml:{line}:24: error: the alias '/venezuela/' is the address of another page "
            "of the site (/venezuela/)") in result.stderr
    assert "old-storm" not in result.stderr


def test_an_explainer_without_explainer_yaml_is_told(tmp_path: Path) -> None:
    result = built(tmp_path, lambda folder: (folder / STORMS / "explainer.yaml").unlink())
    assert result.code == 1
    assert f"{STORMS}:1:1: error: the explainer folder 'storms' has no explainer.yaml" in result.stderr


def test_a_page_at_an_explainers_address_is_told(tmp_path: Path) -> None:
    def page(folder: Path) -> None:
        (folder / "content/pages").mkdir()
        (folder / "content/pages/storms.md").write_text("---\ntitle: Storms\n---\nAbout storms.\n", encoding="utf-8")

    result = built(tmp_path, page)
    assert result.code == 1
    assert ("content/pages/storms.md:1:1: error: the page slug 'storms' is the address of the explainer "
            f"{STORMS}/explainer.yaml") in result.stderr


def test_a_timeline_name_is_unique_across_explainers(tmp_path: Path) -> None:
    result = built(tmp_path, lambda folder: shutil.copy(folder / STORMS / "timelines/storms.yaml",
                                                        folder / VENEZUELA / "timelines/storms.yaml"))
    assert result.code == 1
    assert f"would both be the timeline 'storms'" in result.stderr


# --- valid and accessible ---------------------------------------------------------------------------

def test_the_hub_and_a_front_page_are_valid_html(site: CliResult, html_checker) -> None:  # noqa: F811
    errors = html_checker([site.out / "index.html", site.out / "venezuela/index.html",
                           site.out / "articles/storm-hits-the-coast/index.html"])
    assert not errors, errors


@pytest.mark.parametrize("path", ["", "venezuela/", "articles/the-us-recognises-guaido/"])
def test_the_hub_and_a_front_page_pass_axe(site: CliResult, browser_page, serve_site, axe_available,  # noqa: F811
                                           path: str) -> None:
    browser_page.goto(serve_site(site.out, "/repo/") + path)
    violations = run_axe(browser_page)
    assert not violations, format_violations(violations)
