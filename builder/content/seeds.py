"""Seed articles: a raw `.txt` as received plus the editor's `.yaml` sidecar beside it.

The text file is never changed; what the parser guesses is overridden by the sidecar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Diagnostics, Location, SiteError, relative_path
from ..model import VERDICTS, Document, Note
from ..schema import UPDATE_FIELDS, Field, read_fields, read_items
from ..seed import SeedArticle, decode_seed, parse_seed
from ..translations import TRANSLATION_FIELD, read_translation
from ..yamlfile import YamlMap, load_yaml
from .corrections import read_corrections
from .files import MAX_FILE_BYTES, list_site_files, not_a_file, read_text
from .metadata import make_document

SIDECAR_FIELDS = (
    Field("title", "text", None, doc="the headline, when the guess is wrong"),
    Field("deck", "text", None, doc="the standfirst under the headline"),
    Field("slug", "text", None, doc="last part of the URL"),
    Field("outlet", "text", None, doc="the publisher"),
    Field("section", "text", None, doc="the outlet's section label"),
    Field("author", "text", None, doc="byline"),
    Field("date", "date", None, doc="publication date, YYYY-MM-DD"),
    Field("source_url", "url", "", doc="address of the original"),
    Field("language", "language", None, doc="language tag such as en or es"),
    TRANSLATION_FIELD,
    Field("summary", "text", "", doc="a sentence or two for listings"),
    Field("tags", "ids", (), doc="a list of tags"),
    Field("draft", "bool", False, doc="true to leave it out unless building with --drafts"),
    Field("timeline", "id", "", doc="the timeline that gives the Background section"),
    Field("events", "ids", (), doc="background event ids of that timeline"),
    Field("notes", "list", None, doc="notes anchored to phrases of the article"),
    Field("description", "text", "", doc="description for search engines"),
    *UPDATE_FIELDS,
    Field("methods", "text", "", doc="Markdown: how we reported this"),
    Field("image", "mapping", None, doc="the article's photo: file, alt, caption, credit"),
    Field("aliases", "texts", (), doc="old addresses of the article, such as [/articles/old-headline/]"),
    Field("reading", "mapping", None, doc="corrections to how the text was read (title_line, body_starts, "
                                          "body_ends, keep, drop, not_captions, join)"),
)

NOTE_FIELDS = (
    Field("quote", "required_text", required=True, doc="an exact phrase of the article"),
    Field("note", "required_text", required=True, doc="Markdown text for the reader"),
    Field("sources", "ids", (), doc="keys of content/sources.yaml"),
    Field("event", "id", "", doc="a timeline event id"),
    Field("occurrence", "int", None, doc="which occurrence, when the phrase appears more than once"),
    Field("verdict", "text", "", doc="where the claim stands: " + ", ".join(VERDICTS), choices=VERDICTS),
)


@dataclass(frozen=True, slots=True)
class SeedReading:
    """A seed `.txt` as read with its sidecar's corrections, and the sidecar's checked fields."""

    rel: str
    sidecar_rel: str
    original: bytes
    article: SeedArticle
    values: dict[str, Any]
    meta: object
    where: Location


def load_seed_article(path: Path, site_dir: Path, diagnostics: Diagnostics) -> Document | None:
    """Parse a seed `.txt` and merge its sidecar; report every problem."""
    reading = read_seed_file(path, site_dir, diagnostics)
    if reading is None:
        return None
    rel, sidecar_rel, article, values = reading.rel, reading.sidecar_rel, reading.article, reading.values
    title = values["title"] or article.title
    for field, why in article.guesses:  # a guessed headline is the page's name: the editor confirms it
        if field == "title" and values["title"] is None:
            diagnostics.warning(
                f"the headline is a guess: '{article.title}' ({why})", Location(rel, article.title_line or 1, 1),
                f"confirm or correct it with 'title: ...' in {sidecar_rel} "
                f"(explainer import {path.name} --sidecar writes a starting one)")
    if not title:  # nothing is made up from the body: the page is named after the file until told
        title = path.stem
        diagnostics.warning(
            "the text has no headline (the first lines are the article itself or page furniture)",
            Location(rel, 1, 1),
            f"add 'title: ...' to {sidecar_rel}; until then the page is titled '{title}'")
    values["title"] = title
    values["description"] = values["description"] or values["summary"]
    values["summary"] = values["deck"] if values["deck"] is not None else (article.deck or "")
    for key in ("outlet", "section", "author", "language"):
        if values[key] is None:
            guessed = {"author": article.byline}.get(key, getattr(article, key, None))
            values[key] = guessed or ""
    if values["date"] is None and article.date:
        values["date"] = dt.date.fromisoformat(article.date)
    notes = _read_notes(values["notes"], reading.meta, reading.where, diagnostics)
    return read_translation(make_document("article", rel, reading.where, values, reading.meta, "", 1, diagnostics,
                                          seed=article, notes=notes, original=reading.original),
                            values, reading.meta)


def read_seed_file(path: Path, site_dir: Path, diagnostics: Diagnostics) -> SeedReading | None:
    """A seed `.txt` read with its sidecar (checked, and its `reading:` applied)."""
    rel = relative_path(path, site_dir)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            diagnostics.error(f"the file is {path.stat().st_size / 1048576:.1f} MB, over the 5 MB limit",
                              Location(rel), "a seed article is plain text: remove what is not")
            return None
        original = path.read_bytes()
        received = decode_seed(original, rel)
    except SiteError as exc:  # the parser knows no file names: the error is placed here
        diagnostics.add(exc if exc.location else
                        SiteError(exc.message, location=Location(rel), hint=exc.hint))
        return None
    except FileNotFoundError:
        diagnostics.error("the file disappeared while the site was being built", Location(rel),
                          "build again once the file is saved")
        return None

    sidecar_path = path.with_suffix(".yaml")
    sidecar_rel = relative_path(sidecar_path, site_dir)
    meta: object = {}
    if not_a_file(sidecar_path, site_dir, diagnostics):  # a folder of its name: the article waits for it
        diagnostics.mark_broken("article", "*", "articles", f"{sidecar_rel} could not be read")
        return None
    if sidecar_path.is_file():
        text = read_text(sidecar_path, site_dir, diagnostics)  # size, binary, encoding, links out
        if text is None:
            return None
        try:
            meta = load_yaml(text, sidecar_rel) or {}
        except SiteError as exc:
            diagnostics.add(exc)
            return None
    where = Location(sidecar_rel if sidecar_path.is_file() else rel, 1, 1)
    values = read_fields(meta, SIDECAR_FIELDS, diagnostics, where, "the sidecar")
    reading_at = meta.value_location("reading") if isinstance(meta, YamlMap) and "reading" in meta else where
    corrections = read_corrections(values["reading"], received, rel, reading_at, diagnostics)
    return SeedReading(rel, sidecar_rel, original, parse_seed(received, corrections), values, meta, where)


def seed_paths(site_dir: Path) -> list[Path]:
    """The seed articles of a site (`content/articles/*.txt`, then each explainer's), as the build lists them."""
    from ..explainers import explainer_subfolders

    quiet = Diagnostics()  # the build tells what is wrong with the folder
    folders = [site_dir / "content" / "articles", *explainer_subfolders(site_dir, "articles")]
    return [path for folder in folders for path in list_site_files(folder, site_dir, quiet) if path.suffix == ".txt"]


def left_out(site_dir: Path) -> list[str]:
    """What `check` shows of every seed article: the runs of lines left out, each with its
    reason, as `path:line: left out: reason` (`path:a-b:` for a run of lines)."""
    out: list[str] = []
    quiet = Diagnostics()  # the check itself has told every problem
    for path in seed_paths(site_dir):
        reading = read_seed_file(path, site_dir, quiet)
        if reading is None:
            continue
        runs: list[tuple[int, int, str, str]] = []
        for dropped in reading.article.dropped:
            if runs and runs[-1][2] == dropped.reason and runs[-1][1] >= dropped.line - 2:
                runs[-1] = (runs[-1][0], dropped.line, dropped.reason, runs[-1][3])
            else:
                runs.append((dropped.line, dropped.line, dropped.reason, dropped.text))
        for first, last, reason, text in runs:
            lines = f"{first}" if first == last else f"{first}-{last}"
            shown = text if len(text) <= 50 else text[:50] + "…"
            out.append(f"{reading.rel}:{lines}: left out: {reason}: \"{shown}\"")
    return out


def _read_notes(raw: list[Any] | None, meta: object, where: Location, diagnostics: Diagnostics) -> tuple[Note, ...]:
    notes = []
    for values, entry, entry_where in read_items(raw, NOTE_FIELDS, diagnostics, where, "a note"):
        if values["quote"] is None or values["note"] is None:
            continue
        if values["occurrence"] is not None and values["occurrence"] < 1:
            diagnostics.error("'occurrence' counts from 1", _at(entry, "occurrence", entry_where))
            continue
        notes.append(Note(
            quote=values["quote"],
            note=values["note"],
            sources=values["sources"],
            event=values["event"],
            occurrence=values["occurrence"],
            location=entry_where,
            quote_location=_at(entry, "quote", entry_where),
            sources_location=_at(entry, "sources", entry_where),
            event_location=_at(entry, "event", entry_where),
            verdict=values["verdict"],
        ))
    return tuple(notes)


def _at(entry: object, key: str, default: Location) -> Location:
    return entry.value_location(key) if isinstance(entry, YamlMap) and key in entry else default
