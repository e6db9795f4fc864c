"""Stylesheets published without their comments and runs of white space: fewer bytes on every page.

The theme's CSS is written to be read (a comment for each section says why); readers need none
of that. Strings are kept as written, so a `content: "/* ... */"` stays whole.
"""

from __future__ import annotations

import functools
import re

_CSS_PARTS = re.compile(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(/\*.*?(?:\*/|\Z))|(\s+)""", re.S)


@functools.lru_cache(maxsize=32)  # the preview builds after every save: the same sheets again
def minify_css(text: str) -> str:
    """`text` less its comments, each run of white space one space (none next to { } ; or ,)."""

    def part(match: re.Match[str]) -> str:
        string, comment, _space = match.groups()
        if string is not None:
            return string
        return "" if comment is not None else " "

    squeezed = _CSS_PARTS.sub(part, text)
    # spaces beside braces, semicolons and commas never matter (outside strings, which hold none here
    # once squeezed: a string with one of them keeps its own spaces below)
    pieces = re.split(r"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')""", squeezed)
    for index in range(0, len(pieces), 2):
        pieces[index] = re.sub(r" ?([{};,]) ?", r"\1", pieces[index])
    return "".join(pieces).strip() + "\n"
