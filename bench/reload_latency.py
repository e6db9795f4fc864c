"""How long from saving an article to the browser having reloaded it, with `serve` running.

Generates a site of N articles in a temporary folder, starts `python -m builder serve` on
it, opens an article in headless chromium (Debian's, through playwright), then saves the
article's Markdown RUNS times. Each run is timed from just before the save to the moment the
server sends its reload (the new page is in place and served: a second livereload client
listens) and to the end of the reloaded page's load event in the browser (all clocks are this
computer's wall clock), and the server's own build time is read from what it prints. The saves follow each other faster than
the pause after which the preview updates the search index (rebuild.SEARCH_QUIET), so Pagefind
is not in these figures; a save made while it runs waits for it.

    python bench/reload_latency.py                       # 1,000 and 4,000 articles, 20 runs
    python bench/reload_latency.py --articles 20 --runs 3
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import open_browser  # noqa: E402

TARGETS_MS = {1000: 50, 4000: 100}
"""Save to served page, by site size."""
WORDS = ("sanctions negotiators announced measured response embassy officials confirmed "
         "statement regional partners humanitarian corridor shipments oil licence court ruling "
         "opposition delegation talks resumed week later ministry spokesperson").split()

LOAD_END = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav && nav.loadEventEnd > 0 ? performance.timeOrigin + nav.loadEventEnd : 0;
}"""


def article_text(number: int, marker: str) -> str:
    """A plausible article: front matter, eight paragraphs of about 70 words, two links."""
    paragraphs = []
    for index in range(8):
        words = [WORDS[(number * 7 + index * 13 + k * 3) % len(WORDS)] for k in range(70)]
        paragraphs.append(" ".join(words).capitalize() + ".")
    paragraphs[1] += f" See [the background](https://example.org/background/{number})."
    paragraphs[4] += " Read [about the project](/about/)."
    paragraphs[0] = f"{marker} " + paragraphs[0]
    day = number % 28 + 1
    return (f"---\ntitle: Article number {number}\ndate: 2024-{number % 12 + 1:02d}-{day:02d}\n"
            f"summary: A summary of article {number}.\ntags: [topic-{number % 9}]\n---\n"
            + "\n\n".join(paragraphs) + "\n")


def make_site(folder: Path, articles: int) -> Path:
    site = folder / "site"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "content" / "pages").mkdir()
    (site / "site.yaml").write_text("title: Latency bench\nbase_url: https://example.github.io/bench/\n",
                                    encoding="utf-8")
    (site / "content" / "pages" / "about.md").write_text("---\ntitle: About\n---\nAbout.\n",
                                                          encoding="utf-8")
    for number in range(articles):
        (site / "content" / "articles" / f"a{number:05d}.md").write_text(
            article_text(number, "MARKER-START"), encoding="utf-8")
    return site


class Server:
    """`python -m builder serve SITE --port 0` and the build times it prints."""

    def __init__(self, site: Path, temp_root: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp_root)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "builder", "serve", str(site), "--port", "0"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait(r"^Serving (\S+)", timeout=600)[1]

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def wait(self, pattern: str, start: int = 0, timeout: float = 60) -> re.Match[str]:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    match = regex.search(line)
                    if match:
                        return match
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"the server never printed {pattern!r}:\n" + "\n".join(self.lines))
                self.cond.wait(0.1)

    def build_times(self) -> list[float]:
        with self.cond:
            return [float(m[1]) for line in self.lines
                    if (m := re.search(r"changed: rebuilt [\d,]+ pages in ([\d.]+) s", line))]

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class ReloadListener:
    """A second livereload client beside the browser: when each reload was sent (this clock, ms)."""

    def __init__(self, page_url: str) -> None:
        import asyncio

        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        origin = re.match(r"https?://[^/]+", page_url)[0]  # type: ignore[index]
        self.sent: list[float] = []
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()

        def on_message(message: str | bytes | None) -> None:
            if message is not None and '"reload"' in str(message):
                self.sent.append(time.time() * 1000)

        async def connect() -> object:
            request = HTTPRequest(origin.replace("http", "ws", 1) + "/__livereload/ws", headers={"Origin": origin})
            conn = await websocket_connect(request, on_message_callback=on_message)
            conn.write_message('{"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}')
            return conn

        self.conn = asyncio.run_coroutine_threadsafe(connect(), self._loop).result(60)

    def first_after(self, moment_ms: float) -> float | None:
        return next((sent for sent in list(self.sent) if sent >= moment_ms), None)

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self.conn.close)  # type: ignore[attr-defined]
        self._loop.call_soon_threadsafe(self._loop.stop)


def measure(articles: int, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Save-to-load-end latencies (ms), save-to-reload-sent latencies (ms: the new page is being
    served and the browsers are told) and the server's build times (ms) for one site size."""
    folder = Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    try:
        site = make_site(folder, articles)
        (folder / "tmp").mkdir()
        server = Server(site, folder / "tmp")
        try:
            article = site / "content" / "articles" / "a00000.md"
            latencies: list[float] = []
            served: list[float] = []
            listener = ReloadListener(server.url)
            with open_browser() as browser:
                page = browser.new_page()
                page.goto(server.url + "articles/article-number-0/")
                page.wait_for_function("() => window.explainerPreview && window.explainerPreview.connected",
                                       timeout=120_000)
                for run in range(runs):
                    marker = f"MARKER-{run}"
                    text = article_text(0, marker)
                    saved = time.time()
                    article.write_text(text, encoding="utf-8")
                    page.wait_for_function(
                        f"() => document.body && document.body.innerText.includes({marker!r})"
                        " && window.explainerPreview && window.explainerPreview.connected",
                        timeout=600_000, polling=5,
                    )
                    loaded = page.evaluate(LOAD_END)
                    latencies.append(loaded - saved * 1000)
                    sent = listener.first_after(saved * 1000)
                    if sent is not None:
                        served.append(sent - saved * 1000)
            listener.close()
            builds = [t * 1000 for t in server.build_times()]
        finally:
            server.stop()
        return latencies, served, builds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, action="append",
                        help="site size; repeat for several (default: 1000 and 4000)")
    parser.add_argument("--runs", type=int, default=20, help="saves per site size (default: 20)")
    args = parser.parse_args(argv)
    sizes = args.articles or [1000, 4000]
    medians: dict[int, float] = {}
    for size in sizes:
        latencies, served, builds = measure(size, args.runs)
        medians[size] = statistics.median(served) if served else float("inf")
        build = f"{statistics.median(builds):.0f} ms" if builds else "n/a"
        print(f"{size:,} articles: save to new page served (reload sent): median {medians[size]:.0f} ms, "
              f"p90 {percentile(served, 0.9) if served else float('nan'):.0f} ms; "
              f"save to reload finished in the browser: median {statistics.median(latencies):.0f} ms, "
              f"p90 {percentile(latencies, 0.9):.0f} ms ({len(latencies)} runs); build median {build}",
              flush=True)
    for size, target in TARGETS_MS.items():
        if size in medians:
            verdict = "met" if medians[size] <= target else "not met"
            print(f"target (save to served) at {size:,} articles: {target} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
