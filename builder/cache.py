"""The build cache in SITE/.cache/: what the last build read, made and wrote, so the next redoes only changes.

Nothing here is trusted blindly. Every input file is known by its stat *and* a hash of its
bytes; a stat that changed, or one too close to the last look to prove anything (a save in
the same clock tick), is hashed again. The files are plain data, sealed (cachedata.py): one
that cannot be read, is damaged, was written by someone else, by another version, or for
another site folder is ignored (with one line saying so when it is not ours), and the build
then does everything, which is slower but never wrong. This module only stores and compares;
build.py decides what a match allows.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from . import __version__
from .cachedata import FORMAT, Unreadable, header_for, read_record, through_link, write_record
from .errors import Location, SiteError


CACHE_DIR = ".cache"
"""The cache folder inside the site (git-ignored)."""
RACY_NS = 3_000_000_000
"""A file changed less than this before the last look may have changed again within the same
clock tick (or a coarse file-system timestamp): its hash is checked again."""
LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "mdit_py_plugins", "yaml", "PIL")
"""Libraries whose version shapes the output: a change of any of them invalidates everything."""
BUILDER_DIR = Path(__file__).resolve().parent
BUILDER_FOLDER = str(BUILDER_DIR)
KEPT_STATES = 4
"""Output folders remembered per site (public/, the preview's temporary folder, --out...)."""

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


# --- input files -------------------------------------------------------------------------------


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


# --- the manifest of one output folder --------------------------------------------------------

class JobRecord(NamedTuple):
    """One output job (a page, an asset, the feed...) as the last good build made it."""

    key: bytes
    """The hash of everything the job was known to depend on before it ran (pages.Keys.of)."""
    reads: tuple[tuple[str, bytes], ...]
    """What its template was seen reading while it ran (`document:...`, `list:...`), with their hashes."""
    files: tuple[tuple[str, bytes], ...]
    """The files it made, as (path in the output folder, hash of the bytes)."""
    diagnostics: tuple[tuple, ...]
    """What it said (plain_diagnostics)."""


class DocumentRecord(NamedTuple):
    """One document (an article, a page...) as the last good build read it."""

    kind: str
    """`article`, `page`, `home`..."""
    key: bytes
    """The key of its unit in the store (BuildCache.unit_key)."""
    listed: bytes
    """The hash of what lists show of it (title, date, slug...)."""
    cites: bytes
    """The hash of what it cites."""
    warnings: tuple[tuple, ...]
    """Its own warnings (plain_diagnostics)."""


@dataclass(slots=True)
class Manifest:
    """What the last good build into one output folder read, wrote and said."""

    options: tuple
    """The build options and the site and output folders it was made for."""
    inputs: dict[str, Stamp] = field(default_factory=dict)
    """The input files as they were."""
    scanned_ns: int = 0
    """When those were looked at."""
    marker: tuple[int, ...] | None = None
    """The stat of the output folder's marker file right after the build: proves the folder is that build's."""
    pages: int = 0
    """HTML pages, for the summary line."""
    warnings: tuple[tuple, ...] = ()
    """Every warning of that build, told again by a build that finds nothing to do."""
    jobs: Mapping[str, JobRecord] = field(default_factory=dict)
    """Each output job (a page, an asset, the feed...) as it was made."""
    documents: Mapping[str, DocumentRecord] = field(default_factory=dict)
    """Each document (source path) as the last build read it."""
    render_base: bytes = b""
    """The part of every job's key that all jobs share (pages.Keys.base)."""
    nav: list[dict[str, str]] = field(default_factory=list)
    """The navigation every page shows."""
    lists: dict[str, bytes] = field(default_factory=dict)
    """The hash of each site-wide list (pages.Keys.lists)."""
    site_warnings: tuple[tuple, ...] = ()
    """Warnings about the site as a whole (not of one document or one output)."""


def state_path(site_dir: Path, out_dir: Path) -> Path:
    """Where the manifest of builds of `site_dir` into `out_dir` is kept."""
    name = digest(os.path.abspath(out_dir)).hex()[:16]
    return site_dir / CACHE_DIR / f"out-{name}.manifest"


def build_options(site_dir: Path, out_dir: Path, base_url: str | None, drafts: bool) -> tuple:
    """What a manifest must have been made with to be used again (the repository the
    'report an error' links lead to, when the Pages workflow gives it, is in every page)."""
    return (os.path.abspath(out_dir), base_url, drafts, os.environ.get("EXPLAINER_REPO_URL", ""))


def load_manifest(site_dir: Path, out_dir: Path, options: tuple) -> Manifest | None:
    """The manifest for these options, or None when there is none that can be trusted."""
    path = state_path(site_dir, out_dir)
    try:
        text = read_record(path, header_for("manifest", site_dir, repr(options)))
        if text is None:
            return None
        return _manifest_from_text(options, text)
    except Unreadable as exc:
        tell_ignored(path, site_dir, str(exc))
    except (ValueError, TypeError, KeyError, AttributeError):  # sealed by us, yet not a manifest
        tell_ignored(path, site_dir, "not a manifest of this builder")
    return None


def save_manifest(site_dir: Path, out_dir: Path, manifest: Manifest) -> None:
    """Write the manifest (atomically); forget the oldest output folders beyond KEPT_STATES."""
    path = state_path(site_dir, out_dir)
    new = not path.exists()
    try:
        text = _manifest_to_text(manifest)
    except (TypeError, ValueError, AttributeError):  # a value that is not plain data: only a slower next build
        return
    write_record(path, header_for("manifest", site_dir, repr(manifest.options)), text)
    if not new or through_link(path):
        return
    try:
        states = sorted(path.parent.glob("out-*.manifest"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in states[KEPT_STATES:]:
            old.unlink()
    except OSError:
        pass


class RecordCodec(NamedTuple):
    """How one table's records become plain JSON values and back; their diagnostics come last."""

    plain: Callable[[Any], list[Any]]
    record: Callable[[list[Any]], Any]


class Records(Mapping[str, Any]):
    """One table of a manifest (its jobs, its documents), a line of JSON per record: each record
    is decoded when first used and written back as it was read when no build changed it. A build
    that changed one article of a large site decodes and encodes a handful of its records, not
    the thousands of them (a third of such a build's time otherwise)."""

    __slots__ = ("codec", "_entries", "_lines")

    def __init__(self, codec: RecordCodec, entries: dict[str, Any] | None = None,
                 lines: Callable[[], list[str]] | None = None) -> None:
        self.codec = codec
        self._entries = entries  # name -> record, or its line as read (str) until it is used
        self._lines = lines  # the lines, split from the file when a record is first asked for

    @property
    def entries(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = {_name_of(line): line for line in self._lines()} if self._lines else {}
            self._lines = None
        return self._entries

    def __getitem__(self, name: str) -> Any:
        value = self.entries[name]
        if type(value) is str:
            import json

            value = self.entries[name] = self.codec.record(json.loads(value)[1:])
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def updated(self, changes: Mapping[str, Any]) -> Records:
        """A copy with `changes` (name -> record) made."""
        return Records(self.codec, {**self.entries, **changes})

    def containing(self, texts: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """The records that may hold one of `texts` in a string (a name, a read): those whose line
        has none of them certainly do not, and stay undecoded. The caller checks the others."""
        import json

        needles = [json.dumps(text, ensure_ascii=False)[1:-1] for text in texts]
        for name, value in self.entries.items():
            if type(value) is not str or any(needle in value for needle in needles):
                yield name, self[name]

    def with_diagnostics(self) -> Iterator[Any]:
        """The records that said something (their diagnostics, last in each line, are not `[]`)."""
        for name, value in self.entries.items():
            if type(value) is not str or not value.endswith(",[]]"):
                yield self[name]

    def lines(self) -> Iterator[str]:
        """Each record as a line of JSON: `[name, ...its plain fields]`."""
        import json

        for name, value in self.entries.items():
            yield value if type(value) is str else json.dumps(
                [name, *self.codec.plain(value)], ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def records(codec: RecordCodec, table: Mapping[str, Any]) -> Records:
    """`table` as a manifest's Records (as it is, when it is one already)."""
    return table if isinstance(table, Records) else Records(codec, dict(table))


def _name_of(line: str) -> str:
    """The name a record's line begins with (`["NAME",...`), read without decoding the line."""
    end = line.find('",', 2)
    name = line[2:end]
    if end < 0 or "\\" in name or not line.startswith('["'):
        import json

        return str(json.loads(line)[0])
    return name


JOBS = RecordCodec(
    lambda job: [job.key.hex(), [[read, hashed.hex()] for read, hashed in job.reads],
                 [[path, hashed.hex()] for path, hashed in job.files], _plain_diags(job.diagnostics)],
    lambda plain: JobRecord(bytes.fromhex(plain[0]), tuple((read, bytes.fromhex(hashed)) for read, hashed in plain[1]),
                            tuple((path, bytes.fromhex(hashed)) for path, hashed in plain[2]), _diags(plain[3])),
)
DOCUMENTS = RecordCodec(
    lambda doc: [doc.kind, doc.key.hex(), doc.listed.hex(), doc.cites.hex(), _plain_diags(doc.warnings)],
    lambda plain: DocumentRecord(str(plain[0]), bytes.fromhex(plain[1]), bytes.fromhex(plain[2]),
                                 bytes.fromhex(plain[3]), _diags(plain[4])),
)


def _manifest_to_text(m: Manifest) -> str:
    """The manifest as text: a line of JSON for all but its tables, then a line per job and per
    document (_manifest_from_text reverses it exactly)."""
    import json

    jobs, documents = records(JOBS, m.jobs), records(DOCUMENTS, m.documents)
    head = {
        "inputs": {name: [*stamp.stat, stamp.digest.hex()] for name, stamp in m.inputs.items()},
        "scanned_ns": m.scanned_ns, "marker": m.marker, "pages": m.pages,
        "warnings": _plain_diags(m.warnings),
        "render_base": m.render_base.hex(), "nav": m.nav,
        "lists": {name: hashed.hex() for name, hashed in m.lists.items()},
        "site_warnings": _plain_diags(m.site_warnings),
        "jobs": len(jobs), "documents": len(documents),
    }
    return "\n".join([json.dumps(head, ensure_ascii=False, separators=(",", ":"), allow_nan=False),
                      *jobs.lines(), *documents.lines()])


def _manifest_from_text(options: tuple, text: str) -> Manifest:
    """A manifest back from _manifest_to_text's text; ValueError, TypeError or KeyError when it is not one."""
    import json

    first, _, rest = text.partition("\n")
    d = json.loads(first)
    h = bytes.fromhex
    marker = d["marker"]
    nav = d["nav"]
    count = d["jobs"]
    if not (isinstance(d["scanned_ns"], int) and isinstance(d["pages"], int) and isinstance(nav, list)
            and all(isinstance(item, dict) for item in nav) and isinstance(count, int)
            and isinstance(d["documents"], int)):
        raise TypeError("not a manifest")
    split: list[list[str]] = []

    def lines() -> list[str]:
        if not split:
            split.append(rest.split("\n") if rest else [])
            if len(split[0]) != count + d["documents"]:
                raise ValueError("not a manifest")
        return split[0]

    return Manifest(
        options,
        {name: Stamp(size, mtime, ctime, ino, h(hashed)) for name, (size, mtime, ctime, ino, hashed) in d["inputs"].items()},
        d["scanned_ns"], tuple(marker) if marker is not None else None, d["pages"], _diags(d["warnings"]),
        Records(JOBS, lines=lambda: lines()[:count]), Records(DOCUMENTS, lines=lambda: lines()[count:]),
        h(d["render_base"]), nav, {name: h(hashed) for name, hashed in d["lists"].items()},
        _diags(d["site_warnings"]),
    )


def _plain_diags(diags: Iterable[tuple]) -> list[list[Any]]:
    return [[severity, message, list(where) if where else None, hint] for severity, message, where, hint in diags]


def _diags(plain: Iterable[list[Any]]) -> tuple[tuple, ...]:
    return tuple((severity, message, tuple(where) if where else None, hint)
                 for severity, message, where, hint in plain)


def forget_manifest(site_dir: Path, out_dir: Path) -> None:
    """Drop the manifest of `out_dir` (its folder no longer matches it)."""
    path = state_path(site_dir, out_dir)
    if through_link(path):
        return
    try:
        path.unlink()
    except OSError:
        pass


def marker_stamp(path: Path) -> tuple[int, ...] | None:
    """The stat of a marker file that identifies one write of an output folder."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def plain_diagnostics(errors: Iterable[SiteError]) -> tuple[tuple, ...]:
    """SiteErrors as plain tuples, for the manifest."""
    return tuple(
        (e.severity, e.message, (e.location.path, e.location.line, e.location.col) if e.location else None,
         e.hint)
        for e in errors
    )


def site_errors(plain: Iterable[tuple]) -> list[SiteError]:
    """The SiteErrors back from plain tuples."""
    return [SiteError(message, location=Location(*where) if where else None, hint=hint, severity=severity)
            for severity, message, where, hint in plain]


# --- rendered documents ------------------------------------------------------------------------


class UnitStore:
    """Documents as read and rendered by earlier builds, by key: plain data (cachedata.dumps),
    decoded only when used.

    The units are spread over SHARDS files by key, so that a build that made one new unit
    rewrites one small file. Rewriting a shard keeps only the units the build used from it,
    so the store never grows much beyond the site.
    """

    SHARDS = 128
    """At 4,000 documents about 30 in a shard: a save in the preview rewrites 100 KB, not 1.5 MB."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.folder = site_dir / CACHE_DIR
        self.header = header_for("units", site_dir)
        self.shards: list[dict[str, str] | None] = [None] * self.SHARDS
        self.used: list[dict[str, str]] = [{} for _ in range(self.SHARDS)]

    def _shard(self, key: bytes) -> int:
        return key[0] % self.SHARDS

    def _load(self, index: int) -> dict[str, str]:
        shard = self.shards[index]
        if shard is None:
            path = self.folder / f"units-{index:x}"
            try:
                text = read_record(path, self.header)
                import json

                units = json.loads(text) if text is not None else {}
                if not isinstance(units, dict):
                    raise Unreadable("not a record of this builder")
            except (Unreadable, ValueError) as exc:
                tell_ignored(path, self.site_dir, str(exc) if isinstance(exc, Unreadable) else "damaged")
                units = {}
            shard = self.shards[index] = units
        return shard

    def get(self, key: bytes) -> str | None:
        """The unit of `key` as stored (cachedata.dumps text), or None."""
        index = self._shard(key)
        name = key.hex()
        text = self._load(index).get(name)
        if isinstance(text, str):
            self.used[index][name] = text
            return text
        return None

    def put(self, key: bytes, text: str) -> None:
        self.used[self._shard(key)][key.hex()] = text

    def save(self, keep_unused: bool = False) -> None:
        """Write each shard this build added units to: with only the units it used, or, after a
        build that looked at some documents only (`keep_unused`), with the others kept too."""
        import json

        for index, used in enumerate(self.used):
            if not used:
                continue
            stored = self._load(index)
            if used.keys() - stored.keys():
                units = {**stored, **used} if keep_unused else used
                write_record(self.folder / f"units-{index:x}", self.header,
                             json.dumps(units, ensure_ascii=False, separators=(",", ":")))


_told: set[str] = set()


def tell_ignored(path: Path, site_dir: Path, why: str) -> None:
    """Say once, quietly, that a cache file was not used: it was not ours (or not readable)."""
    if _told:
        return
    _told.add(str(path))
    try:
        shown = path.relative_to(site_dir).as_posix()
    except ValueError:
        shown = path.as_posix()
    print(f"note: ignored {shown} ({why}): building what it held again", file=sys.stderr)
