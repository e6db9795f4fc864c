"""A build stopped, killed or refused by the computer: the output stays as it was, nothing is left behind.

Each test runs the real command line. A build is stopped while it is certainly at work: a
worker process, once started, or the build itself, once it has written a hidden file into the
output folder, sends the signal (a few lines run before the command line, see STOPPED_AT_WORK),
so the moment is never a race against the build, however loaded the machine.
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
STOPPED_AT_WORK = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal, even when the tests run in the background
from builder import parallel, write
build_pid, signum, pids = os.getpid(), int(sys.argv[1]), sys.argv[2]
real_start, real_write = parallel._start_worker, write.InPlaceWriter.write
def start_then_stop(parent):  # each worker notes its number; the first to start stops the build,
    real_start(parent)        # which cannot have finished: no worker has done any of its work yet
    with open(pids, "a", encoding="utf-8") as file:
        file.write(f"{os.getpid()}\\n")
    try:
        os.close(os.open(pids + ".first", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return
    os.kill(build_pid, signum)
def write_then_stop(self, path, data):  # an update in place stops once a hidden file is written
    real_write(self, path, data)
    os.kill(build_pid, signum)
if os.environ.get("STOP_WHEN") == "worker":
    parallel._start_worker = start_then_stop
else:
    write.InPlaceWriter.write = write_then_stop
from builder.cli import main
code = main(sys.argv[3:])
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


def start_build(site: Path, signum: int, when: str) -> tuple[subprocess.Popen[str], Path]:
    """`build SITE` with two worker processes, stopped by `signum` at work (`when`: "worker" or
    "write"); returns the process and the file where its workers write their numbers."""
    pids = site.parent / "worker-pids"
    proc = subprocess.Popen([sys.executable, "-c", STOPPED_AT_WORK, str(int(signum)), str(pids), "build", str(site)],
                            cwd=ROOT, env={**os.environ, "EXPLAINER_JOBS": "2", "STOP_WHEN": when},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, pids


def worker_pids(pids: Path) -> list[int]:
    """The workers that started (at least one: else the build was never stopped at work)."""
    numbers = [int(line) for line in pids.read_text(encoding="utf-8").split()] if pids.exists() else []
    assert numbers, "no worker process started"
    return numbers


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
    site = copy_fixture("cache-site", tmp_path)
    proc, pids = start_build(site, signum, "worker")
    out, err = proc.communicate(timeout=DEADLINE)
    workers = worker_pids(pids)
    until(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    assert litter(site) == []
    assert proc.returncode == 128 + signum, (out, err)
    assert err == "interrupted: the output folder was left as it was\n", err
    assert not (site / "public").exists()


@linux_only
def test_a_killed_build_takes_its_workers_with_it(tmp_path: Path) -> None:
    """`build | cat` ends when the build is killed: no worker keeps the pipe open."""
    site = copy_fixture("cache-site", tmp_path)
    proc, pids = start_build(site, signal.SIGKILL, "worker")
    assert proc.stdout is not None
    ended = threading.Event()
    threading.Thread(target=lambda: (proc.stdout.read(), ended.set()), daemon=True).start()  # type: ignore
    assert ended.wait(DEADLINE), "the output pipe stayed open after the build was killed"
    proc.wait(timeout=DEADLINE)
    assert proc.returncode == -signal.SIGKILL
    workers = worker_pids(pids)
    until(lambda: not any(alive(pid) for pid in workers), "the workers to end")
    assert not (site / "public").exists()


@linux_only
def test_an_interrupted_update_in_place_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    site = copy_fixture("cache-site", tmp_path)
    assert build_site(site).code == 0
    before = tree(site / "public")
    theme_base = ROOT / "builder" / "theme" / "templates" / "base.html"
    (site / "templates" / "base.html").write_text(
        theme_base.read_text(encoding="utf-8").replace("</body>", "<!-- changed -->\n</body>"), encoding="utf-8")
    proc, _ = start_build(site, signal.SIGTERM, "write")  # every page again, written beside the old ones
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
