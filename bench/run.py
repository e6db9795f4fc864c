"""Benchmark our builder against its peers, side by side, and print issue 8's table and ratios.

Usage: `python bench/run.py [--sizes 1000,4000,16000] [--runs 5] [--peers hugo,eleventy,mkdocs,pelican]`
(`make bench` runs it with the defaults). It is a report, not a test: it exits 0 even when
a target is missed, and 1 only when our own builder fails to build the corpus.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import append_sentence, make_pages, page_file, write_corpus  # noqa: E402
from bench.measure import Measurement, compare_trees, run_measured  # noqa: E402
from bench.peers import PEERS, PeerSet, Tool, our_tool  # noqa: E402
from bench.report import SCENARIOS, SizeResult, ratio_lines, raw_results, size_table  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
LARGE = 10_000
"""Corpora of at least this many pages get --large-runs repetitions (time budget)."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,16000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="repetitions per size (the median is shown)")
    parser.add_argument("--large-runs", type=int, default=3,
                        help=f"repetitions for sizes of {LARGE:,} pages or more (keeps the run short)")
    parser.add_argument("--peers", default=",".join(PEERS), help="peers to compare, or 'none'")
    parser.add_argument("--quick", action="store_true", help="20 pages, 1 run: checks that the harness works")
    parser.add_argument("--no-install", action="store_true", help="use only peers already installed")
    parser.add_argument("--peers-dir", type=Path, default=BENCH_DIR / "peers", help="where peers are installed")
    parser.add_argument("--work", type=Path, default=BENCH_DIR / "corpus", help="where corpora are written")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs our builder")
    parser.add_argument("--builder", type=Path, metavar="DIR",
                        help="a folder holding the `builder` package to measure (e.g. a snapshot of a "
                             "commit from `git archive`); default: the one the Python imports")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before one build is stopped")
    parser.add_argument("--report", type=Path, help="also write the report to this file")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.large_runs = "20", 1, 1
    try:
        args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be numbers such as 1000,4000, not {args.sizes!r}")
    peers = [p.strip() for p in args.peers.split(",") if p.strip() and p.strip() != "none"]
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        parser.error(f"unknown peer {unknown[0]!r}: choose from {', '.join(PEERS)} or none")
    if not args.size_list or min(args.size_list) < 2 or args.runs < 1 or args.large_runs < 1:
        parser.error("sizes must be at least 2 pages and runs at least 1")
    args.peer_list = peers
    return args


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def clear(site: Path, tool: Tool, trash: Path) -> None:
    """Make the next build cold: its output and caches are moved into `trash`, not deleted.

    Deleting thousands of files right before a build makes the file system slow to create
    the next ones for seconds after (seen here: several times the system time, growing with
    each delete), so a tool's cold time would depend on who deleted what just before. A fresh
    checkout, where editors and CI build cold, has deleted nothing; `empty_trash` deletes
    between sizes, outside the timed builds.
    """
    trash.mkdir(parents=True, exist_ok=True)
    for relative in tool.cold_paths:
        target = site / relative
        if target.exists():
            target.rename(Path(tempfile.mkdtemp(dir=trash)) / target.name)


def empty_trash(trash: Path) -> None:
    if trash.exists():
        shutil.rmtree(trash)
        os.sync()


def bench_size(size: int, runs: int, tools: list[Tool], work: Path, timeout: float,
               warm_up: bool) -> SizeResult:
    """Build every tool `runs` times in each scenario, round-robin, and check our output."""
    times: dict[tuple[str, str], list[Measurement]] = {}
    pages = make_pages(size)
    edited = pages[size // 2]
    sites = {tool.key: work / str(size) / tool.key for tool in tools}
    log(f"[{size:,} pages] writing the corpus for {', '.join(t.key for t in tools)}")
    for tool in tools:
        write_corpus(tool.key, sites[tool.key], pages)
    os.sync()  # no write-back of the fresh corpus during the first timed builds
    failed: set[str] = set()
    trash = work / ".trash"
    empty_trash(trash)
    if warm_up:
        for tool in tools:  # untimed: loads each program into the page cache
            assert tool.command is not None
            run_measured(tool.command(sites[tool.key], False), sites[tool.key], tool.env, timeout)
    for rep in range(runs):
        order = tools[rep % len(tools):] + tools[:rep % len(tools)]
        for scenario in SCENARIOS:
            for tool in order:
                if tool.key in failed:
                    continue
                site = sites[tool.key]
                if scenario == "cold":
                    clear(site, tool, trash)
                elif scenario == "one":
                    append_sentence(page_file(tool.key, site, edited), rep + 1)
                assert tool.command is not None
                measured = run_measured(tool.command(site, scenario != "cold"), site, tool.env, timeout)
                times.setdefault((tool.key, scenario), []).append(measured)
                log(f"[{size:,} pages] run {rep + 1}/{runs} {scenario:7} {tool.key:8} "
                    f"{measured.seconds:7.2f} s (cpu {measured.cpu_seconds:6.2f} s) {measured.peak_kib / 1024:6.0f} MB"
                    + ("" if measured.ok else f"  FAILED (exit {measured.code}): {measured.output}"))
                if not measured.ok:
                    failed.add(tool.key)
    empty_trash(trash)
    ours = next((t for t in tools if t.key == "ours"), None)
    identical = check_identical(ours, sites["ours"], timeout) if ours and "ours" not in failed else None
    return SizeResult(size, runs, times, identical)


def check_identical(ours: Tool, site: Path, timeout: float) -> list[str]:
    """Our output after the last one-file-changed build against a cold build of the same input."""
    assert ours.command is not None
    cold_site = site.with_name(site.name + "-cold-check")
    if cold_site.exists():
        shutil.rmtree(cold_site)
    shutil.copytree(site, cold_site, ignore=shutil.ignore_patterns(*ours.cold_paths))
    measured = run_measured(ours.command(cold_site, False), cold_site, ours.env, timeout)
    if not measured.ok:
        return [f"the cold build for the check failed: {measured.output}"]
    differences = compare_trees(site / ours.output, cold_site / ours.output)
    shutil.rmtree(cold_site)
    return differences


def header(args: argparse.Namespace) -> list[str]:
    sizes = ", ".join(f"{s:,}" for s in args.size_list)
    return [
        "## Build benchmark",
        "",
        f"Corpus: {sizes} Markdown pages of about 1 KB each (title, date, tags; seeded). "
        f"Measured here ({os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}), "
        f"tools alternating round-robin in every repetition.",
        f"Median of {args.runs} runs; of {args.large_runs} for {LARGE:,} pages or more." if any(
            s >= LARGE for s in args.size_list) and args.large_runs != args.runs else f"Median of {args.runs} run{'s' if args.runs != 1 else ''}.",
        "Peak memory: the largest resident set of any process of a build, highest over its runs.",
        f"Our builder: the `builder` package in {args.builder}." if args.builder else
        "Our builder: the `builder` package the Python imports (the working tree).",
        "Load average at the start: {:.1f} (other work on the machine slows every tool alike).".format(
            os.getloadavg()[0]),
        "",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    with (args.work / ".lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"error: another benchmark is running in {args.work}\n"
                "  hint: wait for it to finish, or give this one its own --work folder")
            return 2
        return run(args)


def run(args: argparse.Namespace) -> int:
    """The benchmark itself, once the work folder is ours alone."""
    started = time.perf_counter()
    peers = PeerSet(args.peers_dir, install=not args.no_install, log=log)
    tools = [our_tool(args.python, args.builder)] + [peers.tool(key) for key in args.peer_list]
    ready = [tool for tool in tools if not tool.unavailable]
    for tool in tools:
        if tool.unavailable:
            log(f"{tool.label} is unavailable: {tool.unavailable}")
    results = []
    for size in args.size_list:
        runs = args.large_runs if size >= LARGE else args.runs
        results.append(bench_size(size, runs, ready, args.work, args.timeout,
                                   warm_up=not results and not args.quick))
    lines = header(args)
    for result in results:
        lines += size_table(result, tools) + [""]
    lines += ratio_lines(results)
    lines += ["", f"The whole benchmark took {(time.perf_counter() - started) / 60:.1f} minutes; "
              f"load average at the end: {os.getloadavg()[0]:.1f}."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    labels = {tool.key: tool.label for tool in tools}
    (args.work / "results.json").write_text(
        json.dumps({"tools": labels, "sizes": raw_results(results)}, indent=1) + "\n", encoding="utf-8")
    ours_failed = tools[0].unavailable or any(r.failure("ours") for r in results)
    return 1 if ours_failed else 0


if __name__ == "__main__":
    sys.exit(main())
