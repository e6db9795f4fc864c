"""The fast Markdown path (markdown-it-pyrs) gives exactly what markdown-it-py with our plugins gives.

Both paths render the same text with the same site context; the HTML must be the same bytes,
and so must what the rendering leaves for the rest of the build (the links it recorded, with
their places, and any error it reported). Texts: random documents built from the Markdown
that sites use, and every Markdown file and YAML text of the fixture sites and the showcase.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content.fast_markdown import render_fast
from builder.content.markdown import RenderContext, render_markdown, render_reference
from builder.renderer import make_markdown
from builder.errors import Diagnostics, Location
from builder.model import MarkdownOptions

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN = {typographer: make_markdown(MarkdownOptions(typographer=typographer)) for typographer in (True, False)}


def timeline_link(diagnostics: Diagnostics):
    def resolve(rest: str, where: Location) -> str | None:
        if rest.startswith("known"):
            return f"/timelines/t/#{rest}"
        diagnostics.error(f"unknown event '{rest}'", where, "check the event id")
        return None
    return resolve


def rendered(text: str, typographer: bool, reference: bool, base_path: str = "/repo/") -> tuple:
    """The HTML and everything the rendering leaves behind, by one of the two paths."""
    diagnostics = Diagnostics()
    context = RenderContext("content/articles/a.md", 5, base_path, diagnostics,
                            {"timeline": timeline_link(diagnostics)})
    render = render_reference if reference else render_markdown
    html = render(MARKDOWN[typographer], text, context)
    return html, context.state.get("links"), [str(error) for error in diagnostics.errors]


def assert_same(text: str, typographer: bool = True) -> None:
    fast, reference = rendered(text, typographer, False), rendered(text, typographer, True)
    assert fast == reference, text


# --- random documents from the fragments sites use ------------------------------------------

PLAIN_WORDS = ("the", "minister", "border", "talks", "oil", "port", "río", "Caracas", "1990", "x", "a-b",
               "don't", "'quoted'", '"said"', "--", "---", "...", "(c)", "(tm)", "+-", "!!", "??", "e.g.",
               "50%", "#", "*", "_", "~~", "[", "]", "(", ")", "!", ":", "|", "note-1", "Note 1", "über",
               "Source notes", "source-notes-heading", "2,000", "—", "“curly”", "a.", "1.", "-", "+", ">")
"""Words and the punctuation that the typographer and the inline rules care about."""

FALLING_BACK_WORDS = ("AT&T", "&amp;", "&#42;", "\\*", "<b>", "<https://example.org/a>", "@key", "[@key]",
                      "[^1]", "^[inline note]", "`", "``code``")
"""Text that only the reference renders."""

PLAIN_URLS = ("/about/", "/articles/x/", "/img/photo.jpg", "https://example.org/a?b=1", "../x.html",
              "#section", "other.html#top", "/a b", "<a b>", "/café/", "/caf%C3%A9/", "javascript:alert(1)",
              "//cdn.example.org/x.js", '/q?x="1"', "/x_(y)", "/about/", "https://example.org/a?b=1")

FALLING_BACK_URLS = ("https://example.org/a?b=1&c=2", "mailto:x@example.org", "timeline:known-event",
                     "timeline:missing")


def words_from(choices: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(choices), min_size=1, max_size=8).map(" ".join)


def documents_from(words: st.SearchStrategy[str], urls: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Documents of up to 8 blocks, with these words and addresses."""

    @st.composite
    def inline(draw) -> str:
        kind = draw(st.sampled_from(("words", "em", "strong", "code", "link", "image", "titled", "strike",
                                     "ref", "break")))
        text = draw(words)
        if kind == "em":
            return f"*{text}*"
        if kind == "strong":
            return f"**{text}**"
        if kind == "code":
            return f"`{text}`"
        if kind == "link":
            return f"[{text}]({draw(urls)})"
        if kind == "image":
            return f"![{text}]({draw(urls)})"
        if kind == "titled":
            return f'[{text}]({draw(urls)} "{draw(words)}")'
        if kind == "strike":
            return f"~~{text}~~"
        if kind == "ref":
            return f"[{text}][r{draw(st.integers(0, 2))}]"
        if kind == "break":
            return text + draw(st.sampled_from(("  \n", "\n", "\\\n")))
        return text

    line = st.lists(inline(), min_size=1, max_size=5).map(" ".join)

    @st.composite
    def block(draw) -> str:
        kind = draw(st.sampled_from(("para", "heading", "setext", "list", "ordered", "quote", "fence",
                                     "indented", "table", "hr", "definition", "nested")))
        if kind == "heading":
            return "#" * draw(st.integers(1, 6)) + " " + draw(st.one_of(line, st.sampled_from(
                ("Background", "Note 1", "note-1", "sidenote-2", "Source notes", "What *x* means", ""))))
        if kind == "setext":
            return f"{draw(line)}\n{draw(st.sampled_from(('===', '---')))}"
        if kind in ("list", "ordered"):
            items = draw(st.lists(line, min_size=1, max_size=4))
            return "\n".join(f"{i + 1}. {item}" if kind == "ordered" else f"- {item}"
                             for i, item in enumerate(items))
        if kind == "nested":
            return f"- {draw(line)}\n  - {draw(line)}\n\n  {draw(line)}\n- {draw(line)}"
        if kind == "quote":
            return "\n".join(f"> {item}" for item in draw(st.lists(line, min_size=1, max_size=3)))
        if kind == "fence":
            return f"```{draw(st.sampled_from(('', 'python', 'x y')))}\n{draw(line)}\n```"
        if kind == "indented":
            return f"    {draw(line)}"
        if kind == "table":
            columns = draw(st.integers(1, 3))
            cells = st.lists(words, min_size=columns, max_size=columns)
            align = draw(st.lists(st.sampled_from(("---", ":--", "--:", ":-:")), min_size=columns, max_size=columns))
            rows = [draw(cells) for _ in range(draw(st.integers(0, 3)))]
            return "\n".join("| " + " | ".join(row) + " |" for row in [draw(cells), align, *rows])
        if kind == "hr":
            return draw(st.sampled_from(("---", "***", "___")))
        if kind == "definition":
            return f"[r{draw(st.integers(0, 2))}]: {draw(urls)}"
        return draw(line)

    return st.lists(block(), min_size=1, max_size=8).map("\n\n".join)


documents = st.one_of(
    documents_from(words_from(PLAIN_WORDS), st.sampled_from(PLAIN_URLS)),
    documents_from(words_from(PLAIN_WORDS + FALLING_BACK_WORDS), st.sampled_from(PLAIN_URLS + FALLING_BACK_URLS)),
)
"""Half of them plain (the fast path's), half with text that falls back somewhere."""


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans())
def test_random_documents_render_the_same_by_both_paths(text: str, typographer: bool) -> None:
    assert_same(text, typographer)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab #*_[]()!:/-.'\"\n\t|>~=+c1", max_size=60), st.booleans())
def test_random_characters_render_the_same_by_both_paths(text: str, typographer: bool) -> None:
    """Markdown's punctuation in every order: most of these the fast path renders."""
    assert_same(text, typographer)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab #*_`[]()!:/-.'\"\n|>~=+c1&\\<@^", max_size=60), st.booleans())
def test_random_characters_that_fall_back_render_the_same_by_both_paths(text: str, typographer: bool) -> None:
    assert_same(text, typographer)


# --- every Markdown text of the fixture sites and the showcase ------------------------------

def site_texts() -> list[tuple[str, str]]:
    """(name, text) for every Markdown file (whole, and its body) and every YAML string."""
    texts = []
    folders = [ROOT / "content", ROOT / "tests" / "fixtures"]
    for path in sorted(p for folder in folders for p in folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append((str(path.relative_to(ROOT)), text))
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            texts.append((f"{path.relative_to(ROOT)} body", text[4:].split("\n---\n", 1)[1]))
    for path in sorted(p for folder in folders for pattern in ("*.yaml", "*.yml") for p in folder.rglob(pattern)):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # the invalid fixtures: nothing of theirs is rendered
        texts += [(f"{path.relative_to(ROOT)} value", value) for value in strings(data)]
    return texts


def strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


SITE_TEXTS = site_texts()


def test_the_site_texts_are_found() -> None:
    assert len(SITE_TEXTS) > 100


@pytest.mark.parametrize("typographer", [True, False])
def test_every_site_text_renders_the_same_by_both_paths(typographer: bool) -> None:
    for name, text in SITE_TEXTS:
        fast, reference = rendered(text, typographer, False), rendered(text, typographer, True)
        assert fast == reference, name


# --- the fast path is taken where it should be --------------------------------------------

ARTICLES = ("""Talks at the *border* resumed on "Monday", the minister's office said -- after a decade...

## What changed in 2019

The **port** reopened. See [the report](https://example.org/report/1) and [our background](/background/).

- Oil exports fell.
- The council met.
""", """## Exports by year

| year | barrels |
| ---- | ------: |
| 2019 | 1,000 |
| 2020 | [none](/notes/#2020) |
""")


@pytest.mark.parametrize("article", ARTICLES)
def test_a_plain_article_takes_the_fast_path(article: str) -> None:
    context = RenderContext("a.md", 1, "/", Diagnostics())
    context.lines = article.split("\n")
    assert render_fast(article, context, True) is not None
    assert_same(article)


@pytest.mark.parametrize("text", [
    "A note.[^1]\n\n[^1]: The note.", "As reported [@key].", "A \\*literal\\* star.", "AT&amp;T",
    "See [the event](timeline:known-event).", "Two [links](/a) to [one place](/a)\nwritten on two lines: /a",
])
def test_what_only_the_reference_renders_falls_back(text: str) -> None:
    context = RenderContext("a.md", 1, "/", Diagnostics(), {"timeline": lambda rest, where: "#"})
    context.lines = text.split("\n")
    assert render_fast(text, context, True) is None
    assert_same(text)
