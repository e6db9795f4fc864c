"""Watch a site's inputs (site.yaml, content/, templates/, the theme) and nothing else.

watchfiles (Rust's notify: inotify, FSEvents or ReadDirectoryChangesW, polling where none of
them works) does the watching and the debounce. Only named inputs are watched, never the site
folder as a whole: an output folder or .cache/ inside a watched one would rebuild forever
(livereload watches the current folder when told nothing; Lektor #1116). So two watches run:
the site folder alone, without its subfolders (site.yaml, and content/ or templates/ coming
or going), and the input folders with everything in them. Editor litter (swap files,
backups, vim's 4913, atomic-save temp files) never wakes a rebuild.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import watchfiles

from ..content.files import is_editor_litter
from ..render import THEME_DIR

log = logging.getLogger(__name__)

CONFIG_NAME = "site.yaml"
INPUT_FOLDERS = ("content", "templates")
"""The site's own input folders, watched recursively."""
THEME_FOLDERS = (THEME_DIR / "templates", THEME_DIR / "static")
"""The default theme: editing it in a checkout of the builder shows up too."""

QUIET = 0.01
"""Seconds without a new change that end a burst (watchfiles' `step`; its default is 50 ms)."""
LONGEST = 0.5
"""A burst still going after this many seconds is built as it stands, the rest after it
(watchfiles' `debounce`; its default, 1.6 s, would hold back every build of a long burst)."""
POLL_INTERVAL_MS = 100
"""How often files are looked at where the system gives no file events."""
READY_TIMEOUT = 30.0
"""Seconds to wait for a watch to be in place before building anyway."""

Notify = Callable[[frozenset[Path]], None]
"""What the watcher calls with the inputs a burst of changes touched."""

_SED_TEMP = re.compile(r"sed[A-Za-z0-9]{6}")
_MORE_LITTER = (".kate-swp", "___jb_tmp___", "___jb_old___", ".dpkg-new")


def is_litter(name: str) -> bool:
    """A file an editor or tool writes beside the real one while saving: never an input."""
    return is_editor_litter(name) or name.endswith(_MORE_LITTER) or bool(_SED_TEMP.fullmatch(name))


@dataclass(frozen=True, slots=True)
class Inputs:
    """What one site's build reads, as absolute paths."""

    site_dir: Path
    """The site folder (resolved): only its site.yaml and input folders are looked at."""
    trees: tuple[Path, ...]
    """Folders watched recursively: content/, templates/ and the theme's folders."""

    @classmethod
    def of(cls, site_dir: Path) -> Inputs:
        site = site_dir.resolve()
        return cls(site, tuple(site / name for name in INPUT_FOLDERS) + THEME_FOLDERS)

    @property
    def config(self) -> Path:
        return self.site_dir / CONFIG_NAME

    def tree_of(self, path: Path) -> Path | None:
        """The watched tree holding `path`, or None."""
        for tree in self.trees:
            if path == tree or path.is_relative_to(tree):
                return tree
        return None

    def show(self, path: Path) -> str:
        """The path as an editor knows it: relative to the site, or `(default theme)/...`."""
        if path.is_relative_to(self.site_dir):
            return path.relative_to(self.site_dir).as_posix()
        if path.is_relative_to(THEME_DIR):
            return "(default theme)/" + path.relative_to(THEME_DIR).as_posix()
        return path.as_posix()


def files_in(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, litter left out: a folder that arrives whole is its files."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not is_litter(name)]
        yield from (Path(root, name) for name in files if not is_litter(name))


def touched(changes: set[tuple[watchfiles.Change, str]]) -> frozenset[Path]:
    """The inputs a batch of changes touched. A folder that was added (created, or moved in)
    counts as the files in it: some may have been written before its watch was in place."""
    paths: set[Path] = set()
    for change, name in changes:
        path = Path(name)
        if change != watchfiles.Change.deleted and path.is_dir() and not path.is_symlink():
            paths.update(files_in(path))
        else:
            paths.add(path)
    return frozenset(paths)


class _Watch:
    """One watchfiles watch in a thread of its own."""

    def __init__(self, paths: list[Path], *, recursive: bool, keep: Callable[[watchfiles.Change, str], bool],
                 on_batch: Callable[[set[tuple[watchfiles.Change, str]]], None], quiet: float) -> None:
        self.paths = paths
        self.recursive = recursive
        self.keep = keep
        self.on_batch = on_batch
        self.step_ms = max(1, round(quiet * 1000))
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="explainer-watch", daemon=True)

    def start(self) -> None:
        """Start, and return once the watch is in place: no change after this is missed."""
        self._thread.start()
        if not self._ready.wait(READY_TIMEOUT):
            log.warning("watching %s is slow to start: saves made now may be missed",
                        ", ".join(map(str, self.paths)))

    def stop(self) -> None:
        self._stop.set()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        polling: bool | None = None  # watchfiles' choice: file events, or polling where they do not work
        try:
            while not self._stop.is_set():
                watching = False
                try:
                    for batch in self._batches(polling):
                        watching = True
                        self._ready.set()
                        if self._stop.is_set():
                            return
                        if batch:
                            self.on_batch(batch)
                    return
                except FileNotFoundError:
                    return  # a watched folder went away: the watch of the site folder saw it go
                except (OSError, RuntimeError) as exc:
                    if watching:  # it ran, then failed (a name it cannot decode...): watch again
                        log.warning("watching files: %s; watching again", exc)
                    elif not polling:  # no file events here (the system's limit of watches is reached...)
                        log.warning("no file events (%s): looking at the files every %d ms instead",
                                    exc, POLL_INTERVAL_MS)
                        polling = True
                    else:
                        raise
        finally:
            self._ready.set()

    def _batches(self, polling: bool | None) -> Iterator[set[tuple[watchfiles.Change, str]]]:
        """watchfiles' batches of changes, and an empty one every step without a change."""
        return watchfiles.watch(
            *self.paths, watch_filter=self.keep, recursive=self.recursive,
            step=self.step_ms, debounce=round(LONGEST * 1000),
            rust_timeout=self.step_ms, yield_on_timeout=True,
            force_polling=polling, poll_delay_ms=POLL_INTERVAL_MS,
            ignore_permission_denied=True, raise_interrupt=False,
        )


class Watcher:
    """Tells `notify` which inputs each burst of saves touched, in watchfiles' threads."""

    def __init__(self, inputs: Inputs, notify: Notify, *, quiet: float = QUIET) -> None:
        self.inputs = inputs
        self.notify = notify
        self.quiet = quiet
        self._lock = threading.Lock()
        self._site: _Watch | None = None
        self._trees: _Watch | None = None
        self._stopped = False

    def start(self) -> None:
        """Start watching; returns once every input is watched."""
        self._site = _Watch([self.inputs.site_dir], recursive=False, keep=self._keep_in_site,
                            on_batch=self._site_changed, quiet=self.quiet)
        self._site.start()
        self._watch_trees()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            watches = [self._site, self._trees]
        for watch in watches:
            if watch is not None:
                watch.stop()

    def _watch_trees(self) -> None:
        """Watch the input folders there are now; the new watch is in place before the old one stops."""
        with self._lock:
            if self._stopped:
                return
            old = self._trees
            trees = [tree for tree in self.inputs.trees if tree.is_dir()]
            self._trees = None
            if trees:
                self._trees = _Watch(trees, recursive=True, keep=self._keep_in_tree,
                                     on_batch=self._tree_changed, quiet=self.quiet)
                self._trees.start()
        if old is not None:
            old.stop()

    def _keep_in_site(self, change: watchfiles.Change, name: str) -> bool:
        """site.yaml, and an input folder coming or going; nothing else of the site folder."""
        path = Path(name)
        if path.parent != self.inputs.site_dir:
            return False
        return path.name == CONFIG_NAME or (path.name in INPUT_FOLDERS and change != watchfiles.Change.modified)

    def _keep_in_tree(self, change: watchfiles.Change, name: str) -> bool:
        """A file of an input folder, litter left out; a folder's own metadata is no input."""
        path = Path(name)
        tree = self.inputs.tree_of(path)
        if tree is None or any(is_litter(part) for part in path.relative_to(tree).parts):
            return False
        return not (change == watchfiles.Change.modified and path.is_dir())

    def _site_changed(self, batch: set[tuple[watchfiles.Change, str]]) -> None:
        if any(Path(name).name in INPUT_FOLDERS for _, name in batch):
            self._watch_trees()  # before looking inside a new folder: nothing written to it is missed
        self._tell(batch)

    def _tree_changed(self, batch: set[tuple[watchfiles.Change, str]]) -> None:
        self._tell(batch)

    def _tell(self, batch: set[tuple[watchfiles.Change, str]]) -> None:
        paths = touched(batch)
        if paths:
            self.notify(paths)
