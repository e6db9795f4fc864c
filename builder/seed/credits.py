"""Recognisers for photo captions and credits, as pages print them next to, glued to or around each other.

Credits come in many shapes ("AFP", "Name/AFP via Getty Images", "Photograph: Name",
"(AP Photo/Name)", "...image.AFP"); knowing them is what tells a caption from a paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .classify import AGENCY_RE, OUTLET_RE, UPPER, is_name_like
from .rules import (
    CAPTION_NOISE,
    CREDIT_LABEL_PREFIX,
    CREDIT_LOWER_WORDS,
    CREDIT_MARKERS,
)
from .textdates import find_text_date

_MARKER_TAIL = re.compile(rf"(?P<cap>.*\S)\s*{CREDIT_MARKERS}s?\s*(?::|\.\.\.|…)\s*(?P<credit>[^:…]{{2,100}})")
_FINAL_PAREN = re.compile(r"(?P<open>[(\[])(?P<inner>[^()\[\]]{2,80})[)\]]\s*$")
_TRAILING_NAME = re.compile(rf"(?<=[.!?”\"»])\s*(?P<name>(?:[{UPPER}][\w'’.\-]*\s*){{1,4}})$")
_GLUE_POINT = re.compile(rf"(?<=[.!?”\")»a-záéíóúñ])[{UPPER}]")
"""Where a credit may be glued to its caption: a capital right after punctuation or a lower-case letter."""
_SPACED_TAIL = re.compile(r"(?P<cap>.*[.!?”\"»])\s+(?P<credit>[^.!?]{2,90})")


@lru_cache(maxsize=8192)
def is_credit_text(text: str) -> bool:
    """Whether the text is a photo credit ("AFP", "Federico Parra/AFP via Getty Images")."""
    t = text.strip().strip("()").strip()
    if not 1 <= len(t) <= 90 or t[-1] in ",;:" or not re.search(r"[^\W\d_]{2}", t) or find_text_date(t):
        return False
    if t.endswith(".") and not re.search(r"(?:\b[A-Z]|Inc|Ltd|Co|Jr|Sr)\.$", t):
        return False
    if re.search(r"[.!?]\s+\S", t) or re.search(r"[a-z]{2}[.!?][A-Z]", t):
        return False
    words = [w for w in re.split(r"[\s/()|,]+", t) if w]
    if not 1 <= len(words) <= 10:
        return False
    for word in words:
        if word[0].islower() and word.casefold() not in CREDIT_LOWER_WORDS and not AGENCY_RE.fullmatch(word):
            return False
    if AGENCY_RE.search(t) or re.search(rf"(?:/|\bfor|\bvia|\bpara)\s*(?:{OUTLET_RE.pattern})", t):
        return True
    return bool(re.search(r"/|\b(?:Photo|Foto|Courtesy|Cortesía|Handout|Archivo|File)\b", t))


def clean_credit(credit: str) -> str:
    """A credit without the label or punctuation around it ("Foto: Name" -> "Name")."""
    credit = CREDIT_LABEL_PREFIX.sub("", credit.strip(" -–—|,;"))
    return credit.strip(" -–—|,;") or credit


def strip_caption_noise(text: str) -> tuple[str, bool]:
    """The caption without gallery counters and buttons, and whether there were any."""
    cleaned = text
    for pattern in CAPTION_NOISE:
        cleaned = pattern.sub("", cleaned)
    return cleaned.strip(), cleaned != text


@lru_cache(maxsize=8192)
def caption_and_credit(text: str) -> tuple[str, str | None] | None:
    """(caption, credit) when the line is a caption with its credit attached
    ("...in an archive image.AFP", "... Photograph: Name/AFP", "Item 1 of 3 ... REUTERS/Name")."""
    if len(text) > 600:
        return None
    t, noisy = strip_caption_noise(text)
    for split in (_split_marker, _split_paren, _split_glued, _split_spaced):
        found = split(t)
        if found is not None and len(found[0].split()) >= 2:
            return found[0], clean_credit(found[1])
    return (t, None) if noisy and t else None


def _split_marker(t: str) -> tuple[str, str] | None:
    match = _MARKER_TAIL.fullmatch(t)
    if not match:
        return None
    credit = match["credit"].strip()
    if is_credit_text(credit) or is_name_like(credit, max_words=6):
        return match["cap"].strip(), credit
    return None


def _split_paren(t: str) -> tuple[str, str] | None:
    match = _FINAL_PAREN.search(t)
    if not match or not (is_credit_text(match["inner"]) or re.match(r"\w+ Photo/", match["inner"])):
        return None
    before = t[: match.start()].rstrip()
    name = _TRAILING_NAME.search(before)
    if name and match["open"] == "(":
        return before[: name.start("name")].strip(), f"{name['name'].strip()} ({match['inner'].strip()})"
    return before, clean_credit(match["inner"])


def _split_glued(t: str) -> tuple[str, str] | None:
    for position in _GLUE_POINT.finditer(t):
        i = position.start()
        if t[i - 1] not in ".!?”\")»" and not AGENCY_RE.match(t, i):
            continue
        rest = t[i:]
        if not is_credit_text(rest) or not (AGENCY_RE.search(rest) or "/" in rest or OUTLET_RE.search(rest)):
            continue
        if re.search(r"[.!?]", re.sub(r"\b[A-Z]\.", "", rest)):
            continue
        return t[:i].strip(), rest.strip()
    return None


def _split_spaced(t: str) -> tuple[str, str] | None:
    match = _SPACED_TAIL.fullmatch(t)
    if not match or len(match["cap"].split()) < 3:
        return None
    credit = match["credit"].strip()
    if is_credit_text(credit) and ("/" in credit or AGENCY_RE.search(credit)):
        return match["cap"].strip(), credit
    if credit.isupper() and is_name_like(credit, max_words=4, min_words=2):
        return match["cap"].strip(), credit
    return None
