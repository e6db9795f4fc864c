"""Property tests for the seed parser: any input gives an article or a SiteError, and no line is lost."""

from __future__ import annotations

import json
from collections import Counter

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from builder.errors import SiteError
from builder.seed import SeedArticle, decode_seed, parse_seed, to_json, to_markdown
from builder.seed.export import escape_markdown
from builder.seed.layout import split_blocks, without_markup
from builder.seed.model import ROLES, Corrections

SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real page text, so random articles reach every rule, not just the paragraph fallback.
FRAGMENTS = [
    "Voz media US Voz.us", "ANALYSIS", "World News", "Opinion", "LIVE", "Home > Science", "News|Tech",
    "Maduro defies Trump: He does not believe he will dare to remove him",
    "The council voted on Tuesday to build a new bike lane along the river.",
    "Dictator Nicolás Maduro in an archive image.", "Dictator Nicolás Maduro in an archive image.AFP",
    "A night bus on the high street. Photograph: Tom Avery/The Guardian", "Getty Images", "AFP",
    "Image caption, The library", "Image caption", "Image source, Reuters", "Pie de foto, Los canales",
    "Item 1 of 2 A researcher on a glacier. REUTERS/Ana Vega Purchase Licensing Rights, opens new tab",
    "Published by", "Publicado por", "By Jane Doe, John Roe and Ana Ruiz, CNN", "Por Juan Pérez | EL PAÍS",
    "From CNN’s Dana Ruiz", "Jane Doe", "Transport correspondent", "BBC News, Norwich", "Reporting from Lima",
    "Updated 3:04 PM EST, Sun November 2, 2025", "Nov. 2, 2025", "2 de noviembre de 2025", "2025-11-02",
    "Valencia - 2 de noviembre de 2025 - 14:32 CET", "5:10 p.m. ET", "2 hours ago", "31/02/2025",
    "WASHINGTON (AP) — The Senate voted.", "CARACAS, Venezuela (AP) — Officials said.",
    "Bogota, Colombia CNN — x", "Advertisement", "Share", "Copy link", "tracking", "Read more: Other story",
    "Related", "Sign up for our newsletter", "Video", "Image source", "More from the desk",
    "Enter your email", "list of 3 items", "end of list", "Explore more on these topics", "___", "•", "1/5",
    "\"He has no other destiny than to resist\"", "What happens next", "CLICK HERE TO GET THE APP",
    "# not a heading", "1. not a list", "> not a quote", "<b>not html</b>", "*not emphasis*", "[not](a link)",
    "\u00a0", "\u200b", " \t ", "", "é", "\x0c", "\u2028",
]

line = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60))
texts = st.one_of(
    st.text(max_size=400),
    st.lists(line, max_size=30).map("\n".join),
    st.lists(line, max_size=30).map("\r\n".join),
    st.lists(line, max_size=20).map("\n\n".join),
)


def nonblank_lines(text: str) -> list[int]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [no for no, raw in enumerate(lines, start=1) if raw.strip()]


def accounted(article: SeedArticle) -> Counter[int]:
    """How many times each line is used: as metadata, in a block, or dropped (a line cut in two,
    like a flattened article's headline glued to its body, counts once)."""
    numbers: Counter[int] = Counter()
    numbers.update({no for no, _ in article.consumed} | {no for block in article.blocks for no in block.lines}
                   | {dropped.line for dropped in article.dropped})
    return numbers


def squeeze(text: str) -> str:
    return "".join(text.split())


@SETTINGS
@given(texts)
def test_any_text_gives_an_article_or_a_site_error(text: str) -> None:
    try:
        article = parse_seed(text)
    except SiteError:
        assert not nonblank_lines(text)
        return
    assert isinstance(article, SeedArticle)
    assert article.language in ("en", "es", "pt", "fr")


@SETTINGS
@given(texts)
@example("0\n[]")  # a line that held only an image's empty placeholder (found by this test in CI's place)
def test_every_nonblank_line_is_accounted_for_exactly_once(text: str) -> None:
    try:
        article = parse_seed(text)
    except SiteError:
        return
    counts = accounted(article)
    assert sorted(counts) == nonblank_lines(text)
    assert set(counts.values()) <= {1}
    assert {role for _, role in article.consumed} <= set(ROLES)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for block in article.blocks:
        assert squeeze(block.text) in squeeze("".join(lines[no - 1] for no in block.lines))
    for dropped in article.dropped:
        line = lines[dropped.line - 1].strip()
        assert (dropped.text in line if dropped.part else dropped.text == line) and dropped.reason
    caption_lines = {no for no, role in article.consumed if role == "caption"}
    assert {image.line for image in article.images} <= caption_lines
    if article.title is not None:
        assert (article.title_line, "title") in article.consumed


@SETTINGS
@given(texts)
def test_exports_never_fail_and_front_matter_round_trips(text: str) -> None:
    try:
        article = parse_seed(text)
    except SiteError:
        return
    data = to_json(article)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    markdown = to_markdown(article)
    assert markdown.startswith("---\n")
    front = yaml.safe_load(markdown.split("---\n")[1])
    assert front["draft"] is True
    assert front.get("title") == article.title
    assert front.get("summary") == article.deck
    assert front.get("author") == article.byline


@SETTINGS
@given(st.binary(max_size=600))
def test_decode_gives_text_or_a_site_error(data: bytes) -> None:
    try:
        text = decode_seed(data, "seeds/x.txt")
    except SiteError as exc:
        assert exc.location is not None and exc.location.path == "seeds/x.txt"
        assert exc.location.line >= 1 and exc.location.col >= 1
        return
    assert "\r" not in text and text.strip() and not text.startswith("\ufeff")


@SETTINGS
@given(st.text(max_size=200).map(str.strip).filter(lambda s: s and "\x00" not in s and "\n" not in s
                                                    and "\r" not in s))
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(escape_markdown(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert all(child.type == "text" for child in children)
    assert "".join(child.content for child in children) == text


def test_a_bare_caption_label_is_not_also_taken_as_a_caption() -> None:
    """Found by hypothesis: a credit line before a label with nothing after it."""
    article = parse_seed("Getty\nIMAGE cAPTION")
    assert set(accounted(article).values()) == {1}


@st.composite
def text_and_corrections(draw):
    """A random text, and corrections naming random lines of it that have text."""
    text = draw(st.lists(line, min_size=1, max_size=25).map("\n".join)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [no for no, raw in enumerate(text.split("\n"), start=1) if raw.strip()]
    if not lines:
        return text, Corrections()
    some = st.sampled_from(lines)
    title = draw(st.none() | some)
    drop = frozenset(draw(st.lists(some, max_size=3))) - {title}
    keep = frozenset(draw(st.lists(some, max_size=3))) - drop - {title}
    return text, Corrections(title_line=title, keep=keep, drop=drop)


@SETTINGS
@given(text_and_corrections())
@example(("0>", Corrections(title_line=1)))  # not HTML, though without_markup() would read '0>' as a tag's end
@example(("0[]0", Corrections(title_line=1)))  # an image's empty placeholder, which the reader leaves out
def test_the_editors_corrections_always_win(case) -> None:
    """A line the editor names as the headline is the headline; a dropped line is never in
    the body; a kept line always is; and every line is still accounted for."""
    text, corrections = case
    try:
        article = parse_seed(text, corrections)
    except SiteError:
        return
    lines = text.split("\n")
    body = {no for block in article.blocks for no in block.lines}
    if corrections.title_line is not None:
        line = lines[corrections.title_line - 1]
        read = [block.text for block in split_blocks(text.replace("\r\n", "\n").replace("\r", "\n"))
                if corrections.title_line in block.lines]  # as the reader reads it: markup and `[]` gone
        title = squeeze(article.title)  # its block, less a brand; a page's pasted HTML is read as its text
        assert any(named[:15] in title or title in named
                   for named in (squeeze(line), squeeze(without_markup(line)), *map(squeeze, read)))
    # the editor names lines, the reader reads blocks: a line wrapped together with another
    # shares its block's fate, and drop wins over keep within one block
    for block in split_blocks(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines_of = set(block.lines)
        if lines_of & corrections.drop:
            assert not lines_of & body
        elif lines_of & corrections.keep and corrections.title_line not in lines_of:
            assert lines_of <= body
    assert sorted(accounted(article)) == nonblank_lines(text)
