"""Lists that scale: the home page shows the newest articles and links to the full list, which
is cut into numbered pages; each tag has its list; the feed holds the newest `feed_limit`."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import build_site

ATOM = "{http://www.w3.org/2005/Atom}"


def make_site(folder: Path, count: int, extra_config: str = "") -> Path:
    """A site of `count` short articles, one a day, tagged in turn."""
    site = folder / "site"
    articles = site / "content" / "articles"
    articles.mkdir(parents=True)
    (site / "site.yaml").write_text(f"title: Lists\nbase_url: /\nsearch: false\n{extra_config}", encoding="utf-8")
    for n in range(count):
        tags = ["floods", "politics"] if n % 3 == 0 else ["floods"] if n % 3 == 1 else ["economic-crisis"]
        day = f"20{10 + n // 365:02d}-{(n // 28) % 12 + 1:02d}-{n % 28 + 1:02d}"
        (articles / f"a{n:04d}.md").write_text(
            f"---\ntitle: Article number {n}\ndate: {day}\ntags: [{', '.join(tags)}]\n"
            f"summary: What happened on day {n}.\n---\nThe text of article {n}.\n", encoding="utf-8")
    return site


def titles(page: Path) -> list[str]:
    return re.findall(r'<h[23]><a href="[^"]+">(Article number \d+)</a></h[23]>', page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    result = build_site(make_site(tmp_path_factory.mktemp("lists"), 45, "per_page: 20\nfeed_limit: 10\n"))
    assert result.code == 0, result.stderr
    return result.out


def test_the_list_of_articles_is_cut_into_pages(built: Path) -> None:
    first = titles(built / "articles" / "index.html")
    second = titles(built / "articles" / "page" / "2" / "index.html")
    third = titles(built / "articles" / "page" / "3" / "index.html")
    assert (len(first), len(second), len(third)) == (20, 20, 5)
    assert len(set(first + second + third)) == 45
    assert not (built / "articles" / "page" / "4").exists()
    assert not (built / "articles" / "page" / "1").exists()  # page 1 is articles/ itself
    html = (built / "articles" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="prev" href="/articles/">' in html
    assert '<link rel="next" href="/articles/page/3/">' in html
    assert 'aria-current="page">2</a>' in html


def test_the_home_page_shows_the_newest_and_links_to_all(built: Path) -> None:
    home = built / "index.html"
    assert titles(home) == titles(built / "articles" / "index.html")
    assert 'href="/articles/">All articles</a>' in home.read_text(encoding="utf-8")


def test_each_tag_has_its_list_and_articles_link_to_them(built: Path) -> None:
    topics = (built / "tags" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="/tags/floods/">floods</a> <span class="tag-count">30</span>', topics)
    assert 'href="/tags/economic-crisis/">economic crisis</a>' in topics
    floods = titles(built / "tags" / "floods" / "index.html") + titles(built / "tags" / "floods" / "page" / "2" / "index.html")
    assert len(floods) == 30
    article = (built / "articles" / "article-number-0" / "index.html").read_text(encoding="utf-8")
    assert 'href="/tags/politics/" rel="tag">politics</a>' in article


def test_the_feed_holds_the_newest_feed_limit_articles(built: Path) -> None:
    entries = ET.parse(built / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert len(entries) == 10
    assert [e.findtext(f"{ATOM}title") for e in entries] == titles(built / "articles" / "index.html")[:10]


def test_a_count_of_zero_is_an_error_at_its_line(tmp_path: Path) -> None:
    result = build_site(make_site(tmp_path, 2, "per_page: 0\n"))
    assert result.code == 1
    assert "site.yaml:4:11: error: 'per_page' must be a whole number of at least 1" in result.stderr


def test_at_4000_articles_every_list_page_stays_small(tmp_path: Path) -> None:
    result = build_site(make_site(tmp_path, 4000))
    assert result.code == 0, result.stderr
    lists = [result.out / "index.html", *result.out.glob("articles/page/*/index.html"),
             *result.out.glob("tags/**/index.html")]
    assert len(lists) > 200
    css = sum(len(gzip.compress(p.read_bytes())) for p in (result.out / "static").glob("*.css"))
    largest = max(len(gzip.compress(p.read_bytes())) for p in lists)
    assert largest + css < 30_000, (largest, css)
    assert (result.out / "feed.xml").stat().st_size < 200_000


def test_a_sites_own_byline_is_on_every_list_and_what_it_reads_remakes_them(tmp_path: Path) -> None:
    """Each article's list item is made once and shown on every list (partials/article_item.html): a
    site's own byline.html is in it, and when that byline reads an article's text, a change of the text
    remakes every list that shows the article, exactly as a full build would."""
    from tests.conftest import assert_same_as_cold, build_in_process, edit

    site = make_site(tmp_path, 45, "per_page: 20\n")
    (site / "templates" / "partials").mkdir(parents=True)
    (site / "templates" / "partials" / "byline.html").write_text(
        '<p class="byline">Opening: {{ page.html | striptags }}</p>\n', encoding="utf-8")
    assert build_in_process(site).code == 0
    for page in ("index.html", "articles/index.html", "tags/floods/index.html", "tags/politics/index.html"):
        assert "Opening: The text of article 42." in (site / "public" / page).read_text(encoding="utf-8")
    edit(site, "content/articles/a0042.md", "The text of article 42.", "The new text of article 42.")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert "Opening: The new text of article 42." in (site / "public" / "tags" / "floods" / "index.html").read_text(
        encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_a_mistake_in_a_list_item_is_told_at_its_template_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, 3)
    (site / "templates" / "partials").mkdir(parents=True)
    (site / "templates" / "partials" / "byline.html").write_text(
        "{% if marked_section is not defined %}\n{{ page.dateline }}\n{% endif %}\n", encoding="utf-8")
    result = build_site(site)  # (marked_section: set on an article's own page, never in a list)
    assert result.code == 1
    assert "templates/partials/byline.html:2:1: error: template uses 'page.dateline', which is not defined" \
        in result.stderr, result.stderr


def test_a_list_item_that_uses_a_name_of_the_page_is_told_what_it_sees(tmp_path: Path) -> None:
    site = make_site(tmp_path, 3)
    (site / "templates" / "partials").mkdir(parents=True)
    (site / "templates" / "partials" / "byline.html").write_text(
        '<p class="byline" data-page="{{ canonical }}">{{ page.title }}</p>\n', encoding="utf-8")
    result = build_site(site)  # (canonical: every page has one, but a list item is made once for all of them)
    assert result.code == 1
    assert ("templates/partials/byline.html:1:1: error: template uses 'canonical', which "
            "partials/article_item.html does not see (it is made once and reused)") in result.stderr, result.stderr
    assert "hint: it sees only article, level and the site's settings" in result.stderr
