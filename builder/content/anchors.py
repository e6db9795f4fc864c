"""The ids the source notes give their anchors: a heading's own id must never take one."""

from __future__ import annotations

import re

NOTE_ID = re.compile(r"^(?:note-\d+|note-ref-\d+|sidenote-\d+|src-.+|source-notes-heading|article-sources-heading"
                     r"|note-card)$")
"""Ids the notes use; a heading anchor that would take one gets a suffix instead."""
