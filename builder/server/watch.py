"""Watch a site's inputs (site.yaml, content/, templates/, the theme) and nothing else, fast.

Only named inputs are watched, never the site folder as a whole: an output folder inside a
watched one would rebuild forever (livereload watches the current folder when told nothing;
Lektor #1116). On Linux the kernel tells us about changes (inotify, through ctypes: no new
dependency); elsewhere a stat walk of the inputs runs every 50 ms or so, instead of
livereload's 0.8 s. Editor litter (swap files, backups, vim's 4913, atomic-save temp files)
never wakes a rebuild.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import select
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from ..content.files import is_editor_litter
from ..render import THEME_DIR

log = logging.getLogger(__name__)

CONFIG_NAME = "site.yaml"
INPUT_FOLDERS = ("content", "templates")
"""The site's own input folders, watched recursively."""
THEME_FOLDERS = (THEME_DIR / "templates", THEME_DIR / "static")
"""The default theme: editing it in a checkout of the builder shows up too."""

Stamp = tuple[int, int, int, int]
"""(mtime_ns, ctime_ns, size, inode) of a file: any save changes one of them."""

Notify = Callable[[frozenset[Path] | None], None]
"""What a watcher calls with the paths that may have changed; None means "look at everything"."""

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

    def is_input(self, path: Path) -> bool:
        """True for site.yaml and for files inside a watched tree that are not litter."""
        if path == self.config:
            return True
        tree = self.tree_of(path)
        if tree is None:
            return False
        return not any(is_litter(part) for part in path.relative_to(tree).parts)

    def show(self, path: Path) -> str:
        """The path as an editor knows it: relative to the site, or `(default theme)/...`."""
        if path.is_relative_to(self.site_dir):
            return path.relative_to(self.site_dir).as_posix()
        if path.is_relative_to(THEME_DIR):
            return "(default theme)/" + path.relative_to(THEME_DIR).as_posix()
        return path.as_posix()


def _stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def _walk(folder: Path) -> Iterator[tuple[Path, Stamp]]:
    """Every input file under `folder` with its stamp; hidden and litter names skipped."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if is_litter(entry.name):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))
            elif entry.is_file():
                st = entry.stat()
                yield Path(entry.path), (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        except OSError:
            continue


class Snapshot:
    """The stamps of every input file, to tell real changes from noise.

    A temp file written and renamed away within one debounce window, a swap file, or a
    directory event with nothing new in it, all come out as "nothing changed".
    """

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self._stamps: dict[Path, Stamp] = dict(self._scan())

    def _scan(self) -> Iterator[tuple[Path, Stamp]]:
        stamp = _stamp(self.inputs.config)
        if stamp is not None:
            yield self.inputs.config, stamp
        for tree in self.inputs.trees:
            yield from _walk(tree)

    def __len__(self) -> int:
        return len(self._stamps)

    def rescan(self) -> frozenset[Path]:
        """Compare every input with the last look; return what changed and remember the new state."""
        new = dict(self._scan())
        changed = {p for p, s in new.items() if self._stamps.get(p) != s}
        changed |= self._stamps.keys() - new.keys()
        self._stamps = new
        return frozenset(changed)

    def refresh(self, paths: Iterable[Path], *, trust_events: bool) -> frozenset[Path]:
        """Look again at `paths` only (files or folders); return those that really changed.

        With `trust_events` (the kernel said a file was written) an existing file counts as
        changed even when its stamp looks the same: two saves within one clock tick, of the
        same size, must both be seen.
        """
        changed: set[Path] = set()
        for path in paths:
            if os.path.isdir(path) and not os.path.islink(path):
                if self.inputs.tree_of(path) is None:
                    continue
                found = dict(_walk(path))
                gone = {p for p in self._stamps if p.is_relative_to(path) and p not in found}
                for p in gone:
                    del self._stamps[p]
                changed |= gone
                for p, stamp in found.items():
                    if self._stamps.get(p) != stamp:
                        self._stamps[p] = stamp
                        changed.add(p)
                continue
            if not self.inputs.is_input(path):
                continue
            now = _stamp(path)
            before = self._stamps.get(path)
            if now is None:
                gone = {p for p in self._stamps if p == path or p.is_relative_to(path)}
                for p in gone:
                    del self._stamps[p]
                changed |= gone
            elif now != before or trust_events:
                self._stamps[path] = now
                changed.add(path)
        return frozenset(changed)


class Watcher(Protocol):
    """Something that calls `notify` soon after an input changes."""

    trusts_events: bool
    """True when a reported file was certainly written (kernel events), not just maybe."""

    def start(self, notify: Notify) -> None: ...

    def stop(self) -> None: ...


class PollWatcher:
    """Stat walk of the inputs in a thread, at an interval that follows the walk's cost."""

    trusts_events = False

    def __init__(self, inputs: Inputs, interval: float = 0.05) -> None:
        self.inputs = inputs
        self.min_interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, notify: Notify) -> None:
        snapshot = Snapshot(self.inputs)

        def run() -> None:
            interval = self.min_interval
            while not self._stop.wait(interval):
                started = time.perf_counter()
                changed = snapshot.rescan()
                cost = time.perf_counter() - started
                # Never spend more than about a fifth of a core on looking.
                interval = min(1.0, max(self.min_interval, cost * 5))
                if changed:
                    notify(changed)

        self._thread = threading.Thread(target=run, name="explainer-poll", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


# inotify(7) constants
_IN_ATTRIB, _IN_CLOSE_WRITE = 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_DELETE_SELF, _IN_MOVE_SELF = 0x400, 0x800
_IN_Q_OVERFLOW, _IN_IGNORED, _IN_ISDIR = 0x4000, 0x8000, 0x40000000
_IN_ONLYDIR, _IN_DONT_FOLLOW = 0x01000000, 0x02000000
_MASK = (_IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVED_FROM | _IN_MOVED_TO | _IN_CREATE | _IN_DELETE
         | _IN_DELETE_SELF | _IN_MOVE_SELF | _IN_ONLYDIR | _IN_DONT_FOLLOW)
_EVENT = struct.Struct("iIII")


class InotifyUnavailable(OSError):
    """This system cannot give us kernel file events (not Linux, or out of watches)."""


class InotifyWatcher:
    """Kernel file events for the input folders (Linux): no polling, no delay."""

    trusts_events = True

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        try:
            self._libc = ctypes.CDLL(None, use_errno=True)
            init = self._libc.inotify_init1
        except (OSError, AttributeError) as exc:
            raise InotifyUnavailable("no inotify on this system") from exc
        self._fd = init(os.O_NONBLOCK | os.O_CLOEXEC)
        if self._fd < 0:
            raise InotifyUnavailable(ctypes.get_errno(), "inotify_init1 failed")
        self._dirs: dict[int, Path] = {}
        self._wake_r, self._wake_w = os.pipe()
        self._thread: threading.Thread | None = None
        self._stopping = False
        try:
            self._add(inputs.site_dir)
            for tree in inputs.trees:
                self._add_tree(tree)
        except InotifyUnavailable:
            self._close()
            raise

    def _add(self, folder: Path) -> None:
        wd = self._libc.inotify_add_watch(self._fd, os.fsencode(folder), _MASK)
        if wd < 0:
            err = ctypes.get_errno()
            if err in (errno.ENOSPC, errno.ENOMEM):
                raise InotifyUnavailable(err, "the system's limit of inotify watches is reached")
            return  # gone or not a folder: its parent's events will tell us if it comes back
        self._dirs[wd] = folder

    def _add_tree(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        self._add(folder)
        for root, dirs, _ in os.walk(folder):
            dirs[:] = [d for d in dirs if not is_litter(d)]
            for name in dirs:
                self._add(Path(root) / name)

    def start(self, notify: Notify) -> None:
        self._thread = threading.Thread(target=self._run, args=(notify,), name="explainer-inotify",
                                        daemon=True)
        self._thread.start()

    def _run(self, notify: Notify) -> None:
        while not self._stopping:
            ready, _, _ = select.select([self._fd, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                data = os.read(self._fd, 256 * 1024)
            except BlockingIOError:
                continue
            paths, overflow = self._parse(data)
            if overflow:
                notify(None)
            elif paths:
                notify(frozenset(paths))

    def _parse(self, data: bytes) -> tuple[set[Path], bool]:
        paths: set[Path] = set()
        overflow = False
        offset = 0
        while offset + _EVENT.size <= len(data):
            wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
            raw = data[offset + _EVENT.size: offset + _EVENT.size + length].rstrip(b"\0")
            offset += _EVENT.size + length
            if mask & _IN_Q_OVERFLOW:
                overflow = True
                continue
            folder = self._dirs.get(wd)
            if folder is None:
                continue
            if mask & (_IN_IGNORED | _IN_DELETE_SELF):
                self._dirs.pop(wd, None)
                continue
            if not raw:
                continue
            name = os.fsdecode(raw)
            path = folder / name
            if folder == self.inputs.site_dir:
                if name != CONFIG_NAME and self.inputs.tree_of(path) != path:
                    continue  # anything else in the site folder (public/, .git, notes) is not ours
            elif is_litter(name):
                continue
            if mask & _IN_ISDIR and mask & (_IN_CREATE | _IN_MOVED_TO):
                self._add_tree(path)
            paths.add(path)
        return paths, overflow

    def stop(self) -> None:
        self._stopping = True
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close()

    def _close(self) -> None:
        for fd in (self._fd, self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass


def make_watcher(inputs: Inputs, kind: str = "auto") -> Watcher:
    """`inotify`, `poll`, or `auto` (inotify where the system has it, else polling)."""
    if kind in ("auto", "inotify"):
        try:
            return InotifyWatcher(inputs)
        except InotifyUnavailable as exc:
            if kind == "inotify":
                raise
            log.info("kernel file events unavailable (%s): polling instead", exc)
    return PollWatcher(inputs)
