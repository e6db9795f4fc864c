"""Where a cold build of our builder spends its time: startup, stages, and YAML/Markdown/Jinja/writing.

Usage: `python bench/breakdown.py SITE_DIR` (e.g. bench/corpus/4000/ours after `make bench`);
set PYTHONPATH to a folder holding another `builder` package to profile that one instead.
Four views, each from its own fresh process so one does not warm the next:
- startup: the interpreter alone, then importing the builder and its libraries;
- stages: wall and CPU time of each stage function that builder/build.py calls, its worker
  processes included (no profiler);
- the Markdown floor: markdown-it-py alone on the site's Markdown, as the build sets it up;
- libraries: a cProfile of the whole build in one process, own time grouped by the library it
  runs in (the profiler slows Python code, so read those as shares, not seconds).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("YAML (PyYAML, yamlfile, schema, front matter)", ("/yaml/", "builder/yamlfile.py", "builder/schema.py",
                                                      "builder/content/frontmatter.py")),
    ("Markdown (markdown-it-py, plugins, the fast path)", ("/markdown_it/", "/mdit_py_plugins/",
                                                          "builder/content/markdown.py",
                                                          "builder/content/fast_markdown.py")),
    ("Jinja (templates, markupsafe, page metadata)", ("/jinja2/", "/markupsafe/", "<template>", ".html",
                                                      "builder/publish.py")),
    ("writing (write.py)", ("builder/write.py",)),
    ("reading and listing files (content/files.py)", ("builder/content/files.py",)),
    ("other builder code", ("builder/",)),
)
"""(category, path fragments): a function counts in the first category one of whose fragments
is in its file name; the order matters (builder/yamlfile.py is YAML, not 'other builder code')."""

OTHER = "other (interpreter, stdlib)"
WHOLE = "(whole build() call)"


def category(filename: str) -> str | None:
    for name, fragments in CATEGORIES:
        if any(fragment in filename for fragment in fragments):
            return name
    return None


def attribute(stats: dict[Any, Any]) -> dict[str, float]:
    """Own time per category; time in builtins and the stdlib goes to the category of whoever
    called them (split by what each caller spent there), so `open` called by write.py is writing."""
    shares: dict[str, float] = {}

    def give(function: Any, seconds: float, depth: int) -> None:
        found = category(function[0])
        callers = stats[function][4] if function in stats else {}
        if found is None and callers and depth < 8:
            spent = sum(value[2] for value in callers.values()) or 1.0
            for caller, value in callers.items():
                give(caller, seconds * value[2] / spent, depth + 1)
            return
        name = found or OTHER
        shares[name] = shares.get(name, 0.0) + seconds

    for function, row in stats.items():
        give(function, row[2], 0)
    return shares


def startup_seconds(python: str) -> tuple[float, float]:
    """(bare interpreter, interpreter + `import builder.cli` and the build's libraries), best of 3."""
    def best(code: str) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            # from bench/: no `builder` folder there to shadow PYTHONPATH
            subprocess.run([python, "-c", code], check=True, cwd=Path(__file__).parent)
            times.append(time.perf_counter() - started)
        return min(times)

    imports = "import builder.cli, builder.build, jinja2, markdown_it, mdit_py_plugins, yaml"
    return best("pass"), best(imports)


STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("builder.config", ("load_config",)),
    ("builder.content.documents", ("list_content",)),
    ("builder.timelines", ("load_timelines",)),
    ("builder.sources.load", ("load_sources",)),
    ("builder.units", ("load_units", "assemble_site")),
    ("builder.render", ("make_environment", "collect_assets", "set_globals", "load_templates")),
    ("builder.pages", ("site_jobs", "list_digests", "make_outputs")),
    ("builder.build", ("_remember",)),
)
"""The stage functions builder/build.py's `_build` imports when it runs (so wrapping them in their
modules times them), by module."""


def stage_seconds(site: Path, out: Path) -> dict[str, tuple[float, float, float]]:
    """(wall, user CPU, system CPU) seconds of each stage function, the CPU of the worker
    processes it waited for included."""
    import importlib

    from builder.build import BuildOptions, build
    from builder.errors import Diagnostics

    totals: dict[str, tuple[float, float, float]] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), os.times()
            try:
                return function(*args, **kwargs)
            finally:
                now = os.times()
                user = now.user - cpu.user + now.children_user - cpu.children_user
                system = now.system - cpu.system + now.children_system - cpu.children_system
                before = totals.get(name, (0.0, 0.0, 0.0))
                totals[name] = (before[0] + time.perf_counter() - wall, before[1] + user, before[2] + system)
        return wrapper

    for module_name, names in STAGES:
        module = importlib.import_module(module_name)
        for name in names:  # a renamed stage fails here, not silently
            setattr(module, name, timed(name, getattr(module, name)))
    timed(WHOLE, build)(BuildOptions(site_dir=site, out_dir=out), Diagnostics())
    return totals


def markdown_floor(site: Path) -> dict[str, float]:
    """CPU seconds of markdown-it-py alone on every Markdown body of the site, in one process:
    set up as the build sets it up, and as plain CommonMark. No build of ours can go below it."""
    from markdown_it import MarkdownIt

    from builder.config import load_config
    from builder.content.documents import list_content
    from builder.content.frontmatter import split_front_matter
    from builder.content.markdown import RenderContext
    from builder.renderer import make_markdown
    from builder.errors import Diagnostics

    config = load_config(site, Diagnostics(), None)
    files = list_content(site, Diagnostics())
    assert config is not None and files is not None, "the site does not build"
    paths = [*files.articles, *files.pages, *([files.home] if files.home else [])]
    bodies = [split_front_matter(path.read_text(encoding="utf-8"), path.name)[1]
              for path in paths if path.suffix == ".md"]  # seed articles (.txt) are not Markdown
    ours, plain = make_markdown(config.markdown), MarkdownIt("commonmark")
    result = {"documents": float(len(bodies))}
    for name, render in (("ours", lambda body: ours.render(body, {"site": RenderContext(
            "x.md", 1, config.base_path, Diagnostics())})), ("commonmark", plain.render)):
        started = time.process_time()
        for body in bodies:
            render(body)
        result[name] = time.process_time() - started
    return result


def library_shares(site: Path, out: Path) -> tuple[dict[str, float], list[tuple[float, str]]]:
    """Own time per category under cProfile, and the 15 costliest functions."""
    from builder.build import BuildOptions, build
    from builder.errors import Diagnostics

    profiler = cProfile.Profile()
    profiler.enable()
    build(BuildOptions(site_dir=site, out_dir=out), Diagnostics())
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    functions = [(row[2], f"{function} ({Path(filename).name}:{line})")
                 for (filename, line, function), row in stats.items()]
    return attribute(stats), sorted(functions, reverse=True)[:15]


def _child(mode: str, site: str, out: str) -> None:
    if mode == "stages":
        print(json.dumps(stage_seconds(Path(site), Path(out))))
    elif mode == "floor":
        print(json.dumps(markdown_floor(Path(site))))
    else:
        os.environ["EXPLAINER_JOBS"] = "1"  # cProfile sees this process only: no workers
        shares, top = library_shares(Path(site), Path(out))
        print(json.dumps({"shares": shares, "top": top}))


def _in_child(python: str, mode: str, site: Path) -> Any:
    with tempfile.TemporaryDirectory() as scratch:
        cold = Path(scratch) / "site"
        shutil.copytree(site, cold, ignore=shutil.ignore_patterns("public", ".cache"))
        proc = subprocess.run([python, __file__, "--child", mode, str(cold), str(Path(scratch) / "out")],
                              capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"the {mode} run failed:\n{proc.stderr.strip()}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", help="a site folder (site.yaml + content/)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SITE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if args.site is None or not (args.site / "site.yaml").is_file():
        parser.error("give a site folder holding site.yaml, e.g. bench/corpus/4000/ours")
    python = sys.executable
    bare, imported = startup_seconds(python)
    stages = _in_child(python, "stages", args.site)
    libraries = _in_child(python, "libraries", args.site)
    floor = _in_child(python, "floor", args.site)
    whole, whole_user, whole_system = stages.pop(WHOLE)
    whole_cpu = whole_user + whole_system
    print(f"## Where a cold build of {args.site} goes\n")
    print(f"Startup: interpreter {bare:.2f} s; imports of the builder and its libraries "
          f"{imported - bare:.2f} s more.\n")
    print(f"Stages (no profiler; build() took {whole:.2f} s, {whole_cpu:.2f} s of CPU; the CPU "
          "shares hold better than the wall ones when the machine is busy):\n")
    print("| stage function | wall seconds | wall share | CPU user + system | CPU share |\n"
          "| --- | --- | --- | --- | --- |")
    for name, (seconds, user, system) in sorted(stages.items(), key=lambda item: -sum(item[1][1:])):
        print(f"| {name} | {seconds:.2f} | {seconds / whole:.0%} | {user:.2f} + {system:.2f} | "
              f"{(user + system) / whole_cpu:.0%} |")
    print(f"\nThe Markdown floor: markdown-it-py alone renders the {floor['documents']:,.0f} Markdown bodies "
          f"in {floor['ours']:.2f} s of CPU as the build sets it up ({floor['commonmark']:.2f} s as plain "
          f"CommonMark), in one process; {floor['ours'] / whole_cpu:.0%} of the build's CPU time.")
    total = sum(libraries["shares"].values())
    print("\nOwn time by library under cProfile (builtins count for their caller; shares only: "
          "the profiler slows Python code):\n")
    print("| where | share |\n| --- | --- |")
    for name, seconds in sorted(libraries["shares"].items(), key=lambda item: -item[1]):
        print(f"| {name} | {seconds / total:.0%} |")
    print("\nCostliest functions (own time under cProfile):\n")
    for seconds, name in libraries["top"]:
        print(f"- {seconds / total:.1%} {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
