"""The catalogue of an editor's slips: each one gives exactly one error, at its place.

Every case is a tiny site built from BASE in a temporary folder with one slip in it, run
through the real command line in this process. What must come out: exit code 1, one
`path:line:col: error:` line at the slip's file and line, no internal error and no
warning the slip caused. What only follows from a slip (references to a file that failed
to load) is one `note:` line, never an error of its own.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from builder.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent

BASE = {
    "site.yaml": "title: Catalogue\nbase_url: /\nlanguage: en\n",
    "content/articles/one.md": (
        "---\n"
        "title: One\n"
        "date: 2025-01-02\n"
        "tags: [diplomacy]\n"
        "timeline: main\n"
        "events: [first]\n"
        "---\n"
        "Text citing [@src-a] and [the event](timeline:first).\n"
    ),
    "content/articles/two.md": "---\ntitle: Two\ndate: 2025-01-03\n---\nMore text, citing [@src-a].\n",
    "content/pages/about.md": "---\ntitle: About\n---\nAbout this site.\n",
    "content/timelines/main.yaml": (
        "title: Main\n"
        "events:\n"
        "  - id: first\n"
        "    date: 2019-01-02\n"
        "    title: First\n"
        "    sources: [src-a]\n"
        "  - id: second\n"
        "    date: 2020-05\n"
        "    title: Second\n"
    ),
    "content/sources.yaml": "src-a:\n  title: A report\n  publisher: A paper\n  url: https://example.org/a\n",
}

LOCATED = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): ")


def write_site(folder: Path, files: dict[str, str | None]) -> Path:
    """BASE with `files` laid over it (None removes a file)."""
    for name, text in {**BASE, **files}.items():
        path = folder / name
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def located(err: str, severity: str) -> list[re.Match[str]]:
    return [m for m in map(LOCATED.match, err.splitlines()) if m and m["severity"] == severity]


def test_the_base_site_builds_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", {})
    code, out, err = run(["build", str(site)], capsys)
    assert code == 0 and err == "", err
    assert "built" in out


@dataclass(frozen=True)
class Slip:
    name: str
    files: dict[str, str | None]
    where: str
    """`path:line` of the one error."""
    says: str = ""
    """Words the error's message holds."""
    args: tuple[str, ...] = ()
    setup: Callable[[Path], None] | None = None
    refused: str = ""
    """A file of the site the system refuses to open (as root, permissions refuse nothing)."""


def folder_at(name: str) -> Callable[[Path], None]:
    """A folder where the file `name` should be."""
    def setup(site: Path) -> None:
        path = site / name
        if path.exists():
            path.unlink()
        path.mkdir(parents=True)
    return setup


def file_at(name: str) -> Callable[[Path], None]:
    """A file where the folder `name` should be."""
    def setup(site: Path) -> None:
        path = site / name
        if path.is_dir():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    return setup


def pipe_at(name: str) -> Callable[[Path], None]:
    """A named pipe where the file `name` should be (reading it would wait for ever)."""
    def setup(site: Path) -> None:
        path = site / name
        if path.exists():
            path.unlink()
        os.mkfifo(path)
    return setup


def link_to_nothing(name: str) -> Callable[[Path], None]:
    def setup(site: Path) -> None:
        (site / name).symlink_to(site / "gone.md")
    return setup


def replaced(name: str, old: str, new: str) -> dict[str, str]:
    assert old in BASE[name], (name, old)
    return {name: BASE[name].replace(old, new, 1)}


PAGE_TEMPLATE = (ROOT / "builder" / "theme" / "templates" / "page.html").read_text(encoding="utf-8")
PAGE_CONTENT_LINE = next(n for n, line in enumerate(PAGE_TEMPLATE.splitlines(), 1) if "{% block main %}" in line)

SITE = "site.yaml"
ONE = "content/articles/one.md"
TIMELINE = "content/timelines/main.yaml"
SOURCES = "content/sources.yaml"

SLIPS = [
    # site.yaml
    Slip("site-misspelt-title", replaced(SITE, "title:", "titel:"), "site.yaml:1", "unknown key 'titel'"),
    Slip("site-language-name", replaced(SITE, "language: en", "language: english"), "site.yaml:3", "'en'"),
    Slip("site-language-underscore", replaced(SITE, "language: en", "language: es_VE"), "site.yaml:3", "es-VE"),
    Slip("site-domain-newline", {SITE: BASE[SITE] + 'domain: "a.org\\n<script>"\n'}, "site.yaml:4", "host name"),
    Slip("site-domain-url", {SITE: BASE[SITE] + "domain: https://a.org/x\n"}, "site.yaml:4", "host name"),
    Slip("site-base-url-port", replaced(SITE, "base_url: /", "base_url: https://a.org:99999/"), "site.yaml:2",
         "port"),
    Slip("site-base-url-user", replaced(SITE, "base_url: /", "base_url: https://me:pw@a.org/"), "site.yaml:2",
         "user name"),
    Slip("site-base-url-no-scheme", replaced(SITE, "base_url: /", "base_url: //a.org/repo/"), "site.yaml:2",
         "no http"),
    Slip("site-unclosed-quote", replaced(SITE, "title: Catalogue", 'title: "Catalogue'), "site.yaml:1",
         "never closed"),
    Slip("site-duplicate-key", {SITE: BASE[SITE] + "language: es\n"}, "site.yaml:4", "duplicate key"),
    Slip("site-tab-indent", {SITE: BASE[SITE] + "markdown:\n\thtml: true\n"}, "site.yaml:5", "tab"),
    Slip("site-markdown-not-bool", {SITE: BASE[SITE] + "markdown:\n  html: maybe\n"}, "site.yaml:5",
         "true or false"),
    Slip("site-nav-missing-url", {SITE: BASE[SITE] + "nav:\n  - {title: Home}\n"}, "site.yaml:5", "'url'"),
    Slip("site-nav-javascript", {SITE: BASE[SITE] + "nav:\n  - {title: X, url: 'javascript:alert(1)'}\n"},
         "site.yaml:5", "http(s)"),
    Slip("site-alias", {SITE: BASE[SITE] + "author: &a Me\nlicense: *a\n"}, "site.yaml:4", "aliases"),
    Slip("site-python-tag", replaced(SITE, "title: Catalogue", "title: !!python/object/apply:os.system [x]"),
         "site.yaml:1", "not allowed"),
    # front matter
    Slip("article-impossible-date", replaced(ONE, "date: 2025-01-02", "date: 2025-13-45"), f"{ONE}:3",
         "not a real date"),
    Slip("article-unknown-key", replaced(ONE, "tags:", "tgas:"), f"{ONE}:4", "did you mean 'tags'"),
    Slip("article-no-front-matter", {ONE: "Just text.\n"}, f"{ONE}:1", "no front matter"),
    Slip("article-front-matter-open", {ONE: "---\ntitle: One\n\nText.\n"}, f"{ONE}:1", "never closed"),
    Slip("article-bad-tag", replaced(ONE, "tags: [diplomacy]", "tags: [Not A Tag]"), f"{ONE}:4", "not a valid id"),
    Slip("article-draft-not-bool", replaced(ONE, "tags:", "draft: maybe\ntags:"), f"{ONE}:4", "true or false"),
    Slip("article-language", replaced(ONE, "tags:", "language: spanish\ntags:"), f"{ONE}:4", "'es'"),
    Slip("article-translation-unknown", replaced(ONE, "tags:", "language: es\ntranslation_of: articles/tow.md\ntags:"),
         f"{ONE}:5", "did you mean 'articles/two.md'"),
    Slip("article-translation-same-language", replaced(ONE, "tags:", "translation_of: articles/two.md\ntags:"),
         f"{ONE}:4", "same language"),
    Slip("site-languages-without-its-own", {SITE: BASE[SITE] + "languages: [es]\n"}, "site.yaml:4",
         "does not list the site's own language"),
    Slip("timeline-translation-unknown", {"content/timelines/main.yaml": "language: es\ntranslation_of: timelines/mian.yaml\n"
                                          + BASE["content/timelines/main.yaml"]},
         "content/timelines/main.yaml:2", "no timeline of this site"),
    Slip("article-unknown-timeline", replaced(ONE, "timeline: main", "timeline: mian"), f"{ONE}:5", "mian"),
    Slip("article-unknown-event", replaced(ONE, "events: [first]", "events: [frist]"), f"{ONE}:6", "frist"),
    Slip("article-unknown-source", replaced(ONE, "[@src-a]", "[@src-b]"), f"{ONE}:8", "src-b"),
    Slip("article-unknown-event-link", replaced(ONE, "(timeline:first)", "(timeline:frist)"), f"{ONE}:8",
         "frist"),
    Slip("article-same-slug", {"content/articles/three.md": "---\ntitle: One\n---\nText.\n"},
         "content/articles/three.md:1", "slug"),
    Slip("page-reserved-slug", {"content/pages/about.md": "---\ntitle: Sources\n---\nText.\n"},
         "content/pages/about.md:1", "used by the site"),
    Slip("article-not-utf8", {}, f"{ONE}:2", "UTF-8",
         setup=lambda site: (site / ONE).write_bytes(b"---\ntitle: Caf\xe9\n---\n")),
    # seed article and its sidecar
    Slip("seed-sidecar-unknown-key",
         {"content/articles/seed.txt": "A headline for the seed\n\nThe first paragraph of the seed article.\n",
          "content/articles/seed.yaml": "title: A headline for the seed\ndate: 2025-02-01\ntitel: x\n"},
         "content/articles/seed.yaml:3", "unknown key 'titel'"),
    Slip("seed-sidecar-language-name",
         {"content/articles/seed.txt": "A headline for the seed\n\nThe first paragraph of the seed article.\n",
          "content/articles/seed.yaml": "title: A headline for the seed\nlanguage: spanish\n"},
         "content/articles/seed.yaml:2", "did you mean 'es'?"),
    Slip("seed-sidecar-phrase-not-found",
         {"content/articles/seed.txt": "A headline for the seed\n\nThe first paragraph of the seed article.\n",
          "content/articles/seed.yaml": "title: A headline for the seed\nreading:\n  keep: [\"first paragrph\"]\n"},
         "content/articles/seed.yaml:3", "the closest is line 3"),
    # timeline
    Slip("timeline-impossible-date", replaced(TIMELINE, "date: 2019-01-02", "date: 2019-02-30"), f"{TIMELINE}:4",
         "not a real date"),
    Slip("timeline-duplicate-key", replaced(TIMELINE, "    title: First\n", "    title: First\n    title: Again\n"),
         f"{TIMELINE}:6", "duplicate key"),
    Slip("timeline-duplicate-id", replaced(TIMELINE, "id: second", "id: first"), f"{TIMELINE}:7", "duplicate"),
    Slip("timeline-unknown-era", replaced(TIMELINE, "    title: Second\n", "    title: Second\n    era: old\n"),
         f"{TIMELINE}:10", "unknown era"),
    Slip("timeline-unclosed-quote", replaced(TIMELINE, "title: Main", 'title: "Main'), f"{TIMELINE}:1",
         "never closed"),
    Slip("timeline-end-before-start", replaced(TIMELINE, "date: 2020-05\n", "date: 2020-05\n    end: 2019\n"),
         f"{TIMELINE}:9", "ends before"),
    Slip("timeline-empty", {TIMELINE: ""}, f"{TIMELINE}:1", "empty"),
    Slip("timeline-yaml-and-yml", {"content/timelines/main.yml": BASE[TIMELINE]},
         "content/timelines/main.yml:1", "main.yaml"),
    Slip("timeline-bad-tag", replaced(TIMELINE, "    title: Second\n", "    title: Second\n    tags: [Big One]\n"),
         f"{TIMELINE}:10", "big-one"),
    Slip("timeline-unknown-source", replaced(TIMELINE, "sources: [src-a]", "sources: [src-a, src-z]"),
         f"{TIMELINE}:6", "src-z"),
    # sources
    Slip("sources-unclosed-quote",
         {SOURCES: 'src-a:\n  title: "A report\n  publisher: A paper\n  note: "A note."\n'},
         f"{SOURCES}:2", "never closed"),
    Slip("sources-duplicate-key", {SOURCES: BASE[SOURCES] + "  title: Again\n"}, f"{SOURCES}:5", "duplicate key"),
    # a quoted value that rightly goes on over two lines is not blamed for a later mistake
    Slip("sources-stray-line-after-a-long-quote",
         {SOURCES: "src-a:\n  note: 'A note that goes on\n    over two lines.'\n  publisher: A paper\n"
                   "  title: A report\nsrc-b:\n    (slug)\n  publisher: B paper\n"}, f"{SOURCES}:8", "mapping values"),
    Slip("sources-missing-publisher", replaced(SOURCES, "  publisher: A paper\n", ""), f"{SOURCES}:1",
         "publisher"),
    Slip("sources-bad-url", replaced(SOURCES, "https://example.org/a", "ftp://example.org/a"), f"{SOURCES}:4",
         "http"),
    Slip("sources-bad-kind", {SOURCES: BASE[SOURCES] + "  kind: newz\n"}, f"{SOURCES}:5", "kind"),
    Slip("sources-yml", {"content/sources.yml": BASE[SOURCES], SOURCES: None}, "content/sources.yml:1",
         "sources.yaml"),
    # templates
    Slip("template-syntax", {"templates/article.html": "{% extends 'base.html' %}{% block content %}{{ x }{% endblock %}\n"},
         "templates/article.html:1", "syntax"),
    Slip("template-undefined", {"templates/page.html": PAGE_TEMPLATE.replace(
        "{% block main %}", "{% block main %}{{ page.titel }}", 1)},
         f"templates/page.html:{PAGE_CONTENT_LINE}", "page.titel"),
    # the computer
    Slip("out-under-a-file", {"afile": "x"}, "afile:1", "a file stands where a folder should be",
         args=("--out", "{site}/afile/sub")),
    Slip("site-yaml-is-a-folder", {}, "site.yaml:1", "a folder stands where the file", setup=folder_at(SITE)),
    Slip("site-yaml-is-a-pipe", {}, "site.yaml:1", "not a plain file", setup=pipe_at(SITE)),
    Slip("content-is-a-file", {}, "content:1", "a file stands where the folder content/",
         setup=file_at("content")),
    Slip("articles-is-a-file", {}, "content/articles:1", "a file stands where the folder",
         setup=file_at("content/articles")),
    Slip("pages-is-a-file", {}, "content/pages:1", "a file stands where the folder", setup=file_at("content/pages")),
    Slip("timelines-is-a-file", {}, "content/timelines:1", "a file stands where the folder",
         setup=file_at("content/timelines")),
    Slip("article-is-a-folder", {}, "content/articles/three.md:1", "a folder stands where the file",
         setup=folder_at("content/articles/three.md")),
    Slip("article-is-a-pipe", {}, "content/articles/three.md:1", "not a plain file",
         setup=pipe_at("content/articles/three.md")),
    Slip("article-links-to-nothing", {}, "content/articles/three.md:1", "a link to nothing",
         setup=link_to_nothing("content/articles/three.md")),
    Slip("home-is-a-folder", {}, "content/index.md:1", "a folder stands where the file",
         setup=folder_at("content/index.md")),
    Slip("timeline-is-a-folder", {}, f"{TIMELINE}:1", "a folder stands where the file", setup=folder_at(TIMELINE)),
    Slip("sources-is-a-folder", {}, f"{SOURCES}:1", "a folder stands where the file", setup=folder_at(SOURCES)),
    Slip("sources-is-a-pipe", {}, f"{SOURCES}:1", "not a plain file", setup=pipe_at(SOURCES)),
    Slip("seed-sidecar-is-a-folder",
         {"content/articles/seed.txt": "A headline for the seed\n\nThe first paragraph of the seed article.\n"},
         "content/articles/seed.yaml:1", "a folder stands where the file",
         setup=folder_at("content/articles/seed.yaml")),
    Slip("templates-is-a-file", {}, "templates:1", "a file stands where the folder templates/",
         setup=file_at("templates")),
    Slip("static-is-a-file", {}, "templates/static:1", "a file stands where the folder",
         setup=file_at("templates/static")),
    Slip("template-is-a-pipe", {"templates/.keep": ""}, "templates/page.html:1", "not a plain file",
         setup=pipe_at("templates/page.html")),
    Slip("article-unreadable", {}, f"{ONE}:1", "permission denied", refused=ONE),
    Slip("sources-unreadable", {}, f"{SOURCES}:1", "permission denied", refused=SOURCES),
    Slip("articles-folder-unreadable", {}, "content/articles:1", "permission denied", refused="content/articles"),
    Slip("timelines-folder-unreadable", {}, "content/timelines:1", "permission denied",
         refused="content/timelines"),
    Slip("templates-folder-unreadable", {"templates/.keep": ""}, "templates:1", "permission denied",
         refused="templates"),
]


@pytest.mark.parametrize("slip", SLIPS, ids=[slip.name for slip in SLIPS])
def test_one_slip_gives_one_error_at_its_place(slip: Slip, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site", slip.files)
    if slip.setup:
        slip.setup(site)
    if slip.refused:
        refuse_to_open(monkeypatch, site / slip.refused)
    args = [arg.replace("{site}", str(site)) for arg in slip.args]
    code, out, err = run(["build", str(site), *args], capsys)
    assert code == 1, out + err
    assert "internal error" not in err and "Traceback" not in err
    errors = located(err, "error")
    assert len(errors) == 1, err
    path, line = slip.where.rsplit(":", 1)
    assert (errors[0]["path"], errors[0]["line"]) == (path, line), err
    assert slip.says in err.splitlines()[err.splitlines().index(errors[0].string)] + err, err
    assert located(err, "warning") == [], err
    assert err.splitlines()[-1] == "1 error: nothing was written"
    assert not (site / "public").exists()


def refuse_to_open(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    """The system refuses to open or list `refused`, as it would a file or folder without read permission."""
    real_open, real_scandir = os.open, os.scandir

    def guarded(path: str | os.PathLike[str], *args: object, **kwargs: object) -> int:
        if os.path.abspath(path) == str(refused):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def guarded_listing(path: str | os.PathLike[str] = ".") -> object:
        if os.path.abspath(path) == str(refused):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "open", guarded)
    monkeypatch.setattr(os, "scandir", guarded_listing)


@dataclass(frozen=True)
class Link:
    name: str
    files: dict[str, str | None]
    where: str
    """`path:line:col` of the address as written."""
    hint: str
    severity: str = "error"


TWO = "content/articles/two.md"
ABOUT = "content/pages/about.md"
NAV = SITE, BASE[SITE] + "nav:\n  - {title: Home, url: /}\n  - {title: About, url: /abut/}\n"

LINKS = [
    Link("nav-entry", dict([NAV]), "site.yaml:6:25", "did you mean '/about/'?"),
    Link("markdown-link", replaced(TWO, "More text", "See [one](/articles/oen/). More text"), f"{TWO}:5:11",
         "did you mean '/articles/one/'?"),
    Link("reference-definition", {TWO: BASE[TWO] + "\nSee [the first][1].\n\n[1]: /articles/oen/\n"},
         f"{TWO}:9:6", "did you mean '/articles/one/'?"),
    Link("image-path", {ABOUT: BASE[ABOUT] + "\n![A map](/static/mpa.png)\n", "templates/static/map.png": "png"},
         f"{ABOUT}:6:10", "did you mean '/static/map.png'?"),
    Link("anchor", {TWO: BASE[TWO] + "\n## What happened\n\nSee [above](#what-happend).\n"}, f"{TWO}:9:13",
         "did you mean '#what-happened'?"),
    Link("anchor-on-another-page", {ABOUT: BASE[ABOUT] + "\n## Who we are\n",
                                    TWO: BASE[TWO] + "See [us](/about/#who-we-were).\n"}, f"{TWO}:6:10",
         "did you mean '#who-we-are'?"),
    Link("relative-without-parent", replaced(TWO, "More text", "See [one](one/). More text"), f"{TWO}:5:11",
         "did you mean '/articles/one/'?"),
    Link("external-image", {ABOUT: BASE[ABOUT] + "\n![A map](https://maps.example.com/m.png)\n"}, f"{ABOUT}:6:10",
         "copy the image into the site (templates/static/) and link it as /static/NAME", severity="warning"),
    # Markdown held in YAML: placed in the YAML file, even in a folded value
    Link("timeline-event-summary", {TIMELINE: BASE[TIMELINE] + "    summary: See [one](/articles/oen/).\n"},
         f"{TIMELINE}:10:24", "did you mean '/articles/one/'?"),
    Link("timeline-folded-summary",
         {TIMELINE: BASE[TIMELINE] + "    summary: >-\n      Some words and\n      [one](/articles/oen/).\n"},
         f"{TIMELINE}:12:13", "did you mean '/articles/one/'?"),
    Link("timeline-description", replaced(TIMELINE, "title: Main\n", "title: Main\ndescription: See [about](/abuot/).\n"),
         f"{TIMELINE}:2:26", "did you mean '/about/'?"),
    Link("source-note", {SOURCES: BASE[SOURCES] + "  note: Read [the timeline](/timeline/#secnd).\n"},
         f"{SOURCES}:5:29", "did you mean '#second'?"),
    Link("source-note-external-image", {SOURCES: BASE[SOURCES] + "  note: A map ![map](https://maps.example.com/m.png)\n"},
         f"{SOURCES}:5:22", "copy the image into the site (templates/static/) and link it as /static/NAME",
         severity="warning"),
    Link("seed-sidecar-note",
         {"content/articles/seed.txt": "A headline for the seed\n\nThe first paragraph of the seed article.\n",
          "content/articles/seed.yaml": "title: A headline for the seed\nnotes:\n  - quote: first paragraph\n"
                                        "    note: See [about](/abuot/).\n"},
         "content/articles/seed.yaml:4:23", "did you mean '/about/'?"),
    # anchors into pages the templates make, against the ids they publish
    Link("anchor-on-the-timeline-page", {TWO: BASE[TWO] + "See [it](/timeline/#frist).\n"}, f"{TWO}:6:10",
         "did you mean '#first'?"),
    Link("anchor-on-a-year-heading", {TWO: BASE[TWO] + "See [it](/timeline/#year-2091).\n"}, f"{TWO}:6:10",
         "did you mean '#year-2019'?"),
    Link("anchor-on-the-sources-page", {TWO: BASE[TWO] + "See [it](/sources/#src-b).\n"}, f"{TWO}:6:10",
         "did you mean '#src-a'?"),
    Link("anchor-on-the-home-page", {TWO: BASE[TWO] + "See [the list](/#artcles-heading).\n"}, f"{TWO}:6:16",
         "did you mean '#articles-heading'?"),
]


@pytest.mark.parametrize("link", LINKS, ids=[link.name for link in LINKS])
def test_a_broken_link_is_one_error_at_its_address(link: Link, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", link.files)
    code, out, err = run(["build", str(site)], capsys)
    assert "internal error" not in err and "Traceback" not in err
    told = located(err, link.severity)
    assert [m.string for m in told] == [m.string for m in located(err, "error") + located(err, "warning")], err
    assert len(told) == 1, err
    assert told[0].string.startswith(f"{link.where}: {link.severity}: "), err
    lines = err.splitlines()
    assert lines[lines.index(told[0].string) + 1] == f"  hint: {link.hint}", err
    assert code == (1 if link.severity == "error" else 0), out + err
    assert (site / "public").exists() == (link.severity == "warning")


def test_links_resolve_as_github_pages_serves_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without its trailing slash, with index.html, relative, on the site's own host: all lead somewhere."""
    site = write_site(tmp_path / "site", {
        SITE: BASE[SITE].replace("base_url: /", "base_url: https://news.example.org/explainer/"),
        TWO: BASE[TWO] + (
            "\n## Later\n\n[About](/about) [one](../one) [one again](/articles/one/index.html) "
            "[home](/) [feed](/feed.xml) [later](#later) [about, in full](https://news.example.org/explainer/about/) "
            "[mail](mailto:desk@example.org) [elsewhere](https://example.org/x/)\n"),
    })
    code, _, err = run(["build", str(site)], capsys)
    assert code == 0 and err == "", err
    page = (site / "public" / "articles" / "two" / "index.html").read_text(encoding="utf-8")
    assert 'href="/explainer/about"' in page and 'href="../one"' in page


def test_a_link_check_follows_its_target_away_and_back(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The check is not kept from the last build: a page that goes away breaks the links to it at once."""
    site = write_site(tmp_path / "site", {TWO: BASE[TWO] + "See [about](/about/).\n"})
    assert run(["build", str(site)], capsys)[0] == 0
    about = (site / ABOUT).read_text(encoding="utf-8")
    (site / ABOUT).unlink()
    code, _, err = run(["build", str(site)], capsys)
    assert code == 1 and f"{TWO}:6:13: error: the link '/about/' leads to no page" in err, err
    (site / ABOUT).write_text(about, encoding="utf-8")
    assert run(["build", str(site)], capsys)[:3:2] == (0, "")


def test_an_edit_that_breaks_a_link_is_told_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An edit of one article's text alone (the quick rebuild's case) still has its links checked."""
    site = write_site(tmp_path / "site", {})
    assert run(["build", str(site)], capsys)[0] == 0
    (site / TWO).write_text(BASE[TWO] + "See [the first](/articles/on/).\n", encoding="utf-8")
    code, _, err = run(["build", str(site)], capsys)
    assert code == 1, err
    assert f"{TWO}:6:17: error: the link '/articles/on/' leads to no page" in err, err
    assert "hint: did you mean '/articles/one/'?" in err


def test_a_template_error_is_told_once_for_all_its_pages(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    extra = {f"content/articles/a{n}.md": f"---\ntitle: Article {n}\n---\nText.\n" for n in range(5)}
    site = write_site(tmp_path / "site", {
        **extra, "templates/article.html": "{% extends 'base.html' %}\n{% block content %}{{ x }{% endblock %}\n"})
    code, _, err = run(["build", str(site)], capsys)
    assert code == 1
    assert [m.string for m in located(err, "error")] == ["templates/article.html:2:1: error: template syntax: unexpected '}'"]


def test_references_to_a_file_that_failed_are_one_note(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", replaced(TIMELINE, "title: Main", 'title: "Main'))
    code, _, err = run(["check", str(site)], capsys)
    assert code == 1
    assert len(located(err, "error")) == 1
    assert "note: 1 reference to timeline events was not checked: content/timelines/main.yaml did not load" in err
    assert "note: 1 reference to timeline 'main' was not checked: it did not load" in err


def test_every_independent_slip_comes_out_in_one_build(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", {
        SITE: BASE[SITE].replace("title:", "titel:"),
        ONE: BASE[ONE].replace("date: 2025-01-02", "date: 2025-13-45").replace("tags:", "tgas:"),
        "content/articles/two.md": "---\ntitle: Two\n\nNo closing fence.\n",
        TIMELINE: BASE[TIMELINE].replace("date: 2019-01-02", "date: 2019-02-30").replace("id: second", "id: first")
        + "title: Again\n",
        SOURCES: BASE[SOURCES] + "  kind: newz\n",
        "afile": "a file where --out needs a folder\n",
    })
    code, _, err = run(["build", str(site), "--out", str(site / "afile" / "out")], capsys)
    assert code == 1
    found = [(m["path"], int(m["line"])) for m in located(err, "error")]
    assert found == [
        ("afile", 1), (ONE, 3), (ONE, 4), ("content/articles/two.md", 1), (SOURCES, 5),
        (TIMELINE, 4), (TIMELINE, 7), (TIMELINE, 10), (SITE, 1),
    ], err
    assert err.splitlines()[-1] == f"{len(found)} errors: nothing was written"


def test_slips_in_config_templates_and_yaml_links_come_out_in_one_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A template that does not compile and a broken link are told beside the other files' mistakes."""
    site = write_site(tmp_path / "site", {
        SITE: BASE[SITE].replace("language: en", "language: english"),
        TIMELINE: BASE[TIMELINE] + "    summary: See [one](/articles/oen/).\n",
        SOURCES: BASE[SOURCES] + "  note: Read [the timeline](/timeline/#secnd).\n",
        "templates/page.html": "{% extends 'base.html' %}\n{% block main %}{{ x }{% endblock %}\n",
    })
    code, _, err = run(["build", str(site)], capsys)
    assert code == 1
    found = [(m["path"], int(m["line"])) for m in located(err, "error")]
    assert found == [(SOURCES, 5), (TIMELINE, 10), (SITE, 3), ("templates/page.html", 2)], err
    assert located(err, "warning") == [] and "internal error" not in err


def test_a_link_that_may_lead_to_a_file_that_failed_is_a_note(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """An article that fails to load makes no page: a link to it is not told as broken."""
    site = write_site(tmp_path / "site", {
        ONE: BASE[ONE].replace("date: 2025-01-02", "date: 2025-13-45").replace("title: One", "titel: One"),
        TWO: BASE[TWO] + "See [the first](/articles/one/).\n",
    })
    code, _, err = run(["build", str(site)], capsys)
    assert code == 1
    assert [(m["path"], int(m["line"])) for m in located(err, "error")] == [(ONE, 2), (ONE, 3)], err
    assert "note: 1 reference to pages of the site was not checked" in err


def test_an_event_dated_9999_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", replaced(TIMELINE, "date: 2020-05", "date: 9999-12-31"))
    code, _, err = run(["build", str(site)], capsys)
    assert code == 0, err


def test_an_idn_domain_is_written_as_punycode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = write_site(tmp_path / "site", {SITE: BASE[SITE] + "domain: bücher.example\n"})
    code, _, err = run(["build", str(site)], capsys)
    assert code == 0, err
    assert (site / "public" / "CNAME").read_text(encoding="utf-8").strip() == "xn--bcher-kva.example"


SHOWCASE_REPO = "https://github.com/example/showcase"
SHOWCASE_EXPLAINER = "content/explainers/maduro-trump"
"""The showcase is one explainer: its articles, timeline and sources are in this folder."""
"""The repository the Pages workflow would give (a check without one warns)."""


def copy_showcase(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(ROOT / "site.yaml", folder / "site.yaml")
    shutil.copytree(ROOT / "content", folder / "content")
    if (ROOT / "templates").is_dir():
        shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


@pytest.mark.parametrize("slip", ["impossible-date", "unclosed-quote"])
def test_the_showcase_with_one_slip_in_its_timeline_gives_one_error(slip: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_showcase(tmp_path / "showcase")
    code, _, clean = run(["check", str(site), "--repo-url", SHOWCASE_REPO], capsys)
    assert code == 0, clean
    timeline = next((site / SHOWCASE_EXPLAINER / "timelines").glob("*.yaml"))
    text = timeline.read_text(encoding="utf-8")
    if slip == "impossible-date":
        text, count = re.subn(r"(?m)^(    date: )\d{4}-\d{2}-\d{2}$", r"\g<1>2019-02-30", text, count=1)
    else:
        text, count = re.subn(r"(?m)^(title: )(.*)$", r'\1"\2', text, count=1)
    assert count == 1
    timeline.write_text(text, encoding="utf-8")
    code, _, err = run(["check", str(site), "--repo-url", SHOWCASE_REPO], capsys)
    assert code == 1
    assert len(located(err, "error")) == 1, err
    assert located(err, "error")[0]["path"] == f"{SHOWCASE_EXPLAINER}/timelines/{timeline.name}"
    assert located(err, "warning") == located(clean, "warning") == [], err


def test_the_showcase_with_one_unclosed_quote_in_its_sources_gives_one_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = copy_showcase(tmp_path / "showcase")
    sources = site / SHOWCASE_EXPLAINER / "sources.yaml"
    lines = sources.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if re.match(r'^  title: ".*"$', line) and i > 20)
    lines[index] = lines[index][:-1]
    sources.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = run(["check", str(site), "--repo-url", SHOWCASE_REPO], capsys)
    assert code == 1
    errors = located(err, "error")
    assert [(m["path"], int(m["line"])) for m in errors] == [(f"{SHOWCASE_EXPLAINER}/sources.yaml", index + 1)], err
    assert "never closed" in err and located(err, "warning") == []


SHOWCASE_YAML = ["site.yaml", f"{SHOWCASE_EXPLAINER}/explainer.yaml", f"{SHOWCASE_EXPLAINER}/sources.yaml",
                 f"{SHOWCASE_EXPLAINER}/timelines/venezuela.yaml",
                 f"{SHOWCASE_EXPLAINER}/articles/000_642dee8fc35c6c3c.yaml", "content/pages/about.md",
                 "content/index.md"]
"""The showcase's YAML: its config, its explainer's front page, registry, timeline and seed sidecar,
and two front matters."""

ENTRY = re.compile(r"^(?P<indent> *)(?P<item>- )?(?P<key>[a-z_]+): (?P<value>\S.*)$")
BLOCK_START = re.compile(r":\s*[>|][-+]?\s*$")


@dataclass(frozen=True)
class Mutation:
    kind: str
    line: int
    """1-based line of the file the slip is on (the error's line)."""
    text: str
    """The whole file with the slip."""


def yaml_entries(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    """(index, match) of each `key: value` line outside block scalars (> and | text) and front matter fences."""
    found, block_indent = [], None
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        match = ENTRY.match(line)
        if BLOCK_START.search(line):
            block_indent = indent + (2 if line.lstrip().startswith("- ") else 0)
            continue
        if match and not match["value"].startswith(("[", "{", "&", "*", "!", "#", "|", ">")):
            found.append((index, match))
    return found


def mutations(text: str, per_kind: int) -> list[Mutation]:
    """Slips an editor makes, each on its own, spread over the file (a fixed sample, the same every run)."""
    lines = text.split("\n")
    if lines[0] == "---":  # front matter: only its lines
        end = lines.index("---", 1)
        entries = [(i, m) for i, m in yaml_entries(lines[: end]) if i > 0]
    else:
        entries = yaml_entries(lines)

    def spread(candidates: list[tuple[int, re.Match[str]]]) -> list[tuple[int, re.Match[str]]]:
        step = max(1, len(candidates) // per_kind)
        return candidates[step // 2::step][:per_kind]

    def with_line(index: int, new: list[str]) -> str:
        return "\n".join(lines[:index] + new + lines[index + 1:])

    made = []
    for index, match in spread([(i, m) for i, m in entries if not m["item"]]):
        copy = f"{match['indent']}{match['key']}: {match['value']}"
        made.append(Mutation("duplicate-key", index + 2, with_line(index, [lines[index], copy])))
    for index, match in spread([(i, m) for i, m in entries if '"' not in m["value"] and "'" not in m["value"]]):
        opened = lines[index][: match.start("value")] + '"' + match["value"]
        made.append(Mutation("unclosed-quote", index + 1, with_line(index, [opened])))
    for index, match in spread([(i, m) for i, m in entries if re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["value"])]):
        made.append(Mutation("impossible-date", index + 1,
                             with_line(index, [lines[index][: match.start("value")] + match["value"][:5] + "02-30"])))
    for index, match in spread([(i, m) for i, m in entries if len(m["key"]) > 3]):
        misspelt = lines[index][: match.start("key")] + match["key"][:-2] + match["key"][-1] + match["key"][-2] + \
            lines[index][match.end("key"):]
        made.append(Mutation("misspelt-key", index + 1, with_line(index, [misspelt])))
    return made


@pytest.mark.parametrize("name", SHOWCASE_YAML)
def test_the_showcase_with_one_slip_anywhere_in_its_yaml_gives_one_error(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each slip of a fixed sample of lines of the file, one at a time: one error, at the slip's
    line, and no warning the clean showcase does not give too."""
    site = copy_showcase(tmp_path / "showcase")
    code, _, clean = run(["check", str(site)], capsys)
    assert code == 0, clean
    warnings = sorted(m.string for m in located(clean, "warning"))
    original = (site / name).read_text(encoding="utf-8")
    slips = mutations(original, per_kind=2)
    assert len(slips) >= 4, name
    wrong = []
    for slip in slips:
        (site / name).write_text(slip.text, encoding="utf-8")
        code, _, err = run(["check", str(site)], capsys)
        errors = [(m["path"], int(m["line"])) for m in located(err, "error")]
        if code != 1 or errors != [(name, slip.line)] or sorted(m.string for m in located(err, "warning")) != warnings \
                or "internal error" in err:
            wrong.append(f"{slip.kind} at line {slip.line}:\n{err}")
    (site / name).write_text(original, encoding="utf-8")
    assert not wrong, "\n".join(wrong)
