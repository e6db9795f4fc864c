"""The manifest of one output folder: what the last good build into it read, made and said.

One line of JSON for what all builds need (the input stamps, the lists, the navigation), then a
line per output job and per document (Records), each decoded only when a build asks for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from ..errors import Location, SiteError
from .inputs import CACHE_DIR, Stamp, digest
from .sealed import Unreadable, header_for, read_record, tell_ignored, through_link, write_record

KEPT_STATES = 4
"""Output folders remembered per site (public/, the preview's temporary folder, --out...)."""


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
    jobs: Records = field(default_factory=lambda: Records(JOBS, {}))
    """Each output job (a page, an asset, the feed...) as it was made (JobRecord)."""
    documents: Records = field(default_factory=lambda: Records(DOCUMENTS, {}))
    """Each document (source path) as the last build read it (DocumentRecord)."""
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


JOBS: RecordCodec = RecordCodec(
    lambda job: [job.key.hex(), [[read, hashed.hex()] for read, hashed in job.reads],
                 [[path, hashed.hex()] for path, hashed in job.files], _plain_diags(job.diagnostics)],
    lambda plain: JobRecord(bytes.fromhex(plain[0]), tuple((read, bytes.fromhex(hashed)) for read, hashed in plain[1]),
                            tuple((path, bytes.fromhex(hashed)) for path, hashed in plain[2]), _diags(plain[3])),
)
DOCUMENTS: RecordCodec = RecordCodec(
    lambda doc: [doc.kind, doc.key.hex(), doc.listed.hex(), doc.cites.hex(), _plain_diags(doc.warnings)],
    lambda plain: DocumentRecord(str(plain[0]), bytes.fromhex(plain[1]), bytes.fromhex(plain[2]),
                                 bytes.fromhex(plain[3]), _diags(plain[4])),
)


def _manifest_to_text(m: Manifest) -> str:
    """The manifest as text: a line of JSON for all but its tables, then a line per job and per
    document (_manifest_from_text reverses it exactly)."""
    import json

    jobs, documents = m.jobs, m.documents
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
