"""Every mistake an editor can make, one row each: a located error, and the last good site kept.

Each case starts from a good site that has been built once, applies its change, builds
again through the real command line, and checks what the editor would see: exit code 1,
the exact `path:line:col: error: message` line, no traceback, the previous public/ unchanged
byte for byte, no staging folder left behind, and nothing written outside public/.
"""

from __future__ import annotations

import faulthandler
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

import pytest

from builder.cli import main as cli_main
from builder.config import MARKDOWN_FIELDS, NAV_FIELDS, SITE_FIELDS
from builder.content.metadata import ARTICLE_FIELDS, HOME_FIELDS, PAGE_FIELDS
from builder.content.seeds import NOTE_FIELDS, SIDECAR_FIELDS
from builder.schema import Field
from builder.sources.load import SOURCE_FIELDS
from builder.timelines.load import ERA_FIELDS, EVENT_FIELDS, TIMELINE_FIELDS
from tests.conftest import ROOT, copy_fixture
from tests.support.interrupt import CTRL_C_AFTER_FIRST_WRITE

# --- the good site every case starts from -----------------------------------------------------

SITE_LINES = (
    "title: Minimal explainer",
    "description: The smallest site that builds.",
    "base_url: https://example.github.io/repo/",
)

ARTICLE_LINES = (
    "---",
    "title: The first article",
    "date: 2025-10-12",
    "summary: A short summary.",
    "tags: [diplomacy]",
    "---",
    "Some **Markdown** with a [link](/about/).",
)

PAGE_LINES = ("---", "title: About", "---", "About this site.")

HOME_LINES = ("---", "title: Welcome", "---", "The home page.")

TIMELINE_HEAD = ("title: Main timeline", "description: What led here.")

ERA_LINES = (
    "eras:",
    "  - id: before",
    "    title: Before",
    "    start: 2018",
    "    end: 2020",
)

EVENT_LINES = (
    "events:",
    "  - id: first-event",
    "    date: 2019-01-23",
    "    title: First event",
    "    summary: Something happened.",
    "    sources: [wire-one]",
    "  - id: second-event",
    "    date: 2020-05",
    "    title: Second event",
)

SOURCES_LINES = (
    "wire-one:",
    "  title: A wire story",
    "  publisher: A wire agency",
    "  url: https://example.org/story",
    "  date: 2019-01-23",
    "wire-two:",
    "  title: Another story",
    "  publisher: Another agency",
)


SEED_LINES = (
    "NEWS",
    "",
    "A headline for the seed article",
    "",
    "A deck that sums up the article in one sentence.",
    "",
    "By Jane Doe",
    "",
    "October 12, 2025",
    "",
    "The first paragraph names the wire story and the first event of the timeline clearly.",
    "",
    "The second paragraph adds more detail about what happened after that, at some length.",
)

SIDECAR_LINES = (
    "slug: seed-article",
    "timeline: main",
    "events: [first-event]",
    "notes:",
    "  - quote: the wire story",
    "    note: A note about **the wire story**.",
    "    sources: [wire-one]",
    "    event: first-event",
)


def text(*lines: str) -> str:
    return "\n".join(lines) + "\n"


BASE_FILES: dict[str, str] = {
    "site.yaml": text(*SITE_LINES),
    "content/articles/first.md": text(*ARTICLE_LINES),
    "content/pages/about.md": text(*PAGE_LINES),
    "content/index.md": text(*HOME_LINES),
    "content/timelines/main.yaml": text(*TIMELINE_HEAD, *ERA_LINES, *EVENT_LINES),
    "content/sources.yaml": text(*SOURCES_LINES),
    "content/articles/seed.txt": text(*SEED_LINES),
    "content/articles/seed.yaml": text(*SIDECAR_LINES),
}


def write_files(site: Path, files: Mapping[str, str | bytes | None]) -> None:
    """Write text (UTF-8) or bytes to each path; None deletes the file."""
    for rel, content in files.items():
        path = site / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def build_in_process(site: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`explainer build SITE` through the real CLI entry point, in this process (fast)."""
    capsys.readouterr()
    code = cli_main(["build", str(site)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tree_digest(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every entry under `folder` (files hashed, links by target, folders by name)."""
    found: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        if skip is not None and here == skip:
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            path = here / name
            rel = path.relative_to(folder).as_posix()
            if skip is not None and path == skip:
                continue
            if path.is_symlink():
                found[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good site with its good public/, built once for the whole module."""
    site = copy_fixture("minimal", tmp_path_factory.mktemp("good"))
    write_files(site, BASE_FILES)
    proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return site


@pytest.fixture
def good_site(built_site: Path, tmp_path: Path) -> Path:
    """A private copy of the good site, public/ included."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, symlinks=True)
    return site


# --- the catalogue ------------------------------------------------------------------------------

LOCATED = re.compile(r"^[^\s:][^:]*:\d+:\d+: error: ")

Setup = Callable[[Path, Path], None]
"""A change that plain file contents cannot express: (site, outside folder) -> None."""


@dataclass(frozen=True)
class Case:
    """One mistake: the files it writes, and the first line of the error the editor must see."""

    name: str
    files: Mapping[str, str | bytes | None]
    expected: str
    setup: Setup | None = field(default=None, compare=False)


def q_yaml(value: str) -> str:
    """A YAML string holding `value` exactly (a JSON string is one)."""
    return json.dumps(value)


def with_lines(lines: tuple[str, ...], index: int, new: str | None) -> tuple[str, ...]:
    """`lines` with line `index` (0-based) replaced by `new`, or removed when None."""
    return lines[:index] + (() if new is None else (new,)) + lines[index + 1:]


BILLION_LAUGHS = text(
    "title: Minimal explainer",
    'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]",
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]",
)

DEEP = "[" * 200 + "]" * 200

YAML_CASES = [
    Case("yaml-syntax-error", {"site.yaml": "title: [Minimal explainer\ndescription: x\n"},
         "site.yaml:2:12: error: invalid YAML: "),
    Case("yaml-tab-indent", {"site.yaml": text(*SITE_LINES, "nav:", "\t- {title: Home, url: /}")},
         "site.yaml:5:1: error: invalid YAML: a tab character where YAML expects spaces"),
    Case("yaml-tab-before-key", {"site.yaml": text(*SITE_LINES[:2], "\tbase_url: /repo/")},
         "site.yaml:3:1: error: invalid YAML: a tab character where YAML expects spaces"),
    Case("yaml-duplicate-key", {"site.yaml": text(*SITE_LINES, "title: Again")},
         "site.yaml:4:1: error: duplicate key 'title' (first set at line 1)"),
    Case("yaml-alias-bomb", {"site.yaml": BILLION_LAUGHS},
         "site.yaml:2:4: error: anchors and aliases (&name, *name) are not allowed"),
    Case("yaml-alias", {"site.yaml": text("title: &t Minimal", "description: *t")},
         "site.yaml:1:8: error: anchors and aliases (&name, *name) are not allowed"),
    Case("yaml-merge-key", {"site.yaml": text(*SITE_LINES, "markdown:", "  <<: {html: true}")},
         "site.yaml:5:3: error: merge keys (<<) are not allowed"),
    Case("yaml-deep-nesting", {"site.yaml": text(*SITE_LINES, "description2: " + DEEP)},
         "site.yaml:4:78: error: the YAML is nested more than 64 levels deep"),
    Case("yaml-deep-block-nesting",
         {"site.yaml": text(*SITE_LINES, "nav:", *(" " * i + "k:" for i in range(1, 100)))},
         "site.yaml:67:64: error: the YAML is nested more than 64 levels deep"),
    Case("yaml-python-tag", {"site.yaml": text("title: !!python/object/apply:os.system [touch pwned]")},
         "site.yaml:1:8: error: the tag '!!python/object/apply:os.system' is not allowed"),
    Case("yaml-two-documents", {"site.yaml": text(*SITE_LINES, "---", "title: Second")},
         "site.yaml:4:1: error: invalid YAML: "),
    Case("yaml-unclosed-quote", {"site.yaml": text('title: "Minimal explainer', "description: x")},
         "site.yaml:1:8: error: invalid YAML: this quoted value is never closed"),
    Case("yaml-control-character", {"site.yaml": text("title: Minimal\x07explainer")},
         "site.yaml:1:15: error: invalid YAML: the control character U+0007 is not allowed"),
    Case("yaml-huge-number", {"site.yaml": text(*SITE_LINES, "author: " + "9" * 5000)},
         "site.yaml:4:9: error: this number is too long to read"),
    Case("yaml-impossible-date", {"content/articles/first.md": text(
        *with_lines(ARTICLE_LINES, 2, "date: 2025-02-30"))},
         "content/articles/first.md:3:7: error: 'date' '2025-02-30' is not a real date"),
    Case("yaml-not-a-mapping", {"site.yaml": "- title\n- description\n"},
         "site.yaml:1:1: error: site.yaml must be a mapping of keys to values"),
    Case("yaml-key-is-a-list", {"site.yaml": text(*SITE_LINES, "[a, b]: c")},
         "site.yaml:4:1: error: a key must be a plain word"),
    Case("front-matter-syntax-error", {"content/articles/first.md": text(
        *with_lines(ARTICLE_LINES, 3, "summary: A summary: with a colon"))},
         "content/articles/first.md:4:19: error: invalid YAML: mapping values are not allowed"),
    Case("front-matter-backslash-in-quotes", {"content/articles/first.md": text(
        *with_lines(ARTICLE_LINES, 3, 'summary: "Saved in C:\\drafts"'))},
         "content/articles/first.md:4:22: error: invalid YAML: found unknown escape character"),
    Case("front-matter-tab-indent", {"content/articles/first.md": text(
        *with_lines(ARTICLE_LINES, 4, "tags:\n\t- diplomacy"))},
         "content/articles/first.md:6:1: error: invalid YAML: a tab character where YAML expects spaces"),
    Case("front-matter-duplicate-key", {"content/articles/first.md": text(
        *with_lines(ARTICLE_LINES, 4, "title: Twice"))},
         "content/articles/first.md:5:1: error: duplicate key 'title' (first set at line 2)"),
    Case("front-matter-alias", {"content/articles/first.md": text(
        *with_lines(ARTICLE_LINES, 3, "summary: &s A short summary.\ndescription: *s"))},
         "content/articles/first.md:4:10: error: anchors and aliases"),
    Case("front-matter-not-closed", {"content/articles/first.md": text(*ARTICLE_LINES[:5])},
         "content/articles/first.md:1:1: error: the front matter is never closed"),
    Case("front-matter-missing", {"content/articles/first.md": "Just text, no metadata.\n"},
         "content/articles/first.md:1:1: error: no front matter at the top of the file"),
    Case("front-matter-is-a-list", {"content/pages/about.md": "---\n- title\n---\nText.\n"},
         "content/pages/about.md:1:1: error: the front matter must be a mapping of keys to values"),
    Case("timeline-yaml-syntax-error", {"content/timelines/main.yaml": text(
        *TIMELINE_HEAD, *EVENT_LINES[:3], "    title: First event: the start", *EVENT_LINES[4:])},
         "content/timelines/main.yaml:6:23: error: invalid YAML: mapping values are not allowed"),
    Case("timeline-tab-indent", {"content/timelines/main.yaml": text(
        *TIMELINE_HEAD, *EVENT_LINES[:3], "\ttitle: First event", *EVENT_LINES[4:])},
         "content/timelines/main.yaml:6:1: error: invalid YAML: a tab character where YAML expects spaces"),
    Case("timeline-duplicate-key", {"content/timelines/main.yaml": text(
        *TIMELINE_HEAD, *EVENT_LINES[:4], "    date: 2019-01-24", *EVENT_LINES[4:])},
         "content/timelines/main.yaml:7:5: error: duplicate key 'date' (first set at line 5)"),
    Case("timeline-alias-bomb", {"content/timelines/main.yaml": BILLION_LAUGHS},
         "content/timelines/main.yaml:2:4: error: anchors and aliases (&name, *name) are not allowed"),
    Case("timeline-not-a-mapping", {"content/timelines/main.yaml": "- one\n- two\n"},
         "content/timelines/main.yaml:1:1: error: the timeline must be a mapping of keys to values"),
    Case("sources-duplicate-key", {"content/sources.yaml": text(*SOURCES_LINES, *SOURCES_LINES[:3])},
         "content/sources.yaml:9:1: error: duplicate key 'wire-one' (first set at line 1)"),
    Case("sources-syntax-error", {"content/sources.yaml": text(
        *SOURCES_LINES[:2], "  publisher: A wire agency: world desk", *SOURCES_LINES[3:])},
         "content/sources.yaml:3:27: error: invalid YAML: mapping values are not allowed"),
    Case("sources-deep-nesting", {"content/sources.yaml": text(*SOURCES_LINES, "  note: " + DEEP)},
         "content/sources.yaml:9:71: error: the YAML is nested more than 64 levels deep"),
    Case("sources-not-a-mapping", {"content/sources.yaml": "- wire-one\n- wire-two\n"},
         "content/sources.yaml:1:1: error: sources.yaml must map each source's key to its details"),
]


# --- a wrong type in every field, generated from the field tables -------------------------------

WRONG_VALUE: dict[str, tuple[str, str]] = {
    # kind: (a YAML value of a wrong kind, the start of the message after "'field' ")
    "text": ("{a: 1}", "must be text"),
    "required_text": ("[a, b]", "must be text"),
    "bool": ("maybe", "must be true or false"),
    "int": ("many", "must be a whole number"),
    "count": ("0", "must be a whole number of at least 1"),
    "date": ("soon", "must be a date like 2019-01-23"),
    "partial_date": ("soon", "'soon' is not a date like 2019, 2019-01 or 2019-01-23"),
    "url": ("[https://example.org/]", "must be text"),
    "language": ("english", "'english' is not a language tag"),
    "id": ("{a: 1}", "must be text"),
    "ids": ("{a: 1}", "must be a list"),
    "texts": ("{a: 1}", "must be a list"),
    "mapping": ("plain words", "must be a mapping of keys to values"),
    "list": ("plain words", "must be a list"),
}


@dataclass(frozen=True)
class Host:
    """Where a table's fields live: a mapping inside a file, with the lines around it."""

    name: str
    path: str
    what: str
    """How messages name the mapping ('the front matter', 'an event')."""
    fields: tuple[Field, ...]
    base: tuple[tuple[str, str], ...]
    """The good mapping: (key, YAML value) in order."""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    first_prefix: str = ""
    """Put before the first key ('  - ' for a list item)."""
    indent: str = ""
    """Put before every other key."""
    missing_at: tuple[int, int] = (1, 1)
    """Where 'is missing' is reported: the mapping's own place."""

    def render(self, key: str, value: str | None) -> tuple[str, int, int]:
        """The file with `key` set to `value` (None: removed); the line and column of the value."""
        pairs = [(k, v) for k, v in self.base if k != key or value is not None]
        if value is not None:
            if any(k == key for k, _ in pairs):
                pairs = [(k, value if k == key else v) for k, v in pairs]
            else:
                pairs.append((key, value))
        lines = [
            f"{self.first_prefix if i == 0 else self.indent}{k}: {v}" for i, (k, v) in enumerate(pairs)
        ]
        index = next((i for i, (k, _) in enumerate(pairs) if k == key), 0)
        line = len(self.before) + index + 1
        col = len(self.indent) + len(key) + 3
        return text(*self.before, *lines, *self.after), line, col


HOSTS = (
    Host("site", "site.yaml", "site.yaml", SITE_FIELDS,
         (("title", "Minimal explainer"), ("description", "Small."),
          ("base_url", "https://example.github.io/repo/"))),
    Host("nav", "site.yaml", "a nav entry", NAV_FIELDS, (("title", "Home"), ("url", "/")),
         before=(*SITE_LINES, "nav:"), first_prefix="  - ", indent="    ", missing_at=(5, 5)),
    Host("markdown", "site.yaml", "markdown options", MARKDOWN_FIELDS, (("html", "false"),),
         before=(*SITE_LINES, "markdown:"), indent="  ", first_prefix="  ", missing_at=(5, 3)),
    Host("article", "content/articles/first.md", "the front matter", ARTICLE_FIELDS,
         (("title", "The first article"), ("date", "2025-10-12"), ("summary", "A short summary.")),
         before=("---",), after=("---", "Body text.")),
    Host("page", "content/pages/about.md", "the front matter", PAGE_FIELDS,
         (("title", "About"),), before=("---",), after=("---", "About this site.")),
    Host("home", "content/index.md", "the front matter", HOME_FIELDS,
         (("title", "Welcome"),), before=("---",), after=("---", "The home page.")),
    Host("timeline", "content/timelines/main.yaml", "the timeline", TIMELINE_FIELDS,
         (("title", "Main timeline"), ("description", "What led here."),
          ("eras", "[{id: before, title: Before, start: 2018}]"),
          ("events", "[{id: first-event, date: 2019-01-23, title: First event}]"))),
    Host("era", "content/timelines/main.yaml", "an era", ERA_FIELDS,
         (("id", "before"), ("title", "Before"), ("start", "2018"), ("end", "2020")),
         before=(*TIMELINE_HEAD, "eras:"), after=EVENT_LINES, first_prefix="  - ", indent="    ",
         missing_at=(4, 5)),
    Host("event", "content/timelines/main.yaml", "an event", EVENT_FIELDS,
         (("id", "first-event"), ("date", "2019-01-23"), ("title", "First event"),
          ("summary", "Something happened.")),
         before=(*TIMELINE_HEAD, "events:"), after=EVENT_LINES[6:], first_prefix="  - ", indent="    ",
         missing_at=(4, 5)),
    Host("sidecar", "content/articles/seed.yaml", "the sidecar", SIDECAR_FIELDS,
         (("slug", "seed-article"), ("timeline", "main"), ("events", "[first-event]"),
          ("notes", "[{quote: the wire story, note: A note., sources: [wire-one]}]"))),
    Host("note", "content/articles/seed.yaml", "a note", NOTE_FIELDS,
         (("quote", "the wire story"), ("note", "A note about the wire story."), ("sources", "[wire-one]"),
          ("event", "first-event")),
         before=SIDECAR_LINES[:4], first_prefix="  - ", indent="    ", missing_at=(5, 5)),
    Host("source", "content/sources.yaml", "the source 'wire-one'", SOURCE_FIELDS,
         (("title", "A wire story"), ("publisher", "A wire agency"),
          ("url", "https://example.org/story")),
         before=("wire-one:",), after=SOURCES_LINES[5:], first_prefix="  ", indent="  ",
         missing_at=(1, 1)),
)


HOST = {host.name: host for host in HOSTS}


def field_cases() -> Iterator[Case]:
    for host in HOSTS:
        for spec in host.fields:
            if spec.kind == "any":
                continue
            value, message = WRONG_VALUE[spec.kind]
            content, line, col = host.render(spec.name, value)
            yield Case(f"{host.name}-wrong-type-{spec.name.replace('_', '-')}", {host.path: content},
                       f"{host.path}:{line}:{col}: error: '{spec.name}' {message}")
        for spec in host.fields:
            if spec.required:
                content, _, _ = host.render(spec.name, None)
                line, col = host.missing_at
                yield Case(f"{host.name}-missing-{spec.name.replace('_', '-')}", {host.path: content},
                           f"{host.path}:{line}:{col}: error: {host.what} is missing '{spec.name}'")
        content, line, _ = host.render("titel", "Typo")
        yield Case(f"{host.name}-unknown-key", {host.path: content},
                   f"{host.path}:{line}:{len(host.indent) + 1}: error: unknown key 'titel' in {host.what}")


CHOICE_CASES = [
    Case("event-importance-not-a-choice", {"content/timelines/main.yaml": HOST["event"].render(
        "importance", "huge")[0]},
         "content/timelines/main.yaml:8:17: error: 'importance' must be one of major, minor, not 'huge'"),
    Case("source-kind-not-a-choice", {"content/sources.yaml": HOST["source"].render("kind", "rumour")[0]},
         "content/sources.yaml:5:9: error: 'kind' must be one of news, analysis, opinion, primary, wire,"),
    Case("source-url-javascript", {"content/sources.yaml": HOST["source"].render(
        "url", "javascript:alert(1)")[0]},
         "content/sources.yaml:4:8: error: 'url' must be an http:// or https:// address, not 'javascript:alert(1)'"),
    Case("source-url-data", {"content/sources.yaml": HOST["source"].render(
        "url", "'data:text/html,<script>alert(1)</script>'")[0]},
         "content/sources.yaml:4:8: error: 'url' must be an http:// or https:// address, not 'data:"),
    Case("article-source-url-javascript", {"content/articles/first.md": HOST["article"].render(
        "source_url", "javascript:alert(1)")[0]},
         "content/articles/first.md:5:13: error: 'source_url' must be an http:// or https:// address"),
    Case("nav-url-javascript", {"site.yaml": HOST["nav"].render("url", "javascript:alert(1)")[0]},
         "site.yaml:6:10: error: nav url 'javascript:alert(1)' must be a site path or an http(s) address"),
    Case("site-base-url-javascript", {"site.yaml": HOST["site"].render("base_url", "javascript:alert(1)")[0]},
         "site.yaml:3:11: error: 'base_url' must be an http(s) address or a path, not 'javascript:alert(1)'"),
    Case("site-base-url-markup", {"site.yaml": HOST["site"].render(
        "base_url", q_yaml('https://example.org/"><script>alert(1)</script>/'))[0]},
         "site.yaml:3:11: error: 'base_url' cannot hold '\"': it goes into every link of the site"),
    Case("site-base-url-space", {"site.yaml": HOST["site"].render("base_url", "/my repo/")[0]},
         "site.yaml:3:11: error: 'base_url' cannot hold a space: it goes into every link of the site"),
    Case("site-repo-url-data", {"site.yaml": HOST["site"].render("repo_url", "data:text/html,x")[0]},
         "site.yaml:4:11: error: 'repo_url' must be an http:// or https:// address"),
]


# --- files ----------------------------------------------------------------------------------------

SIX_MB = 6 * 1024 * 1024


def link_out(rel: str, target_name: str, folder: bool = False) -> Setup:
    """Make `rel` a symlink to a file (or folder) outside the site."""

    def setup(site: Path, outside: Path) -> None:
        target = outside / target_name
        if folder:
            target.mkdir(parents=True, exist_ok=True)
            (target / "secret.md").write_text("---\ntitle: Secret\n---\nThe host's secret.\n",
                                              encoding="utf-8")
        else:
            target.write_text("title: Secret\n---\nThe host's secret.\n", encoding="utf-8")
        link = site / rel
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        elif link.exists() or link.is_symlink():
            link.unlink()
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target, target_is_directory=folder)

    return setup


FILE_CASES = [
    Case("file-empty-article", {"content/articles/first.md": ""},
         "content/articles/first.md:1:1: error: the file is empty"),
    Case("file-blank-article", {"content/articles/first.md": "\n  \n\n"},
         "content/articles/first.md:1:1: error: the file is empty"),
    Case("file-empty-site-yaml", {"site.yaml": ""},
         "site.yaml:1:1: error: site.yaml must be a mapping of keys to values"),
    Case("file-empty-timeline", {"content/timelines/main.yaml": ""},
         "content/timelines/main.yaml:1:1: error: the timeline file is empty"),
    Case("file-binary-article", {"content/articles/first.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
         "content/articles/first.md:1:1: error: this is not a text file"),
    Case("file-binary-site-yaml", {"site.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
         "site.yaml:1:1: error: this is not a text file"),
    Case("file-binary-timeline", {"content/timelines/main.yaml": b"\x00\x01\x02\x03title: x\n"},
         "content/timelines/main.yaml:1:1: error: this is not a text file"),
    Case("file-binary-sources", {"content/sources.yaml": b"wire-one:\n  title: \x00\x00\n"},
         "content/sources.yaml:1:1: error: this is not a text file"),
    Case("file-not-utf8-article", {"content/articles/first.md": text(
        *with_lines(ARTICLE_LINES, 3, "summary: Caf\udce9 au lait")).encode("utf-8", "surrogateescape")},
         "content/articles/first.md:4:13: error: the file is not UTF-8: byte 0xe9 cannot be read"),
    Case("file-not-utf8-site-yaml", {"site.yaml": "title: Minimal\ndescription: Se\xf1or\n".encode("latin-1")},
         "site.yaml:2:16: error: the file is not UTF-8: byte 0xf1 cannot be read"),
    Case("file-not-utf8-timeline", {"content/timelines/main.yaml": text(
        "title: L\xednea", *EVENT_LINES).encode("latin-1")},
         "content/timelines/main.yaml:1:9: error: the file is not UTF-8: byte 0xed cannot be read"),
    Case("file-not-utf8-sources", {"content/sources.yaml": text(
        *SOURCES_LINES[:2], "  publisher: Agencia Espa\xf1ola").encode("latin-1")},
         "content/sources.yaml:3:26: error: the file is not UTF-8: byte 0xf1 cannot be read"),
    Case("file-utf16-article", {"content/articles/first.md": text(*ARTICLE_LINES).encode("utf-16")},
         "content/articles/first.md:1:1: error: the file is saved as UTF-16, not UTF-8"),
    Case("file-too-large-article", {"content/articles/first.md": text(
        *ARTICLE_LINES) + "word " * (SIX_MB // 5)},
         "content/articles/first.md:1:1: error: the file is 6.0 MB, over the 5 MB limit"),
    Case("file-too-large-timeline", {"content/timelines/main.yaml": text(
        *TIMELINE_HEAD, *EVENT_LINES) + "#" * SIX_MB},
         "content/timelines/main.yaml:1:1: error: the file is 6.0 MB, over the 5 MB limit"),
    Case("file-too-large-sources", {"content/sources.yaml": text(*SOURCES_LINES) + "#" * SIX_MB},
         "content/sources.yaml:1:1: error: the file is 6.0 MB, over the 5 MB limit"),
    Case("file-too-large-site-yaml", {"site.yaml": text(*SITE_LINES) + "#" * SIX_MB},
         "site.yaml:1:1: error: the file is 6.0 MB, over the 5 MB limit"),
    Case("seed-empty", {"content/articles/seed.txt": ""},
         "content/articles/seed.txt:1:1: error: the file is empty"),
    Case("seed-blank", {"content/articles/seed.txt": "  \n\n \n"},
         "content/articles/seed.txt:1:1: error: the file holds only blank lines and spaces"),
    Case("seed-binary", {"content/articles/seed.txt": b"NEWS\n\x00\x01\x02\x03binary"},
         "content/articles/seed.txt:2:1: error: this is a binary file, not text: it has a NUL byte at line 2:1"),
    Case("seed-not-utf8", {"content/articles/seed.txt": text(*SEED_LINES[:2], "Caf\xe9 con leche",
                                                             *SEED_LINES[3:]).encode("latin-1")},
         "content/articles/seed.txt:3:4: error: the file is not UTF-8: byte 0xE9 at line 3:4 cannot be read"),
    Case("seed-utf16", {"content/articles/seed.txt": text(*SEED_LINES).encode("utf-16")},
         "content/articles/seed.txt:1:1: error: the file is saved as UTF-16, not UTF-8"),
    Case("seed-too-large", {"content/articles/seed.txt": text(*SEED_LINES) + "word " * (SIX_MB // 5)},
         "content/articles/seed.txt:1:1: error: the file is 6.0 MB, over the 5 MB limit"),
    Case("sidecar-empty-is-fine-but-binary-is-not", {"content/articles/seed.yaml": b"slug: x\n\x00\x00"},
         "content/articles/seed.yaml:1:1: error: this is not a text file"),
    Case("sidecar-not-utf8", {"content/articles/seed.yaml": text(
        *SIDECAR_LINES[:5], "    note: Se\xf1or", *SIDECAR_LINES[6:]).encode("latin-1")},
         "content/articles/seed.yaml:6:13: error: the file is not UTF-8: byte 0xf1 cannot be read"),
    Case("sidecar-too-large", {"content/articles/seed.yaml": text(*SIDECAR_LINES) + "#" * SIX_MB},
         "content/articles/seed.yaml:1:1: error: the file is 6.0 MB, over the 5 MB limit"),
    Case("sidecar-tab-indent", {"content/articles/seed.yaml": text(
        *SIDECAR_LINES[:5], "\tnote: A note.", *SIDECAR_LINES[6:])},
         "content/articles/seed.yaml:6:1: error: invalid YAML: a tab character where YAML expects spaces"),
    Case("sidecar-duplicate-key", {"content/articles/seed.yaml": text(*SIDECAR_LINES, "slug: again")},
         "content/articles/seed.yaml:9:1: error: duplicate key 'slug' (first set at line 1)"),
    Case("sidecar-alias-bomb", {"content/articles/seed.yaml": BILLION_LAUGHS},
         "content/articles/seed.yaml:2:4: error: anchors and aliases (&name, *name) are not allowed"),
    Case("sidecar-not-a-mapping", {"content/articles/seed.yaml": "- slug\n- notes\n"},
         "content/articles/seed.yaml:1:1: error: the sidecar must be a mapping of keys to values"),
    Case("symlink-seed-outside-site", {}, "content/articles/evil.txt:1:1: error: this file is a link "
         "to a place outside the site folder", link_out("content/articles/evil.txt", "evil.txt")),
    Case("symlink-sidecar-outside-site", {}, "content/articles/seed.yaml:1:1: error: this file is a link "
         "to a place outside the site folder", link_out("content/articles/seed.yaml", "sidecar.yaml")),
    Case("symlink-article-outside-site", {}, "content/articles/evil.md:1:1: error: this file is a link "
         "to a place outside the site folder", link_out("content/articles/evil.md", "secret.md")),
    Case("symlink-article-to-host-file", {}, "content/articles/hostname.md:1:1: error: this file is a "
         "link to a place outside the site folder", link_out("content/articles/hostname.md", "hostname")),
    Case("symlink-pages-folder-outside-site", {}, "content/pages:1:1: error: this folder is a link to a "
         "place outside the site folder", link_out("content/pages", "elsewhere", folder=True)),
    Case("symlink-timeline-outside-site", {}, "content/timelines/main.yaml:1:1: error: this file is a "
         "link to a place outside the site folder", link_out("content/timelines/main.yaml", "t.yaml")),
    Case("symlink-sources-outside-site", {}, "content/sources.yaml:1:1: error: this file is a link to a "
         "place outside the site folder", link_out("content/sources.yaml", "sources.yaml")),
    Case("symlink-home-outside-site", {}, "content/index.md:1:1: error: this file is a link to a place "
         "outside the site folder", link_out("content/index.md", "index.md")),
]


# --- references, duplicates, and ids that try to escape ------------------------------------------

def article_with(*extra: str, title: str = "The first article") -> str:
    return text("---", f"title: {title}", "date: 2025-10-12", *extra, "---", "Body.")


ESCAPES = {"dotdot": "../x", "absolute": "/etc/x", "traversal": "a/../../b", "windows-device": "con",
           "empty": "''"}

ESCAPE_MESSAGES = {
    "dotdot": "'../x' is not a valid slug",
    "absolute": "'/etc/x' is not a valid slug",
    "traversal": "'a/../../b' is not a valid slug",
    "windows-device": "'con' is a reserved device name on Windows",
    "empty": "the slug is empty",
}


def escape_cases() -> Iterator[Case]:
    for name, value in ESCAPES.items():
        yield Case(f"article-slug-{name}", {"content/articles/first.md": article_with(f"slug: {value}")},
                   f"content/articles/first.md:4:7: error: {ESCAPE_MESSAGES[name]}")
        yield Case(f"page-slug-{name}", {"content/pages/about.md": text(
            "---", "title: About", f"slug: {value}", "---", "Text.")},
                   f"content/pages/about.md:3:7: error: {ESCAPE_MESSAGES[name]}")
        yield Case(f"sidecar-slug-{name}", {"content/articles/seed.yaml": text(
            f"slug: {value}", *SIDECAR_LINES[1:])},
                   f"content/articles/seed.yaml:1:7: error: {ESCAPE_MESSAGES[name]}")
        if name == "windows-device":
            continue  # ids and keys are anchors inside a page, never file names: 'con' is fine
        yield Case(f"note-event-{name}", {"content/articles/seed.yaml": HOST["note"].render("event", value)[0]},
                   "content/articles/seed.yaml:8:12: error: " + (
                       "'event' must not be empty" if name == "empty" else f"'event' '{value}' is not a valid id"))
        id_message = "'id' must not be empty" if name == "empty" else f"'id' '{value}' is not a valid id"
        yield Case(f"event-id-{name}", {"content/timelines/main.yaml": HOST["event"].render("id", value)[0]},
                   f"content/timelines/main.yaml:4:9: error: {id_message}")
        yield Case(f"era-id-{name}", {"content/timelines/main.yaml": HOST["era"].render("id", value)[0]},
                   f"content/timelines/main.yaml:4:9: error: {id_message}")
        shown = "" if name == "empty" else value
        yield Case(f"source-key-{name}", {"content/sources.yaml": text(
            *SOURCES_LINES[:5], f"{value}:", *SOURCES_LINES[6:])},
                   f"content/sources.yaml:6:1: error: '{shown}' is not a valid source key")
        yield Case(f"timeline-link-id-{name}", {"content/articles/first.md": text(
            *ARTICLE_LINES[:6], f"See [the start](timeline:{value.strip(chr(39))}).")},
                   f"content/articles/first.md:7:17: error: unknown timeline event '{value.strip(chr(39))}'")


REFERENCE_CASES = [
    Case("article-title-makes-no-slug", {"content/articles/first.md": text(
        "---", "title: '../../..'", "---", "Body.")},
         "content/articles/first.md:2:8: error: cannot make a URL from this title: the slug is empty"),
    Case("article-title-makes-device-slug", {"content/articles/first.md": text(
        "---", "title: CON", "---", "Body.")},
         "content/articles/first.md:2:8: error: cannot make a URL from this title: 'con' is a reserved"),
    Case("duplicate-article-slug", {"content/articles/second.md": article_with(title="The First Article!")},
         "content/articles/second.md:1:1: error: 'the-first-article' is also the slug of "
         "content/articles/first.md: two pages cannot share a URL"),
    Case("duplicate-article-slug-by-slug", {"content/articles/second.md": text(
        "---", "title: Second", "slug: the-first-article", "---", "Body.")},
         "content/articles/second.md:1:1: error: 'the-first-article' is also the slug of "),
    Case("duplicate-page-slug", {"content/pages/about-us.md": text("---", "title: About", "---", "x")},
         "content/pages/about.md:1:1: error: 'about' is also the slug of content/pages/about-us.md"),
    Case("page-slug-reserved", {"content/pages/about.md": text("---", "title: Timeline", "---", "x")},
         "content/pages/about.md:1:1: error: the page slug 'timeline' is used by the site itself"),
    Case("duplicate-event-id", {"content/timelines/main.yaml": text(
        *TIMELINE_HEAD, *EVENT_LINES[:6], "  - id: first-event", *EVENT_LINES[7:])},
         "content/timelines/main.yaml:9:5: error: duplicate event id 'first-event' "
         "(first used at content/timelines/main.yaml:4:5)"),
    Case("duplicate-event-id-across-timelines", {"content/timelines/other.yaml": text(
        "title: Other", "events:", "  - id: first-event", "    date: 2021", "    title: Again")},
         "content/timelines/other.yaml:3:5: error: duplicate event id 'first-event' "
         "(first used at content/timelines/main.yaml:"),
    Case("duplicate-era-id", {"content/timelines/main.yaml": text(
        *TIMELINE_HEAD, *ERA_LINES, "  - id: before", "    title: Again", "    start: 2021",
        *EVENT_LINES)},
         "content/timelines/main.yaml:8:9: error: duplicate era id 'before'"),
    Case("event-date-year-zero", {"content/timelines/main.yaml": HOST["event"].render("date", "'0000-05'")[0]},
         "content/timelines/main.yaml:5:11: error: 'date' '0000-05': the year must be between 1000 and 9999"),
    Case("event-date-month-zero", {"content/timelines/main.yaml": HOST["event"].render("date", "'2019-00'")[0]},
         "content/timelines/main.yaml:5:11: error: 'date' '2019-00' has no month 0"),
    Case("note-unknown-source", {"content/articles/seed.yaml": HOST["note"].render("sources", "[nope]")[0]},
         "content/articles/seed.yaml:7:14: error: unknown source 'nope'"),
    Case("note-unknown-event", {"content/articles/seed.yaml": HOST["note"].render("event", "nope")[0]},
         "content/articles/seed.yaml:8:12: error: unknown timeline event 'nope'"),
    Case("note-quote-not-in-article", {"content/articles/seed.yaml": HOST["note"].render(
        "quote", "words that the article never says")[0]},
         "content/articles/seed.yaml:5:12: error: the quote \"words that the article never says\" was not "
         "found in the article"),
    Case("event-unknown-source", {"content/timelines/main.yaml": HOST["event"].render("sources", "[nope]")[0]},
         "content/timelines/main.yaml:8:14: error: unknown source 'nope'"),
    Case("article-unknown-timeline", {"content/articles/first.md": article_with("timeline: nope")},
         "content/articles/first.md:4:11: error: unknown timeline 'nope'"),
    Case("article-unknown-event", {"content/articles/first.md": article_with(
        "timeline: main", "events: [first-event, nope]")},
         "content/articles/first.md:5:9: error: unknown event 'nope' in timeline 'main'"),
    Case("markdown-unknown-citation", {"content/articles/first.md": text(
        *ARTICLE_LINES[:6], "As reported [@nope].")},
         "content/articles/first.md:7:14: error: unknown source 'nope'"),
    Case("markdown-unknown-timeline-event", {"content/articles/first.md": text(
        *ARTICLE_LINES[:6], "See [the start](timeline:frist-event).")},
         "content/articles/first.md:7:17: error: unknown timeline event 'frist-event'"),
    Case("duplicate-slug-seed-and-markdown", {"content/articles/seed.yaml": text(
        "slug: the-first-article", *SIDECAR_LINES[1:])},
         "content/articles/seed.yaml:1:1: error: 'the-first-article' is also the slug of "),
    Case("timeline-name-not-an-id", {"content/timelines/Mi línea.yaml": text(*TIMELINE_HEAD, *EVENT_LINES[:1],
                                                                         "  - {id: x, date: 2021, title: X}")},
         "content/timelines/Mi línea.yaml:1:1: error: 'Mi línea.yaml' cannot be a timeline's name: "
         "it becomes its address"),
    Case("timeline-name-windows-device", {"content/timelines/con.yaml": text(*TIMELINE_HEAD, *EVENT_LINES[:1],
                                                                         "  - {id: x, date: 2021, title: X}")},
         "content/timelines/con.yaml:1:1: error: 'con.yaml' cannot be a timeline's name: it becomes its address"),
    Case("unknown-era", {"content/timelines/main.yaml": HOST["event"].render("era", "later")[0]},
         "content/timelines/main.yaml:8:10: error: unknown era 'later'"),
]

CASES = [*YAML_CASES, *field_cases(), *CHOICE_CASES, *FILE_CASES, *escape_cases(), *REFERENCE_CASES]


def test_case_names_are_unique():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_mistake_is_reported_and_public_kept(case: Case, good_site: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    site, outside = good_site, tmp_path / "outside"
    outside.mkdir()
    public_before = tree_digest(site / "public")
    write_files(site, case.files)
    if case.setup:
        case.setup(site, outside)
    rest_before = tree_digest(tmp_path, skip=site / "public")

    faulthandler.dump_traceback_later(120, file=sys.__stderr__)  # a hang (a named pipe read...) shows where
    try:
        code, out, err = build_in_process(site, capsys)
    finally:
        faulthandler.cancel_dump_traceback_later()

    assert code == 1, f"exit {code}\n{out}{err}"
    lines = err.splitlines()
    assert any(line.startswith(case.expected) for line in lines), err
    assert "Traceback" not in err and "internal error" not in err, err
    for line in lines:
        if (" error: " in line or line.startswith("error:")) and not line.endswith("nothing was written"):
            assert LOCATED.match(line), f"an error without its place: {line}"
    assert tree_digest(site / "public") == public_before
    assert [p.name for p in site.iterdir() if p.name.startswith(".public.")] == []
    assert tree_digest(tmp_path, skip=site / "public") == rest_before, "a file changed outside public/"


def test_every_mistake_of_a_run_is_reported_together(good_site: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """One row per content file at once: the editor sees all of them in one run."""
    names = ("yaml-impossible-date", "front-matter-is-a-list", "timeline-duplicate-key",
             "source-wrong-type-title", "home-missing-title")
    chosen = [case for case in CASES if case.name in names]
    assert len(chosen) == len(names) and len({path for c in chosen for path in c.files}) == len(names)
    for case in chosen:
        write_files(good_site, case.files)
    code, _, err = build_in_process(good_site, capsys)
    assert code == 1
    for case in chosen:
        assert any(line.startswith(case.expected) for line in err.splitlines()), (case.name, err)
    count = sum(1 for line in err.splitlines() if LOCATED.match(line))
    assert err.splitlines()[-1] == f"{count} errors: nothing was written"


REAL_PROCESS_CASES = ("yaml-alias-bomb", "file-binary-site-yaml", "symlink-article-outside-site",
                      "event-date-year-zero", "file-not-utf8-article", "yaml-python-tag")


@pytest.mark.parametrize("name", REAL_PROCESS_CASES)
def test_mistake_in_a_real_process_prints_no_traceback(name: str, good_site: Path, tmp_path: Path) -> None:
    case = next(case for case in CASES if case.name == name)
    outside = tmp_path / "outside"
    outside.mkdir()
    before = tree_digest(good_site / "public")
    write_files(good_site, case.files)
    if case.setup:
        case.setup(good_site, outside)
    proc = subprocess.run([sys.executable, "-m", "builder", "build", str(good_site)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.startswith(case.expected) or f"\n{case.expected}" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert tree_digest(good_site / "public") == before
    assert not (tmp_path / "pwned").exists() and not (ROOT / "pwned").exists()


# --- names that must work -----------------------------------------------------------------------

@pytest.mark.parametrize("rel, title, page", [
    ("content/articles/my first article.md", "Spaces in the name", "articles/spaces-in-the-name/index.html"),
    ("content/articles/café número.md", "Café número uno", "articles/cafe-numero-uno/index.html"),
    ("content/articles/Ärger über Öl.md", "Ärger über Öl", "articles/arger-uber-ol/index.html"),
    ("content/pages/über uns.md", "Über uns", "uber-uns/index.html"),
], ids=["article-name-with-spaces", "article-name-non-ascii", "article-name-umlauts", "page-name-non-ascii"])
def test_file_names_with_spaces_and_accents_build(rel: str, title: str, page: str, good_site: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_files(good_site, {rel: text("---", f"title: {title}", "---", "Body.")})
    code, out, err = build_in_process(good_site, capsys)
    assert code == 0, err
    html = (good_site / "public" / page).read_text(encoding="utf-8")
    assert f">{title}<" in html


# --- a file that disappears mid-build, and Ctrl-C -------------------------------------------------

@pytest.mark.parametrize("module, function, rel", [
    ("builder.content.documents", "read_text", "content/articles/first.md"),
    ("builder.content.documents", "read_text", "content/index.md"),
    ("builder.content.seeds", "load_seed_article", "content/articles/seed.txt"),
    ("builder.content.seeds", "read_text", "content/articles/seed.yaml"),
    ("builder.timelines.load", "read_text", "content/timelines/main.yaml"),
    ("builder.sources.load", "read_text", "content/sources.yaml"),
], ids=["article", "home", "seed", "sidecar", "timeline", "sources"])
def test_file_that_disappears_mid_build(module: str, function: str, rel: str, good_site: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The file is listed, then deleted just before it is read (an editor saving or renaming)."""
    import importlib

    loader = importlib.import_module(module)
    original = getattr(loader, function)
    target = good_site / rel

    def read_after_delete(path: Path, site_dir: Path, diagnostics):
        if path == target:
            path.unlink()
        return original(path, site_dir, diagnostics)

    monkeypatch.setattr(loader, function, read_after_delete)
    before = tree_digest(good_site / "public")
    code, _, err = build_in_process(good_site, capsys)
    assert code == 1
    assert f"{rel}:1:1: error: the file disappeared while the site was being built" in err.splitlines()
    assert "Traceback" not in err and "internal error" not in err
    assert tree_digest(good_site / "public") == before


def test_ctrl_c_during_the_write_keeps_public_and_leaves_no_staging(good_site: Path) -> None:
    """SIGINT once the staging folder exists: exit 130, public/ as it was, no folder left behind.

    The build process sends SIGINT to itself right after writing its first file into the staging
    folder: the moment is certain, not a race against a large site's build.
    """
    site = good_site
    before = tree_digest(site / "public")
    (site / "content" / "articles" / "first.md").write_text("---\ntitle: Changed\n---\nNew text.\n",
                                                           encoding="utf-8")
    shutil.rmtree(site / ".cache")  # a full build, through a staging folder (test_cache: the incremental one)

    proc = subprocess.run([sys.executable, "-c", CTRL_C_AFTER_FIRST_WRITE, "build", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 130, (proc.returncode, proc.stdout, proc.stderr)
    assert "interrupted" in proc.stderr and "Traceback" not in proc.stderr
    assert tree_digest(site / "public") == before
    assert [name for name in os.listdir(site) if name.startswith(".public")] == []


def test_seed_article_named_with_spaces_and_accents_builds(good_site: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    write_files(good_site, {
        "content/articles/artículo de prueba.txt": text(*SEED_LINES).replace("seed article", "Spanish test"),
        "content/articles/artículo de prueba.yaml": text("slug: articulo-de-prueba"),
    })
    code, _, err = build_in_process(good_site, capsys)
    assert code == 0, err
    html = (good_site / "public" / "articles" / "articulo-de-prueba" / "index.html").read_text(encoding="utf-8")
    assert "A headline for the Spanish test" in html
