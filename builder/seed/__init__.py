"""Seed articles: news articles pasted from web pages, read into title, byline, body and photos.

The parser is a pure library; the build and the CLI's `import` command call it through
the names re-exported here.
"""

from __future__ import annotations

from .command import run_import
from .decode import MAX_SEED_BYTES, decode_seed
from .export import to_json, to_markdown
from .model import DroppedLine, SeedArticle, SeedBlock, SeedImage
from .read import read_seed as parse_seed
from .textdates import find_text_date, parse_text_date

__all__ = [
    "MAX_SEED_BYTES",
    "DroppedLine",
    "SeedArticle",
    "SeedBlock",
    "SeedImage",
    "decode_seed",
    "find_text_date",
    "parse_seed",
    "parse_text_date",
    "run_import",
    "to_json",
    "to_markdown",
]
