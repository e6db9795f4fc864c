"""From pasted lines to blocks: undo hard wraps, keep real paragraph breaks.

Pasted text arrives in many layouts: a blank line between paragraphs, one paragraph per
line, lines wrapped at a fixed width by a text browser or a mail program (with or without
a trailing space at each soft break), a whole article flattened into one line. This stage
reads the layout from the text itself and cuts it into blocks, each the lines that one
paragraph, heading, caption or menu item was printed on; what a block *is* is decided
later, from its words.
"""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass

from .classify import junk_rule, parse_byline
from .rules import FIELD_LABEL, MAIL_HEADER

_BULLET = re.compile(r"(?:[*+•·▪◦–-]|\d{1,3}[.)])(?:\s+|$)")
"""A list item's marker, as text browsers and pasted lists print it."""
_WORD = re.compile(r"\S+")
SENTENCE_END = re.compile(r"[.!?…][\s\u00a0\u202f]?[\"”’'»)\]]*$")
"""How a sentence ends: a full stop, question or exclamation mark or ellipsis, maybe a
closing quote or bracket after it (French puts a space before »)."""
_SENTENCE_END = re.compile(r"(?:[.!?…:][\s\u00a0\u202f]?)[\"”’'»)\]]*$")
_SOFT_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_FLAT_HEAD = re.compile(r"[.!?]\.?\s{2,}(?=\S)")
"""Where a dataset that flattened an article into one line glued its head (headline and
standfirst) to the body: a sentence end followed by two or more spaces."""

_HTML_PARAGRAPH = re.compile(r"</?p\b[^<>]*>|<br\s*/?>|</?div\b[^<>]*>", re.I)
_EMBED = re.compile(r"<blockquote\b[^>]*class=\"(?:twitter-tweet|instagram-media|tiktok-embed|fb-xfbml)", re.I)
"""An embedded social-media post, which pages paste with the article."""
_BLOCK_TAG_START = re.compile(r"\s*<(?:p|br|div|h[1-6]|li|tr|td|blockquote|center|table|ul|ol)\b", re.I)
_BLOCK_TAG_END = re.compile(r"(?:</(?:p|div|h[1-6]|li|td|tr|blockquote|center|table)>|<br\s*/?>)\s*$", re.I)
_KEY_VALUE = re.compile(r"^[a-z][\w-]*:\s")
"""A `key: value` line, as in a YAML front matter."""
_GLUED_LABEL = re.compile(r"(?<=\S)\b(?:[A-ZÁÉÍÓÚÑÇÃÕ]{2,} ){0,4}[A-ZÁÉÍÓÚÑÇÃÕ]{3,}:")
"""An upper-case field label glued to the text before it ("...son...CUERPO DE LA NOTICIA:")."""
_QUOTED = re.compile(r'^(\s*)(?:"""|\'\'\')|(?:"""|\'\'\')(\s*)$')
"""Triple quotes around the whole text: a program's string the article was pasted into."""
_ESCAPED = re.compile(r"\\([\"'*_#\[\]()`])")
_MD_LINK = re.compile(r"\[([^\[\]]{1,200})\]\((?:https?://|/)[^)\s]*\)(?:\{[^{}]{0,40}\})?")
"""A Markdown link to an address: read as its words."""
IMAGE_ONLY = "<image>"
"""What a line that held only an image is read as, so that it is still accounted for."""
_MD_PICTURE = re.compile(r"!\[([^\]]*)\]\([^)\s]*\)")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)|\[\]")
"""A Markdown image (`![alt](address)`) or an image's empty placeholder (`[]`), left by a
scraper that kept the page's markup."""


MARKUP_ONLY = "<markup>"
"""What a line of pasted HTML that holds no text of the article (a script, an embedded post)
is read as, so that it is still accounted for."""


def without_markup(line: str) -> str:
    """A line of pasted HTML as its text: scripts and embedded posts gone, tags removed,
    entities decoded."""
    if _EMBED.search(line):
        return MARKUP_ONLY
    original = line
    line = re.sub(r"<script\b.*?(?:</script>|$)|<style\b.*?(?:</style>|$)", " ", line, flags=re.I)
    line = re.sub(r"</?(?:a|em|strong|b|i|u|span|font|img|sup|sub|small)\b[^<>]*>", "", line, flags=re.I)
    line = re.sub(r"<[^<>]*>|^[^<]*?>(?=\s*<|$)|<[^<>]*$", " ", line)
    line = re.sub(r"(?<=\S) {2,}(?=\S)", " ", html.unescape(line))
    return line if line.strip() or not original.strip() else MARKUP_ONLY


MIN_WRAP, MAX_WRAP = 40, 140
"""Widths (in characters) a hard-wrapped text can have been wrapped at."""
WRAP_SLACK = 4
"""Columns of doubt in the wrap width: wrappers count bytes or characters, and some keep a margin."""
HAND_WRAP = 90
"""A line that ends a sentence and a trailing space runs on only when it is this short
(wrapped by hand); a longer one is a paragraph of its own."""
FLAT_LINE = 1500
"""A line this long holding most of the text is a flattened article."""


@dataclass(frozen=True, slots=True)
class Block:
    """The lines one paragraph, heading, caption or menu item of the page was printed on."""

    lines: tuple[int, ...]
    """1-based numbers of its lines in the file."""
    text: str
    """Its lines joined with one space each (wraps undone); inside a line, the text as received."""
    indent: int
    """Columns of indentation of its first line (tabs count as one column each)."""
    bullet: bool
    """It starts with a list marker (`*`, `+`, `-`, `1.`)."""
    gap_before: bool
    """A blank line (or the start of the file) comes before it."""
    gap_after: bool
    """A blank line (or the end of the file) comes after it."""
    offsets: tuple[int, ...] = ()
    """Where each of its lines starts in `text`."""
    glued: bool = False
    """It is the head (headline and standfirst) cut out of the front of a flattened article's line."""
    image: bool = False
    """Its line held a Markdown image: its text is that image's caption."""

    @property
    def line(self) -> int:
        return self.lines[0]

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class _Line:
    no: int
    raw: str
    """The line without its line end and without trailing whitespace."""
    text: str
    """Stripped of the whitespace around it; inside, as received."""
    indent: int
    trailing_space: bool
    breaks: tuple[bool, bool] = (False, False)
    """Pasted HTML starts (or ends) a paragraph here: a block tag opens (or closes) the line."""
    image: bool = False
    """A Markdown image stood on the line (what is left of it is the image's caption)."""


def split_blocks(text: str) -> list[Block]:
    """The blocks of `text` (newlines already `\\n`), in file order."""
    lines: list[_Line | None] = []
    text = _QUOTED.sub(lambda m: (m.group(1) or "") + (m.group(2) or ""), text)
    if len(_ESCAPED.findall(text)) >= 3:  # Markdown written by a converter: \" is "
        text = _ESCAPED.sub(r"\1", text)
    markup = len(_HTML_PARAGRAPH.findall(text)) >= 3  # a page's HTML source, not text that quotes some
    for no, raw in enumerate(text.split("\n"), start=1):
        breaks = (False, False)
        if markup:
            breaks = (bool(_BLOCK_TAG_START.match(raw)), bool(_BLOCK_TAG_END.search(raw)))
            raw = without_markup(raw)
        picture = _MD_PICTURE.search(raw)
        placeholder = picture is None and _MD_IMAGE.search(raw) is not None  # `[]`: an image left empty
        raw = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(" ", raw))
        body = raw.rstrip(" \t\u00a0\r\f\v")
        clean = body.strip()
        if not clean and (picture or placeholder):
            body = clean = IMAGE_ONLY  # still accounted for, as the image it stood for
        alt = " ".join(picture[1].split()) if picture else ""
        image = clean == IMAGE_ONLY or picture is not None and (
            " ".join(clean.split()).startswith(alt[:30]) and alt != "" or len(clean.split()) <= 20)
        if not clean:
            lines.append(None)
            continue
        if image:
            breaks = (True, True)  # an image and its caption stand apart from the text
        indent = len(body) - len(body.lstrip(" \t\u00a0"))
        lines.append(_Line(no, body, clean, indent, len(body) < len(raw.rstrip("\r")), breaks, image))
    width = wrap_width([line for line in lines if line is not None], lines)
    soft_spaces = uses_trailing_space_wraps(lines)
    blocks: list[Block] = []
    current: list[_Line] = []
    gap_before = True

    def close(gap_after: bool) -> None:
        nonlocal current, gap_before
        if current:
            blocks.append(_make_block(current, gap_before, gap_after))
            gap_before = False
        current = []

    for index, line in enumerate(lines):
        if line is None:
            close(True)
            gap_before = True
            continue
        if current and not _continues(current, line, width, soft_spaces):
            close(False)
        current.append(line)
    close(True)
    blocks = _unflatten(blocks, {line.no: line.raw.strip() for line in lines if line is not None})
    return _split_glued_labels(blocks)


def wrap_width(present: list[_Line], lines: list[_Line | None]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None when its lines are not wrapped.

    A wrapped text has many lines that run on into the next one and end near one width:
    at least half of the lines followed by another line of the same block are within 20
    columns of the widest of them.
    """
    following = [  # lines that run on into a next one and are long enough to have been wrapped (not menus)
        line for line, after in zip(lines, lines[1:])
        if line is not None and after is not None and after.indent >= line.indent - 2
        and not _BULLET.match(after.text) and len(line.raw) >= MIN_WRAP
    ]
    short = [line for line in following if len(line.raw) <= MAX_WRAP]
    lengths = sorted(len(line.raw.expandtabs(1)) for line in short)
    if len(lengths) < 5 or len(lengths) < len(following) / 2:
        return None
    if sum(1 for line in short if _SENTENCE_END.search(line.text)) > 0.4 * len(short):
        return None  # lines that run on but end sentences: one paragraph per line, not wraps
    widest = lengths[int(len(lengths) * 0.9) - (1 if len(lengths) >= 10 else 0)] if lengths else 0
    widest = max(widest, lengths[-1] if lengths[-1] <= widest + 6 else widest)
    if widest < MIN_WRAP:
        return None
    near = sum(1 for n in lengths if n >= widest - 20)
    return widest if near >= len(lengths) * 0.5 else None


def uses_trailing_space_wraps(lines: list[_Line | None]) -> bool:
    """Whether the text marks soft line breaks with a trailing space (as mail programs and
    some editors do): several lines that end in a space run on into a next line."""
    runs_on = sum(
        1 for line, after in zip(lines, lines[1:])
        if line is not None and after is not None and line.trailing_space
        and not _SENTENCE_END.search(line.text)
    )
    return runs_on >= 2


def _continues(current: list[_Line], line: _Line, width: int | None, soft_spaces: bool) -> bool:
    """Whether `line` goes on the paragraph printed on `current` (a soft wrap)."""
    prev = current[-1]
    first = current[0]
    if line.breaks[0] or prev.breaks[1] or _BULLET.match(line.text):
        return False
    if junk_rule(line.text) is not None or junk_rule(prev.text) is not None or MAIL_HEADER.match(line.text):
        return False
    if len(line.text) < 80 and parse_byline(line.text) is not None:
        return False  # "By Name" starts a line of its own
    if line.indent != prev.indent:
        marker = _BULLET.match(first.text)
        hanging = first.indent + (marker.end() if marker else 0)
        first_line_indent = len(current) == 1 and not marker and line.indent < prev.indent and line.indent <= 1
        if not (marker and abs(line.indent - hanging) <= 1) and not first_line_indent:
            return False
    if line.text[:1].islower() and not _SENTENCE_END.search(prev.text) and not _BULLET.match(first.text) \
            and not FIELD_LABEL.match(line.text) and not _KEY_VALUE.match(line.text):
        return True  # a paragraph does not start in lower case: the line was broken inside a sentence
    prev_len = len(prev.raw.expandtabs(1))
    if soft_spaces and prev.trailing_space and prev_len <= MAX_WRAP + 20 \
            and (not _SENTENCE_END.search(prev.text) or prev_len <= HAND_WRAP):
        return True
    if width is None:
        return False
    next_word = _WORD.match(line.text)
    room = width - prev_len - 1 - WRAP_SLACK
    if next_word is None or len(next_word.group(0)) <= room:
        return False  # the next word would have fitted, with room to spare: the line ended on purpose
    if _SENTENCE_END.search(prev.text) and _is_label(line, current):
        return False
    return True


def _is_label(line: _Line, current: list[_Line]) -> bool:
    """A short line with no sentence end after a paragraph's last sentence: an image's
    alt text or a box title glued under a paragraph, not its next wrapped line."""
    return len(line.text) < 60 and not _SENTENCE_END.search(line.text) and len(current) >= 2


def _make_block(lines: list[_Line], gap_before: bool, gap_after: bool) -> Block:
    text = lines[0].text
    offsets = [0]
    for line in lines[1:]:
        if _SOFT_HYPHEN_END.search(text) and line.text[:1].islower():
            offsets.append(len(text))
            text += line.text  # "Friday-" + "night" -> "Friday-night"
        else:
            offsets.append(len(text) + 1)
            text += " " + line.text
    first = lines[0]
    return Block(
        lines=tuple(line.no for line in lines), text=text, indent=first.indent,
        bullet=bool(_BULLET.match(first.text)), gap_before=gap_before, gap_after=gap_after,
        offsets=tuple(offsets), image=first.image,
    )


def split_block(block: Block, at: int) -> tuple[Block, Block] | None:
    """`block` cut in two at character `at`, each part with the lines it was printed on
    (a line that holds both parts stays with the first); None when no whole line is left
    for the second part."""
    second = [k for k, offset in enumerate(block.offsets) if offset >= at]
    if not second or second[0] == 0:
        return None
    k = second[0]
    head = Block(block.lines[:k], block.text[:at].rstrip(), block.indent, block.bullet, block.gap_before,
                 False, block.offsets[:k])
    tail_start = block.offsets[k]
    tail = Block(block.lines[k:], block.text[tail_start:], block.indent, False, False, block.gap_after,
                 tuple(offset - tail_start for offset in block.offsets[k:]))
    return head, tail


def _split_glued_labels(blocks: list[Block]) -> list[Block]:
    """A dataset's export that glues its labelled fields together ("TITULO: ...CUERPO DE LA
    NOTICIA: ..."): each field a block of its own (on the same line)."""
    if not blocks or not (FIELD_LABEL.match(blocks[0].text) and blocks[0].text.split(":")[0].isupper()):
        return blocks
    out: list[Block] = []
    for block in blocks:
        cuts = [m.start() for m in _GLUED_LABEL.finditer(block.text) if m.start() > 0]
        if not cuts:
            out.append(block)
            continue
        for first, (start, end) in enumerate(zip([0, *cuts], [*cuts, len(block.text)])):
            part = block.text[start:end].strip()
            if part:
                out.append(dataclasses.replace(block, text=part, offsets=(0,), bullet=False,
                                               gap_before=block.gap_before and first == 0,
                                               gap_after=block.gap_after and end == len(block.text)))
    return out


def _unflatten(blocks: list[Block], raw: dict[int, str]) -> list[Block]:
    """A flattened article's glued head (headline and standfirst) as a block of its own."""
    total = sum(len(block.text) for block in blocks)
    out: list[Block] = []
    for block in blocks:
        line = raw[block.line] if len(block.lines) == 1 else ""
        cut = _FLAT_HEAD.search(line[:600]) if len(block.text) >= FLAT_LINE \
            and len(block.text) >= 0.6 * total else None
        if cut is None or cut.start() < 20:
            out.append(block)
            continue
        head = line[: cut.start() + 1].strip().rstrip(".") + "."
        out.append(Block(block.lines, head, block.indent, False, block.gap_before, False, glued=True))
        out.append(Block(block.lines, line[cut.end():].strip(), block.indent, False, False, block.gap_after))
    return out
