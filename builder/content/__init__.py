"""The content stage: read articles, pages and the home page from content/."""

from .documents import Content, load_content

__all__ = ["Content", "load_content"]
