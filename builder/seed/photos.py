"""Photos of a pasted page: captions with their credits, printed once, twice, glued to a
paragraph or around the credit, and the alt texts beside them."""

from __future__ import annotations

import re

from .credits import caption_and_credit, clean_credit, is_credit_text
from .kinds import CAPTION, CREDIT, DATE, PROSE, SHORT, Judged, judge
from .layout import SENTENCE_END, split_block
from .model import SeedImage
from .reading import Reading, near, same
from .rules import CREDIT_LABELS
from .textdates import find_text_date

CREDIT_WORDS = r"(?:©|\b(?:Imagen|Image|Photo|Foto|Fonte|Crédit|Crédito|Credit)\s*:)"
"""What opens a credit glued to its caption ("...naturaleza.Imagen: NASA", "... — © Name")."""
CREDIT_MARK = re.compile(CREDIT_WORDS + r"\s*[^.:]{2,90}$")
_GLUED_CREDIT = re.compile(
    r"^(?P<cap>.*?\S)\s*(?:[-–—]\s*)?(?:" + CREDIT_WORDS + r"|\bSource\s*:)\s*"
    r"(?P<credit>(?:[^.:]|\.(?=\S)){2,90}?)(?:\s*[-–—]\s*(?:Fonte|Source)\s*:.*)?$")
"""A caption with its credit after one of those words; a repeated "- Fonte: ..." after it aside."""


def split_glued_captions(article: Reading, untouched: frozenset[int]) -> None:
    """A caption glued under a paragraph with a single line end, printed twice with its
    credit ("...función. Ciertamente, ... minerales. Ciertamente, ... minerales.Imagen: NASA"):
    the paragraph and the caption become blocks of their own."""
    out: list[Judged] = []
    for index, item in enumerate(article.judged):
        mark = CREDIT_MARK.search(item.text) if item.kind == PROSE and len(item.block.lines) > 1 \
            and not untouched & set(item.block.lines) else None
        cut = doubled_tail(item.text[: mark.start()]) if mark else None
        parts = split_block(item.block, cut) if cut else None
        if parts is None or len(parts[0].text.split()) < 15 or not SENTENCE_END.search(parts[0].text):
            out.append(item)
            continue
        out.append(judge(parts[0]))
        out.append(Judged(parts[1], CAPTION, "photo caption glued under a paragraph"))
    article.judged = out


def doubled_tail(text: str) -> int | None:
    """Where a passage printed twice at the end of `text` starts, if there is one of at
    least five words."""
    text = text.rstrip()
    for size in range(len(text) // 2, 24, -1):
        first = text[len(text) - 2 * size: len(text) - size].strip()
        second = text[len(text) - size:].strip()
        if first and same(first, second) and len(first.split()) >= 5:
            start = len(text) - 2 * size
            while start < len(text) and text[start] == " ":
                start += 1
            return start if start > 0 and text[start - 1] in " " else None
    return None


def photos(article: Reading) -> None:
    """Mark the blocks that belong to photos: credits, the caption lines glued above a credit,
    a caption after a "caption" label, captions with their credit glued on, alt texts."""
    judged = article.judged
    for index, item in enumerate(judged):
        if index in article.roles or index in article.not_captions:
            continue
        glued = glued_caption(item)
        if glued is not None:
            add_image(article, index, glued[0], glued[1], "photo caption with its credit")
            continue
        if item.kind == CAPTION and item.block.image:  # the words printed with an image
            split = caption_and_credit(item.text)
            add_image(article, index, split[0] if split else item.text, split[1] if split else None,
                      "photo caption (printed with its image)")
            continue
        if index > 0 and item.kind in (PROSE, SHORT) and index - 1 not in article.roles:
            split = caption_and_credit(item.text)
            prev = judged[index - 1].text
            rest = item.text[len(prev):].strip(" -–—|") if item.text.startswith(prev) else ""
            if split is None and rest and len(rest.split()) <= 6 and not SENTENCE_END.search(rest) \
                    and SENTENCE_END.search(prev):
                split = (prev, rest)  # a caption printed again with a credit glued on
            if split is not None and same(split[0], prev):
                add_image(article, index - 1, split[0], split[1], "photo caption")
                article.roles[index] = ("caption", "photo caption printed again, with its credit")
                continue
        if item.kind != CREDIT:
            continue
        credit = credit_text(item.text)
        label = item.reason == "caption label"
        # the caption printed after a "caption" label
        if label and index + 1 < len(judged) and judged[index + 1].kind in (PROSE, SHORT, CAPTION) \
                and index + 1 not in article.not_captions:
            article.roles[index] = ("dropped", "caption label")
            caption_credit = next((credit_text(judged[k].text) for k in (index - 1,)
                                   if k >= 0 and judged[k].kind == CREDIT), None)
            add_image(article, index + 1, judged[index + 1].text, caption_credit, "photo caption")
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
        if texts and not duplicate_of_caption(article, " ".join(texts)):
            for c in caption_blocks:
                article.roles[c] = ("caption", "photo caption")
            article.images.append(SeedImage(" ".join(texts), credit, judged[caption_blocks[0]].block.line))
            after = index + 1
            if after < len(judged) and after not in article.roles and not item.block.gap_after \
                    and same(judged[after].text, " ".join(texts)):
                article.roles[after] = ("caption", "photo caption printed again under its credit")
        elif texts:
            for c in caption_blocks:
                article.roles[c] = ("caption", "photo caption, printed again")
        elif index > 0 and judged[index - 1].kind == SHORT and index - 1 not in article.roles \
                and judged[index - 1].block.gap_after and len(judged[index - 1].text.split()) <= 20 \
                and not SENTENCE_END.search(judged[index - 1].text) and "," in item.text:
            article.roles[index - 1] = ("dropped", "image description (alt text)")
        article.roles[index] = ("credit", "photo credit")


CAPTION_LABEL = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]+(?: [a-zà-ÿ]+)?: [A-ZÀ-Ý\"“‘']")
"""A caption opened by a one- or two-word label and a colon ("Tragic: Leila Fowler was ...")."""


def labelled_captions(article: Reading) -> None:
    """Captions a page opens with a short label and a colon, told by their number: one such
    line could be a headline, several on one page are its photos' captions."""
    found = [i for i, item in enumerate(article.judged)
             if i not in article.roles and item.kind in (PROSE, SHORT) and not item.block.bullet
             and CAPTION_LABEL.match(item.text) and 6 <= item.block.words <= 40]
    if len(found) < 3:
        return
    for i in found:
        article.roles[i] = ("caption", "photo caption (opened by a label and a colon, as this page prints them)")
        article.images.append(SeedImage(article.judged[i].text.split(": ", 1)[1], None, article.judged[i].block.line))


def glued_caption(item: Judged) -> tuple[str, str] | None:
    """A caption with its credit glued to it ("... 2022. — © Name", "...naturaleza.Imagen: Name",
    alt text + credit + caption: "X. Name Agence France-Presse X.")."""
    if item.kind not in (PROSE, SHORT, CAPTION) or len(item.text.split()) > 80 or item.block.bullet:
        return None
    around = credit_between_copies(item.text)
    if around is not None:
        return around
    match = _GLUED_CREDIT.match(item.text)
    if match is None:
        match = re.match(r"^(?P<cap>.*[.!?])\s*\((?P<credit>[^()]{3,80}/[^()]{2,80})\)$", item.text)
        if match is None:
            return None
    caption = undouble(match["cap"].strip(" -–—"))
    return caption, clean_credit(match["credit"].strip())


def credit_between_copies(text: str) -> tuple[str, str] | None:
    """A caption printed twice (alt text, then caption) with its credit between the copies
    ("X C X") or after them ("X X C"); notes in brackets ("[Image d'illustration]") aside."""
    words = re.sub(r"\[[^\[\]]{3,40}\]", " ", text).split()
    for size in range(len(words) // 2, 4, -1):
        head, tail = words[:size], words[-size:]
        middle = " ".join(words[size:-size])
        if head == tail and 1 <= len(words) - 2 * size <= 8 and middle[:1].isupper() \
                and not SENTENCE_END.search(middle) and (SENTENCE_END.search(" ".join(head)) or is_credit_text(middle)):
            return " ".join(head), clean_credit(middle)
        credit = " ".join(words[2 * size:])
        if words[:size] == words[size:2 * size] and 1 <= len(words) - 2 * size <= 8 and credit[:1].isupper() \
                and not SENTENCE_END.search(credit):
            return " ".join(head), clean_credit(credit)
    return None


def undouble(text: str) -> str:
    """A caption printed twice in a row (alt text, then caption) as one."""
    words = text.split()
    for cut in range(len(words) // 2 - 2, len(words) // 2 + 3):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if first and same(first, second[: len(first) + 2]) and len(second) - len(first) <= 3:
            return first
    if len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]:
        return " ".join(words[: len(words) // 2])
    return text


def credit_text(text: str) -> str | None:
    label = re.match(r"^(?:image\s+source|fuente\s+de\s+la\s+imagen|photo|foto|credit|crédito|image|imagen)"
                     r"\s*[,:]\s*(?P<rest>.+)$", text, re.I)
    return clean_credit(label["rest"] if label else text) or None


def duplicate_of_caption(article: Reading, text: str) -> bool:
    return any(same(text, image.caption) or near(text, image.caption) for image in article.images)


def add_image(article: Reading, index: int, caption: str, credit: str | None, reason: str) -> None:
    if index in article.roles or index in article.not_captions:  # the editor's word, or read already
        return
    before = index - 1
    if before >= 0 and before not in article.roles and before not in article.not_captions \
            and article.judged[before].kind in (PROSE, SHORT) and article.judged[before].block.words <= 40 \
            and near(article.judged[before].text, caption):
        article.roles[before] = ("caption", "photo description (alt text), printed again as the caption")
    if duplicate_of_caption(article, caption):
        article.roles[index] = ("caption", reason + ", printed again")
        return
    article.roles[index] = ("caption", reason)
    article.images.append(SeedImage(caption, credit, article.judged[index].block.line))
