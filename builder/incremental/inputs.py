"""The input files of a build as it saw them: each known by its stat *and* a hash of its bytes.

A stat that changed, or one too close to the last look to prove anything (a save in the same
clock tick), is hashed again. The builder's own files, its libraries and Python are inputs
too: a new version of any of them changes every key.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, NamedTuple

from .. import __version__
from .sealed import FORMAT


CACHE_DIR = ".cache"
"""The cache folder inside the site (git-ignored)."""
RACY_NS = 3_000_000_000
"""A file changed less than this before the last look may have changed again within the same
clock tick (or a coarse file-system timestamp): its hash is checked again."""
LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "mdit_py_plugins", "yaml", "PIL")
"""Libraries whose version shapes the output: a change of any of them invalidates everything."""
BUILDER_DIR = Path(__file__).resolve().parent.parent
"""The builder package, whose own files are inputs of every build."""
BUILDER_FOLDER = str(BUILDER_DIR)

READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""Open for reading; never wait on a named pipe someone put among the inputs."""

class Stamp(NamedTuple):
    """An input file as a build saw it: its stat, which proves it unchanged cheaply, and its hash."""

    size: int
    """-1 for what is not a regular file (a folder, a link out, an unreadable file)."""
    mtime_ns: int
    ctime_ns: int
    inode: int
    digest: bytes
    """The hash of its bytes (or of its description, for what is not a file)."""

    @property
    def stat(self) -> tuple[int, int, int, int]:
        """(size, mtime_ns, ctime_ns, inode): what restat() gives for comparison."""
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode)


def digest(*parts: bytes | str) -> bytes:
    """A 16-byte hash of `parts`, each framed by its length and type: ('ab', 'c') != ('a', 'bc')."""
    h = _blake2b()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%c%d:" % (115 if isinstance(part, str) else 98, len(data)))
        h.update(data)
    return h.digest()


def _blake2b(data: bytes = b"") -> Any:
    """BLAKE2b-128, imported when first needed: a build with nothing to do hashes nothing."""
    try:  # the BLAKE2 module itself: hashlib would load OpenSSL too
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    return blake2b(data, digest_size=16)



@dataclass(slots=True)
class Inputs:
    """Every file a build may read, with its stamp: the site's own and the builder's."""

    stamps: dict[str, Stamp]
    """Name -> stamp; site files by their site-relative path, others as `<builder>/...`, `<lib>/...`."""
    scanned_ns: int
    """When the look began (wall clock), to tell a racy stamp."""
    hashed: int = 0
    """How many files had to be read and hashed (their stat proved nothing)."""

    def digest_of(self, name: str) -> bytes:
        """The content hash of one input, or a fixed value for a file that does not exist."""
        stamp = self.stamps.get(name)
        return stamp.digest if stamp else b"-"

    def group_digest(self, names: Iterable[str]) -> bytes:
        """One hash for several inputs, names included (a rename changes it)."""
        return digest(*(part for name in sorted(names) for part in (name, self.digest_of(name))))


def scan_inputs(site_dir: Path, previous: Mapping[str, Stamp] | None = None,
                previous_scan_ns: int = 0) -> Inputs:
    """Stat every input; hash those whose stat does not prove them unchanged since `previous`."""
    scanned_ns = _now_ns()
    found: dict[str, tuple[int, int, int, int] | bytes] = {}
    site_root = os.path.realpath(site_dir)
    _add_file(found, "site.yaml", str(site_dir / "site.yaml"))
    for folder in ("content", "templates"):
        real = os.path.realpath(site_dir / folder)
        if real.startswith(site_root.rstrip(os.sep) + os.sep):
            _walk(str(site_dir / folder), folder + "/", site_root, found, frozenset())
        elif os.path.exists(real):
            found[folder] = b"link out " + os.fsencode(real)  # refused by the loaders
    _walk(str(BUILDER_DIR), "<builder>/", str(BUILDER_DIR), found, frozenset(), skip=("__pycache__",))
    for name in LIBRARIES:
        origin = _library_origin(name)
        if origin:
            _add_file(found, f"<lib>/{name}", origin)
        else:
            found[f"<lib>/{name}"] = b"missing"
    inputs = Inputs({}, scanned_ns)
    trusted_before = previous_scan_ns - RACY_NS
    previous = previous or {}
    for name, look in found.items():
        if isinstance(look, bytes):  # not a regular file: its description is its content
            inputs.stamps[name] = Stamp(-1, 0, 0, 0, digest(look))
            continue
        old = previous.get(name)
        if old is not None and old.stat == look and look[2] < trusted_before:
            inputs.stamps[name] = Stamp(*look, old.digest)
            continue
        content = hash_input(name, site_dir)
        if content is None:
            inputs.stamps[name] = Stamp(-1, 0, 0, 0, digest("unreadable"))
            continue
        inputs.hashed += 1
        inputs.stamps[name] = Stamp(*look, content)
    return inputs


def rescan_inputs(site_dir: Path, previous: Mapping[str, Stamp], changed: Iterable[str]) -> Inputs | None:
    """The stamps of the last scan, with only `changed` looked at again: the preview's watcher names
    every input it saw change, so a save costs a stat and a hash of the saved file, not a walk of
    the site. None when a name is more than a plain file or a plain absence (a folder, a link, the
    input folders themselves): then every input is looked at again (scan_inputs)."""
    inputs = Inputs(dict(previous), _now_ns())
    for name in changed:
        if name in ("content", "templates") or not name.startswith(("site.yaml", "content/", "templates/",
                                                                        "<builder>/theme/")):
            return None
        path = _path_of(name, site_dir)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            if any(other.startswith(name + "/") for other in inputs.stamps):
                return None  # a folder that went: scan_inputs tells its files
            inputs.stamps.pop(name, None)
            continue
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or _linked_folder(name, site_dir):
            return None
        look = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        old = inputs.stamps.get(name)
        if old is not None and old.stat == look:
            continue  # touched, not changed (its racy case: the watcher tells a later write again)
        content = hash_input(name, site_dir)
        if content is None:
            return None
        inputs.hashed += 1
        inputs.stamps[name] = Stamp(*look, content)
    return inputs


def _linked_folder(name: str, site_dir: Path) -> bool:
    """A folder on the way to input `name` is a link: a rescan cannot tell where it leads."""
    root, rel = (str(BUILDER_DIR), name[len("<builder>/"):]) if name.startswith("<builder>/") else (str(site_dir), name)
    folder = os.path.dirname(rel)
    return os.path.realpath(os.path.join(root, folder)) != os.path.join(os.path.realpath(root), folder).rstrip(os.sep)


def hash_input(name: str, site_dir: Path) -> bytes | None:
    """The content hash of one input file as it is now; None when it cannot be read."""
    try:
        fd = os.open(_path_of(name, site_dir), READ_FLAGS)
    except OSError:
        return None
    try:  # plain system calls: thousands of small files, no buffered file object for each
        h = _blake2b()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.digest()
    except OSError:
        return None
    finally:
        os.close(fd)


def restat(site_dir: Path, names: Iterable[str]) -> dict[str, tuple[int, int, int, int] | None]:
    """The stat part of the stamps of `names` now (None for a file that is gone or not a file)."""
    now: dict[str, tuple[int, int, int, int] | None] = {}
    for name in names:
        try:
            st = os.stat(_path_of(name, site_dir))
        except OSError:
            now[name] = None
            continue
        regular = stat.S_ISREG(st.st_mode)
        now[name] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) if regular else None
    return now


def _now_ns() -> int:
    import time

    return time.time_ns()


def input_name(path: Path, site_dir: Path) -> str | None:
    """The name an input file has in the stamps (the reverse of _path_of); None for a file that is no input."""
    if path.is_relative_to(site_dir):
        return path.relative_to(site_dir).as_posix()
    if path.is_relative_to(BUILDER_DIR):
        return "<builder>/" + path.relative_to(BUILDER_DIR).as_posix()
    return None


def _path_of(name: str, site_dir: Path) -> str:
    """Where the input of that name is (joined as text: a build restats hundreds of them)."""
    if name.startswith("<builder>/"):
        return os.path.join(BUILDER_FOLDER, name[len("<builder>/"):])
    if name.startswith("<lib>/"):
        return _library_origin(name[len("<lib>/"):]) or os.devnull
    return os.path.join(site_dir, name)


def _add_file(found: dict[str, Any], name: str, path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode):
        found[name] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    else:
        found[name] = f"mode {stat.S_IFMT(st.st_mode)}".encode()


def _walk(folder: str, prefix: str, root: str, found: dict[str, Any], above: frozenset[tuple[int, int]],
          skip: tuple[str, ...] = ()) -> None:
    """Every entry under `folder`, following links to folders inside `root` (but not in circles)."""
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            if entry.name in skip:
                continue
            name = prefix + entry.name
            try:
                st = entry.stat()
            except OSError:  # a dangling link: the loaders report it, a new target must be noticed
                found[name] = b"broken link " + os.fsencode(_readlink(entry.path))
                continue
            if entry.is_symlink():
                real = os.path.realpath(entry.path)
                if not (real == root or real.startswith(root.rstrip(os.sep) + os.sep)):
                    found[name] = b"link out " + os.fsencode(real)  # refused by the loaders, never read
                    continue
            if stat.S_ISDIR(st.st_mode):
                if (st.st_dev, st.st_ino) in above:
                    found[name] = b"link loop"
                    continue
                _walk(entry.path, name + "/", root, found, above | {(st.st_dev, st.st_ino)}, skip)
            elif stat.S_ISREG(st.st_mode):
                found[name] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            else:
                found[name] = f"mode {stat.S_IFMT(st.st_mode)}".encode()


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _library_origin(name: str) -> str | None:
    """The file a library's version lives in (its __init__.py), found without importing it."""
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__file__", None):
        return module.__file__
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec(name)
    return spec.origin if spec is not None and spec.origin not in (None, "built-in") else None


def builder_digest(inputs: Inputs) -> bytes:
    """Everything about the program itself: its version, its files, its libraries and Python."""
    names = [name for name in inputs.stamps if name.startswith(("<builder>/", "<lib>/"))]
    return digest(__version__, sys.version, str(FORMAT), inputs.group_digest(names))
