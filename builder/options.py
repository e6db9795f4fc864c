"""What a build is asked to do and what it reports: the builder's interface to its callers (the
command line, the preview). Kept apart from model.py's many data classes, which a build with
nothing to do never needs (each costs its share of the start of every build).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .incremental.cache import Session


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the command line asked for."""

    site_dir: Path
    """The site folder (holds site.yaml)."""
    out_dir: Path | None = None
    """Where to write; None means SITE_DIR/public."""
    base_url: str | None = None
    """Overrides site.yaml's base_url (GitHub Pages' own URL in CI)."""
    drafts: bool = False
    """Build drafts too."""
    write: bool = True
    """False for `check`: run every stage but the write."""
    search_index: bool = True
    """Update the search index after writing (the preview does it itself, after the reload)."""
    session: Session | None = None
    """The preview's memory between its builds (incremental.cache.Session); None for one build."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, for the summary line."""

    pages: int
    """HTML pages rendered."""
    files: int
    """Files written (0 for a check)."""
    seconds: float
    """Wall-clock time of the build."""
    out_dir: Path
    """The output folder."""
    changed: tuple[str, ...] = ()
    """Output files written with new bytes, or removed, as paths inside the output folder."""
    base_path: str | None = None
    """The site's base path (`/repo/`), as the build read it; None when it read no site.yaml
    (nothing had changed: the base path is the last build's)."""
