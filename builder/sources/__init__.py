"""The sources registry (content/sources.yaml), citations and notes: who says so, where, when."""

from .attach import SourceNotes
from .check import CitingPlace, SourceGroup, SourceIndex
from .citations import citations_plugin
from .load import load_sources

__all__ = ["CitingPlace", "SourceGroup", "SourceIndex", "SourceNotes", "citations_plugin", "load_sources"]
