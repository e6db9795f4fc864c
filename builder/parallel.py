"""Spread a build's heavy work (Markdown, templates) over the machine's cores, when it pays.

Worker processes are forked, so they start with everything the build has gathered so far
(config, timelines, the resolved site, the template environment) without pickling any of
it; only their results travel back, in the order of the work given. Small sites, threads
(the preview builds in a thread, and forking a threaded process is unsafe) and systems
without fork are served by the same function in this process.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any, Callable, Iterator, Sequence, TypeVar

from .write import signals_held

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 200
"""Fewer items than this are done here: starting workers would cost more than it saves."""
JOBS_VARIABLE = "EXPLAINER_JOBS"
"""Environment variable: how many processes to use (1: none besides this one)."""

_task: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()
_bounds: list[tuple[int, int]] = []


def worker_count(items: int) -> int:
    """How many worker processes `items` pieces of work deserve here (1: do them in this process)."""
    wanted = os.environ.get(JOBS_VARIABLE, "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        jobs = int(wanted)
        forced = True
    else:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        forced = False
    if jobs < 2 or (items < MIN_ITEMS and not forced) or items < 2:
        return 1
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1  # fork elsewhere (macOS) is unsafe with some system libraries
    return min(jobs, items)


def map_ordered(task: Callable[[Item], Result], items: Sequence[Item],
                jobs: int | None = None) -> Iterator[Result]:
    """`task(item)` for every item, in order; in forked workers when there are enough items.

    `task` may be any callable (a closure over the build's state): workers inherit it.
    An exception in a worker (a bug: site errors are reported, not raised) is raised here.
    """
    jobs = worker_count(len(items)) if jobs is None else jobs
    if jobs <= 1:
        for item in items:
            yield task(item)
        return
    global _task, _items, _bounds
    chunks = min(len(items), jobs * 8)  # small enough to keep every worker busy to the end
    size, extra = divmod(len(items), chunks)
    bounds, start = [], 0
    for index in range(chunks):
        end = start + size + (1 if index < extra else 0)
        bounds.append((start, end))
        start = end
    _task, _items, _bounds = task, items, bounds
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    gc.freeze()  # the collector in a worker would write to every inherited object: copies of all their pages
    with signals_held():  # Ctrl-C or SIGTERM while the pool starts its thread would leave it half made
        executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_start_worker, initargs=(os.getpid(),))
        results_of = executor.map(_run_chunk, range(len(bounds)))  # submits every chunk, starts the pool
    try:  # a worker that dies (killed, out of memory) raises BrokenProcessPool here, never hangs
        for results in results_of:
            yield from results
    finally:  # after an error or Ctrl-C: drop the chunks not started, wait for those running
        executor.shutdown(wait=True, cancel_futures=True)
        _task, _items, _bounds = None, (), []
        gc.unfreeze()


def _start_worker(parent: int) -> None:
    """Ctrl-C reaches every process of the terminal: only the parent stops the build (and says so).

    A worker never outlives the build: when the parent ends, however it ends (even killed), the
    system kills its workers too, so nothing holds the build's output pipe open (`build | cat`).
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # forked while the parent held them
    _die_with_parent()
    if os.getppid() != parent:  # the parent was gone before that was asked
        os._exit(1)


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # workers run only on Linux (worker_count), where prctl exists
        pass


def _run_chunk(index: int) -> list[Any]:
    assert _task is not None
    start, end = _bounds[index]
    return [_task(item) for item in _items[start:end]]
