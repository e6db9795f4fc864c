"""Pictures as readers and editors meet them: resized copies with srcset and dimensions, a link
preview image on every page, and every slip (no alt text, no file) told at its place.

The fixture's pictures were drawn with Pillow (shapes only); crowd.jpg is stored on its side
with the camera's orientation tag, as phones save portraits.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import CliResult, build_site, copy_fixture

FIXTURE = "pictures-site"
CROWD = "articles/a-crowd-at-the-palace/index.html"
PLAIN = "articles/a-plain-article-without-pictures/index.html"
STORM = "articles/storm-hits-the-coast/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """The fixture built once for the tests that only read its output."""
    result = build_site(copy_fixture(FIXTURE, tmp_path_factory.mktemp("pictures")))
    assert result.code == 0, result.stderr
    return result


def imgs(html: str) -> list[dict[str, str]]:
    """Every <img> of a page, as its attributes."""
    return [dict(re.findall(r'([a-z-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img\b[^>]*>", html)]


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return found[1] if found else None


def opened(out: Path, url: str) -> Image.Image:
    path = url.split("/news/", 1)[1]
    return Image.open(io.BytesIO((out / path).read_bytes()))


def test_a_front_matter_picture_has_its_copies_for_every_screen(built: CliResult) -> None:
    html = built.html(CROWD)
    lead = imgs(html)[0]
    assert lead["alt"] == "The palace seen from the square"
    assert lead["sizes"].startswith("(min-width:")
    copies = [item.split() for item in lead["srcset"].split(", ")]
    assert [width for _, width in copies] == ["480w", "800w", "1200w", "1600w"]  # the original is 2000 wide
    for url, width in copies:
        with opened(built.out, url) as image:
            assert image.size == (int(width[:-1]), round(1200 * int(width[:-1]) / 2000))
    assert (lead["width"], lead["height"]) == ("800", "480") and lead["src"] == copies[1][0]
    assert '<figcaption>The palace on Tuesday. <span class="credit">Staff photo</span></figcaption>' in html


def test_markdown_pictures_are_turned_upright_and_a_decorative_one_is_silent(built: CliResult) -> None:
    html = built.html(CROWD)
    crowd, rule = imgs(html)[1:3]
    assert crowd["alt"] == "Protesters holding flags"
    assert (crowd["width"], crowd["height"]) == ("750", "1000")  # stored 1000×750 on its side
    assert crowd["loading"] == "lazy" and "750w" in crowd["srcset"]
    with opened(built.out, crowd["src"]) as image:
        assert image.size == (750, 1000)
        assert 0x0112 not in image.getexif()  # the camera's metadata is not published
    assert rule["alt"] == "" and "title" not in rule
    assert rule["srcset"].endswith("600w")


def test_every_page_has_a_link_preview_image_with_its_size_and_alt(built: CliResult) -> None:
    own = built.html(CROWD)
    assert re.fullmatch(r"https://example\.com/news/images/palace\.[0-9a-f]{10}-1200\.jpg", meta(own, "og:image"))
    assert (meta(own, "og:image:width"), meta(own, "og:image:height")) == ("1200", "720")
    assert meta(own, "og:image:alt") == "The palace seen from the square"
    assert meta(own, "twitter:card") == "summary_large_image"
    for page in (PLAIN, "index.html", "about/index.html"):
        html = built.html(page)
        card = meta(html, "og:image")
        assert card and re.fullmatch(r"https://example\.com/news/cards/[0-9a-f]{16}\.png", card), page
        with opened(built.out, card) as image:
            assert image.size == (1200, 630) and image.format == "PNG"
        assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
    assert meta(built.html(PLAIN), "og:image:alt") == "A plain article without pictures · Pictures fixture"
    assert meta(built.html(PLAIN), "og:image") != meta(built.html("about/index.html"), "og:image")


def test_a_sidecar_photo_is_shown_with_the_caption_the_text_gave(built: CliResult) -> None:
    html = built.html(STORM)
    figure = re.search(r'<figure class="picture">(.*?)</figure>', html, re.S)
    assert figure, html
    assert 'alt="A flooded street, water up to the doors of the houses"' in figure[1]
    assert "A flooded street in the port town." in figure[1] and "Reuters" in figure[1]
    assert 'class="seed-caption"' not in html  # the caption is not shown a second time, alone


def test_without_a_full_base_url_there_are_no_cards(tmp_path: Path) -> None:
    result = build_site(copy_fixture(FIXTURE, tmp_path), "--base-url", "/")
    assert result.code == 0, result.stderr
    assert not (result.out / "cards").exists()
    assert meta(result.html(PLAIN), "og:image") is None
    assert imgs(result.html(CROWD))[0]["src"].startswith("/images/palace.")


def test_copies_are_made_once_and_a_damaged_kept_copy_is_made_again(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    first = build_site(site)
    assert first.code == 0, first.stderr
    kept = sorted(p for p in (site / ".cache" / "images").iterdir() if not p.name.startswith("."))
    assert len(kept) == len(list((first.out / "images").iterdir())) + len(list((first.out / "cards").iterdir()))
    published = {p.name: p.read_bytes() for p in (first.out / "images").iterdir()}
    victim = next(p for p in kept if p.name.startswith("images-palace"))
    damaged = victim.read_bytes()[:-10] + b"0123456789"  # the seal no longer matches
    victim.write_bytes(damaged)
    stamps = {p.name: p.stat().st_mtime_ns for p in kept if p != victim}
    shutil.rmtree(site / "public")
    again = build_site(site)
    assert again.code == 0, again.stderr
    assert {p.name: p.read_bytes() for p in (again.out / "images").iterdir()} == published
    assert {p.name: p.stat().st_mtime_ns for p in kept if p != victim} == stamps  # used, not made again
    assert victim.read_bytes() != damaged  # made again, and kept


SLIPS = {
    # name: (file, text, expected location, words of the message)
    "markdown picture without alt": (
        "content/articles/plain.md", "---\ntitle: Plain\n---\nSee ![](images/crowd.jpg) here.\n",
        "content/articles/plain.md:4:5", "has no alt text"),
    "markdown picture whose file is missing": (
        "content/articles/plain.md", "---\ntitle: Plain\n---\nFirst line.\n\nSee ![A crowd](images/crowed.jpg).\n",
        "content/articles/plain.md:6:16", "does not exist"),
    "markdown picture outside the images folder": (
        "content/articles/plain.md", "---\ntitle: Plain\n---\n![A crowd](../secret.jpg)\n",
        "content/articles/plain.md:4:12", "outside content/images/"),
    "front matter image without alt": (
        "content/pages/about.md", "---\ntitle: About\nimage:\n  file: images/palace.jpg\n---\nText.\n",
        "content/pages/about.md:3:1", "has no 'alt'"),
    "front matter image with an empty alt": (
        "content/pages/about.md", "---\ntitle: About\nimage:\n  file: images/palace.jpg\n  alt: ''\n---\nText.\n",
        "content/pages/about.md:5:8", "'alt' is empty"),
    "sidecar image whose file is missing": (
        "content/articles/storm.yaml", "title: Storm\nimage:\n  file: images/flood.jpg\n  alt: A flood\n",
        "content/articles/storm.yaml:3:9", "does not exist"),
    "a text file named like a picture": (
        "content/images/notes.jpg", "not a picture\n", None, None),
}


@pytest.mark.parametrize("name", SLIPS)
def test_each_picture_slip_is_one_error_at_its_place(name: str, tmp_path: Path) -> None:
    rel, text, where, words = SLIPS[name]
    site = copy_fixture(FIXTURE, tmp_path)
    (site / rel).write_text(text, encoding="utf-8")
    if where is None:  # the picture itself is broken: the error is at the Markdown that names it
        (site / "content/articles/plain.md").write_text("---\ntitle: Plain\n---\n![Notes](images/notes.jpg)\n",
                                                        encoding="utf-8")
        where, words = "content/articles/plain.md:4:10", "cannot be read as a picture"
    result = build_site(site)
    assert result.code == 1, result.stdout
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(where + ": error: ") and words in errors[0], result.stderr
    assert "hint: " in result.stderr and "Traceback" not in result.stderr


def test_a_file_name_with_spaces_and_capitals_is_found_and_published_under_a_plain_name(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    shutil.copy(site / "content/images/storm.jpg", site / "content/images/Flooded Street.JPG")
    (site / "content/articles/plain.md").write_text(
        "---\ntitle: Plain\n---\n![A flooded street](<images/Flooded Street.JPG>)\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.stderr
    src = imgs(result.html("articles/plain/index.html"))[0]["src"]
    assert re.fullmatch(r"/news/images/flooded-street\.[0-9a-f]{10}-800\.jpg", src)


def test_pictures_get_their_copies_with_the_typographer_off_too(tmp_path: Path) -> None:
    """The fast Markdown renderer (fast_markdown.py) leaves an article with pictures to markdown-it."""
    site = copy_fixture(FIXTURE, tmp_path)
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("markdown:\n  typographer: false\n")
    result = build_site(site)
    assert result.code == 0, result.stderr
    crowd = imgs(result.html(CROWD))[1]
    assert crowd["alt"] == "Protesters holding flags" and "750w" in crowd["srcset"]


def test_a_decorative_front_matter_picture_needs_an_empty_alt(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    about = site / "content/pages/about.md"
    about.write_text("---\ntitle: About\nimage:\n  file: images/rule.png\n  alt: ''\n  decorative: true\n---\nText.\n",
                     encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert imgs(result.html("about/index.html"))[0]["alt"] == ""


# --- the outside checkers: the Nu HTML Checker and axe-core (WCAG 2.2 AA) ----------------------------

from tests.support.fixtures import axe_available, browser_page, browser_session, html_checker, serve_site  # noqa: E402,F401

CHECKED = (CROWD, STORM, PLAIN, "articles/old-crowd/index.html", "2025/crowd.html")


def test_pages_with_pictures_and_redirect_pages_are_valid_html(built: CliResult, html_checker) -> None:  # noqa: F811
    from tests.support.vnu import format_errors

    errors = html_checker([built.out / path for path in CHECKED])
    assert errors == [], format_errors(errors)


@pytest.mark.parametrize("path", [CROWD, STORM, "articles/old-crowd/index.html"])
def test_pages_with_pictures_and_redirect_pages_pass_axe(built: CliResult, browser_page, serve_site,  # noqa: F811
                                                         axe_available, path: str) -> None:  # noqa: F811
    from tests.support.axe import format_violations, run_axe

    address = serve_site(built.out, "/news/") + path
    if path.startswith("articles/old-"):  # checked without its refresh, which would leave it at once
        page = (built.out / path).read_text(encoding="utf-8")
        browser_page.set_content(re.sub(r'<meta http-equiv="refresh"[^>]*>', "", page))
    else:
        browser_page.goto(address)
    violations = run_axe(browser_page)
    assert not violations, format_violations(violations)
