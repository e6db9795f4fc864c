"""What one block of a pasted page is, judged from its own words: prose, a short line, or
one of the page's parts (furniture, a date, a byline, a photo credit).

Each judgement carries the reason an editor is shown; the reader then decides from the
blocks around it where the article is (`read.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .classify import bare_byline, date_line, junk_rule, language_counts, parse_byline
from .credits import is_credit_text
from .layout import IMAGE_ONLY, MARKUP_ONLY, SENTENCE_END, Block
from .rules import BOX_TITLE_START, BOX_TITLES, CAPTION_LABELS, CREDIT_LABELS, END_TITLES, MAIL_HEADER
from .textdates import find_text_date

PROSE, SHORT, FURNITURE, DATE, BYLINE, CREDIT, CAPTION, BOX, BOXED, END = (
    "prose", "short", "furniture", "date", "byline", "credit", "caption", "box", "boxed", "end")
"""The kinds of block. `box` is the title of a box of links to other stories, which pages
also put inside an article, and `boxed` a line of such a box; `end` the title of what only follows or precedes an article
(an author's bio, a disclosure, partners, comments, tags, the footer): the article never
runs through one."""

_SENTENCE_END = SENTENCE_END
_TEXT_BROWSER = re.compile(
    r"^(?:IFRAME:|\(BUTTON\)|\(Recherche\)|#\S|<none>|\[\S[^\]]{0,40}\]$)|_{4,}|\(BUTTON\)", re.I)
"""What a text browser prints for frames, buttons, form fields and feed links."""
_ADDRESS_PIECE = re.compile(r"^\S*(?:[/=%&?]|\.\w{2,4}/)\S*$")
"""A line that is a piece of a web address (a wrapped tracking URL)."""
_PHOTO_LABEL = re.compile(r"^(?:Foto|Photo|Imagen|Image|Fotografía|Photographie|Ilustración|Illustration)\s*:\s*"
                          r"[a-záéíóúàèìòùâêîôûçñ]")
"""A caption after its label ("Foto: puntas de lanza de la cultura Clovis")."""
_NEIGHBOUR_STORY = re.compile(
    r"^(?:artigo anterior|próximo artigo|previous (?:article|story|post)|next (?:article|story|post)|"
    r"artículo anterior|siguiente artículo|noticia anterior|siguiente noticia|article précédent|article suivant|"
    r"matéria anterior|próxima matéria)\b", re.I)
_CUT_HEADLINE = re.compile(r"[^\W\d_]\s?(?:…|\.\.\.)$")
"""A headline cut short with an ellipsis, as lists of other stories print them."""
_TEASER = re.compile(r"^(?:\[…\]|\[\.\.\.\])|(?:\(…\)|\[…\]|\(\.\.\.\)|\[\.\.\.\])$")
"""A teaser of another page, cut with an ellipsis in brackets."""
_PROMO = re.compile(
    r"\b(?:suscr[ií]b(?:ase|ete|irse)|subscribe\s+(?:to|now|here)|sign\s+up|abonnez-vous|en\s+vous\s+abonnant|"
    r"inscrivez-vous|assine|inscreva-se|descarga\s+nuestra\s+app|download\s+(?:our|the)\s+app|"
    r"recibir\s+notificaciones|receba\s+(?:as\s+)?not[ií]cias|newsletter|publié\s+en\s+accès\s+libre|"
    r"téléchargez\s+l'appli|baixe\s+o\s+app|faça\s+parte\s+do\s+(?:nosso\s+)?(?:grupo|canal)|"
    r"únete\s+a\s+nuestro|en\s+téléchargeant\s+l'application|bo[iî]te\s+(?:mail|de\s+réception)|^newsletter|join\s+our\s+(?:whatsapp|telegram|channel)|rejoignez\s+notre|"
    r"mantenha-se\s+(?:bem\s+)?informado|in\s+your\s+inbox|dans\s+votre\s+boîte|en\s+tu\s+(?:correo|bandeja)|"
    r"i\s+accept\s+the|j'accepte\s+les|acepto\s+(?:la|los)|privacy\s+policy)\b", re.I)
"""Sentences that sell the outlet (newsletters, apps, subscriptions)."""
_SHARE_WORD = re.compile(r"^(?:icon\s+)?(?:facebook|twitter|x|linkedin|whatsapp|telegram|messenger|e-?mail|"
                         r"envelope\s+e-mail|pinterest|reddit|instagram|youtube|tiktok|copy\s+link)$", re.I)
_AP_CAPTION = re.compile(
    r",\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lunes|martes|miércoles|jueves|viernes|"
    r"sábado|domingo),\s*[\w. ]{2,20},?\s*\d{4}\s*(?:,|\.)(?:\s*(?:in|en|à|em)\s+[^.]{2,60})?\.?\s*(?:\([^)]{2,80}\))?$")
"""A news-photo caption's closing "..., Thursday, Feb. 8, 2024, in Washington." (AP style)."""
@dataclass(frozen=True, slots=True)
class Judged:
    """A block with what it is and why."""

    block: Block
    kind: str
    reason: str
    language: str | None = None
    """The language its words are in, when they say so clearly."""

    @property
    def text(self) -> str:
        return self.block.text


def judge(block: Block) -> Judged:
    """What `block` is, from its words alone."""
    text = block.text
    kind, reason = _kind(block, text)
    return Judged(block, kind, reason, _language(text) if kind == PROSE else None)


def _kind(block: Block, text: str) -> tuple[str, str]:
    if text == MARKUP_ONLY:
        return FURNITURE, "page markup (a script, a style or an embedded post)"
    if text == IMAGE_ONLY:
        return FURNITURE, "an image with no caption"
    if block.image and len(text.split()) <= 60:
        return CAPTION, "photo caption (printed with its image)"
    if MAIL_HEADER.match(text):
        return FURNITURE, "mail or newsgroup header"
    bracketed = re.fullmatch(r"[\[(](?P<inner>[^\[\]()]{2,90})[\])]", text)
    if bracketed and "/" in bracketed["inner"] and is_credit_text(bracketed["inner"].replace(" - ", "/")):
        return CREDIT, "photo credit"
    if _TEXT_BROWSER.search(text):
        return FURNITURE, "text-browser residue (frame, button or form field)"
    if " " not in text and _ADDRESS_PIECE.match(text) and date_line(text) is None:
        return FURNITURE, "web address"
    if _TEASER.search(text):
        return FURNITURE, "teaser of another page"
    if _CUT_HEADLINE.search(text) and len(text.split()) <= 20:
        return SHORT, "headline cut short (a link to another story)"
    rule = junk_rule(text)
    if rule is not None:
        return FURNITURE, rule.reason
    if re.search(r"\s\d{1,2}:\d{2}$", text) and len(text.split()) <= 16 and not date_line(text):
        return FURNITURE, "video title with its duration"
    if _NEIGHBOUR_STORY.match(text):
        return FURNITURE, "link to the previous or next story"
    if _SHARE_WORD.match(text.lstrip("*+•- ")):
        return FURNITURE, "share button"
    if END_TITLES.fullmatch(text.rstrip(" :")):
        return END, "bio, disclosure, comments, tags or footer"
    if BOX_TITLES.fullmatch(text.rstrip(" :")) or BOX_TITLE_START.match(text):
        return BOX, "box of other stories, bios or notices"
    label = CAPTION_LABELS.fullmatch(text)
    if label is not None and not (label["rest"] or "").strip():
        return CREDIT, "caption label"
    if _PHOTO_LABEL.match(text) and len(text.split()) <= 60:
        return CAPTION, "photo caption (after its label)"
    if CREDIT_LABELS.fullmatch(text) or is_credit_text(text):
        return CREDIT, "photo credit"
    if date_line(text) is not None:
        return DATE, "date line"
    byline = parse_byline(text) if len(text) < 160 else None
    if byline is not None or (len(text) < 200 and separated_byline(text)):
        return BYLINE, "byline"
    words = len(text.split())
    if _PROMO.search(text) and words < 60:
        return FURNITURE, "promotion of the outlet (newsletter, app or subscription)"
    if _AP_CAPTION.search(text) and words < 60:
        return CAPTION, "photo caption (its date and place)"
    sentence = bool(_SENTENCE_END.search(text))
    if block.bullet and (words < 8 or not sentence):
        return FURNITURE, "list of links (menu, tags or related stories)"
    if words >= 8 and (sentence or words >= 25) and stop_share(text) >= 0.08:
        return PROSE, "running text"
    if bare_byline(text) is not None and words <= 4:
        return SHORT, "a name"
    return SHORT, "short line"


def separated_byline(text: str) -> tuple[str, str | None] | None:
    """The names (and the outlet) of a credit line in parts ("Ana Ruiz · CBC News · Posted:
    Oct 23, 2023"): names first, a date in a later part."""
    text = re.sub(r"^(?:by|par|por|de)\s+", "", text, flags=re.I)
    parts = [p.strip() for p in re.split(r"\s+[·|•]\s+|\s+(?=(?:publié|published|publicado|publicada|posted|updated|"
                                          r"mis à jour|atualizado|actualizado)\b)", text, flags=re.I) if p.strip()]
    if len(parts) < 2 or not any(find_text_date(p) for p in parts[1:]):
        return None
    names = bare_byline(parts[0])
    if names is None:
        return None
    outlet = parts[1] if len(parts) > 2 and not find_text_date(parts[1]) and len(parts[1].split()) <= 4 else None
    return names, outlet


def stop_share(text: str) -> float:
    words = text.split()
    counts = language_counts(text)
    common = sum(1 for w in words if w.casefold() in _SHARED_SMALL)
    return (sum(counts.values()) + common) / max(1, len(words))


_SHARED_SMALL = frozenset("a e o de la que en el le les des y i is it in on the to of".split())


def _language(text: str) -> str | None:
    counts = language_counts(text)
    best = max(counts, key=lambda language: counts[language])
    rest = max((n for language, n in counts.items() if language != best), default=0)
    return best if counts[best] >= 3 and counts[best] >= 2 * rest + 1 else None
