"""A seed article's text as HTML: paragraphs, subheadings, header lines, with noted phrases marked.

The text was received from the web: every character is escaped, nothing in it can
become markup. The only markup added is the editor's: a `<mark>` around each noted
phrase, holding the phrase as a link to its note in the page's "Source notes" list (the
control: notes.js opens the note in place), with the note's number at its end. In a
heading the number is left out, so the heading holds nothing but its own words.
"""

from __future__ import annotations

from typing import Any, Sequence

from markupsafe import Markup, escape

from .content.anchors import NOTE_ID
from .content.slugs import slugify
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


def seed_body_html(seed, anchors: Sequence[Anchor] = (), byline: str = "", word: str = "Note") -> Markup:
    """The article body: each block escaped, subheadings as <h2> with stable ids, phrases marked.

    The byline as received is shown at the head of the body only when a note is anchored
    in it (the page's own byline gives the author from the sidecar). `word` is 'Note' in
    the page's language, for screen readers.
    """
    parts: list[str] = []
    byline_anchors = [a for a in anchors if a.target == "byline"]
    if byline and byline_anchors:
        parts.append(f'<p class="seed-byline">{mark_text(byline, byline_anchors, word=word)}</p>')
    used: set[str] = set()
    for index, block in enumerate(seed.blocks):
        here = [a for a in anchors if a.target == f"block-{index}"]
        if block.type == "heading":
            text = mark_text(block.text, here, heading=True)  # no number: nothing but its words
            anchor = _unique(slugify(block.text) or "section", used)
            parts.append(f'<h2 id="{anchor}">{text}</h2>')
        else:
            parts.append(f"<p>{mark_text(block.text, here, word=word)}</p>")
    return Markup("\n".join(parts))


def header_html(targets: Sequence[Target], anchors: Sequence[Anchor], word: str = "Note") -> dict[str, Any]:
    """Marked HTML for the header lines and captions that hold a noted phrase.

    Keys: `title_html`, `deck_html`, `section_html` and `captions_html` (one entry per
    image: caption and credit, as the figcaption shows them).
    """
    texts = {target.name: target.text for target in targets}
    noted = {anchor.target for anchor in anchors}
    extras: dict[str, Any] = {}
    for name in ("title", "deck", "section"):
        if name in noted:
            extras[f"{name}_html"] = mark_text(texts[name], [a for a in anchors if a.target == name],
                                               heading=name == "title", word=word)
    captions = sorted(int(name.split("-")[1]) for name in texts if name.startswith("caption-"))
    if any(name.startswith(("caption-", "credit-")) for name in noted):
        figures = []
        for index in captions:
            html = mark_text(texts[f"caption-{index}"], [a for a in anchors if a.target == f"caption-{index}"],
                             word=word)
            credit = texts.get(f"credit-{index}")
            if credit:
                marked = mark_text(credit, [a for a in anchors if a.target == f"credit-{index}"], word=word)
                html = Markup(f'{html} <span class="credit">{marked}</span>')
            figures.append(html)
        extras["captions_html"] = tuple(figures)
    return extras


def mark_text(text: str, anchors: Sequence[Anchor], heading: bool = False, word: str = "Note") -> Markup:
    """`text` escaped, each anchor's phrase in a <mark> holding links to its note.

    Anchors may nest (one phrase inside another) but never cross: notes.anchor_notes
    refuses crossing phrases, so the marks always form valid HTML. Links cannot nest, so
    an outer phrase's words around an inner one are separate links to the outer note (only
    the first is in the Tab order). In a heading (`heading`) no number is added; elsewhere
    the number is read as ', Note 3' (`word` in the page's language).
    """
    out: list[str] = []
    pos = 0
    for node in _nest(anchors):
        out.append(str(escape(text[pos:node.anchor.start])))
        out.append(_marked(text, node, heading, word))
        pos = node.anchor.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


class _Node:
    """An anchor and the anchors whose phrases lie inside its own."""

    def __init__(self, anchor: Anchor) -> None:
        self.anchor = anchor
        self.inner: list[_Node] = []


def _nest(anchors: Sequence[Anchor]) -> list[_Node]:
    """The outermost anchors, each holding those inside it (for one span, the later-numbered is outer)."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for anchor in sorted(anchors, key=lambda a: (a.start, -a.end, -a.number)):
        while stack and not (stack[-1].anchor.start <= anchor.start and anchor.end <= stack[-1].anchor.end):
            stack.pop()
        node = _Node(anchor)
        (stack[-1].inner if stack else roots).append(node)
        stack.append(node)
    return roots


def _marked(text: str, node: _Node, heading: bool, word: str) -> str:
    """One phrase: its <mark>, its own words as links to its note, inner phrases as their own marks."""
    anchor = node.anchor
    number = anchor.number
    pieces: list[str] = []
    links = 0

    def link(words: str, marker: str = "") -> None:
        nonlocal links
        tabindex = ' tabindex="-1"' if links else ""
        pieces.append(f'<a class="note-link" href="#note-{number}"{tabindex}>{escape(words)}{marker}</a>')
        links += 1

    pos = anchor.start
    for inner in node.inner:
        if inner.anchor.start > pos:
            link(text[pos:inner.anchor.start])
        pieces.append(_marked(text, inner, heading, word))
        pos = inner.anchor.end
    marker = "" if heading else (f'<sup class="note-ref"><span class="visually-hidden">, {escape(word)} </span>'
                                 f'{number}</sup>')
    if pos < anchor.end or marker:  # (a heading's phrase that is all inner phrase adds no empty link)
        link(text[pos:anchor.end], marker)
    return f'<mark class="noted" id="note-ref-{number}">{"".join(pieces)}</mark>'


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
