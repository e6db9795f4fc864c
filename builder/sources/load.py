"""Read and check content/sources.yaml into Source objects keyed by their cite key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from ..content.files import not_a_file, read_text
from ..errors import Diagnostics, Location, SiteError, relative_path
from ..model import Source
from ..schema import ID_PATTERN, Field, read_fields
from ..yamlfile import YamlMap, load_yaml

SOURCES_FILE = "content/sources.yaml"

KINDS = ("news", "analysis", "opinion", "primary", "wire", "reference")

AFFILIATIONS = ("state media", "government", "military", "party", "advocacy")
"""Who may stand behind a publisher; shown beside the source wherever it is cited."""

RESERVED_KEYS = frozenset({"main", "sources-heading", "source-kinds"})
"""Ids the pages already use: a source's key is its anchor on the sources page."""

SOURCE_FIELDS = (
    Field("title", "text", "", doc="the headline or title as published (pages show the publisher "
          "and date when there is none)"),
    Field("publisher", "required_text", None, required=True, doc="outlet, agency or institution"),
    Field("url", "url", "", doc="http(s) address"),
    Field("date", "partial_date", None, doc="2025, 2025-11 or 2025-11-02"),
    Field("accessed", "partial_date", None, doc="when it was read"),
    Field("archive_url", "url", "", doc="an archived copy"),
    Field("kind", "text", "news", doc="what kind of source it is", choices=KINDS),
    Field("language", "language", "", doc="language tag such as en or es"),
    Field("note", "text", "", doc="Markdown: what the reader should know about it"),
    Field("affiliation", "text", "", doc="who stands behind it: " + ", ".join(AFFILIATIONS),
          choices=AFFILIATIONS),
    Field("affiliated_with", "text", "", doc="whose it is, such as Venezuela or US Southern Command"),
)


def load_sources(site_dir: Path, diagnostics: Diagnostics) -> Mapping[str, Source]:
    """key -> Source, in file order; an empty mapping when the site has no sources.yaml.

    Each explainer's own sources.yaml (content/explainers/NAME/sources.yaml) joins the one
    registry: a key is the anchor of its source on the one sources page, so it is defined once."""
    from ..explainers import explainer_folders

    sources = _load_file(site_dir, SOURCES_FILE, diagnostics)
    for folder in explainer_folders(site_dir):
        rel = relative_path(folder / "sources.yaml", site_dir)
        for key, source in _load_file(site_dir, rel, diagnostics).items():
            if key in sources:
                diagnostics.error(f"the source key '{key}' is also defined at {sources[key].location}",
                                  source.location, "a key names one source in the whole site: give this one "
                                  f"its own key, such as {key}-2, or keep one of the two")
                continue
            sources[key] = source
    return sources


def _load_file(site_dir: Path, rel: str, diagnostics: Diagnostics) -> dict[str, Source]:
    """One sources.yaml's sources, in file order; empty when there is no such file."""
    path = site_dir / rel
    misnamed = path.with_suffix(".yml")
    misnamed_rel = rel[:-len(".yaml")] + ".yml"
    if misnamed.exists():  # never left out silently
        also = f"; {rel} is read" if path.exists() else ""
        diagnostics.error(f"{misnamed_rel} is not read: the sources registry is {rel}{also}",
                          Location(misnamed_rel),
                          f"move its sources into {rel}" if path.exists() else "rename it to sources.yaml")
        if not path.exists():
            diagnostics.mark_broken("source", "*", "sources", f"{misnamed_rel} is not read")
    if not path.is_file():
        if not_a_file(path, site_dir, diagnostics):
            diagnostics.mark_broken("source", "*", "sources", f"{rel} could not be read")
        return {}
    data = _read(path, rel, site_dir, diagnostics)
    where = Location(rel)
    if data is not None and not isinstance(data, dict):
        diagnostics.error("sources.yaml must map each source's key to its details", where,
                          "for example:\nmy-source:\n  title: ...\n  publisher: ...")
        data = None
    if data is None:  # what cites a source is not checked: the error told is the one to fix
        diagnostics.mark_broken("source", "*", "sources", f"{rel} did not load")
        return {}
    sources: dict[str, Source] = {}
    for key, entry in data.items():
        key_loc = data.key_location(key) if isinstance(data, YamlMap) else where
        if not isinstance(key, str) or not ID_PATTERN.match(key):
            diagnostics.error(f"'{key}' is not a valid source key", key_loc,
                              "use lowercase letters, digits and hyphens, such as elpais-maduro-exit")
            diagnostics.mark_broken("source", str(key), f"the source '{key}'", f"it has an error ({key_loc})")
            continue
        if key in RESERVED_KEYS or key.startswith("kind-"):
            diagnostics.error(f"the key '{key}' is used by the site's pages themselves", key_loc,
                              f"give the source a more specific key, such as {key}-2025")
            diagnostics.mark_broken("source", key, f"the source '{key}'", f"it has an error ({key_loc})")
            continue
        if entry is None or isinstance(entry, str):
            diagnostics.error(f"the source '{key}' has no details", key_loc,
                              "indent its fields under the key:\n"
                              f"{key}:\n  title: ...\n  publisher: ...")
            diagnostics.mark_broken("source", key, f"the source '{key}'", f"it has an error ({key_loc})")
            continue
        values = read_fields(entry, SOURCE_FIELDS, diagnostics, key_loc, f"the source '{key}'")
        if values["publisher"]:
            values["title"] = _checked_title(key, values["title"], values["url"], entry, key_loc, diagnostics)
        if not values["publisher"]:
            diagnostics.mark_broken("source", key, f"the source '{key}'", f"it has an error ({key_loc})")
            continue
        sources[key] = Source(
            key=key, title=values["title"], publisher=values["publisher"], url=values["url"],
            date=values["date"], accessed=values["accessed"], archive_url=values["archive_url"],
            kind=values["kind"], language=values["language"], note=values["note"], location=key_loc,
            note_location=entry.value_location("note") if isinstance(entry, YamlMap) and "note" in entry
            else None,
            affiliation=values["affiliation"], affiliated_with=values["affiliated_with"],
        )
    return sources


def is_slug(title: str) -> bool:
    """A title that is an address's last part (`maduro-doubts-trump-will-act`, perhaps marked
    `(slug)`), not a headline: hyphenated words and no space."""
    marked = title.endswith("(slug)")
    bare = title.removesuffix("(slug)").strip()
    return bool(bare) and " " not in bare and (bare.count("-") >= (1 if marked else 2)) \
        and re.search(r"[a-z]", bare) is not None


def _checked_title(key: str, title: str, address: str, entry: object, key_loc: Location,
                   diagnostics: Diagnostics) -> str:
    """The title as pages show it, '' for none: they then show the publisher, the date and the
    address's host. A slug given as a title is dropped with a warning at its place, and so is told
    a source that nothing would identify (no title, no address)."""
    title = " ".join(title.split())
    if is_slug(title):
        where = entry.value_location("title") if isinstance(entry, YamlMap) else key_loc
        diagnostics.warning(f"the title of the source '{key}' is an address's slug, not a headline", where,
                            "write the headline as published, or remove 'title:': "
                            "pages then show the publisher, the date and the address's host")
        return ""
    if not title and not address:
        diagnostics.warning(f"the source '{key}' has neither a title nor an address: pages show only its "
                            "publisher and date", key_loc, "add 'title:' with the headline or title as published")
    return title


def _read(path: Path, rel: str, site_dir: Path, diagnostics: Diagnostics) -> object:
    """The file's YAML ({} when empty); None when it cannot be read (the error told)."""
    text = read_text(path, site_dir, diagnostics)
    if text is None:
        return None
    try:
        data = load_yaml(text, rel, diagnostics=diagnostics) if text.strip() else {}
    except SiteError as exc:
        diagnostics.add(exc)
        return None
    return {} if data is None else data
