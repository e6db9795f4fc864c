"""Stable addresses: old URLs that keep working, and a warning when a published URL disappears.

A page's URL comes from its title (or slug), so editing a headline moves the page. Readers,
search engines and other sites keep the old address; `aliases:` (a list of old paths, in front
matter or a seed's sidecar) writes a small redirect page at each, as Hugo's alias pages do: a
meta refresh, a canonical link, and a visible link for whoever the refresh does not move.

The build also keeps the URLs of its last good build (SITE/.cache/, JSON sealed like the other
cache files, one list per output folder). When one of them is gone, it warns with the old address, the new one (found by
the same source file), and the alias line that would keep the old one working. The warning is
told by the build that finds the address gone (and again while nothing else changes).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Mapping

from .errors import Diagnostics, Location
from .model import OutputFile, SiteConfig
from .yamlfile import YamlList

ALIAS_HINT = "write the old address as a path of this site, such as /articles/old-headline/"


# --- aliases ------------------------------------------------------------------------------------


def read_aliases(raw: Any, where: Location, diagnostics: Diagnostics) -> tuple[tuple[str, Location], ...]:
    """Each alias of a document (already checked to be text) with its place; wrong ones reported."""
    found = []
    for index, text in enumerate(raw or ()):
        at = raw.item_location(index) if isinstance(raw, YamlList) else where
        problem = _alias_problem(text)
        if problem:
            diagnostics.error(f"the alias '{text}' {problem}", at, ALIAS_HINT)
            continue
        found.append((text.strip(), at))
    return tuple(found)


def _alias_problem(text: str) -> str | None:
    value = text.strip()
    if "://" in value or value.startswith("//"):
        return "is a full address: an alias is a path of this site"
    if any(ch in value for ch in "?#\\\0") or any(ord(ch) < 32 for ch in value):
        return "has characters a path of the site cannot have (?, #, \\)"
    parts = [part for part in value.strip("/").split("/")]
    if not value.strip("/"):
        return "is the home page's address"
    if any(part in ("", ".", "..") for part in parts):
        return "leaves the site's folder (.., . or //)"
    return None


def alias_output(path: str, config: SiteConfig) -> str:
    """The file a redirect at the alias `path` is written to: `old/index.html`, or `old.html` as it is."""
    value = "/" + path.strip().lstrip("/")
    base = config.base_path
    if base != "/" and (value + "/").startswith(base):  # written with the site's base path
        value = "/" + value[len(base):]
    value = value.strip("/")
    return value if value.endswith((".html", ".htm")) else value + "/index.html"


def addressed(site: Any) -> list[tuple[str, str, str, str, tuple[tuple[str, Location], ...]]]:
    """(URL, title, language, source file, aliases) of each page that can have old addresses: the
    articles and pages, and the explainers' front pages (the home page when there is one explainer)."""
    found = [(entry.doc.url, entry.doc.title, entry.doc.language or site.config.language, entry.doc.source,
              entry.doc.extra.get("aliases", ())) for entry in (*site.articles, *site.pages)]
    return found + [(front_url(site, explainer), explainer.title, explainer.language or site.config.language,
                     explainer.location.path, explainer.aliases) for explainer in site.explainers]


def front_url(site: Any, explainer: Any) -> str:
    """Where an explainer's front page is: NAME/ among several, the home page (of its language's edition)
    when it is the only one."""
    return explainer.url if site.hub else explainer.folder


def redirects(site: Any, taken: set[str], diagnostics: Diagnostics) -> list[tuple[str, Callable[..., Any], str]]:
    """(output path, maker, source) of a redirect page for each alias of the site's articles, pages
    and explainers; an alias that takes the place of a page (`taken`), of another alias, or of the
    page itself is an error at the alias."""
    made: dict[str, Location] = {}
    found: list[tuple[str, Callable[..., Any], str]] = []
    for url, title, language, source, aliases in addressed(site):
        for written, at in aliases:
            output = alias_output(written, site.config)
            if output == url + "index.html":
                diagnostics.error(f"the alias '{written}' is this page's own address", at,
                                  "remove it: an alias is an address the page had before")
            elif output in taken:
                diagnostics.error(f"the alias '{written}' is the address of another page of the site "
                                  f"(/{_url_of(output)})", at, "remove the alias, or give that page another slug")
            elif output in made:
                diagnostics.error(f"the alias '{written}' is given twice (also at {made[output]})", at,
                                  "keep one of them")
            else:
                made[output] = at
                found.append((output, functools.partial(_redirect, output, url, title, language, site.config),
                              source))
    return found


def _redirect(output: str, url: str, title: str, language: str, config: SiteConfig,
              _: Diagnostics) -> list[OutputFile]:
    return [OutputFile(PurePosixPath(output), redirect_page(config.absolute_url(url), title,
                                                             language).encode("utf-8"))]


def redirect_page(target: str, title: str, language: str) -> str:
    """The page left at an old address, in the page's language: it sends the browser on, tells search
    engines where the page is now, and shows a link for readers whose browser does not follow the refresh."""
    from markupsafe import Markup, escape

    from .i18n import markup

    href = escape(target)
    link = Markup('<a href="{}">{}</a>').format(target, title)
    return (f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{markup(language, "Moved: {title}", title=title)}</title>\n<link rel="canonical" href="{href}">\n'
            f'<meta name="robots" content="noindex">\n<meta http-equiv="refresh" content="0; url={href}">\n'
            f'</head>\n<body>\n<main>\n<p>{markup(language, "This page has moved to {link}.", link=link)}</p>\n'
            f'</main>\n</body>\n</html>\n')


def _url_of(output: str) -> str:
    return output[: -len("index.html")] if output.endswith("index.html") else output


# --- addresses that disappear ---------------------------------------------------------------------


def published_urls(site: Any, job_names: Iterable[str]) -> dict[str, str]:
    """URL -> source file of every page a build publishes (a page made by no file: '')."""
    sources = {url: source for url, _, _, source, _ in addressed(site) if url}
    urls = {}
    for name in job_names:
        if name.endswith(".html") and not name.startswith("<"):
            url = _url_of(name)
            urls[url] = sources.get(url, "")
    return urls


def urls_path(site_dir: Path, out_dir: Path) -> Path:
    """The list of the last good build's URLs, beside its manifest."""
    from .incremental.manifest import state_path

    return state_path(site_dir, out_dir).with_suffix(".urls.json")


def load_urls(site_dir: Path, out_dir: Path, drafts: bool) -> dict[str, str] | None:
    """The URLs the last good build into `out_dir` published; None when unknown. The list is sealed
    like every cache file (incremental/sealed.py): one damaged or made elsewhere is not believed."""
    from .incremental.sealed import Unreadable, header_for, read_record

    try:
        text = read_record(urls_path(site_dir, out_dir), header_for("urls", site_dir, repr(drafts)))
        data = json.loads(text) if text is not None else None
    except (Unreadable, ValueError):
        return None
    if not (isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())):
        return None
    return data


def save_urls(site_dir: Path, out_dir: Path, drafts: bool, urls: Mapping[str, str]) -> None:
    """Keep the URLs of this good build (a cache that cannot be written: no warning next time)."""
    from .incremental.sealed import header_for, through_link, write_record

    path = urls_path(site_dir, out_dir)
    if through_link(path):  # never read or written where a linked .cache leads
        return
    write_record(path, header_for("urls", site_dir, repr(drafts)),
                 json.dumps(dict(sorted(urls.items())), ensure_ascii=False, indent=0))
    try:  # the lists of output folders whose manifest is forgotten (cache.KEPT_STATES) go with it
        for other in path.parent.glob("out-*.urls.json"):
            if not other.with_name(other.name[: -len(".urls.json")] + ".manifest").exists():
                other.unlink()
    except OSError:
        pass


def tell_vanished(before: Mapping[str, str] | None, now: Mapping[str, str], site: Any,
                  diagnostics: Diagnostics) -> None:
    """Warn for each URL of the last build that this one no longer publishes."""
    if not before:
        return
    entries = {entry.doc.source: (entry.doc.url, entry.doc.location) for entry in (*site.articles, *site.pages)}
    entries.update({explainer.location.path: (front_url(site, explainer), explainer.location)
                    for explainer in site.explainers})
    base = site.config.base_path
    for url, source in sorted(before.items()):
        if url in now:
            continue
        if source in entries:
            new, where = entries[source]  # the front matter, a seed's sidecar or an explainer.yaml
            diagnostics.warning(
                f"the address {base}{url} that the last build published is gone: "
                f"{source} is now at {base}{new}",
                where, f"to keep old links working, add to {where.path}: aliases: [/{url}]")
        elif source:
            replaces = "the explainer.yaml of the explainer" if source.endswith("/explainer.yaml") else "the page"
            diagnostics.warning(f"the address {base}{url} that the last build published is gone "
                                f"({source} is no longer published)", Location(source),
                                f"to keep old links working, add 'aliases: [/{url}]' to {replaces} that replaces it")
        else:
            diagnostics.warning(f"the address {base}{url} that the last build published is gone",
                                Location("site.yaml"),
                                f"to keep old links working, add 'aliases: [/{url}]' to the page that replaces it")
