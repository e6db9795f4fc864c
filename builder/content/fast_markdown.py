"""The fast path for Markdown: markdown-it-pyrs (the Rust port of markdown-it) where it is exact.

markdown-it-py with our plugins (markdown.py) is the reference. The Rust parser renders
CommonMark, tables, strikethrough and the typographer about twenty times faster; what our
plugins add (heading ids, link rewriting and the link check's records) is done here on its
HTML. A cheap test of the source text sends everything else to the reference: footnotes,
citations, backslash escapes and entities, raw HTML, code (spans and fences), empty list
items, tables without leading pipes, `scheme:` links such as `timeline:`, and with the
typographer on, images, quotes in tables and quotes in odd places.
A link whose place in the text is ambiguous, or any failure of the Rust side, also falls
back. tests/test_fast_markdown.py checks that both paths give the same bytes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

import markdown_it_pyrs
from mdit_py_plugins.anchors.index import slugify, unique_slug

from .anchors import NOTE_ID

if TYPE_CHECKING:
    from .markdown import RenderContext

FALL_BACK = ("\\", "&", "<", "^", "@", "`", "~~~")
"""Escapes and entities, raw HTML and autolinks, footnotes, citations, code spans (an unpaired
backtick after a bracket panics the Rust parser), tilde fences: the reference renders them.
(`in` tests: one fast scan each, where a regex with a character class steps through every character.)"""

# The patterns below are searched in the text with a newline added before and after it (`lined`):
# a pattern that starts with a newline is found by a fast scan for newlines, where `^` in
# multi-line mode is tried at every character.

EMPTY_ITEM = re.compile(r"\n[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]*\n")
"""A list item with nothing in it: after a paragraph the two parsers disagree about it."""

DELIMITER_ROW = re.compile(r"\n([ \t]*[-:|][-:| \t]*)(?=\n)")
"""A line that may be a table's delimiter row (or a rule, or a heading's underline)."""

QUOTE_FIRST = re.compile(r"\n[ \t>*+\-#\d.)|]*['\"]")
"""A quote mark first on its line (after list, quote or heading marks at most)."""

QUOTE_LAST = re.compile(r"[ \t]*\n")
"""What follows a quote mark that is last on its line."""

QUOTE_NEIGHBOUR = re.compile(r"[\w\s.,;:!?]")
"""What may stand next to a quote mark: a letter, a digit, a space or common punctuation."""

HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.S)
"""A heading of the levels that get an id (the anchors plugin's 2 to 4), as the Rust side writes it."""

TAG = re.compile(r"<[^>]*>")

LINK = re.compile(r'<(?:a href|img src)="([^"]*)"')
"""A link's or an image's address, in document order (as the link-check records them)."""


@lru_cache(maxsize=None)
def fast_renderer(typographer: bool) -> markdown_it_pyrs.MarkdownIt:
    """One Rust parser per typographer setting, made once per process."""
    md = markdown_it_pyrs.MarkdownIt("zero")
    # markdown-it-py's `commonmark` preset with tables and strikethrough, raw HTML left out
    md.enable_many(["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
                    "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline",
                    "table", "strikethrough"])
    if typographer:
        md.enable_many(["replacements", "smartquotes"])
    return md


def covers(text: str, context: RenderContext, typographer: bool) -> bool:
    """True when nothing in `text` needs what only the reference has (a conservative test)."""
    if any(mark in text for mark in FALL_BACK):
        return False
    if "![" in text and (context.site_dir or typographer):
        return False  # an article's pictures are checked and given their copies (pictures.py);
        # the Rust typographer also changes image descriptions
    lined = "\n" + text + "\n"
    if EMPTY_ITEM.search(lined) or not _plain_tables(lined):
        return False
    if typographer and ("'" in text or '"' in text) and ("|" in text or _odd_quote(lined)):
        return False  # its quotes in tables, and in odd places, differ
    return not any(scheme + ":" in text for scheme in context.link_schemes)


def _plain_tables(lined: str) -> bool:
    """True when every table is written with pipes at the start of its header and delimiter rows
    (the Rust parser also takes a table without them, where markdown-it-py sees a paragraph)."""
    for match in DELIMITER_ROW.finditer(lined):
        row = match.group(1)
        before = lined[: match.start()].rstrip("\n").rpartition("\n")[2]
        if "|" not in row and ":" not in row and "|" not in before:
            continue  # a rule or a heading's underline
        if not row.lstrip().startswith("|") or not before.lstrip().startswith("|"):
            return False
    return True


def _odd_quote(lined: str) -> bool:
    """A quote mark next to anything but a letter, a digit, a space or common punctuation, or first
    or last on its line: the two typographers curl it differently (the Rust one looks across blocks)."""
    if QUOTE_FIRST.search(lined):
        return True
    for quote in "'\"":
        index = lined.find(quote)
        while index >= 0:
            if not (QUOTE_NEIGHBOUR.match(lined, index - 1) and QUOTE_NEIGHBOUR.match(lined, index + 1)) \
                    or QUOTE_LAST.match(lined, index + 1):
                return True
            index = lined.find(quote, index + 1)
    return False


def render_fast(text: str, context: RenderContext, typographer: bool) -> tuple[str, list[tuple[str, str]]] | None:
    """`text` rendered as the reference renders it, with the addresses to record for the link
    check (attribute, address) in order; None when the reference must render it."""
    if not covers(text, context, typographer):
        return None
    try:
        html = fast_renderer(typographer).render(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a panic on the Rust side is a BaseException: the reference renders it
        return None
    if "<blockquote>\n</blockquote>" in html:
        return None  # markdown-it-py writes an empty quote on one line
    return _site_links(_heading_ids(html), context)


def _heading_ids(html: str) -> str:
    """The anchors plugin's ids on h2-h4 (then the citations plugin's renaming of note ids)."""
    slugs: set[str] = set()

    def with_id(match: re.Match[str]) -> str:
        level, inner = match.groups()
        title = _unescape(TAG.sub("", inner).replace("\n", ""))
        anchor = unique_slug(slugify(title), slugs)
        if NOTE_ID.match(anchor):
            anchor += "-section"
        return f'<h{level} id="{_escape(anchor)}">{inner}</h{level}>'

    return HEADING.sub(with_id, html)


class _Ambiguous(Exception):
    """A link's address is written on more than one line (or none): only the reference can place it."""


def _site_links(html: str, context: RenderContext) -> tuple[str, list[tuple[str, str]]] | None:
    """Root-relative addresses get the base path; every address is listed for the link check."""
    links: list[tuple[str, str]] = []

    def resolved(match: re.Match[str]) -> str:
        value = _unescape(match.group(1))
        scheme, sep, _ = value.partition(":")
        if sep and scheme in context.link_schemes:
            raise _Ambiguous(value)
        if not _on_one_line(value, context):
            raise _Ambiguous(value)
        links.append(("href" if match.group(0).startswith("<a") else "src", value))
        if value.startswith("/") and not value.startswith("//"):
            return match.group(0)[: match.start(1) - match.start(0)] + _escape(context.base_path + value[1:]) + '"'
        return match.group(0)

    try:
        return LINK.sub(resolved, html), links
    except _Ambiguous:
        return None


def _on_one_line(value: str, context: RenderContext) -> bool:
    """The address is written (as it is, or percent-decoded) on exactly one of the text's lines."""
    written = {value, unquote(value)}
    if len(written) == 1 and value and "\n" not in value:
        count = "\n".join(context.lines).count(value)
        if count < 2:  # once in the text: on one line (twice may be on one line too)
            return count == 1
    return sum(1 for line in context.lines if any(text in line for text in written)) == 1


def _unescape(text: str) -> str:
    """The inverse of markdown-it's escapeHtml (which escapes exactly these four characters)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
