"""The quick path of a build: only the text of some articles or pages changed, in ways no list shows.

An editor's usual save: a sentence in an article. When nothing but such document files
changed (none added or removed, nothing site-wide), and each changed document appears in
every list exactly as before (same title, date, slug... and the same citations), only the
pages of those documents can change, plus pages whose templates were seen reading them.
This path reads and renders just those documents, against a site whose lists are withheld:
a template, or any code, that reaches for a list stops it, and the build is done in full
instead. So does any other doubt: an error, a page that shows another document's body.
Its pages are made and kept by the full build's own output stage (pages.make_outputs).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__
from ..errors import BuildFailed, Diagnostics
from ..options import BuildOptions, BuildReport
from .cache import BuildCache
from .manifest import site_errors


class NotQuick(Exception):
    """The quick path cannot answer for this build: it must be done in full."""


class Withheld:
    """Stands for a site-wide list in the quick path: any use of it stops the quick path."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def _stop(self, *_: Any) -> NoReturn:
        raise NotQuick(f"a page reads site.{object.__getattribute__(self, '_name')}")

    __getattr__ = __getitem__ = __iter__ = __len__ = __bool__ = _stop
    __contains__ = __str__ = __repr__ = __eq__ = _stop
    __hash__ = None  # type: ignore[assignment]


def quick_build(options: BuildOptions, out_dir: Path, cache: BuildCache, diagnostics: Diagnostics,
                started: float) -> BuildReport | None:
    """The build, when only articles' or pages' own text changed; None when it must be done in full."""
    changed = cache.changed_documents()
    if changed is None:
        return None
    try:
        return _quick(options, out_dir, cache, changed, diagnostics, started)
    except NotQuick:
        return None


def _quick(options: BuildOptions, out_dir: Path, cache: BuildCache, changed: list[tuple[str, str]],
           diagnostics: Diagnostics, started: float) -> BuildReport:
    from ..config import load_config
    from ..explainers import load_explainers
    from ..pages import Keys, document_jobs, make_outputs
    from ..progress import Progress
    from ..render import collect_assets, make_environment, set_globals
    from ..resolve import Resolver, Site
    from ..sources.load import load_sources
    from ..timelines import attach_backgrounds, load_timelines
    from ..links import same_links
    from ..units import document_records, load_unit, stored_unit
    from ..write import InPlaceWriter

    manifest = cache.manifest
    assert manifest is not None
    site_dir = options.site_dir
    own = Diagnostics()  # what the site-wide stages say was said by the last build already
    config = load_config(site_dir, own, options.base_url)
    if config is None or own.failed:
        raise NotQuick("site.yaml")
    if len(config.languages) > 1:
        raise NotQuick("a site in several languages: each page is made in its language's edition")
    timelines = load_timelines(site_dir, own)
    resolver = Resolver(config, timelines, load_sources(site_dir, own), own,
                        explainers=load_explainers(site_dir, own))
    if own.failed:
        raise NotQuick("site-wide errors")

    if manifest.lists.get("translations"):
        raise NotQuick("pages in several languages: each shows its translations")
    units, jobs = {}, []
    for kind, source in changed:
        unit = load_unit(kind, source, site_dir, resolver, cache, options.drafts)
        known = manifest.documents[source]
        if any(e.severity == "error" for e in unit.diagnostics) or (unit.listed, unit.cites) != (known.listed, known.cites):
            raise NotQuick(f"{source} changed where lists show it")
        previous = stored_unit(cache.store.get(manifest.documents[source].key), kind, source, b"")
        if previous is None or not same_links(previous.extras, unit.extras):
            raise NotQuick(f"{source} changed its links or ids: the link check looks at every page")
        units[source] = unit
        entry = unit.entry
        if entry is not None:
            jobs += document_jobs(*attach_backgrounds((entry,), resolver.timeline_views, Diagnostics()))
    names = {job.name for job in jobs}
    for name, record in manifest.jobs.containing(f"document:{source}" for source in units):
        if name not in names and any(read[len("document:"):] in units for read, _ in record.reads):
            raise NotQuick(f"{name} shows a changed document")  # a page that showed one must change too

    site = Site(config=config, articles=Withheld("articles"), pages=Withheld("pages"),  # type: ignore[arg-type]
                home=Withheld("home"), timelines=timelines, sources=resolver.sources,  # type: ignore[arg-type]
                timeline_views=resolver.timeline_views, source_index=Withheld("source_index"),  # type: ignore
                explainers=resolver.explainers)
    env = make_environment(site_dir, own, cache.templates_folder)
    assets = collect_assets(site_dir, own)
    if own.failed:
        raise NotQuick("templates/")
    set_globals(env, site, assets, nav=manifest.nav)
    # only the changed documents' pages are made here (one that reads another document stops this path)
    documents = {source: unit.key for source, unit in units.items()}
    keys = Keys(manifest.render_base, documents, manifest.lists)

    writer = InPlaceWriter(out_dir, cache.unfinished)
    made = Diagnostics()  # an error is for the full build to tell, with everything else
    try:
        outputs = make_outputs(jobs, keys, manifest.jobs, env, writer, made, Progress(), partial=True)
        for job in jobs:
            old, new = manifest.jobs.get(job.name), outputs.records[job.name]
            if old is None or {path for path, _ in new.files} != {path for path, _ in old.files}:
                raise NotQuick(f"{job.name} is new or makes other files")
            if new.reads:
                raise NotQuick(f"{job.name} reads other documents or a list")
        writer.commit(__version__)
    except BuildFailed:
        raise NotQuick("an error") from None
    finally:
        writer.discard()

    job_table = manifest.jobs.updated(outputs.records)
    document_table = manifest.documents.updated(document_records(list(units.values())))
    warnings = site_errors(manifest.site_warnings)
    warnings += [w for record in document_table.with_diagnostics() for w in site_errors(record.warnings)]
    warnings += [w for record in job_table.with_diagnostics() for w in site_errors(record.diagnostics)]
    for warning in warnings:
        diagnostics.add(warning)
    cache.save(jobs=job_table, pages=manifest.pages, warnings=warnings, documents=document_table,
               render_base=manifest.render_base, nav=manifest.nav, lists=manifest.lists,
               site_warnings=site_errors(manifest.site_warnings))
    cache.store.save(keep_unused=True)
    if env.bytecode_cache is not None:
        env.bytecode_cache.flush()  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    return BuildReport(manifest.pages, len(outputs.changed), seconds, out_dir, outputs.changed, config.base_path)
