"""Anchor a seed article's sidecar notes to the exact phrases they quote.

The article is never edited, so a note finds its place by quoting it. Runs of white
space (non-breaking spaces too) match one space; case matters. A quote that is missing,
ambiguous, split across paragraphs or crossing another note's phrase is reported at its
`quote:` line with a hint that says what the article holds instead.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass
from typing import Sequence

from ..errors import Diagnostics, Location
from ..model import Note

_CURLY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                        "\u00ab": '"', "\u00bb": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'",
                        "\u201b": "'", "\u2032": "'"})
"""Curly quotes (and guillemets) -> straight ones, to explain a near miss."""


@dataclass(frozen=True, slots=True)
class Target:
    """A piece of the article's text as the page shows it; a quote must fall inside one."""

    name: str
    """`title`, `deck`, `section`, `byline`, `caption-0`, `credit-0`, `block-3`..."""
    text: str
    """Its text, exactly as received."""
    label: str
    """How a message names it: `the headline`, `paragraph 3`."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note's phrase is: a span of one target's text."""

    note: Note
    """The sidecar note."""
    target: str
    """Name of the target holding the phrase."""
    start: int
    """Index of the phrase's first character in the target's text."""
    end: int
    """Index just past its last character."""
    number: int = 0
    """The note's number on the page (order of the markers)."""


@dataclass(frozen=True, slots=True)
class Hidden:
    """A line of the seed file that the page does not show (logo, date, dropped furniture)."""

    line: int
    """1-based line of the .txt file."""
    text: str
    """The line."""
    why: str
    """Why the page does not show it."""


def normalize(text: str) -> tuple[str, list[int]]:
    """`text` with each run of white space as one space, and each character's index in `text`."""
    out: list[str] = []
    index: list[int] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            out.append(" ")
            index.append(i)
            i = j
        else:
            out.append(text[i])
            index.append(i)
            i += 1
    index.append(len(text))
    return "".join(out), index


def anchor_notes(notes: Sequence[Note], targets: Sequence[Target], hidden: Sequence[Hidden],
                 seed_path: str, diagnostics: Diagnostics) -> list[Anchor]:
    """Every note that could be placed, numbered in the order its marker appears on the page."""
    prepared = [(target, *normalize(target.text)) for target in targets]
    order = {target.name: position for position, target in enumerate(targets)}
    anchors: list[Anchor] = []
    for note in notes:
        anchor = _place(note, prepared, hidden, seed_path, diagnostics)
        if anchor is not None:
            anchors.append(anchor)
    anchors = _drop_crossing(anchors, diagnostics)
    anchors.sort(key=lambda a: (order[a.target], a.end, -a.start))
    return [Anchor(a.note, a.target, a.start, a.end, number) for number, a in enumerate(anchors, 1)]


def _place(note: Note, prepared: list[tuple[Target, str, list[int]]], hidden: Sequence[Hidden],
           seed_path: str, diagnostics: Diagnostics) -> Anchor | None:
    quote = normalize(note.quote.strip())[0]
    found = [(target, flat, index, at) for target, flat, index in prepared for at in _find_all(flat, quote)]
    where = note.quote_location
    shown = _shorten(note.quote.strip())
    if not found:
        _report_missing(note, quote, prepared, hidden, seed_path, diagnostics)
        return None
    if note.occurrence is None and len(found) > 1:
        places = ", ".join(_unique(target.label for target, *_ in found))
        diagnostics.error(f"the quote \"{shown}\" appears {len(found)} times in the article ({places})",
                          where, f"add 'occurrence: 1' (up to {len(found)}) to the note to say which one is meant")
        return None
    occurrence = note.occurrence or 1
    if occurrence > len(found):
        times = "once" if len(found) == 1 else f"{len(found)} times"
        diagnostics.error(f"'occurrence: {occurrence}' but the quote \"{shown}\" appears only {times} "
                          "in the article", where,
                          f"use a number from 1 to {len(found)}" if len(found) > 1 else "remove 'occurrence'")
        return None
    target, flat, index, at = found[occurrence - 1]
    return Anchor(note, target.name, index[at], index[at + len(quote) - 1] + 1)


def _find_all(flat: str, quote: str) -> list[int]:
    hits, at = [], flat.find(quote)
    while quote and at >= 0:
        hits.append(at)
        at = flat.find(quote, at + 1)
    return hits


def _report_missing(note: Note, quote: str, prepared: list[tuple[Target, str, list[int]]],
                    hidden: Sequence[Hidden], seed_path: str, diagnostics: Diagnostics) -> None:
    shown = _shorten(note.quote.strip())
    where = note.quote_location
    starts, pos = [], 0
    for _, flat, _ in prepared:
        starts.append(pos)
        pos += len(flat) + 1
    at = " ".join(flat for _, flat, _ in prepared).find(quote)
    if at >= 0:
        first = prepared[bisect.bisect_right(starts, at) - 1][0].label
        last = prepared[bisect.bisect_right(starts, at + len(quote) - 1) - 1][0].label
        diagnostics.error(f"the quote \"{shown}\" runs across {first} and {last}", where,
                          "quotes must fall within one paragraph: split it into one note per paragraph")
        return
    for line in hidden:
        if quote in normalize(line.text)[0]:
            diagnostics.error(f"the quote \"{shown}\" is in a line the page does not show", where,
                              f"{seed_path} line {line.line} is {line.why}; quote a phrase of the article itself")
            return
    diagnostics.error(f"the quote \"{shown}\" was not found in the article", where,
                      _near_miss(quote, [flat for _, flat, _ in prepared]))


def _near_miss(quote: str, texts: list[str]) -> str:
    """The hint for a quote that is not found: quotes, case, or the closest phrase."""
    plain = quote.translate(_CURLY)
    for text in texts:
        if plain != quote and plain in text.translate(_CURLY) and plain in text:
            return "the article uses straight quotes (\" and ') where the quote has curly ones (“ ” ‘ ’)"
        if plain in text.translate(_CURLY):
            return "the article uses curly quotes (“ ” ‘ ’) where the quote has straight ones (\" and ')"
    for text in texts:
        at = text.casefold().find(quote.casefold())
        if at >= 0:
            return f"matching is case-sensitive: the article has \"{text[at:at + len(quote)]}\""
    closest = closest_phrase(quote, texts)
    if closest:
        return f"the closest phrase in the article is \"{_shorten(closest, 90)}\""
    return "copy the phrase from the .txt file exactly; runs of spaces and line breaks count as one space"


def closest_phrase(quote: str, texts: list[str], cutoff: float = 0.6) -> str | None:
    """The run of words in `texts` most like `quote`, if any is at least `cutoff` alike."""
    size = len(quote.split())
    best, best_ratio = None, cutoff
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for text in texts:
        words = text.split(" ")
        for width in {max(1, size - 1), size, size + 1}:
            for i in range(0, max(1, len(words) - width + 1)):
                candidate = " ".join(words[i:i + width])
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = candidate, ratio
    return best


def _drop_crossing(anchors: list[Anchor], diagnostics: Diagnostics) -> list[Anchor]:
    """Nested phrases are fine; phrases that cross (neither holds the other) are refused."""
    kept: list[Anchor] = []
    for anchor in anchors:
        other = next((k for k in kept if k.target == anchor.target
                      and k.start < anchor.end and anchor.start < k.end
                      and not (k.start <= anchor.start and anchor.end <= k.end)
                      and not (anchor.start <= k.start and k.end <= anchor.end)), None)
        if other is None:
            kept.append(anchor)
            continue
        diagnostics.error(
            f"the quote \"{_shorten(anchor.note.quote.strip())}\" overlaps the quote of the note at "
            f"{_line_col(other.note.quote_location)}",
            anchor.note.quote_location,
            "one note's phrase may lie inside another's, but two phrases cannot cross: "
            "shorten one of the quotes",
        )
    return kept


def _line_col(location: Location) -> str:
    return f"line {location.line}"


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _unique(items) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
