"""Tests of the test-tool helpers in tests/support on tiny hand-written pages."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import (  # noqa: F401  (pytest fixtures)
    axe_available,
    browser_page,
    browser_session,
    html_checker,
    serve_site,
)
from tests.support.static_server import serve_directory
from tests.support.tools import require
from tests.support.vnu import format_errors

VALID_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body>
<main>
<h1>{title}</h1>
<p>A small, valid and accessible page.</p>
{extra}
</main>
</body>
</html>
"""

# Line 4 of this page holds the error.
INVALID_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
<body>
<ul><div>not a list item</div></ul>
</body>
</html>
"""

STRICT_CSP = (
    '<meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'self'; script-src 'self'; style-src 'self'\">"
)


def page(title: str, extra: str = "", head: str = "") -> str:
    html = VALID_PAGE.format(title=title, extra=extra)
    return html.replace("<head>\n", f"<head>\n{head}\n", 1) if head else html


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects: (status, headers, body)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# --- tools.require -----------------------------------------------------------


def test_require_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    require("anything", True)  # available: no effect
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install-test-tools.sh"):
        require("frobnicator", False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="frobnicator"):
        require("frobnicator", False)


# --- Nu HTML Checker ---------------------------------------------------------


def test_vnu_accepts_valid_pages(html_checker, tmp_path: Path) -> None:  # noqa: F811
    files = [write(tmp_path / f"p{i}.html", page(f"Page {i}")) for i in range(10)]
    errors = html_checker(files)
    assert errors == [], format_errors(errors)


def test_vnu_reports_errors_with_location(html_checker, tmp_path: Path) -> None:  # noqa: F811
    good = write(tmp_path / "good.html", page("Good"))
    bad = write(tmp_path / "sub dir" / "bad.html", INVALID_PAGE)
    errors = html_checker([good, bad])
    assert errors, "vnu found no error in an invalid page"
    assert {e["file"] for e in errors} == {str(bad)}
    first = errors[0]
    assert first["line"] == 4
    assert isinstance(first["column"], int)
    assert "not allowed as child" in first["message"]
    assert first["url"].startswith("file:")
    assert f"{bad}:4:" in format_errors(errors)


def test_vnu_filter_patterns_drop_matching_errors(html_checker, tmp_path: Path) -> None:  # noqa: F811
    bad = write(tmp_path / "bad.html", INVALID_PAGE)
    assert html_checker([bad], filter_patterns=[r"not allowed as child"]) == []


def test_vnu_refuses_missing_files(html_checker, tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(FileNotFoundError):
        html_checker([tmp_path / "nope.html"])


# --- static server -----------------------------------------------------------


def make_site(root: Path) -> None:
    write(root / "index.html", page("Home"))
    write(root / "guide" / "index.html", page("Guide"))
    write(root / "style.css", "body { color: black; }\n")
    write(root / "404.html", page("Not here"))


def test_static_server_serves_under_prefix(tmp_path: Path) -> None:
    make_site(tmp_path)
    with serve_directory(tmp_path, "/repo/") as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/repo/")
        status, headers, body = get(base)
        assert status == 200 and b"<title>Home</title>" in body
        assert headers["content-type"].startswith("text/html")

        status, _, body = get(base + "guide/")
        assert status == 200 and b"<title>Guide</title>" in body

        status, headers, _ = get(base + "guide?x=1")
        assert status == 301 and headers["location"] == "/repo/guide/?x=1"

        status, headers, _ = get(base.rstrip("/"))
        assert status == 301 and headers["location"] == "/repo/"

        status, headers, body = get(base + "style.css")
        assert status == 200 and headers["content-type"].startswith("text/css")
        assert body == b"body { color: black; }\n"


def test_static_server_404s_outside_prefix_and_for_missing_files(tmp_path: Path) -> None:
    make_site(tmp_path)
    with serve_directory(tmp_path, "repo") as base:
        origin = base[: -len("/repo/")]
        for url in (origin + "/", origin + "/index.html", base + "missing.html",
                    base + "guide/missing/", base + "../index.html", base + "%2e%2e/index.html"):
            status, headers, body = get(url)
            assert status == 404, url
            assert b"<title>Not here</title>" in body, url
            assert headers["content-type"].startswith("text/html")


def test_static_server_default_404_and_root_prefix(tmp_path: Path) -> None:
    write(tmp_path / "index.html", page("Home"))
    with serve_directory(tmp_path) as base:
        assert urlsplit(base).path == "/"
        assert get(base)[0] == 200
        status, _, body = get(base + "nothing")
        assert status == 404 and b"404" in body


def test_serve_site_fixture_stops_servers(serve_site, tmp_path: Path) -> None:  # noqa: F811
    write(tmp_path / "index.html", page("Home"))
    base = serve_site(tmp_path, "/a/")
    assert get(base)[0] == 200


# --- chromium via playwright -------------------------------------------------


def test_chromium_loads_page_from_static_server(browser_page, tmp_path: Path) -> None:  # noqa: F811
    make_site(tmp_path)
    with serve_directory(tmp_path, "/repo/") as base:
        response = browser_page.goto(base + "guide/")
        assert response is not None and response.status == 200
        assert browser_page.title() == "Guide"
        response = browser_page.goto(base + "nowhere/")
        assert response is not None and response.status == 404
        assert browser_page.title() == "Not here"


def test_browser_is_shared_across_the_session(browser_session) -> None:  # noqa: F811
    assert browser_session.is_connected()
    assert browser_session.version.split(".")[0].isdigit()


# --- axe-core ----------------------------------------------------------------


def test_axe_finds_no_violation_on_accessible_page(
    axe_available, browser_page, serve_site, tmp_path: Path  # noqa: F811
) -> None:
    write(tmp_path / "index.html", page("Accessible", extra='<p><a href="./">Home</a></p>'))
    browser_page.goto(serve_site(tmp_path, "/repo/"))
    violations = run_axe(browser_page)
    assert violations == [], format_violations(violations)


def test_axe_reports_image_without_alt(
    axe_available, browser_page, serve_site, tmp_path: Path  # noqa: F811
) -> None:
    write(tmp_path / "pic.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    write(tmp_path / "index.html", page("Image", extra='<img src="pic.svg">'))
    browser_page.goto(serve_site(tmp_path, "/repo/"))
    violations = run_axe(browser_page)
    ids = [v["id"] for v in violations]
    assert "image-alt" in ids, format_violations(violations)
    image_alt = violations[ids.index("image-alt")]
    assert image_alt["nodes"] == ["img"]
    assert "image-alt" in format_violations(violations)


def test_axe_runs_under_a_strict_content_security_policy(
    axe_available, browser_page, serve_site, tmp_path: Path  # noqa: F811
) -> None:
    write(tmp_path / "index.html", page("CSP", extra='<img src="x.png">', head=STRICT_CSP))
    browser_page.goto(serve_site(tmp_path, "/"))
    # The policy is in force: an inline <script> does not run in this context ...
    try:
        browser_page.add_script_tag(content="window.inlineRan = true;")
    except Exception:  # playwright may report the blocked script as an error
        pass
    assert browser_page.evaluate("() => window.inlineRan === undefined")
    # ... yet axe, evaluated through the DevTools protocol, runs.
    ids = [v["id"] for v in run_axe(browser_page)]
    assert "image-alt" in ids
