"""The whole build, stage by stage: config -> content -> resolve -> render -> write.

Everything is gathered and checked before anything is written: a build with errors
stops before the write stage and leaves the last good output untouched.

Each stage redoes only what changed since the last good build (SITE/.cache/, see
the incremental package). A build whose inputs are all as they were stops after one look at them,
without importing the stages; otherwise each document whose inputs are unchanged comes
from the cache, only the output files whose inputs changed are made, and only those whose
bytes changed are written. Large sites are read and rendered on every core (parallel.py).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import Diagnostics, SiteError, machine_error
from .incremental.cache import BuildCache
from .options import BuildOptions, BuildReport
from .progress import Progress
from .write import check_output_dir

if TYPE_CHECKING:  # the stages are imported only when a build has work to do
    from .pages import Keys, Outputs
    from .units import Unit


def build(options: BuildOptions, diagnostics: Diagnostics) -> BuildReport:
    """Run the stages in order; raise BuildFailed with every error of the failing stage.

    A refusal of the computer (permissions, a full disk, a file where a folder should be)
    is one located error like the others, not an internal error.
    """
    try:
        report = _stages(options, diagnostics)
    except OSError as exc:
        diagnostics.add(machine_error(exc, options.site_dir, options.out_dir or options.site_dir / "public"))
        diagnostics.raise_if_failed()
        raise
    if options.write and options.search_index:
        from .search import needs_index, update_index

        if needs_index(report.out_dir, report.changed):
            update_index(report.out_dir, diagnostics)  # last: it reads what was published
    return report


def _stages(options: BuildOptions, diagnostics: Diagnostics) -> BuildReport:
    started = time.perf_counter()
    site_dir = options.site_dir
    out_dir = options.out_dir or site_dir / "public"
    if options.write:
        try:
            check_output_dir(out_dir, site_dir)
        except SiteError as exc:  # reported with the others
            diagnostics.add(exc)
    cache = BuildCache(site_dir, out_dir, options.base_url, options.drafts, options.write, options.session)
    if not diagnostics.failed and cache.unchanged():
        cache.replay(diagnostics)
        cache.remember_stamps()
        assert cache.manifest is not None
        return BuildReport(cache.manifest.pages, 0, time.perf_counter() - started, out_dir)
    if not diagnostics.failed:
        from .incremental.quick import quick_build  # only some articles' own text changed?

        report = quick_build(options, out_dir, cache, diagnostics, started)
        if report is not None:
            return report
    progress = Progress()
    try:
        return _build(options, out_dir, cache, diagnostics, progress, started)
    finally:
        progress.close()


def _build(options: BuildOptions, out_dir: Path, cache: BuildCache, diagnostics: Diagnostics,
           progress: Progress, started: float) -> BuildReport:
    # the stages are imported here: a build with nothing to do never needs them
    from .config import load_config
    from .content.documents import ContentFiles, list_content
    from .editions import place_explainers, place_timelines
    from .explainers import load_explainers
    from .addresses import load_urls, published_urls, save_urls, tell_vanished
    from .links import check_site_links
    from .pages import Keys, list_digests, make_outputs, output_paths, redirect_jobs, site_jobs
    from .render import collect_assets, load_templates, make_environment, set_globals
    from .resolve import Resolver
    from .sources.load import load_sources
    from .timelines import load_timelines
    from .units import assemble_site, load_units
    from .write import InPlaceWriter, StagingWriter

    site_dir = options.site_dir
    config = load_config(site_dir, diagnostics, options.base_url)
    if config is None:  # no site.yaml: not a site folder, nothing else to check
        diagnostics.raise_if_failed()
    assert config is not None  # a config with mistakes still lets the other files be checked

    files = list_content(site_dir, diagnostics) or ContentFiles((), (), None)
    timelines = place_timelines(load_timelines(site_dir, diagnostics), config, diagnostics)  # others: under /LANG/
    sources = load_sources(site_dir, diagnostics)
    explainers = place_explainers(load_explainers(site_dir, diagnostics), config, diagnostics)  # others: /LANG/
    resolver = Resolver(config, timelines, sources, diagnostics, explainers=explainers)
    units = load_units(files, site_dir, resolver, cache, options.drafts, diagnostics, progress)
    site = assemble_site(units, resolver, diagnostics)
    # on past mistakes: the links of what did load are checked in this same build, unless a
    # content file failed (a page a link leads to may be missing: such links are noted, not errors)
    complete = not any(error.location and error.location.path.startswith("content/")
                       for error in diagnostics.errors)
    env = make_environment(site_dir, diagnostics, cache.templates_folder)
    assets = collect_assets(site_dir, diagnostics)  # (a template or asset outside the site: refused, told)
    set_globals(env, site, assets)
    load_templates(env, diagnostics)  # a template that does not compile: told with the other mistakes
    jobs = site_jobs(site, assets)
    jobs += redirect_jobs(site, jobs, diagnostics)  # aliases: old addresses sent on to the new ones
    check_site_links(site, output_paths(jobs), env, diagnostics, complete)
    diagnostics.raise_if_failed()  # a link that leads nowhere: nothing is written
    navs = (env.globals["nav"], *(edition.nav for edition in site.editions))  # each language's
    keys = Keys(cache.render_digest(navs if site.editions else navs[0]), {unit.source: unit.key for unit in units},
                list_digests(site, {unit.source: unit.listed for unit in units}, jobs))
    previous = cache.previous_jobs()
    writer = None
    if options.write:
        writer = InPlaceWriter(out_dir, cache.unfinished) if previous is not None else StagingWriter(out_dir)
    try:
        if isinstance(writer, StagingWriter):
            writer.open()
        outputs = make_outputs(jobs, keys, previous, env, writer, diagnostics, progress)
        progress.close()
        if writer is not None:
            writer.commit(__version__)
    except SiteError as exc:  # a path the writer refuses
        diagnostics.add(exc)
        diagnostics.raise_if_failed()
        raise
    finally:
        if writer is not None:
            writer.discard()
    nav: list[dict[str, str]] = env.globals["nav"]  # type: ignore[assignment]  # set by set_globals
    published = published_urls(site, [job.name for job in jobs])
    tell_vanished(load_urls(site_dir, out_dir, options.drafts), published, site, diagnostics)
    _remember(cache, units, outputs, keys, nav, diagnostics)  # a good build only
    if options.write:
        save_urls(site_dir, out_dir, options.drafts, published)
    if env.bytecode_cache is not None:
        env.bytecode_cache.flush()  # type: ignore[attr-defined]
    written = len(outputs.changed) if options.write else 0
    return BuildReport(outputs.pages, written, time.perf_counter() - started, out_dir, outputs.changed,
                       config.base_path)


def _remember(cache: BuildCache, units: list[Unit], outputs: Outputs, keys: Keys, nav: list[dict[str, str]],
              diagnostics: Diagnostics) -> None:
    """Keep the documents made and the manifest of the output folder for the next build."""
    from collections import Counter

    from .incremental.manifest import site_errors
    from .units import document_records

    known = Counter(str(e) for unit in units for e in unit.diagnostics if e.severity == "warning")
    known.update(str(e) for record in outputs.records.values() for e in site_errors(record.diagnostics))
    site_wide = []  # the warnings no document and no output said: told again by a quick build
    for warning in diagnostics.warnings:
        if known[str(warning)]:
            known[str(warning)] -= 1
        else:
            site_wide.append(warning)
    cache.save(jobs=outputs.records, pages=outputs.pages, warnings=diagnostics.warnings,
               documents=document_records(units), render_base=keys.base, nav=nav, lists=keys.lists,
               site_warnings=site_wide)
    cache.store.save()
