"""Recognisers for single lines of a pasted article: junk, labels, bylines, dates, datelines.

Each answers one question about one line from the tables in `rules`, so the parser's
decisions can be traced to a rule and each recogniser tested on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import (
    AGENCIES,
    BYLINE_PREFIXES,
    JUNK_RULES,
    KNOWN_OUTLETS,
    LANGUAGE_STOP_WORDS,
    LOGO_WORDS,
    MONTHS,
    NAME_PARTICLES,
    OUTLET_DOMAIN,
    SECTION_LABELS,
    LineRule,
)
from .textdates import extra_words, find_text_date

UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÂÊÎÔÛÄËÏÖÇ"
_NAME_TOKEN = re.compile(rf"[{UPPER}][^\s\d,;:()!?\"“”]*|[{UPPER}]\.")
AGENCY_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, AGENCIES), key=len, reverse=True)) + r")(?![\w])")
OUTLET_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted((re.escape(n) for n in KNOWN_OUTLETS.values() if len(n) > 3),
                                      key=len, reverse=True)) + r")(?![\w])")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_CLOSERS = "\"”’'»)]*"
_SENTENCE_BREAK = re.compile(rf"[.!?…][{_CLOSERS}]?\s+[{UPPER}¿¡\"“«]")
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|y|e|et|&|with|con|com|avec)\s+")
_HARD_SEPARATORS = re.compile(r"\s+[|–—·•-]\s+|\s*[|·•]\s*")
_DATELINE_AGENCY = re.compile(
    rf"(?P<place>[{UPPER}][^()\n—–]{{1,60}}?)\s*\((?P<agency>[\w .\-]{{2,30}})\)"
    r"\s*(?:\.\s*-+|\.?\s*[—–]+|\.?\s*-{1,2}|:)\s*")
_DATELINE_CAPS = re.compile(
    rf"(?P<place>[{UPPER}][{UPPER}.'’\- ]{{2,40}}(?:,\s*[{UPPER}][\w.'’\- ]{{1,40}}?)?)\s*[—–]+\s*")
_DATELINE_OUTLET = re.compile(
    rf"(?P<place>[{UPPER}][\w.'’\- ]{{1,40}}(?:,\s*[{UPPER}][\w.'’\- ]{{1,40}})?)"
    r"\s+(?P<outlet>[A-Z]{2,6})\s*[—–]+\s*")
_DATELINE_MIXED = re.compile(
    rf"(?P<place>[{UPPER}][\w.'’\-]*(?: [\w.'’\-]+){{0,2}},"
    rf"\s*[{UPPER}][\w.'’\-]*(?: [\w.'’\-]+){{0,2}})\s+[—–]\s+")
_DATELINE_DATE = re.compile(
    rf",?\s*(?:\d{{1,2}}\s+(?:de\s+)?(?:{_MONTH})\.?|(?:{_MONTH})\.?\s+\d{{1,2}})\s*$", re.I)
_IN_PLACE = re.compile(rf"(?P<names>.+?)\s+(?:in|en|desde)\s+(?P<place>[{UPPER}].*)")
_FOR_OUTLET = re.compile(r"(?P<names>.+?)\s+(?:for|para)\s+(?P<outlet>.+)")
_POSSESSIVE_OUTLET = re.compile(r"(?P<outlet>[\w.]+)['’]s\s+(?P<names>.+)")


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline line says."""

    names: str | None
    """The authors as written, without prefix, outlet or date; None if it names no one."""
    date: dt.date | None
    """A date written on the same line."""
    affiliation: str | None
    """A known outlet named after the authors ("By Jane Doe, CNN")."""


def norm(text: str) -> str:
    """Whitespace-collapsed, case-folded text, for comparing lines."""
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=8192)
def junk_rule(text: str) -> LineRule | None:
    """The rule that marks this line as page furniture, if any."""
    if len(text) > 300:
        return None
    return next((rule for rule in JUNK_RULES if rule.pattern.fullmatch(text)), None)


@lru_cache(maxsize=8192)
def section_label(text: str) -> str | None:
    """The section this label line names ("ANALYSIS", "World > Americas"), if it is one."""
    if len(text) > 60 or any(ch.isdigit() for ch in text):
        return None
    parts = [p.strip() for p in re.split(r"\s+[>/»›]\s+|\s*\|\s*", text)]
    if len(parts) > 1 and all(1 <= len(p.split()) <= 4 for p in parts):
        kept = [p for p in parts if norm(p) not in ("home", "inicio", "portada", "news", "noticias")]
        return " / ".join(kept) or None
    if norm(text).strip(".:") in SECTION_LABELS:
        return text.strip(" .:")
    words = text.split()
    if 1 <= len(words) <= 4 and text.isupper() and re.search(r"[^\W\d_]{2}", text):
        return text
    return None


@lru_cache(maxsize=8192)
def known_outlet(text: str) -> str | None:
    """The outlet a line names outright ("BBC News", "The Guardian logo"), if any."""
    if len(text) > 60:
        return None
    key = norm(LOGO_WORDS.sub(" ", text)).strip(" .:-|")
    return KNOWN_OUTLETS.get(key)


@lru_cache(maxsize=8192)
def outlet_from_brand(text: str) -> str | None:
    """The outlet a logo line names: a known name, or a site name written as a domain."""
    if len(text) > 60 or len(text.split()) > 8 or _SENTENCE_BREAK.search(text) or text.endswith("."):
        return None
    known = known_outlet(text)
    if known:
        return known
    domain = OUTLET_DOMAIN.search(text)
    if domain:
        return domain.group(0)
    if LOGO_WORDS.search(text):
        name = " ".join(LOGO_WORDS.sub(" ", text).split()).strip(" .:-|")
        return name or None
    return None


def is_name_like(text: str, max_words: int = 5, min_words: int = 1) -> bool:
    """Whether the text reads as one person's name: capitalised words and particles."""
    words = text.split()
    if not min_words <= len(words) <= max_words:
        return False
    capitalised = 0
    for word in words:
        if word.casefold() in NAME_PARTICLES:
            continue
        if not _NAME_TOKEN.fullmatch(word):
            return False
        capitalised += 1
    return capitalised >= 1 and words[0].casefold() not in NAME_PARTICLES and words[0].casefold() != "the"


def is_name_list(text: str, min_words: int = 1) -> bool:
    """Whether the text is a list of names ("A, B and C", "A y B")."""
    if not text or len(text) > 200:
        return False
    parts = [p for p in _LIST_SPLIT.split(text) if p]
    if not parts:
        return False
    return all(
        norm(p) in ("agencies", "agencias", "staff", "redacción")
        or AGENCY_RE.fullmatch(p) is not None
        or is_name_like(p, max_words=5, min_words=min_words)
        for p in parts
    )


@lru_cache(maxsize=8192)
def parse_byline(text: str) -> Byline | None:
    """The byline this line is ("By A and B, CNN", "Published by", "Por Juan Pérez"), if it is one."""
    if len(text) > 250:
        return None
    low = text.casefold()
    for prefix, strong in BYLINE_PREFIXES:
        if not low.startswith(prefix):
            continue
        after = text[len(prefix) :]
        if after and prefix[-1].isalpha() and (after[0].isalnum() or after[0] in "'’-"):
            continue
        rest = after.strip(" \t:,–—-|\u00a0")
        if prefix == "from" and not _POSSESSIVE_OUTLET.match(rest):
            return None
        if not rest:
            return Byline(None, None, None) if strong or prefix in ("by", "por") else None
        byline = _read_byline(rest)
        if byline is not None:
            return byline
        if strong:
            return Byline(rest[:120], None, None)
        return None
    return None


def _read_byline(rest: str) -> Byline | None:
    names: str | None = None
    date: dt.date | None = None
    affiliation: str | None = None
    for segment in _HARD_SEPARATORS.split(rest):
        segment = segment.strip(" ,;")
        found = find_text_date(segment) if segment else None
        if found is not None:
            date = date or found.date
            leftover = (segment[: found.start] + " " + segment[found.end :]).strip(" ,;")
            if not extra_words(leftover):
                continue
            segment = leftover
        if not segment:
            continue
        outlet = known_outlet(segment)
        if outlet and names is not None:
            affiliation = affiliation or outlet
            continue
        if names is None:
            names = segment
    if names is None:
        return None
    names, found_affiliation = split_affiliation(names)
    if not is_name_list(names):
        return None
    return Byline(names, date, affiliation or found_affiliation)


def split_affiliation(names: str) -> tuple[str, str | None]:
    """Names without a trailing outlet, agency or place ("A, CNN" -> "A", "CNN")."""
    names = names.strip(" ,;")
    possessive = _POSSESSIVE_OUTLET.fullmatch(names)
    if possessive and known_outlet(possessive["outlet"]):
        return possessive["names"].strip(), known_outlet(possessive["outlet"])
    parts = [p.strip() for p in names.split(",")]
    if len(parts) > 1 and (known_outlet(parts[-1]) or AGENCY_RE.fullmatch(parts[-1])):
        return ", ".join(parts[:-1]), known_outlet(parts[-1]) or parts[-1]
    for outlet in OUTLET_RE.finditer(names):
        if outlet.end() == len(names) and outlet.start() > 0 and is_name_list(names[: outlet.start()].strip()):
            return names[: outlet.start()].strip(" ,"), known_outlet(outlet.group(0))
    for pattern in (_FOR_OUTLET, _IN_PLACE):
        match = pattern.fullmatch(names)
        if match and is_name_list(match["names"]):
            tail = match.groupdict().get("outlet")
            return match["names"], known_outlet(tail) if tail else None
    return names, None


@lru_cache(maxsize=8192)
def bare_byline(text: str) -> str | None:
    """The names on a byline line that has no "By" ("Jane Doe", "Tom Ruiz in Lima"), if it is one."""
    if len(text) > 100 or any(ch.isdigit() for ch in text) or text.endswith((".", ":", "?", "!")):
        return None
    names, _ = split_affiliation(text)
    if is_name_list(names, min_words=2) and len(names.split()) >= 2:
        return names
    return None


@lru_cache(maxsize=8192)
def date_line(text: str) -> dt.date | None:
    """The date this line consists of ("Updated 3:04 PM EST, Sun November 2, 2025",
    "Bogotá - 02 nov 2025 - 14:32 CET"), if it is a date line."""
    if len(text) > 120:
        return None
    found = find_text_date(text)
    if found is None:
        return None
    head, tail = text[: found.start], text[found.end :]
    while (later := find_text_date(tail)) is not None:
        tail = tail[: later.start] + " " + tail[later.end :]
    if extra_words(tail):
        return None
    place = extra_words(head)
    if not place:
        return found.date
    if len(place) <= 4 and all(w[0].isupper() for w in place) and re.search(r"[-–—|·•,]", head):
        return found.date
    return None


@lru_cache(maxsize=8192)
def is_headline_like(text: str, max_len: int = 120) -> bool:
    """Whether the line reads as a heading: short, one phrase, no closing full stop."""
    if not 2 <= len(text) <= max_len or len(text.split()) > 18:
        return False
    core = text.rstrip(_CLOSERS + " ")
    if not core or core[-1] in ".,;:…" or (core[-1] in "?!" and len(text) > 90):
        return False
    if _SENTENCE_BREAK.search(text):
        return False
    first = text.lstrip("\"“«'‘¿¡(")[:1]
    return bool(first) and not first.islower() and text[0] not in "•·-–—*+>#"


@lru_cache(maxsize=8192)
def find_dateline(text: str) -> str | None:
    """The place a wire paragraph opens with ("CARACAS, Venezuela (AP) — ..."), if any."""
    head = text[:120]
    match = _DATELINE_AGENCY.match(head)
    agency = match["agency"].strip() if match else ""
    if match and (agency.isupper() or known_outlet(agency) or AGENCY_RE.fullmatch(agency)):
        place = _DATELINE_DATE.sub("", match["place"]).strip(" ,")
        return place if _is_place(place) else None
    match = _DATELINE_CAPS.match(head)
    if match and match["place"].split(",")[0].strip().isupper() and not known_outlet(match["place"].strip()):
        place = match["place"].strip(" ,")
        return place if _is_place(place) else None
    match = _DATELINE_OUTLET.match(head)
    if match and known_outlet(match["outlet"]):
        place = match["place"].strip(" ,")
        return place if _is_place(place) and is_name_like(place.replace(",", " "), max_words=6) else None
    match = _DATELINE_MIXED.match(head)
    if match and is_name_like(match["place"].replace(",", " "), max_words=6):
        return match["place"].strip()
    return None


def _is_place(place: str) -> bool:
    return 1 <= len(place.split()) <= 6 and len(place) >= 2 and not _SENTENCE_BREAK.search(place)


def guess_language(texts: list[str]) -> str:
    """The language (`en`, `es`, `pt` or `fr`) whose frequent short words the texts use most."""
    counts = language_counts(" ".join(text[:2000] for text in texts))
    return max(counts, key=lambda language: (counts[language], language == "en"))


def language_counts(text: str) -> dict[str, int]:
    """How many of each language's frequent short words `text` holds (words shared by
    several languages count for none, so that a short text is told apart by what differs)."""
    counts = dict.fromkeys(LANGUAGE_STOP_WORDS, 0)
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        owners = [language for language, words in LANGUAGE_STOP_WORDS.items() if word in words]
        if len(owners) == 1:
            counts[owners[0]] += 1
    return counts
