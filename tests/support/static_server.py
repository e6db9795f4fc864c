"""Serve a built site from a local directory under a URL prefix, like GitHub Pages."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# Explicit types for what a static site ships; the system mime table varies.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}

DEFAULT_404 = b"<!DOCTYPE html><title>404 Not Found</title><h1>404 Not Found</h1>\n"


def content_type(path: Path) -> str:
    """The Content-Type header value for a file."""
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _handler_for(root: Path, base_path: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "StaticTestServer"
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            self._respond(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(send_body=False)

        def _respond(self, send_body: bool) -> None:
            parts = urlsplit(self.path)
            url_path = unquote(parts.path)
            query = f"?{parts.query}" if parts.query else ""
            if url_path == base_path.rstrip("/") and base_path != "/":
                return self._redirect(base_path + query)
            if not url_path.startswith(base_path):
                return self._not_found(send_body)
            segments = url_path[len(base_path):].split("/")
            if any(s in ("..", ".") or "\\" in s or "\0" in s for s in segments):
                return self._not_found(send_body)
            target = root.joinpath(*[s for s in segments if s])
            if target.is_dir():
                if not url_path.endswith("/"):
                    return self._redirect(quote(url_path + "/") + query)
                target = target / "index.html"
            if not target.is_file():
                return self._not_found(send_body)
            self._send(HTTPStatus.OK, target.read_bytes(), content_type(target), send_body)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _not_found(self, send_body: bool) -> None:
            page = root / "404.html"
            body = page.read_bytes() if page.is_file() else DEFAULT_404
            self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", send_body)

        def _send(self, status: HTTPStatus, body: bytes, ctype: str, send_body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if send_body:
                self.wfile.write(body)

    return Handler


def normalize_base_path(base_path: str) -> str:
    """Return the prefix with one leading and one trailing slash ("repo" -> "/repo/")."""
    stripped = base_path.strip("/")
    return f"/{stripped}/" if stripped else "/"


@contextmanager
def serve_directory(root: Path, base_path: str = "/") -> Iterator[str]:
    """Serve `root` at http://127.0.0.1:PORT{base_path} in a background thread.

    Yields the base URL (ending in "/"). Paths outside the prefix and missing
    files get 404 with the body of root/404.html when present; "dir/" serves
    dir/index.html; "dir" (and the bare prefix) redirect with 301 to "dir/".
    """
    prefix = normalize_base_path(base_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(Path(root).resolve(), prefix))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="static-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
