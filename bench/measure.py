"""Time one build and find the peak memory of its largest process; compare two output trees.

Memory comes from `wait4` on the build's process: on Linux the rusage it returns for a
reaped child covers the child and every descendant the child itself waited for, and its
`ru_maxrss` is the largest resident set among them (not a sum). So a builder that forks
workers (and joins them, as multiprocessing does) is measured by its largest process, and
each build is measured on its own, unlike RUSAGE_CHILDREN of the runner, which would keep
the maximum of every earlier build too.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
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
    code: int
    """Exit code; negative for a signal (-9 after a timeout)."""
    output: str
    """The last lines the build printed, for failures."""

    @property
    def ok(self) -> bool:
        return self.code == 0


def run_measured(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
                 timeout: float = 900.0) -> Measurement:
    """Run `argv` in `cwd`; its wall time, peak memory and exit code."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                env={**os.environ, **(env or {})}, start_new_session=True)
        timer = threading.Timer(timeout, _kill_group, (proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    tail = "\n".join(text.strip().splitlines()[-5:])
    return Measurement(seconds, int(usage.ru_maxrss), usage.ru_utime + usage.ru_stime, proc.returncode, tail)


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
