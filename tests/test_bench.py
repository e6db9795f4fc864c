"""The benchmark harness runs on a small corpus, prints issue 8's table, and measures what it claims."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import PAGE_FOLDERS, make_page, make_pages, page_file, write_corpus
from bench.measure import compare_trees, run_measured

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "bench" / "run.py"
HUGO = sorted((ROOT / "bench" / "peers" / "venv").glob("lib/python*/site-packages/hugo/binaries/hugo*"))

ROW = re.compile(r"^\| (?P<name>[^|]+) \| (?P<cold>[\d.]+ s) \| (?P<nothing>[\d.]+ s[^|]*) \| "
                 r"(?P<one>[\d.]+ s[^|]*) \| (?P<peak>\d+ MB) \|$", re.M)


def bench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), "--quick", "--work", str(tmp_path / "work"), *args],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)


def rows(stdout: str) -> dict[str, re.Match]:
    return {match["name"].strip(): match for match in ROW.finditer(stdout)}


def test_quick_run_prints_the_table_with_our_row_and_unavailable_peers(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    result = bench(tmp_path, "--peers", "hugo,mkdocs", "--no-install", "--peers-dir", str(tmp_path / "none"),
                   "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "### 20 pages, median of 1 run" in result.stdout
    assert "| peer | cold build | nothing changed | one file changed | peak memory |" in result.stdout
    found = rows(result.stdout)
    assert len(found) == 1 and next(iter(found)).endswith("(ours)")
    ours = next(iter(found.values()))
    assert 5 <= int(ours["peak"].split()[0]) < 1000
    assert "| Hugo | unavailable: not installed (run without --no-install) | | | |" in result.stdout
    assert "| MkDocs | unavailable: not installed (run without --no-install) | | | |" in result.stdout
    assert not (tmp_path / "none").exists()  # nothing was installed
    saved = json.loads((tmp_path / "work" / "results.json").read_text(encoding="utf-8"))
    assert [(b["tool"], b["scenario"]) for b in saved["sizes"][0]["builds"]] == [
        ("ours", "cold"), ("ours", "nothing"), ("ours", "one")]
    assert all(0 <= b["system_seconds"] <= b["cpu_seconds"] for b in saved["sizes"][0]["builds"])
    cpu_row = re.search(r"^\| explainer [^|]+\| ([\d.]+) s \(([\d.]+) s\) \|", result.stdout, re.M)
    assert cpu_row is not None and float(cpu_row[2]) <= float(cpu_row[1])  # the user part of the CPU time
    assert not (tmp_path / "work" / ".trash").exists()  # old outputs moved aside, deleted after the runs
    assert "Our output after one file changed is byte-for-byte a cold build's: yes" in result.stdout
    assert "No ratios: our builder or Hugo did not build the corpus." in result.stdout
    assert report.read_text(encoding="utf-8") == result.stdout.rstrip("\n") + "\n"
    site = tmp_path / "work" / "20" / "ours"
    assert len(list((site / "public" / "articles").glob("*/index.html"))) == 20
    assert "edit number 1." in page_file("ours", site, make_page(10)).read_text(encoding="utf-8")


def test_an_unknown_peer_is_a_usage_error(tmp_path: Path) -> None:
    result = bench(tmp_path, "--peers", "jekyll")
    assert result.returncode == 2
    assert "unknown peer 'jekyll': choose from hugo, hugo-like, hugo-lists, eleventy, mkdocs, pelican or none" in result.stderr


@pytest.mark.skipif(not HUGO, reason="Hugo is not installed in bench/peers (make bench installs it)")
def test_ratios_against_an_installed_hugo(tmp_path: Path) -> None:
    result = bench(tmp_path, "--peers", "hugo,hugo-like,hugo-lists", "--no-install")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^\| Hugo \d+\.\d+\.\d+ \|", result.stdout, re.M)
    assert re.search(r"^\| Hugo \d+\.\d+\.\d+, like for like \|", result.stdout, re.M)
    like = re.search(r"^\| cold build, against Hugo like for like \| at most 0\.75x \| (\d+\.\d\d)x (PASS|FAIL) \|$",
                     result.stdout, re.M)
    assert like is not None, result.stdout
    assert (like[2] == "PASS") == (float(like[1]) <= 0.75)
    lists = re.search(r"^\| cold build, against Hugo like for like, with our lists \(the same pages\) \| at most 0\.75x \| "
                      r"(\d+\.\d\d)x (PASS|FAIL) \|$", result.stdout, re.M)
    assert lists is not None, result.stdout
    ratio = re.search(r"^\| cold build \| at most 1\.5x \| (\d+\.\d\d)x (PASS|FAIL) \|$", result.stdout, re.M)
    assert ratio is not None, result.stdout
    assert (ratio[2] == "PASS") == (float(ratio[1]) <= 1.5)
    for hugo in ("hugo", "hugo-like", "hugo-lists"):
        assert len(list((tmp_path / "work" / "20" / hugo / "public" / "posts").glob("article-*/index.html"))) == 20
    tags = tmp_path / "work" / "20" / "hugo-lists" / "public" / "tags"  # the lists ours makes, made by Hugo too
    assert (tags / "index.html").is_file() and len(list(tags.glob("*/index.html"))) >= 5


def test_peak_memory_is_the_largest_process_of_the_tree(tmp_path: Path) -> None:
    grandchild = "x = b'a' * (150 * 1024 * 1024)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}], check=True)"
    big = run_measured([sys.executable, "-c", child], tmp_path)
    small = run_measured([sys.executable, "-c", "pass"], tmp_path)
    assert big.ok and small.ok
    assert big.peak_kib > 150 * 1024
    assert small.peak_kib < 100 * 1024  # measured on its own, not the maximum of earlier runs


def test_a_failed_or_hung_build_is_reported(tmp_path: Path) -> None:
    failed = run_measured([sys.executable, "-c", "import sys; print('broken'); sys.exit(3)"], tmp_path)
    assert (failed.code, failed.output) == (3, "broken")
    hung = run_measured([sys.executable, "-c", "import time; time.sleep(30)"], tmp_path, timeout=0.5)
    assert hung.code == -9  # killed at its timeout, not waited for


def test_tree_comparison_is_byte_for_byte(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "x").mkdir(parents=True)
        (root / "x" / "index.html").write_bytes(b"<p>same</p>")
    assert compare_trees(a, b) == []
    (b / "x" / "index.html").write_bytes(b"<p>same</p>\n")
    (b / "extra.html").write_bytes(b"")
    assert compare_trees(a, b) == ["only in the second: extra.html", "differs: x/index.html"]


def test_corpus_is_deterministic_and_the_same_for_every_tool(tmp_path: Path) -> None:
    pages = make_pages(30)
    assert pages[:10] == make_pages(10) and make_page(7) == pages[7]
    sizes = [len(p.body.encode()) for p in pages]
    assert 800 <= sum(sizes) / len(sizes) <= 1200
    for tool in PAGE_FOLDERS:
        site = tmp_path / tool
        write_corpus(tool, site, pages)
        assert len(list((site / PAGE_FOLDERS[tool]).glob("article-*.md"))) == 30
        text = page_file(tool, site, pages[12]).read_text(encoding="utf-8")
        assert pages[12].body in text and pages[12].title in text


def test_two_benchmarks_never_share_a_work_folder(tmp_path: Path) -> None:
    import fcntl

    (tmp_path / "work").mkdir()
    with (tmp_path / "work" / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = bench(tmp_path, "--peers", "none")
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: another benchmark is running in {tmp_path / 'work'}\n")
    assert not (tmp_path / "work" / "20").exists()


def test_breakdown_times_every_stage_and_the_markdown_floor(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_corpus("ours", site, make_pages(30))
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "breakdown.py"), str(site)],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    stages = dict(re.findall(r"^\| (\w+) \| ([\d.]+) \|", result.stdout, re.M))
    assert {"load_config", "load_units", "make_outputs", "load_templates", "_remember"} <= stages.keys()
    assert float(stages["load_units"]) > 0 and float(stages["make_outputs"]) > 0
    floor = re.search(r"markdown-it-py alone renders the 30 Markdown bodies in ([\d.]+) s of CPU", result.stdout)
    assert floor is not None, result.stdout
    assert "| Markdown (markdown-it-py, plugins, the fast path) |" in result.stdout
    assert not (site / "public").exists()  # it profiles copies: the site is left as it was
