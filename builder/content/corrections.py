"""A seed sidecar's `reading:`: the editor's corrections to how the text was read.

The editor names lines by number or by a phrase they hold, as they see them in the file;
here each is found in the text (or reported where it was written, with the closest line
as the hint) and handed to the reader as line numbers.
"""

from __future__ import annotations

import difflib

from ..errors import Diagnostics, Location
from ..schema import Field, read_fields
from ..seed.model import Corrections
from ..yamlfile import YamlList, YamlMap

READING_FIELDS = (
    Field("title_line", "any", doc="the headline: its line number or a phrase of it"),
    Field("body_starts", "any", doc="the body's first line: its number or a phrase of it"),
    Field("body_ends", "any", doc="the body's last line: its number or a phrase of it"),
    Field("keep", "list", (), doc="lines left out that belong to the body"),
    Field("drop", "list", (), doc="lines that are not part of the article"),
    Field("not_captions", "list", (), doc="lines read as a photo caption that are body text"),
    Field("join", "list", (), doc="pairs [first, last] of lines that are one paragraph"),
)


class _Lines:
    """The seed's lines, for finding the one an editor means."""

    def __init__(self, text: str, path: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.flat = [" ".join(line.split()).casefold() for line in self.lines]
        self.path = path

    def find(self, value: object, where: Location, diagnostics: Diagnostics) -> int | None:
        """The 1-based line `value` names (a number or a phrase), or None after telling why."""
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            diagnostics.error("a line is named by its number or by a phrase of it", where,
                              f"write a line number of {self.path} or a phrase copied from it")
            return None
        if isinstance(value, int):
            if 1 <= value <= len(self.lines) and self.flat[value - 1]:
                return value
            diagnostics.error(f"{self.path} has no text on line {value}", where,
                              f"the file has {len(self.lines)} lines; name one that holds text")
            return None
        phrase = " ".join(value.split()).casefold()
        found = [no for no, line in enumerate(self.flat, start=1) if phrase and phrase in line]
        exact = [no for no in found if self.flat[no - 1] == phrase]
        if len(found) == 1 or len(exact) == 1:
            return exact[0] if exact else found[0]
        if found:
            diagnostics.error(f"'{value}' is on {len(found)} lines of {self.path} ({', '.join(map(str, found[:6]))})",
                              where, "write the line number, or a longer phrase found on one line only")
            return None
        best, best_no = 0, 0
        for no, line in enumerate(self.flat, start=1):
            if line:
                match = difflib.SequenceMatcher(None, phrase, line, autojunk=False).find_longest_match()
                if match.size > best:
                    best, best_no = match.size, no
        hint = (f"the closest is line {best_no}: '{self.lines[best_no - 1].strip()[:80]}'"
                if best >= 0.5 * len(phrase) else f"copy the phrase from {self.path} exactly")
        diagnostics.error(f"'{value}' is not in {self.path}", where, hint)
        return None


def read_corrections(raw: object, text: str, seed_path: str, where: Location,
                     diagnostics: Diagnostics) -> Corrections:
    """The `reading:` mapping as line numbers; every mistake in it is reported."""
    if raw is None:
        return Corrections()
    values = read_fields(raw, READING_FIELDS, diagnostics, where, "'reading'")
    lines = _Lines(text, seed_path)

    def at(key: str) -> Location:
        return raw.value_location(key) if isinstance(raw, YamlMap) and key in raw else where

    def one(key: str) -> int | None:
        return None if values[key] is None else lines.find(values[key], at(key), diagnostics)

    def many(key: str) -> frozenset[int]:
        items = values[key]
        found = (lines.find(item, _item_at(items, index, at(key)), diagnostics) for index, item in enumerate(items))
        return frozenset(line for line in found if line is not None)

    runs = []
    for index, pair in enumerate(values["join"]):
        place = _item_at(values["join"], index, at("join"))
        if not isinstance(pair, list) or len(pair) != 2:
            diagnostics.error("each 'join' entry is a pair [first, last]", place,
                              "for example: - [12, 14]  (lines 12 to 14 are one paragraph)")
            continue
        first, last = (lines.find(item, place, diagnostics) for item in pair)
        if first is not None and last is not None:
            runs.append((min(first, last), max(first, last)))
    return Corrections(
        title_line=one("title_line"), body_starts=one("body_starts"), body_ends=one("body_ends"),
        keep=many("keep"), drop=many("drop"), not_captions=many("not_captions"), join=tuple(runs),
    )


def _item_at(items: object, index: int, default: Location) -> Location:
    return items.item_location(index) if isinstance(items, YamlList) else default
