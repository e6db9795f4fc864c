"""The head of an article: headline, deck, byline, date, section and outlet, each only where the
text really has one; a headline read with doubt is marked as a guess."""

from __future__ import annotations

import re

from .classify import (
    bare_byline,
    date_line,
    known_outlet,
    outlet_from_brand,
    parse_byline,
    section_label,
)
from .kinds import (
    BOXED,
    BYLINE,
    CAPTION,
    CREDIT,
    DATE,
    FURNITURE,
    PROSE,
    SHORT,
    separated_byline,
    stop_share,
)
from .layout import SENTENCE_END
from .reading import Reading, content_words, indented_layout, squeezed
from .textdates import find_text_date

BRAND_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+[|–—]\s+(?P<brand>[^|–—]{2,40})$")


UNDERLINED = re.compile(r"^(?P<head>.*?)\s*[_*](?P<title>[^_*]{10,})[_*]$")


SURE_TITLE = 5
"""A headline candidate's score from which it is not a guess (a headline set apart, right
above the article's byline, date or text, and laid out as a heading)."""


def read_head(article: Reading, start: int, end: int) -> int:
    """Read the head (headline, deck, byline, date, section, outlet); returns where the body
    really starts (after a standfirst the photo or byline sets apart from it)."""
    judged = article.judged
    for i in range(start):
        item = judged[i]
        match = UNDERLINED.match(item.text) if item.kind == SHORT and i not in article.roles else None
        found = find_text_date(match["head"]) if match else None
        if match and found and article.title is None:
            article.title, article.title_block = match["title"].strip(), i
            article.date = article.date or found.date.isoformat()
            article.roles[i] = ("title", "headline (underlined, after its date)")
    if article.title is None:
        glued_head(article, start)
    if article.title is None:
        find_title(article, start)
    start = find_deck(article, start, end)
    bylines_and_dates(article, start)
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


def bylines_and_dates(article: Reading, start: int) -> None:
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


def in_menu(article: Reading, index: int) -> bool:
    """Whether the block stands among menu items: the lines just before and after it are
    short labels too ("Galicia", "País Vasco")."""
    def label(k: int) -> bool:
        item = article.judged[k]
        return item.kind in (SHORT, BOXED) and not item.block.bullet and item.block.words <= 3 \
            and not SENTENCE_END.search(item.text)
    return 0 < index < len(article.judged) - 1 and label(index - 1) and label(index + 1)


def glued_head(article: Reading, start: int) -> None:
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


def title_score(article: Reading, index: int, start: int, indented: bool) -> int:
    item = article.judged[index]
    text = item.text
    words = len(text.split())
    if item.kind not in (SHORT, PROSE) or item.block.bullet or not 3 <= words <= 30 or len(text) > 220:
        return -99
    if text[:1].islower() or text.rstrip().endswith((":", ",", ";")) or "http" in text:
        return -99
    if item.kind == PROSE and (re.search(r"[.!?]\s+\S", text) or (words > 22 and SENTENCE_END.search(text))):
        return -99  # running text (more than one sentence) is never a headline
    score = 1
    if leads_to_article(article, index, start, 3):
        score += 2
    if indented and item.block.indent == 0:
        score += 2
    if item.block.gap_before and item.block.gap_after:
        score += 1
    if text.isupper() and len(re.findall(r"[^\W\d_]{2,}", text)) < 5:
        score -= 2  # a section label or a kicker ("ANALYSIS"), not a headline set in capitals
    if any(squeezed(text) in squeezed(other.text) for other in article.judged[:index]):
        score += 1  # repeated by the page's title or breadcrumb above it
    if words < 4:
        score -= 1
    if words <= 8 and bare_byline(text):
        score -= 3  # names only ("Ana Ruiz et Luc Roy"): a byline, not a headline
    if in_menu(article, index):
        score -= 3
    share = stop_share(text)
    if share == 0 and sum(1 for other in article.judged if other.text == text) > 1:
        score -= 3  # menu words printed again and again ("Debates Entrevistas Interactivos")
    return score


def leads_to_article(article: Reading, index: int, start: int, reach: int) -> bool:
    """Whether the block after `index` is the body, the article's metadata, or (within
    `reach` steps) a line that leads to them, as under a headline."""
    following = [k for k in range(index + 1, start + 1) if k not in article.roles or article.roles[k][0] != "dropped"]
    nxt = following[0] if following else start
    if nxt == start or article.judged[nxt].kind in (BYLINE, DATE, CREDIT, CAPTION) or nxt in article.roles:
        return True
    if article.judged[nxt].kind == SHORT and len(article.judged[nxt].text.split()) <= 8 \
            and bare_byline(article.judged[nxt].text):
        return True  # a name under the headline: the byline
    return reach > 1 and article.judged[nxt].kind in (SHORT, PROSE) and leads_to_article(article, nxt, start, reach - 1)


def find_title(article: Reading, start: int) -> None:
    """The headline: the best-scored line of the head. Among equals, the one nearest above
    the article's byline or date wins (menus above it list other stories' headlines);
    without them, the first; and of two likely lines in a row, the first (a headline comes
    before its deck)."""
    indented = indented_layout(article)
    metadata = [i for i in range(start) if article.judged[i].kind in (BYLINE, DATE) and not article.judged[i].block.bullet]
    below = metadata[-1] if metadata else None
    candidates = []
    for i in range(start):
        if i in article.roles:
            continue
        score = title_score(article, i, start, indented)
        if score >= 3:
            candidates.append((i, score))
    if not candidates:
        return
    index, score = max(candidates, key=lambda c: (c[1], c[0] if below is not None and c[0] < below else -c[0]))
    scores = dict(candidates)
    while scores.get(index - 1) == score:  # a headline and its deck, equally likely: the headline comes first
        index -= 1
    title, brand = split_brand(article.judged[index].text)
    article.title, article.title_block = title, index
    if score < SURE_TITLE or sum(1 for _, s in candidates if s == score) > 1:
        article.guesses.append(("title", "read as the headline from where it stands, above the article; "
                                         "nothing in the text labels it"))
    article.outlet = article.outlet or brand
    article.roles[index] = ("title", "headline")


def split_brand(text: str) -> tuple[str, str | None]:
    match = BRAND_SUFFIX.match(text)
    if match and len(match["brand"].split()) <= 4 and not SENTENCE_END.search(match["brand"]):
        return match["title"].strip(), match["brand"].strip()
    return text, None


def find_deck(article: Reading, start: int, end: int) -> int:
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
                    and not item.block.bullet and find_text_date(item.text) is None and stop_share(item.text) >= 0.15 \
                    and not (article.title and item.text.startswith(article.title)):
                article.deck = item.text
                article.roles[i] = ("deck", "deck (standfirst)")
                return start
            if item.kind not in (FURNITURE, SHORT):
                break
        if article.deck is None and start <= end and judged[start].kind == PROSE \
                and judged[start].block.words <= 100 and set_apart(article, start, end):
            body = next((k for k in range(start + 1, end + 1) if judged[k].kind == PROSE and k not in article.roles),
                        None)
            if body is not None:
                article.deck = judged[start].text
                article.roles[start] = ("deck", "deck (standfirst, set apart from the body by the photo or byline)")
                return body
        return start
    if start <= end and article.deck is None and judged[start].kind == PROSE:
        first = content_words(judged[start].text)
        after = set().union(*(content_words(judged[k].text) for k in range(start + 1, min(end, start + 3) + 1)))
        if end - start >= 3 and first and len(first & after) >= 0.8 * len(first):
            article.deck = judged[start].text
            article.roles[start] = ("deck", "deck (a summary the article then repeats)")
            article.guesses.append(("deck", "the first paragraph, taken for a summary because the next ones "
                                            "repeat it"))
            return start + 1
    return start


def set_apart(article: Reading, start: int, end: int) -> bool:
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
