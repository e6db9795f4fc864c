"""Random input for every parser that reads what editors write: only our own error may escape.

A crash here is a traceback in front of an editor; each property states the one way a
parser may refuse its input (SiteError, or ValueError for the date parser) and what must
hold when it accepts it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content.frontmatter import split_front_matter
from builder.dates import PartialDate, parse_partial_date
from builder.errors import Location, SiteError
from builder.yamlfile import YamlList, YamlMap, load_yaml

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
"""A few hundred examples per parser in the suite; FUZZ_EXAMPLES=20000 for a long campaign."""

YAML_ALPHABET = string.ascii_lowercase[:6] + string.digits[:4] + " \t\n:-[]{}&*!|>'\"#%@`,?.~\\<=\r\x00\x07\u00e9\ufeff"

yaml_like = st.one_of(
    st.text(alphabet=YAML_ALPHABET, max_size=120),
    st.text(max_size=80),
    st.lists(
        st.tuples(st.integers(0, 6), st.sampled_from(["a", "b", "- a", "- ", "&x a", "*x", "<<", "? a",
                                                     "!!str", "!!python/name:os.system", "!t",
                                                     "2019-02-30", "1" * 30, "[", "]", "{a: b}",
                                                     "|", ">", '"q', "'q'"]),
                  st.sampled_from([":", ": ", ": b", ":\t", "", " # c", ": [a, *x]"])),
        max_size=12,
    ).map(lambda rows: "\n".join(" " * indent + key + tail for indent, key, tail in rows)),
)


def assert_located(error: SiteError, path: str) -> None:
    assert isinstance(error.location, Location), error
    assert error.location.path == path
    assert error.location.line >= 1 and error.location.col >= 1
    assert "Traceback" not in str(error)


def walk_locations(value: object) -> None:
    """Every mapping and list the loader returns knows where it stands."""
    if isinstance(value, YamlMap):
        assert value.location.line >= 1
        for key, item in value.items():
            assert value.key_location(key).line >= 1
            walk_locations(item)
    elif isinstance(value, YamlList):
        assert value.location.line >= 1
        for index, item in enumerate(value):
            assert value.item_location(index).line >= 1
            walk_locations(item)


@FUZZ
@given(yaml_like, st.integers(0, 50))
def test_load_yaml_only_raises_site_error(text: str, offset: int) -> None:
    try:
        data = load_yaml(text, "content/x.yaml", line_offset=offset)
    except SiteError as error:
        assert_located(error, "content/x.yaml")
        assert error.location.line > offset
        return
    walk_locations(data)


@FUZZ
@given(yaml_like, st.text(max_size=60), st.sampled_from(["---", "--- ", "..."]))
def test_split_front_matter_only_raises_site_error(meta: str, body: str, closing: str) -> None:
    for text in ("---\n" + meta + "\n" + closing + "\n" + body, meta + body, "---\n" + meta):
        try:
            data, rest, body_line = split_front_matter(text, "content/articles/x.md")
        except SiteError as error:
            assert_located(error, "content/articles/x.md")
            continue
        assert body_line >= 2
        assert "\n".join(text.split("\n")[body_line - 1:]) == rest
        walk_locations(data)


date_values = st.one_of(
    st.builds(lambda y, m, d, parts: "-".join([f"{y:04d}", f"{m:02d}", f"{d:02d}"][:parts]),
              st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(1, 3)),
    st.from_regex(r"\A-?\d{1,5}(-\d{1,3}(-\d{1,3})?)?\Z"),
    st.text(max_size=20),
    st.integers(-100_000, 100_000),
    st.dates(), st.datetimes(),
    st.none(), st.booleans(), st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@FUZZ
@given(date_values)
def test_parse_partial_date_only_raises_value_error(value: object) -> None:
    try:
        date = parse_partial_date(value)
    except ValueError as error:
        assert str(error) and "Traceback" not in str(error)
        return
    assert isinstance(date, PartialDate)
    # an accepted date is a real one, at its own precision, and reads back as itself
    assert date.first_day() <= date.last_day()
    assert parse_partial_date(date.iso()) == date
    assert re.fullmatch(r"(\d{1,2} )?([A-Z][a-z]+ )?\d{1,4}", date.human())
    if isinstance(value, str):  # every number written is kept: none is dropped or changed
        written = [int(part) for part in value.strip().split("-")]
        assert written == [date.year, date.month, date.day][: len(written)]
    if isinstance(value, dt.date):
        assert date.first_day() == (value.date() if isinstance(value, dt.datetime) else value)


# --- seed articles: bytes from the open web -------------------------------------------------------

SEED_LINES = [
    "ANALYSIS", "WORLD", "By John Smith", "By JOHN SMITH and Ana Pérez, Reuters", "Published by",
    "October 12, 2025", "12 de octubre de 2025", "Oct. 12, 2025 10:30 a.m. ET", "2025-10-12T10:00:00Z",
    "Updated 3 hours ago", "Photo: AFP", "Nicolás Maduro in an archive image.",
    "Nicolás Maduro in an archive image.AFP", "CARACAS, Venezuela (AP) — The government said",
    "Read more:", "Advertisement", "Share this article", "Subscribe", "Image 1 of 3", "1", "—", "...",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "https://example.org/story", "Related: Something else happened", "Copyright 2025 Reuters",
    "Maduro defies Trump: He does not believe he will dare to remove him",
    "The Spanish newspaper El País reported on Sunday that the decision was final. " * 3,
    "x" * 400, "\u200b", "\ufeff", "\t\t", "", "", "",
]

seed_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=50)), max_size=40).map("\n".join),
    st.text(max_size=300),
)


@FUZZ
@given(seed_text)
def test_parse_seed_only_raises_site_error(text: str) -> None:
    from builder.seed import SeedArticle, parse_seed

    try:
        article = parse_seed(text)
    except SiteError as error:
        assert "Traceback" not in str(error)
        return
    assert isinstance(article, SeedArticle)
    for block in article.blocks:
        assert block.type in ("paragraph", "heading") and block.text.strip()


@FUZZ
@given(st.one_of(
    st.binary(max_size=300),
    seed_text.map(lambda t: t.encode("utf-8")),
    seed_text.map(lambda t: t.encode("utf-16")),
    seed_text.map(lambda t: t.encode("cp1252", "replace")),
    st.tuples(seed_text, st.binary(max_size=4), seed_text).map(lambda p: p[0].encode() + p[1] + p[2].encode()),
))
def test_decode_seed_only_raises_site_error(data: bytes) -> None:
    from builder.seed import decode_seed

    try:
        text = decode_seed(data, "content/articles/x.txt")
    except SiteError as error:
        assert_located(error, "content/articles/x.txt")
        return
    assert "\r" not in text and text.strip() and "\x00" not in text


# --- Markdown with timeline: links and [@key] citations --------------------------------------------

MD_PIECES = [
    "[the start](timeline:first-event)", "[x](timeline:nope)", "[x](timeline:)", "[x](timeline:../x)",
    "[x](timeline:main)", "<timeline:first-event>", "[x][r]\n\n[r]: timeline:first-event",
    "[@wire-one]", "[@nope]", "[see @wire-one, p. 4; @wire-two]", "[@]", "[-@wire-one]", "@wire-one",
    "[@{odd key}]", "[@wire-one](timeline:first-event)", "`[@wire-one]`", "```\n[@wire-one]\n```",
    "[@wire-one]: x", "[@wire-one][]", "[[@wire-one]]", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "![i](data:text/html,x)",
    "[x](JaVaScRiPt:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", '[x](/a "t"onmouseover=alert(1))',
    "\n", "\n\n", "# ", "## Heading [@wire-one]", "> ", "- ", "1. ", "| a | b |\n|---|---|\n| [@wire-one] | x |",
    "[^1]", "[^1]: a note [@wire-one]", "*", "**", "_", "[", "]", "(", ")", "<", ">", "&", "\\", "    ", "text",
    "é", "\t", "{{ 7*191 }}", "{% raw %}", "&#106;avascript:", "\u2028",
]

_md_chars = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
markdown_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(MD_PIECES), st.text(_md_chars, max_size=12)), max_size=25).map("".join),
    st.text(_md_chars, max_size=200),
)

SITE = {
    "site.yaml": "title: Fuzz\nbase_url: /repo/\n",
    "content/timelines/main.yaml": (
        "title: Main\nevents:\n  - id: first-event\n    date: 2019-01-23\n    title: First\n"
        "    sources: [wire-one, wire-two]\n"),
    "content/sources.yaml": (
        "wire-one:\n  title: One\n  publisher: Agency\n  url: https://example.org/1\n"
        "wire-two:\n  title: Two\n  publisher: Agency\n"),
}

BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "base", "form", "style", "meta", "link"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src") and value and BAD_SCHEME.match(value):
                self.problems.append(f"{tag} {name}={value}")


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory: pytest.TempPathFactory):
    from builder.config import load_config
    from builder.errors import Diagnostics
    from builder.sources.load import load_sources
    from builder.timelines import load_timelines

    site = tmp_path_factory.mktemp("fuzz")
    for rel, content in SITE.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(content, encoding="utf-8")
    (site / "content" / "articles").mkdir()
    diagnostics = Diagnostics()
    config = load_config(site, diagnostics)
    timelines = load_timelines(site, diagnostics)
    sources = load_sources(site, diagnostics)
    assert not diagnostics.errors, diagnostics.errors
    return site, config, timelines, sources


@FUZZ
@given(body=markdown_text)
def test_markdown_links_and_citations_only_report_diagnostics(fuzz_site, body: str) -> None:
    from builder.content import load_content
    from builder.errors import Diagnostics
    from builder.resolve import resolve_site

    site, config, timelines, sources = fuzz_site
    article = site / "content" / "articles" / "x.md"
    text = "---\ntitle: Fuzzed\n---\n" + body
    article.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    content = load_content(site, config, diagnostics)
    resolved = resolve_site(config, content, timelines, sources, diagnostics)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for error in diagnostics.errors:
        assert error.location is not None, error
        assert error.location.path == "content/articles/x.md", error
        assert 4 <= error.location.line <= len(lines), (error, len(lines))
        assert 1 <= error.location.col <= len(lines[error.location.line - 1]) + 1, error
    if resolved.articles:
        checker = _Tags()
        checker.feed(str(resolved.articles[0].html))
        assert checker.problems == [], checker.problems
        assert "1337" not in str(resolved.articles[0].html) or "1337" in body


# --- the link check on any address -----------------------------------------------------------
link_address = st.one_of(
    st.text(max_size=40),
    st.builds("".join, st.lists(st.sampled_from(["/", "..", ".", "about", "#", "?", "%", "%2e", "//", ":",
                                                 "http:", "https://", "a.org", "index.html", "\\", " "]),
                                max_size=10)),
)


@FUZZ
@given(address=link_address, attr=st.sampled_from(["href", "src"]),
       page=st.sampled_from(["", "index.html", "about/index.html", "articles/one/index.html"]))
def test_the_link_check_takes_any_address(fuzz_site, address: str, attr: str, page: str) -> None:
    """Whatever is written, the check reports at the link's own place or not at all; it never fails."""
    from builder.errors import Diagnostics
    from builder.links import LinkSource, Targets, check_links

    files = frozenset({"index.html", "about/index.html", "articles/one/index.html", "static/a.png"})
    targets = Targets(files, {"about/index.html": frozenset({"who"})}, {"about/index.html": frozenset({"who"})})
    config = fuzz_site[1]
    where = Location("content/pages/p.md", 3, 7)
    diagnostics = Diagnostics()
    check_links([LinkSource(attr, address, page, where)], targets, config, diagnostics)
    for told in (*diagnostics.errors, *diagnostics.warnings):
        assert told.location == where and told.hint
