"""The one Markdown renderer of a build: markdown-it-py with the site's plugins.

Assembled here, above the plugins it uses, so that each plugin module (pictures, the
citations of the sources) can use what content/markdown.py offers without the renderer
importing them back: the stages import this module, never the other way round.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .content.markdown import site_links_plugin
from .model import MarkdownOptions
from .pictures import pictures_plugin
from .sources.citations import citations_plugin


def make_markdown(options: MarkdownOptions) -> MarkdownIt:
    """The one MarkdownIt of a build: CommonMark, tables, footnotes, heading anchors, our links."""
    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer})
    md.enable("table")
    md.enable("strikethrough")
    if options.typographer:
        md.enable(["replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4)
    md.use(pictures_plugin)  # before site_links: it records the pictures' published addresses
    md.use(site_links_plugin)
    md.use(citations_plugin)
    return md
