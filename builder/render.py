"""The render stage: the resolved Site through Jinja2 templates into output files.

Autoescape is on for every template and undefined names are errors, so a typo in a
template is reported (template and line) instead of rendering an empty string.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import json
from collections import ChainMap
from collections.abc import MutableMapping
from dataclasses import fields
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import i18n
from .content.files import is_inside, list_site_files
from .dates import PartialDate
from .editions import site_nav
from .errors import Diagnostics, Location, SiteError, relative_path
from .minify import minify_css
from .model import Document
from .pictures import img_attributes
from .publish import make_page_meta
from .lists import tag_name
from .resolve import Entry, Site
from .updates import CORRECTIONS_URL, report_error_url

THEME_DIR = Path(__file__).parent / "theme"
FINGERPRINTED = (".css", ".js")
"""Assets whose names carry a hash of their content, so browsers never keep a stale copy."""


class PageReads:
    """What one page's template read beyond its own document, noted while it renders.

    A page is made again when one of these changes: the bodies of other documents it
    showed, and the site-wide lists it went through (`site.articles`...).
    """

    __slots__ = ("own", "documents", "lists")

    def __init__(self, own: str) -> None:
        self.own = own
        """Source path of the page's own document (its changes are in the page's key already)."""
        self.documents: set[str] = set()
        """Source paths of other documents whose body, notes or extras were read."""
        self.lists: set[str] = set()
        """Site-wide lists read: `articles`, `pages`, `citations`."""

    def add(self, other: PageReads) -> None:
        """What a fragment this page shows read when it was made (for any page: `other.own` is '')."""
        self.documents.update(other.documents - {self.own})
        self.lists.update(other.lists)

    def note(self, obj: Any, name: Any) -> None:
        """Called for every `obj.name` and `obj[name]` of a template (filters' attribute= too)."""
        kind = type(obj)
        if kind is Entry:
            listed = isinstance(name, str) and name in LISTED_FIELDS
            if not listed and obj.doc.source != self.own:
                self.documents.add(obj.doc.source)
        elif kind is Site and isinstance(name, str) and name in SITE_LISTS:
            self.lists.add(SITE_LISTS[name])


LISTED_FIELDS = frozenset(f.name for f in fields(Document)) - {"body", "body_line", "seed", "notes", "original"}
"""A document's metadata, which listings show: a change of any of them changes the list's digest."""
SITE_LISTS = {"articles": "articles", "pages": "pages", "home": "pages", "source_index": "citations"}
"""Site attributes that gather documents, and the list each one depends on."""


class Environment(jinja2.Environment):
    """Jinja2's environment, noting (while `reads` is set) what a template reads of other documents,
    and keeping the fragments `cached_include` made (one build's: each build makes its environment)."""

    reads: PageReads | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fragments: dict[tuple[Any, ...], Fragment] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        # jinja2's own order: the attribute, then the item. Every `a.b` of every page comes here, so the
        # commonest kinds take a short way with the same result: a document's field (which Entry would
        # find only after its own attributes failed), a dict's key and a block of `self` (items: neither
        # has other attributes than its methods).
        kind = type(obj)
        if kind is Entry:
            if self.reads is not None:
                self.reads.note(obj, attribute)
            if attribute not in ENTRY_ATTRIBUTES:
                try:
                    return getattr(obj.doc, attribute)
                except AttributeError:
                    return jinja2.Environment.getattr(self, obj, attribute)
        elif kind is dict or kind is jinja2.runtime.TemplateReference:  # (`self.title`: a block of the page)
            if attribute not in ITEM_HOLDER_ATTRIBUTES[kind]:
                try:
                    return obj[attribute]
                except LookupError:
                    return self.undefined(obj=obj, name=attribute)
        elif kind is Site and self.reads is not None:
            self.reads.note(obj, attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:  # (then the item: without jinja2's looking for the attribute a second time)
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self.reads is not None and type(obj) in NOTED_TYPES:
            self.reads.note(obj, argument)
        return jinja2.Environment.getitem(self, obj, argument)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """Every template shares the environment's globals (none of ours has globals of its own): as the
        plain dict they are, not jinja2's ChainMap over it, which every page and every include copies
        key by key in Python (about 20 µs a page)."""
        return ChainMap(d, self.globals) if d else self.globals


NOTED_TYPES = frozenset({Entry, Site})
ENTRY_ATTRIBUTES = frozenset(dir(Entry))
"""What an Entry has of its own (doc, html, extras, its methods); any other name is its document's."""
ITEM_HOLDER_ATTRIBUTES = {dict: frozenset(dir(dict)),
                          jinja2.runtime.TemplateReference: frozenset({*dir(jinja2.runtime.TemplateReference),
                                                                       "_TemplateReference__context"})}
"""The attributes of a dict (its methods) and of a template's `self` (none of a block's name): any other
name is one of their items."""


class Fragment:
    """A partial as `cached_include` made it: its HTML, what it read, and the values it was made from
    (its key names them by identity: kept, no other object can take one of theirs)."""

    __slots__ = ("html", "reads", "values")

    def __init__(self, html: Markup, reads: PageReads, values: tuple[Any, ...]) -> None:
        self.html, self.reads, self.values = html, reads, values


EDITION_NAMES = ("site", "config", "nav", "lang", "edition_prefix", "page_meta")
"""What a page may see instead of the globals of the same names (its edition's, pages.edition_context,
and its own language): the part of a page's values a reused fragment sees, and is reused by."""


@jinja2.pass_context
def _cached_include(context: jinja2.runtime.Context, name: str, /, **values: Any) -> Markup:
    """`{{ cached_include("partials/article_item.html", article=article, level=2) }}`: the partial, made once
    and reused wherever it is asked for again with the same values in the same edition (an article's item
    on the home page, its tags' lists and the article lists).

    It sees only what it is given, the page's edition (EDITION_NAMES) and the globals, never the rest of
    the page, so those are exactly what it depends on, and its key. What it read of other documents is
    told to every page that shows it, as if that page had read it (PageReads.add).
    """
    env: Environment = context.environment  # type: ignore[assignment]
    own, parent = context.vars, context.parent  # (a Context's lookup, without a call for each name)
    seen = {key: own[key] if key in own else parent[key] for key in EDITION_NAMES if key in own or key in parent}
    seen.update(values)
    key = (name, tuple(seen), *map(id, seen.values()))  # (the objects: Fragment.values keeps them)
    fragment = env.fragments.get(key)
    if fragment is None:
        reads = PageReads("")
        page_reads, env.reads = env.reads, reads
        try:
            html = Markup(env.get_template(name).render(seen))
        except jinja2.UndefinedError as exc:
            if not (exc.message or "").endswith("is undefined"):
                raise  # an attribute that is not there: told as on any page
            filename, lineno = _template_frame(exc)  # a name of the page around it, most likely: say what it sees
            message = _undefined_message(exc, filename, lineno).replace(
                ", which is not defined", f", which {name} does not see (it is made once and reused)")
            raise SiteError(message, location=_template_location(filename, lineno),
                            hint=f"it sees only {', '.join(sorted(values))} and the site's settings (site, config, "
                                 "lang, url()...), not the page around it: check the spelling, or use one of "
                                 "those") from None
        finally:
            env.reads = page_reads
        fragment = env.fragments[key] = Fragment(html, reads, tuple(seen.values()))
    if env.reads is not None and (fragment.reads.documents or fragment.reads.lists):
        env.reads.add(fragment.reads)
    return fragment.html


def make_environment(site_dir: Path, diagnostics: Diagnostics, cache_dir: Path | None = None) -> Environment:
    """Jinja2 with the site's templates/ first and the default theme behind it.

    Templates are read once per build (no reloading), and compiled ones are kept in
    `cache_dir` (keyed by their source, so an edited template is compiled again): a folder
    of the user's own (incremental.BuildCache.templates_folder), never the site's, since
    loading compiled code runs it.
    A template that is a link to a place outside the site is reported here, and never read.
    """
    loaders: list[jinja2.BaseLoader] = []
    site_templates = site_dir / "templates"
    list_site_files(site_templates, site_dir, diagnostics, skip=("static",))  # (static/: collect_assets)
    if site_templates.is_dir() and is_inside(site_templates, site_dir):
        loaders.append(SiteLoader(site_templates, site_dir))
    loaders.append(jinja2.FileSystemLoader(str(THEME_DIR / "templates")))
    env = Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
        bytecode_cache=_bytecode_cache(cache_dir),
    )
    env.filters["tojson_safe"] = _json_for_script
    env.filters["date_text"] = _date_text
    env.filters["tag_name"] = tag_name  # `economic-crisis` as `economic crisis`
    return env


class SiteLoader(jinja2.FileSystemLoader):
    """The site's templates/, where a file that leads outside the site folder is never read."""

    def __init__(self, folder: Path, site_dir: Path) -> None:
        super().__init__(str(folder))
        self.site_dir = site_dir

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        for searchpath in self.searchpath:
            path = Path(searchpath, *jinja2.loaders.split_template_path(template))
            if path.exists() and not is_inside(path, self.site_dir):  # reported by make_environment
                raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def _bytecode_cache(cache_dir: Path | None) -> TemplateCache | None:
    return TemplateCache(cache_dir) if cache_dir is not None else None


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates on disk (keyed by their source), written only once a build succeeded.
    One that cannot be loaded (damaged, cut short) is compiled again. Those loaded or compiled
    are kept in memory too, so the preview's next build takes them from there, not from the disk."""

    loaded: dict[tuple[str, str], Any] = {}
    """Code of this process, by (template key, source checksum): the same source gives the same code."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.pending: list[jinja2.bccache.Bucket] = []

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.loaded.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # (marshal says EOFError, ValueError or TypeError): as if there were none
            bucket.reset()
        if bucket.code is not None:
            self.loaded[(bucket.key, bucket.checksum)] = bucket.code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.pending.append(bucket)
        self.loaded[(bucket.key, bucket.checksum)] = bucket.code

    def flush(self) -> None:
        """Keep what this build compiled (a failed build writes nothing outside its output);
        a folder that cannot be written only makes the next build compile them again."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for bucket in self.pending:
                super().dump_bytecode(bucket)
        except OSError:
            pass
        self.pending = []


def load_templates(env: jinja2.Environment, diagnostics: Diagnostics | None = None) -> None:
    """Compile every page template now, so worker processes inherit them compiled.

    One that does not compile is told to `diagnostics` (once, at its path:line), since a
    build with other mistakes renders no page that would tell it; without, it is left for
    the page that uses it to report.
    """
    for name in env.list_templates(filter_func=lambda name: name.endswith((".html", ".xml"))):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            if diagnostics is not None:
                diagnostics.add(_syntax_error(exc))
        except (jinja2.TemplateError, SiteError):
            pass


def _syntax_error(exc: jinja2.TemplateSyntaxError) -> SiteError:
    return SiteError(f"template syntax: {exc.message}", location=_template_location(exc.filename, exc.lineno),
                     hint="check the {% %} and {{ }} tags around this line")


def collect_assets(site_dir: Path, diagnostics: Diagnostics) -> dict[str, tuple[str, bytes]]:
    """Static assets: name -> (published name, bytes); the site's own override the theme's.

    A file of templates/static/ that is a link to a place outside the site is reported, not published.
    """
    assets: dict[str, tuple[str, bytes]] = {}
    theme = THEME_DIR / "static"
    own = site_dir / "templates" / "static"
    theme_files = sorted(p for p in theme.rglob("*") if p.is_file() and not p.name.startswith("."))
    for root, paths in ((theme, theme_files), (own, list_site_files(own, site_dir, diagnostics))):
        for path in paths:
            name = path.relative_to(root).as_posix()
            try:
                data = path.read_bytes()
            except OSError as exc:
                diagnostics.error(f"cannot read the file: {exc.strerror}", Location(relative_path(path, site_dir)))
                continue
            data = _published(name, data)
            assets[name] = (_fingerprint(name, data), data)
    return assets


def _published(name: str, data: bytes) -> bytes:
    """What is published of an asset: a stylesheet without its comments (minify.py), others as they are."""
    if not name.endswith(".css"):
        return data
    try:
        return minify_css(data.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return data


def _fingerprint(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    if dot and "." + suffix in FINGERPRINTED:
        return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"
    return name


def set_globals(env: jinja2.Environment, site: Site, assets: dict[str, tuple[str, bytes]],
                nav: list[dict[str, str]] | None = None) -> None:
    """What every template can use: the site, its config and nav, url(), asset(), page_meta()."""
    config = site.config
    base = config.base_path

    def url(path: str = "") -> str:
        if "://" in path:
            return path
        return base + path.lstrip("/")

    def asset(name: str) -> str:
        if name not in assets:
            raise SiteError(f"the template asks for the asset '{name}', which does not exist",
                            hint="put it in templates/static/")
        return base + "static/" + assets[name][0]

    env.globals.update(site=site, config=config, url=url, asset=asset, nav=_nav(site) if nav is None else nav,
                       original_path=original_path, lang=config.language, t=_translate, tn=_translate_count,
                       language_name=_language_name, editions=_editions, edition_prefix="",
                       edition_url=_edition_url, cached_include=_cached_include)
    env.globals.update(page_meta=make_page_meta(site))

    def report_error(canonical: str | None, title: Any) -> str:
        """The 'report an error' form for the page at `canonical` (None: an address not found)."""
        page = config.absolute_url(canonical) if canonical is not None else "(an address that was not found)"
        return report_error_url(config, page, str(title))

    env.globals.update(report_error=report_error, corrections_url=CORRECTIONS_URL)
    env.globals.update(picture_img=lambda picture: img_attributes(picture, base))  # a page's own picture


@jinja2.pass_context
def _translate(context: jinja2.runtime.Context, text: str, /, **values: Any) -> Markup:
    """`{{ t("Sources") }}`: the theme's words in the page's language (i18n.py), `{name}` slots filled."""
    return i18n.markup(context["lang"], text, **values)


@jinja2.pass_context
def _translate_count(context: jinja2.runtime.Context, count: int, one: str, other: str, /,
                     **values: Any) -> Markup:
    """`{{ tn(n, "{count} event", "{count} events") }}`: the plural form the page's language needs."""
    return i18n.markup_count(context["lang"], count, one, other, **values)


@jinja2.pass_context
def _date_text(context: jinja2.runtime.Context, value: Any) -> str:
    """`{{ page.date | date_text }}`: a date (or a date known to a month or a year) in the page's language."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.human(context["lang"])
    if isinstance(value, dt.datetime):
        value = value.date()
    return i18n.day_text(value, context["lang"])


@jinja2.pass_context
def _editions(context: jinja2.runtime.Context) -> tuple[dict[str, str], ...]:
    """`{% for edition in editions() %}`: the page's editions in every language (translation_of:), or ()."""
    values = context.get_all()  # (twice a page: without context.get's KeyError for each name a page lacks)
    page = values.get("page")
    if isinstance(page, Entry) and page.extras.translations is not None:
        return page.extras.translations
    return values.get("page_editions") or values.get("timeline_editions") or values.get("explainer_editions", ())


@jinja2.pass_context
def _edition_url(context: jinja2.runtime.Context, path: str = "") -> str:
    """`{{ edition_url('sources/') }}`: a page of the site-wide kind in the page's own edition
    (`/es/sources/` on a Spanish page of a site in several languages, editions.py)."""
    return context["url"](context["edition_prefix"] + path)


@jinja2.pass_context
def _language_name(context: jinja2.runtime.Context, tag: str) -> str:
    """A language tag spelled out in the page's language: 'Spanish', 'español'."""
    return i18n.language_name(tag, context["lang"])


def original_path(doc: Document) -> str:
    """Where a seed article's text as received is published: originals/<slug>.txt."""
    return f"originals/{doc.slug}.txt"


def _nav(site: Site) -> list[dict[str, str]]:
    """The navigation of the site's own language: site.yaml's `nav:`, else home, timelines, sources, pages
    (of its own language only, when it publishes several: editions.py)."""
    if site.config.nav:
        return [{"title": item.title, "url": item.url} for item in site.config.nav]
    return site.editions[0].nav if site.editions else site_nav(site)


def _render(env: jinja2.Environment, name: str, diagnostics: Diagnostics, **context: Any) -> str | None:
    try:
        return env.get_template(name).render(**context)
    except SiteError as exc:
        diagnostics.add(exc)
    except jinja2.TemplateSyntaxError as exc:
        diagnostics.add(_syntax_error(exc))
    except jinja2.TemplateNotFound as exc:
        diagnostics.error(f"template '{exc.name}' not found", Location(f"templates/{name}"),
                          "add it to templates/, or remove the include")
    except jinja2.UndefinedError as exc:
        filename, lineno = _template_frame(exc)
        diagnostics.error(_undefined_message(exc, filename, lineno),
                          _template_location(filename, lineno), "check the spelling of the name")
    except (TypeError, ValueError, AttributeError) as exc:
        filename, lineno = _template_frame(exc)
        diagnostics.error(f"template error: {exc}", _template_location(filename, lineno))
    return None


def _undefined_message(exc: jinja2.UndefinedError, filename: str | None, lineno: int) -> str:
    """'page.titel' is undefined, in the template's own words rather than Python's."""
    text = exc.message or ""
    match = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
    if not match:
        return f"template uses an undefined value: {text}"
    name = match.group(1)
    if filename and Path(filename).is_file():
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
        line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
        dotted = re.search(r"([A-Za-z_][\w.]*\.)" + re.escape(name) + r"\b", line)
        if dotted:
            name = dotted.group(1) + name
    return f"template uses '{name}', which is not defined"


def _template_frame(exc: BaseException) -> tuple[str | None, int]:
    """The innermost template file and line of an exception raised while rendering."""
    found: tuple[str | None, int] = (None, 1)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml") or "/templates/" in filename:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_location(filename: str | None, lineno: int | None) -> Location:
    if not filename:
        return Location("templates", lineno or 1, 1)
    path = Path(filename)
    parts = path.parts
    if "theme" in parts and "builder" in parts:
        shown = "(default theme)/" + path.relative_to(THEME_DIR / "templates").as_posix()
    elif "templates" in parts:
        shown = "templates/" + "/".join(parts[len(parts) - parts[::-1].index("templates"):])
    else:
        shown = path.name
    return Location(shown, lineno or 1, 1)


def _json_for_script(value: Any) -> Markup:
    """JSON safe to put inside <script type="application/ld+json">: no '</' can end it."""
    text = _COMPACT_JSON.encode(value)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""json.dumps' encoder for these options, made once rather than for every page."""
