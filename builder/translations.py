"""Editions of one text in several languages: `translation_of:`, `languages:` and hreflang.

An article or page names the page it translates by that page's file under content/
(`translation_of: articles/trump-call.md`), not by its slug: a file is unique where a slug
need not be, it is what the editor sees in the folder, and it does not change when a slug
does. The editions named together (A, B translating A, C translating B) are one group; each
page of a group links to every other (`<link rel="alternate" hreflang>`, and a visible
language switch).

A site that lists `languages:` in site.yaml publishes the pages of a language other than its
own `language:` under a folder of that language (`/es/articles/...`).
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import TYPE_CHECKING, Any

from .errors import Diagnostics, Location
from .i18n import base_language, language_name
from .model import Document, SiteConfig
from .schema import Field
from .yamlfile import YamlMap

if TYPE_CHECKING:
    from .resolve import Entry

TRANSLATION_FIELD = Field("translation_of", "text", "",
                          doc="the file this one translates, as under content/: articles/trump-call.md")
CONTENT_PREFIX = "content/"


def read_translation(doc: Document | None, values: dict[str, Any], meta: Any) -> Document | None:
    """The document with what its front matter (or sidecar) says it translates, and where it says so."""
    named = (values.get("translation_of") or "").strip()
    if doc is None or not named:
        return doc
    where = meta.value_location("translation_of") if isinstance(meta, YamlMap) else doc.location
    return dataclasses.replace(doc, extra={**doc.extra, "translation_of": named, "translation_at": where})


def page_language(doc: Document, config: SiteConfig) -> str:
    """The language a page is written in: its own `language:`, else the site's."""
    return doc.language or config.language


def place_languages(entries: tuple[Entry, ...], config: SiteConfig, diagnostics: Diagnostics) -> tuple[Entry, ...]:
    """Each page of a language listed in `languages:` (other than the site's) moved under /LANG/."""
    if not config.languages:
        return entries
    home = base_language(config.language)
    listed = {base_language(tag) for tag in config.languages}
    placed = []
    for entry in entries:
        language = base_language(entry.doc.language) if entry.doc.language else home
        if language not in listed:
            diagnostics.error(f"this page is in '{entry.doc.language}', which site.yaml's languages: does not list",
                              entry.doc.location,
                              f"add {entry.doc.language} to languages: in site.yaml, or correct its language:")
        if language != home and language in listed:
            entry = dataclasses.replace(entry, doc=dataclasses.replace(entry.doc, url=f"{language}/{entry.doc.url}"))
        placed.append(entry)
    return tuple(placed)


def link_translations(entries: tuple[Entry, ...], config: SiteConfig,
                      diagnostics: Diagnostics) -> dict[str, tuple[dict[str, str], ...]]:
    """Source path -> the editions of its group (language, url, title, name), for each page that has some.

    Every mistake is told at the `translation_of:` that makes it: a file that is no page of the
    site (with the closest name), the page itself, or an edition in the same language.
    """
    by_name = {_name(entry.doc.source): entry for entry in entries}
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.get(name, name) != name:
            name = parent[name]
        return name

    for entry in entries:
        named = entry.doc.extra.get("translation_of")
        if not named:
            continue
        where: Location = entry.doc.extra.get("translation_at") or entry.doc.location
        own = _name(entry.doc.source)
        target = by_name.get(_name(named))
        if target is None:
            close = difflib.get_close_matches(_name(named), list(by_name), n=1, cutoff=0.6)
            diagnostics.error(f"translation_of names '{named}', which is no article or page of this site", where,
                              f"did you mean '{close[0]}'?" if close else
                              "name the other edition's file as under content/, e.g. articles/trump-call.md")
            continue
        if target is entry:
            diagnostics.error("translation_of names this page itself", where,
                              "name the page in the other language that this one translates")
            continue
        if base_language(page_language(target.doc, config)) == base_language(page_language(entry.doc, config)):
            diagnostics.error(f"translation_of names '{named}', which is in the same language "
                              f"('{page_language(entry.doc, config)}')", where,
                              "give this page its own language: (for example language: es)")
            continue
        parent[root(own)] = root(_name(target.doc.source))

    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        name = _name(entry.doc.source)
        if name in parent or any(parent_name == name for parent_name in parent.values()):
            groups.setdefault(root(name), []).append(entry)
    editions: dict[str, tuple[dict[str, str], ...]] = {}
    for members in groups.values():
        seen: dict[str, Entry] = {}
        for entry in members:
            language = base_language(page_language(entry.doc, config))
            other = seen.get(language)
            if other is not None:
                diagnostics.error(f"two editions in '{language}' of one text: this page and {other.doc.source}",
                                  entry.doc.extra.get("translation_at") or entry.doc.location,
                                  "each language has one edition; name the other language's page")
            seen[language] = entry
        group = tuple(sorted(({"lang": page_language(entry.doc, config), "url": entry.url, "title": entry.title,
                               "name": _own_name(page_language(entry.doc, config))} for entry in seen.values()),
                             key=lambda edition: edition["lang"]))
        for entry in members:
            editions[entry.doc.source] = group
    return editions


def with_editions(entries: tuple[Entry, ...], editions: dict[str, tuple[dict[str, str], ...]]) -> tuple[Entry, ...]:
    """The entries, each page of a group carrying its group's editions (`extras["translations"]`)."""
    return tuple(dataclasses.replace(entry, extras={**entry.extras, "translations": editions[entry.doc.source]})
                 if entry.doc.source in editions else entry for entry in entries)


def _name(source: str) -> str:
    """A page's file as editors name it: under content/, with or without that prefix."""
    source = source.strip().lstrip("./")
    return source[len(CONTENT_PREFIX):] if source.startswith(CONTENT_PREFIX) else source


def _own_name(language: str) -> str:
    """A language's name in itself ('English', 'Español'), as a language switch shows it."""
    name = language_name(language, language)
    return name[:1].upper() + name[1:]
