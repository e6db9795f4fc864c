"""Markdown to HTML: markdown-it-py set up once, with our link rules as plugins.

Raw HTML is off unless site.yaml turns it on; `javascript:`-style links are refused by
markdown-it's own validator. Root-relative links get the site's base path, and special
links such as `timeline:EVENT-ID` are resolved (or reported) through the RenderContext.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..errors import Diagnostics, Location
from .fast_markdown import render_fast

LinkResolver = Callable[[str, Location], "str | None"]
"""Turns the part after `scheme:` into an href, or reports the error and returns None."""


@dataclass
class RenderContext:
    """What a Markdown rendering needs to know about the site, passed in markdown-it's env."""

    source: str
    """Site-relative path of the file, for error locations."""
    first_line: int
    """1-based line of the file where the Markdown text starts."""
    base_path: str
    """The site's base path, e.g. `/repo/`."""
    diagnostics: Diagnostics
    """Where unresolved references are reported."""
    link_schemes: Mapping[str, LinkResolver] = field(default_factory=dict)
    """Special link schemes such as `timeline`, each with its resolver."""
    lines: list[str] = field(default_factory=list)
    """The Markdown text's lines, to find the column of an inline mistake."""
    state: dict = field(default_factory=dict)
    """Per-render data that plugins gather (citations...)."""
    site_dir: str = ""
    """The site folder, where an article's or page's pictures are looked for ('' for other texts)."""

    def locate(self, block: Token | None, needle: str) -> Location:
        """The file location of `needle` inside `block` (inline tokens carry no line map)."""
        start, end = (block.map if block is not None and block.map else (0, len(self.lines)))
        for index in range(start, min(end, len(self.lines))):
            col = self.lines[index].find(needle)
            if col >= 0:
                return Location(self.source, self.first_line + index, col + 1)
        return Location(self.source, self.first_line + start, 1)

    def locate_link(self, block: Token | None, url: str) -> Location:
        """Where a link's address is written: in its paragraph, else anywhere (a reference definition)."""
        start, end = (block.map if block is not None and block.map else (0, len(self.lines)))
        written = list(dict.fromkeys((url, unquote(url))))
        needles = [(prefix + text, len(prefix)) for prefix in ("](", "]: ", "<", "") for text in written]
        if start == 0 and end >= len(self.lines) and not any("\n" in text for text in written):
            return self._find_first(needles)  # the whole text: searched as one string
        for lines in (range(start, min(end, len(self.lines))), range(len(self.lines))):
            for needle, skip in needles:
                for index in lines:
                    col = self.lines[index].find(needle)
                    if col >= 0:
                        return Location(self.source, self.first_line + index, col + skip + 1)
        return Location(self.source, self.first_line + start, 1)

    def _find_first(self, needles: Sequence[tuple[str, int]]) -> Location:
        """Where the first of `needles` (none holds a line break) is first written in the text, as
        a search line by line finds it."""
        text = "\n".join(self.lines)
        for needle, skip in needles:
            at = text.find(needle)
            if at >= 0:
                line_start = text.rfind("\n", 0, at) + 1
                return Location(self.source, self.first_line + text.count("\n", 0, at), at - line_start + skip + 1)
        return Location(self.source, self.first_line, 1)


class YamlRenderContext(RenderContext):
    """A RenderContext for Markdown held in a YAML value: finds mistakes in the file's own lines.

    Folded (>) and plain YAML scalars join lines, so markdown-it's line map does not match
    the file: inline mistakes and link addresses are searched in the value's own lines,
    from where it starts.
    """

    SPAN = 400
    """How many lines of the file, from the value's start, are searched."""

    def __init__(self, *args: Any, file_lines: Sequence[str] | None, start: Location, **kwargs: Any) -> None:
        self.file_lines = list(file_lines or ())
        self.start = start
        super().__init__(*args, **kwargs)

    @property
    def lines(self) -> list[str]:
        """The file's lines from the value's start (citations search them from the block's line on)."""
        return self._searched

    @lines.setter
    def lines(self, value: list[str]) -> None:
        self._searched = self.file_lines[self.start.line - 1:] if self.file_lines else value

    def _find(self, needles: Sequence[tuple[str, int]]) -> Location | None:
        first = self.start.line - 1
        for needle, skip in needles:
            for index in range(first, min(len(self.file_lines), first + self.SPAN)):
                col = self.file_lines[index].find(needle, self.start.col - 1 if index == first else 0)
                if col >= 0:
                    return Location(self.source, index + 1, col + skip + 1)
        return None

    def locate(self, block: Token | None, needle: str) -> Location:
        return self._find([(needle, 0)]) or self.start

    def locate_link(self, block: Token | None, url: str) -> Location:
        written = list(dict.fromkeys((url, unquote(url))))
        return self._find([(prefix + text, len(prefix)) for prefix in ("](", "]: ", "<", "") for text in written]) \
            or self.start


def render_markdown(md: MarkdownIt, text: str, context: RenderContext) -> str:
    """Render `text`; problems go to the context's diagnostics.

    The Rust parser renders what it renders exactly as markdown-it-py does (fast_markdown.py);
    markdown-it-py, the reference, renders the rest.
    """
    context.lines = text.split("\n")
    fast = render_fast(text, context, bool(md.options.get("typographer")))
    if fast is None:
        return md.render(text, {"site": context})
    html, links = fast
    for attr, value in links:  # each address is written on one line: no paragraph needed to place it
        _keep_link(context, attr, value, context.locate_link(None, value))
    return html


def render_reference(md: MarkdownIt, text: str, context: RenderContext) -> str:
    """Render `text` with markdown-it-py and our plugins only: what the fast path must equal."""
    context.lines = text.split("\n")
    return md.render(text, {"site": context})


def site_links_plugin(md: MarkdownIt) -> None:
    """Give root-relative links the base path and resolve `scheme:` links (timeline:...)."""
    md.core.ruler.push("site_links", _resolve_links)


def _resolve_links(state: StateCore) -> None:
    context: RenderContext | None = state.env.get("site")
    if context is None:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
            if attr is None:
                continue
            value = str(token.attrGet(attr) or "")
            _record_link(context, state, block, attr, value)
            new_value = _resolve_one(value, context, state, block)
            if new_value is not None:
                token.attrSet(attr, new_value)


def _resolve_one(value: str, context: RenderContext, state: StateCore, block: Token) -> str | None:
    if value.startswith("/") and not value.startswith("//"):
        return context.base_path + value[1:]
    scheme, sep, rest = value.partition(":")
    if sep and scheme in context.link_schemes:
        parent = _parent_block(state, block)
        href = context.link_schemes[scheme](rest, context.locate(parent, value))
        return href if href is not None else "#"
    return None


def _record_link(context: RenderContext, state: StateCore, block: Token, attr: str, value: str) -> None:
    """Keep an address the page will publish, with its place, for the link check (links.py).

    `scheme:` links of our own (timeline:) are checked where they are resolved, not here.
    """
    scheme, sep, _ = value.partition(":")
    if sep and scheme in context.link_schemes:
        return
    _keep_link(context, attr, value, context.locate_link(_parent_block(state, block), value))


def _keep_link(context: RenderContext, attr: str, value: str, where: Location) -> None:
    context.state.setdefault("links", []).append((attr, value, where.line, where.col, where.path))


def _parent_block(state: StateCore, inline: Token) -> Token | None:
    """The block token whose line map covers an inline token (the paragraph or heading)."""
    index = state.tokens.index(inline)
    for token in reversed(state.tokens[: index + 1]):
        if token.map:
            return token
    return None
