"""The load and resolve stages for each document on its own, done once per version of its inputs.

A unit is one content file read (front matter, seed, sidecar) and its body rendered, with
the warnings and errors that came up. It depends only on its own file(s) and on site-wide
inputs (site.yaml, timelines, sources, the builder itself), which its key hashes; so a unit
of the last build whose key is unchanged is taken from the cache, and the others are made
here, across processes when there are many. Only then are the documents checked together
(unique slugs, order) and the site assembled.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

from markupsafe import Markup

from .incremental.inputs import digest
from .incremental.manifest import DocumentRecord, plain_diagnostics
from .incremental.sealed import Unreadable, dumps, loads
from .content.documents import ContentFiles, assemble_content, load_document
from .errors import Diagnostics, SiteError
from .incremental.cache import BuildCache
from .model import Document, PageExtras
from .parallel import map_ordered
from .progress import Progress
from .render import LISTED_FIELDS
from .resolve import Entry, Resolver, Site


@dataclass(frozen=True, slots=True)
class Unit:
    """One content file after the load and resolve stages."""

    kind: str
    """`article`, `page` or `home`."""
    source: str
    """Site-relative path of the file."""
    key: bytes
    """Hash of everything it depends on (incremental.BuildCache.unit_key)."""
    doc: Document | None
    """The document, or None when it could not be read."""
    html: Markup | None
    """Its body rendered; None when it was not (a draft left out, or unreadable)."""
    extras: PageExtras | None
    """What the resolve stage attached to it (source notes...)."""
    diagnostics: tuple[SiteError, ...]
    """Every error and warning its load and resolve reported."""
    listed: bytes
    """Hash of its metadata (title, date, slug...): what listings of it depend on."""
    cites: bytes
    """Hash of what its notes cite, by note number: what the sources page shows of it."""

    @property
    def entry(self) -> Entry | None:
        if self.doc is None or self.html is None or self.extras is None:
            return None
        return Entry(self.doc, self.html, self.extras)


_LISTED = tuple(f.name for f in fields(Document) if f.name in LISTED_FIELDS)
_listed_values = attrgetter(*_LISTED)
"""A document's listed fields, as a tuple, in one call."""



def listed_digest(doc: Document | None) -> bytes:
    """Hash of what a listing can show of a document (not its body)."""
    if doc is None:
        return b""
    return digest(repr(_listed_values(doc)))


def cites_digest(extras: PageExtras | None) -> bytes:
    """Hash of the sources each numbered note cites (sources.check.index_sources reads just that)."""
    notes = extras.source_notes if extras else ()
    return digest(repr(tuple((note.number, tuple(cite.source.key for cite in note.cites)) for note in notes)))


def document_records(units: list[Unit]) -> dict[str, DocumentRecord]:
    """Each unit as the manifest remembers it."""
    return {unit.source: DocumentRecord(unit.kind, unit.key, unit.listed, unit.cites,
                          plain_diagnostics(e for e in unit.diagnostics if e.severity == "warning"))
            for unit in units}


def load_units(files: ContentFiles, site_dir: Path, resolver: Resolver, cache: BuildCache,
               include_drafts: bool, diagnostics: Diagnostics, progress: Progress) -> list[Unit]:
    """Every content file as a unit: from the cache when its key is known, else made (in parallel)."""
    wanted = [("article", path) for path in files.articles] + [("page", path) for path in files.pages]
    if files.home is not None:
        wanted.append(("home", files.home))
    sources = _relative_paths([path for _, path in wanted], site_dir)
    keys = [cache.unit_key(kind, source) for (kind, _), source in zip(wanted, sources)]
    units: list[Unit | None] = [stored_unit(cache.store.get(key), kind, source, key)
                                for (kind, _), source, key in zip(wanted, sources, keys)]
    todo = [index for index, unit in enumerate(units) if unit is None]
    progress.stage("reading", len(todo))
    parent = os.getpid()

    def make(index: int) -> tuple[str | None, Unit | None]:
        kind, path = wanted[index]
        unit = make_unit(kind, path, sources[index], keys[index], site_dir, resolver, include_drafts)
        text = unit_text(unit)
        if os.getpid() == parent or text is None:
            return text, unit
        return text, None  # a worker sends the text only (the parent reads it back as the next build would)

    made: dict[int, str | None] = {}
    for position, (text, unit) in enumerate(map_ordered(make, todo)):
        index = todo[position]
        units[index] = unit or stored_unit(text, wanted[index][0], sources[index], keys[index])
        made[index] = text
        progress.advance()
    storable = cache.still_as_scanned([unit_inputs(*wanted[index], site_dir) for index in made])
    for (index, text), keep in zip(made.items(), storable):
        unit = units[index]
        if keep and unit is not None and all(e.severity == "warning" for e in unit.diagnostics):
            if text is not None:
                cache.store.put(keys[index], text)
    result = [unit for unit in units if unit is not None]
    for unit in result:
        for error in unit.diagnostics:
            diagnostics.add(error)
    return result


def load_unit(kind: str, source: str, site_dir: Path, resolver: Resolver, cache: BuildCache,
              include_drafts: bool) -> Unit:
    """One document as a unit, from the cache or read and rendered now (and then kept)."""
    key = cache.unit_key(kind, source)
    unit = stored_unit(cache.store.get(key), kind, source, key)
    if unit is None:
        path = site_dir / source
        unit = make_unit(kind, path, source, key, site_dir, resolver, include_drafts)
        failed = any(e.severity != "warning" for e in unit.diagnostics)
        if not failed and cache.still_as_scanned([unit_inputs(kind, path, site_dir)])[0]:
            text = unit_text(unit)
            if text is not None:
                cache.store.put(key, text)
    return unit


def assemble_site(units: list[Unit], resolver: Resolver, diagnostics: Diagnostics) -> Site:
    """The documents checked together (slugs, order) and the site resolved as a whole."""
    kept = {unit.source: unit for unit in units if unit.entry is not None}
    for unit in units:  # what names an article that has an error is not checked against it
        first = next((e for e in unit.diagnostics if e.severity == "error"), None)
        if first is not None and unit.kind == "article":
            diagnostics.mark_broken("article", unit.doc.slug if unit.doc else "*", "articles",
                                    f"{unit.source} has an error ({first.location or unit.source})")
    content = assemble_content(
        [unit.doc for unit in kept.values() if unit.kind == "article"],  # type: ignore[misc]
        [unit.doc for unit in kept.values() if unit.kind == "page"],  # type: ignore[misc]
        next((unit.doc for unit in kept.values() if unit.kind == "home"), None),
        diagnostics,
    )

    def entries(docs: tuple[Document, ...]) -> tuple[Entry, ...]:
        return tuple(kept[doc.source].entry for doc in docs)  # type: ignore[misc]

    home = kept[content.home.source].entry if content.home else None
    return resolver.site(entries(content.articles), entries(content.pages), home)


def make_unit(kind: str, path: Path, source: str, key: bytes, site_dir: Path, resolver: Resolver,
              include_drafts: bool) -> Unit:
    """Read and render one document (`source`: its site-relative path), keeping what it reports to itself."""
    reported = resolver.diagnostics
    errors, warnings, unchecked = len(reported.errors), len(reported.warnings), len(reported.unchecked)
    doc = load_document(path, kind, site_dir, reported)
    entry = resolver.entry(doc) if doc is not None and (include_drafts or not doc.draft) else None
    own = (*reported.errors[errors:], *reported.warnings[warnings:], *reported.unchecked[unchecked:])
    del reported.errors[errors:], reported.warnings[warnings:], reported.unchecked[unchecked:]
    extras = entry.extras if entry else None
    return Unit(kind, source, key, doc, entry.html if entry else None, extras, own,
                listed_digest(doc), cites_digest(extras))


def unit_text(unit: Unit) -> str | None:
    """What the cache keeps of a unit, as plain data (None: something in it is not, so it is not kept)."""
    try:
        return dumps((unit.doc, unit.html, unit.extras, unit.diagnostics, unit.listed, unit.cites))
    except (TypeError, ValueError):
        return None


def stored_unit(text: str | None, kind: str, source: str, key: bytes) -> Unit | None:
    """A unit back from the cache's plain data; None when there is none (or it is not one)."""
    if text is None:
        return None
    try:
        doc, html, extras, reported, listed, cites = loads(text)
    except (Unreadable, ValueError, TypeError):  # sealed by us, yet not a unit: only a miss
        return None
    if not (isinstance(doc, Document | None) and isinstance(extras, PageExtras | None) and isinstance(reported, tuple)
            and isinstance(listed, bytes) and isinstance(cites, bytes)):
        return None
    return Unit(kind, source, key, doc, html, extras, reported, listed, cites)


def _relative(path: Path, site_dir: Path) -> str:
    return path.relative_to(site_dir).as_posix()


def _relative_paths(paths: list[Path], site_dir: Path) -> list[str]:
    """Site-relative paths of files listed under `site_dir` (by string: thousands of them)."""
    prefix = "" if str(site_dir) == "." else str(site_dir).rstrip(os.sep) + os.sep
    return [text[len(prefix):].replace(os.sep, "/") if text.startswith(prefix) else _relative(path, site_dir)
            for path in paths for text in (str(path),)]


def unit_inputs(kind: str, path: Path, site_dir: Path) -> tuple[str, ...]:
    """The input files one unit reads: the file, and a seed article's sidecar."""
    rel = _relative(path, site_dir)
    if kind == "article" and path.suffix.lower() == ".txt":
        return rel, _relative(path.with_suffix(".yaml"), site_dir)
    return (rel,)
