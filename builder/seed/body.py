"""Inside the body: paragraphs and subheadings, with pull quotes, teasers, promotions glued to
a paragraph, an author's bio and a wire sign-off left out."""

from __future__ import annotations

import dataclasses
import re

from .kinds import FURNITURE, PROSE, SHORT, Judged
from .layout import SENTENCE_END, Block
from .reading import Reading, heading_like

SIGN_OFF = re.compile(r"^[a-z]{2,6}(?:/[a-z]{2,6})+$")
"""A wire service's sign-off, the initials of the agency and editors ("ats/fgn", "afp/jm")."""


AGENCY_LINE = re.compile(r"^[\w.\- ]{0,40}\((?:[\w.\- ]+,\s*)*[\w.\- ]+\)$")
"""A closing credit of initials and agencies ("FEW (EFE, Reuters)")."""


BIO_VERB = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’.\-]+\s+){1,4}(?i:is|was|es|fue|é|foi|est|était)\s+(?i:an?|the|un|una|el|la|um|uma|o|"
    r"le|l’|l')?\s*\S")


NOT_NAMES = frozenset("""reporter reporters staff press news mail daily associated agency agencies redacción
redação rédaction wire desk team afp ap reuters efe""".split())
"""Words of a byline that are not a person's name ("Daily Mail Reporter")."""


ROLE = re.compile(
    r"\b(?:journalist|reporter|correspondent|editor|writer|columnist|professor|researcher|officer|director|"
    r"periodista|corresponsal|redactor|columnista|profesor|investigador|jornalista|correspondente|repórter|"
    r"colunista|professor|pesquisador|journaliste|correspondant|rédacteur|chroniqueur|chercheur|"
    r"CEO|CHRO|CTO|founder|fundador|fondateur)", re.I)


def flush_list_heading(item: Judged, judged: list[Judged], nxt: int | None) -> bool:
    """A numbered line set further left than the text after it ("1. No descendemos..."):
    a numbered subheading, not a list of links."""
    return item.kind == FURNITURE and item.block.bullet and nxt is not None \
        and re.match(r"^\d{1,2}\.\s+\S", item.text) is not None and item.block.indent < judged[nxt].block.indent


def read_body(article: Reading, start: int, end: int) -> list[tuple[int, str, str]]:
    """(block index, type, text) of the body's paragraphs and subheadings."""
    judged = article.judged
    sign_off = next((i for i in range(start + 1, end + 1) if SIGN_OFF.match(judged[i].text)), None)
    if sign_off is not None:  # the wire service's initials end the story; what follows is the page's
        article.roles[sign_off] = ("dropped", "the wire service's sign-off (the story ends here)")
        end = sign_off - 1
    end = cut_bio(article, start, end)
    cut_glued_promotions(article, start, end)
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
        elif (item.kind == SHORT or flush_list_heading(item, judged, nxt)) and heading_like(item, True) \
                and nxt is not None and judged[nxt].kind == PROSE and out:
            out.append((i, "heading", text))
        elif item.kind == SHORT and nxt is not None and judged[nxt].kind == PROSE and out \
                and SENTENCE_END.search(text) and len(text.split()) >= 3:
            out.append((i, "paragraph", text))
            paragraphs.append((item.block.line, text))
        else:
            reason = item.reason if item.kind not in (SHORT, PROSE) else "short line between paragraphs"
            article.roles[i] = ("dropped", reason)
    last = end + 1
    if out and last < len(judged) and last not in article.roles and closing_quote(article, last):
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


PROMO_TAIL = re.compile(
    r"(?<=[.!?”\"»])\s+(?P<promo>(?:Suscr[ií]b|Subscribe|Sign up|Abonnez|Inscrivez|Assine|Inscreva|Receba|"
    r"Recibe|Descarga|Download|Follow|Síg|Siga|Suivez)[^.!?]{10,300}[.!?]?)$")


def cut_glued_promotions(article: Reading, start: int, end: int) -> None:
    """An outlet's promotion glued to the end of a paragraph ("Suscríbase aquí a la
    newsletter...") is cut off; the editor sees what was cut."""
    for i in range(start, end + 1):
        item = article.judged[i]
        if item.kind != PROSE or i in article.roles:
            continue
        match = PROMO_TAIL.search(item.text)
        if match is None:
            continue
        article.cut.append((item.block.lines[-1], match["promo"], "promotion of the outlet glued to a paragraph"))
        article.judged[i] = Judged(with_text(item.block, item.text[: match.start()].rstrip()), PROSE, item.reason)


def with_text(block: Block, text: str) -> Block:
    return dataclasses.replace(block, text=text)


def closing_quote(article: Reading, index: int) -> bool:
    """A short last paragraph that quotes someone, right after the body at its indentation,
    with nothing like running text after it."""
    item = article.judged[index]
    after = article.judged[index + 1] if index + 1 < len(article.judged) else None
    return item.kind == SHORT and item.text[:1] in "\"“«‘'" and 4 <= item.block.words <= 12 \
        and SENTENCE_END.search(item.text) is not None and item.block.indent == article.judged[index - 1].block.indent \
        and (after is None or after.kind != PROSE)


def cut_bio(article: Reading, start: int, end: int) -> int:
    """The body's end without an author's bio or a closing agency credit."""
    judged = article.judged
    names = {word for word in (article.byline or "").replace(",", " ").split()
             if word[:1].isupper() and not ROLE.fullmatch(word) and word.casefold() not in NOT_NAMES}
    for i in range(max(start + 1, end - 3), end + 1):
        item = judged[i]
        text = item.text
        head = " ".join(text.split()[:14])
        by_name = names and any(re.search(rf"\b{re.escape(n)}\b", head) for n in names if len(n) > 2)
        if (BIO_VERB.match(text) and ROLE.search(text[:200])) or (by_name and i > start + 2 and (
                not judged[i - 1].block.gap_after or judged[i - 1].kind != PROSE or judged[i].block.indent
                != judged[i - 1].block.indent)):
            for k in range(i, end + 1):
                article.roles.setdefault(k, ("dropped", "about the author (bio)"))
            return i - 1
    while end >= start and judged[end].kind in (PROSE, SHORT) and AGENCY_LINE.match(judged[end].text) \
            and len(judged[end].text.split()) <= 6:
        article.roles[end] = ("dropped", "closing credit of the writers and agencies")
        end -= 1
    return end
