"""Incremental builds are never stale: after any change, the output equals a full build's, byte for byte.

Each case builds the cache fixture, changes one kind of input, builds again (an incremental
build: it reuses .cache/ and updates public/ in place), then builds a fresh copy of the
changed site with no cache and compares the two output folders, every file and folder.
The summary line's "(N files changed)" shows that the cache was really used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import (CliResult, ROOT, assert_change_built_as_cold, assert_same_as_cold, build_in_process,
                            build_site, cold_build, copy_fixture, edit, run_cli, tree)

FIXTURE = "cache-site"
PLAIN = "content/articles/plain.md"
NEWEST = "content/articles/background.md"
SUMMARY = re.compile(r"^built ([\d,]+) pages \(([\d,]+) files? changed\) in \d+\.\d\d s")


def written_files(out: Path) -> int:
    """The files a build writes in `out`: all but its marker and the search index (its own stage, search.py)."""
    return len([v for v in tree(out).values() if v != "folder"]) - 1


def changed(result: CliResult) -> int:
    match = SUMMARY.match(result.stdout)
    assert match, result.stdout + result.stderr
    return int(match.group(2).replace(",", ""))


def write(site: Path, rel: str, text: str) -> None:
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The fixture, built once (cold), in the test process: the builds under test are the next ones."""
    site = copy_fixture(FIXTURE, tmp_path)
    first = build_in_process(site)
    assert first.code == 0, first.stderr
    assert changed(first) == written_files(site / "public")
    return site


CHANGES: dict[str, tuple[Callable[[Path], None], int | None]] = {
    # name: (the change, how many files it must rewrite; None when that is not the point)
    "article body": (lambda s: edit(s, PLAIN, "- two", "- two\n- three"), 1),
    "article title (index, feed, URL)": (lambda s: edit(s, PLAIN, "title: A plain article",
                                                        "title: A plainer article"), None),
    "newest article body (shown on the home page)": (
        lambda s: edit(s, NEWEST, "kept their statements short", "said little"), 2),
    "newest article title (listed on the about page)": (
        lambda s: edit(s, NEWEST, "title: How the storm unfolded", "title: How the storm went"), None),
    "article date (the order of the lists)": (lambda s: edit(s, PLAIN, "date: 2025-10-01", "date: 2025-12-01"),
                                              None),
    "template": (lambda s: edit(s, "templates/page.html", "articles, the newest", "articles; the newest"), 1),
    "partial a template includes": (lambda s: edit(s, "templates/partials/byline.html", "}}</time>",
                                                   "}} (dated)</time>"), None),
    "new template overriding the theme's": (
        lambda s: write(s, "templates/404.html", '{% extends "base.html" %}{% block title %}Lost{% endblock %}'
                                                 '{% block description %}Lost{% endblock %}'
                                                 '{% block main %}<h1>Nothing here</h1>{% endblock %}\n'), 1),
    "template removed (the theme's again)": (lambda s: (s / "templates/page.html").unlink(), 1),
    "site.yaml": (lambda s: edit(s, "site.yaml", "title: Cache fixture", "title: Cache fixture, renamed"), None),
    "a source": (lambda s: edit(s, "content/sources.yaml", "publisher: Reuters", "publisher: Reuters News"), None),
    "a timeline event": (lambda s: edit(s, "content/timelines/storms.yaml", "title: The storm reaches the coast",
                                        "title: The storm makes landfall"), None),
    "a timeline event's tags (which backgrounds show it)": (
        lambda s: edit(s, "content/timelines/storms.yaml", "tags: [weather, port]", "tags: [port]"), None),
    "static stylesheet": (lambda s: edit(s, "templates/static/style.css", "#444", "#333"), None),
    "seed article text": (lambda s: edit(s, "content/articles/storm.txt", "Residents said the storm",
                                         "Residents said this storm"), None),
    "seed sidecar note": (lambda s: edit(s, "content/articles/storm.yaml", "The port reopened on Saturday.",
                                         "The port reopened on Sunday."), 1),
    "home page": (lambda s: edit(s, "content/index.md", "Start with", "Begin with"), 1),
    "page": (lambda s: edit(s, "content/pages/about.md", "one article", "a single article"), 1),
    "deleted article": (lambda s: (s / PLAIN).unlink(), None),
    "added article": (lambda s: write(s, "content/articles/added.md",
                                      "---\ntitle: Added later\ndate: 2025-11-20\n---\nNew *text*.\n"), None),
    "draft published": (lambda s: edit(s, "content/articles/draft.md", "draft: true", "draft: false"), None),
    "article file renamed": (lambda s: (s / PLAIN).rename(s / "content/articles/renamed.md"), 0),
    "files touched, not changed": (lambda s: [os.utime(p) for top in ("site.yaml", "content", "templates")
                                              for p in [s / top, *(s / top).rglob("*")] if p.is_file()], 0),
}


def assert_change_rewrote(site: Path, tmp_path: Path, change: Callable[[Path], None],
                          expected: int | None) -> None:
    """`change` made to a built site, then built as a cold build would (conftest): `expected` files
    rewritten (None: some, not all)."""
    before = tree(site / "public")
    result = assert_change_built_as_cold(site, tmp_path, change)
    count = changed(result)
    if expected is not None:
        assert count == expected, result.stdout
    else:
        assert 0 < count < len(before), result.stdout  # not nothing, and not a full rebuild


@pytest.mark.parametrize("name", CHANGES)
def test_incremental_build_equals_a_full_build(name: str, site: Path, tmp_path: Path) -> None:
    assert_change_rewrote(site, tmp_path, *CHANGES[name])
    assert not [p for p in (site / "public").rglob("*") if "explainer-new" in p.name]


def test_nothing_changed_is_quick_and_says_so(site: Path) -> None:
    result = build_site(site)
    assert result.code == 0 and changed(result) == 0, result.stdout
    pages = int(SUMMARY.match(result.stdout).group(1))
    assert pages == len([p for p in tree(site / "public") if p.endswith(".html")])


def test_a_failing_change_keeps_public_and_its_revert_builds_like_before(site: Path, tmp_path: Path) -> None:
    before = tree(site / "public")
    text = (site / PLAIN).read_text(encoding="utf-8")
    (site / PLAIN).write_text(text.replace("summary: Nothing but text.\n---\n", "summary: Nothing but text.\n"),
                              encoding="utf-8")
    failed = build_site(site)
    assert failed.code == 1 and "content/articles/plain.md:1:1: error: the front matter is never closed" \
        in failed.stderr
    assert tree(site / "public") == before
    assert build_site(site).code == 1  # still failing: a failed build is never taken for a good one
    (site / PLAIN).write_text(text, encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert tree(site / "public") == before
    assert_same_as_cold(site, tmp_path)


def test_a_template_error_is_reported_again_until_fixed(site: Path) -> None:
    edit(site, "templates/page.html", "{{ page.title }}</h1>", "{{ page.titel }}</h1>")
    for _ in range(2):
        result = build_site(site)
        assert result.code == 1
        assert "templates/page.html:6:1: error: template uses 'page.titel', which is not defined" in result.stderr


def test_warnings_are_told_again_when_nothing_changed(site: Path) -> None:
    edit(site, NEWEST, "tags: [weather]", "tags: [drought]")
    first = build_site(site)
    warning = ("content/articles/background.md:1:1: warning: no event of timeline 'storms' has any of the "
               "tags drought")
    assert first.code == 0 and warning in first.stderr
    again = build_site(site)
    assert changed(again) == 0 and warning in again.stderr and again.stdout.endswith(", 1 warning\n")


def test_warnings_of_other_documents_are_told_after_a_one_article_build(site: Path) -> None:
    edit(site, NEWEST, "tags: [weather]", "tags: [drought]")
    warning = ("content/articles/background.md:1:1: warning: no event of timeline 'storms' has any of the "
               "tags drought")
    assert warning in build_site(site).stderr
    edit(site, PLAIN, "- two", "- two, said again")  # its own page only: the quick path
    again = build_site(site)
    assert again.code == 0 and changed(again) == 1
    assert warning in again.stderr and again.stdout.endswith(", 1 warning\n")


def test_build_options_each_keep_their_own_output(site: Path, tmp_path: Path) -> None:
    drafts = build_site(site, "--drafts")
    assert drafts.code == 0 and (site / "public/articles/a-draft-in-progress/index.html").exists()
    assert_same_as_cold(site, tmp_path, "--drafts")
    based = build_site(site, "--base-url", "https://example.org/other/")
    assert based.code == 0 and not (site / "public/articles/a-draft-in-progress").exists()
    assert_same_as_cold(site, tmp_path, "--base-url", "https://example.org/other/")
    other = site / "other-out"
    elsewhere = build_site(site, "--out", str(other))
    assert elsewhere.code == 0
    assert tree(other) == tree(cold_build(site, tmp_path).out)
    edit(site, PLAIN, "- two", "- two\n- three")
    assert changed(build_site(site, "--out", str(other))) == 1
    assert tree(other) == tree(cold_build(site, tmp_path).out)


def test_a_deleted_or_replaced_output_folder_is_built_whole(site: Path, tmp_path: Path) -> None:
    shutil.rmtree(site / "public")
    assert build_site(site).code == 0
    assert_same_as_cold(site, tmp_path)
    shutil.rmtree(site / "public")
    shutil.copytree(cold_build(site, tmp_path).out, site / "public")  # another build's folder, same marker text
    edit(site, PLAIN, "- two", "- two\n- three")
    result = build_site(site)
    assert result.code == 0
    assert_same_as_cold(site, tmp_path)


NOTE = re.compile(r"^note: ignored \.cache/[\w.-]+ \(.+\): building what it held again$")


def flip_a_byte(data: bytes) -> bytes:
    """The same record with one letter of its content changed (a rendered page's text, say)."""
    at = data.rindex(b"e")
    return data[:at] + b"a" + data[at + 1:]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong shape", "empty", "one byte changed"])
def test_a_damaged_cache_is_ignored_with_one_quiet_line(damage: str, site: Path, tmp_path: Path) -> None:
    for path in (site / ".cache").iterdir():
        if path.is_file() and path.name != ".gitignore":
            data = path.read_bytes()
            path.write_bytes({"truncated": data[: len(data) // 2], "garbage": os.urandom(len(data)),
                              "wrong shape": b"0" * 32 + b'\n{"kind": "units"}\n[1, {"jobs": null}]', "empty": b"",
                              "one byte changed": flip_a_byte(data)}[damage])
    edit(site, PLAIN, "- two", "- two\n- three")
    result = build_site(site)
    assert result.code == 0 and "Traceback" not in result.stderr
    assert NOTE.match(result.stderr.strip()) and result.stderr.count("\n") == 1, result.stderr
    assert_same_as_cold(site, tmp_path)
    again = build_site(site)  # the cache was made again, whole
    assert changed(again) == 0 and again.stderr == ""


def test_nothing_in_a_received_cache_is_ever_run(site: Path, tmp_path: Path) -> None:
    """A .cache/ from someone else: pickled units and a compiled template (the formats builders
    used to keep there) that would each run a command when loaded."""
    import pickle

    from builder.incremental.cache import BuildCache
    from builder.render import THEME_DIR

    ran = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple:
            return (os.system, (f"touch {ran}",))

    cache = BuildCache(site, site / "public", None, False, True)
    sources = [name for name in cache.inputs.stamps if name.startswith("content/") and name.endswith(".md")]
    keys = [cache.unit_key(kind, name) for name in sources for kind in ("article", "page", "home")]
    bomb = pickle.dumps(Payload())
    for index in range(16):  # the old layout: marshal around pickles, for this site and this Python
        shard = {"format": (2, sys.version, os.path.realpath(site)),
                 "units": {key: bomb for key in keys if key[0] % 16 == index}}
        (site / ".cache" / f"units-{index:x}").write_bytes(marshal.dumps(shard))
    code = compile(f"import os\nos.system('touch {ran}')\n", "base.html", "exec")
    templates = site / ".cache" / "templates"
    templates.mkdir(exist_ok=True)
    for template in (THEME_DIR / "templates").rglob("*.html"):
        name = template.relative_to(THEME_DIR / "templates").as_posix()
        key = hashlib.sha1(name.encode("utf-8"))
        key.update(f"|{template}".encode("utf-8"))
        checksum = hashlib.sha1(template.read_bytes()).hexdigest()
        magic = b"j2" + pickle.dumps((7, sys.version_info[0] << 24 | sys.version_info[1]), 2)
        (templates / f"__jinja2_{key.hexdigest()}.cache").write_bytes(
            magic + pickle.dumps(checksum, 2) + marshal.dumps(code))
    shutil.rmtree(site / "public")  # every page made again: every unit and template looked up
    edit(site, PLAIN, "- two", "- two\n- three")
    for command in ("build", "check"):
        proc = run_cli(command, str(site))
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert not ran.exists(), f"{command} ran code from the site's .cache/"
    assert_same_as_cold(site, tmp_path)


def test_a_cache_from_another_user_or_computer_is_ignored(site: Path, tmp_path: Path) -> None:
    """Another user's records are sealed with another key: not one of them is used."""
    other = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "other-user")}
    everything = written_files(site / "public")
    edit(site, PLAIN, "- two", "- two\n- three")
    proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT, env=other,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and NOTE.match(proc.stderr.strip()), proc.stderr
    assert SUMMARY.match(proc.stdout) and f"({everything} files changed)" in proc.stdout  # all made again
    assert_same_as_cold(site, tmp_path)


@pytest.mark.parametrize("how", ["a file", "read-only"])
def test_a_cache_folder_that_cannot_be_written_only_makes_builds_slower(how: str, site: Path,
                                                                       tmp_path: Path) -> None:
    if how == "read-only" and os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    shutil.rmtree(site / ".cache")
    if how == "a file":
        (site / ".cache").write_text("not a folder\n", encoding="utf-8")
    else:
        (site / ".cache").mkdir()
        (site / ".cache").chmod(0o555)
    try:
        for change in ("- three", "- four"):
            edit(site, PLAIN, "- two", f"- two\n{change}")
            result = build_site(site)
            assert result.code == 0 and "Traceback" not in result.stderr, result.stderr
            assert_same_as_cold(site, tmp_path)
        assert result.stderr == ""
    finally:
        if (site / ".cache").is_dir():
            (site / ".cache").chmod(0o755)


def test_a_cache_folder_that_is_a_link_is_never_read_or_written(site: Path, tmp_path: Path) -> None:
    """A site folder from elsewhere may point .cache at any folder: the cache keeps out of it."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(site / ".cache", elsewhere)  # records this build could use, were they followed
    before = tree(elsewhere)
    shutil.rmtree(site / ".cache")
    (site / ".cache").symlink_to(elsewhere, target_is_directory=True)
    everything = written_files(site / "public")
    for change in ("- three", "- four"):
        edit(site, PLAIN, "- two", f"- two\n{change}")
        result = build_site(site)
        assert result.code == 0 and result.stderr == "", result.stderr
        assert f"({everything} files changed)" in result.stdout  # nothing reused
        assert_same_as_cold(site, tmp_path)
    assert tree(elsewhere) == before


def test_damaged_compiled_templates_in_the_users_cache_are_compiled_again(site: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache")}

    def build() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    assert build().returncode == 0
    compiled = list((tmp_path / "user-cache" / "explainer-builder" / "templates").iterdir())
    assert compiled and not (site / ".cache" / "templates").exists()  # never in the site's folder
    for path in compiled:
        path.write_bytes(path.read_bytes()[:-20])
    shutil.rmtree(site / "public")
    for _ in range(2):
        proc = build()
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert_same_as_cold(site, tmp_path)
        shutil.rmtree(site / "public")


def test_a_cache_copied_from_another_site_does_not_leak(site: Path, tmp_path: Path) -> None:
    other = copy_fixture(FIXTURE, tmp_path / "other")
    edit(other, PLAIN, "A paragraph of text", "Another site's paragraph")
    edit(other, "templates/partials/byline.html", "By {{", "Written by {{")
    shutil.copytree(site / ".cache", other / ".cache")  # never built: the copied cache is all it has
    assert build_site(other).code == 0
    assert_same_as_cold(other, tmp_path, out=other / "public")
    shutil.rmtree(other / ".cache")
    shutil.copytree(site / ".cache", other / ".cache")  # now over its own output
    edit(other, PLAIN, "- two", "- two\n- three")
    assert build_site(other).code == 0
    assert_same_as_cold(other, tmp_path, out=other / "public")


def test_a_new_builder_version_rebuilds_everything(site: Path, tmp_path: Path) -> None:
    """A copy of the builder with another version and theme: nothing of the old cache is reused."""
    package = tmp_path / "newer"
    shutil.copytree(ROOT / "builder", package / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    init = package / "builder" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('__version__ = "', '__version__ = "9.'),
                    encoding="utf-8")
    base = package / "builder" / "theme" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- newer theme -->\n</body>"),
                    encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(package)}

    def newer(folder: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "builder", "build", str(folder)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    result = newer(site)
    assert result.returncode == 0, result.stderr
    assert "<!-- newer theme -->" in (site / "public" / "about" / "index.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh-newer"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".cache"))
    assert newer(fresh).returncode == 0
    assert tree(site / "public") == tree(fresh / "public")
    back = build_site(site)  # and back to this builder
    assert back.code == 0 and "<!-- newer theme -->" not in (site / "public/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(site, tmp_path)


def test_parallel_and_serial_builds_are_identical(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        site = copy_fixture(FIXTURE, tmp_path / f"jobs-{jobs}")
        proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT,
                              env={**os.environ, "EXPLAINER_JOBS": jobs}, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.append(tree(site / "public"))
    assert outputs[0] == outputs[1]


def test_errors_from_worker_processes_are_located_like_serial_ones(tmp_path: Path) -> None:
    reports = []
    for jobs in ("1", "2"):
        site = copy_fixture(FIXTURE, tmp_path / f"jobs-{jobs}")
        edit(site, PLAIN, "date: 2025-10-01", "date: 2025-13-01")
        edit(site, "content/articles/cited.md", "[@reuters-storm;", "[@reuters-strom;")
        edit(site, "templates/page.html", "{{ page.title }}</h1>", "{{ page.titel }}</h1>")
        proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT,
                              env={**os.environ, "EXPLAINER_JOBS": jobs}, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        reports.append(proc.stderr)
    assert reports[0] == reports[1]
    assert "content/articles/plain.md:3:7: error:" in reports[0]
    assert "content/articles/cited.md:7:21: error: unknown source 'reuters-strom'" in reports[0]


def test_check_uses_the_cache_and_writes_no_output(site: Path) -> None:
    edit(site, PLAIN, "- two", "- two\n- three")
    proc = run_cli("check", str(site))
    assert proc.returncode == 0 and "\nchecked 13 pages in " in proc.stdout, proc.stdout
    assert "three" not in (site / "public/articles/a-plain-article/index.html").read_text(encoding="utf-8")


class Terminal:
    """A stream that says it is a terminal, recording what is written to it."""

    def __init__(self, tty: bool = True) -> None:
        self.tty = tty
        self.text = ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_terminal_and_only_for_a_slow_build() -> None:
    from builder.progress import Progress

    slow = Terminal()
    progress = Progress(slow, delay=0)
    progress.stage("rendering", 4)
    for _ in range(4):
        progress.advance()
    assert "rendering" in slow.text and "4/4" in slow.text and "#" * 30 in slow.text
    progress.close()
    assert slow.text.endswith("\r\033[K")  # the bar is cleared: the summary line takes its place

    quick = Terminal()
    progress = Progress(quick)  # the default delay: a quick build shows nothing
    progress.stage("rendering", 2)
    progress.advance(2)
    progress.close()
    assert quick.text == ""

    piped = Terminal(tty=False)
    progress = Progress(piped, delay=0)
    progress.stage("rendering", 2)
    progress.advance(2)
    progress.close()
    assert piped.text == ""


def test_a_build_killed_before_its_commit_is_rebuilt_whole(site: Path, tmp_path: Path) -> None:
    """A killed incremental build leaves hidden files in public/: the next build must not keep them."""
    from builder.incremental.cache import BuildCache
    from builder.write import InPlaceWriter

    cache = BuildCache(site, site / "public", None, False, True)
    killed = InPlaceWriter(site / "public", cache.unfinished)
    killed.write("articles/a-plain-article/index.html", b"half a page")  # then no commit, no discard
    assert [p.name for p in (site / "public" / "articles" / "a-plain-article").iterdir()
            if "explainer-new" in p.name]
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert_same_as_cold(site, tmp_path)
    assert changed(build_site(site)) == 0  # and the next build finds nothing to do again


def _redraw(site: Path, rel: str, colour: tuple[int, int, int]) -> None:
    """Replace a picture with another of the same name and size (new bytes, same address in the text)."""
    from PIL import Image

    with Image.open(site / rel) as old:
        size = old.size
    Image.new("RGB", size, colour).save(site / rel, quality=70)


PICTURE_CHANGES: dict[str, Callable[[Path], None]] = {
    "picture replaced under the same name": lambda s: _redraw(s, "content/images/palace.jpg", (200, 30, 30)),
    "picture added to an article's text": lambda s: edit(s, "content/articles/plain.md", "Only words here.",
                                                         "Only words here.\n\n![A street](images/storm.jpg)"),
    "picture removed from an article's text": lambda s: edit(s, "content/articles/crowd.md",
                                                             "![Protesters holding flags](images/crowd.jpg)", ""),
    "picture's alt text": lambda s: edit(s, "content/articles/crowd.md", "Protesters holding flags",
                                         "Protesters with flags"),
    "front matter picture's file": lambda s: edit(s, "content/articles/crowd.md", "file: images/palace.jpg",
                                                  "file: images/storm.jpg"),
    "sidecar photo removed (its caption alone again)": lambda s: edit(
        s, "content/articles/storm.yaml", "image:\n  file: images/storm.jpg\n"
        "  alt: A flooded street, water up to the doors of the houses\n", ""),
    "headline (new card, the old address gone)": lambda s: edit(s, "content/articles/plain.md",
                                                                "title: A plain article without pictures",
                                                                "title: Words only"),
    "alias added": lambda s: edit(s, "content/articles/plain.md", "date: 2025-10-01",
                                  "date: 2025-10-01\naliases: [/articles/plain/]"),
    "alias removed": lambda s: edit(s, "content/articles/crowd.md", "aliases: [/articles/old-crowd/, ", "aliases: ["),
    "site name (every card)": lambda s: edit(s, "site.yaml", "title: Pictures fixture", "title: Picture desk"),
}


@pytest.mark.parametrize("name", PICTURE_CHANGES)
def test_pictures_cards_and_redirects_after_a_change_equal_a_full_build(name: str, tmp_path: Path) -> None:
    site = copy_fixture("pictures-site", tmp_path)
    first = build_site(site)
    assert first.code == 0, first.stderr
    assert_change_rewrote(site, tmp_path, PICTURE_CHANGES[name], None)


EXPLAINER_ARTICLE = "content/explainers/venezuela/articles/maduro-indicted.md"
EXPLAINER_CHANGES: dict[str, tuple[Callable[[Path], None], int | None]] = {
    # name: (the change, how many files it must rewrite; None when that is not the point)
    "an explainer's article body (its page alone)": (
        lambda s: edit(s, EXPLAINER_ARTICLE, "filed in New\nYork", "filed in New York"), 1),
    "an explainer's article title (its front page, the hub, the lists)": (
        lambda s: edit(s, EXPLAINER_ARTICLE, "title: US charges Maduro with narco-terrorism",
                       "title: Maduro charged with narco-terrorism"), None),
    "an explainer's explainer.yaml (its front page, the hub, its articles' 'Part of')": (
        lambda s: edit(s, "content/explainers/storms/explainer.yaml", "title: The November storm",
                       "title: The storm of November"), None),
    "an explainer's timeline": (
        lambda s: edit(s, "content/explainers/venezuela/timelines/venezuela.yaml",
                       "title: Treasury sanctions Maduro personally", "title: Treasury sanctions Maduro"), None),
    "an explainer's sources.yaml": (
        lambda s: edit(s, "content/explainers/storms/sources.yaml", "publisher: Reuters", "publisher: Reuters News"),
        None),
}


@pytest.mark.parametrize("name", EXPLAINER_CHANGES)
def test_an_explainer_site_after_a_change_equals_a_full_build(name: str, tmp_path: Path) -> None:
    site = copy_fixture("two-explainers", tmp_path)
    first = build_site(site)
    assert first.code == 0, first.stderr
    assert_change_rewrote(site, tmp_path, *EXPLAINER_CHANGES[name])  # (tree() leaves the search index out)
