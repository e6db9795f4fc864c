"""Shared test helpers: copy a fixture site into a temporary folder and run the real CLI."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import settings

from tests.support.fixtures import *  # noqa: F401,F403  (browser, static server, vnu, axe)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The property tests try the same examples on every run, so that a run is red only for a change
# it tests, never for an example chance found that day; `HYPOTHESIS_PROFILE=explore make test`
# looks for new ones (keep each it finds as an @example of its test).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@dataclass
class CliResult:
    """What a user sees from one run of the command line."""

    code: int
    stdout: str
    stderr: str
    site: Path
    out: Path

    def html(self, path: str) -> str:
        return (self.out / path).read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m builder ARGS` as a user would, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout,
    )


def copy_fixture(name: str, tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/NAME, so a test may change it freely."""
    site = tmp_path / name.replace("/", "-")
    shutil.copytree(FIXTURES / name, site, symlinks=True)
    return site


def edit(site: Path, rel: str, old: str, new: str) -> None:
    """Change `old` (which must be there) to `new` in the site's file `rel`, as an editor's save does."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build_site(site: Path, *extra: str) -> CliResult:
    """`build SITE` on an existing folder; returns exit code, output and the out folder."""
    proc = run_cli("build", str(site), *extra)
    out = site / "public"
    if "--out" in extra:
        out = Path(extra[extra.index("--out") + 1])
    return CliResult(proc.returncode, proc.stdout, proc.stderr, site, out)


def build_in_process(site: Path, *extra: str) -> CliResult:
    """`build SITE` through the command line's entry point, in this process.

    For a build whose output is compared, not whose process is tested: it spares a Python
    start and the builder's imports (about half a second of CPU a build). `build_site` is the
    real command in a child process.
    """
    from builder.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["build", str(site), *extra])
    out = Path(extra[extra.index("--out") + 1]) if "--out" in extra else site / "public"
    return CliResult(code, stdout.getvalue(), stderr.getvalue(), site, out)


@pytest.fixture
def build_fixture(tmp_path: Path):
    """build_fixture("minimal", "--drafts") -> CliResult for a fresh copy of the fixture."""

    def run(name: str, *extra: str) -> CliResult:
        return build_site(copy_fixture(name, tmp_path), *extra)

    return run


TOOL_FIXTURES = frozenset({"browser_session", "browser_page", "html_checker", "axe_available"})
"""Fixtures that drive the outside tools (Chromium, the Nu HTML checker, axe-core)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "tools: drives Chromium, the HTML checker or axe (left out by make test-fast)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need the outside tools, so `make test-fast` can leave them out."""
    for item in items:
        if TOOL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.tools)


def tree(folder: Path) -> dict[str, str]:
    """Every file (by hash) and folder under `folder`, but the search index.

    Pagefind's index is remade whole after any build that changed a page (test_search.py),
    and its bytes depend on the order the file system lists pages in, not only on them.
    """
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        if here == folder and "pagefind" in dirnames:
            dirnames.remove("pagefind")
        for name in dirnames:
            found[(here / name).relative_to(folder).as_posix()] = "folder"
        for name in filenames:
            path = here / name
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def cold_build(site: Path, tmp_path: Path, *extra: str) -> CliResult:
    """A full build of a copy of `site` as it is now, without its output or cache."""
    fresh = tmp_path / "fresh"
    if fresh.exists():
        shutil.rmtree(fresh)
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".cache", "other-out"))
    result = build_in_process(fresh, *extra)  # the reference; the builds under test run the real command
    assert result.code == 0, result.stderr
    return result


def assert_same_as_cold(site: Path, tmp_path: Path, *extra: str, out: Path | None = None) -> None:
    cold = cold_build(site, tmp_path, *extra)
    assert tree(out or site / "public") == tree(cold.out)


def assert_change_built_as_cold(site: Path, tmp_path: Path, change: Callable[[Path], None]) -> CliResult:
    """`change` made to a built site, then built: the build succeeds and its output is exactly a cold
    build's (the same site built once, without a cache)."""
    change(site)
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert_same_as_cold(site, tmp_path)
    return result
