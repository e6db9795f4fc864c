"""A seed article's text as HTML: paragraphs, subheadings, header lines, with noted phrases marked.

The text was received from the web: every character is escaped, nothing in it can
become markup. The only markup added is the editor's: a `<mark>` around each noted
phrase, its numbered marker, and the note beside it (a side note, hidden from assistive
technology because the same note is in the page's "Source notes" list).
"""

from __future__ import annotations

from typing import Mapping, Sequence

from markupsafe import Markup, escape

from .content.slugs import slugify
from .sources.citations import NOTE_ID, marker_html
from .sources.notes import Anchor, Hidden, Target, normalize

HIDDEN_ROLES = {"outlet": "the outlet's name or logo line", "date": "the date line, which the page "
                "shows in its own format", "title": "the headline as received, which the sidecar replaces",
                "deck": "the deck as received, which the sidecar replaces",
                "section": "the section label as received, which the sidecar replaces"}
"""Metadata lines of a seed that the article page does not show as such, and why."""


def seed_targets(doc, lines: Sequence[str] | None) -> tuple[list[Target], list[Hidden]]:
    """The texts of a seed article page in the order the page shows them, and the lines it hides.

    `lines` are the .txt file's lines (for the byline as received and for hints); None when
    the file could not be read again.
    """
    seed = doc.seed
    targets: list[Target] = []
    hidden: list[Hidden] = []
    roles = {line: role for line, role in getattr(seed, "consumed", ())}

    def header(name: str, shown: str, raw: str | None, label: str) -> None:
        same = raw and normalize(raw)[0].casefold() == normalize(shown)[0].casefold()
        if shown:
            targets.append(Target(name, raw if same and raw else shown, label))
        if raw and not same:
            for line, role in roles.items():
                if role == name and lines and line <= len(lines):
                    hidden.append(Hidden(line, lines[line - 1].strip(), HIDDEN_ROLES[name]))

    header("title", doc.title, seed.title, "the headline")
    header("deck", doc.summary, seed.deck, "the deck")
    header("section", doc.section, seed.section, "the section label")
    for index, image in enumerate(seed.images):
        targets.append(Target(f"caption-{index}", image.caption, "an image caption"))
        if image.credit:
            targets.append(Target(f"credit-{index}", image.credit, "an image credit"))
    byline = received_byline(seed, lines)
    if byline:
        targets.append(Target("byline", byline, "the byline as received"))
    for index, block in enumerate(seed.blocks):
        label = f"subheading {_count(seed.blocks, index, 'heading')}" if block.type == "heading" \
            else f"paragraph {_count(seed.blocks, index, 'paragraph')}"
        targets.append(Target(f"block-{index}", block.text, label))
    if lines:
        for line, role in roles.items():
            if role in ("outlet", "date") and line <= len(lines):
                hidden.append(Hidden(line, lines[line - 1].strip(), HIDDEN_ROLES[role]))
        for dropped in getattr(seed, "dropped", ()):
            hidden.append(Hidden(dropped.line, dropped.text, f"left out of the article ({dropped.reason})"))
    return targets, hidden


def received_byline(seed, lines: Sequence[str] | None) -> str:
    """The byline line(s) exactly as received ("Published by"), or ''."""
    if not lines:
        return ""
    found = [lines[line - 1].strip() for line, role in getattr(seed, "consumed", ())
             if role == "byline" and line <= len(lines)]
    return " ".join(found)


def seed_body_html(seed, anchors: Sequence[Anchor] = (), sidenotes: Mapping[int, str] | None = None,
                   byline: str = "") -> Markup:
    """The article body: each block escaped, subheadings as <h2> with stable ids, phrases marked.

    The byline as received is shown at the head of the body only when a note is anchored
    in it (the page's own byline gives the author from the sidecar).
    """
    sidenotes = sidenotes or {}
    parts: list[str] = []
    byline_anchors = [a for a in anchors if a.target == "byline"]
    if byline and byline_anchors:
        parts.append(f'<p class="seed-byline">{mark_text(byline, byline_anchors, sidenotes)}</p>')
    used: set[str] = set()
    for index, block in enumerate(seed.blocks):
        text = mark_text(block.text, [a for a in anchors if a.target == f"block-{index}"], sidenotes)
        if block.type == "heading":
            anchor = _unique(slugify(block.text) or "section", used)
            parts.append(f'<h2 id="{anchor}">{text}</h2>')
        else:
            parts.append(f"<p>{text}</p>")
    return Markup("\n".join(parts))


def header_html(targets: Sequence[Target], anchors: Sequence[Anchor],
                sidenotes: Mapping[int, str]) -> dict[str, Markup]:
    """Marked HTML for the header lines and captions that hold a noted phrase.

    Keys: `title_html`, `deck_html`, `section_html` and `captions_html` (one entry per
    image: caption and credit, as the figcaption shows them).
    """
    texts = {target.name: target.text for target in targets}
    noted = {anchor.target for anchor in anchors}
    extras: dict[str, Markup] = {}
    for name in ("title", "deck", "section"):
        if name in noted:
            extras[f"{name}_html"] = mark_text(texts[name], [a for a in anchors if a.target == name], sidenotes)
    captions = sorted(int(name.split("-")[1]) for name in texts if name.startswith("caption-"))
    if any(name.startswith(("caption-", "credit-")) for name in noted):
        figures = []
        for index in captions:
            html = mark_text(texts[f"caption-{index}"], [a for a in anchors if a.target == f"caption-{index}"],
                             sidenotes)
            credit = texts.get(f"credit-{index}")
            if credit:
                marked = mark_text(credit, [a for a in anchors if a.target == f"credit-{index}"], sidenotes)
                html = Markup(f'{html} <span class="credit">{marked}</span>')
            figures.append(html)
        extras["captions_html"] = tuple(figures)  # type: ignore[assignment]
    return extras


def mark_text(text: str, anchors: Sequence[Anchor], sidenotes: Mapping[int, str]) -> Markup:
    """`text` escaped, each anchor's span in a <mark> followed by its marker and side note.

    Anchors may nest (one phrase inside another) but never cross: notes.anchor_notes
    refuses crossing phrases, so the marks always form valid HTML.
    """
    points = sorted({a.start for a in anchors} | {a.end for a in anchors})
    out: list[str] = []
    stack: list[Anchor] = []
    pos = 0
    for point in points:
        out.append(str(escape(text[pos:point])))
        pos = point
        while stack and stack[-1].end == point:
            closing = stack.pop()
            out.append("</mark>" + marker_html(closing.number) + sidenotes.get(closing.number, ""))
        # the outer phrase opens first; for the same span, the later-numbered note is the outer one
        for opening in sorted((a for a in anchors if a.start == point), key=lambda a: (-a.end, -a.number)):
            out.append(f'<mark class="noted" id="note-ref-{opening.number}">')
            stack.append(opening)
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _count(blocks, index: int, kind: str) -> int:
    return sum(1 for block in blocks[: index + 1] if block.type == kind)


def _unique(anchor: str, used: set[str]) -> str:
    if NOTE_ID.match(anchor):
        anchor += "-section"
    candidate, n = anchor, 1
    while candidate in used:
        n += 1
        candidate = f"{anchor}-{n}"
    used.add(candidate)
    return candidate
