"""Time one build and find the peak memory of its largest process; compare two output trees.

Each build runs under a tiny launcher process that times it and reads its own
RUSAGE_CHILDREN once the build has exited: on Linux that covers the build and every
descendant it waited for, and `ru_maxrss` is the largest resident set among them (not a
sum). So a builder that forks workers (and joins them, as multiprocessing does) is measured
by its largest process. The launcher matters: Linux carries a process's peak RSS across
exec, so a build started straight from a large runner (pytest, say) would report the
runner's size; started from the small launcher it reports its own.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Measurement:
    """What one build cost."""

    seconds: float
    """Wall-clock time from start to exit."""
    peak_kib: int
    """Largest resident set of the build's process tree, in KiB."""
    cpu_seconds: float
    """User plus system time of the tree: less sensitive than wall time to a busy machine."""
    system_seconds: float
    """The system part of it: mostly the file system's work for the files written, which varies
    much more from run to run here than the program's own (user) time."""
    code: int
    """Exit code; negative for a signal (-9 after a timeout)."""
    output: str
    """The last lines the build printed, for failures."""

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def user_seconds(self) -> float:
        """The user part of the CPU time: the program's own work."""
        return self.cpu_seconds - self.system_seconds


_LAUNCHER = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as report:
    report.write(f"{seconds!r} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime!r} {usage.ru_stime!r}")
sys.exit(code if code >= 0 else 128 - code)
"""


def run_measured(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 900.0) -> Measurement:
    """Run `argv` in `cwd`; its wall time, peak memory and exit code."""
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "usage"
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), *argv], cwd=cwd,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                env={**os.environ, **(env or {})}, start_new_session=True)
        timer = threading.Timer(timeout, _kill_group, (proc.pid,))
        timer.start()
        try:
            code = proc.wait()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        peak, cpu, system = 0, 0.0, 0.0
        if report.is_file():  # absent when the build was killed after a timeout
            measured, peak_text, cpu_text, system_text = report.read_text().split()
            seconds, peak, cpu, system = float(measured), int(peak_text), float(cpu_text), float(system_text)
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    tail = "\n".join(text.strip().splitlines()[-5:])
    if code > 128:  # the launcher's way of passing on "killed by signal N"
        code = 128 - code
    return Measurement(seconds, peak, cpu, system, code, tail)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `root`."""
    digests = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digests[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def compare_trees(a: Path, b: Path) -> list[str]:
    """Differences between two output folders, byte for byte: empty when they are identical."""
    left, right = tree_digest(a), tree_digest(b)
    problems = [f"only in the first: {name}" for name in sorted(left.keys() - right.keys())]
    problems += [f"only in the second: {name}" for name in sorted(right.keys() - left.keys())]
    problems += [f"differs: {name}" for name in sorted(left.keys() & right.keys()) if left[name] != right[name]]
    return problems
