"""Where the article is on the page: the run of blocks with the most running text for the
least of everything else (a maximum-sum run, as body-text extractors find it)."""

from __future__ import annotations

from .kinds import BOX, BOXED, BYLINE, DATE, END, FURNITURE, PROSE, SHORT, Judged
from .layout import SENTENCE_END
from .reading import Reading, heading_like, indented_layout

WEIGHT_SHORT_HEADING = -2


WEIGHT_SHORT = -4


WEIGHT_METADATA = -8


WEIGHT_PHOTO = -1


WEIGHT_BOX = -20


WEIGHT_END = -100_000
"""What non-prose blocks cost a run of body text (prose earns its number of words): a
subheading or a photo (articles hold galleries) costs little, metadata more, and a box title (related stories, an author's bio,
a disclosure) splits the page, so the body never runs through one."""


def foreign_text(article: Reading, language: str) -> None:
    """Running text in another language than the article's is the page's interface."""
    for index, item in enumerate(article.judged):
        if item.kind == PROSE and item.language and item.language != language and index not in article.roles:
            article.judged[index] = Judged(item.block, FURNITURE, f"page text in another language ({item.language})")


MAX_BOX_LINES = 30
"""How many blocks a box of links can hold (each story a headline, its section, a date...)."""


def box_contents(article: Reading) -> None:
    """The lines of a box of links to other stories: headlines, their dates, teasers; the
    box ends at the first running text of some length."""
    judged = article.judged
    indented = indented_layout(article)
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


def weight(article: Reading, index: int) -> int:
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
        return WEIGHT_SHORT_HEADING if heading_like(item) else WEIGHT_SHORT
    if item.kind == FURNITURE and item.reason == "advertising marker":
        return WEIGHT_PHOTO  # "Advertisement" between paragraphs: inside articles
    if item.kind == FURNITURE:
        return WEIGHT_METADATA - min(item.block.words, 30)
    return WEIGHT_METADATA


def body_span(article: Reading) -> tuple[int, int]:
    """The run of blocks with the most running text for the least of everything else."""
    best, best_span = 0, (0, -1)
    total, start = 0, 0
    for index in range(len(article.judged)):
        cost = weight(article, index)
        if total <= 0:
            total, start = cost, index
        else:
            total += cost
        if total > best:
            best, best_span = total, (start, index)
    if best_span[1] < 0:  # no running text at all: the longest sentence-like block is the body
        candidates = [i for i, j in enumerate(article.judged) if j.kind in (SHORT, PROSE) and i not in article.roles
                      and SENTENCE_END.search(j.text)]
        if candidates:
            longest = max(candidates, key=lambda i: (article.judged[i].block.words, -i))
            best_span = (longest, longest)
    return best_span


def after_metadata(article: Reading, start: int, end: int) -> tuple[int, int]:
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
                return after_metadata(article, later, end)
    return start, end
