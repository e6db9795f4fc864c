"""The preview's view of how each seed article was read: every line of its file, and what it
became (the headline, paragraph 3, a photo caption, or left out and why).

An editor sees here what the builder kept and left out of a pasted page, and which line to
name in `reading:` to change it. It is part of the preview server only, never of the site.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..content.seeds import read_seed_file, seed_paths
from ..errors import Diagnostics, relative_path
from ..seed import SeedArticle

ROLE_WORDS = {
    "title": "the headline", "deck": "the deck", "byline": "the byline", "date": "the date",
    "caption": "a photo caption", "credit": "a photo credit", "outlet": "the outlet's name",
    "section": "the section label",
}


def seed_files(site_dir: Path) -> list[str]:
    """The site-relative paths of the seed articles (`content/articles/*.txt`)."""
    return [relative_path(path, site_dir) for path in seed_paths(site_dir)]


def seed_of(site_dir: Path, published: Path) -> str | None:
    """The seed file a page's published raw text was copied from (same bytes), if any."""
    try:
        data = published.read_bytes()
        for rel in seed_files(site_dir):
            if (site_dir / rel).read_bytes() == data:
                return rel
    except OSError:
        return None
    return None


def index_body(site_dir: Path, prefix: str) -> str:
    """The list of seed articles, each linking to its reading."""
    files = seed_files(site_dir)
    if not files:
        return "<p>This site has no seed articles (<code>content/articles/NAME.txt</code>).</p>"
    items = "".join(f'<li><a href="{escape(prefix + rel)}">{escape(rel)}</a></li>' for rel in files)
    return f"<p>How the builder read each seed article, line by line.</p><ul>{items}</ul>"


def reading_body(site_dir: Path, rel: str) -> str | None:
    """The reading of one seed article as an HTML table, or None when `rel` is not one."""
    if rel not in seed_files(site_dir):  # only names the site lists: no path from the address is opened
        return None
    reading = read_seed_file(site_dir / rel, site_dir, Diagnostics())
    if reading is None:
        return "<p>This file cannot be read: <code>explainer check</code> says why.</p>"
    lines = reading.original.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    read_as = line_roles(reading.article)
    rows = []
    for no, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        role, left_out = read_as.get(no, ("", False))
        rows.append(
            f'<tr class="{"explainer-dev-left-out" if left_out else "explainer-dev-kept"}">'
            f"<td>{no}</td><td>{escape(text.strip())}</td><td>{escape(role)}</td></tr>")
    kept = sum(1 for role, left in read_as.values() if not left)
    left = sum(1 for role, left in read_as.values() if left)
    return (
        f"<p><code>{escape(rel)}</code>: {kept} lines in the article, {left} left out. Bring a line back with "
        f"<code>reading: keep: [LINE]</code> in <code>{escape(reading.sidecar_rel)}</code>; leave one out with "
        "<code>drop:</code>; name the headline with <code>title_line:</code>.</p>"
        '<table class="explainer-dev-reading"><thead><tr><th scope="col">Line</th><th scope="col">Text</th>'
        f'<th scope="col">Read as</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def line_roles(article: SeedArticle) -> dict[int, tuple[str, bool]]:
    """Line -> (what it was read as, whether it is left out of the article)."""
    roles: dict[int, tuple[str, bool]] = {}
    for line, role in article.consumed:
        roles[line] = (ROLE_WORDS.get(role, role), False)
    counts = {"paragraph": 0, "heading": 0}
    for block in article.blocks:
        counts[block.type] += 1
        name = "paragraph" if block.type == "paragraph" else "subheading"
        for line in block.lines or (block.line,):
            roles.setdefault(line, (f"{name} {counts[block.type]}", False))
    for dropped in article.dropped:
        if dropped.part:
            continue
        roles.setdefault(dropped.line, (f"left out: {dropped.reason}", True))
    return roles
