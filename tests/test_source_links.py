"""`explainer check --links`: every source's address asked, against a server of the test's own on
127.0.0.1 (live, gone, refused HEAD, moved, redirected to a dead page, silent), a host under
.invalid, and a local stand-in for the Wayback Machine's availability API. No other host is
ever contacted: name lookups for anything but 127.0.0.1 fail the test."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from builder.errors import Diagnostics
from builder.sources.alive import LinkCheck, check_source_links
from tests.conftest import ROOT, copy_fixture

TIMEOUT = 3.0
"""Seconds the check waits for an answer: the silent address never gives one."""


class Origin:
    """A web server on 127.0.0.1 with one address per kind of answer, and a Wayback stand-in."""

    def __init__(self) -> None:
        self.release = threading.Event()  # the silent address answers only once the test is over
        self.requests: list[tuple[str, str, str]] = []  # (method, path, user agent)
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                self.answer(body=False)

            def do_GET(self) -> None:
                self.answer(body=True)

            def answer(self, body: bool) -> None:
                path = urlsplit(self.path).path
                origin.requests.append((self.command, path, self.headers.get("User-Agent", "")))
                if path == "/wayback/available":
                    return self.wayback(parse_qs(urlsplit(self.path).query)["url"][0])
                if path == "/slow":
                    origin.release.wait()
                    return self.reply(200, body=body)
                if path == "/head-refused" and not body:
                    return self.reply(405)
                status, location = {
                    "/live": (200, ""), "/head-refused": (200, ""), "/gone": (404, ""), "/removed": (410, ""),
                    "/moved": (301, "/live"), "/for-now": (302, "/gone-after-redirect"), "/broken": (500, ""),
                }.get(path, (404, ""))
                self.reply(status, location, body)

            def wayback(self, url: str) -> None:
                snapshots = {}
                if urlsplit(url).path in ("/gone", "/moved"):
                    snapshots = {"closest": {"available": True, "status": "200", "timestamp": "20240102030405",
                                             "url": f"http://web.archive.org/web/20240102030405/{url}"}}
                data = json.dumps({"url": url, "archived_snapshots": snapshots}).encode()
                self.reply(200, body=True, data=data, kind="application/json")

            def reply(self, status: int, location: str = "", body: bool = False, data: bytes = b"ok",
                      kind: str = "text/plain") -> None:
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def asked(self, path: str) -> list[str]:
        return [method for method, asked, _ in self.requests if asked == path]


@pytest.fixture
def origin() -> Iterator[Origin]:
    server = Origin()
    server.thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.server.shutdown()
        server.server.server_close()


@pytest.fixture
def local_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Name lookups of this process: any host but 127.0.0.1 is refused and noted."""
    elsewhere: list[str] = []
    lookup = socket.getaddrinfo

    def guarded(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in ("127.0.0.1", b"127.0.0.1"):
            elsewhere.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, "the test allows 127.0.0.1 only")
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    return elsewhere


SOURCES = {
    "live-one": "/live",
    "head-refused": "/head-refused",
    "gone-one": "/gone",
    "removed-one": "/removed",
    "archived-gone": "/gone",
    "moved-one": "/moved",
    "redirected-to-dead": "/for-now",
    "silent-one": "/slow",
    "no-such-host": "http://source.invalid/story",
}


def sources_site(tmp_path: Path, origin: Origin) -> Path:
    site = copy_fixture("minimal", tmp_path)
    lines = ["# sources for the link check"]
    for key, path in SOURCES.items():
        lines += [f"{key}:", f"  title: The {key} story", "  publisher: Example",
                  f"  url: {path if '://' in path else origin.url + path}"]
        if key == "archived-gone":
            lines.append("  archive_url: https://web.archive.org/web/2024/https://example.org/gone")
    (site / "content" / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return site


def url_line(key: str) -> int:
    """The line of the source's `url:` in the file sources_site writes."""
    line = 2
    for name in SOURCES:
        if name == key:
            return line + 3
        line += 4 + (name == "archived-gone")
    raise KeyError(key)


def test_each_kind_of_answer_is_told_at_the_sources_url(tmp_path: Path, origin: Origin,
                                                        local_only: list[str]) -> None:
    site = sources_site(tmp_path, origin)
    found = Diagnostics()
    settings = LinkCheck(timeout=TIMEOUT, wayback_api=origin.url + "/wayback/available", today=dt.date(2026, 1, 5))
    summary = check_source_links(site, found, settings)
    told = {(item.severity, str(item.location), item.message, item.hint) for item in found.errors + found.warnings}
    archived = "https://web.archive.org/web/20240102030405/" + origin.url
    assert told == {
        ("error", f"content/sources.yaml:{url_line('gone-one')}:8",
         f"the source 'gone-one' is gone (HTTP 404): {origin.url}/gone",
         f"find where it moved, or add archive_url: with an archived copy; an archived copy: "
         f"archive_url: {archived}/gone"),
        ("error", f"content/sources.yaml:{url_line('removed-one')}:8",
         f"the source 'removed-one' is gone (HTTP 410): {origin.url}/removed",
         "find where it moved, or add archive_url: with an archived copy"),
        ("warning", f"content/sources.yaml:{url_line('archived-gone')}:8",
         f"the source 'archived-gone' is gone (HTTP 404): {origin.url}/gone",
         "readers are shown its archive_url; keep it"),
        ("warning", f"content/sources.yaml:{url_line('moved-one')}:8",
         f"the source 'moved-one' has moved for good (HTTP 301): {origin.url}/moved",
         f"write its new address: url: {origin.url}/live; an archived copy: archive_url: {archived}/moved"),
        ("error", f"content/sources.yaml:{url_line('redirected-to-dead')}:8",
         f"the source 'redirected-to-dead' is gone (HTTP 404): {origin.url}/for-now",
         "find where it moved, or add archive_url: with an archived copy"),
        ("warning", f"content/sources.yaml:{url_line('silent-one')}:8",
         f"the source 'silent-one' did not answer (no answer in {TIMEOUT:g} s): {origin.url}/slow",
         "it may be down for a while: check it in a browser"),
        ("error", f"content/sources.yaml:{url_line('no-such-host')}:8",
         "the source 'no-such-host' is gone (the host name does not resolve): http://source.invalid/story",
         "find where it moved, or add archive_url: with an archived copy"),
    }
    assert summary == "checked 9 source addresses: 2 live, 1 moved, 5 dead, 1 not answering"
    assert origin.asked("/live") == ["HEAD"]  # HEAD is enough...
    assert origin.asked("/head-refused") == ["HEAD", "GET"]  # ...unless the server refuses it
    assert origin.asked("/gone") == ["HEAD"]  # asked once, though two sources cite it
    assert origin.asked("/for-now") == ["HEAD"] and origin.asked("/gone-after-redirect") == ["HEAD"]
    assert {agent for _, _, agent in origin.requests} == {settings.user_agent}
    assert settings.user_agent.startswith("explainer-builder/")
    assert local_only == []


def test_answers_are_kept_with_their_date_and_asked_again_the_next_day(tmp_path: Path, origin: Origin,
                                                                      local_only: list[str]) -> None:
    site = sources_site(tmp_path, origin)
    (site / "content" / "sources.yaml").write_text(
        f"one:\n  title: One\n  publisher: Example\n  url: {origin.url}/live\n", encoding="utf-8")
    monday = LinkCheck(timeout=TIMEOUT, wayback_api=origin.url + "/wayback/available", today=dt.date(2026, 1, 5))
    check_source_links(site, Diagnostics(), monday)
    kept = json.loads((site / ".cache" / "links.json").read_text(encoding="utf-8"))
    assert kept == {f"{origin.url}/live": {"state": "live", "detail": "HTTP 200", "moved_to": "", "archive": "",
                                           "checked": "2026-01-05"}}
    assert check_source_links(site, Diagnostics(), monday) == \
        "checked 1 source address: 1 live; 1 from the cache of earlier checks"
    assert origin.asked("/live") == ["HEAD"]
    tuesday = LinkCheck(timeout=TIMEOUT, wayback_api=monday.wayback_api, today=dt.date(2026, 1, 6))
    assert check_source_links(site, Diagnostics(), tuesday) == "checked 1 source address: 1 live"
    assert origin.asked("/live") == ["HEAD", "HEAD"]
    (site / ".cache" / "links.json").write_text("\x80 not json", encoding="utf-8")  # a damaged cache is not used
    assert check_source_links(site, Diagnostics(), tuesday) == "checked 1 source address: 1 live"
    assert local_only == []


def test_check_links_on_the_command_line_reports_and_fails_on_dead_sources(tmp_path: Path,
                                                                          origin: Origin) -> None:
    site = sources_site(tmp_path, origin)
    env = {**os.environ, "EXPLAINER_WAYBACK_API": origin.url + "/wayback/available"}
    proc = subprocess.run([sys.executable, "-m", "builder", "check", str(site), "--links", "--link-timeout",
                           str(TIMEOUT), "--repo-url", "https://github.com/a/b"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    gone = f"content/sources.yaml:{url_line('gone-one')}:8: error: the source 'gone-one' is gone (HTTP 404)"
    assert any(line.startswith(gone) for line in lines), proc.stderr
    assert f"content/sources.yaml:{url_line('moved-one')}:8: warning: the source 'moved-one' has moved for good " \
           f"(HTTP 301): {origin.url}/moved" in lines
    assert lines[-1] == "4 sources are gone: see above"
    assert "Traceback" not in proc.stderr
    assert proc.stdout.splitlines()[-1] == \
        "checked 9 source addresses: 2 live, 1 moved, 5 dead, 1 not answering"
    assert {agent for _, _, agent in origin.requests} and all(
        agent.startswith("explainer-builder/") for _, _, agent in origin.requests)


def test_a_site_whose_sources_all_answer_passes(tmp_path: Path, origin: Origin) -> None:
    site = copy_fixture("minimal", tmp_path)
    (site / "content" / "sources.yaml").write_text(
        f"one:\n  title: One\n  publisher: Example\n  url: {origin.url}/live\n", encoding="utf-8")
    env = {**os.environ, "EXPLAINER_WAYBACK_API": origin.url + "/wayback/available"}
    proc = subprocess.run([sys.executable, "-m", "builder", "check", str(site), "--links", "--repo-url",
                           "https://github.com/a/b"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "checked 1 source address: 1 live"
    assert origin.asked("/wayback/available") == []  # a live source needs no archived copy


def test_a_cited_source_with_an_archive_url_shows_an_archived_copy_link(tmp_path: Path) -> None:
    site = copy_fixture("sources-site", tmp_path)
    proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    html = (site / "public/articles/what-the-storm-reports-say/index.html").read_text(encoding="utf-8")
    assert ('<a class="source-archive" href="https://web.archive.org/web/2025/https://example.org/report.pdf" '
            'rel="noopener">Archived copy</a>') in html
