"""Full-page screenshots of the showcase, phone, tablet and desktop, light and dark, and printed.

Builds the site in this repository into a temporary folder (under /repo/, as GitHub Pages
serves a project site), serves it on 127.0.0.1, and saves one PNG per page, width and
colour scheme, and one of each page as printed (print media, A4 width), into screenshots/
(git-ignored), driving Debian's chromium through playwright:

    make screenshots
    .venv/bin/python scripts/screenshots.py --out /elsewhere --only timeline

It also says which pages scroll sideways on a phone (exit status 1 when one does).
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BASE_PATH = "/repo/"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml"}
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".json": "application/json",
                 ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
                 ".webp": "image/webp", ".txt": "text/plain; charset=utf-8", ".xml": "application/xml"}


@dataclass(frozen=True, slots=True)
class Shot:
    """One page of the site to photograph."""

    name: str
    """Start of the file name, e.g. "article"."""
    path: str
    """Its address below the base path, e.g. "timeline/"; "" for the home page."""


@dataclass(frozen=True, slots=True)
class Viewport:
    """A window size to photograph the pages at."""

    name: str
    """Its short name, such as phone or desktop, used in the file name."""
    width: int
    """CSS pixels."""
    height: int
    """CSS pixels; the screenshot itself covers the whole page."""


SHOTS = (
    Shot("home", ""),
    Shot("article", "articles/maduro-defies-trump/"),
    Shot("timeline", "timeline/"),
    Shot("sources", "sources/"),
    Shot("about", "about/"),
    Shot("404", "no-such-page/"),
)
VIEWPORTS = (Viewport("phone", 390, 844), Viewport("tablet", 768, 1024), Viewport("desktop", 1280, 800))
PRINT = Viewport("print", 794, 1123)
"""A4 at 96 dpi: the print stylesheet's page, photographed with print media."""
SCHEMES = ("light", "dark")


def build_site(site: Path, out: Path, base_url: str = BASE_PATH) -> None:
    """Build `site` into `out` with the project's own CLI; stop with its errors if it fails."""
    proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site), "--out", str(out),
                           "--base-url", base_url], cwd=ROOT, capture_output=True, text=True)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"screenshots: the site did not build (exit {proc.returncode})")


def _handler(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = unquote(urlsplit(self.path).path)
            target: Path | None = None
            if path.startswith(BASE_PATH):
                candidate = (root / path[len(BASE_PATH):]).resolve()
                if candidate.is_dir():
                    candidate = candidate / "index.html"
                if candidate.is_relative_to(root) and candidate.is_file():
                    target = candidate
            status = HTTPStatus.OK if target else HTTPStatus.NOT_FOUND
            target = target or root / "404.html"
            body = target.read_bytes() if target.is_file() else b"Not found"
            kind = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if "gzip" in self.headers.get("Accept-Encoding", "") and target.suffix in COMPRESSED:
                body = gzip.compress(body)  # as GitHub Pages serves text (what Lighthouse weighs)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` under BASE_PATH on a free loopback port; yield the site's address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(root.resolve()))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def take(site_url: str, out: Path, shots: tuple[Shot, ...], chromium: Path) -> list[str]:
    """Save every screenshot into `out`; return the pages that scroll sideways."""
    from playwright.sync_api import sync_playwright

    overflowing: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            for viewport in VIEWPORTS:
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": viewport.width, "height": viewport.height},
                                                  color_scheme=scheme, reduced_motion="reduce")
                    page = context.new_page()
                    for shot in shots:
                        page.goto(site_url + shot.path, wait_until="load")
                        page.evaluate("document.fonts.ready")
                        width = page.evaluate("document.documentElement.scrollWidth")
                        file = out / f"{shot.name}-{viewport.name}-{scheme}.png"
                        page.screenshot(path=str(file), full_page=True)
                        note = ""
                        if width > viewport.width:
                            note = f"  scrolls sideways: {width}px wide"
                            overflowing.append(f"{file.name}: {width}px wide in a {viewport.width}px window")
                        print(f"{file}{note}")
                    context.close()
            context = browser.new_context(viewport={"width": PRINT.width, "height": PRINT.height},
                                          color_scheme="light", reduced_motion="reduce")
            page = context.new_page()
            page.emulate_media(media="print")
            for shot in shots:
                page.goto(site_url + shot.path, wait_until="load")
                page.evaluate("document.fonts.ready")
                file = out / f"{shot.name}-{PRINT.name}.png"
                page.screenshot(path=str(file), full_page=True)
                print(file)
            context.close()
        finally:
            browser.close()
    return overflowing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT, help="the site folder (default: this repository)")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="where the PNGs go")
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SHOTS], help="just these pages")
    parser.add_argument("--chromium", type=Path, default=CHROMIUM, help="the chromium executable")
    args = parser.parse_args(argv)
    if not args.chromium.is_file():
        print(f"screenshots: no chromium at {args.chromium}; run scripts/install-test-tools.sh", file=sys.stderr)
        return 2
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("screenshots: the playwright package is missing; pip install -e '.[test]'", file=sys.stderr)
        return 2
    shots = tuple(s for s in SHOTS if not args.only or s.name in args.only)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        if any(old.name.startswith(f"{s.name}-") for s in shots):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        built = Path(tmp) / "site"
        build_site(args.site.resolve(), built)
        with serve(built) as site_url:
            overflowing = take(site_url, out, shots, args.chromium)
    print(f"{len(shots) * (len(VIEWPORTS) * len(SCHEMES) + 1)} screenshots in {out}")
    for line in overflowing:
        print(f"screenshots: scrolls sideways: {line}", file=sys.stderr)
    return 1 if overflowing else 0


if __name__ == "__main__":
    sys.exit(main())
