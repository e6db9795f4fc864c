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
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from .errors import Diagnostics, Location
from .i18n import base_language, is_supported, language_name, unsupported_hint
from .model import Document, SiteConfig, Timeline
from .schema import Field
from .yamlfile import YamlMap

if TYPE_CHECKING:
    from .explainers import Explainer
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
    """Each page of a language listed in `languages:` (other than the site's) moved under /LANG/; a page
    in a language the theme has no words for is told (its interface falls back to English)."""
    for entry in entries:
        if entry.doc.language and not is_supported(entry.doc.language):
            diagnostics.warning(f"the theme has no translation for '{entry.doc.language}', this page's language",
                                entry.doc.location, unsupported_hint())
    if not config.languages:
        return entries
    home = base_language(config.language)
    listed = {base_language(tag) for tag in config.languages}
    placed = []
    for entry in entries:
        language = base_language(entry.doc.language) if entry.doc.language else home
        if entry.doc.language and language not in listed:
            diagnostics.error(f"this page is in '{entry.doc.language}', which site.yaml's languages: does not list",
                              entry.doc.location,
                              f"add {entry.doc.language} to languages: in site.yaml, or correct its language:")
        if language != home and language in listed:
            entry = dataclasses.replace(entry, doc=dataclasses.replace(entry.doc, url=f"{language}/{entry.doc.url}"))
        placed.append(entry)
    return tuple(placed)


class Text(NamedTuple):
    """One page that may have editions in other languages, as linking them needs it."""

    name: str
    """Its file as under content/ (`articles/call.md`)."""
    language: str
    url: str
    title: str
    named: str
    """What its `translation_of:` names ('' for none)."""
    where: Location
    """Where `translation_of:` is written (else the file)."""


Editions = tuple[dict[str, str], ...]
"""A group's editions, by language: {lang, url, title, name (the language in itself)}."""


def link_translations(entries: tuple[Entry, ...], config: SiteConfig, diagnostics: Diagnostics) -> dict[str, Editions]:
    """Source path -> the editions of its group, for each article or page that has some."""
    texts = {entry.doc.source: Text(_name(entry.doc.source), page_language(entry.doc, config), entry.url, entry.title,
                                    entry.doc.extra.get("translation_of", ""),
                                    entry.doc.extra.get("translation_at") or entry.doc.location)
             for entry in entries}
    groups = _link(list(texts.values()), "article or page", diagnostics)
    return {source: groups[text.name] for source, text in texts.items() if text.name in groups}


def timeline_editions(timelines: tuple[Timeline, ...], config: SiteConfig,
                      diagnostics: Diagnostics) -> dict[str, Editions]:
    """Timeline name -> the editions of its group, for each timeline that has some."""
    texts = {timeline.name: Text(_name(timeline.source), timeline.language or config.language, timeline.url,
                                 timeline.title, timeline.translation_of,
                                 timeline.translation_at or Location(timeline.source))
             for timeline in timelines}
    groups = _link(list(texts.values()), "timeline", diagnostics)
    return {name: groups[text.name] for name, text in texts.items() if text.name in groups}


def explainer_editions(explainers: tuple[Explainer, ...], config: SiteConfig,
                       diagnostics: Diagnostics) -> dict[str, Editions]:
    """Explainer name -> the editions of its group (their front pages), for each explainer that has some.
    An explainer names the one it translates by its folder's name (`translation_of: venezuela`)."""
    texts = [Text(explainer.name, explainer.language or config.language, explainer.url, explainer.title,
                  explainer.translation_of, explainer.translation_at or explainer.location)
             for explainer in explainers]
    return _link(texts, "explainer", diagnostics, name_of=_folder_name,
                 example="the other explainer's folder under content/explainers/, e.g. venezuela")


def _link(texts: list[Text], kind: str, diagnostics: Diagnostics, name_of: Callable[[str], str] | None = None,
          example: str = "the other edition's file as under content/, e.g. articles/trump-call.md") -> dict[str, Editions]:
    """Name -> its group's editions. Every mistake is told at the `translation_of:` that makes it:
    a file (or explainer) that is no page of the kind (with the closest name), the page itself, an
    edition in the same language, two editions of one language. `name_of` reads what `translation_of:`
    names as a text's name (by default, a file as under content/)."""
    name_of = name_of or _name
    by_name = {text.name: text for text in texts}
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.get(name, name) != name:
            name = parent[name]
        return name

    linked: set[str] = set()
    for text in texts:
        if not text.named:
            continue
        target = by_name.get(name_of(text.named))
        if target is None:
            others = [name for name in by_name if name != text.name]
            close = difflib.get_close_matches(name_of(text.named), others, n=1, cutoff=0.6)
            diagnostics.error(f"translation_of names '{text.named}', which is no {kind} of this site", text.where,
                              f"did you mean '{close[0]}'?" if close else f"name {example}")
        elif target is text:
            diagnostics.error("translation_of names this page itself", text.where,
                              "name the page in the other language that this one translates")
        elif base_language(target.language) == base_language(text.language):
            diagnostics.error(f"translation_of names '{text.named}', which is in the same language "
                              f"('{text.language}')", text.where,
                              "give this page its own language: (for example language: es)")
        else:
            parent[root(text.name)] = root(target.name)
            linked.update((text.name, target.name))

    groups: dict[str, list[Text]] = {}
    for text in texts:
        if text.name in linked:
            groups.setdefault(root(text.name), []).append(text)
    editions: dict[str, Editions] = {}
    for members in groups.values():
        seen: dict[str, Text] = {}
        for text in members:
            other = seen.get(base_language(text.language))
            if other is not None:
                diagnostics.error(f"two editions in '{text.language}' of one text: this one and {other.name}",
                                  text.where, "each language has one edition: name the other language's page")
            seen[base_language(text.language)] = text
        group = tuple(sorted(({"lang": text.language, "url": text.url, "title": text.title,
                               "name": own_name(text.language)} for text in seen.values()),
                             key=lambda edition: edition["lang"]))
        for text in members:
            editions[text.name] = group
    return editions


def with_editions(entries: tuple[Entry, ...], editions: dict[str, Editions]) -> tuple[Entry, ...]:
    """The entries, each page of a group carrying its group's editions (`extras.translations`)."""
    return tuple(dataclasses.replace(entry, extras=dataclasses.replace(entry.extras, translations=editions[entry.doc.source]))
                 if entry.doc.source in editions else entry for entry in entries)


def _folder_name(named: str) -> str:
    """An explainer as editors name it: its folder's name, or its folder or explainer.yaml as under content/."""
    named = _name(named).strip("/")
    named = named.removeprefix("explainers/")
    return named.partition("/")[0]


def _name(source: str) -> str:
    """A page's file as editors name it: under content/, with or without that prefix."""
    source = source.strip().lstrip("./")
    return source[len(CONTENT_PREFIX):] if source.startswith(CONTENT_PREFIX) else source


def own_name(language: str) -> str:
    """A language's name in itself ('English', 'Español'), as a language switch shows it."""
    name = language_name(language, language)
    return name[:1].upper() + name[1:]
