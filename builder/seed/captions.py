"""Finding photo captions and credits before the main pass, because they may stand on either side of each other.

Pages print a caption once or twice (the second copy with its credit glued on), with the
credit on its own line before it (BBC) or after it (CNN), or labelled ("Image caption, ...").
Seeing the lines around each one settles which lines form one photo.
"""

from __future__ import annotations

from .classify import (
    bare_byline, box_start, date_line, find_dateline, is_name_like, is_role_line, junk_rule, known_outlet, norm,
    outlet_from_brand, parse_byline, section_label,
)
from .credits import caption_and_credit, caption_label, credit_only, is_credit_text, strip_caption_noise
from .model import Line, SeedImage

NEAR = 4
"""How many lines apart the two copies of a repeated caption may stand."""
MAX_CAPTION = 350
"""Captions are shorter than this; longer lines are paragraphs."""


class CaptionFinder:
    """One look at all lines for photos; the parser then treats their lines as taken."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.roles: dict[int, str] = {}
        """Index of a line -> `caption` or `credit`."""
        self.dropped: dict[int, str] = {}
        """Index of a line -> why it was dropped (a caption label with nothing after it)."""
        self.images: dict[int, SeedImage] = {}
        """Index of a caption's first line -> the photo."""

    def run(self) -> CaptionFinder:
        """Find every caption and credit; returns self."""
        likely_title = next(
            (i for i, line in enumerate(self.lines)
             if len(line.text.split()) >= 3 and junk_rule(line.text) is None and section_label(line.text) is None
             and outlet_from_brand(line.text) is None and date_line(line.text) is None
             and parse_byline(line.text) is None),
            -1,
        )
        for i, line in enumerate(self.lines):
            if i in self.roles or i == likely_title or len(line.text) > 600:
                continue
            label = caption_label(line.text)
            if label is not None:
                self._labelled_caption(i, label)
                continue
            split = caption_and_credit(line.text)
            if split is not None:
                self._caption_with_credit(i, *split)
                continue
            if i > likely_title >= 0 and len(line.text) <= MAX_CAPTION:
                self._repeated_caption(i)
        for i, line in enumerate(self.lines):
            if i not in self.roles and i != likely_title:
                credit = credit_only(line.text)
                if credit is None and i > likely_title >= 0 and known_outlet(line.text) == line.text.strip():
                    credit = line.text.strip()
                if credit is not None:
                    self._loose_credit(i, credit, likely_title)
        return self

    def _labelled_caption(self, i: int, rest: str) -> None:
        roles = {i: "caption"}
        caption_index = i
        if not rest:
            if i + 1 >= len(self.lines) or i + 1 in self.roles:
                self._drop(i, "caption label with no caption")
                return
            caption_index = i + 1
            rest = self.lines[i + 1].text
            roles[i + 1] = "caption"
        split = caption_and_credit(rest)
        caption, credit = split if split else (rest, None)
        if credit is None:
            for j in (*range(i - 1, max(-1, i - 4), -1), caption_index + 1):
                if 0 <= j < len(self.lines) and j not in self.roles and j not in roles:
                    found = credit_only(self.lines[j].text)
                    if found is not None:
                        credit, roles[j] = found, "credit"
                        break
        self._add_image(i, caption, credit, roles)

    def _caption_with_credit(self, i: int, caption: str, credit: str | None) -> None:
        key = norm(caption)
        for j in self._near(i):
            if j == i or j in self.roles:
                continue
            other = self.lines[j].text
            twin = caption_and_credit(other)
            other_caption = twin[0] if twin else strip_caption_noise(other)[0]
            if norm(other_caption) == key:
                first, second = min(i, j), max(i, j)
                credit = credit or (twin[1] if twin else None)
                roles = {first: "caption", second: "credit" if (second == i and credit) else "caption"}
                self._add_image(first, caption, credit, roles)
                return
        if credit is None and i + 1 < len(self.lines) and i + 1 not in self.roles:
            found = credit_only(self.lines[i + 1].text)
            if found is not None:
                self._add_image(i, caption, found, {i: "caption", i + 1: "credit"})
                return
        self._add_image(i, caption, credit, {i: "caption"})

    def _repeated_caption(self, i: int) -> None:
        """The page's two copies of a caption: the second the same, or with a credit glued on."""
        text = self.lines[i].text
        if len(text.split()) < 2:
            return
        for j in range(i + 1, min(len(self.lines), i + NEAR + 1)):
            if j in self.roles:
                continue
            other = self.lines[j].text
            if norm(other) == norm(text) and j == i + 1:
                self._add_image(i, text, None, {i: "caption", j: "caption"})
                return
            if other.startswith(text):
                rest = other[len(text) :].strip()
                if is_credit_text(rest) or is_name_like(rest, max_words=6):
                    self._add_image(i, text, rest, {i: "caption", j: "credit"})
                    return

    def _loose_credit(self, i: int, credit: str, likely_title: int) -> None:
        """A credit on its own line: it belongs to the caption before it (CNN) or after it (BBC)."""
        before = self._neighbour(i, -1)
        if before is not None and before in self.images and self.images[before].credit is None:
            image = self.images[before]
            self.images[before] = SeedImage(image.caption, credit, image.line)
            self.roles[i] = "credit"
            return
        for k in range(i - 1, max(-1, i - 2 * NEAR), -1):
            if k in self.images and self.images[k].credit == credit:
                self.roles[i] = "credit"
                return
        after = self._neighbour(i, 1)
        eligible = [k for k in (before, after) if k is not None and self._caption_candidate(k, likely_title)]
        if after in eligible and not self.lines[after].text.rstrip(" \"”’»)").endswith((".", "!", "?")):
            chosen = after
        elif before in eligible:
            chosen = before
        else:
            return
        self._add_image(chosen, self.lines[chosen].text, credit, {chosen: "caption", i: "credit"})

    def _caption_candidate(self, k: int, likely_title: int) -> bool:
        text = self.lines[k].text
        return (
            k not in self.roles and k not in self.dropped and k != likely_title and len(text) <= MAX_CAPTION and len(text.split()) >= 2
            and junk_rule(text) is None and date_line(text) is None and parse_byline(text) is None
            and box_start(text) is None and find_dateline(text) is None and credit_only(text) is None
            and section_label(text) is None and bare_byline(text) is None and not is_role_line(text)
            and known_outlet(text) is None
        )

    def _neighbour(self, i: int, step: int) -> int | None:
        j = i + step
        return j if 0 <= j < len(self.lines) else None

    def _near(self, i: int) -> range:
        return range(max(0, i - NEAR), min(len(self.lines), i + NEAR + 1))

    def _add_image(self, i: int, caption: str, credit: str | None, roles: dict[int, str]) -> None:
        self.images[i] = SeedImage(caption, credit, self.lines[i].no)
        self.roles.update(roles)

    def _drop(self, i: int, reason: str) -> None:
        self.dropped[i] = reason
