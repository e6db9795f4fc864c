"""Reading a pasted news article: which lines are its headline, byline, photos, body and page furniture.

Pages lay articles out in the same order everywhere (labels, headline, deck, byline and
photos, body, boxes), so the parser walks the lines once through those stages, asking the
recognisers in `classify` about each line. Every non-blank line ends up as metadata, a
block, or a dropped line with the reason.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import SiteError
from .captions import MAX_CAPTION, CaptionFinder
from .classify import (
    Byline, bare_byline, box_follows, box_start, date_line, find_dateline, guess_language, is_headline_like,
    is_name_like, is_role_line, junk_rule, known_outlet, norm, outlet_from_brand, outlet_in_role, parse_byline,
    reporting_from, section_label,
)
from .credits import caption_label, credit_only
from .decode import normalise_newlines
from .model import DroppedLine, Line, SeedArticle, SeedBlock, SeedImage
from .rules import LABEL_SMALL_WORDS, BoxRule

_TOP, _AFTER_TITLE, _HEADER, _BODY = "top", "after-title", "header", "body"
_LABEL_REACH = 60
"""How far ahead a headline is looked for before a short line is taken for the headline itself."""
_BRANDED_TITLE = re.compile(r"(?P<title>.+?)\s+[|–—-]\s+(?P<brand>[^|–—]{2,40})")
"""A page title with the outlet after it ("Headline | Outlet")."""


def parse_seed(text: str) -> SeedArticle:
    """Read a pasted article. Pure; raises only SiteError (for text with no words at all)."""
    lines = [
        Line(no, raw.strip())
        for no, raw in enumerate(normalise_newlines(text).split("\n"), start=1)
        if raw.strip()
    ]
    if not lines:
        raise SiteError("the seed article has no text", hint="paste the article's text into the file")
    return _Reader(lines).read()


class _Reader:
    """One pass over the lines of one seed; collects what each line turned out to be."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        photos = CaptionFinder(lines).run()
        self.roles: dict[int, str] = photos.roles
        self.dropped: dict[int, str] = photos.dropped
        self.images: dict[int, SeedImage] = photos.images
        self.blocks: list[SeedBlock] = []
        self.seen: dict[str, int] = {}
        self.title: Line | None = None
        self.deck: str | None = None
        self.outlet: str | None = None
        self.sections: list[str] = []
        self.labels: list[tuple[int, str, bool]] = []
        self.byline: str | None = None
        self.byline_index: int | None = None
        self.affiliation: str | None = None
        self.date: dt.date | None = None
        self.date_line_no: int | None = None
        self.place: str | None = None
        self.last_timestamp = -2
        self.last_media = -2

    # -- the pass ---------------------------------------------------------------------------

    def read(self) -> SeedArticle:
        handlers = {_TOP: self._top, _AFTER_TITLE: self._after_title, _HEADER: self._header, _BODY: self._body}
        state = _TOP
        i = 0
        while i < len(self.lines):
            if i in self.roles or i in self.dropped:
                if state == _AFTER_TITLE and i in self.roles:
                    state = _HEADER
                i += 1
                continue
            text = self.lines[i].text
            box = box_start(text)
            if box is not None and not (state == _TOP and section_label(text)) and self._box_holds(i, box):
                i = self._drop_box(i, box)
                continue
            if state != _TOP and norm(text) in self.seen:
                self._drop(i, f"repeats line {self.lines[self.seen[norm(text)]].no}")
                i += 1
                continue
            new_state = handlers[state](i) or state
            if not self._placed(i):
                if new_state != state:
                    state = new_state
                    continue
                self.blocks.append(SeedBlock("paragraph", self.lines[i].text, self.lines[i].no))
            state = new_state
            i += 1
        return self._article()

    def _placed(self, i: int) -> bool:
        """Whether line `i` has been given a role, dropped or made a block."""
        return i in self.roles or i in self.dropped or (
            bool(self.blocks) and self.blocks[-1].line == self.lines[i].no)

    # -- stages -----------------------------------------------------------------------------

    def _top(self, i: int) -> str | None:
        """Before the headline: logo line, section labels, furniture, then the headline."""
        text = self.lines[i].text
        brand = outlet_from_brand(text) if self.outlet is None else None
        if brand:
            self.outlet = brand
            return self._role(i, "outlet")
        label = section_label(text)
        if label:
            self.labels.append((i, label, True))
            return self._role(i, "section")
        if self._furniture(i, text) or self._metadata(i, text):
            return None
        if (self._label_like(text) and self._headline_ahead(i)) or self._short_label(i, text):
            self.labels.append((i, text.strip(" .:"), False))
            return self._role(i, "section")
        self._settle_labels()
        self.title = self.lines[i]
        suffix = _BRANDED_TITLE.fullmatch(text)
        following = self._next_free(i)
        if suffix and len(suffix["title"].split()) >= 3 and (
            outlet_from_brand(suffix["brand"])
            or (following is not None and norm(self.lines[following].text) == norm(suffix["title"]))
        ):
            self.title = Line(self.lines[i].no, suffix["title"].strip())
            self.outlet = self.outlet or outlet_from_brand(suffix["brand"]) or suffix["brand"].strip()
        self.seen[norm(self.title.text)] = i
        self._role(i, "title")
        return _AFTER_TITLE

    def _after_title(self, i: int) -> str | None:
        """Right after the headline: the deck, when header lines follow it."""
        text = self.lines[i].text
        rule = junk_rule(text)
        if rule is not None and rule.kind == "furniture":
            self._drop(i, rule.reason)
            return None
        if rule is None and self._deck_like(text) and self._marker_follows(i):
            self.deck = text
            self.seen[norm(text)] = i
            self._role(i, "deck")
        return _HEADER

    def _header(self, i: int) -> str | None:
        """Between deck and body: bylines, dates, photos and the page's buttons."""
        text = self.lines[i].text
        if self._furniture(i, text) or self._metadata(i, text) or self._media_title(i, text):
            return None
        place = reporting_from(text)
        if place:
            self.place = self.place or place
            return self._drop(i, "reporter's location line")
        outlet = known_outlet(text)
        if outlet:
            if self.outlet is None:
                self.outlet = outlet
                return self._role(i, "outlet")
            return self._drop(i, "outlet name again")
        if self.byline_index is not None and i - self.byline_index <= 2 and is_role_line(text):
            outlet = outlet_in_role(text)
            if outlet and self.outlet is None:
                self.outlet = outlet
                return self._role(i, "outlet")
            return self._drop(i, "author's role line")
        if self.byline_index is None and is_role_line(text) and is_name_like(" ".join(text.split()[:2]), 2, 2):
            self.byline, self.byline_index = text, i
            return self._role(i, "byline")
        names = bare_byline(text) if self.byline_index is None else None
        if names:
            self.byline, self.byline_index = names, i
            return self._role(i, "byline")
        label = section_label(text)
        if label and len(text.split()) <= 3:
            if not self.sections:
                self.sections.append(label)
                return self._role(i, "section")
            return self._drop(i, "section label again")
        if len(text) <= MAX_CAPTION and find_dateline(text) is None and self._strong_marker_within(i, 2):
            if len(text.split()) <= 3:
                return self._drop(i, "short line among the byline and date (a place or a label)")
            self._add_image(i, text, None, {i: "caption"})
            return None
        return _BODY

    def _body(self, i: int) -> str | None:
        """The article's text: paragraphs and subheadings, minus furniture and repeats."""
        text = self.lines[i].text
        if self._furniture(i, text) or self._media_title(i, text):
            return None
        when = date_line(text)
        if when is not None:
            self.last_timestamp = i
            if self.date is None:
                self._set_date(i, when)
                return self._role(i, "date")
            return self._drop(
                i, f"timestamp inside the body (the article's date comes from line {self.date_line_no})")
        byline = parse_byline(text) if len(text) <= 120 else None
        if byline is not None and byline.names:
            if self.byline_index is None and not self.blocks:
                return self._take_byline(i, byline)
            return self._drop(i, "byline of a post or box inside the body")
        if credit_only(text) is not None:
            return self._drop(i, "photo credit with no caption next to it")
        key = norm(text)
        if key in self.seen:
            return self._drop(i, f"repeats line {self.lines[self.seen[key]].no}")
        if text.isupper() and len(text.split()) >= 5:
            return self._drop(i, "all-capitals promotion line (usually a link to another story)")
        self.seen[key] = i
        kind = "heading" if self._is_heading(i) else "paragraph"
        self.blocks.append(SeedBlock(kind, text, self.lines[i].no))
        return None

    # -- helpers for the stages -------------------------------------------------------------

    def _furniture(self, i: int, text: str) -> bool:
        rule = junk_rule(text)
        if rule is None:
            return False
        self._note_kind(i, rule.kind)
        self._drop(i, rule.reason)
        return True

    def _note_kind(self, i: int, kind: str) -> None:
        if kind == "timestamp":
            self.last_timestamp = i
        elif kind == "media":
            self.last_media = i

    def _media_title(self, i: int, text: str) -> bool:
        """The title of an embedded video, right after the player's label."""
        if self.last_media == i - 1 and is_headline_like(text):
            self._drop(i, "title of an embedded video or audio clip")
            return True
        return False

    def _metadata(self, i: int, text: str) -> bool:
        """Date and byline lines, wherever the header has them."""
        byline = parse_byline(text)
        if byline is not None and self.byline_index is None:
            self._take_byline(i, byline)
            return True
        when = date_line(text)
        if when is not None:
            if self.date is None:
                self._set_date(i, when)
            self._role(i, "date")
            return True
        if byline is not None:
            self._drop(i, "another byline")
            return True
        if credit_only(text) is not None:
            self._drop(i, "photo credit with no caption next to it")
            return True
        return False

    def _take_byline(self, i: int, byline: Byline) -> None:
        self.byline, self.byline_index = byline.names, i
        self.affiliation = byline.affiliation
        if byline.date is not None and self.date is None:
            self._set_date(i, byline.date)
        self._role(i, "byline")
        if byline.names is None and i + 1 < len(self.lines) and i + 1 not in self.roles:
            following = self.lines[i + 1].text
            if is_name_like(following, max_words=5, min_words=2) and not section_label(following):
                self.byline = following
                self._role(i + 1, "byline")

    def _set_date(self, i: int, when: dt.date) -> None:
        self.date, self.date_line_no = when, self.lines[i].no

    def _short_label(self, i: int, text: str) -> bool:
        """A line of up to three words right above a longer headline ("World news live"); a
        three-word line stays the headline when what follows reads like a deck (a sentence)."""
        words = len(text.split())
        if words > 3 or text.endswith((".", "?", "!", ":")):
            return False
        following = self._next_free(i)
        if following is None:
            return False
        after = self.lines[following].text
        return len(after.split()) >= 4 and len(after) <= 250 and (words <= 2 or not after.endswith("."))

    @staticmethod
    def _label_like(text: str) -> bool:
        """A short label ("Cities", "Local News", "Science and Technology"), not a short headline."""
        words = text.split()
        if not 1 <= len(words) <= 4 or text.endswith((".", "?", "!", ":", ",")) or len(text) > 50:
            return False
        return len(words) <= 2 or text.isupper() or all(
            w[:1].isupper() or w.casefold() in LABEL_SMALL_WORDS for w in words)

    def _headline_ahead(self, i: int) -> bool:
        """Whether a headline-sized line comes later, so that line `i` is only a label."""
        for j in range(i + 1, min(len(self.lines), i + _LABEL_REACH)):
            text = self.lines[j].text
            if len(text.split()) >= 4 and junk_rule(text) is None and date_line(text) is None:
                return True
        return False

    def _settle_labels(self) -> None:
        """Labels above the headline: a logo first, then navigation, then the section(s) nearest
        the headline; a long run of unknown labels is a menu, with no section in it."""
        labels = self.labels
        self.labels = []
        if len(labels) >= 2 and labels[0][0] == 0 and not labels[0][2] and self.outlet is None:
            self.outlet = labels[0][1]
            self._role(labels[0][0], "outlet")
            labels = labels[1:]
        keep = labels[-1:]
        if len(labels) > 3 and not labels[-1][2]:
            keep = []
        elif len(labels) >= 2 and labels[-2][2] and len(labels) <= 3:
            keep = labels[-2:]
        for index, _, _ in labels[: len(labels) - len(keep)]:
            del self.roles[index]
            self._drop(index, "navigation link above the headline")
        self.sections = [label for _, label, _ in keep]

    def _deck_like(self, text: str) -> bool:
        words = len(text.split())
        return 4 <= words and len(text) <= 400 and find_dateline(text) is None and parse_byline(text) is None \
            and date_line(text) is None

    def _marker_follows(self, i: int) -> bool:
        """Whether the next line (after plain furniture) belongs to the header, or the one
        after it is a byline or date (the next one being an unmarked photo caption)."""
        for j in range(i + 1, len(self.lines)):
            if j in self.roles:
                return True
            text = self.lines[j].text
            rule = junk_rule(text)
            if rule is not None and rule.kind == "furniture":
                continue
            if rule is not None or self._is_header_line(text):
                return True
            return len(text) <= MAX_CAPTION and self._strong_marker_within(j, 1)
        return False

    def _is_header_line(self, text: str) -> bool:
        return (
            date_line(text) is not None
            or parse_byline(text) is not None
            or credit_only(text) is not None
            or caption_label(text) is not None
            or reporting_from(text) is not None
            or bare_byline(text) is not None
            or known_outlet(text) is not None
        )

    def _strong_marker_within(self, i: int, span: int) -> bool:
        """Whether a date or byline line comes within `span` lines."""
        for j in range(i + 1, min(len(self.lines), i + 1 + span)):
            text = self.lines[j].text
            if date_line(text) is not None or parse_byline(text) is not None or reporting_from(text) is not None:
                return True
        return False

    def _next_free(self, i: int) -> int | None:
        for j in range(i + 1, len(self.lines)):
            if j not in self.roles and j not in self.dropped and junk_rule(self.lines[j].text) is None:
                return j
        return None

    def _is_heading(self, i: int) -> bool:
        """A short phrase between paragraphs (or after a live-blog timestamp)."""
        text = self.lines[i].text
        if not is_headline_like(text) or len(text) < 3:
            return False
        after_paragraph = bool(self.blocks) and self.blocks[-1].type == "paragraph"
        if not (after_paragraph or not self.blocks or self.last_timestamp == i - 1):
            return False
        for j in range(i + 1, len(self.lines)):
            if j in self.roles or j in self.dropped:
                continue
            following = self.lines[j].text
            if junk_rule(following) is not None or date_line(following) is not None:
                continue
            if parse_byline(following) is not None and len(following) <= 120:
                continue
            if box_start(following) is not None:
                return False
            return not is_headline_like(following)
        return False

    def _box_holds(self, i: int, box: BoxRule) -> bool:
        """Whether enough of the following lines belong to the box for line `i` to open it."""
        taken = 0
        for j in range(i + 1, min(len(self.lines), i + 1 + box.min_follow)):
            if j in self.roles or not box_follows(box, self.lines[j].text):
                break
            taken += 1
        return taken >= box.min_follow

    def _drop_box(self, i: int, box: BoxRule) -> int:
        self._drop(i, box.reason)
        j, taken = i + 1, 0
        while j < len(self.lines) and taken < box.max_follow:
            if j in self.roles:
                j += 1
                continue
            text = self.lines[j].text
            if not box_follows(box, text):
                break
            rule = junk_rule(text)
            self._drop(j, rule.reason if rule else f"{box.reason} (box opened on line {self.lines[i].no})")
            j, taken = j + 1, taken + 1
            if box.end is not None and box.end.fullmatch(text):
                break
        return j

    def _add_image(self, i: int, caption: str, credit: str | None, roles: dict[int, str]) -> None:
        self.images[i] = SeedImage(caption, credit, self.lines[i].no)
        self.roles.update(roles)

    def _role(self, i: int, role: str) -> None:
        self.roles[i] = role

    def _drop(self, i: int, reason: str) -> None:
        self.dropped[i] = reason

    # -- result -----------------------------------------------------------------------------

    def _article(self) -> SeedArticle:
        if self.labels:
            self._settle_labels()
        dateline = None
        for block in [b for b in self.blocks if b.type == "paragraph"][:2]:
            dateline = find_dateline(block.text)
            if dateline:
                break
        texts = [b.text for b in self.blocks[:20]] + [t for t in (self.deck, self.title and self.title.text) if t]
        return SeedArticle(
            title=self.title.text if self.title else None,
            title_line=self.title.no if self.title else None,
            outlet=self.outlet or self.affiliation,
            section=" / ".join(self.sections) or None,
            byline=self.byline,
            date=self.date.isoformat() if self.date else None,
            dateline=dateline or self.place,
            deck=self.deck,
            images=tuple(self.images[i] for i in sorted(self.images)),
            blocks=tuple(self.blocks),
            dropped=tuple(
                DroppedLine(self.lines[i].no, self.lines[i].text, reason)
                for i, reason in sorted(self.dropped.items())
            ),
            language=guess_language(texts),
            consumed=tuple((self.lines[i].no, role) for i, role in sorted(self.roles.items())),
        )
