"""The reader's state while it reads one article, and the small text tests every stage shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .classify import is_headline_like
from .kinds import PROSE, Judged
from .model import SeedImage


@dataclass
class Reading:
    """What the reader has found so far; turned into a SeedArticle at the end."""

    judged: list[Judged]
    roles: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Block index -> (role, reason): how each block was used."""
    title: str | None = None
    title_block: int | None = None
    deck: str | None = None
    outlet: str | None = None
    section: str | None = None
    byline: str | None = None
    date: str | None = None
    images: list[SeedImage] = field(default_factory=list)
    guesses: list[tuple[str, str]] = field(default_factory=list)
    text_indent: int = 0
    """The indentation most of the running text has."""
    indented: bool = False
    """The page was saved by a text browser that indents running text (headings flush left)."""
    not_captions: set[int] = field(default_factory=set)
    """Blocks the editor says are not photo captions."""
    cut: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, text, reason) of text cut from the end of a body block."""


def block_of(article: Reading, line: int | None) -> int | None:
    if line is None:
        return None
    return next((i for i, j in enumerate(article.judged) if line in j.block.lines), None)


def squeezed(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def same(a: str, b: str) -> bool:
    """The same words, whatever the case, spacing and punctuation."""
    return squeezed(a) == squeezed(b)


def near(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def heading_like(item: Judged, numbered: bool = False) -> bool:
    text = item.text
    if item.block.bullet and not (numbered and re.match(r"^\d{1,2}\.\s", text)):
        return False
    if numbered:
        text = re.sub(r"^\d{1,2}\.\s+", "", text)
    return is_headline_like(text.rstrip(":"), max_len=140) or (text.endswith("?") and len(text.split()) <= 16) \
        or bool(re.fullmatch(r"[«\"“].{3,120}[»\"”]", text))


def text_indent(article: Reading) -> int:
    words: dict[int, int] = {}
    for item in article.judged:
        if item.kind == PROSE:
            words[item.block.indent] = words.get(item.block.indent, 0) + item.block.words
    return max(words, key=lambda indent: words[indent]) if words else 0


def indented_layout(article: Reading) -> bool:
    prose = [j for j in article.judged if j.kind == PROSE]
    return bool(prose) and sum(1 for j in prose if j.block.indent >= 3) >= 0.6 * len(prose)


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3}
