"""Reading a pasted article: where the article is on the page, and what each part of it is.

`read_seed` runs the stages in order, each in a module of its own:
1. `layout`: the lines become blocks (hard wraps undone, pasted HTML read as its text);
2. `kinds`: what each block is from its own words (prose, a short line, a date, a byline, a
   photo credit, page furniture, the title of a box);
3. the editor's corrections from the sidecar (`reading:`), labelled dataset fields and mail
   signatures, here;
4. `photos`: captions and credits, however the page printed them;
5. `span`: where the article is, the run with the most running text for the least else;
6. `head`: headline, deck, byline, date and section, each only where the text has one;
7. `body`: paragraphs and subheadings, without pull quotes, teasers, bios or sign-offs.
`reading` holds the state they share. Every line of the file ends up in the article or in
`dropped`, with the reason.
"""

from __future__ import annotations

import re

from ..errors import SiteError
from .body import read_body
from .classify import find_dateline, guess_language, known_outlet
from .decode import normalise_newlines
from .head import read_head, split_brand
from .kinds import FURNITURE, PROSE, Judged, judge
from .layout import Block, split_block, split_blocks
from .model import Corrections, DroppedLine, SeedArticle, SeedBlock
from .photos import labelled_captions, photos, split_glued_captions
from .reading import Reading, block_of, indented_layout, text_indent
from .rules import FIELD_LABEL, FIELD_ROLES
from .span import after_metadata, body_span, box_contents, foreign_text
from .textdates import find_text_date

NO_CORRECTIONS = Corrections()


def read_seed(text: str, corrections: Corrections = NO_CORRECTIONS) -> SeedArticle:
    """Read a pasted article, with the editor's corrections winning over every guess.

    Pure; raises only SiteError (for text with no words at all)."""
    text = normalise_newlines(text)
    blocks = _join(split_blocks(text), corrections.join)
    if not blocks:
        raise SiteError("the seed article has no text", hint="paste the article's text into the file")
    article = Reading([judge(block) for block in blocks])
    split_glued_captions(article, corrections.not_captions | corrections.keep | corrections.drop)
    _apply_line_corrections(article, corrections)
    labelled_captions(article)
    forced = _labelled_fields(article)
    _signature(article)
    box_contents(article)
    photos(article)
    language = guess_language([j.text for j in article.judged if j.kind == PROSE] or [j.text for j in article.judged])
    foreign_text(article, language)
    article.indented = indented_layout(article)
    article.text_indent = text_indent(article)
    start, end = forced if forced else after_metadata(article, *body_span(article))
    start, end = _corrected_span(article, corrections, start, end)
    start = read_head(article, start, end)
    body = read_body(article, start, end)
    return _finish(article, body, language, text.split("\n"))


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


def _apply_line_corrections(article: Reading, corrections: Corrections) -> None:
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
        article.title, article.outlet = split_brand(article.judged[title].text)
        article.title_block = title
        article.roles[title] = ("title", "headline (set by the editor: reading: title_line)")


def _line_alone(article: Reading, line: int | None) -> int | None:
    """The index of a block holding just `line`: a wrapped block is cut around it, since the
    editor named that line (its roles are not set yet: only the order of blocks changes)."""
    index = block_of(article, line)
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


def _corrected_span(article: Reading, corrections: Corrections, start: int, end: int) -> tuple[int, int]:
    first = block_of(article, corrections.body_starts)
    last = block_of(article, corrections.body_ends)
    if first is not None:
        start = first
        end = max(end, first)
    if last is not None:
        end = last
        start = min(start, last)
    return start, end


def _labelled_fields(article: Reading) -> tuple[int, int] | None:
    """Fields a dataset labelled ("HEADLINE: ...", "titulo ..."): read as labelled; the body
    span when a body field is labelled."""
    body_start = None
    for index, judged in enumerate(article.judged[:12]):
        match = FIELD_LABEL.match(judged.text)
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
            title, brand = split_brand(rest)
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


def _signature(article: Reading) -> None:
    """A mail signature ("-- " and what follows it) is not the article."""
    for index, judged in enumerate(article.judged):
        if judged.text == "--" and index > 0:
            for rest in range(index, len(article.judged)):
                article.roles.setdefault(rest, ("dropped", "mail signature"))
            return


def _finish(article: Reading, body: list[tuple[int, str, str]], language: str, lines: list[str]) -> SeedArticle:
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
