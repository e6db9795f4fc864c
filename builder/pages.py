"""Every file of the built site as a job: what makes it, and what it depends on.

A job is one page (a template and its context), a file made by code (a timeline's JSON,
the feed and sitemap), or bytes known already (assets, the seed articles as received).
Naming each job's dependencies lets an incremental build make only the jobs whose
dependencies changed: its own document, the site-wide lists it was given (`uses`), and what
its template was seen reading while it rendered (render.PageReads).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Callable, Mapping

from .incremental.inputs import digest
from .incremental.manifest import JobRecord, plain_diagnostics, site_errors
from .editions import Edition, edition_for
from .errors import Diagnostics, SiteError
from .explainers import explainer_fronts
from .i18n import translate
from .model import OutputFile
from .parallel import map_ordered
from .pictures import picture_files
from .progress import Progress
from .addresses import redirects
from .publish import FEED_PATH, ROBOTS_PATH, SITEMAP_PATH, make_page_meta, publish_files
from .render import Environment, PageReads, _render, original_path
from .lists import ARTICLES_TITLE, ARTICLES_URL, TAGS_URL, paginate, site_tags
from .resolve import Entry, Site
from .search import RECORDS_PATH, SEARCH_URL, search_records
from .timelines import timelinejs_json
from .translations import own_name
from .updates import CORRECTIONS_URL, site_corrections
from .write import InPlaceWriter, StagingWriter


@dataclass(frozen=True, slots=True)
class Job:
    """One output of the site (or, for the publishing files, a few made together)."""

    name: str
    """Unique: the output path, or `<publish>` for the feed, sitemap, robots.txt and CNAME."""
    template: str = ""
    """The template that renders it; '' for a job that `make`s its files."""
    context: Mapping[str, Any] = field(default_factory=dict)
    """What the template gets besides the globals (page, canonical...)."""
    make: Callable[[Diagnostics], list[OutputFile]] | None = None
    """Makes the files of a job without a template."""
    own: str = ""
    """Source path of the document the page shows ('' for none)."""
    uses: tuple[str, ...] = ()
    """Site-wide lists it is made from: `articles`, `pages`, `citations`, `paths` (of all pages)."""


@dataclass(frozen=True, slots=True)
class Made:
    """What making one job gave."""

    files: tuple[tuple[str, bytes], ...]
    """(output path, bytes) of each file; none when it failed."""
    documents: tuple[str, ...] = ()
    """Other documents whose body its template read."""
    lists: tuple[str, ...] = ()
    """Site-wide lists its template read."""
    diagnostics: tuple[SiteError, ...] = ()
    """What went wrong, or warnings."""
    written: tuple[tuple[str, bytes], ...] = ()
    """(output path, hash) of files already written to a staging folder (their bytes stay there)."""
    refused: SiteError | None = None
    """Why the writer refused one of its files (a path another page took)."""


def _search_records(site: Site, _: object) -> list[OutputFile]:
    """The timelines' events and the sources (each edition's, in its language), for the search index."""
    editions = [(edition.language, edition.prefix, [source for source in site.sources.values()
                                                    if source.key in listed_sources(edition.site)])
                for edition in site.editions]
    return [OutputFile(PurePosixPath(RECORDS_PATH), search_records(site.config, site.timeline_views.values(),
                                                                   site.sources.values(), editions))]


def listed_sources(site: Site) -> set[str]:
    """The keys of the sources a site's (or an edition's) sources page lists."""
    index = site.source_index
    return {view.key for group in index.groups for view in group.sources} if index and site.sources else set()


def _timeline_json(path: str, view: Any, config: Any, _: object) -> list[OutputFile]:
    """A timeline's TimelineJS data file."""
    return [OutputFile(PurePosixPath(path), timelinejs_json(view, config))]


def site_jobs(site: Site, assets: Mapping[str, tuple[str, bytes]]) -> list[Job]:
    """Every job of the site, in a fixed order (the order a clash of two paths is reported in)."""
    jobs: list[Job] = []
    for edition in site.editions or (None,):  # a site in several languages: each one's own pages (editions.py)
        jobs += edition_jobs(edition.site if edition else site, edition, site.editions)
    jobs = with_page_editions(jobs, site.editions)
    for entry in (*site.articles, *site.pages):
        jobs.extend(document_jobs(entry, edition_context(edition_for(site, entry.doc.language))))
    if site.config.search:  # the events and sources as search records (search.py)
        jobs.append(Job(RECORDS_PATH, make=functools.partial(_search_records, site)))
    jobs.extend(Job(path, make=make) for path, make in picture_files(site))  # resized copies, social cards
    for published, content in assets.values():
        jobs.append(_data_job("static/" + published, content))
    jobs.append(_data_job(".nojekyll", b""))
    pages = page_paths(jobs)

    def publish(diagnostics: Diagnostics) -> list[OutputFile]:  # feed, sitemap, robots.txt, CNAME
        return publish_files(site, [OutputFile(PurePosixPath(path), b"") for path in pages], diagnostics)

    # first, not last: it is the longest single job of a large site (the feed lists every article),
    # and one that starts last keeps the whole build waiting for it alone
    jobs.insert(0, Job("<publish>", make=publish, uses=("articles", "paths")))
    return jobs


def edition_jobs(site: Site, edition: Edition | None, editions: tuple[Edition, ...] = ()) -> list[Job]:
    """The pages of the site (or of one edition, `site` narrowed to its language) that are no article
    or page: the home page, the lists, the timelines, the corrections, sources, search and 404 pages."""
    jobs: list[Job] = []
    shared = edition_context(edition)
    prefix = edition.prefix if edition else ""

    def page(template: str, path: str, own: str = "", uses: tuple[str, ...] = (), **context: Any) -> None:
        jobs.append(Job(path, template=template, context={**shared, **context}, own=own, uses=uses))

    home = site.home
    tags = site_tags(site.articles, prefix)
    fronts = explainer_fronts(site.explainers, site.articles, tuple(site.timeline_views.values()))
    hub = site.hub  # several explainers (content/explainers/): the home page is their hub
    page("hub.html" if hub else "index.html", prefix + "index.html", own=home.doc.source if home else "",
         uses=("articles",), page=home, articles=site.articles[:site.config.per_page], topics=bool(tags),
         canonical=prefix, **({"fronts": fronts} if hub else {}))
    for listing in paginate(ARTICLES_TITLE, prefix + ARTICLES_URL, site.articles, site.config.per_page):
        page("list.html", listing.url + "index.html", uses=("articles",), page=None, listing=listing,
             canonical=listing.url)
    if tags:  # every tag, then each tag's own list
        page("tags.html", prefix + TAGS_URL + "index.html", uses=("articles",), page=None, tags=tags,
             canonical=prefix + TAGS_URL)
        for tag in tags:
            for listing in paginate(tag.name, tag.url, tag.articles, site.config.per_page, tag.name):
                page("list.html", listing.url + "index.html", uses=("articles",), page=None, listing=listing,
                     canonical=listing.url)
    for front in fronts if hub else ():  # each explainer's front page at NAME/, and its articles when many
        # (with one explainer the home page is its front page: the site is as it would be without the folder)
        explainer, per_page = front.explainer, site.config.per_page
        page("explainer.html", explainer.url + "index.html", uses=("articles",), page=None, explainer=explainer,
             front=front, articles=front.articles[:per_page], more_articles=len(front.articles) > per_page,
             others=[other for other in site.explainers if other is not explainer], canonical=explainer.url,
             lang=explainer.language or site.config.language,
             explainer_editions=site.explainer_editions.get(explainer.name, ()))
        if len(front.articles) > per_page:
            for listing in paginate(explainer.title, explainer.url + ARTICLES_URL, front.articles, per_page):
                page("list.html", listing.url + "index.html", uses=("articles",), page=None, listing=listing,
                     explainer=explainer, canonical=listing.url)
    # GitHub Pages shows the root 404 page for every address, /es/... too: it leads to each edition's home
    homes = [{"lang": other.language, "url": other.prefix, "text": translate(other.language, "Go to the home page")}
             for other in editions if other is not edition] if edition and edition.home else []
    page("404.html", prefix + "404.html", page=None, canonical=None, other_homes=homes)
    for view in site.timeline_views.values():
        dated = ("articles",) if view.timeline.article else ()  # marked against an article's date
        page("timeline.html", view.url + "index.html", uses=dated, page=None, timeline=view, canonical=view.url,
             lang=view.timeline.language or site.config.language,
             timeline_editions=site.timeline_editions.get(view.timeline.name, ()))
        path = view.url + "timeline.json"
        jobs.append(Job(path, make=functools.partial(_timeline_json, path, view, site.config), uses=dated))
    if len(site.timeline_views) > 1:
        page("timelines.html", prefix + "timelines/index.html", page=None,
             timelines=list(site.timeline_views.values()), canonical=prefix + "timelines/")
    corrections = site_corrections(site)
    if corrections:  # every correction of the site, newest first
        page("corrections.html", prefix + CORRECTIONS_URL + "index.html", uses=("articles", "pages"), page=None,
             corrections=corrections, canonical=prefix + CORRECTIONS_URL)
    if site.sources and site.source_index is not None:
        page("sources.html", prefix + "sources/index.html", uses=("citations",), page=None, index=site.source_index,
             canonical=prefix + "sources/")
    if site.config.search:  # the search page (its records: site_jobs)
        page("search.html", prefix + SEARCH_URL + "index.html", page=None, canonical=prefix + SEARCH_URL)
    return jobs


def edition_context(edition: Edition | None) -> dict[str, Any]:
    """What the pages of an edition see instead of the whole site's: the site narrowed to its language,
    and for another language than the site's own, its config, navigation, language and folder."""
    if edition is None:
        return {}
    if edition.home:
        return {"site": edition.site}
    return {"site": edition.site, "config": edition.site.config, "nav": edition.nav, "lang": edition.language,
            "edition_prefix": edition.prefix, "page_meta": make_page_meta(edition.site)}


def with_page_editions(jobs: list[Job], editions: tuple[Edition, ...]) -> list[Job]:
    """Each page that several editions make (the home page, the sources page...) with the list of its
    editions (`page_editions`), for its hreflang alternates and its language switch. (A timeline's or
    an explainer's editions are those its `translation_of:` names.)"""
    if not editions:
        return jobs
    prefixes = sorted((edition.prefix for edition in editions), key=len, reverse=True)  # '' last

    def same_page(job: Job) -> str | None:
        """The page's address in the site's own language; None for no page of every edition."""
        canonical = job.context.get("canonical")
        if not job.template or canonical is None or "timeline" in job.context or "explainer" in job.context:
            return None
        return canonical[len(next(prefix for prefix in prefixes if canonical.startswith(prefix))):]

    found: dict[str, list[dict[str, str]]] = {}
    for job in jobs:
        if (key := same_page(job)) is not None:
            lang = job.context.get("lang") or editions[0].language
            found.setdefault(key, []).append({"lang": lang, "url": job.context["canonical"], "name": own_name(lang)})
    result = []
    for job in jobs:
        key = same_page(job)
        group = found[key] if key is not None else []
        result.append(dataclasses.replace(job, context={**job.context, "page_editions": tuple(group)},
                                          uses=tuple(dict.fromkeys((*job.uses, "paths"))))  # (which pages exist)
                      if len(group) > 1 else job)
    return result


def document_jobs(entry: Entry, shared: Mapping[str, Any] | None = None) -> list[Job]:
    """The jobs of one article or page: its page (seeing `shared`, its edition's, over the site's),
    and a seed article's text as received."""
    doc = entry.doc
    template = "article.html" if doc.kind == "article" else "page.html"
    context = {**(shared or {}), "page": entry, "canonical": entry.url,
               **({"lang": doc.language} if doc.language else {})}
    jobs = [Job(entry.url + "index.html", template=template, context=context, own=doc.source, uses=("translations",))]
    if doc.original:  # the seed as received, byte for byte
        jobs.append(_data_job(original_path(doc), doc.original, own=doc.source))
    return jobs


def _data_job(path: str, content: bytes, own: str = "") -> Job:
    return Job(path, make=lambda _: [OutputFile(PurePosixPath(path), content)], own=own)


def page_paths(jobs: list[Job]) -> list[str]:
    """The paths of all pages (what the sitemap lists)."""
    return [job.name for job in jobs if job.template]


def redirect_jobs(site: Site, jobs: list[Job], diagnostics: Diagnostics) -> list[Job]:
    """A job for each alias of the site's articles and pages: a page that sends readers on (addresses.py)."""
    return [Job(path, make=make, own=own) for path, make, own in redirects(site, {job.name for job in jobs}, diagnostics)]


def output_paths(jobs: list[Job]) -> list[str]:
    """Every file the jobs make, for the link check: a job's own name, or those of `<publish>`."""
    paths = [job.name for job in jobs if not job.name.startswith("<")]
    return paths + [FEED_PATH, SITEMAP_PATH, ROBOTS_PATH]  # made together by the `<publish>` job


def make_job(env: Environment, job: Job) -> Made:
    """Render or make one job; its errors are returned, not raised."""
    diagnostics = Diagnostics()
    if not job.template:
        assert job.make is not None
        try:
            files = tuple((item.path.as_posix(), item.data) for item in job.make(diagnostics))
        except SiteError as exc:
            diagnostics.add(exc)
            files = ()
        return Made(files, diagnostics=(*diagnostics.errors, *diagnostics.warnings))
    reads = PageReads(job.own)
    env.reads = reads
    try:
        html = _render(env, job.template, diagnostics, **job.context)
    finally:
        env.reads = None
    files = ((job.name, html.encode("utf-8")),) if html is not None else ()
    return Made(files, tuple(sorted(reads.documents)), tuple(sorted(reads.lists)),
                (*diagnostics.errors, *diagnostics.warnings))


@dataclass(frozen=True, slots=True)
class Keys:
    """What job keys are made of in this build."""

    base: bytes
    """The part all jobs share (site-wide inputs, templates, navigation)."""
    documents: Mapping[str, bytes]
    """Source path -> key of each document."""
    lists: Mapping[str, bytes]
    """Site-wide list -> hash of what it holds now."""

    def of(self, job: Job) -> bytes:
        own = self.documents.get(job.own, b"") if job.own else b""
        return digest(self.base, job.name, job.template, own, *(self.lists[name] for name in job.uses))

    def now(self, dependency: str) -> bytes | None:
        """The current hash of a dependency a job recorded (`document:PATH` or `list:NAME`)."""
        kind, _, name = dependency.partition(":")
        return (self.documents if kind == "document" else self.lists).get(name)


@dataclass(frozen=True, slots=True)
class Outputs:
    """What the output stage did."""

    records: dict[str, JobRecord]
    """Every job as made (or kept), for the manifest."""
    pages: int
    """HTML pages of the site."""
    changed: tuple[str, ...]
    """Output paths written with new bytes, or removed."""


Writer = StagingWriter | InPlaceWriter


def make_outputs(jobs: list[Job], keys: Keys, previous: Mapping[str, JobRecord] | None, env: Environment,
                 writer: Writer | None, diagnostics: Diagnostics, progress: Progress, *,
                 partial: bool = False) -> Outputs:
    """Make every job whose key or recorded reads changed, and hand its new bytes to the writer.

    With `previous` (the output folder holds exactly what those records say), a job whose
    key and reads are unchanged is kept as it is, its warnings told again; a file made
    again with the same bytes is not written; a file no job makes any more is removed.
    `partial` (the quick path): `jobs` are some of the site's, and other jobs' files are
    neither looked at nor removed (nor counted in `pages`).
    """
    records: dict[str, JobRecord] = {}
    todo: list[tuple[Job, bytes]] = []
    for job in jobs:
        key = keys.of(job)
        old = previous.get(job.name) if previous is not None else None
        if old is not None and old.key == key and all(keys.now(name) == value for name, value in old.reads):
            records[job.name] = old
            for warning in site_errors(old.diagnostics):
                diagnostics.add(warning)
        else:
            todo.append((job, key))
    olds = ([previous[job.name] for job in jobs if job.name in previous] if partial and previous is not None
            else (previous or {}).values())
    before = {path: hashed for record in olds for path, hashed in record.files}
    claimed = {path for record in records.values() for path, _ in record.files}
    changed: list[str] = []
    clash: SiteError | None = None
    staging = writer if isinstance(writer, StagingWriter) else None

    def make(item: tuple[Job, bytes]) -> Made:
        made = make_job(env, item[0])
        return write_now(made, staging) if staging is not None else made

    progress.stage("rendering", len(todo))
    for position, made in enumerate(map_ordered(make, todo)):
        job, key = todo[position]  # (the pool is shut down when its results run out: keep it that way)
        progress.advance()
        for error in made.diagnostics:
            diagnostics.add(error)
        clash = clash or made.refused
        files = list(made.written)
        for path, _ in made.written:
            if path in claimed:
                clash = clash or _clash(path)
            claimed.add(path)
        for path, data in made.files:
            hashed = digest(data)
            files.append((path, hashed))
            if path in claimed:
                clash = clash or _clash(path)
                continue
            claimed.add(path)
            if writer is not None and not diagnostics.failed and clash is None:
                if previous is None or before.get(path) != hashed:
                    writer.write(path, data)
                    changed.append(path)
        reads = tuple((f"document:{name}", keys.documents.get(name, b"")) for name in made.documents)
        reads += tuple((f"list:{name}", keys.lists[name]) for name in made.lists)
        records[job.name] = JobRecord(key, reads, tuple(files), plain_diagnostics(made.diagnostics))
    diagnostics.raise_if_failed()
    if clash is not None:
        diagnostics.add(clash)
        diagnostics.raise_if_failed()
    if previous is not None and writer is not None and not partial:
        for path in sorted(before.keys() - claimed):
            writer.remove(path)  # type: ignore[union-attr]
            changed.append(path)
    elif previous is None:
        changed = sorted(claimed)
    pages = sum(1 for path in claimed if path.endswith(".html"))
    return Outputs(records, pages, tuple(sorted(changed)))


def write_now(made: Made, staging: StagingWriter) -> Made:
    """A full build's files, written by the process that made them: writing thousands of files
    is much of a full build, and the system spreads it over the cores like the rendering.
    Only the hashes travel back."""
    written = []
    refused = None
    for path, data in made.files:
        try:
            staging.write(path, data)
        except SiteError as exc:
            refused = refused or exc
        written.append((path, digest(data)))
    return Made((), made.documents, made.lists, made.diagnostics, tuple(written), refused)


def _clash(path: str) -> SiteError:
    return SiteError(f"two pages would be written to the same file '{path}'",
                     hint="give one of them another slug")


def list_digests(site: Site, listed: Mapping[str, bytes], jobs: list[Job]) -> dict[str, bytes]:
    """The hash of each site-wide list a job may use, from each document's listed-metadata hash."""

    def of(entries: tuple[Any, ...]) -> bytes:
        return digest(*(part for entry in entries for part in (entry.doc.source, listed[entry.doc.source])))

    return {
        "articles": of(site.articles),
        "pages": of((*site.pages, *([site.home] if site.home else []))),
        "citations": digest(repr(site.source_index.cited_by)) if site.source_index is not None else b"",
        "paths": digest(*page_paths(jobs)),
        "translations": _translations_digest(site),
    }


def _translations_digest(site: Site) -> bytes:
    """The hash of every page's editions in other languages (b'' for a site without any): a page
    shows its translations' addresses and titles, so a change of one remakes the others."""
    editions = [(entry.doc.source, entry.extras.translations) for entry in (*site.articles, *site.pages)
                if entry.extras.translations is not None]
    return digest(repr(editions)) if editions else b""
