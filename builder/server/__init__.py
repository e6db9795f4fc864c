"""`serve`: build once, serve the result on this computer, rebuild and reload on every save.

The site is built into a temporary folder outside the site (never public/, never a
watched folder) that is removed on exit, Ctrl-C included.

What python-livereload 2.7 needed: we keep its websocket handler (the livereload
protocol's handshake) on its tornado, and replace the rest. Its `Server.serve()` injects
an inline script before </head> (the pages' CSP refuses inline scripts), drops a reload
within 3 s of the last, polls mtimes every 0.8 s, watches the current folder when told
nothing, accepts websockets from any origin, shows no build errors, runs builds on its
event loop and serves with no base path and no 404 status. Here: an external client
script before </body> (app.py), every build reaches every page (app.Hub), watchfiles on
named inputs only (watch.py), builds in their own thread (rebuild.py), a same-origin
socket, an error overlay, GitHub Pages' paths and 404.
"""

from __future__ import annotations

import asyncio
import errno
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path
from typing import Sequence

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from ..build import build
from ..config import load_config
from ..errors import Diagnostics
from ..write import signals_held
from .app import Hub, is_loopback, make_application
from .rebuild import BuildFunction, Outcome, Rebuilder
from .watch import QUIET, Inputs, Watcher

__all__ = ["Preview", "serve"]

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class Preview:
    """One running preview: temp output, watcher, build thread and the HTTP app's state."""

    def __init__(self, site_dir: Path, *, drafts: bool = False, host: str = "127.0.0.1",
                 build_function: BuildFunction = build, quiet: float = QUIET, echo: bool = True) -> None:
        self.inputs = Inputs.of(site_dir)
        self.echo = echo
        self.loop: IOLoop | None = None
        self.server: HTTPServer | None = None
        self._closed = False
        temp_dir: Path | None = None
        try:  # Ctrl-C may come at any moment: the temporary folder must not outlive it
            with signals_held():  # mkdtemp's probe file or the folder would be left behind
                temp_dir = Path(tempfile.mkdtemp(prefix="explainer-serve-"))
            self.temp_dir = temp_dir
            self.out_dir = temp_dir / "site"
            self.hub = Hub(self.out_dir, temp_dir / "assets", secrets.token_hex(4), host, site_dir)
            self.rebuilder = Rebuilder(self.inputs, self.out_dir, temp_dir / "assets", drafts,
                                       self._on_outcome, build_function=build_function,
                                       on_warning=self._warn)
            self.watcher = Watcher(self.inputs, self.rebuilder.notify, quiet=quiet)
        except BaseException:
            if temp_dir is not None:
                shutil.rmtree(temp_dir, ignore_errors=True)
            raise

    def first_build(self) -> Outcome:
        """Start watching (so a save during this build is not lost), then build once."""
        self.watcher.start()
        outcome = self.rebuilder.build_once()
        self._report(outcome)
        self.hub.publish(outcome)
        self.rebuilder.session.flush()
        if not outcome.ok:
            config = load_config(self.inputs.site_dir, Diagnostics())
            self.hub.base_path = config.base_path if config else "/"
        return outcome

    def listen(self, sockets: Sequence[socket.socket]) -> None:
        """Serve on `sockets` and start rebuilding; call inside the running event loop."""
        self.loop = IOLoop.current()
        self.server = HTTPServer(make_application(self.hub))
        self.server.add_sockets(sockets)
        self.rebuilder.start()

    def _on_outcome(self, outcome: Outcome) -> None:
        """From the build thread: tell the terminal now, the browsers on the event loop."""
        self._report(outcome)
        if self.loop is not None:
            self.loop.add_callback(self.hub.publish, outcome)

    def _warn(self, warning: str) -> None:
        if self.echo:
            print(warning, file=sys.stderr, flush=True)

    def _report(self, outcome: Outcome) -> None:
        if not self.echo:
            return
        stamp = time.strftime("%H:%M:%S")
        for warning in outcome.warnings:
            print(warning, file=sys.stderr, flush=True)
        if outcome.changed:
            names = outcome.changed
            what = names[0] if len(names) == 1 else f"{len(names)} files ({', '.join(names[:3])}"
            what += "" if len(names) == 1 else (", ...)" if len(names) > 3 else ")")
            cause = f"{what} changed: "
        else:
            cause = ""
        if outcome.ok:
            verb = "rebuilt" if cause else "built"
            swap = "; stylesheets swapped in open pages" if outcome.sheets is not None else ""
            print(f"[{stamp}] {cause}{verb} {outcome.pages:,} pages in {outcome.seconds:.2f} s{swap}",
                  flush=True)
            return
        for error in outcome.errors:
            print(error.text + (f"\n  hint: {error.hint}" if error.hint else ""), file=sys.stderr)
        count = len(outcome.errors)
        still = ("still serving the last good build" if self.hub.has_site
                 else "nothing to serve until they are fixed")
        print(f"[{stamp}] {cause}{count} error{'s' if count != 1 else ''}: {still}",
              file=sys.stderr, flush=True)

    def stop_serving(self) -> None:
        """Close the listening sockets; call inside the event loop."""
        if self.server is not None:
            self.server.stop()
            self.server = None

    def close(self) -> None:
        """Stop watching and building (after the build in progress), remove the temporary folder."""
        if self._closed:
            return
        self._closed = True
        if self.rebuilder.building and self.echo:
            print("waiting for the build in progress to finish...", flush=True)
        try:
            self.watcher.stop()
            self.rebuilder.stop()
        finally:
            shutil.rmtree(self.temp_dir, ignore_errors=True)


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          drafts: bool = False) -> int:
    """The `serve` command: returns the exit code."""
    if not (site_dir / "site.yaml").is_file():
        print(f"site.yaml:1:1: error: no site.yaml in {site_dir}", file=sys.stderr)
        print("  hint: run the command from the site's folder, or give the folder: serve SITE_DIR",
              file=sys.stderr)
        return EXIT_ERRORS
    if not 0 <= port <= 65535:
        print(f"error: --port must be between 0 and 65535, not {port}", file=sys.stderr)
        return EXIT_USAGE
    loopback = is_loopback(host)
    try:
        sockets = bind_sockets(port, address=host)
    except OSError as exc:
        _explain_bind_error(exc, host, port)
        return EXIT_ERRORS
    if not loopback:
        print(f"warning: listening on {host}: other computers on your network can open this preview",
              file=sys.stderr)
        print("  hint: leave out --host to keep the preview on this computer", file=sys.stderr)
    preview: Preview | None = None
    previous_term = signal.signal(signal.SIGTERM, _interrupt)  # until the event loop takes over
    try:
        preview = Preview(site_dir, drafts=drafts, host=host)
        preview.first_build()
        url = f"http://{_url_host(host)}:{sockets[0].getsockname()[1]}{preview.hub.base_path}"
        asyncio.run(_serve_until_signal(preview, sockets, url, open_browser))
    except KeyboardInterrupt:
        pass
    finally:
        for sock in sockets:  # closed already when the server ran; not when the build was cut short
            sock.close()
        if preview is not None:
            preview.close()
        signal.signal(signal.SIGTERM, previous_term)
    print("stopped: the temporary build folder was removed", flush=True)
    return EXIT_OK


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


async def _serve_until_signal(preview: Preview, sockets: Sequence[socket.socket], url: str,
                              open_browser: bool) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not the main thread, or Windows
            pass
    preview.listen(sockets)
    print(f"Serving {url}  (Ctrl-C to stop)", flush=True)
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        await stop.wait()
    finally:
        preview.stop_serving()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError):
                pass
    print("stopping...", flush=True)


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _explain_bind_error(exc: OSError, host: str, port: int) -> None:
    if exc.errno == errno.EADDRINUSE:
        print(f"error: port {port} is already in use on {host}", file=sys.stderr)
        free = next_free_port(host, port)
        tip = f"serve --port {free}" if free else "serve --port PORT with another port"
        print(f"  hint: another preview or program uses it; stop it, or use {tip}", file=sys.stderr)
    elif exc.errno == errno.EACCES:
        print(f"error: this user may not listen on port {port}", file=sys.stderr)
        print("  hint: use a port above 1023, such as the default 8000", file=sys.stderr)
    elif isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        print(f"error: cannot listen on '{host}': no such address on this computer", file=sys.stderr)
        print("  hint: leave out --host, or give an address of this computer such as 127.0.0.1",
              file=sys.stderr)
    else:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)


def next_free_port(host: str, port: int, tries: int = 50) -> int | None:
    """The first port after `port` that can be bound on `host` right now."""
    for candidate in range(port + 1, min(port + 1 + tries, 65536)):
        try:
            probe = bind_sockets(candidate, address=host)
        except OSError:
            continue
        for sock in probe:
            sock.close()
        return candidate
    return None
