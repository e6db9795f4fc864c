"""Rebuild in a background thread: one build per burst, changes during a build make one more.

livereload runs its watch callbacks on its one event loop, so a slow build freezes the
server. Here builds run in their own thread: the server keeps answering with the last
good build (swapped in atomically by the write stage) until the new one is in place.
The watcher hands over bursts already debounced (watch.py). The search index (Pagefind:
seconds on a large site) is brought up to date after a pause in the saves, never between a
save and its reload; so is the manifest of the last build (incremental.Session), which the next
build finds in memory.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..build import BuildOptions, BuildReport, build
from ..incremental.inputs import input_name
from ..errors import BuildFailed, Diagnostics, SiteError
from ..incremental.cache import Session
from ..render import THEME_DIR
from ..search import needs_index, update_index
from .watch import Inputs

log = logging.getLogger(__name__)

BuildFunction = Callable[[BuildOptions, Diagnostics], BuildReport]
SEARCH_QUIET = 1.0
"""Seconds without a save before the search index is updated (a save during the update waits for it)."""
_FINGERPRINT = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{10}\.(?P<suffix>css|js)$")


@dataclass(frozen=True, slots=True)
class ShownError:
    """One error as the overlay shows it."""

    text: str
    """`path:line:col: error: message`."""
    hint: str
    """The hint, or ""."""

    @classmethod
    def of(cls, error: SiteError) -> ShownError:
        hint = error.hint or ""
        return cls(str(SiteError(error.message, location=error.location)), hint)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one build did, for the terminal and the browsers."""

    ok: bool
    """The build succeeded and its output is being served."""
    changed: tuple[str, ...]
    """The inputs that caused it, as the editor knows them (empty for the first build)."""
    errors: tuple[ShownError, ...] = ()
    """Every error of a failed build."""
    warnings: tuple[str, ...] = ()
    """Warnings, for the terminal."""
    sheets: tuple[tuple[str, str], ...] | None = None
    """(old URL, new URL) of each stylesheet when only stylesheets changed; None: reload pages."""
    base_path: str | None = None
    """The site's base path after a good build."""
    pages: int = 0
    """HTML pages built."""
    seconds: float = 0.0
    """How long the build took."""


class Rebuilder:
    """Takes change notices from the watcher and runs one build per burst, in its own thread."""

    def __init__(self, inputs: Inputs, out_dir: Path, archive_dir: Path, drafts: bool,
                 on_outcome: Callable[[Outcome], None], *, build_function: BuildFunction = build,
                 on_warning: Callable[[str], None] = log.warning) -> None:
        self.inputs = inputs
        self.out_dir = out_dir
        self.archive_dir = archive_dir
        self.drafts = drafts
        self.on_outcome = on_outcome
        self.build_function = build_function
        self.on_warning = on_warning
        self.last_ok = False
        self.building = False
        """True while a build runs (read from other threads: a hint, not a lock)."""
        self._pending: set[Path] = set()
        self._unindexed: set[str] | None = None
        """Output files changed since the search index was last updated; None: none built."""
        self._cond = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.base_path = "/"
        """The site's base path, as the last good build read it."""
        self.session = Session()
        """The last good build's manifest, kept in memory; with the watcher's names of what changed since."""

    # -- called from the watcher's thread

    def notify(self, paths: frozenset[Path]) -> None:
        with self._cond:
            self._pending |= paths
            self._cond.notify_all()

    # -- the build thread

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="explainer-rebuild", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the build in progress, if any (its output is thrown away with the rest)."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()

    def _next_burst(self) -> set[Path] | None:
        """Every path noticed since the last build (waiting for one); None when stopping."""
        with self._cond:
            while not self._stopping and not self._pending:
                self._cond.wait()
            if self._stopping:
                return None
            burst, self._pending = self._pending, set()
        return burst

    def _run(self) -> None:
        while True:
            with self._cond:
                later = self._unindexed is not None or self.session.unsaved is not None
                if later and not (self._pending or self._stopping):
                    self._cond.wait(SEARCH_QUIET)  # a save meanwhile is built first
                quiet = not (self._pending or self._stopping)
            if quiet:
                self.session.flush()  # the manifest to disk, for the next command (held while saves come)
                self._index_search()
            changed = self._next_burst()
            if changed is None:
                self.session.flush()
                return
            self.building = True
            try:
                outcome = self.build_once(changed)
            finally:
                self.building = False
            self.on_outcome(outcome)

    def _index_search(self) -> None:
        """Bring the search index up to the build being served, if the site has search."""
        if self._unindexed is None or not needs_index(self.out_dir, tuple(self._unindexed)):
            return
        self._unindexed = None
        diagnostics = Diagnostics()
        update_index(self.out_dir, diagnostics)
        for warning in _warnings(diagnostics):
            self.on_warning(warning)

    def build_once(self, changed: set[Path] | None = None) -> Outcome:
        """Build now (the first build, or after a burst); never raises."""
        shown = tuple(sorted(self.inputs.show(p) for p in changed or ()))
        sheets_only = bool(changed) and self.last_ok and all(self._is_stylesheet(p) for p in changed or ())
        before = _stylesheets(self.out_dir) if sheets_only else {}
        diagnostics = Diagnostics()
        # the assets the pages being served name stay servable while this build replaces them
        _archive_assets(self.out_dir, self.archive_dir)
        self.session.tell(self._input_names(changed) if changed else None)
        options = BuildOptions(site_dir=self.inputs.site_dir, out_dir=self.out_dir, drafts=self.drafts,
                               search_index=False, session=self.session)  # after the reload: _index_search
        try:
            report = self.build_function(options, diagnostics)
        except BuildFailed as failed:
            self.last_ok = False
            notes = tuple(ShownError(f"note: {line}", "") for line in failed.consequences)
            return Outcome(False, shown, tuple(ShownError.of(e) for e in failed.errors) + notes,
                           _warnings(diagnostics))
        except Exception as exc:  # a bug of ours: say so, keep serving the last good build
            log.debug("build crashed", exc_info=True)
            self.last_ok = False
            error = SiteError(f"internal error in the builder: {exc.__class__.__name__}: {exc}",
                              hint="run `build` with --debug and report the traceback")
            return Outcome(False, shown, (ShownError.of(error),))
        self.last_ok = True
        self._unindexed = (self._unindexed or set()) | set(report.changed)
        _archive_assets(self.out_dir, self.archive_dir)
        sheets = _sheet_swaps(before, _stylesheets(self.out_dir)) if sheets_only else None
        self.base_path = report.base_path or self.base_path
        return Outcome(True, shown, (), _warnings(diagnostics), sheets, self.base_path, report.pages,
                       report.seconds)

    def _input_names(self, paths: set[Path]) -> list[str] | None:
        """The watcher's paths as the build's inputs are named (cache.scan_inputs); None if one is not an input."""
        names = [input_name(path, self.inputs.site_dir) for path in paths]
        known = [name for name in names if name is not None]
        return known if len(known) == len(names) else None

    def _is_stylesheet(self, path: Path) -> bool:
        if path.suffix.lower() != ".css":
            return False
        return (path.is_relative_to(self.inputs.site_dir / "templates" / "static")
                or path.is_relative_to(THEME_DIR / "static"))


def _warnings(diagnostics: Diagnostics) -> tuple[str, ...]:
    return tuple(str(w) for w in sorted(diagnostics.warnings, key=SiteError.sort_key))


def _stylesheets(out_dir: Path) -> dict[str, str]:
    """Fingerprinted stylesheets of a build: logical name -> published name."""
    static = out_dir / "static"
    found: dict[str, str] = {}
    if not static.is_dir():
        return found
    for path in static.rglob("*.css"):
        name = path.relative_to(static).as_posix()
        match = _FINGERPRINT.match(name)
        if match and match["suffix"] == "css":
            found[match["stem"]] = name
    return found


def _sheet_swaps(before: dict[str, str], after: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Published names (relative to static/) of each stylesheet whose fingerprint changed."""
    return tuple((before[stem], after[stem]) for stem in sorted(before.keys() & after.keys())
                 if before[stem] != after[stem])


def _archive_assets(out_dir: Path, archive_dir: Path) -> None:
    """Keep every fingerprinted asset ever built, so a page of the previous build that is
    still loading finds its stylesheet after the swap (hard links: no copying). Assets
    without a fingerprint are not kept: a deleted image must look deleted."""
    static = out_dir / "static"
    if not static.is_dir():
        return
    for path in static.rglob("*"):
        if not path.is_file() or not _FINGERPRINT.match(path.relative_to(static).as_posix()):
            continue
        target = archive_dir / path.relative_to(static)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
