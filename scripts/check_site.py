"""Lighthouse on every page type of the showcase: performance, accessibility, best practices and SEO.

Builds the site in this repository under /repo/ (as GitHub Pages serves a project site),
serves it on 127.0.0.1, and runs the npm `lighthouse` package pinned in tests/node with
Debian's chromium (headless, no sandbox), one page at a time, with Lighthouse's default
phone emulation and simulated throttling:

    make check-site
    .venv/bin/python scripts/check_site.py --only home timeline --min 95

Prints each page's four scores and the audits that cost points; exits 1 when a score is
below --min (98 by default), 2 when a tool is missing. A page whose performance falls short
is measured again, up to --runs times in all, and keeps its best run: the performance score
of a page of a few kilobytes moves with the load of the machine that measures it (every
run's score is printed). The 404 page is left out: it is
served with status 404 on purpose, which Lighthouse's SEO category counts against it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import BASE_PATH, CHROMIUM, ROOT, SHOTS, build_site, serve  # noqa: E402

LIGHTHOUSE = ROOT / "tests" / "node" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = tuple(shot for shot in SHOTS if shot.name != "404")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run " \
               "--disable-background-networking --disable-component-update --disable-sync"


def lighthouse(url: str, chromium: Path, report: Path) -> dict:
    """Lighthouse's JSON report for one page (raises SystemExit with its output when it fails)."""
    proc = subprocess.run(
        ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env={**os.environ, "CHROME_PATH": str(chromium)}, capture_output=True, text=True)
    if proc.returncode != 0 or not report.is_file():
        raise SystemExit(f"check-site: lighthouse failed on {url} (exit {proc.returncode})\n"
                         f"{proc.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(result: dict) -> dict[str, int]:
    """Category id -> score out of 100."""
    return {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def lost_points(result: dict) -> list[str]:
    """The scored audits that did not pass, as 'category: title (score)'."""
    lines = []
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = f", {audit['displayValue']}" if audit.get("displayValue") else ""
                lines.append(f"{name}: {audit['title']} ({round(audit['score'] * 100)}{shown})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT, help="the site folder (default: this repository)")
    parser.add_argument("--only", nargs="+", choices=[p.name for p in PAGES], help="just these pages")
    parser.add_argument("--min", type=int, default=98, help="the lowest score that passes (default 98)")
    parser.add_argument("--runs", type=int, default=3, help="runs at most for a page whose performance falls short")
    parser.add_argument("--chromium", type=Path, default=CHROMIUM, help="the chromium executable")
    args = parser.parse_args(argv)
    if not args.chromium.is_file():
        print(f"check-site: no chromium at {args.chromium}; run scripts/install-test-tools.sh", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.is_file() or shutil.which("node") is None:
        print("check-site: lighthouse is missing; run scripts/install-test-tools.sh", file=sys.stderr)
        return 2
    pages = tuple(p for p in PAGES if not args.only or p.name in args.only)
    failed = []
    with tempfile.TemporaryDirectory(prefix="check-site-") as tmp:
        built = Path(tmp) / "site"
        built.mkdir()
        with serve(built) as site_url:  # served first, so the build knows its full address
            shutil.rmtree(built)
            build_site(args.site.resolve(), built, base_url=site_url)
            for page in pages:
                runs: list[tuple[dict[str, int], dict]] = []
                while len(runs) < max(args.runs, 1) and (
                        not runs or max(got["performance"] for got, _ in runs) < args.min):
                    result = lighthouse(site_url + page.path, args.chromium, Path(tmp) / f"{page.name}.json")
                    runs.append((scores(result), result))
                got, result = max(runs, key=lambda run: (run[0]["performance"], sum(run[0].values())))
                if len(runs) > 1:  # with Lighthouse's measure of the machine's speed at each run
                    print(f"{page.name:10} performance in {len(runs)} runs: " + ", ".join(
                        f"{run[0]['performance']} (benchmark index {run[1]['environment']['benchmarkIndex']:.0f})"
                        for run in runs))
                print(f"{page.name:10} " + "  ".join(f"{name} {score}" for name, score in got.items()))
                for line in lost_points(result):
                    print(f"{'':10} lost: {line}")
                failed += [f"{page.name} {name} {score}" for name, score in got.items() if score < args.min]
    for line in failed:
        print(f"check-site: below {args.min}: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
