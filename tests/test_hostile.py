"""Content is never code: script payloads in every text field reach readers only as text.

A site whose every text field (site.yaml strings, front matter, Markdown bodies, a seed
article and its sidecar notes, timeline events, sources) holds script payloads is built,
then every page is checked twice: parsed (no script element but the theme's own, no
event-handler attribute, no javascript:/data: link) and loaded in Chromium (no dialog, no
Content-Security-Policy violation, and none either with the policy switched off).

The dev server is attacked too: paths that climb out of the output folder (plain, encoded,
double-encoded, backslashes, links), a request naming another host, a burst of 2,000
requests, and content files deleted, renamed or half-written while it watches.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import ROOT, copy_fixture, run_cli
from tests.support.fixtures import browser_session, serve_site  # noqa: F401  (pytest fixtures)


def payload(field: str) -> str:
    """Every way out of a text node or an attribute, tagged with the field it was put in."""
    return (f'{field} <script>alert("{field}")</script> "><img src=x onerror=alert("{field}")> '
            f"'><svg onload=alert(\"{field}\")> </title></textarea></script><script>alert(\"{field}\")</script> "
            "{{ 7*191 }} <!-- ]]>")


def q(value: str) -> str:
    """A YAML string (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def link_payloads(field: str) -> str:
    """Markdown links and images whose targets are scripts."""
    return "\n\n".join([
        f'[js-{field}](javascript:alert("{field}")) [JS](JaVaScRiPt:alert(1)) [sp]( javascript:alert(1))',
        f"[data-{field}](data:text/html,<script>alert(1)</script>) [b64](data:text/html;base64,PHNjcmlwdD4=)",
        '[ent](&#106;avascript:alert(1)) [tab](java\tscript:alert(1)) [vb](vbscript:msgbox(1))',
        f'![img-{field}](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2Zz4=)',
        '<javascript:alert(1)> [ref][r]\n\n[r]: javascript:alert(1)',
        '[attr](/ "x\\" onmouseover=\\"alert(1)") [q](/?"><script>alert(1)</script>)',  # to a page that exists
        '<script>alert("raw")</script>\n\n<img src=x onerror=alert("raw")>\n\n<a href="javascript:alert(1)">a</a>',
        '<iframe src="javascript:alert(1)"></iframe> <svg><script>alert(1)</script></svg>',
        '<style>body{display:none}</style> <form action="javascript:alert(1)"><button>go</button></form>',
        '<base href="javascript:alert(1)//"> <meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    ])


def hostile_site(site: Path) -> None:
    """Write the site: every text field that reaches a page carries payloads."""
    files = {
        "site.yaml": "\n".join([
            f"title: {q(payload('site-title'))}",
            f"description: {q(payload('site-description'))}",
            "base_url: https://example.github.io/repo/",
            f"author: {q(payload('site-author'))}",
            f"license: {q(payload('site-license'))}",
            "language: en",  # a language is a checked tag (test_error_catalogue): it carries no payload
            'repo_url: "https://example.org/\\"><script>alert(\\"repo-url\\")</script>"',
            "nav:",
            f"  - title: {q(payload('nav-title'))}",
            f"    url: {q('?' + chr(34) + '><script>alert(1)</script>')}",  # the home page, a hostile query
            f"  - title: {q(payload('nav-title-2'))}",
            '    url: "https://example.org/\\" onmouseover=\\"alert(1)"',
            "",
        ]),
        "content/articles/hostile.md": "\n".join([
            "---",
            f"title: {q(payload('article-title'))}",
            "slug: hostile",
            "date: 2025-10-12",
            f"summary: {q(payload('article-summary'))}",
            f"author: {q(payload('article-author'))}",
            f"outlet: {q(payload('article-outlet'))}",
            f"section: {q(payload('article-section'))}",
            f"description: {q(payload('article-description'))}",
            "language: es",
            'source_url: "https://example.org/story?\\"><script>alert(\\"source-url\\")</script>"',
            "timeline: main",
            "events: [first-event]",
            "---",
            payload("article-body"),
            "",
            "## " + payload("article-heading"),
            "",
            link_payloads("article"),
            "",
            f"A citation [@hostile-source] and [an event](timeline:first-event). {payload('article-cite')}",
            "",
            "| a | b |\n|---|---|\n| " + payload("cell").replace("|", "\\|") + " | x |",
            "",
            "Footnote.[^1]",
            "",
            "[^1]: " + payload("footnote") + " [f](javascript:alert(1))",
            "",
        ]),
        "content/pages/about.md": "\n".join([
            "---",
            f"title: {q(payload('page-title'))}",
            "slug: about",
            f"summary: {q(payload('page-summary'))}",
            f"description: {q(payload('page-description'))}",
            "---",
            payload("page-body"),
            "",
            link_payloads("page"),
            "",
        ]),
        "content/index.md": "\n".join([
            "---",
            f"title: {q(payload('home-title'))}",
            f"description: {q(payload('home-description'))}",
            f"summary: {q(payload('home-summary'))}",
            "---",
            payload("home-body"),
            "",
            link_payloads("home"),
            "",
        ]),
        "content/articles/seed.txt": "\n".join([
            "OPINION",
            "",
            'Headline of the seed <script>alert("seed-headline")</script> "><img src=x onerror=alert("seed-headline")>',
            "",
            'A deck with <b>bold</b> and javascript:alert("seed-deck") in it.',
            "",
            "By <script>alert(1)</script> Smith",
            "",
            "October 12, 2025",
            "",
            'The first paragraph says "><img src=x onerror=alert("seed-p1")> right here, in plain text.',
            "",
            '<script>alert("seed-p2")</script> is what the second paragraph is made of, and more words.',
            "",
            'Links in text: javascript:alert("seed-url") and data:text/html,<script>alert(1)</script> stay text.',
            "",
            "</p><script>alert(\"seed-p4\")</script><p> {{ 7*191 }} ends the article here.",
            "",
        ]),
        "content/articles/seed.yaml": "\n".join([
            f"title: {q(payload('sidecar-title'))}",
            f"deck: {q(payload('sidecar-deck'))}",
            "slug: seed-article",
            f"outlet: {q(payload('sidecar-outlet'))}",
            f"section: {q(payload('sidecar-section'))}",
            f"author: {q(payload('sidecar-author'))}",
            "date: 2025-10-12",
            f"summary: {q(payload('sidecar-summary'))}",
            f"description: {q(payload('sidecar-description'))}",
            "timeline: main",
            "events: [first-event]",
            "notes:",
            f"  - quote: {q('<img src=x onerror=alert(' + chr(34) + 'seed-p1' + chr(34) + ')>')}",
            f"    note: {q(payload('note') + ' [n](javascript:alert(1)) <script>alert(1)</script>')}",
            "    sources: [hostile-source]",
            "    event: first-event",
            f"  - quote: {q('<script>alert(' + chr(34) + 'seed-p2' + chr(34) + ')</script>')}",
            f"    note: {q(payload('note-2'))}",
            "    sources: [hostile-source]",
            "",
        ]),
        "content/timelines/main.yaml": "\n".join([
            f"title: {q(payload('timeline-title'))}",
            f"description: {q(payload('timeline-description') + ' [d](javascript:alert(1))')}",
            "eras:",
            "  - id: era-one",
            f"    title: {q(payload('era-title'))}",
            "    start: 2018",
            "events:",
            "  - id: first-event",
            "    date: 2019-01-23",
            f"    title: {q(payload('event-title'))}",
            f"    summary: {q(payload('event-summary') + ' [x](javascript:alert(1)) [y](timeline:second-event)')}",
            "    sources: [hostile-source]",
            "    importance: major",
            "  - id: second-event",
            "    date: 2020-05",
            f"    title: {q(payload('event-title-2'))}",
            f"    summary: {q(link_payloads('event'))}",
            "",
        ]),
        "content/sources.yaml": "\n".join([
            "hostile-source:",
            f"  title: {q(payload('source-title'))}",
            f"  publisher: {q(payload('source-publisher'))}",
            '  url: "https://example.org/?q=\\"><script>alert(\\"source-url\\")</script>"',
            '  archive_url: "https://example.org/\\" onmouseover=\\"alert(1)"',
            "  date: 2019-01-23",
            "  language: en",
            f"  note: {q(payload('source-note') + ' [x](javascript:alert(1))')}",
            "",
        ]),
    }
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("hostile") / "site"
    hostile_site(site)
    proc = subprocess.run([sys.executable, "-m", "builder", "build", str(site)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return site / "public"


def html_pages(public: Path) -> list[Path]:
    return sorted(public.rglob("*.html"))


ASSET_SCRIPT = re.compile(r"^/repo/static/[\w.-]+\.js$")
CSP = re.compile(r"script-src 'self'(;|$)")
BAD_SCHEME = re.compile(r"^[\s\x00-\x1f]*(javascript|vbscript|data)\s*:", re.I)
SAFE_IMAGE = re.compile(r"^data:image/(png|gif|jpeg|webp);", re.I)
SEARCH_ACTION = re.compile(r"^/(?:[\w.-]+/)*search/$")
"""Where the theme's search box sends its words."""
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite",
                  "data")


class PageAudit(HTMLParser):
    """What a page would run: script elements, handlers, script URLs, refreshes, policies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.policies: list[str] = []
        self.json_scripts: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("type") == "application/ld+json" and "src" not in values:
                self._in_json = True
            elif not ASSET_SCRIPT.match(values.get("src") or ""):
                self.problems.append(f"<script {attrs}>")
        if tag == "form" and values.get("role") == "search" and SEARCH_ACTION.search(values.get("action") or ""):
            pass  # the theme's own search box: a plain GET form to the site's search page
        elif tag in ("iframe", "frame", "object", "embed", "base", "form", "style", "applet"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(values.get("content") or "")
        elif tag == "meta" and values.get("http-equiv"):
            self.problems.append(f"<meta http-equiv={values.get('http-equiv')}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value and BAD_SCHEME.match(value):
                if not (tag == "img" and name == "src" and SAFE_IMAGE.match(value)):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json = False


def test_the_hostile_site_builds_every_kind_of_page(built: Path) -> None:
    pages = {p.relative_to(built).as_posix() for p in html_pages(built)}
    for page in ("index.html", "articles/hostile/index.html", "articles/seed-article/index.html",
                 "about/index.html", "404.html"):
        assert page in pages, sorted(pages)
    assert len(pages) >= 7, sorted(pages)  # with the timeline and sources pages


def test_no_page_holds_executable_markup_from_content(built: Path) -> None:
    for page in html_pages(built):
        html = page.read_text(encoding="utf-8")
        audit = PageAudit()
        audit.feed(html)
        audit.close()
        where = page.relative_to(built).as_posix()
        assert audit.problems == [], (where, audit.problems)
        for data in audit.json_scripts:
            assert "</" not in data.lower() and "<!--" not in data
            json.loads(data)
        assert "1337" not in html, f"{where}: a template expression from content was evaluated"


class VisibleText(HTMLParser):
    """The text a reader sees (entities decoded), outside head, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


@pytest.mark.parametrize("page, fields", [
    ("articles/hostile/index.html", ("article-title", "article-summary", "article-body", "article-heading",
                                     "article-author", "cell", "footnote", "site-title")),
    ("articles/seed-article/index.html", ("sidecar-title", "sidecar-deck", "note", "note-2")),
    ("about/index.html", ("page-title", "page-body", "nav-title")),
    ("index.html", ("home-title", "home-body")),
])
def test_payloads_reach_the_reader_as_text(built: Path, page: str, fields: tuple[str, ...]) -> None:
    """Escaped, not dropped: the reader sees exactly what the editor wrote."""
    reader = VisibleText()
    reader.feed((built / page).read_text(encoding="utf-8"))
    seen = " ".join("".join(reader.parts).split())
    for field in fields:
        assert f'{field} <script>alert("{field}")</script>' in re.sub("[\u201c\u201d]", '"', seen), (page, field)


def test_every_page_forbids_inline_script(built: Path) -> None:
    for page in html_pages(built):
        audit = PageAudit()
        audit.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(built).as_posix()
        assert len(audit.policies) == 1, (where, audit.policies)
        policy = audit.policies[0]
        if where == "search/index.html":  # Pagefind searches with WebAssembly: this page alone may run it
            policy = policy.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self'", 1)
        assert CSP.search(policy), (where, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (where, policy)
        assert "object-src 'none'" in policy and "base-uri 'none'" in policy, (where, policy)


def test_feeds_and_data_files_stay_well_formed(built: Path) -> None:
    for path in sorted(built.rglob("*.xml")):
        tree = ElementTree.parse(path)  # a payload that broke out of its text would break the XML
        tags = {element.tag.rsplit("}", 1)[-1] for element in tree.iter()}
        assert "script" not in tags and "img" not in tags, path
    for path in sorted(built.rglob("*.json")):
        if path.relative_to(built).as_posix() == "search/records.json":
            continue  # text for the search index, never shown as HTML (search.py escapes it; search.js sets text)
        # timeline.json is read by TimelineJS, which shows its strings as HTML: each must be inert
        for value in _strings(json.loads(path.read_text(encoding="utf-8"))):
            audit = PageAudit()
            audit.feed(value)
            audit.close()
            assert audit.problems == [], (path.name, value[:120], audit.problems)


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _visit(browser, url: str, bypass_csp: bool) -> dict[str, list[str]]:
    context = browser.new_context(bypass_csp=bypass_csp, java_script_enabled=True)
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));")
    found: dict[str, list[str]] = {"dialogs": [], "errors": [], "foreign": [], "violations": []}
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (found["dialogs"].append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: found["errors"].append(str(error)))
        origin = url.split("/repo/", 1)[0]
        page.on("request", lambda request: None if request.url.startswith((origin, "data:"))
                else found["foreign"].append(request.url))
        page.goto(url, wait_until="load")
        page.mouse.move(5, 5)
        page.keyboard.press("Tab")
        found["violations"] = page.evaluate("window.__violations")
    finally:
        context.close()
    return found


def test_no_script_from_content_runs_in_chromium(built: Path, browser_session, serve_site) -> None:  # noqa: F811
    base = serve_site(built, "/repo/")
    pages = [p.relative_to(built).as_posix() for p in html_pages(built)]
    for rel in pages:
        url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        with_policy = _visit(browser_session, url, bypass_csp=False)
        assert with_policy["dialogs"] == [], (rel, with_policy)
        assert with_policy["violations"] == [], (rel, with_policy)
        assert with_policy["errors"] == [], (rel, with_policy)
        assert with_policy["foreign"] == [], (rel, with_policy)
        # and without the policy: the markup itself must be inert, not only blocked
        without_policy = _visit(browser_session, url, bypass_csp=True)
        assert without_policy["dialogs"] == [], (rel, without_policy)


# --- the dev server: traversal, loopback, a burst of requests, files changing under it ------------


SECRET = "the host's secret: never served"


class DevServer:
    """`explainer serve SITE --port 0` in a child process, its output read line by line."""

    def __init__(self, proc: subprocess.Popen[str], temp_root: Path, site: Path) -> None:
        self.proc = proc
        self.temp_root = temp_root
        self.site = site
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        match = self.wait_for(re.compile(r"Serving (http://127\.0\.0\.1:(\d+)(/\S*))"))
        self.url, self.port, self.base = match.group(1), int(match.group(2)), match.group(3)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 60) -> re.Match[str]:
        """The next output line matching `pattern` (earlier lines are kept in `seen`)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None and self.lines.empty():
                raise AssertionError(f"no line like {pattern.pattern!r}; output so far: {self.seen}")
            try:
                line = self.lines.get(timeout=min(left, 1))
            except queue.Empty:
                continue
            self.seen.append(line)
            match = pattern.search(line)
            if match:
                return match

    @property
    def out_dir(self) -> Path:
        (folder,) = [p for p in self.temp_root.iterdir() if p.name.startswith("explainer-serve-")]
        return folder / "site"

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        """GET `path` sent exactly as written (no client-side normalising)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.putrequest("GET", path, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


@contextmanager
def dev_server(site: Path, tmp_path: Path, *extra: str) -> Iterator[DevServer]:
    temp_root = tmp_path / "serve-tmp"
    temp_root.mkdir()
    env = {**os.environ, "TMPDIR": str(temp_root), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "builder", "serve", str(site), "--port", "0", *extra],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield DevServer(proc, temp_root, site)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[DevServer]:
    site = copy_fixture("minimal", tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (site / "secret.txt").write_text(SECRET, encoding="utf-8")  # beside site.yaml: not output either
    with dev_server(site, tmp_path) as server:
        yield server


TRAVERSALS = [
    "/repo/../../../../etc/passwd",
    "/repo/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/repo/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/repo/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/repo/..%5c..%5c..%5c..%5cetc%5cpasswd",
    "/repo/%252e%252e/%252e%252e/etc/passwd",
    "/repo/static/..%2f..%2f..%2fsecret.txt",
    "/repo/..%2f..%2f..%2fsecret.txt",
    "/repo/%2e%2e/site.yaml",
    "/repo/%2e%2e/%2e%2e/outside/secret.txt",
    "/repo//etc/passwd",
    "/repo/%00/etc/passwd",
    "/..%2f..%2f..%2fetc/passwd",
    "/__livereload/..%2f..%2fapp.py",
    "/__livereload/..",
    "/repo/leak.txt",
    "/repo/leakdir/secret.txt",
]


def test_dev_server_refuses_every_way_out_of_the_output(served: DevServer, tmp_path: Path) -> None:
    out, outside = served.out_dir, tmp_path / "outside"
    (out / "leak.txt").symlink_to(outside / "secret.txt")
    (out / "leakdir").symlink_to(outside, target_is_directory=True)
    status, body = served.get(served.base)
    assert status == 200 and b"<html" in body
    for path in TRAVERSALS:
        status, body = served.get(path)
        assert status == 404, (path, status)
        assert SECRET.encode() not in body and b"root:x:0:0" not in body, path


def test_dev_server_listens_on_loopback_only_by_default(served: DevServer) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    listening = _listening_addresses(served.port)
    assert listening, "the port is not listed as listening"
    assert all(address in ("127.0.0.1", "::1") for address in listening), listening
    status, _ = served.get(served.base)
    assert status == 200
    # a request naming another host (DNS rebinding) is refused
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.request("GET", served.base, headers={"Host": "evil.example:80"})
    assert connection.getresponse().status == 403
    connection.close()


def _listening_addresses(port: int) -> list[str]:
    """Local addresses listening on `port`, from the kernel's own tables."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, port_hex = local.partition(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            if width == 8:
                found.append(".".join(str(b) for b in reversed(bytes.fromhex(address))))
            else:
                words = [bytes.fromhex(address[i:i + 8])[::-1].hex() for i in range(0, 32, 8)]
                found.append(str(ipaddress.IPv6Address(bytes.fromhex("".join(words)))))
    return found


def test_dev_server_keeps_serving_a_burst_of_requests(served: DevServer) -> None:
    """2,000 requests, 50 at a time, from this test on loopback: every one answered correctly."""
    pages = [served.base, served.base + "about/", served.base + "articles/nicolas-and-the-first-article/",
             served.base + "no-such-page/", served.base + "%2e%2e/%2e%2e/etc/passwd"]
    expected = {pages[0]: 200, pages[1]: 200, pages[2]: 200, pages[3]: 404, pages[4]: 404}

    def fetch(number: int) -> tuple[str, int]:
        path = pages[number % len(pages)]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{served.port}{path}", timeout=30) as response:
                response.read()
                return path, response.status
        except urllib.error.HTTPError as error:
            error.read()
            return path, error.code

    with ThreadPoolExecutor(max_workers=50) as pool:  # (a request the server never answers: urlopen's timeout)
        results = list(pool.map(fetch, range(2000)))
    wrong = [(path, status) for path, status in results if status != expected[path]]
    assert wrong == [], wrong[:10]
    assert served.get(served.base)[0] == 200


def test_dev_server_survives_files_deleted_renamed_and_half_written(served: DevServer) -> None:
    site = served.site
    article = site / "content" / "articles" / "first.md"
    good = article.read_text(encoding="utf-8")
    page = served.base + "articles/nicolas-and-the-first-article/"
    rebuilt = re.compile(r"rebuilt \d+ pages")
    kept = re.compile(r"errors?: still serving the last good build")

    def still_serving(*paths: str) -> None:
        for path in (served.base, served.base + "about/", *paths):
            assert served.get(path)[0] == 200, path

    # half-written: the front matter cut off in the middle of a save
    article.write_text(good[: good.index("date:") + 4], encoding="utf-8")
    served.wait_for(kept)
    still_serving(page)

    # written in full again
    article.write_text(good, encoding="utf-8")
    served.wait_for(rebuilt)
    still_serving(page)

    # renamed: same title, so the same address
    article.rename(article.with_name("renamed.md"))
    served.wait_for(rebuilt)
    still_serving(page)

    # deleted: its page goes, the rest stays
    article.with_name("renamed.md").unlink()
    served.wait_for(rebuilt)
    still_serving()
    assert served.get(page)[0] == 404

    # a burst of half-writes while requests keep coming
    for size in range(0, len(good), max(1, len(good) // 15)):
        article.write_text(good[:size], encoding="utf-8")
        still_serving()
    article.write_text(good, encoding="utf-8")
    deadline = time.monotonic() + 60
    while served.get(page)[0] != 200:
        assert time.monotonic() < deadline, served.seen[-5:]
        served.wait_for(rebuilt, timeout=max(1.0, deadline - time.monotonic()))
    still_serving(page)
    assert served.proc.poll() is None
    assert not any("Traceback" in line or "internal error" in line for line in served.seen), served.seen


def test_dev_server_error_overlay_shows_hostile_mistakes_as_text(served: DevServer) -> None:
    """A broken file whose name and values are markup: the overlay lists it, inert."""
    name = '"><img src=x onerror=alert(1)>.md'
    (served.site / "content" / "articles" / name).write_text(
        '---\ntitle: "<script>alert(1)</script>"\ntags: ["<svg onload=alert(2)>"]\n---\nBody.\n',
        encoding="utf-8")
    served.wait_for(re.compile(r"errors?: still serving the last good build"))
    deadline = time.monotonic() + 20  # the terminal hears first; the server's state follows on its loop
    while True:
        status, body = served.get(served.base)
        html = body.decode("utf-8")
        if "explainer-dev-overlay" in html or time.monotonic() > deadline:
            break
    assert status == 200
    assert "explainer-dev-overlay" in html and "is not a valid id" in html
    audit = PageAudit()
    audit.feed(html)
    audit.close()
    problems = [p for p in audit.problems if "/__livereload/client.js" not in p]
    assert problems == [], problems
    assert "&lt;svg onload=alert(2)&gt;" in html


# -- links that leave the site: refused wherever the builder reads from the site folder ---------

SECRET = "the host's secret 7d1f"


def link_site(tmp_path: Path, rel: str, folder: bool = False) -> Path:
    """The minimal fixture with `rel` a link to a file (or a folder) outside the site."""
    site = copy_fixture("minimal", tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "partial.html").write_text(SECRET + "\n", encoding="utf-8")
    link = site / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside if folder else outside / Path(rel).name, target_is_directory=folder)
    return site


@pytest.mark.parametrize("rel, folder, message", [
    ("templates/static/passwd.txt", False, "templates/static/passwd.txt:1:1: error: this file is a link"),
    ("templates/static/more/passwd.txt", False, "templates/static/more/passwd.txt:1:1: error: this file is a link"),
    ("templates/static/elsewhere", True, "templates/static/elsewhere:1:1: error: this folder is a link"),
    ("templates/partials/partial.html", False, "templates/partials/partial.html:1:1: error: this file is a link"),
    ("templates", True, "templates:1:1: error: this folder is a link"),
])
def test_a_link_out_of_the_site_under_templates_is_refused(tmp_path: Path, rel: str, folder: bool,
                                                            message: str) -> None:
    site = link_site(tmp_path, rel, folder)
    proc = run_cli("build", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert message in proc.stderr and "outside the site folder" in proc.stderr, proc.stderr
    assert proc.stderr.count("outside the site folder") == 1, proc.stderr
    assert not (site / "public").exists()
    check = run_cli("check", str(site))
    assert check.returncode == 1 and message in check.stderr, check.stderr


def test_a_link_inside_the_site_under_templates_is_followed(tmp_path: Path) -> None:
    site = copy_fixture("minimal", tmp_path)
    (site / "media").mkdir()
    (site / "media" / "notice.txt").write_text("shared notice\n", encoding="utf-8")
    (site / "templates" / "static").mkdir(parents=True)
    (site / "templates" / "static" / "notice.txt").symlink_to(site / "media" / "notice.txt")
    (site / "templates" / "static" / "media").symlink_to(site / "media", target_is_directory=True)
    proc = run_cli("build", str(site))
    assert proc.returncode == 0, proc.stderr
    assert (site / "public" / "static" / "notice.txt").read_text(encoding="utf-8") == "shared notice\n"
    assert (site / "public" / "static" / "media" / "notice.txt").exists()
