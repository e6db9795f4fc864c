"""The live preview (`serve`): a real server on 127.0.0.1, real HTTP and websocket clients.

Each known pitfall of python-livereload 2.7 has a regression test here, named after it.
Tests wait on conditions with timeouts; the only sleeps are tiny polling intervals.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

from builder.build import build
from builder.render import THEME_DIR
from builder.server import Preview
from builder.server.app import resolve_target
from builder.server.watch import is_litter
from tests.conftest import ROOT, copy_fixture, edit
from tests.support.interrupt import CTRL_C_AFTER_FIRST_WRITE

FIXTURE = "serve-basic"
ARTICLE = "content/articles/first.md"
ARTICLE_URL = "articles/the-first-article/"
TIMEOUT = 15.0


# -- helpers: a preview server in a child process, as an editor runs it -----------------------

@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Running:
    """A `python -m builder serve` child process and what it printed."""

    proc: subprocess.Popen
    site: Path
    temp_root: Path
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)
    origin: str = ""
    base: str = "/"
    closed_streams: int = 0

    def _read(self, stream: Any, lines: list[str]) -> None:
        for line in stream:
            with self.cond:
                lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.closed_streams += 1
            self.cond.notify_all()

    def wait_line(self, pattern: str, *, stream: str = "out", start: int = 0,
                  timeout: float = TIMEOUT) -> tuple[int, str]:
        """The first line from index `start` on that matches `pattern` (a regex)."""
        lines = self.out if stream == "out" else self.err
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for index in range(start, len(lines)):
                    if regex.search(lines[index]):
                        return index, lines[index]
                left = deadline - time.monotonic()
                if left <= 0 or self.closed_streams == 2:
                    raise AssertionError(f"no line matching {pattern!r} in {stream}:\n"
                                         + "\n".join(lines) + "\nstderr:\n" + "\n".join(self.err))
                self.cond.wait(min(left, 0.1))

    def first_rebuild(self) -> str:
        """The line that tells why the first rebuild after the first build happened."""
        return self.wait_line(r"\] .* changed: ")[1]

    def request(self, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> Response:
        """A raw request (the path is sent exactly as given, with no normalising)."""
        host, port = self.origin.removeprefix("http://").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
        try:
            conn.request(method, path, headers=headers or {})
            reply = conn.getresponse()
            return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read())
        finally:
            conn.close()

    def get(self, path: str = "") -> Response:
        return self.request(self.base + path)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=TIMEOUT)


@contextmanager
def running(site: Path, *args: str, cwd: Path | None = None, site_arg: str | None = None,
            temp_root: Path | None = None, port: int = 0, env: dict[str, str] | None = None) -> Iterator[Running]:
    """Start `serve SITE --port PORT ARGS` (with `env` added) and wait until it says where it serves."""
    temp_root = temp_root or site.parent / "tmp"
    temp_root.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp_root), "PYTHONUNBUFFERED": "1", **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", site_arg or str(site), "--port", str(port), *args],
        cwd=cwd or ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    server = Running(proc, site, temp_root)
    for stream, lines in ((proc.stdout, server.out), (proc.stderr, server.err)):
        threading.Thread(target=server._read, args=(stream, lines), daemon=True).start()
    try:
        _, line = server.wait_line(r"^Serving http://")
        url = line.split()[1]
        match = re.match(r"(http://[^/]+)(/.*)", url)
        assert match, line
        server.origin, server.base = match[1], match[2]
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class Socket:
    """A websocket client speaking to the preview as the page's script does."""

    def __init__(self, url: str, origin: str) -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

        async def connect() -> Any:
            request = HTTPRequest(url, headers={"Origin": origin}, request_timeout=TIMEOUT)
            return await websocket_connect(request, on_message_callback=self._on_message)

        try:
            self.conn = asyncio.run_coroutine_threadsafe(connect(), self._loop).result(TIMEOUT)
        except BaseException:
            self._stop_loop()
            raise

    def _on_message(self, message: str | bytes | None) -> None:
        self.messages.put(None if message is None else json.loads(message))

    def send(self, data: dict[str, Any]) -> None:
        self._loop.call_soon_threadsafe(self.conn.write_message, json.dumps(data))

    def next(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        try:
            message = self.messages.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no message from the server within {timeout} s") from None
        assert message is not None, "the server closed the socket"
        return message

    def hello(self) -> dict[str, Any]:
        self.send({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        reply = self.next()
        assert reply["command"] == "hello", reply
        return reply

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self.conn.close)
        self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)


@contextmanager
def socket_to(server: Running, origin: str | None = None) -> Iterator[Socket]:
    ws_url = server.origin.replace("http://", "ws://") + "/__livereload/ws"
    client = Socket(ws_url, origin or server.origin)
    try:
        yield client
    finally:
        client.close()


def wait_until(check: Callable[[], bool], timeout: float = TIMEOUT, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_fixture(FIXTURE, tmp_path)


# -- serving: base path, 404, traversal, injection --------------------------------------------

def test_serves_the_site_under_the_base_path_like_github_pages(site: Path) -> None:
    with running(site) as server:
        assert server.base == "/repo/"
        home = server.get()
        assert home.status == 200 and home.headers["content-type"].startswith("text/html")
        assert "The first article" in home.text
        article = server.get(ARTICLE_URL)
        assert article.status == 200 and "ORIGINAL-TEXT" in article.text
        assert 'href="/repo/about/"' in article.text  # root-relative links carry the base path

        bare = server.request("/repo")
        assert bare.status == 301 and bare.headers["location"] == "/repo/"
        no_slash = server.request("/repo/articles/the-first-article?x=1")
        assert no_slash.status == 301
        assert no_slash.headers["location"] == "/repo/articles/the-first-article/?x=1"
        assert server.request("/repo/", method="HEAD").status == 200

        missing = server.get("no/such/page/")
        assert missing.status == 404
        assert "Page not found" in missing.text  # the site's own 404.html
        assert "/__livereload/client.js" in missing.text

        outside = server.request("/about/")  # a link missing the base path: broken on Pages too
        assert outside.status == 404 and "Not part of the site" in outside.text

        css_name = re.search(r'href="/repo/(static/style\.[0-9a-f]{10}\.css)"', home.text)
        assert css_name, home.text
        css = server.get(css_name[1])
        assert css.status == 200 and css.headers["content-type"].startswith("text/css")
        assert b"__livereload" not in css.body
        assert css.headers["cache-control"] == "max-age=31536000, immutable"  # named by content
        assert home.headers["cache-control"] == "no-store"  # pages: always the latest build
    assert not (site / "public").exists(), "serve must never write the site's public/"


def test_client_script_is_external_and_only_in_html_responses(site: Path) -> None:
    with running(site) as server:
        page = server.get(ARTICLE_URL).text
        tail = page[page.rindex("</main>"):]
        assert re.search(r'<script src="/__livereload/client\.js" data-build="[0-9a-f]+\.1" '
                         r'data-base="/repo/"></script></body>', tail), tail
        assert "<script>" not in page  # nothing inline: the page's CSP would refuse it
        script = server.request("/__livereload/client.js")
        assert script.status == 200 and script.headers["content-type"].startswith("text/javascript")
        assert b"WebSocket" in script.body
        assert server.request("/__livereload/overlay.css").status == 200
        assert server.request("/__livereload/server.py").status == 404
        icon = server.get("static/favicon.svg")
        assert icon.status == 200 and icon.headers["content-type"] == "image/svg+xml"
        assert b"__livereload" not in icon.body


def test_the_client_never_reaches_the_published_output(site: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for path in (site / "public").rglob("*"):
        assert "livereload" not in path.name
        if path.is_file():
            assert b"__livereload" not in path.read_bytes(), path


@pytest.mark.parametrize("raw", [
    "/repo/../site.yaml",
    "/repo/%2e%2e/site.yaml",
    "/repo/..%2fsite.yaml",
    "/repo/static/..%2f..%2f..%2fcontent/articles/first.md",
    "/repo//etc/passwd",
    "/repo/%5c..%5csite.yaml",
    "/repo/about/%00",
    "/repo/" + "a" * 300,  # a name longer than any file system allows
    "/repo/articles/" + "%C3%A9" * 200 + "/index.html",  # 400 bytes once decoded
])
def test_path_traversal_never_leaves_the_output_folder(site: Path, raw: str) -> None:
    with running(site) as server:
        reply = server.request(raw)
        assert reply.status == 404
        assert b"ORIGINAL-TEXT" not in reply.body and b"base_url" not in reply.body


def test_resolve_target_refuses_every_way_out(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "a").mkdir(parents=True)
    (root / "a" / "index.html").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link").symlink_to(tmp_path / "secret.txt")
    assert resolve_target("/repo/a/", "/repo/", root).kind == "file"
    assert resolve_target("/repo/a", "/repo/", root).location == "/repo/a/"
    assert resolve_target("/repo/../secret.txt", "/repo/", root).kind == "missing"
    assert resolve_target("/repo/link", "/repo/", root).kind == "missing"
    assert resolve_target("/elsewhere/", "/repo/", root).kind == "outside"
    assert resolve_target("/repo", "/repo/", root).location == "/repo/"


# -- security: origin of the socket, host of the request ---------------------------------------

def test_pitfall_websocket_accepts_any_origin(site: Path) -> None:
    """livereload's LiveReloadHandler.check_origin returns True: any web page could listen in."""
    from tornado.httpclient import HTTPClientError

    with running(site) as server:
        port = server.origin.rsplit(":", 1)[1]
        for origin in (f"http://evil.example:{port}", "http://127.0.0.1:1", "null"):
            with pytest.raises(HTTPClientError) as refused:
                with socket_to(server, origin=origin):
                    pass
            assert refused.value.code == 403
        with socket_to(server) as client:
            reply = client.hello()
            assert reply["build"].endswith(".1") and reply["errors"] == []


def test_requests_for_another_host_name_are_refused(site: Path) -> None:
    """A page on evil.example whose name is made to point at 127.0.0.1 cannot read the preview."""
    with running(site) as server:
        port = server.origin.rsplit(":", 1)[1]
        for name in ("evil.example", "127.evil.example", "127.0.0.1.evil.example", "localhost.evil.example",
                     "[::1"):
            assert server.request("/repo/", headers={"Host": f"{name}:{port}"}).status == 403, name
        for name in ("localhost", "127.0.0.1", "127.0.0.2", "[::1]"):
            assert server.request("/repo/", headers={"Host": f"{name}:{port}"}).status == 200, name


def test_listening_beyond_this_computer_warns(site: Path) -> None:
    with running(site, "--host", "0.0.0.0") as server:
        server.wait_line(r"^warning: listening on 0\.0\.0\.0", stream="err")
        server.wait_line(r"^  hint: leave out --host", stream="err")
        assert server.get().status == 200
        port = server.origin.rsplit(":", 1)[1]
        assert server.request("/repo/", headers={"Host": f"192.0.2.7:{port}"}).status == 200  # an address
        assert server.request("/repo/", headers={"Host": f"127.evil.example:{port}"}).status == 403


# -- reloads -----------------------------------------------------------------------------------

def test_pitfall_a_second_save_within_three_seconds_is_not_dropped(site: Path) -> None:
    """livereload drops a reload within DEFAULT_RELOAD_TIME (3 s) of the previous one."""
    with running(site) as server, socket_to(server) as client:
        client.hello()
        edit(site, ARTICLE, "ORIGINAL-TEXT", "FIRST-EDIT")
        first = client.next()
        assert first["command"] == "reload" and first["build"].endswith(".2")
        assert "FIRST-EDIT" in server.get(ARTICLE_URL).text
        edit(site, ARTICLE, "FIRST-EDIT", "SECOND-EDIT")  # well within 3 s of the first reload
        second = client.next()
        assert second["command"] == "reload" and second["build"].endswith(".3")
        assert "SECOND-EDIT" in server.get(ARTICLE_URL).text


def test_pitfall_polling_every_0_8_s_is_too_slow(site: Path) -> None:
    """Each save is answered by its own reload, from the watcher's event (livereload polled every
    0.8 s). How long it takes is measured by bench/reload_latency.py, not asserted here."""
    with running(site) as server, socket_to(server) as client:
        client.hello()
        old = "ORIGINAL-TEXT"
        for word in ("ONE-SAVE", "TWO-SAVES", "THREE-SAVES"):
            edit(site, ARTICLE, old, word)
            assert client.next()["command"] == "reload"
            assert word in server.get(ARTICLE_URL).text
            old = word


def test_pitfall_output_inside_the_watched_folder_rebuilds_forever(site: Path) -> None:
    """Served from the site folder itself (livereload would watch the whole current folder):
    a `build` in another terminal writes public/ and .cache/, and nothing is rebuilt for it."""
    with running(site, cwd=site, site_arg=".") as server, socket_to(server) as client:
        client.hello()
        assert not (site / "public").exists()
        (site / "public" / "articles" / "new").mkdir(parents=True)
        (site / "public" / "index.html").write_text("<p>old output</p>")
        (site / "public" / "articles" / "new" / "index.html").write_text("<p>a new page</p>")
        (site / ".cache" / "units").mkdir(parents=True)
        (site / ".cache" / "units" / "first.json").write_text("{}")
        (site / "notes.txt").write_text("an editor's notes beside the site")
        (site / ".git").mkdir()
        (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        edit(site, ARTICLE, "ORIGINAL-TEXT", "SENTINEL")
        assert client.next()["command"] == "reload"
        cause = server.first_rebuild()
        assert "] content/articles/first.md changed: rebuilt" in cause, cause
        assert "SENTINEL" in server.get(ARTICLE_URL).text


def test_editor_litter_never_triggers_a_rebuild(site: Path) -> None:
    articles = site / "content" / "articles"
    with running(site) as server, socket_to(server) as client:
        client.hello()
        for name in (".first.md.swp", "first.md~", ".#first.md", "4913", "#first.md#",
                     "first.md.kate-swp", "first.md___jb_tmp___", "sedAb12Cd"):
            (articles / name).write_text("litter")
            if name in ("4913", "sedAb12Cd"):  # vim's probe and sed -i's temp file come and go
                (articles / name).unlink()
        # an atomic save: write a hidden temp file, rename it over the article
        temp = articles / ".first.md.tmp-12345"
        temp.write_text((articles / "first.md").read_text().replace("ORIGINAL-TEXT", "ATOMIC"))
        os.replace(temp, articles / "first.md")
        assert client.next()["command"] == "reload"
        cause = server.first_rebuild()  # litter written earlier would be named here, or before
        assert "] content/articles/first.md changed: rebuilt" in cause, cause
        assert "ATOMIC" in server.get(ARTICLE_URL).text


def test_a_burst_of_saves_is_one_rebuild(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    articles = site / "content" / "articles"
    calls: list[int] = []

    def counted_build(options: Any, diagnostics: Any) -> Any:
        calls.append(1)
        return build(options, diagnostics)

    # a longer quiet period than the default, so a busy test machine cannot split the burst
    with preview_in_thread(site, build_function=counted_build, quiet=0.3) as (preview, origin):
        for number in range(8):
            (articles / f"burst-{number}.md").write_text(
                f"---\ntitle: Burst {number}\ndate: 2025-01-0{number + 1}\n---\nText {number}.\n")
        wait_until(lambda: preview.hub.good_builds == 2, what="the rebuild")
        assert fetch(origin + "/repo/articles/burst-7/")[0] == 200
        for number in range(5):  # one file saved again and again
            edit(site, ARTICLE, "ORIGINAL-TEXT" if number == 0 else f"SAVE-{number - 1}", f"SAVE-{number}")
        wait_until(lambda: preview.hub.good_builds == 3, what="the next rebuild")
        assert "SAVE-4" in fetch(origin + "/repo/" + ARTICLE_URL)[1]
        edit(site, "content/pages/about.md", "About this", "AFTER-BURSTS")  # the next build is this one's
        wait_until(lambda: "AFTER-BURSTS" in fetch(origin + "/repo/about/")[1], what="the last rebuild")
        wait_until(lambda: preview.hub.good_builds >= 4, what="the last reload")
        assert len(calls) == 4, "the first build, one per burst, one for the last save"
        assert preview.hub.good_builds == 4


def test_changes_during_a_build_are_coalesced_into_one_more_build(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    gate = threading.Event()
    entered = threading.Event()
    calls: list[int] = []

    def gated_build(options: Any, diagnostics: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            entered.set()
            gate.wait(TIMEOUT)
        return build(options, diagnostics)

    with preview_in_thread(site, build_function=gated_build) as (preview, origin):
        edit(site, ARTICLE, "ORIGINAL-TEXT", "EDIT-1")
        assert entered.wait(TIMEOUT)
        for number in (2, 3, 4):
            edit(site, ARTICLE, f"EDIT-{number - 1}", f"EDIT-{number}")
        gate.set()
        wait_until(lambda: "EDIT-4" in fetch(origin + "/repo/" + ARTICLE_URL)[1], what="EDIT-4")
        wait_until(lambda: preview.hub.good_builds == 3, what="the coalesced build")
        assert len(calls) == 3, "three saves during one build make one more build"


# -- the error overlay -------------------------------------------------------------------------

def test_a_build_error_keeps_the_last_good_site_and_shows_the_overlay(site: Path) -> None:
    with running(site) as server, socket_to(server) as client:
        client.hello()
        (site / "site.yaml").write_text("title: Preview test site\nbase_url: [unclosed\n")
        message = client.next()
        assert message["command"] == "errors"
        assert re.match(r"site\.yaml:\d+:\d+: error: ", message["errors"][0]["text"]), message
        server.wait_line(r"error: still serving the last good build|errors?: still serving",
                         stream="err")
        server.wait_line(r"^site\.yaml:\d+:\d+: error: ", stream="err")

        page = server.get(ARTICLE_URL)
        assert page.status == 200 and "ORIGINAL-TEXT" in page.text  # the last good build
        assert 'role="alertdialog"' in page.text and "The site did not build: 1 error" in page.text
        assert "You are seeing the last good build." in page.text
        assert message["errors"][0]["text"].split(": error: ")[0] in page.text

        with socket_to(server) as late:  # a page opened while broken learns the errors too
            assert late.hello()["errors"] == message["errors"]

        (site / "site.yaml").write_text((ROOT / "tests/fixtures" / FIXTURE / "site.yaml").read_text())
        assert client.next()["command"] == "reload"
        assert 'role="alertdialog"' not in server.get(ARTICLE_URL).text


def test_a_first_build_that_fails_still_serves_the_errors(site: Path) -> None:
    edit(site, ARTICLE, "date: 2025-10-12", "date: 2025-13-45")
    with running(site) as server, socket_to(server) as client:
        server.wait_line(r"nothing to serve until they are fixed", stream="err")
        page = server.get(ARTICLE_URL)
        assert page.status == 503
        assert "content/articles/first.md:3:7: error:" in page.text
        assert "There is no good build to show yet." in page.text
        hello = client.hello()
        assert hello["errors"] and hello["served"] is False
        edit(site, ARTICLE, "date: 2025-13-45", "date: 2025-10-12")
        assert client.next()["command"] == "reload"
        assert server.get(ARTICLE_URL).status == 200


# -- stylesheets -------------------------------------------------------------------------------

def test_a_stylesheet_change_is_swapped_without_reload(site: Path) -> None:
    with running(site) as server, socket_to(server) as client:
        client.hello()
        old = re.search(r'href="(/repo/static/style\.[0-9a-f]{10}\.css)"', server.get().text)[1]  # type: ignore[index]
        (site / "templates" / "static").mkdir(parents=True)
        css = (THEME_DIR / "static" / "style.css").read_text(encoding="utf-8")
        (site / "templates" / "static" / "style.css").write_text(css + "\nmain { outline: 1px solid; }\n")
        message = client.next()
        assert message["command"] == "css", message
        (swap,) = [pair for pair in message["sheets"] if pair[0] == old]
        new = swap[1]
        assert new != old and re.fullmatch(r"/repo/static/style\.[0-9a-f]{10}\.css", new)
        assert server.request(new).status == 200
        assert server.request(old).status == 200  # a page still loading the last build finds it
        assert f'href="{new}"' in server.get().text

        edit(site, ARTICLE, "ORIGINAL-TEXT", "NOT-CSS")  # content: a full reload again
        assert client.next()["command"] == "reload"


def test_never_serves_half_a_build(site: Path) -> None:
    """While builds follow each other, every page and every stylesheet it names is there."""
    problems: list[str] = []
    stop = threading.Event()
    static = site / "templates" / "static"
    static.mkdir(parents=True)
    css = (THEME_DIR / "static" / "style.css").read_text(encoding="utf-8")
    (static / "style.css").write_text(css)

    with running(site) as server, socket_to(server) as client:
        client.hello()

        def hammer() -> None:
            while not stop.is_set():
                page = server.get(ARTICLE_URL)
                if page.status != 200 or "</html>" not in page.text:
                    problems.append(f"page {page.status}")
                    continue
                for href in re.findall(r'href="(/repo/static/[^"]+\.css)"', page.text):
                    if server.request(href).status != 200:
                        problems.append(f"{href} missing")

        worker = threading.Thread(target=hammer)
        worker.start()
        try:
            for number in range(6):
                if number % 2:
                    edit(site, ARTICLE, "ORIGINAL-TEXT" if number == 1 else f"V{number - 2}",
                         f"V{number}")
                else:
                    (static / "style.css").write_text(css + f"\n/* version {number} */\n")
                assert client.next()["command"] in ("reload", "css")
        finally:
            stop.set()
            worker.join(TIMEOUT)
    assert problems == []


# -- threads: serving never waits for a build --------------------------------------------------

def fetch(url: str, timeout: float = TIMEOUT) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@contextmanager
def preview_in_thread(site: Path, **options: Any) -> Iterator[tuple[Preview, str]]:
    """A Preview in this process (its event loop in a thread), for tests that replace build()."""
    from tornado.netutil import bind_sockets

    preview = Preview(site, echo=False, **options)
    sockets = bind_sockets(0, "127.0.0.1")
    port = sockets[0].getsockname()[1]
    ready = threading.Event()
    control: dict[str, Any] = {}

    async def main() -> None:
        preview.listen(sockets)
        control["loop"], control["stop"] = asyncio.get_running_loop(), asyncio.Event()
        ready.set()
        await control["stop"].wait()
        preview.stop_serving()

    preview.first_build()
    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    assert ready.wait(TIMEOUT)
    try:
        yield preview, f"http://127.0.0.1:{port}"
    finally:
        control["loop"].call_soon_threadsafe(control["stop"].set)
        thread.join(TIMEOUT)
        preview.close()
    assert not preview.temp_dir.exists()


def test_pitfall_builds_on_the_event_loop_block_serving(tmp_path: Path) -> None:
    """livereload runs watch callbacks on its one event loop: a long build freezes the server."""
    site = copy_fixture(FIXTURE, tmp_path)
    building, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow_build(options: Any, diagnostics: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            building.set()
            release.wait(TIMEOUT)
        return build(options, diagnostics)

    try:
        with preview_in_thread(site, build_function=slow_build) as (preview, origin):
            edit(site, ARTICLE, "ORIGINAL-TEXT", "AFTER-SLOW-BUILD")
            assert building.wait(TIMEOUT)
            status, body = fetch(origin + "/repo/" + ARTICLE_URL, timeout=3)  # blocked: a timeout
            assert status == 200 and "ORIGINAL-TEXT" in body  # the last good build meanwhile
            release.set()
            wait_until(lambda: "AFTER-SLOW-BUILD" in fetch(origin + "/repo/" + ARTICLE_URL)[1],
                       what="the new build")
    finally:
        release.set()


# -- watching ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,litter", [
    ("first.md", False), ("first.yaml", False), ("a.txt", False), (".first.md.swp", True),
    ("first.md.swx", True), ("first.md~", True), (".#first.md", True), ("#first.md#", True),
    ("4913", True), ("first.md.kate-swp", True), ("first.md___jb_tmp___", True),
    ("sedX1y2Z3", True), ("sedan.md", False), (".goutputstream-AB12", True),
])
def test_editor_litter_names(name: str, litter: bool) -> None:
    assert is_litter(name) is litter


def rebuild_causes(server: Running) -> list[str]:
    """What each rebuild so far was for, as its terminal line says (`... changed: rebuilt`)."""
    with server.cond:
        return [m[1] for line in server.out if (m := re.search(r"\] (.*) changed: rebuilt", line))]


def test_a_save_is_one_rebuild_and_one_reload(site: Path) -> None:
    with running(site) as server, socket_to(server) as client:
        client.hello()
        edit(site, ARTICLE, "ORIGINAL-TEXT", "ONE-SAVE")
        message = client.next()
        assert message["command"] == "reload" and message["build"].endswith(".2"), message
        assert "ONE-SAVE" in server.get(ARTICLE_URL).text
        # the next save is the next build and the next reload: the first save made no other
        edit(site, "content/pages/about.md", "About this", "NEXT-SAVE about this")
        message = client.next()
        assert message["command"] == "reload" and message["build"].endswith(".3"), message
        server.wait_line(r"\] content/pages/about\.md changed: rebuilt")
        assert rebuild_causes(server) == [ARTICLE, "content/pages/about.md"]
        assert "NEXT-SAVE" in server.get("about/").text


def test_after_saves_of_every_kind_the_preview_holds_what_a_cold_build_makes(site: Path, tmp_path: Path) -> None:
    """The preview builds a save from memory (the last build's manifest, and the watcher's word
    for which files changed): after saves of each kind its output is byte for byte a cold build's."""
    from tests.conftest import cold_build, tree

    saves: list[Callable[[], None]] = [
        lambda: edit(site, ARTICLE, "ORIGINAL-TEXT", "FIRST-SAVE"),  # an article's own text
        lambda: edit(site, ARTICLE, "title: The first article", "title: A retitled article"),  # what lists show
        lambda: (site / "content/articles/third.md").write_text(
            "---\ntitle: A third article\ndate: 2025-10-20\n---\nNEW-ARTICLE text.\n", encoding="utf-8"),
        lambda: edit(site, "content/pages/about.md", "About this", "ABOUT-SAVE about this"),
        lambda: edit(site, "site.yaml", "title: ", "title: SITE-SAVE "),  # site-wide
        lambda: (site / "content/articles/second.md").unlink(),  # gone: so are the links to it
        lambda: edit(site, ARTICLE, " and a [link to the second article](/articles/the-second-article/)", ""),
    ]
    with running(site) as server, socket_to(server) as client:
        client.hello()
        for save in saves:
            save()
            message = client.next()
            assert message["command"] in ("reload", "errors"), message  # (the link to a removed article)
        assert message["command"] == "reload", message
        served = next(server.temp_root.glob("explainer-serve-*/site"))
        assert "NEW-ARTICLE" in server.get("articles/a-third-article/").text
        assert tree(served) == tree(cold_build(site, tmp_path).out)


TIMELINE = ("title: How it went\nevents:\n"
            "  - {id: first-step, date: 2024-05-01, title: TIMELINE-STEP-ONE}\n")


def test_new_folders_are_watched_and_removed_ones_forgotten(site: Path, tmp_path: Path) -> None:
    """content/timelines/ made and written at once (before its watch may be in place), then
    saved again; a templates/ folder prepared elsewhere and moved in whole; the first removed."""
    with running(site) as server, socket_to(server) as client:
        client.hello()
        timelines = site / "content" / "timelines"
        timelines.mkdir()
        (timelines / "story.yaml").write_text(TIMELINE, encoding="utf-8")
        message = client.next()
        assert message["command"] == "reload", message
        assert "TIMELINE-STEP-ONE" in server.get("timeline/").text

        edit(site, "content/timelines/story.yaml", "TIMELINE-STEP-ONE", "TIMELINE-STEP-TWO")
        assert client.next()["command"] == "reload"
        assert "TIMELINE-STEP-TWO" in server.get("timeline/").text

        prepared = tmp_path / "prepared-templates"
        (prepared / "static").mkdir(parents=True)
        css = (THEME_DIR / "static" / "style.css").read_text(encoding="utf-8")
        (prepared / "static" / "style.css").write_text(css + "\n.moved-in { color: red; }\n", encoding="utf-8")
        prepared.rename(site / "templates")
        message = client.next()
        assert message["command"] == "css", message  # the stylesheet alone changed
        assert b".moved-in" in server.request(message["sheets"][0][1]).body

        shutil.rmtree(timelines)
        assert client.next()["command"] == "reload"
        assert server.get("timeline/").status == 404
    causes = rebuild_causes(server)
    assert causes[:3] == ["content/timelines/story.yaml"] * 2 + ["templates/static/style.css"], causes
    assert all("content/timelines" in cause for cause in causes[3:]), causes


def test_the_search_index_follows_the_saves(site: Path) -> None:
    """Pagefind indexes the preview's site after a pause in the saves (not between a save and
    its reload): the index is there after the first build and follows an edit."""
    entry = "pagefind/pagefind-entry.json"
    with running(site) as server, socket_to(server) as client:
        client.hello()
        wait_until(lambda: server.get(entry).status == 200, timeout=TIMEOUT * 4, what="the first index")
        first = server.get(entry).body
        edit(site, ARTICLE, "ORIGINAL-TEXT", "NEWLY-SEARCHABLE paragraph of more words")
        assert client.next()["command"] == "reload"
        wait_until(lambda: server.get(entry).body != first, timeout=TIMEOUT * 4, what="the index after the save")
        assert server.get(entry).status == 200


def test_file_polling_drives_the_whole_preview(site: Path) -> None:
    """Where the system gives no file events (a network drive), watchfiles' polling still
    notices a save: forced here as the README tells editors to."""
    with running(site, env={"WATCHFILES_FORCE_POLLING": "1"}) as server, socket_to(server) as client:
        client.hello()
        edit(site, ARTICLE, "ORIGINAL-TEXT", "POLLED")
        assert client.next()["command"] == "reload"
        assert "POLLED" in server.get(ARTICLE_URL).text
        assert rebuild_causes(server) == [ARTICLE]


def test_without_file_events_the_preview_falls_back_to_polling(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """The system's limit of file watches reached: one warning, and saves are still seen."""
    import watchfiles

    real_watch = watchfiles.watch

    def no_file_events(*paths: Any, force_polling: bool | None = None, **options: Any) -> Any:
        if not force_polling:
            raise OSError(28, "inotify watch limit reached")
        return real_watch(*paths, force_polling=force_polling, **options)

    monkeypatch.setattr(watchfiles, "watch", no_file_events)
    site = copy_fixture(FIXTURE, tmp_path)
    with preview_in_thread(site) as (preview, origin):
        edit(site, ARTICLE, "ORIGINAL-TEXT", "POLLED-AFTER-ALL")
        wait_until(lambda: "POLLED-AFTER-ALL" in fetch(origin + "/repo/" + ARTICLE_URL)[1],
                   what="the polled change")
    assert "no file events (" in caplog.text and "looking at the files every" in caplog.text


# -- starting and stopping ---------------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly_and_leaves_no_temporary_folder(site: Path, signum: int) -> None:
    with running(site) as server:
        assert server.get().status == 200
        temps = list(server.temp_root.iterdir())
        assert len(temps) == 1 and temps[0].name.startswith("explainer-serve-")
        server.proc.send_signal(signum)
        assert server.proc.wait(timeout=TIMEOUT) == 0  # (stop() would send a second signal if it were slow)
        server.wait_line(r"^stopped")
    assert list(server.temp_root.iterdir()) == []
    assert not (site / "public").exists()


def test_ctrl_c_during_the_first_build_leaves_no_temporary_folder(site: Path) -> None:
    """The preview sends SIGINT to itself once its first build has written a file in the temporary
    folder: certainly during that build, without racing a large site's build."""
    temp_root = site.parent / "tmp-first"
    temp_root.mkdir()
    proc = subprocess.run([sys.executable, "-c", CTRL_C_AFTER_FIRST_WRITE, "serve", str(site), "--port", "0"],
                          cwd=ROOT, env={**os.environ, "TMPDIR": str(temp_root)},
                          capture_output=True, text=True, timeout=TIMEOUT * 4)
    out, err = proc.stdout, proc.stderr
    assert proc.returncode == 0, err
    assert "Serving" not in out and "stopped" in out
    assert list(temp_root.iterdir()) == []


def test_a_port_in_use_says_so_and_suggests_a_free_one(site: Path, tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    temp_root = tmp_path / "tmp-port"
    temp_root.mkdir()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "builder", "serve", str(site), "--port", str(port)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
            env={**os.environ, "TMPDIR": str(temp_root)},
        )
    finally:
        taken.close()
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == f"error: port {port} is already in use on 127.0.0.1"
    assert re.fullmatch(r"  hint: another preview or program uses it; stop it, or use "
                        r"serve --port \d+", lines[1]), lines
    assert "Traceback" not in proc.stderr
    assert list(temp_root.iterdir()) == []


def test_no_site_yaml_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "builder", "serve", str(tmp_path), "--port", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"site.yaml:1:1: error: no site.yaml in {tmp_path}\n  hint: ")


# -- how the seed articles were read ----------------------------------------------------------

def test_the_preview_shows_how_each_seed_article_was_read(site: Path) -> None:
    """Every line of a pasted page, what it became or why it was left out; from the article's
    page one link away; only names the site lists are ever opened."""
    corpus = ROOT / "tests" / "fixtures" / "seed-corpus"
    (site / "content" / "articles" / "letemps.txt").write_bytes(
        (corpus / "fr02_letemps_climat_lynxdump.txt").read_bytes())
    with running(site) as server:
        page = server.get("articles/le-rechauffement-un-frein-a-lemigration-des-plus-pauvres/")
        assert page.status == 200
        link = re.search(r'class="explainer-dev-reading-link" href="([^"]+)"', page.text)
        assert link and link[1] == "/__livereload/reading/content/articles/letemps.txt", page.text[-600:]
        reading = server.request(link[1])
        assert reading.status == 200
        assert "<td>77</td><td>Le réchauffement, un frein à l’émigration des plus pauvres</td><td>the headline</td>" \
            in reading.text
        assert "<td>95</td><td>* Icon Facebook</td><td>left out: share button</td>" in reading.text
        assert "<td>105</td><td>Qu’il s’agisse de fuir des ouragans de plus en plus dévastateurs,</td>" \
               "<td>paragraph 1</td>" in reading.text
        assert "reading: keep: [LINE]" in reading.text and "/__livereload/client.js" in reading.text
        index = server.request("/__livereload/reading/")
        assert index.status == 200 and "content/articles/letemps.txt" in index.text
        for outside in ("/__livereload/reading/site.yaml", "/__livereload/reading/../../etc/passwd",
                        "/__livereload/reading/content/articles/first.md"):
            assert server.request(outside).status == 404
        assert "explainer-dev-reading-link" not in server.get("about/").text  # only on seed pages


def test_the_overlay_says_what_an_error_kept_from_being_checked(site: Path) -> None:
    """The preview shows the same list as the terminal: the cause, then one note for what it
    kept from being checked, and the count is of errors only."""
    (site / "content" / "sources.yaml").write_text(
        "reuters-x:\n  title: A report\n  publisher: Reuters\n  url: https://example.org/x\n  date: 2025-01-02\n",
        encoding="utf-8")
    first = site / "content" / "articles" / "first.md"
    first.write_text(first.read_text(encoding="utf-8") + "\nAs reported [@reuters-x].\n", encoding="utf-8")
    with running(site) as server, socket_to(server) as client:
        client.hello()
        (site / "content" / "sources.yaml").write_text(
            'reuters-x:\n  title: "A report\n  publisher: Reuters\n', encoding="utf-8")
        message = client.next()
        assert message["command"] == "errors"
        texts = [error["text"] for error in message["errors"]]
        assert texts[0].startswith("content/sources.yaml:2:10: error: ") and len(texts) == 2, texts
        assert texts[1].startswith("note: ") and "not checked" in texts[1]
        page = server.get(ARTICLE_URL)
        assert "The site did not build: 1 error<" in page.text and "note: " in page.text
