"""What the seed parser returns: the article it read and where every line of the file went.

Each piece keeps its 1-based line number, so an editor can check the parser's reading
against the file and nothing in the file can be lost without a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("outlet", "section", "title", "deck", "byline", "date", "caption", "credit")
"""The roles a metadata line can play in `SeedArticle.consumed`."""


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of the seed, as the parser walks it (internal)."""

    no: int
    """1-based line number in the file."""
    text: str
    """The line without leading and trailing whitespace."""


@dataclass(frozen=True, slots=True)
class SeedImage:
    """A photo the page showed, known only by its caption and credit."""

    caption: str
    """The caption, without the credit glued to it."""
    credit: str | None
    """The photo credit ("AFP", "Name/Getty Images"), or None when the page gave none."""
    line: int
    """1-based line of the (first copy of the) caption."""


@dataclass(frozen=True, slots=True)
class SeedBlock:
    """One paragraph or subheading of the article's body."""

    type: str
    """`paragraph` or `heading`."""
    text: str
    """The line as written, without leading and trailing whitespace."""
    line: int
    """1-based line in the file (its first line)."""
    lines: tuple[int, ...] = ()
    """Every line it was printed on (a hard-wrapped paragraph spans several)."""


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line left out of the article, and why."""

    line: int
    """1-based line in the file."""
    text: str
    """The line, without leading and trailing whitespace."""
    reason: str
    """The rule that dropped it, in words."""
    part: bool = False
    """Only this part of the line was dropped (a promotion glued to the end of a paragraph);
    the rest of the line is in the article."""


@dataclass(frozen=True, slots=True)
class SeedArticle:
    """A news article as read from pasted page text."""

    title: str | None
    """The headline."""
    title_line: int | None
    """1-based line of the headline."""
    outlet: str | None
    """The publication ("Voz.us", "BBC News"), from its logo line or the byline."""
    section: str | None
    """The section label above the headline ("ANALYSIS"); several are joined with " / "."""
    byline: str | None
    """The authors' names; None when there is no byline or it names no one ("Published by")."""
    date: str | None
    """The publication date as ISO YYYY-MM-DD."""
    dateline: str | None
    """The place a wire story opens with ("CARACAS, Venezuela"); the paragraph keeps it."""
    deck: str | None
    """The standfirst under the headline."""
    images: tuple[SeedImage, ...]
    """Captioned photos, each once even when the page repeated its caption."""
    blocks: tuple[SeedBlock, ...]
    """The body: paragraphs and subheadings, in order."""
    dropped: tuple[DroppedLine, ...]
    """Lines left out, each with the reason."""
    language: str
    """`en` or `es`, guessed from frequent short words."""
    consumed: tuple[tuple[int, str], ...]
    """(line, role) for every line read as metadata; role is one of `ROLES`.

    Every non-blank line number of the file appears among `consumed`, `blocks` and
    `dropped` (once, but for a line cut in two)."""
    guesses: tuple[tuple[str, str], ...] = ()
    """(field, why) for each field read with doubt ("title", "deck", "byline"): an editor
    should confirm it in the sidecar."""


@dataclass(frozen=True, slots=True)
class Corrections:
    """The editor's corrections to a reading (a sidecar's `reading:`), as line numbers.

    Each wins over what the reader would decide; lines are 1-based lines of the file."""

    title_line: int | None = None
    """This line is the headline."""
    body_starts: int | None = None
    """The body starts at this line ..."""
    body_ends: int | None = None
    """... and ends at this one."""
    keep: frozenset[int] = frozenset()
    """Lines left out that belong to the body (as paragraphs)."""
    drop: frozenset[int] = frozenset()
    """Lines that do not belong to the article."""
    not_captions: frozenset[int] = frozenset()
    """Lines read as a photo caption that are body text."""
    join: tuple[tuple[int, int], ...] = ()
    """Runs of lines (first, last) that are one paragraph."""

    def __bool__(self) -> bool:
        return any((self.title_line, self.body_starts, self.body_ends, self.keep, self.drop, self.not_captions,
                    self.join))
