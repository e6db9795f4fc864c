"""Split a Markdown file into its YAML front matter and its body, keeping line numbers."""

from __future__ import annotations

from typing import Any

from ..errors import Diagnostics, Location, SiteError
from ..yamlfile import load_yaml

FENCE = "---"


def split_front_matter(text: str, path: str, diagnostics: Diagnostics | None = None) -> tuple[Any, str, int]:
    """Return (metadata, body, body_line) for a file that starts with `---`.

    Locations inside the metadata are absolute in the file (the opening fence is line 1),
    and `body_line` is the 1-based line where the body starts. Raises SiteError when the
    metadata cannot be read at all; a mistake in one value goes to `diagnostics` (load_yaml).
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        raise SiteError(
            "no front matter at the top of the file",
            location=Location(path, 1, 1),
            hint="start the file with a line '---', the metadata (title: ...), then another '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            meta_text = "\n".join(lines[1:index])
            meta = load_yaml(meta_text, path, line_offset=1, diagnostics=diagnostics) if meta_text.strip() else {}
            body = "\n".join(lines[index + 1:])
            return meta, body, index + 2
    raise SiteError(
        "the front matter is never closed",
        location=Location(path, 1, 1),
        hint="add a line '---' after the metadata, before the text",
    )
