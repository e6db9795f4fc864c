"""The whole build, stage by stage: config -> content -> resolve -> render -> write.

Everything is gathered and checked before anything is written: a build with errors
stops before the write stage and leaves the last good output untouched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import load_config
from .content import load_content
from .errors import Diagnostics
from .render import collect_assets, make_environment, render_site
from .resolve import resolve_site
from .sources import load_sources
from .timelines import load_timelines
from .write import check_output_dir, write_site


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


def build(options: BuildOptions, diagnostics: Diagnostics) -> BuildReport:
    """Run the stages in order; raise BuildFailed with every error of the failing stage."""
    started = time.perf_counter()
    site_dir = options.site_dir
    out_dir = options.out_dir or site_dir / "public"
    if options.write:
        try:
            check_output_dir(out_dir, site_dir)
        except Exception as exc:  # SiteError: report with the others
            diagnostics.add(exc)  # type: ignore[arg-type]
    config = load_config(site_dir, diagnostics, options.base_url)
    diagnostics.raise_if_failed()
    assert config is not None

    content = load_content(site_dir, config, diagnostics, options.drafts)
    timelines = load_timelines(site_dir, diagnostics)
    sources = load_sources(site_dir, diagnostics)
    site = resolve_site(config, content, timelines, sources, diagnostics)
    diagnostics.raise_if_failed()

    outputs = render_site(site, make_environment(site_dir), collect_assets(site_dir), diagnostics)
    diagnostics.raise_if_failed()

    files = write_site(outputs, out_dir, __version__, diagnostics) if options.write else 0
    diagnostics.raise_if_failed()
    pages = sum(1 for item in outputs if item.path.suffix == ".html")
    return BuildReport(pages, files, time.perf_counter() - started, out_dir)
