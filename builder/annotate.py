"""A seed article's blocks as HTML: paragraphs, subheadings and its image caption.

The text was received from the web: every character is escaped, nothing in it can
become markup.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .content.slugs import slugify


def seed_body_html(seed) -> Markup:
    """The article body: each block escaped, subheadings as <h2> with stable ids."""
    parts: list[str] = []
    used: set[str] = set()
    for block in seed.blocks:
        text = escape(block.text)
        if block.type == "heading":
            anchor = _unique(slugify(block.text) or "section", used)
            parts.append(f'<h2 id="{anchor}">{text}</h2>')
        else:
            parts.append(f"<p>{text}</p>")
    return Markup("\n".join(parts))


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    used.add(candidate)
    return candidate
