"""Reading a pasted article: where the article is on the page, and what each part of it is.

The stages, in order:
1. `layout.split_blocks` undoes hard wraps and cuts the text into blocks;
2. `kinds.judge` says what each block is from its own words (prose, a short line, a date,
   a byline, a photo credit, page furniture, the title of a box);
3. photos are gathered (a credit and the caption lines glued above it, a "caption" label
   and the block after it) and text in another language than the article's is set apart;
4. the body is the run of blocks that holds the most running text for the least furniture
   (a maximum-sum run, as body-text extractors do): prose counts for its words, everything
   else against;
5. the head (what comes before the body) gives the headline, deck, byline, date and
   section, each only where the text really has one: nothing is made up from the body;
6. inside the body, short lines between paragraphs become subheadings, captions become
   photos, repeated text and link boxes are dropped, and an author's bio at the end is cut.
Every line of the file ends up in the article or in `dropped`, with the reason.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..errors import SiteError
from .classify import find_dateline, guess_language, is_headline_like, known_outlet, outlet_from_brand, parse_byline
from .classify import bare_byline, date_line, section_label
from .credits import caption_and_credit, clean_credit, is_credit_text
from .rules import CREDIT_LABELS, FIELD_ROLES
from .decode import normalise_newlines
from .kinds import _stop_share, separated_byline
from .kinds import BOX, BOXED, BYLINE, CAPTION, CREDIT, DATE, END, FURNITURE, PROSE, SHORT, Judged, judge
from .layout import FIELD_LABEL as _FIELD_LABEL, SENTENCE_END, Block, split_block, split_blocks
from .model import Corrections, DroppedLine, SeedArticle, SeedBlock, SeedImage

NO_CORRECTIONS = Corrections()
from .textdates import find_text_date

_BRAND_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+[|–—]\s+(?P<brand>[^|–—]{2,40})$")
_UNDERLINED = re.compile(r"^(?P<head>.*?)\s*[_*](?P<title>[^_*]{10,})[_*]$")
_SENTENCE_END = SENTENCE_END
_SIGN_OFF = re.compile(r"^[a-z]{2,6}(?:/[a-z]{2,6})+$")
"""A wire service's sign-off, the initials of the agency and editors ("ats/fgn", "afp/jm")."""
_AGENCY_LINE = re.compile(r"^[\w.\- ]{0,40}\((?:[\w.\- ]+,\s*)*[\w.\- ]+\)$")
"""A closing credit of initials and agencies ("FEW (EFE, Reuters)")."""
_BIO_VERB = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’.\-]+\s+){1,4}(?i:is|was|es|fue|é|foi|est|était)\s+(?i:an?|the|un|una|el|la|um|uma|o|"
    r"le|l’|l')?\s*\S")
_NOT_NAMES = frozenset("""reporter reporters staff press news mail daily associated agency agencies redacción
redação rédaction wire desk team afp ap reuters efe""".split())
"""Words of a byline that are not a person's name ("Daily Mail Reporter")."""
_ROLE = re.compile(
    r"\b(?:journalist|reporter|correspondent|editor|writer|columnist|professor|researcher|officer|director|"
    r"periodista|corresponsal|redactor|columnista|profesor|investigador|jornalista|correspondente|repórter|"
    r"colunista|professor|pesquisador|journaliste|correspondant|rédacteur|chroniqueur|chercheur|"
    r"CEO|CHRO|CTO|founder|fundador|fondateur)", re.I)

SURE_TITLE = 5
"""A headline candidate's score from which it is not a guess (a headline set apart, right
above the article's byline, date or text, and laid out as a heading)."""
WEIGHT_SHORT_HEADING = -2
WEIGHT_SHORT = -4
WEIGHT_METADATA = -8
WEIGHT_PHOTO = -1
WEIGHT_BOX = -20
WEIGHT_END = -100_000
"""What non-prose blocks cost a run of body text (prose earns its number of words): a
subheading or a photo (articles hold galleries) costs little, metadata more, and a box title (related stories, an author's bio,
a disclosure) splits the page, so the body never runs through one."""


@dataclass
class _Article:
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


def read_seed(text: str, corrections: Corrections = NO_CORRECTIONS) -> SeedArticle:
    """Read a pasted article, with the editor's corrections winning over every guess.

    Pure; raises only SiteError (for text with no words at all)."""
    text = normalise_newlines(text)
    blocks = _join(split_blocks(text), corrections.join)
    if not blocks:
        raise SiteError("the seed article has no text", hint="paste the article's text into the file")
    article = _Article([judge(block) for block in blocks])
    _split_glued_captions(article, corrections.not_captions | corrections.keep | corrections.drop)
    _apply_line_corrections(article, corrections)
    _labelled_captions(article)
    forced = _labelled_fields(article)
    _signature(article)
    _box_contents(article)
    _photos(article)
    language = guess_language([j.text for j in article.judged if j.kind == PROSE] or [j.text for j in article.judged])
    _foreign_text(article, language)
    article.indented = _indented_layout(article)
    article.text_indent = _text_indent(article)
    start, end = forced if forced else _after_metadata(article, *_body_span(article))
    start, end = _corrected_span(article, corrections, start, end)
    start = _read_head(article, start, end)
    body = _read_body(article, start, end)
    return _finish(article, body, language, text.split("\n"))


# -- the editor's corrections -------------------------------------------------------------------


def _join(blocks: list[Block], runs: tuple[tuple[int, int], ...]) -> list[Block]:
    """Blocks whose lines the editor said are one paragraph, made one block."""
    out: list[Block] = []
    for block in blocks:
        run = next(((a, b) for a, b in runs if a <= block.line <= b), None)
        prev = out[-1] if out else None
        if run and prev is not None and run[0] <= prev.line <= run[1] and prev.lines[-1] < block.line:
            offset = len(prev.text) + 1
            out[-1] = Block(prev.lines + block.lines, prev.text + " " + block.text, prev.indent, prev.bullet,
                            prev.gap_before, block.gap_after,
                            prev.offsets + tuple(o + offset for o in (block.offsets or (0,))))
        else:
            out.append(block)
    return out


def _block_of(article: _Article, line: int | None) -> int | None:
    if line is None:
        return None
    return next((i for i, j in enumerate(article.judged) if line in j.block.lines), None)


def _apply_line_corrections(article: _Article, corrections: Corrections) -> None:
    for i, item in enumerate(article.judged):
        lines = set(item.block.lines)
        if lines & corrections.drop:
            article.judged[i] = Judged(item.block, FURNITURE, "left out by the editor (reading: drop)")
            article.roles[i] = ("dropped", "left out by the editor (reading: drop)")
        elif lines & corrections.keep:
            article.judged[i] = Judged(item.block, PROSE, "kept by the editor (reading: keep)")
            article.roles[i] = ("keep", "kept by the editor")
        elif lines & corrections.not_captions:
            article.judged[i] = Judged(item.block, PROSE, "body text, says the editor (reading: not_captions)")
            article.not_captions.add(i)
    title = _line_alone(article, corrections.title_line)
    if title is not None:
        article.title, article.outlet = _split_brand(article.judged[title].text)
        article.title_block = title
        article.roles[title] = ("title", "headline (set by the editor: reading: title_line)")


def _line_alone(article: _Article, line: int | None) -> int | None:
    """The index of a block holding just `line`: a wrapped block is cut around it, since the
    editor named that line (its roles are not set yet: only the order of blocks changes)."""
    index = _block_of(article, line)
    if index is None or len(article.judged[index].block.lines) == 1 or article.judged[index].block.glued:
        return index
    block = article.judged[index].block
    k = block.lines.index(line)
    parts: list[Block] = []
    rest = block
    if k > 0:
        cut = split_block(rest, rest.offsets[k])
        if cut is None:
            return index
        parts.append(cut[0])
        rest = cut[1]
    if len(rest.lines) > 1:
        cut = split_block(rest, rest.offsets[1])
        if cut is None:
            return index
        parts.extend(cut)
    else:
        parts.append(rest)
    shift = {i: i + len(parts) - 1 for i in range(index + 1, len(article.judged))}
    article.roles = {shift.get(i, i): role for i, role in article.roles.items()}
    article.not_captions = {shift.get(i, i) for i in article.not_captions}
    article.judged[index:index + 1] = [judge(part) for part in parts]
    return index + (1 if k > 0 else 0)


def _corrected_span(article: _Article, corrections: Corrections, start: int, end: int) -> tuple[int, int]:
    first = _block_of(article, corrections.body_starts)
    last = _block_of(article, corrections.body_ends)
    if first is not None:
        start = first
        end = max(end, first)
    if last is not None:
        end = last
        start = min(start, last)
    return start, end


# -- labelled fields and signatures ------------------------------------------------------------


def _labelled_fields(article: _Article) -> tuple[int, int] | None:
    """Fields a dataset labelled ("HEADLINE: ...", "titulo ..."): read as labelled; the body
    span when a body field is labelled."""
    body_start = None
    for index, judged in enumerate(article.judged[:12]):
        match = _FIELD_LABEL.match(judged.text)
        if match is None:
            continue
        label = match["label"]
        lower_glued = label.islower() and match["sep"].strip() == ""
        if not (match["sep"].strip() == ":" or lower_glued):
            continue
        if lower_glued and len(match["rest"].split()) < 3:
            continue
        role = FIELD_ROLES[label.casefold()]
        rest = match["rest"].strip()
        if len(rest) >= 2 and rest[0] == rest[-1] and rest[0] in "\"'":
            rest = rest[1:-1].strip()  # a YAML front matter's quoted value
        if role == "title" and rest and article.title_block is None:
            title, brand = _split_brand(rest)
            article.title, article.title_block = title, index
            article.outlet = article.outlet or brand
            article.roles[index] = ("title", f"labelled field '{label}'")
        elif role == "body":
            if rest:
                article.judged[index] = Judged(
                    Block(judged.block.lines, rest, judged.block.indent, False, judged.block.gap_before,
                          judged.block.gap_after), PROSE, "labelled body")
                body_start = index
            else:
                article.roles[index] = ("dropped", f"field label '{label}'")
                body_start = index + 1
        elif role == "date" and rest and (found := find_text_date(rest)) is not None:
            article.date = found.date.isoformat()
            article.roles[index] = ("date", f"labelled field '{label}'")
        elif role == "byline" and rest:
            article.byline = rest
            article.roles[index] = ("byline", f"labelled field '{label}'")
        else:
            article.roles[index] = ("dropped", f"labelled field '{label}' (not part of the article's text)")
    if body_start is None or body_start >= len(article.judged):
        return None
    end = body_start
    for index in range(body_start, len(article.judged)):
        if index in article.roles:
            break
        if article.judged[index].kind == PROSE:
            end = index
    return body_start, end


def _signature(article: _Article) -> None:
    """A mail signature ("-- " and what follows it) is not the article."""
    for index, judged in enumerate(article.judged):
        if judged.text == "--" and index > 0:
            for rest in range(index, len(article.judged)):
                article.roles.setdefault(rest, ("dropped", "mail signature"))
            return


# -- photos and foreign text --------------------------------------------------------------------


_CREDIT_MARK = re.compile(r"(?:\b(?:Imagen|Image|Photo|Foto|Fonte|Crédit|Crédito|Credit)\s*:|©)\s*[^.:]{2,90}$")


def _split_glued_captions(article: _Article, untouched: frozenset[int]) -> None:
    """A caption glued under a paragraph with a single line end, printed twice with its
    credit ("...función. Ciertamente, ... minerales. Ciertamente, ... minerales.Imagen: NASA"):
    the paragraph and the caption become blocks of their own."""
    out: list[Judged] = []
    for index, item in enumerate(article.judged):
        mark = _CREDIT_MARK.search(item.text) if item.kind == PROSE and len(item.block.lines) > 1 \
            and not untouched & set(item.block.lines) else None
        cut = _doubled_tail(item.text[: mark.start()]) if mark else None
        parts = split_block(item.block, cut) if cut else None
        if parts is None or len(parts[0].text.split()) < 15 or not _SENTENCE_END.search(parts[0].text):
            out.append(item)
            continue
        out.append(judge(parts[0]))
        out.append(Judged(parts[1], CAPTION, "photo caption glued under a paragraph"))
    article.judged = out


def _doubled_tail(text: str) -> int | None:
    """Where a passage printed twice at the end of `text` starts, if there is one of at
    least five words."""
    text = text.rstrip()
    for size in range(len(text) // 2, 24, -1):
        first = text[len(text) - 2 * size: len(text) - size].strip()
        second = text[len(text) - size:].strip()
        if first and _same(first, second) and len(first.split()) >= 5:
            start = len(text) - 2 * size
            while start < len(text) and text[start] == " ":
                start += 1
            return start if start > 0 and text[start - 1] in " " else None
    return None


def _photos(article: _Article) -> None:
    """Mark the blocks that belong to photos: credits, the caption lines glued above a credit,
    a caption after a "caption" label, captions with their credit glued on, alt texts."""
    judged = article.judged
    for index, item in enumerate(judged):
        if index in article.roles or index in article.not_captions:
            continue
        glued = _glued_caption(item)
        if glued is not None:
            _add_image(article, index, glued[0], glued[1], "photo caption with its credit")
            continue
        if index > 0 and item.kind in (PROSE, SHORT) and index - 1 not in article.roles:
            split = caption_and_credit(item.text)
            prev = judged[index - 1].text
            rest = item.text[len(prev):].strip(" -–—|") if item.text.startswith(prev) else ""
            if split is None and rest and len(rest.split()) <= 6 and not _SENTENCE_END.search(rest) \
                    and _SENTENCE_END.search(prev):
                split = (prev, rest)  # a caption printed again with a credit glued on
            if split is not None and _same(split[0], prev):
                _add_image(article, index - 1, split[0], split[1], "photo caption")
                article.roles[index] = ("caption", "photo caption printed again, with its credit")
                continue
        if item.kind != CREDIT:
            continue
        credit = _credit_text(item.text)
        label = item.reason == "caption label"
        # the caption printed after a "caption" label
        if label and index + 1 < len(judged) and judged[index + 1].kind in (PROSE, SHORT, CAPTION) \
                and index + 1 not in article.not_captions:
            article.roles[index] = ("dropped", "caption label")
            caption_credit = next((_credit_text(judged[k].text) for k in (index - 1,)
                                   if k >= 0 and judged[k].kind == CREDIT), None)
            _add_image(article, index + 1, judged[index + 1].text, caption_credit, "photo caption")
            continue
        # caption lines glued right above the credit (and a photo date between)
        caption_blocks: list[int] = []
        k = index - 1
        while k >= 0 and not judged[k].block.gap_after and len(caption_blocks) < 4 and k not in article.roles \
                and k not in article.not_captions:
            if judged[k].kind == SHORT and caption_blocks and find_text_date(judged[k].text):
                break  # the article's date line above its photo
            if judged[k].kind in (PROSE, SHORT, CAPTION) or (judged[k].kind == DATE and not caption_blocks):
                caption_blocks.insert(0, k)
                k -= 1
                continue
            break
        explicit = item.text.startswith(("[", "(")) or CREDIT_LABELS.match(item.text) is not None
        if not caption_blocks and explicit and index > 0 and index - 1 not in article.roles \
                and judged[index - 1].kind in (PROSE, SHORT, CAPTION) and judged[index - 1].block.words <= 40:
            caption_blocks = [index - 1]  # "[Agency/Name]" a blank line under its caption
        texts = [judged[c].text for c in caption_blocks if judged[c].kind != DATE]
        if texts and not _duplicate_of_caption(article, " ".join(texts)):
            for c in caption_blocks:
                article.roles[c] = ("caption", "photo caption")
            article.images.append(SeedImage(" ".join(texts), credit, judged[caption_blocks[0]].block.line))
            after = index + 1
            if after < len(judged) and after not in article.roles and not item.block.gap_after \
                    and _same(judged[after].text, " ".join(texts)):
                article.roles[after] = ("caption", "photo caption printed again under its credit")
        elif texts:
            for c in caption_blocks:
                article.roles[c] = ("caption", "photo caption, printed again")
        elif index > 0 and judged[index - 1].kind == SHORT and index - 1 not in article.roles \
                and judged[index - 1].block.gap_after and len(judged[index - 1].text.split()) <= 20 \
                and not _SENTENCE_END.search(judged[index - 1].text) and "," in item.text:
            article.roles[index - 1] = ("dropped", "image description (alt text)")
        article.roles[index] = ("credit", "photo credit")


_CAPTION_LABEL = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+(?: [a-zà-ÿ]+)?: [A-ZÀ-Ý\"“‘']")
"""A caption opened by a one- or two-word label and a colon ("Tragic: Leila Fowler was ...")."""


def _labelled_captions(article: _Article) -> None:
    """Captions a page opens with a short label and a colon, told by their number: one such
    line could be a headline, several on one page are its photos' captions."""
    found = [i for i, item in enumerate(article.judged)
             if i not in article.roles and item.kind in (PROSE, SHORT) and not item.block.bullet
             and _CAPTION_LABEL.match(item.text) and 6 <= item.block.words <= 40]
    if len(found) < 3:
        return
    for i in found:
        article.roles[i] = ("caption", "photo caption (opened by a label and a colon, as this page prints them)")
        article.images.append(SeedImage(article.judged[i].text.split(": ", 1)[1], None, article.judged[i].block.line))


def _glued_caption(item: Judged) -> tuple[str, str] | None:
    """A caption with its credit glued to it ("... 2022. — © Name", "...naturaleza.Imagen: Name",
    alt text + credit + caption: "X. Name Agence France-Presse X.")."""
    if item.kind not in (PROSE, SHORT, CAPTION) or len(item.text.split()) > 80 or item.block.bullet:
        return None
    around = _credit_between_copies(item.text)
    if around is not None:
        return around
    match = re.match(
        r"^(?P<cap>.*?\S)\s*(?:[-–—]\s*)?(?:©|\b(?:Imagen|Image|Photo|Foto|Fonte|Crédit|Crédito|Credit|Source)"
        r"\s*:)\s*(?P<credit>(?:[^.:]|\.(?=\S)){2,90}?)(?:\s*[-–—]\s*(?:Fonte|Source)\s*:.*)?$", item.text)
    if match is None:
        match = re.match(r"^(?P<cap>.*[.!?])\s*\((?P<credit>[^()]{3,80}/[^()]{2,80})\)$", item.text)
        if match is None:
            return None
    caption = _undouble(match["cap"].strip(" -–—"))
    return caption, clean_credit(match["credit"].strip())


def _credit_between_copies(text: str) -> tuple[str, str] | None:
    """A caption printed twice (alt text, then caption) with its credit between the copies
    ("X C X") or after them ("X X C"); notes in brackets ("[Image d'illustration]") aside."""
    words = re.sub(r"\[[^\[\]]{3,40}\]", " ", text).split()
    for size in range(len(words) // 2, 4, -1):
        head, tail = words[:size], words[-size:]
        middle = " ".join(words[size:-size])
        if head == tail and 1 <= len(words) - 2 * size <= 8 and middle[:1].isupper() \
                and not _SENTENCE_END.search(middle) and (_SENTENCE_END.search(" ".join(head)) or is_credit_text(middle)):
            return " ".join(head), clean_credit(middle)
        credit = " ".join(words[2 * size:])
        if words[:size] == words[size:2 * size] and 1 <= len(words) - 2 * size <= 8 and credit[:1].isupper() \
                and not _SENTENCE_END.search(credit):
            return " ".join(head), clean_credit(credit)
    return None


def _undouble(text: str) -> str:
    """A caption printed twice in a row (alt text, then caption) as one."""
    words = text.split()
    for cut in range(len(words) // 2 - 2, len(words) // 2 + 3):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if first and _same(first, second[: len(first) + 2]) and len(second) - len(first) <= 3:
            return first
    if len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]:
        return " ".join(words[: len(words) // 2])
    return text


def _squeezed(text: str) -> str:
    return re.sub(r"\W+", "", text.casefold())


def _same(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+", "", s.casefold())
    return key(a) == key(b)


def _credit_text(text: str) -> str | None:
    label = re.match(r"^(?:image\s+source|fuente\s+de\s+la\s+imagen|photo|foto|credit|crédito|image|imagen)"
                     r"\s*[,:]\s*(?P<rest>.+)$", text, re.I)
    return clean_credit(label["rest"] if label else text) or None


def _duplicate_of_caption(article: _Article, text: str) -> bool:
    return any(_same(text, image.caption) or _near(text, image.caption) for image in article.images)


def _near(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def _add_image(article: _Article, index: int, caption: str, credit: str | None, reason: str) -> None:
    if index in article.roles or index in article.not_captions:  # the editor's word, or read already
        return
    before = index - 1
    if before >= 0 and before not in article.roles and before not in article.not_captions \
            and article.judged[before].kind in (PROSE, SHORT) and article.judged[before].block.words <= 40 \
            and _near(article.judged[before].text, caption):
        article.roles[before] = ("caption", "photo description (alt text), printed again as the caption")
    if _duplicate_of_caption(article, caption):
        article.roles[index] = ("caption", reason + ", printed again")
        return
    article.roles[index] = ("caption", reason)
    article.images.append(SeedImage(caption, credit, article.judged[index].block.line))


def _foreign_text(article: _Article, language: str) -> None:
    """Running text in another language than the article's is the page's interface."""
    for index, item in enumerate(article.judged):
        if item.kind == PROSE and item.language and item.language != language and index not in article.roles:
            article.judged[index] = Judged(item.block, FURNITURE, f"page text in another language ({item.language})")


MAX_BOX_LINES = 30
"""How many blocks a box of links can hold (each story a headline, its section, a date...)."""


def _box_contents(article: _Article) -> None:
    """The lines of a box of links to other stories: headlines, their dates, teasers; the
    box ends at the first running text of some length."""
    judged = article.judged
    indented = _indented_layout(article)
    for index, item in enumerate(judged):
        if item.kind != BOX:
            continue
        for k in range(index + 1, min(len(judged), index + 1 + MAX_BOX_LINES)):
            other = judged[k]
            if k in article.roles or other.kind in (BOX, END):
                break
            if indented and other.block.indent == 0 and k > index + 1 and judged[index + 1].block.indent > 0:
                break  # a text browser's next heading: the box is over
            if other.kind == PROSE and other.block.words >= 25:
                break
            if other.kind in (PROSE, SHORT, DATE, FURNITURE, BYLINE):
                judged[k] = Judged(other.block, BOXED, "in a box of links to other stories")
            if other.block.gap_after and other.kind == PROSE:
                break


# -- where the body is --------------------------------------------------------------------------


def _weight(article: _Article, index: int) -> int:
    item = article.judged[index]
    role = article.roles.get(index)
    if role is not None and role[0] in ("caption", "credit"):
        return WEIGHT_PHOTO
    if role is not None:
        return WEIGHT_METADATA if role[0] != "dropped" or role[1] != "mail signature" else WEIGHT_BOX
    if item.kind == PROSE and not item.block.glued:
        if article.indented and item.block.indent == 0:
            return WEIGHT_SHORT  # a text browser sets only headings flush left (a poll's question, a teaser)
        if article.indented and abs(item.block.indent - article.text_indent) >= 2:
            return WEIGHT_SHORT  # running text set deeper or shallower than the article's: a list of teasers
        return item.block.words
    if item.kind == BOX:
        return WEIGHT_BOX
    if item.kind == BOXED:
        return WEIGHT_SHORT
    if item.kind == END:
        return WEIGHT_END
    if item.kind == SHORT:
        return WEIGHT_SHORT_HEADING if _heading_like(item) else WEIGHT_SHORT
    if item.kind == FURNITURE and item.reason == "advertising marker":
        return WEIGHT_PHOTO  # "Advertisement" between paragraphs: inside articles
    if item.kind == FURNITURE:
        return WEIGHT_METADATA - min(item.block.words, 30)
    return WEIGHT_METADATA


def _body_span(article: _Article) -> tuple[int, int]:
    """The run of blocks with the most running text for the least of everything else."""
    best, best_span = 0, (0, -1)
    total, start = 0, 0
    for index in range(len(article.judged)):
        weight = _weight(article, index)
        if total <= 0:
            total, start = weight, index
        else:
            total += weight
        if total > best:
            best, best_span = total, (start, index)
    if best_span[1] < 0:  # no running text at all: the longest sentence-like block is the body
        candidates = [i for i, j in enumerate(article.judged) if j.kind in (SHORT, PROSE) and i not in article.roles
                      and _SENTENCE_END.search(j.text)]
        if candidates:
            longest = max(candidates, key=lambda i: (article.judged[i].block.words, -i))
            best_span = (longest, longest)
    return best_span


def _flush_list_heading(item: Judged, judged: list[Judged], nxt: int | None) -> bool:
    """A numbered line set further left than the text after it ("1. No descendemos..."):
    a numbered subheading, not a list of links."""
    return item.kind == FURNITURE and item.block.bullet and nxt is not None \
        and re.match(r"^\d{1,2}\.\s+\S", item.text) is not None and item.block.indent < judged[nxt].block.indent


def _after_metadata(article: _Article, start: int, end: int) -> tuple[int, int]:
    """The body starts after the article's byline and date: a run that takes in the
    headline and standfirst above them (a cheap photo between) starts again below them."""
    prose_seen = 0
    for k in range(start, end + 1):
        item = article.judged[k]
        if item.kind == PROSE and k not in article.roles:
            prose_seen += 1
            if prose_seen > 2:
                break
        elif item.kind in (BYLINE, DATE) and k not in article.roles:
            later = next((n for n in range(k + 1, end + 1) if article.judged[n].kind == PROSE
                          and n not in article.roles), None)
            if later is not None:
                return _after_metadata(article, later, end)
    return start, end


def _heading_like(item: Judged, numbered: bool = False) -> bool:
    text = item.text
    if item.block.bullet and not (numbered and re.match(r"^\d{1,2}\.\s", text)):
        return False
    if numbered:
        text = re.sub(r"^\d{1,2}\.\s+", "", text)
    return is_headline_like(text.rstrip(":"), max_len=140) or (text.endswith("?") and len(text.split()) <= 16) \
        or bool(re.fullmatch(r"[«\"“].{3,120}[»\"”]", text))


# -- the head: headline, deck, byline, date -----------------------------------------------------


def _read_head(article: _Article, start: int, end: int) -> int:
    """Read the head (headline, deck, byline, date, section, outlet); returns where the body
    really starts (after a standfirst the photo or byline sets apart from it)."""
    judged = article.judged
    for i in range(start):
        item = judged[i]
        match = _UNDERLINED.match(item.text) if item.kind == SHORT and i not in article.roles else None
        found = find_text_date(match["head"]) if match else None
        if match and found and article.title is None:
            article.title, article.title_block = match["title"].strip(), i
            article.date = article.date or found.date.isoformat()
            article.roles[i] = ("title", "headline (underlined, after its date)")
    if article.title is None:
        _glued_head(article, start)
    if article.title is None:
        _find_title(article, start)
    start = _find_deck(article, start, end)
    _bylines_and_dates(article, start)
    if article.date is None and article.title_block is not None:  # a date inside a credit line under the headline
        for i in range(article.title_block + 1, start):
            found = find_text_date(judged[i].text) if i not in article.roles and judged[i].block.words <= 20 else None
            if found is not None:
                article.date = found.date.isoformat()
                article.roles[i] = ("date", "date (on a line with the byline or the reading time)")
                break
    for i in range(start):  # what is left of the head is the page around the article
        if i in article.roles:
            continue
        item = judged[i]
        text = item.text
        outlet = outlet_from_brand(text) or known_outlet(text)
        label = section_label(text)
        if outlet and article.outlet is None and item.kind == SHORT:
            article.outlet = outlet
            article.roles[i] = ("outlet", "the outlet's name")
        elif label and item.kind == SHORT and article.section is None and article.title_block is not None \
                and i < article.title_block:
            article.section = label
            article.roles[i] = ("section", "section label")
        elif item.kind == SHORT and bare_byline(text) and article.byline is None and article.title_block is not None \
                and i > article.title_block and len(text.split()) <= 4:
            article.byline = bare_byline(text)
            article.roles[i] = ("byline", "byline (a name under the headline)")
            article.guesses.append(("byline", "a name under the headline, with no 'By' before it"))
        else:
            reason = item.reason if item.kind != SHORT and item.kind != PROSE else (
                "page text before the article" if article.title_block is None or i < article.title_block
                else "page text between the headline and the article")
            article.roles[i] = ("dropped", reason)
    return start


def _bylines_and_dates(article: _Article, start: int) -> None:
    """Bylines and dates of the head, those under the headline first (a page's menus carry
    today's date; the article's own date is printed with it)."""
    judged = article.judged
    after = article.title_block + 1 if article.title_block is not None else 0
    for i in [*range(after, start), *range(after)]:
        if i in article.roles:
            continue
        item = judged[i]
        if item.kind == DATE and item.block.bullet:
            continue
        if item.kind == DATE:
            date = date_line(item.text)
            if date and article.date is None:
                article.date = date.isoformat()
            article.roles[i] = ("date", "date line")
        elif item.kind == BYLINE and parse_byline(item.text) is None \
                and (separated := separated_byline(item.text)) is not None:
            names, outlet = separated
            found = find_text_date(item.text)
            article.byline = article.byline or names
            article.outlet = article.outlet or outlet
            if found and article.date is None:
                article.date = found.date.isoformat()
            article.roles[i] = ("byline", "byline, outlet and date in one line")
        elif item.kind == BYLINE:
            byline = parse_byline(item.text)
            if byline and byline.names and article.byline is None:
                article.byline = byline.names
            if byline and byline.date and article.date is None:
                article.date = byline.date.isoformat()
            article.roles[i] = ("byline", "byline")
            if byline and not byline.names and i + 1 < start and judged[i + 1].kind == SHORT:
                below = bare_byline(judged[i + 1].text)
                if below:
                    article.byline = article.byline or below
                    article.roles[i + 1] = ("byline", "byline (the name under its label)")


def _in_menu(article: _Article, index: int) -> bool:
    """Whether the block stands among menu items: the lines just before and after it are
    short labels too ("Galicia", "País Vasco")."""
    def label(k: int) -> bool:
        item = article.judged[k]
        return item.kind in (SHORT, BOXED) and not item.block.bullet and item.block.words <= 3 \
            and not _SENTENCE_END.search(item.text)
    return 0 < index < len(article.judged) - 1 and label(index - 1) and label(index + 1)


def _glued_head(article: _Article, start: int) -> None:
    """A flattened article's head (headline, then standfirst sentences, in one run of text):
    the first sentence is the headline when it reads as one, the rest the deck."""
    for i in range(start):
        item = article.judged[i]
        if i in article.roles or not item.block.glued:
            continue
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý¿¡\"“«])", item.text, maxsplit=1)
        title = sentences[0].rstrip(".")
        if 3 <= len(title.split()) <= 25 and not title[:1].islower():
            article.title, article.title_block = title, i
            article.roles[i] = ("title", "headline (the start of a flattened article)")
            if len(sentences) > 1:
                article.deck = sentences[1]
        return


def _title_score(article: _Article, index: int, start: int, indented: bool) -> int:
    item = article.judged[index]
    text = item.text
    words = len(text.split())
    if item.kind not in (SHORT, PROSE) or item.block.bullet or not 3 <= words <= 30 or len(text) > 220:
        return -99
    if text[:1].islower() or text.rstrip().endswith((":", ",", ";")) or "http" in text:
        return -99
    if item.kind == PROSE and (re.search(r"[.!?]\s+\S", text) or (words > 22 and _SENTENCE_END.search(text))):
        return -99  # running text (more than one sentence) is never a headline
    score = 1
    if _leads_to_article(article, index, start, 3):
        score += 2
    if indented and item.block.indent == 0:
        score += 2
    if item.block.gap_before and item.block.gap_after:
        score += 1
    if text.isupper():
        score -= 2
    if any(_squeezed(text) in _squeezed(other.text) for other in article.judged[:index]):
        score += 1  # repeated by the page's title or breadcrumb above it
    if words < 4:
        score -= 1
    if words <= 8 and bare_byline(text):
        score -= 3  # names only ("Ana Ruiz et Luc Roy"): a byline, not a headline
    if _in_menu(article, index):
        score -= 3
    share = _stop_share(text)
    if share == 0 and sum(1 for other in article.judged if other.text == text) > 1:
        score -= 3  # menu words printed again and again ("Debates Entrevistas Interactivos")
    return score


def _leads_to_article(article: _Article, index: int, start: int, reach: int) -> bool:
    """Whether the block after `index` is the body, the article's metadata, or (within
    `reach` steps) a line that leads to them, as under a headline."""
    following = [k for k in range(index + 1, start + 1) if k not in article.roles or article.roles[k][0] != "dropped"]
    nxt = following[0] if following else start
    if nxt == start or article.judged[nxt].kind in (BYLINE, DATE, CREDIT, CAPTION) or nxt in article.roles:
        return True
    if article.judged[nxt].kind == SHORT and len(article.judged[nxt].text.split()) <= 8 \
            and bare_byline(article.judged[nxt].text):
        return True  # a name under the headline: the byline
    return reach > 1 and article.judged[nxt].kind in (SHORT, PROSE) and _leads_to_article(article, nxt, start, reach - 1)


def _find_title(article: _Article, start: int) -> None:
    """The headline: the best-scored line of the head. Among equals, the one nearest above
    the article's byline or date wins (menus above it list other stories' headlines);
    without them, the first; and of two likely lines in a row, the first (a headline comes
    before its deck)."""
    indented = _indented_layout(article)
    metadata = [i for i in range(start) if article.judged[i].kind in (BYLINE, DATE) and not article.judged[i].block.bullet]
    below = metadata[-1] if metadata else None
    candidates = []
    for i in range(start):
        if i in article.roles:
            continue
        score = _title_score(article, i, start, indented)
        if score >= 3:
            candidates.append((i, score))
    if not candidates:
        return
    index, score = max(candidates, key=lambda c: (c[1], c[0] if below is not None and c[0] < below else -c[0]))
    scores = dict(candidates)
    while scores.get(index - 1) == score:  # a headline and its deck, equally likely: the headline comes first
        index -= 1
    title, brand = _split_brand(article.judged[index].text)
    article.title, article.title_block = title, index
    if score < SURE_TITLE or sum(1 for _, s in candidates if s == score) > 1:
        article.guesses.append(("title", "a short line above the article, with nothing but its place to say it is "
                                         "the headline"))
    article.outlet = article.outlet or brand
    article.roles[index] = ("title", "headline")


def _split_brand(text: str) -> tuple[str, str | None]:
    match = _BRAND_SUFFIX.match(text)
    if match and len(match["brand"].split()) <= 4 and not _SENTENCE_END.search(match["brand"]):
        return match["title"].strip(), match["brand"].strip()
    return text, None


def _text_indent(article: _Article) -> int:
    words: dict[int, int] = {}
    for item in article.judged:
        if item.kind == PROSE:
            words[item.block.indent] = words.get(item.block.indent, 0) + item.block.words
    return max(words, key=lambda indent: words[indent]) if words else 0


def _indented_layout(article: _Article) -> bool:
    prose = [j for j in article.judged if j.kind == PROSE]
    return bool(prose) and sum(1 for j in prose if j.block.indent >= 3) >= 0.6 * len(prose)


def _find_deck(article: _Article, start: int, end: int) -> int:
    """The standfirst: the text between the headline and the body that is neither metadata
    nor page furniture; or an opening summary the body then repeats."""
    judged = article.judged
    if article.title_block is not None:
        for i in range(article.title_block + 1, start):
            if i in article.roles:
                if article.roles[i][0] in ("byline", "date", "caption", "credit"):
                    break
                continue
            item = judged[i]
            words = item.block.words
            if article.deck is None and item.kind in (PROSE, SHORT) and 6 <= words <= 80 \
                    and not item.text[:1].islower() \
                    and not item.block.bullet and find_text_date(item.text) is None and _stop_share(item.text) >= 0.15 \
                    and not (article.title and item.text.startswith(article.title)):
                article.deck = item.text
                article.roles[i] = ("deck", "deck (standfirst)")
                return start
            if item.kind not in (FURNITURE, SHORT):
                break
        if article.deck is None and start <= end and judged[start].kind == PROSE \
                and judged[start].block.words <= 100 and _set_apart(article, start, end):
            body = next((k for k in range(start + 1, end + 1) if judged[k].kind == PROSE and k not in article.roles),
                        None)
            if body is not None:
                article.deck = judged[start].text
                article.roles[start] = ("deck", "deck (standfirst, set apart from the body by the photo or byline)")
                return body
        return start
    if start <= end and article.deck is None and judged[start].kind == PROSE:
        first = _content_words(judged[start].text)
        after = set().union(*(_content_words(judged[k].text) for k in range(start + 1, min(end, start + 3) + 1)))
        if end - start >= 3 and first and len(first & after) >= 0.8 * len(first):
            article.deck = judged[start].text
            article.roles[start] = ("deck", "deck (a summary the article then repeats)")
            article.guesses.append(("deck", "the first paragraph, taken for a summary because the next ones "
                                            "repeat it"))
            return start + 1
    return start


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3}


def _set_apart(article: _Article, start: int, end: int) -> bool:
    """Whether the body's first block is followed, before the next running text, by the
    article's photo, byline or date: the standfirst sits above them, the body below."""
    for k in range(start + 1, end + 1):
        role = article.roles.get(k)
        if role is not None and role[0] in ("caption", "credit", "byline", "date"):
            return True
        if article.judged[k].kind in (BYLINE, DATE, CREDIT, CAPTION):
            return True
        if article.judged[k].kind == PROSE and role is None:
            return False
    return False


# -- the body -----------------------------------------------------------------------------------


def _read_body(article: _Article, start: int, end: int) -> list[tuple[int, str, str]]:
    """(block index, type, text) of the body's paragraphs and subheadings."""
    judged = article.judged
    sign_off = next((i for i in range(start + 1, end + 1) if _SIGN_OFF.match(judged[i].text)), None)
    if sign_off is not None:  # the wire service's initials end the story; what follows is the page's
        article.roles[sign_off] = ("dropped", "the wire service's sign-off (the story ends here)")
        end = sign_off - 1
    end = _cut_bio(article, start, end)
    _cut_glued_promotions(article, start, end)
    out: list[tuple[int, str, str]] = []
    paragraphs: list[tuple[int, str]] = []
    for i in range(start, end + 1):
        if i in article.roles:
            continue
        item = judged[i]
        text = item.text
        nxt = next((k for k in range(i + 1, end + 1) if k not in article.roles), None)
        if item.kind == PROSE or (item.kind == SHORT and start == end):
            earlier = next((line for line, p in paragraphs if p == text), None)
            if earlier is not None:
                article.roles[i] = ("dropped", f"repeats line {earlier}")
                continue
            teaser = text.rstrip(".… ") if text.endswith(("...", "…")) else ""
            if teaser and len(teaser) > 40 and any(judged[k].text.startswith(teaser) for k in range(i + 1, min(end, i + 3) + 1)):
                article.roles[i] = ("dropped", "teaser repeating the start of the article")
                continue
            if any(text != p and text in p for _, p in paragraphs) or (
                    len(text.split()) < 40 and any(text != judged[k].text and text in judged[k].text
                                                   for k in range(i + 1, min(end, i + 3) + 1))):
                article.roles[i] = ("dropped", "pull quote repeating the article's text")
                continue
            out.append((i, "paragraph", text))
            paragraphs.append((item.block.line, text))
        elif (item.kind == SHORT or _flush_list_heading(item, judged, nxt)) and _heading_like(item, True) \
                and nxt is not None and judged[nxt].kind == PROSE and out:
            out.append((i, "heading", text))
        elif item.kind == SHORT and nxt is not None and judged[nxt].kind == PROSE and out \
                and _SENTENCE_END.search(text) and len(text.split()) >= 3:
            out.append((i, "paragraph", text))
            paragraphs.append((item.block.line, text))
        else:
            reason = item.reason if item.kind not in (SHORT, PROSE) else "short line between paragraphs"
            article.roles[i] = ("dropped", reason)
    last = end + 1
    if out and last < len(judged) and last not in article.roles and _closing_quote(article, last):
        out.append((last, "paragraph", judged[last].text))  # a last short quote ("“More will come,” she said.")
    while out and out[-1][1] == "heading":
        index = out.pop()[0]
        article.roles[index] = ("dropped", "label after the article's last paragraph")
    kept = [(i, "paragraph", judged[i].text) for i, role in article.roles.items() if role[0] == "keep"]
    out = sorted(out + kept)
    for i in range(end + 1, len(judged)):
        if i not in article.roles:
            item = judged[i]
            reason = item.reason if item.kind not in (SHORT, PROSE) else "page text after the article"
            article.roles[i] = ("dropped", reason)
    return out


_PROMO_TAIL = re.compile(
    r"(?<=[.!?”\"»])\s+(?P<promo>(?:Suscr[ií]b|Subscribe|Sign up|Abonnez|Inscrivez|Assine|Inscreva|Receba|"
    r"Recibe|Descarga|Download|Follow|Síg|Siga|Suivez)[^.!?]{10,300}[.!?]?)$")


def _cut_glued_promotions(article: _Article, start: int, end: int) -> None:
    """An outlet's promotion glued to the end of a paragraph ("Suscríbase aquí a la
    newsletter...") is cut off; the editor sees what was cut."""
    for i in range(start, end + 1):
        item = article.judged[i]
        if item.kind != PROSE or i in article.roles:
            continue
        match = _PROMO_TAIL.search(item.text)
        if match is None:
            continue
        article.cut.append((item.block.lines[-1], match["promo"], "promotion of the outlet glued to a paragraph"))
        article.judged[i] = Judged(_with_text(item.block, item.text[: match.start()].rstrip()), PROSE, item.reason)


def _with_text(block: Block, text: str) -> Block:
    return dataclasses.replace(block, text=text)


def _closing_quote(article: _Article, index: int) -> bool:
    """A short last paragraph that quotes someone, right after the body at its indentation,
    with nothing like running text after it."""
    item = article.judged[index]
    after = article.judged[index + 1] if index + 1 < len(article.judged) else None
    return item.kind == SHORT and item.text[:1] in "\"“«‘'" and 4 <= item.block.words <= 12 \
        and _SENTENCE_END.search(item.text) is not None and item.block.indent == article.judged[index - 1].block.indent \
        and (after is None or after.kind != PROSE)


def _cut_bio(article: _Article, start: int, end: int) -> int:
    """The body's end without an author's bio or a closing agency credit."""
    judged = article.judged
    names = {word for word in (article.byline or "").replace(",", " ").split()
             if word[:1].isupper() and not _ROLE.fullmatch(word) and word.casefold() not in _NOT_NAMES}
    for i in range(max(start + 1, end - 3), end + 1):
        item = judged[i]
        text = item.text
        head = " ".join(text.split()[:14])
        by_name = names and any(re.search(rf"\b{re.escape(n)}\b", head) for n in names if len(n) > 2)
        if (_BIO_VERB.match(text) and _ROLE.search(text[:200])) or (by_name and i > start + 2 and (
                not judged[i - 1].block.gap_after or judged[i - 1].kind != PROSE or judged[i].block.indent
                != judged[i - 1].block.indent)):
            for k in range(i, end + 1):
                article.roles.setdefault(k, ("dropped", "about the author (bio)"))
            return i - 1
    while end >= start and judged[end].kind in (PROSE, SHORT) and _AGENCY_LINE.match(judged[end].text) \
            and len(judged[end].text.split()) <= 6:
        article.roles[end] = ("dropped", "closing credit of the writers and agencies")
        end -= 1
    return end


# -- the result ---------------------------------------------------------------------------------


def _finish(article: _Article, body: list[tuple[int, str, str]], language: str, lines: list[str]) -> SeedArticle:
    judged = article.judged
    blocks = tuple(SeedBlock(kind, text, judged[i].block.line, judged[i].block.lines) for i, kind, text in body)
    dateline = None
    paragraphs = [b for b in blocks if b.type == "paragraph"]
    if paragraphs:
        dateline = find_dateline(paragraphs[0].text)
        if article.outlet is None:
            match = re.match(r"^[^()]{2,60}\((?P<agency>[A-Z][\w.\- ]{1,20})\)", paragraphs[0].text)
            if match:
                article.outlet = known_outlet(match["agency"]) or match["agency"]
    consumed: list[tuple[int, str]] = []
    dropped: list[DroppedLine] = []
    body_lines = {line for b in blocks for line in b.lines}
    last_body_line = max(body_lines, default=0)
    seen: set[int] = set(body_lines)
    for index, item in enumerate(judged):
        role, reason = article.roles.get(index, ("dropped", item.reason))
        for line in item.block.lines:
            if line in seen:
                continue
            seen.add(line)
            if role in ("caption", "credit") and line > last_body_line:
                role, reason = "dropped", "photo of another story, after the article"
            if role in ("title", "deck", "byline", "date", "caption", "credit", "outlet", "section"):
                consumed.append((line, role))
            else:
                dropped.append(DroppedLine(line, lines[line - 1].strip(), reason))
    for line, text, reason in article.cut:
        dropped.append(DroppedLine(line, text, reason, part=True))
    last_body_line = max((line for b in blocks for line in b.lines), default=0)
    images = [image for image in article.images if image.line <= last_body_line]
    title_line = judged[article.title_block].block.line if article.title_block is not None else None
    return SeedArticle(
        title=article.title, title_line=title_line, outlet=article.outlet, section=article.section,
        byline=article.byline, date=article.date, dateline=dateline, deck=article.deck,
        images=tuple(images), blocks=blocks, dropped=tuple(sorted(dropped, key=lambda d: d.line)),
        language=language, consumed=tuple(sorted(consumed)), guesses=tuple(article.guesses),
    )
