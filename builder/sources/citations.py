"""Pandoc citations in Markdown (`[@key]`, `[@key, p. 4]`, `[see @a; @b]`) as numbered notes.

Each bracketed citation becomes one numbered note marker (Chicago style: citing the same
source twice gives two notes). The numbers and the notes' sources are gathered in the
page's `Citations`, from which the page's "Source notes" list is rendered. Unknown keys
are reported at their own line and column.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markupsafe import escape

from ..content.anchors import NOTE_ID
from ..content.markdown import RenderContext
from ..errors import Location
from .views import Cite, PageNote, SourceView

KEY = r"[A-Za-z0-9_]\w*(?:[:.#$%&\-+?<>~/]+\w+)*"
"""A Pandoc citation key: starts with a letter, digit or _, with internal punctuation only."""

_ITEM = re.compile(rf"^(?P<prefix>.*?)(?:(?<=\s)|^)-?@(?P<key>{KEY}|\{{[^{{}}]+\}})(?P<suffix>.*)$", re.S)


SOURCES_FILE = "content/sources.yaml"


@dataclass(frozen=True, slots=True)
class CiteItem:
    """One `prefix @key suffix` of a bracketed citation."""

    prefix: str
    """Text before the key (`see`)."""
    key: str
    """The source key."""
    suffix: str
    """Text after the key, such as `, p. 4`."""


@dataclass
class Citations:
    """The citations of one page: what the plugin numbers and what the page lists."""

    sources: Mapping[str, SourceView]
    """The registry, as views."""
    notes: list[PageNote] = field(default_factory=list)
    """Numbered notes, in order."""

    def add(self, cites: Sequence[Cite]) -> PageNote:
        """A new numbered note citing `cites`."""
        number = len(self.notes) + 1
        note = PageNote(number=number, ref_id=f"note-ref-{number}", text_html=escape(""), cites=tuple(cites))
        self.notes.append(note)
        return note


def start_citations(context: RenderContext, sources: Mapping[str, SourceView]) -> Citations:
    """Let `[@key]` citations be used in the Markdown rendered with `context`."""
    citations = Citations(sources)
    context.state["citations"] = citations
    return citations


def citations_plugin(md: MarkdownIt) -> None:
    """Read Pandoc citations; number and check them; render them as note markers."""
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.push("citation_numbers", _number_citations)
    md.add_render_rule("citation", _render_citation)


def parse_group(inner: str) -> tuple[CiteItem, ...] | None:
    """The items of a bracketed citation's text, or None when it is not a citation."""
    items = []
    for part in inner.split(";"):
        match = _ITEM.match(part.strip())
        if not match or "@" in match.group("suffix") and re.search(rf"(?:^|\s)-?@{KEY}", match.group("suffix")):
            return None
        key = match.group("key").strip("{}")
        items.append(CiteItem(match.group("prefix").strip(), key, match.group("suffix").strip()))
    return tuple(items) if items else None


def _citation_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if src[start] != "[" or start + 1 >= state.posMax:
        return False
    end = src.find("]", start + 1)
    if end < 0 or end >= state.posMax:
        return False
    inner = src[start + 1:end]
    if "@" not in inner or "[" in inner or src[end + 1:end + 2] in ("(", "["):
        return False
    items = parse_group(inner)
    if items is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.content = src[start:end + 1]
        token.meta = {"items": items, "offset": start}
    state.pos = end + 1
    return True


def _number_citations(state: StateCore) -> None:
    context: RenderContext | None = state.env.get("site")
    if context is None:
        return
    citations: Citations | None = context.state.get("citations")
    for block in state.tokens:
        if block.type == "heading_open":
            _rename_clashing_anchor(block)
        if block.type != "inline" or not block.children:
            continue
        for index, token in enumerate(block.children):
            if token.type != "citation":
                continue
            before = block.children[index - 1] if index else None
            if before is not None and before.type == "text":
                before.content = before.content.rstrip(" ")  # "a decade [@key]." -> "a decade¹."
            items: tuple[CiteItem, ...] = token.meta["items"]
            if citations is None:
                context.diagnostics.error(
                    "citations such as [@key] can be used only in the text of articles and pages",
                    _locate(context, block, token, "@" + items[0].key),
                    "in a note or a timeline event, list the sources instead: sources: [key]",
                )
                continue
            cites = []
            for item in items:
                view = citations.sources.get(item.key)
                if view is None:
                    report_unknown_key(context.diagnostics, item.key, citations.sources,
                                       _locate(context, block, token, "@" + item.key))
                    continue
                cites.append(Cite(view, item.prefix, _locator(item.suffix)))
            token.meta["number"] = citations.add(cites).number


def report_unknown_key(diagnostics, key: str, sources: Mapping[str, object], location: Location) -> None:
    """The 'unknown source' error, with the closest key as a hint (none when it failed to load)."""
    if diagnostics.skip("source", key, location):
        return
    close = difflib.get_close_matches(key, list(sources), n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif not sources:
        hint = f"the site has no sources yet: add '{key}:' with its title and publisher to {SOURCES_FILE}"
    else:
        hint = f"add '{key}:' with its title and publisher to {SOURCES_FILE}, or check the spelling"
    diagnostics.error(f"unknown source '{key}'", location, hint)


def _locator(suffix: str) -> str:
    return suffix.lstrip(",").strip()


def _locate(context: RenderContext, block: Token, token: Token, needle: str) -> Location:
    """The file position of `needle` in a citation: from the block's line map and the offset."""
    if not block.map:
        return context.locate(None, needle)
    first = block.map[0] + block.content[: token.meta.get("offset", 0)].count("\n")
    # onward to the end: Markdown in a folded YAML value has fewer lines than the file
    for index in range(first, len(context.lines)):
        col = context.lines[index].find(needle)
        if col >= 0:
            return Location(context.source, context.first_line + index, col + 1)
    return context.locate(block, needle)


def _rename_clashing_anchor(heading: Token) -> None:
    anchor = heading.attrGet("id")
    if isinstance(anchor, str) and NOTE_ID.match(anchor):
        heading.attrSet("id", anchor + "-section")


def _render_citation(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    token = tokens[idx]
    number = token.meta.get("number")
    if number is None:
        return str(escape(token.content))
    site = env.get("site") if isinstance(env, dict) else None
    word = site.state.get("note_word", "Note") if site is not None else "Note"
    return marker_html(number, f"note-ref-{number}", word)


def marker_html(number: int, link_id: str | None = None, word: str = "Note") -> str:
    """The numbered marker after a cited phrase: a link to the note (and the card's trigger);
    `word` is 'Note' in the page's language, for screen readers."""
    id_attr = f' id="{link_id}"' if link_id else ""
    return (f'<sup class="note-ref"><a class="note-link" href="#note-{number}"{id_attr}>'
            f'<span class="visually-hidden">{escape(word)} </span>{number}</a></sup>')
