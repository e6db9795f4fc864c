"""The HTTP side of the preview: the built site under its base path, plus the reload socket.

Only the output folder is served, exactly as GitHub Pages would serve it (base path,
clean URLs, 404.html with status 404). HTML responses get the dev client as an external
script (the pages' CSP allows no inline script) and, while the build is broken, the error
overlay. The socket is livereload's handler, made same-origin and per-server.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import mimetypes
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.websocket import WebSocketClosedError

from .reading import index_body, reading_body, seed_of
from .rebuild import Outcome, ShownError

log = logging.getLogger(__name__)

CLIENT_DIR = Path(__file__).parent / "client"
CLIENT_PREFIX = "/__livereload/"
"""Where the dev server's own files live: outside any base path, never in public/."""
READING_PREFIX = CLIENT_PREFIX + "reading/"
"""Where the preview shows how each seed article was read (see reading.py)."""
CLIENT_FILES = {"client.js": "text/javascript; charset=utf-8", "overlay.css": "text/css; charset=utf-8"}
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})
"""--host values that listen on every address of the computer."""
FINGERPRINTED = re.compile(r"\.[0-9a-f]{10}\.(css|js)$")
"""Assets named by their content: a browser may keep them, a change comes with a new name."""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json",
    ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".pdf": "application/pdf", ".webmanifest": "application/manifest+json",
}


def content_type(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Hub:
    """What every browser is told, and the state HTML responses are marked with.

    It lives on the event loop: the build thread hands it outcomes with add_callback.
    """

    def __init__(self, out_dir: Path, archive_dir: Path, instance: str, listen_host: str = "127.0.0.1",
                 site_dir: Path | None = None) -> None:
        self.out_dir = out_dir
        self.site_dir = site_dir
        """The site being previewed, for the view of how its seed articles were read."""
        self.archive_dir = archive_dir
        self.instance = instance
        """Random per server: a page from an earlier server run reloads when it reconnects."""
        self.listen_host = listen_host
        """The --host the server listens on: requests may name it (see host_allowed)."""
        self.good_builds = 0
        self.has_site = False
        self.base_path = "/"
        self.errors: tuple[ShownError, ...] = ()
        self.clients: set[ReloadSocket] = set()

    @property
    def build_id(self) -> str:
        return f"{self.instance}.{self.good_builds}"

    def publish(self, outcome: Outcome) -> None:
        """Take in a build's outcome and tell every browser what to do."""
        if outcome.ok:
            self.good_builds += 1
            self.has_site = True
            self.errors = ()
            self.base_path = outcome.base_path or "/"
            if outcome.sheets is not None:
                static = self.base_path + "static/"
                message: dict[str, Any] = {
                    "command": "css", "build": self.build_id,
                    "sheets": [[static + old, static + new] for old, new in outcome.sheets],
                }
            else:
                message = {"command": "reload", "build": self.build_id, "base": self.base_path}
        else:
            self.errors = outcome.errors
            message = {"command": "errors", "errors": self.error_list(), "served": self.has_site}
        self.broadcast(message)

    def error_list(self) -> list[dict[str, str]]:
        return [{"text": e.text, "hint": e.hint} for e in self.errors]

    def hello(self) -> dict[str, Any]:
        """The handshake reply: livereload's, plus the state a page must catch up with."""
        return {
            "command": "hello",
            "protocols": ["http://livereload.com/protocols/official-7"],
            "serverName": "explainer-preview",
            "build": self.build_id,
            "base": self.base_path,
            "errors": self.error_list(),
            "served": self.has_site,
        }

    def broadcast(self, message: dict[str, Any]) -> None:
        # No throttle: livereload 2.7 drops a reload within 3 s of the previous one
        # (LiveReloadHandler.DEFAULT_RELOAD_TIME); every build here reaches every page.
        text = json.dumps(message)
        for client in list(self.clients):
            try:
                client.write_message(text)
            except WebSocketClosedError:
                self.clients.discard(client)

    def host_allowed(self, host_header: str) -> bool:
        return host_allowed(host_header, self.listen_host)


def is_loopback(host: str) -> bool:
    """True for `localhost` and the loopback addresses (127.0.0.0/8, ::1), and nothing else."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_allowed(host_header: str, listen_host: str) -> bool:
    """Whether a request's Host names this computer: a loopback address, `localhost`, or --host.

    A web page whose own DNS name was made to point at 127.0.0.1 (DNS rebinding) still
    sends that name, so it is refused and cannot read the preview. A server listening on
    every address also answers any IP address (a rebinding needs a name) and the computer's
    own name.
    """
    try:
        name = (urlsplit("//" + host_header).hostname or "").rstrip(".")
    except ValueError:  # a malformed Host (an unclosed '[')
        return False
    listen = listen_host.strip("[]").lower()
    if is_loopback(name) or (name and name == listen):
        return True
    if listen not in WILDCARD_HOSTS:
        return False
    import socket

    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        own = socket.gethostname().lower()
        return name in (own, own + ".local")


@dataclass(frozen=True, slots=True)
class Target:
    """What a request path leads to."""

    kind: str
    """`file`, `redirect`, `missing` (inside the site) or `outside` (not under the base path)."""
    path: Path | None = None
    """The file to send, for `file`."""
    location: str = ""
    """Where to go, for `redirect` (a decoded path)."""


def resolve_target(url_path: str, base_path: str, root: Path, archive: Path | None = None) -> Target:
    """Map a decoded URL path to a file of `root`, as GitHub Pages does; nothing outside `root`.

    A path the system cannot even look up (a name over 255 bytes, too deep) is missing too.
    """
    try:
        return _resolve_target(url_path, base_path, root, archive)
    except (OSError, ValueError):
        return Target("missing")


def _resolve_target(url_path: str, base_path: str, root: Path, archive: Path | None) -> Target:
    if base_path != "/" and url_path == base_path.rstrip("/"):
        return Target("redirect", location=base_path)
    if not url_path.startswith(base_path):
        return Target("outside")
    segments = url_path[len(base_path):].split("/")
    if any(s in (".", "..") or "\\" in s or "\0" in s for s in segments):
        return Target("missing")
    parts = [s for s in segments if s]
    target = root.joinpath(*parts)
    if target.is_dir():
        if not url_path.endswith("/"):
            return Target("redirect", location=url_path + "/")
        target = target / "index.html"
    real_root = root.resolve()
    if target.is_file() and target.resolve().is_relative_to(real_root):
        return Target("file", target)
    if archive is not None and len(parts) > 1 and parts[0] == "static":
        kept = archive.joinpath(*parts[1:])
        if kept.is_file() and kept.resolve().is_relative_to(archive.resolve()):
            return Target("file", kept)
    return Target("missing")


OVERLAY_INTRO = {
    True: "You are seeing the last good build. Fix the files below and save: "
          "this message goes away by itself.",
    False: "There is no good build to show yet. Fix the files below and save: "
           "the site appears by itself.",
}
"""The overlay's first sentence, by whether a good build is being served (client.js has the same)."""


def overlay_html(errors: tuple[ShownError, ...], served: bool = True) -> str:
    """The error overlay (the client builds the same markup when errors are pushed)."""
    count = sum(1 for e in errors if not e.text.startswith("note: "))  # notes say what went unchecked
    items = "".join(
        f'<li><code class="explainer-dev-error">{escape(e.text)}</code>'
        + (f'<p class="explainer-dev-hint">hint: {escape(e.hint)}</p>' if e.hint else "")
        + "</li>"
        for e in errors
    )
    return (
        '<div id="explainer-dev-overlay" class="explainer-dev-overlay" role="alertdialog" '
        'aria-labelledby="explainer-dev-title" aria-describedby="explainer-dev-intro">'
        '<div class="explainer-dev-box">'
        f'<h2 id="explainer-dev-title">The site did not build: {count} error{"s" if count != 1 else ""}</h2>'
        f'<p id="explainer-dev-intro">{escape(OVERLAY_INTRO[served])}</p>'
        f'<ol class="explainer-dev-errors">{items}</ol>'
        '<button type="button" class="explainer-dev-close">Close</button>'
        "</div></div>"
    )


def inject(html: bytes, hub: Hub) -> bytes:
    """Add the dev client (and the overlay while broken) before the last </body>."""
    snippet = ""
    if hub.errors:
        snippet += overlay_html(hub.errors, hub.has_site)
    original = re.search(rb'/originals/([^"/<>]+\.txt)"', html) if hub.site_dir is not None else None
    if original is not None and hub.site_dir is not None:  # a seed article's page
        rel = seed_of(hub.site_dir, hub.out_dir / "originals" / original[1].decode("utf-8", "replace"))
        snippet += (f'<a class="explainer-dev-reading-link" href="{escape(READING_PREFIX + (rel or ""))}">'
                    "How this text was read</a>")
    snippet += (
        f'<link rel="stylesheet" href="{CLIENT_PREFIX}overlay.css">'
        f'<script src="{CLIENT_PREFIX}client.js" data-build="{escape(hub.build_id)}" '
        f'data-base="{escape(hub.base_path if hub.has_site else "")}"></script>'
    )
    data = snippet.encode("utf-8")
    at = html.lower().rfind(b"</body>")
    return html + data if at < 0 else html[:at] + data + html[at:]


def dev_page(title: str, body: str) -> bytes:
    """A page of the dev server itself (not of the site), with the same CSP as the site's."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; "
        "script-src 'self'; style-src 'self'; connect-src 'self'\">"
        f"<title>{escape(title)}</title></head>"
        f'<body><main class="explainer-dev-page"><h1>{escape(title)}</h1>{body}</main></body></html>'
    ).encode("utf-8")


class _Guarded(web.RequestHandler):
    hub: Hub

    def initialize(self, hub: Hub) -> None:
        self.hub = hub

    def prepare(self) -> None:
        if not self.hub.host_allowed(self.request.host):
            raise web.HTTPError(403, reason="Host not allowed")

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def compute_etag(self) -> None:
        return None


class SiteHandler(_Guarded):
    """Files of the current build, under the base path."""

    def get(self, _: str) -> None:
        self._respond()

    def head(self, _: str) -> None:
        self._respond()

    def _respond(self) -> None:
        hub = self.hub
        if not hub.has_site:
            body = dev_page("The site has not built yet",
                            "<p>The first build failed. Fix the errors and save: this page "
                            "reloads by itself.</p>")
            return self._send(503, inject(body, hub), "text/html; charset=utf-8")
        target = resolve_target(unquote(self.request.path), hub.base_path, hub.out_dir, hub.archive_dir)
        if target.kind == "redirect":
            query = f"?{self.request.query}" if self.request.query else ""
            self.set_status(301)
            self.set_header("Location", _quote_path(target.location) + query)
            self.finish()
            return
        if target.kind == "file" and target.path is not None:
            try:
                data = target.path.read_bytes()
            except OSError:  # swapped out between the look and the read: look again (the archive keeps assets)
                again = resolve_target(unquote(self.request.path), hub.base_path, hub.out_dir, hub.archive_dir)
                try:
                    if again.path is None:
                        raise FileNotFoundError
                    data = again.path.read_bytes()
                except OSError:
                    return self._not_found()
            ctype = content_type(target.path)
            if ctype.startswith("text/html"):
                data = inject(data, hub)
            elif FINGERPRINTED.search(target.path.name):  # reloads need not fetch them again
                self.set_header("Cache-Control", "max-age=31536000, immutable")
            return self._send(200, data, ctype)
        if target.kind == "outside":
            base = escape(hub.base_path)
            body = dev_page("Not part of the site",
                            f"<p>This preview serves the site under <a href=\"{base}\">{base}</a>, "
                            "the path of its <code>base_url</code>, exactly as GitHub Pages will. "
                            "A link that leads here would be broken there too.</p>")
            return self._send(404, inject(body, hub), "text/html; charset=utf-8")
        self._not_found()

    def _not_found(self) -> None:
        page = self.hub.out_dir / "404.html"
        try:
            body = page.read_bytes()
        except OSError:
            body = dev_page("Page not found", "<p>There is no page at this address.</p>")
        self._send(404, inject(body, self.hub), "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", ctype)
        self.set_header("Content-Length", str(len(body)))
        if self.request.method != "HEAD":
            self.write(body)
        self.finish()


def _quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/!$&'()*+,;=:@~-._")


class ReadingHandler(_Guarded):
    """How each seed article was read, line by line: the preview's own pages."""

    def get(self, rel: str) -> None:
        site_dir = self.hub.site_dir
        if site_dir is None:
            raise web.HTTPError(404)
        if not rel:
            page = dev_page("How the seed articles were read", index_body(site_dir, READING_PREFIX))
        else:
            body = reading_body(site_dir, unquote(rel))
            if body is None:
                raise web.HTTPError(404)
            page = dev_page(f"How {unquote(rel)} was read", body)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(inject(page, self.hub))


class ClientFileHandler(_Guarded):
    """The dev client's own script and stylesheet (never part of the built site)."""

    def get(self, name: str) -> None:
        if name not in CLIENT_FILES:
            raise web.HTTPError(404)
        self.set_header("Content-Type", CLIENT_FILES[name])
        self.finish((CLIENT_DIR / name).read_bytes())


class ReloadSocket(LiveReloadHandler):
    """livereload's websocket handler, fixed where it falls short for us.

    - It accepts any origin (check_origin returns True): here only the page's own origin.
    - Its waiters are one set shared by every server of the process: here each server
      has its own, in its Hub.
    - Its reloads go through poll_tasks, which drops one within 3 s of the last: here the
      Hub sends every message itself.
    """

    hub: Hub

    def initialize(self, hub: Hub) -> None:
        self.hub = hub

    def prepare(self) -> None:
        if not self.hub.host_allowed(self.request.host):
            raise web.HTTPError(403, reason="Host not allowed")

    def check_origin(self, origin: str) -> bool:
        parsed = urlsplit(origin)
        return parsed.scheme in ("http", "https") and parsed.netloc == self.request.host

    def open(self, *args: str, **kwargs: str) -> None:
        self.set_nodelay(True)

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except ValueError:
            return
        if isinstance(data, dict) and data.get("command") == "hello":
            self.hub.clients.add(self)
            self.send_message(self.hub.hello())

    def on_close(self) -> None:
        self.hub.clients.discard(self)


def make_application(hub: Hub) -> web.Application:
    return web.Application(
        [
            (CLIENT_PREFIX + "ws", ReloadSocket, {"hub": hub}),
            (READING_PREFIX + "(.*)", ReadingHandler, {"hub": hub}),
            (CLIENT_PREFIX + r"([a-z.]+)", ClientFileHandler, {"hub": hub}),
            (r"(.*)", SiteHandler, {"hub": hub}),
        ],
        log_function=_log_request,
        compress_response=False,
    )


def _log_request(handler: web.RequestHandler) -> None:
    log.debug("%s %s %s", handler.get_status(), handler.request.method, handler.request.uri)
