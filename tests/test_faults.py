"""A build stopped, killed or refused by the computer: the output stays as it was, nothing is left behind.

Each test runs the real command line. A build is stopped while it is visibly at work (its
worker processes started, its hidden files in the output folder), found by polling for
that condition with a deadline, never by waiting a fixed time.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from tests.conftest import ROOT, build_site, copy_fixture

DEADLINE = 60.0
PAGES = 600
"""Enough pages for worker processes (200 and up) and for a build that lasts a while."""
FULL_DISK = """
import errno, os, sys
real_write, writes = os.write, [0]
def write(fd, data):  # a disk that fills up after {limit} writes to files
    if fd > 2:
        writes[0] += 1
        if writes[0] > {limit}:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real_write(fd, data)
os.write = write
from builder.cli import main
code = main(sys.argv[1:])
sys.stdout.flush(); sys.stderr.flush()
os._exit(code)
"""


def until(condition: Callable[[], object], what: str, deadline: float = DEADLINE) -> object:
    """Poll `condition` until it is true; fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def large_site(tmp_path: Path) -> Path:
    site = copy_fixture("minimal", tmp_path)
    articles = site / "content" / "articles"
    for index in range(PAGES):
        (articles / f"article-{index:04}.md").write_text(
            f"---\ntitle: Article number {index}\ndate: 2024-01-{index % 28 + 1:02}\ntags: [t{index % 7}]\n---\n"
            + f"Paragraph {index} with *emphasis*, a [link](https://example.org/{index}) and words.\n\n" * 20,
            encoding="utf-8")
    return site


def start_build(site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT,
                            env={**os.environ, "EXPLAINER_JOBS": "2"}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(word) for word in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def litter(site: Path) -> list[str]:
    """Hidden files and folders a build leaves while it works."""
    return [path.relative_to(site).as_posix() for path in site.rglob(".*")
            if "explainer-new" in path.name or ".building-" in path.name or ".old-" in path.name]


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes run on Linux")


@linux_only
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_a_build_cleanly_with_its_workers(signum: int, tmp_path: Path) -> None:
    site = large_site(tmp_path)
    proc = start_build(site)
    workers = until(lambda: children(proc.pid), "the worker processes")
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=DEADLINE)
    until(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    assert litter(site) == []
    if proc.returncode == 0:  # the signal came while the output was being committed: finished whole
        assert out.startswith("built ") and (site / "public" / "index.html").is_file(), (out, err)
        return
    assert proc.returncode == 128 + signum, (out, err)
    assert err == "interrupted: the output folder was left as it was\n", err
    assert not (site / "public").exists()


@linux_only
def test_a_killed_build_takes_its_workers_with_it(tmp_path: Path) -> None:
    """`build | cat` ends when the build is killed: no worker keeps the pipe open."""
    site = large_site(tmp_path)
    proc = start_build(site)
    workers = until(lambda: children(proc.pid), "the worker processes")
    proc.kill()
    assert proc.stdout is not None
    ended = threading.Event()
    threading.Thread(target=lambda: (proc.stdout.read(), ended.set()), daemon=True).start()  # type: ignore
    assert ended.wait(DEADLINE), "the output pipe stayed open after the build was killed"
    proc.wait(timeout=DEADLINE)
    until(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    assert not (site / "public").exists()


@linux_only
def test_an_interrupted_update_in_place_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    site = large_site(tmp_path)
    assert build_site(site).code == 0
    before = tree(site / "public")
    theme_base = ROOT / "builder" / "theme" / "templates" / "base.html"
    (site / "templates").mkdir()
    (site / "templates" / "base.html").write_text(
        theme_base.read_text(encoding="utf-8").replace("</body>", "<!-- changed -->\n</body>"), encoding="utf-8")
    proc = start_build(site)  # every page again, written beside the old ones until the commit
    until(lambda: any("explainer-new" in p.name for p in (site / "public" / "articles").rglob(".*")),
          "new pages waiting in the output folder")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err, err
    assert litter(site) == []
    assert tree(site / "public") == before
    after = build_site(site)
    assert after.code == 0, after.stderr
    assert "<!-- changed -->" in (site / "public" / "index.html").read_text(encoding="utf-8")


def build_on_a_full_disk(site: Path, limit: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", FULL_DISK.format(limit=limit), "build", str(site)], cwd=ROOT,
                          env={**os.environ, "EXPLAINER_JOBS": "1"}, capture_output=True, text=True,
                          timeout=120)


LOCATED_FULL_DISK = re.compile(r"^public/\S+:1:1: error: cannot use 'public/\S+': the disk is full\n"
                               r"  hint: free some space", re.M)


def test_a_full_disk_is_a_located_error_and_leaves_nothing(tmp_path: Path) -> None:
    site = copy_fixture("cache-site", tmp_path)
    proc = build_on_a_full_disk(site, limit=5)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert LOCATED_FULL_DISK.search(proc.stderr), proc.stderr
    assert not (site / "public").exists() and litter(site) == []


def test_a_full_disk_during_an_update_in_place_keeps_the_output(tmp_path: Path) -> None:
    site = copy_fixture("cache-site", tmp_path)
    assert build_site(site).code == 0
    before = tree(site / "public")
    base = site / "templates" / "base.html"
    theme_base = ROOT / "builder" / "theme" / "templates" / "base.html"
    base.write_text(theme_base.read_text(encoding="utf-8").replace("</body>", "<!-- changed -->\n</body>"),
                    encoding="utf-8")
    proc = build_on_a_full_disk(site, limit=3)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert LOCATED_FULL_DISK.search(proc.stderr), proc.stderr
    assert litter(site) == [] and tree(site / "public") == before
    again = build_site(site)  # space again: the build goes through
    assert again.code == 0 and "<!-- changed -->" in (site / "public" / "index.html").read_text(encoding="utf-8")


def test_an_output_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    site = copy_fixture("minimal", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the builder's\n", encoding="utf-8")
    (site / "public").symlink_to(elsewhere, target_is_directory=True)
    result = build_site(site)
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"public:1:1: error: the output folder {site / 'public'} is a link to "), \
        result.stderr
    assert (site / "public").is_symlink() and [p.name for p in elsewhere.iterdir()] == ["keep.txt"]
