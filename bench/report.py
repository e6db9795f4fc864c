"""Turn measurements into the Markdown report of issue 8: one table per size, then our ratios to Hugo."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Sequence

from .measure import Measurement
from .peers import Tool

SCENARIOS = ("cold", "nothing", "one")
"""Cold build, nothing changed, one file changed: the columns of the table."""

HEADINGS = {"cold": "cold build", "nothing": "nothing changed", "one": "one file changed"}

TARGETS = {"cold": 1.5, "nothing": 0.05, "one": 0.1, "memory": 0.5}
"""Issue 15's ceilings for our builder, as ratios to Hugo's minimal site measured in the same run."""

LIKE_FOR_LIKE_TARGET = 0.75
"""Issue 15's ceiling for a cold build against Hugo building pages like ours (`hugo-like`)."""

GROWTH_SLACK = 1.1
"""Growth target: a corpus k times larger may take at most 1.1 k times as long (16k/4k <= 4.4)."""


@dataclass(frozen=True, slots=True)
class SizeResult:
    """Every measurement of one corpus size."""

    size: int
    """Pages in the corpus."""
    runs: int
    """Repetitions asked for."""
    times: dict[tuple[str, str], list[Measurement]]
    """(tool key, scenario) -> its measurements, in order."""
    identical: list[str] | None = None
    """Differences between our one-file-changed output and a cold build's; None when not checked."""

    def failure(self, tool: str) -> Measurement | None:
        """The first failed build of `tool`, if any."""
        for (key, _), items in self.times.items():
            for item in items:
                if key == tool and not item.ok:
                    return item
        return None

    def median(self, tool: str, scenario: str, measure: str = "seconds") -> float | None:
        """Median of a scenario's `measure` (a Measurement attribute: `seconds` of wall time,
        `cpu_seconds`, `user_seconds`); None when it did not run or failed."""
        items = self.times.get((tool, scenario), [])
        if not items or any(not item.ok for item in items):
            return None
        return statistics.median(getattr(item, measure) for item in items)

    def peak_mib(self, tool: str) -> float | None:
        items = [item for (key, _), group in self.times.items() if key == tool for item in group]
        if not items or any(not item.ok for item in items):
            return None
        return max(item.peak_kib for item in items) / 1024


def seconds_text(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value:.3f} s"


def _row(result: SizeResult, tool: Tool) -> str:
    if tool.unavailable:
        return f"| {tool.label} | unavailable: {tool.unavailable} | | | |"
    failed = result.failure(tool.key)
    if failed is not None:
        reason = failed.output.splitlines()[-1] if failed.output else ""
        what = "timed out" if failed.code == -9 else f"build failed (exit {failed.code})"
        return f"| {tool.label} | {what}: {reason.replace('|', '/')[:120]} | | | |"
    cells = []
    for scenario in SCENARIOS:
        value = result.median(tool.key, scenario)
        text = seconds_text(value) if value is not None else "n/a"
        if scenario != "cold" and tool.warm_note and value is not None:
            text += f" ({tool.warm_note})"
        cells.append(text)
    peak = result.peak_mib(tool.key)
    cells.append(f"{peak:.0f} MB" if peak is not None else "n/a")
    return f"| {tool.label} | " + " | ".join(cells) + " |"


def size_table(result: SizeResult, tools: Sequence[Tool]) -> list[str]:
    """The issue's table for one corpus size, our row first."""
    lines = [
        f"### {result.size:,} pages, median of {result.runs} run{'s' if result.runs != 1 else ''}",
        "",
        "| peer | cold build | nothing changed | one file changed | peak memory |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [_row(result, tool) for tool in tools]
    ran = [tool for tool in tools if not tool.unavailable and result.failure(tool.key) is None]
    if ran:
        lines += ["", "CPU time (user + system of the whole process tree, median; in brackets the user part, "
                  "the program's own work): a check on the wall times above when other work shares the "
                  "machine. The system part is mostly the file system creating the output files, and "
                  "varies from run to run much more than the user part.", "",
                  "| peer | cold build | nothing changed | one file changed |", "| --- | --- | --- | --- |"]
        for tool in ran:
            cells = [(result.median(tool.key, scenario, "cpu_seconds"),
                      result.median(tool.key, scenario, "user_seconds")) for scenario in SCENARIOS]
            lines.append(f"| {tool.label} | " + " | ".join(
                f"{seconds_text(cpu)} ({seconds_text(user)})" if cpu is not None and user is not None else "n/a"
                for cpu, user in cells) + " |")
    if result.identical is not None:
        verdict = "yes" if not result.identical else f"NO, {len(result.identical)} differences: " + \
            "; ".join(result.identical[:5])
        lines += ["", f"Our output after one file changed is byte-for-byte a cold build's: {verdict}"]
    return lines


def _verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"


def ratio_lines(results: Sequence[SizeResult]) -> list[str]:
    """Our builder against Hugo at every size, with PASS/FAIL against issue 15's targets: the
    minimal Hugo site for every scenario, and the like-for-like one (`hugo-like`) for a cold build."""
    sizes = [r for r in results if r.median("ours", "cold") is not None]
    lines = ["### Our builder against Hugo (ratios of the same run; lower is better)", ""]
    with_hugo = [r for r in sizes if r.median("hugo", "cold") is not None]
    if not with_hugo:
        lines.append("No ratios: our builder or Hugo did not build the corpus.")
    else:
        lines.append("| measure | target | " + " | ".join(f"{r.size:,} pages" for r in with_hugo) + " |")
        lines.append("| --- | --- | " + " | ".join("---" for _ in with_hugo) + " |")
        for scenario in (*SCENARIOS, "memory"):
            name = HEADINGS.get(scenario, "peak memory")
            cells = []
            for r in with_hugo:
                if scenario == "memory":
                    ours, hugo = r.peak_mib("ours"), r.peak_mib("hugo")
                else:
                    ours, hugo = r.median("ours", scenario), r.median("hugo", scenario)
                if ours is None or hugo is None or hugo == 0:
                    cells.append("n/a")
                else:
                    cells.append(f"{ours / hugo:.2f}x {_verdict(ours / hugo, TARGETS[scenario])}")
            lines.append(f"| {name} | at most {TARGETS[scenario]}x | " + " | ".join(cells) + " |")
        for peer, name in (("hugo-like", "Hugo like for like"),
                           ("hugo-lists", "Hugo like for like, with our lists (the same pages)")):
            cells = []
            for r in with_hugo:
                ours, like = r.median("ours", "cold"), r.median(peer, "cold")
                cells.append(f"{ours / like:.2f}x {_verdict(ours / like, LIKE_FOR_LIKE_TARGET)}"
                             if ours is not None and like else "n/a")
            lines.append(f"| cold build, against {name} | at most {LIKE_FOR_LIKE_TARGET}x | "
                         + " | ".join(cells) + " |")
        for label, measure in (("CPU time", "cpu_seconds"), ("user CPU time", "user_seconds")):
            cells = []
            for r in with_hugo:
                ours, hugo = r.median("ours", "cold", measure), r.median("hugo", "cold", measure)
                cells.append(f"{ours / hugo:.2f}x" if ours is not None and hugo else "n/a")
            lines.append(f"| cold build, {label} (for information) | | " + " | ".join(cells) + " |")
    lines += ["", *growth_lines(sizes)]
    return lines


def growth_lines(results: Sequence[SizeResult]) -> list[str]:
    """Cold-build time of each size against the previous one, against near-linear growth."""
    lines = []
    for small, large in zip(results, results[1:]):
        factor = large.size / small.size
        target = GROWTH_SLACK * factor
        ours = large.median("ours", "cold") / small.median("ours", "cold")  # type: ignore[operator]
        text = (f"Growth, cold build, {large.size:,} pages / {small.size:,}: ours {ours:.2f}x "
                f"(target at most {target:.1f}x) {_verdict(ours, target)}")
        hugo_small, hugo_large = small.median("hugo", "cold"), large.median("hugo", "cold")
        if hugo_small and hugo_large:
            text += f"; Hugo {hugo_large / hugo_small:.2f}x"
        cpu_small = small.median("ours", "cold", "cpu_seconds")
        cpu_large = large.median("ours", "cold", "cpu_seconds")
        if cpu_small and cpu_large:
            text += f"; ours in CPU time {cpu_large / cpu_small:.2f}x"
        lines.append(text)
    if not lines:
        lines.append("Growth: needs two corpus sizes.")
    return lines


def raw_results(results: Sequence[SizeResult]) -> list[dict[str, object]]:
    """Every measurement, for bench/corpus/results.json: other analyses without running again."""
    return [
        {"size": r.size, "runs": r.runs, "identical_differences": r.identical,
         "builds": [{"tool": tool, "scenario": scenario, "seconds": m.seconds, "cpu_seconds": m.cpu_seconds,
                     "system_seconds": m.system_seconds, "peak_kib": m.peak_kib, "exit_code": m.code}
                    for (tool, scenario), items in r.times.items() for m in items]}
        for r in results
    ]
