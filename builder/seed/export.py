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
        "guesses": {field: why for field, why in article.guesses},
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


def to_sidecar(article: SeedArticle, text_name: str, lines: list[str]) -> str:
    """A starting `NAME.yaml` for a seed: what was read, the guesses marked, and every line
    left out listed in comments, ready for the editor to confirm, correct or bring back."""
    guessed = dict(article.guesses)
    out = [
        f"# What the importer read in {text_name}. Edit freely: what you write here wins over",
        "# what was read. Lines marked 'guess' are uncertain: check them against the text.",
    ]
    for key, value in (("title", article.title), ("deck", article.deck), ("author", article.byline),
                       ("date", article.date), ("outlet", article.outlet), ("section", article.section)):
        field = {"author": "byline"}.get(key, key)
        if value is None:
            out.append(f"# {key}:  (not found in the text)")
            continue
        note = f"  # guess: {guessed[field]}" if field in guessed else ""
        out.append(f"{key}: {_scalar(value)}{note}")
    paragraphs = [block for block in article.blocks if block.type == "paragraph"]
    out.append("reading:  # corrections to the reading; name a line by its number or a phrase of it")
    if paragraphs:
        out.append(f"  body_starts: {paragraphs[0].line}  # {_preview(paragraphs[0].text)}")
        out.append(f"  body_ends: {paragraphs[-1].lines[-1]}  # {_preview(paragraphs[-1].text, end=True)}")
    out.append("  keep: []  # lines left out that belong to the article, from the list below")
    out.append("  drop: []  # lines that are not part of the article")
    out.append("  # not_captions: []  lines read as a photo caption that are body text")
    out.append("  # join: []  pairs [first, last] of lines that are one paragraph")
    if article.dropped:
        out.append("# Lines left out, and why:")
        for dropped in article.dropped:
            part = " (part of the line)" if dropped.part else ""
            out.append(f"#   {dropped.line}: {_preview(dropped.text)} ({dropped.reason}){part}")
    out.append("notes: []  # - quote: an exact phrase of the article / note: what the record shows")
    return "\n".join(out) + "\n"


def _scalar(value: str) -> str:
    """`value` as a YAML scalar on one line that reads back as the same text."""
    dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000).strip()
    return dumped if dumped.startswith('"') else f'"{value}"'


def _preview(text: str, end: bool = False, size: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    return "..." + text[-size:] if end else text[:size] + "..."
