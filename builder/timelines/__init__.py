"""Curated background timelines: content/timelines/NAME.yaml."""

from .load import load_timelines

__all__ = ["load_timelines"]
