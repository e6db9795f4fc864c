"""A newsroom's site of two explainers, end to end, as readers and editors meet it.

The two-explainers fixture (per_page: 2) built by the real command: the hub, each explainer's
front page, the ways between them from every page, the paginated lists and tag pages, a picture
with its resized copies, a link preview image on every page, an old address that redirects; then
an edited headline, whose next build warns that a published address is gone, with the old and
the new address and the alias that keeps the old one working.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import CliResult, build_site, copy_fixture
from tests.support.fixtures import browser_session  # noqa: F401
from tests.support.static_server import serve_directory
from tests.test_timelines import Node, parse, squash

FIXTURE = "two-explainers"
SITE = "https://example.github.io/repo/"
VENEZUELA = "content/explainers/venezuela"
FRONTS = {"storms": "The November storm", "venezuela": "Washington and Caracas"}
NEWEST_FIRST = ["/repo/articles/storm-hits-the-coast/", "/repo/articles/us-charges-maduro-with-narco-terrorism/",
                "/repo/articles/the-us-recognises-guaido/", "/repo/articles/treasury-sanctions-maduro-personally/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    result = build_site(copy_fixture(FIXTURE, tmp_path_factory.mktemp("newsroom")))
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result


def pages(site: CliResult) -> dict[str, str]:
    """Every page a reader can land on (address -> HTML); not the redirects, which move on at once."""
    found = {}
    for path in sorted(site.out.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in html:
            found["/repo/" + path.relative_to(site.out).as_posix().removesuffix("index.html")] = html
    return found


def hrefs(node: Node) -> list[str]:
    return [a.attrs["href"] for a in node.find_all("a")]


def listed(html: str) -> list[str]:
    """The articles a list page shows, in order."""
    return [h.find("a").attrs["href"] for h in parse(html).find("ul", class_="article-list").find_all("h2")]


# --- the hub and the front pages -----------------------------------------------------------------

def test_the_hub_leads_to_each_front_page_and_every_page_leads_to_the_hub(site: CliResult) -> None:
    hub = parse(site.html("index.html"))
    cards = hub.find("ul", class_="explainer-cards").find_all("h3")
    assert [(h.find("a").attrs["href"], h.text()) for h in cards] == [
        (f"/repo/{name}/", title) for name, title in FRONTS.items()]
    everywhere = pages(site)
    assert len(everywhere) > 15
    for address, html in everywhere.items():  # the site's name in the header: two steps to any explainer
        if address != "/repo/":
            header = parse(html).find("header", class_="site-header")
            assert header.find("a", class_="site-title").attrs["href"] == "/repo/", address


def test_each_front_page_explains_its_own_explainer(site: CliResult) -> None:
    for name, title in FRONTS.items():
        page = parse(site.html(f"{name}/index.html"))
        assert [h.text() for h in page.find_all("h1")] == [title]
        assert page.find("section", class_="home-know").find_all("a")  # what to know, linked to its timeline
        assert all(href.startswith(f"/repo/timelines/{name}/#") for href in hrefs(page.find("ol", class_="key-dates")))
        assert f'<link rel="canonical" href="{SITE}{name}/">' in site.html(f"{name}/index.html")


@pytest.mark.parametrize("address, front", [
    ("articles/storm-hits-the-coast/", "storms"), ("timelines/storms/", "storms"),
    ("articles/the-us-recognises-guaido/", "venezuela"), ("timelines/venezuela/", "venezuela"),
    ("venezuela/articles/", "venezuela"), ("venezuela/articles/page/2/", "venezuela"),
])
def test_an_explainers_pages_lead_back_to_its_front_page(site: CliResult, address: str, front: str) -> None:
    page = parse(site.html(address + "index.html"))
    heading = page.find_all("p", class_="part-of") or page.find_all("h1")
    assert f"/repo/{front}/" in hrefs(heading[0]), address
    assert FRONTS[front] in squash(heading[0].text())


def test_the_explainers_link_to_each_other(site: CliResult) -> None:
    for name, other in (("venezuela", "storms"), ("storms", "venezuela")):
        links = parse(site.html(f"{name}/index.html")).find("ul", class_="explainer-links")
        assert hrefs(links) == [f"/repo/{other}/"]
    know = parse(site.html("storms/index.html")).find("section", class_="home-know")
    assert "/repo/venezuela/" in hrefs(know)  # an explainer's own words link to the other (checked by the build)


def test_on_a_phone_the_header_stays_short_on_every_kind_of_page(site: CliResult, browser_session) -> None:  # noqa: F811
    context = browser_session.new_context(viewport={"width": 390, "height": 844})
    tall = []
    try:
        tab = context.new_page()
        with serve_directory(site.out, "/repo/") as local:
            for address in ("", "venezuela/", "storms/", "articles/storm-hits-the-coast/", "timelines/venezuela/",
                            "venezuela/articles/page/2/", "tags/us-policy/", "sources/", "timelines/"):
                tab.goto(local + address)
                height = tab.locator(".site-header").bounding_box()["height"]
                width = tab.evaluate("document.documentElement.scrollWidth")
                if height > 100 or width > 390:
                    tall.append(f"/{address}: header {height} px tall, page {width} px wide")
    finally:
        context.close()
    assert tall == []


# --- lists ---------------------------------------------------------------------------------------

def test_the_list_of_all_articles_is_cut_into_pages_of_per_page(site: CliResult) -> None:
    first, second = site.html("articles/index.html"), site.html("articles/page/2/index.html")
    assert listed(first) + listed(second) == NEWEST_FIRST
    assert not (site.out / "articles/page/3").exists()
    assert hrefs(parse(first).find("nav", class_="pagination")) == ["/repo/articles/", "/repo/articles/page/2/",
                                                                     "/repo/articles/page/2/"]
    assert '<a href="/repo/articles/page/2/" rel="next">Older</a>' in first
    assert '<a href="/repo/articles/" rel="prev">Newer</a>' in second
    assert f'<link rel="canonical" href="{SITE}articles/page/2/">' in second


def test_each_tag_has_its_list_paged_like_the_rest(site: CliResult) -> None:
    index = parse(site.html("tags/index.html"))
    assert {"/repo/tags/legal/", "/repo/tags/us-policy/", "/repo/tags/weather/"} <= set(hrefs(index))
    assert listed(site.html("tags/us-policy/index.html")) == NEWEST_FIRST[1:3]
    assert listed(site.html("tags/us-policy/page/2/index.html")) == NEWEST_FIRST[3:]
    assert listed(site.html("tags/weather/index.html")) == NEWEST_FIRST[:1]
    article = parse(site.html("articles/us-charges-maduro-with-narco-terrorism/index.html"))
    assert {"/repo/tags/legal/", "/repo/tags/us-policy/"} <= set(hrefs(article))


# --- pictures and link previews ------------------------------------------------------------------

def test_a_seed_articles_picture_has_resized_copies_with_srcset_and_dimensions(site: CliResult) -> None:
    img = parse(site.html("articles/storm-hits-the-coast/index.html")).find("img")
    assert img.attrs["alt"] == "A flooded street, water up to the doors of the houses"
    copies = [item.split() for item in img.attrs["srcset"].split(", ")]
    assert [width for _, width in copies] == ["480w", "800w", "900w"]  # the original is 900 x 600
    for url, width in copies:
        with Image.open(io.BytesIO((site.out / url.removeprefix("/repo/")).read_bytes())) as copy:
            assert copy.size == (int(width[:-1]), round(600 * int(width[:-1]) / 900)), url
    assert (img.attrs["width"], img.attrs["height"]) == ("800", "533") and img.attrs["src"] == copies[1][0]


def og(html: str, name: str) -> str:
    return parse(html).find("meta", property=f"og:{name}").attrs["content"]


def test_every_page_has_a_link_preview_image_and_front_pages_their_own(site: CliResult) -> None:
    for address, html in pages(site).items():
        if address == "/repo/404.html":  # served for any address that leads nowhere: not one to share
            continue
        image = og(html, "image")
        assert image.startswith(SITE) and (site.out / image.removeprefix(SITE)).is_file(), address
    storm = site.html("articles/storm-hits-the-coast/index.html")
    assert og(storm, "image").startswith(SITE + "images/storm.") and og(storm, "image:width") == "900"
    assert og(site.html("index.html"), "image:alt").startswith("Two explainers · ")
    for name, title in FRONTS.items():  # a card drawn from the explainer's title, not the site's
        front = site.html(f"{name}/index.html")
        assert og(front, "image:alt") == f"{title} · Two explainers"
        with Image.open(site.out / og(front, "image").removeprefix(SITE)) as card:
            assert card.size == (1200, 630)
    fronts = ["index.html", *(f"{name}/index.html" for name in FRONTS)]
    assert len({og(site.html(path), "image") for path in fronts}) == 3


# --- addresses -----------------------------------------------------------------------------------

def test_an_alias_leaves_a_redirect_page_at_the_old_address(site: CliResult) -> None:
    moved = site.html("articles/guaido-sworn-in/index.html")
    new = SITE + "articles/the-us-recognises-guaido/"
    assert f'<meta http-equiv="refresh" content="0; url={new}">' in moved
    assert f'<link rel="canonical" href="{new}">' in moved and f'<a href="{new}">The US recognises Guaidó</a>' in moved
    assert "guaido-sworn-in" not in site.html("sitemap.xml")


def address_warnings(result: CliResult) -> list[str]:
    return [line for line in result.stderr.splitlines() if "that the last build published is gone" in line]


def test_an_edited_headline_is_warned_with_the_old_and_new_address_until_an_alias_keeps_it(tmp_path: Path) -> None:
    folder = copy_fixture(FIXTURE, tmp_path)
    first = build_site(folder)
    assert first.code == 0 and address_warnings(first) == [], first.stderr
    article = folder / VENEZUELA / "articles/maduro-indicted.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("title: US charges Maduro with narco-terrorism",
                                    "title: Maduro charged with narco-terrorism"), encoding="utf-8")
    moved = build_site(folder)
    assert moved.code == 0, moved.stderr  # a warning: the site is published all the same
    assert address_warnings(moved) == [
        f"{VENEZUELA}/articles/maduro-indicted.md:1:1: warning: the address /repo/articles/us-charges-maduro-"
        f"with-narco-terrorism/ that the last build published is gone: {VENEZUELA}/articles/maduro-indicted.md "
        "is now at /repo/articles/maduro-charged-with-narco-terrorism/"], moved.stderr
    assert (f"hint: to keep old links working, add to {VENEZUELA}/articles/maduro-indicted.md: "
            "aliases: [/articles/us-charges-maduro-with-narco-terrorism/]") in moved.stderr
    assert (moved.out / "articles/maduro-charged-with-narco-terrorism/index.html").is_file()
    assert not (moved.out / "articles/us-charges-maduro-with-narco-terrorism").exists()
    assert "/repo/articles/maduro-charged-with-narco-terrorism/" in hrefs(parse(moved.html("venezuela/index.html")))

    article.write_text(article.read_text(encoding="utf-8").replace(
        "date: 2020-03-26\n", "date: 2020-03-26\naliases: [/articles/us-charges-maduro-with-narco-terrorism/]\n"),
        encoding="utf-8")
    kept = build_site(folder)
    assert kept.code == 0 and address_warnings(kept) == [], kept.stderr
    assert (f"url={SITE}articles/maduro-charged-with-narco-terrorism/"
            in kept.html("articles/us-charges-maduro-with-narco-terrorism/index.html"))


def test_a_renamed_explainer_folder_is_warned_until_its_explainer_yaml_keeps_the_old_address(tmp_path: Path) -> None:
    folder = copy_fixture(FIXTURE, tmp_path)
    assert build_site(folder).code == 0
    (folder / "content/explainers/storms").rename(folder / "content/explainers/november-storm")
    moved = build_site(folder)
    assert moved.code == 0, moved.stderr
    assert address_warnings(moved) == [  # its articles and timeline keep their addresses: only the front page moved
        "content/explainers/storms/explainer.yaml:1:1: warning: the address /repo/storms/ that the last build "
        "published is gone (content/explainers/storms/explainer.yaml is no longer published)"], moved.stderr
    assert ("hint: to keep old links working, add 'aliases: [/storms/]' to the explainer.yaml of the explainer "
            "that replaces it") in moved.stderr
    renamed = folder / "content/explainers/november-storm/explainer.yaml"
    renamed.write_text(renamed.read_text(encoding="utf-8") + "aliases: [/storms/]\n", encoding="utf-8")
    kept = build_site(folder)
    assert kept.code == 0 and address_warnings(kept) == [], kept.stderr
    assert f'<meta http-equiv="refresh" content="0; url={SITE}november-storm/">' in kept.html("storms/index.html")
    assert "/repo/november-storm/" in hrefs(parse(kept.html("index.html")).find("ul", class_="explainer-cards"))
