"""Site search: Pagefind's index of the published site, written into public/pagefind/.

The index is made from what was published, never from the build's own data, so it can
never disagree with the pages: Pagefind reads every page marked `data-pagefind-body`
(articles and pages, with a `type` filter), and the build publishes the timeline events
and the sources as search records (search/records.json, a job like the feed), which are
laid out as small pages for Pagefind while it indexes, each saying where its result leads
(`timeline/#event-id`, `sources/#key`). So a word finds the article, the event and the source.

Pagefind runs after a build that changed something (or when the index is missing), into
a fresh folder that then replaces the old index: a reader of the served site never sees
half an index. A failure costs the search, never the build: it is one warning.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .errors import Diagnostics, Location

if TYPE_CHECKING:  # a build with nothing to do asks needs_index() and never loads the model
    from .model import SiteConfig, Source

SEARCH_URL = "search/"
"""The search page."""
RECORDS_PATH = "search/records.json"
"""The events and sources as search records (made by the build, read by the indexer)."""
RECORD_PAGES = ".search-records"
"""Where the records are laid out as pages for Pagefind while it indexes (removed after)."""
INDEX_DIR = "pagefind"
"""Pagefind's bundle (its script, its WebAssembly and the index) inside the output folder."""
ENTRY_FILE = "pagefind-entry.json"
"""What the search script reads first: an index without it is not an index."""
UNUSED_FILES = ("pagefind-*ui.js", "pagefind-*ui.css", "pagefind-highlight.js")
"""Pagefind's own search interfaces (pagefind-ui.js, pagefind-component-ui.css...) and its
highlighter; not pagefind.js, pagefind-worker.js or pagefind-entry.json."""


@dataclass(frozen=True, slots=True)
class Record:
    """One thing the search finds that is not a page of its own: a timeline event or a source."""

    url: str
    """Site-relative address with its anchor: `timeline/#guaido-recognized`."""
    title: str
    """What the result is called."""
    content: str
    """The words it is found by (plain text)."""
    kind: str
    """`event` or `source`: the `type` filter."""
    language: str
    """The language its words are in (Pagefind keeps one index per language)."""
    group: str = ""
    """The timeline an event belongs to (a second filter), '' for a source."""
    date: str = ""
    """Its date as readers read it, shown with the result."""


def search_records(config: SiteConfig, timeline_views: Iterable[Any], sources: Iterable[Source],
                   editions: Iterable[tuple[str, str, Iterable[Source]]] = ()) -> bytes:
    """The events of every timeline and every source, as the JSON the indexer adds to the index. A site
    in several languages gives `editions` (language, folder, the sources its sources page lists):
    each source is found from the search page of each edition that lists it, on that edition's page."""
    records: list[Record] = []
    for view in timeline_views:
        language = getattr(view.timeline, "language", "") or config.language
        for event in view.events:
            summary = plain_text(str(event.summary_html))
            # the title is the record page's heading: the words found under it need not repeat it
            records.append(Record(event.url, event.title, f"{event.when_text}. {summary}".strip(),
                                  "event", language, view.timeline.title, event.when_text))
    for language, folder, listed in editions or ((config.language, "", sources),):
        for source in listed:
            when = source.date.human(language) if source.date else ""
            title = source.title or source.publisher
            words = " ".join(part for part in (source.publisher, when, plain_text(source.note)) if part)
            records.append(Record(f"{folder}sources/#{source.key}", title, words, "source", language, "", when))
    plain = [{"url": r.url, "title": r.title, "content": r.content, "type": r.kind, "language": r.language,
              "group": r.group, "date": r.date} for r in records]
    return (json.dumps(plain, ensure_ascii=False, indent=0) + "\n").encode("utf-8")


def plain_text(markup: str) -> str:
    """The words of an HTML fragment, tags dropped, white space squeezed."""
    if "<" not in markup and "&" not in markup:
        return " ".join(markup.split())
    from html.parser import HTMLParser

    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign, assignment]
    parser.feed(markup)
    parser.close()
    return " ".join(" ".join(parts).split())


def needs_index(out_dir: Path, changed: tuple[str, ...]) -> bool:
    """The published site has search records, and pages changed or there is no index yet."""
    if not (out_dir / RECORDS_PATH).is_file():
        return False
    return bool(changed) or not (out_dir / INDEX_DIR / ENTRY_FILE).is_file()


def update_index(out_dir: Path, diagnostics: Diagnostics) -> bool:
    """Index the published site into out_dir/pagefind/; False (with a warning) when it could not be."""
    new = out_dir / f".{INDEX_DIR}-new"
    old = out_dir / f".{INDEX_DIR}-old"
    records = out_dir / RECORD_PAGES
    try:
        for folder in (new, old, records):
            if folder.exists():
                shutil.rmtree(folder)
        _write_record_pages(records, json.loads((out_dir / RECORDS_PATH).read_text(encoding="utf-8")))
        _run_pagefind(out_dir, new)
        if not (new / ENTRY_FILE).is_file():
            raise RuntimeError("Pagefind wrote no index")
        for pattern in UNUSED_FILES:  # its ready-made interfaces: search.js is ours
            for unused in new.glob(pattern):
                unused.unlink()
        index = out_dir / INDEX_DIR
        if index.exists():
            os.replace(index, old)
        os.replace(new, index)
        return True
    except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as exc:
        shutil.rmtree(new, ignore_errors=True)  # the search is not worth a build: say why, go on
        diagnostics.warning(f"the search index was not updated: {_reason(exc)}", Location("site.yaml", 1, 1),
                            "the pages are published; set 'search: false' in site.yaml to build without "
                            "search, or reinstall the builder (it brings Pagefind)")
        return False
    finally:
        shutil.rmtree(records, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _write_record_pages(folder: Path, records: list[dict[str, str]]) -> None:
    """One small page per record, only while Pagefind reads them: it indexes pages, and these say
    where their result leads (`target`), what kind it is and when."""
    from html import escape

    for number, record in enumerate(records):
        meta = f'data-pagefind-meta="target:{escape(record["url"])}"'
        parts = [f'<!doctype html><html lang="{escape(record["language"])}"><head><meta charset="utf-8">'
                 f'<title>{escape(record["title"])}</title></head>',
                 f'<body data-pagefind-body data-pagefind-filter="type:{escape(record["type"])}" {meta}>',
                 f'<h1>{escape(record["title"])}</h1><p>{escape(record["content"])}</p>']
        if record.get("group"):
            parts.append(f'<p data-pagefind-filter="timeline">{escape(record["group"])}</p>')
        if record.get("date"):
            parts.append(f'<p data-pagefind-meta="date">{escape(record["date"])}</p>')
        parts.append("</body></html>\n")
        page = folder / str(number) / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("".join(parts), encoding="utf-8")


def _run_pagefind(out_dir: Path, into: Path) -> None:
    """Pagefind's own program over the output folder; its index is complete when it exits."""
    from pagefind.service import get_executable  # the binary installed with the builder (pagefind[bin])

    program = get_executable()
    if program is None or not program.is_file():
        raise RuntimeError("Pagefind is not installed")
    done = subprocess.run([str(program), "--site", str(out_dir), "--output-path", str(into), "--silent"],
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError((done.stderr or done.stdout).strip() or f"Pagefind stopped with code {done.returncode}")
