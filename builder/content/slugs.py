"""Slugs: the ASCII, lowercase, path-safe last part of a URL."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80

WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
"""Names a Windows checkout of the output cannot hold."""

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "ð": "d"})


def slugify(text: str) -> str:
    """'Nicolás Maduro: the 2025 standoff' -> 'nicolas-maduro-the-2025-standoff'."""
    if text.isascii():  # nothing to fold, no accent to drop
        ascii_text = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
        ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_WORD.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be used as a URL part, or None when it can."""
    if not slug:
        return "the slug is empty"
    if not SLUG_PATTERN.match(slug):
        return f"'{slug}' is not a valid slug: use lowercase letters, digits and single hyphens"
    if slug in WINDOWS_RESERVED:
        return f"'{slug}' is a reserved device name on Windows"
    if len(slug) > MAX_SLUG:
        return f"the slug is longer than {MAX_SLUG} characters"
    return None
