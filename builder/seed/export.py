"""Showing what the seed parser read: as JSON to check it, or as Markdown for an editor to take over.

The JSON keeps every dropped line with its reason, so nothing is lost unseen; the
Markdown escapes the article's text so that a line starting with `#` or `1.` stays text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .model import SeedArticle

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(
    r"^(?:(?P<mark>[#>+=]|-|~~~|```)"
    r"|(?P<num>\d{1,9})(?P<delim>[.)])(?=\s|$))"
)


def to_json(article: SeedArticle) -> dict[str, Any]:
    """The article as the `import --format json` output: exactly the keys editors check."""
    return {
        "title": article.title,
        "outlet": article.outlet,
        "section": article.section,
        "byline": article.byline,
        "date": article.date,
        "dateline": article.dateline,
        "deck": article.deck,
        "images": [{"caption": image.caption, "credit": image.credit} for image in article.images],
        "blocks": [{"type": block.type, "text": block.text} for block in article.blocks],
        "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in article.dropped],
    }


def to_markdown(article: SeedArticle) -> str:
    """A draft Markdown article: YAML front matter, then the body with captions in italics."""
    meta: dict[str, Any] = {}
    for key, value in (
        ("title", article.title), ("date", article.date), ("author", article.byline),
        ("outlet", article.outlet), ("section", article.section), ("summary", article.deck),
    ):
        if value is not None:
            meta[key] = value
    meta["draft"] = True
    front = _front_matter(meta)
    pieces: list[tuple[int, str]] = []
    for block in article.blocks:
        text = escape_markdown(block.text)
        pieces.append((block.line, f"## {text}" if block.type == "heading" else text))
    for image in article.images:
        credit = f" ({image.credit})" if image.credit else ""
        pieces.append((image.line, f"*{escape_inline(image.caption + credit)}*"))
    body = "\n\n".join(text for _, text in sorted(pieces, key=lambda piece: piece[0]))
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def _front_matter(meta: dict[str, Any]) -> str:
    """YAML for `meta`; all double-quoted when plain YAML would not read back the same
    (PyYAML leaves line separators like U+0085 unescaped in plain and single-quoted text)."""
    options: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": 1_000_000}
    front = yaml.safe_dump(meta, default_flow_style=False, **options)
    if yaml.safe_load(front) != meta:
        front = yaml.safe_dump(meta, default_style='"', **options)
    return front


def escape_markdown(text: str) -> str:
    """`text` as a Markdown paragraph that renders as exactly this text."""
    text = escape_inline(text)
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match["num"] is not None:
        return f"{match['num']}\\{match['delim']}{text[match.end():]}"
    return "\\" + text


def escape_inline(text: str) -> str:
    """`text` with the characters that start emphasis, code, links or HTML escaped."""
    return _ENTITY.sub(r"\\&", _INLINE_SPECIALS.sub(r"\\\1", text))
