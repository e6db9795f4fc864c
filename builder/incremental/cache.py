"""One build's view of the cache (BuildCache): the inputs now, the last good build's manifest, the
stored documents, and the keys and checks made of them (the rule: see the package's docstring).
Session is what the preview keeps between its builds."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import Diagnostics, SiteError
from ..write import MARKER
from .inputs import CACHE_DIR, RACY_NS, Inputs, builder_digest, digest, hash_input, rescan_inputs, restat, scan_inputs
from .manifest import (
    DOCUMENTS, JOBS, DocumentRecord, JobRecord, Manifest, build_options, forget_manifest, load_manifest, marker_stamp,
    plain_diagnostics, records, save_manifest, site_errors, state_path,
)
from .sealed import sealing_key, user_cache_dir
from .store import UnitStore

DOCUMENT_FOLDERS = ("content/articles/", "content/pages/")
EXPLAINERS = "content/explainers/"
"""An explainer's articles are documents too (content/explainers/NAME/articles/FILE); its
explainer.yaml, timelines and sources are site-wide inputs like content/timelines/."""
HOME = "content/index.md"


@dataclass(slots=True)
class Session:
    """What the preview keeps between its builds of one site, in one process (server/rebuild.py).

    The manifest of the last good build stays in memory, and the watcher names the inputs that
    changed since: a build after a save reads no manifest, walks no folder and looks only at the
    saved files. The manifest reaches the disk after the browsers are told (`flush`), so the next
    `build` or `serve` starts from it. Whatever the watcher cannot vouch for (`changed` None)
    means looking at every input, as a build from the command line does.
    """

    manifest: Manifest | None = None
    """The last good build's manifest, as it saved it."""
    changed: set[str] | None = None
    """Inputs (as the manifest names them) touched since that build; None: not known."""
    unsaved: tuple[Path, Path] | None = None
    """(site folder, output folder) when `manifest` is not on disk yet."""

    def tell(self, names: Iterable[str] | None) -> None:
        """Inputs touched since the last good build (None: some the preview cannot name)."""
        if names is None or self.changed is None:
            self.changed = None
        else:
            self.changed.update(names)

    def keep(self, manifest: Manifest | None, site_dir: Path, out_dir: Path) -> None:
        """A good build's manifest (None: forgotten); written to disk by `flush`."""
        self.manifest, self.changed = manifest, (set() if manifest is not None else None)
        self.unsaved = (site_dir, out_dir) if manifest is not None else None

    def flush(self) -> None:
        """Write the kept manifest to disk, if it is not there yet."""
        if self.unsaved is not None and self.manifest is not None:
            save_manifest(*self.unsaved, self.manifest)
        self.unsaved = None


class BuildCache:
    """The cache as one build sees it: the inputs now, the manifest of the last good build, the units."""

    def __init__(self, site_dir: Path, out_dir: Path, base_url: str | None, drafts: bool, write: bool,
                 session: Session | None = None) -> None:
        self.site_dir = site_dir
        self.out_dir = out_dir
        self.folder = site_dir / CACHE_DIR
        """The site's cache folder: plain data only (sealed.py)."""
        self.write = write
        self.base_url = base_url
        self.drafts = drafts
        self.session = session
        self.options = build_options(site_dir, out_dir, base_url, drafts)
        warm = session is not None and session.manifest is not None and session.manifest.options == self.options
        self.manifest: Manifest | None = (session.manifest if warm and session else
                                          load_manifest(site_dir, out_dir, self.options))
        previous = self.manifest
        inputs = None
        if warm and session and session.changed is not None and previous is not None:
            inputs = rescan_inputs(site_dir, previous.inputs, session.changed)
        self.inputs: Inputs = inputs or scan_inputs(site_dir, previous.inputs if previous else None,
                                                    previous.scanned_ns if previous else 0)
        self.store = UnitStore(site_dir)

    def _save_manifest(self, manifest: Manifest) -> None:
        if self.session is not None:  # the preview: in memory now, on disk after the reload
            self.session.keep(manifest, self.site_dir, self.out_dir)
        else:
            save_manifest(self.site_dir, self.out_dir, manifest)

    def _forget_manifest(self) -> None:
        if self.session is not None:
            self.session.keep(None, self.site_dir, self.out_dir)
        forget_manifest(self.site_dir, self.out_dir)

    @property
    def templates_folder(self) -> Path | None:
        """Where compiled templates are kept: the user's own cache folder, never the site's (loading
        them runs them); None when this user has no cache folder the builder can keep a key in."""
        return user_cache_dir() / "templates" if sealing_key() is not None else None

    # -- nothing changed

    def unchanged(self) -> bool:
        """True when the output folder holds the last good build and no input differs from its inputs."""
        manifest = self.manifest
        if not self.write or manifest is None or manifest.marker is None:
            return False
        stamps = self.inputs.stamps
        if len(manifest.inputs) != len(stamps):
            return False
        for name, old in manifest.inputs.items():
            now = stamps.get(name)
            if now is None or now.digest != old.digest:
                return False
        return self.out_folder_is_last_build()

    def out_folder_is_last_build(self) -> bool:
        """The output folder's marker is the one the manifest's build left (nothing replaced it since),
        and no build was killed while it had files waiting in it."""
        manifest = self.manifest
        return (manifest is not None and manifest.marker is not None
                and marker_stamp(self.out_dir / MARKER) == manifest.marker and not self.unfinished.exists())

    @property
    def unfinished(self) -> Path:
        """Exists while an incremental build has files waiting in the output folder (write.InPlaceWriter)."""
        return state_path(self.site_dir, self.out_dir).with_suffix(".unfinished")

    def replay(self, diagnostics: Diagnostics) -> None:
        """Tell the last build's warnings again: a build with nothing to do must not hide them."""
        assert self.manifest is not None
        for warning in site_errors(self.manifest.warnings):
            diagnostics.add(warning)

    def remember_stamps(self) -> None:
        """After a build with nothing to do: keep the stamps of files that had to be hashed again."""
        manifest = self.manifest
        if manifest is not None and (self.inputs.hashed or self.session is not None):
            manifest.inputs = self.inputs.stamps
            manifest.scanned_ns = self.inputs.scanned_ns
            self._save_manifest(manifest)

    # -- keys

    @functools.cached_property
    def site_wide_inputs(self) -> list[str]:
        """The inputs that are no document's own file: site.yaml, timelines, templates, the builder..."""
        return [name for name in self.inputs.stamps if not _is_document_file(name)]

    @functools.cached_property
    def resolve_digest(self) -> bytes:
        """The site-wide key: the builder, site.yaml, the options, the content that is not a document."""
        shared = [name for name in self.site_wide_inputs if name.startswith("content/") or name == "content"]
        return digest(builder_digest(self.inputs), self.inputs.digest_of("site.yaml"), repr(self.base_url),
                      repr(self.drafts), self.inputs.group_digest(shared))

    def unit_key(self, kind: str, rel: str) -> bytes:
        """The key of one document: what its load and resolve depend on."""
        stamps = self.inputs.stamps
        if rel not in stamps:  # not seen by the scan (a race, or a path it cannot tell): never reused
            return os.urandom(16)
        parts: list[bytes | str] = [self.resolve_digest, kind, rel, stamps[rel].digest]
        if kind == "article" and rel.lower().endswith(".txt"):
            sidecar = rel[:-4] + ".yaml"
            parts += [sidecar, self.inputs.digest_of(sidecar)]
        return digest(*parts)

    def render_digest(self, navigation: object) -> bytes:
        """The part of every job's key that all pages share: templates and navigation."""
        templates = [name for name in self.inputs.stamps
                     if name == "templates" or name.startswith("templates/")]
        return digest(self.resolve_digest, self.inputs.group_digest(templates), repr(navigation))

    # -- units

    def still_as_scanned(self, groups: Iterable[tuple[str, ...]]) -> list[bool]:
        """For each group of inputs: unchanged since the scan (so what was read is what was hashed)?"""
        groups = list(groups)
        names = {name for group in groups for name in group}
        now = restat(self.site_dir, names)
        stamps = self.inputs.stamps
        settled = self.inputs.scanned_ns - RACY_NS
        verdicts: dict[str, bool] = {}
        for name in names:
            stamp = stamps.get(name)
            if stamp is None or now[name] is None:
                verdicts[name] = stamp is None and now[name] is None
            elif now[name] != stamp.stat:
                verdicts[name] = False
            elif stamp.ctime_ns >= settled:  # changed recently: a change in the same clock tick hides in the stat
                verdicts[name] = hash_input(name, self.site_dir) == stamp.digest
            else:
                verdicts[name] = True
        return [all(verdicts[name] for name in group) for group in groups]

    # -- outputs

    def previous_jobs(self) -> Mapping[str, JobRecord] | None:
        """The last build's jobs, when the output folder still holds exactly what they made."""
        if not self.write or not self.out_folder_is_last_build():
            return None
        if self.folder.is_symlink() or not (self.folder.is_dir() and os.access(self.folder, os.W_OK)):
            return None  # an update in place must be able to mark itself unfinished (write.InPlaceWriter)
        assert self.manifest is not None
        return self.manifest.jobs

    def changed_documents(self) -> list[tuple[str, str]] | None:
        """(kind, source) of the articles and pages that changed, when no other input did and none
        was added or removed; None otherwise (or when the output folder is not the last build's)."""
        manifest = self.manifest
        if not self.write or manifest is None or not manifest.documents or not self.out_folder_is_last_build():
            return None
        old, new = manifest.inputs, self.inputs.stamps
        if old.keys() != new.keys():
            return None
        sidecars = {source[:-4] + ".yaml": source for source in manifest.documents
                    if source.lower().endswith(".txt")}
        changed: dict[str, str] = {}
        for name, stamp in new.items():
            if stamp.digest == old[name].digest:
                continue
            if not _is_document_file(name) or name == HOME:
                return None
            source = sidecars.get(name, name)
            record = manifest.documents.get(source)
            if record is None:
                if not name.lower().endswith((".md", ".txt")):
                    continue  # read by no document (a sidecar without its text, a stray file)
                return None
            if record.kind not in ("article", "page"):
                return None
            changed[source] = record.kind
        return [(kind, source) for source, kind in sorted(changed.items())]

    def save(self, *, jobs: Mapping[str, JobRecord], pages: int, warnings: list[SiteError],
             documents: Mapping[str, DocumentRecord], render_base: bytes, nav: list[dict[str, str]],
             lists: Mapping[str, bytes], site_warnings: list[SiteError]) -> None:
        """Record a good build, unless a site-wide input changed while it ran (then forget it all)."""
        if not self.write:
            return
        stamps = self.inputs.stamps
        site_wide = [name for name in self.site_wide_inputs if stamps[name].size >= 0]
        now = restat(self.site_dir, site_wide)
        if any(now[name] != stamps[name].stat for name in site_wide):
            self._forget_manifest()
            return
        manifest = Manifest(self.options, stamps, self.inputs.scanned_ns, marker_stamp(self.out_dir / MARKER),
                            pages, plain_diagnostics(warnings), records(JOBS, jobs), records(DOCUMENTS, documents),
                            render_base, nav, dict(lists), plain_diagnostics(site_warnings))
        self._save_manifest(manifest)
        try:
            if not self.folder.is_symlink():
                self.unfinished.unlink(missing_ok=True)  # a full build replaced what a killed one left
        except OSError:  # .cache is not a folder we can change: no manifest was kept either
            pass


def _is_document_file(name: str) -> bool:
    """A file that is (part of) one document: its changes reach only that document's pages."""
    if name.startswith(EXPLAINERS):
        parts = name.split("/")
        return len(parts) == 5 and parts[3] == "articles"
    return (name.startswith(DOCUMENT_FOLDERS) and name.count("/") == 2) or name == HOME

