"""The sources registry (content/sources.yaml): who says so, where, when."""

from .load import load_sources

__all__ = ["load_sources"]
