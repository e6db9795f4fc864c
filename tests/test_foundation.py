"""The foundation as a user meets it: the CLI, its exit codes and messages, the pages it writes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, CliResult, build_site, copy_fixture, run_cli


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> CliResult:
    """`build` of the minimal fixture, made once for the tests that only read what it printed and wrote."""
    return build_site(copy_fixture("minimal", tmp_path_factory.mktemp("minimal")))

INVALID_CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes: to prove nothing changed."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', html)


# --- the command line -------------------------------------------------------------------

def test_version_and_help():
    version = run_cli("--version")
    assert version.returncode == 0 and re.match(r"explainer \d+\.\d+\.\d+", version.stdout)
    for command in ("build", "check", "new", "serve", "import"):
        helped = run_cli(command, "--help")
        assert helped.returncode == 0, command
        assert "usage:" in helped.stdout


def test_usage_errors_exit_2():
    assert run_cli("bild").returncode == 2
    assert run_cli("build", "--no-such-flag").returncode == 2
    assert run_cli().returncode == 2


def test_build_minimal_site_writes_clean_urls(minimal: CliResult):
    result = minimal
    assert result.code == 0, result.stderr
    # home, the article, about, 404, the list of articles, the search page, the topics and its one topic
    assert re.fullmatch(r"built 8 pages \(\d+ files changed\) in \d+\.\d\d s\n", result.stdout)
    for path in ("index.html", "articles/nicolas-and-the-first-article/index.html",
                 "about/index.html", "404.html", ".nojekyll", "articles/index.html", "search/index.html",
                 "tags/index.html", "tags/diplomacy/index.html"):
        assert (result.out / path).is_file(), path


def test_quiet_build_prints_nothing(build_fixture):
    result = build_fixture("minimal", "-q")
    assert result.code == 0 and result.stdout == "" and result.stderr == ""


def test_default_site_dir_is_current_folder(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    proc = run_cli("build", cwd=site)
    assert proc.returncode == 0, proc.stderr
    assert (site / "public" / "index.html").is_file()


@pytest.mark.parametrize("case", INVALID_CASES)
def test_invalid_site_reports_every_error(case, tmp_path):
    """Each invalid fixture's expected.txt holds the exact lines the editor must see."""
    site = copy_fixture(f"invalid/{case}", tmp_path)
    expected = (site / "expected.txt").read_text(encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert result.stderr == expected
    assert "Traceback" not in result.stderr
    assert not (site / "public").exists()


def test_check_validates_without_writing(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    proc = run_cli("check", str(site))
    assert proc.returncode == 0 and proc.stdout.startswith("checked 8 pages")
    assert not (site / "public").exists()
    bad = copy_fixture("invalid/content-errors", tmp_path)
    proc = run_cli("check", str(bad))
    assert proc.returncode == 1 and "6 errors" in proc.stderr


def test_missing_site_yaml_is_an_error_not_a_traceback(tmp_path):
    proc = run_cli("build", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.startswith("site.yaml:1:1: error: no site.yaml in ")
    assert "hint:" in proc.stderr and "Traceback" not in proc.stderr


# --- atomic output ------------------------------------------------------------------------

def test_failed_build_leaves_previous_output_untouched(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    assert build_site(site).code == 0
    before = tree_digest(site / "public")
    (site / "content" / "articles" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 1 and "broken.md:3:1: error: invalid YAML" in result.stderr
    assert tree_digest(site / "public") == before
    leftovers = [p.name for p in site.iterdir() if p.name.startswith(".public")]
    assert leftovers == []


def test_rebuild_replaces_output_and_removes_stale_pages(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    assert build_site(site).code == 0
    (site / "content" / "pages" / "about.md").unlink()
    refused = build_site(site)  # the article's link to it is dead now: told, and nothing written
    assert refused.code == 1
    assert "content/articles/first.md:7:56: error: the link '/about/' leads to no page" in refused.stderr
    assert (site / "public" / "about" / "index.html").is_file()
    article = site / "content" / "articles" / "first.md"
    article.write_text(article.read_text(encoding="utf-8").replace("(/about/)", "(/)"), encoding="utf-8")
    assert build_site(site).code == 0
    assert not (site / "public" / "about").exists()
    assert (site / "public" / "index.html").is_file()


@pytest.mark.parametrize("out, message", [
    (".", "is the site folder or contains it"),
    ("..", "is the site folder or contains it"),
    ("content/out", "is inside the site's content/ folder"),
])
def test_refuses_dangerous_output_folders(tmp_path, out, message):
    site = copy_fixture("minimal", tmp_path)
    before = tree_digest(site)
    result = build_site(site, "--out", str(site / out))
    assert result.code == 1 and message in result.stderr
    assert tree_digest(site) == before


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = build_site(site, "--out", str(precious))
    assert result.code == 1 and "has files this builder did not write" in result.stderr
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"


# --- content ---------------------------------------------------------------------------------

def test_slugs_are_ascii_folded_from_titles(minimal: CliResult):
    result = minimal
    assert (result.out / "articles" / "nicolas-and-the-first-article" / "index.html").is_file()


def test_drafts_only_with_flag(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    (site / "content" / "articles" / "wip.md").write_text(
        "---\ntitle: Work in progress\ndraft: true\n---\nNot yet.\n", encoding="utf-8")
    assert build_site(site).code == 0
    assert not (site / "public" / "articles" / "work-in-progress").exists()
    assert "Work in progress" not in (site / "public" / "index.html").read_text(encoding="utf-8")
    assert build_site(site, "--drafts").code == 0
    assert (site / "public" / "articles" / "work-in-progress" / "index.html").is_file()


def test_markdown_features(minimal: CliResult):
    html = minimal.html("articles/nicolas-and-the-first-article/index.html")
    assert "<strong>Markdown</strong>" in html
    assert '<h2 id="a-subheading">A subheading</h2>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="footnotes"' in html


def test_raw_html_is_off_unless_the_site_turns_it_on(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    article = site / "content" / "articles" / "raw.md"
    article.write_text(
        "---\ntitle: Raw\n---\n<b onclick=\"alert(1)\">bold</b>\n\n[click](javascript:alert(1))\n",
        encoding="utf-8")
    assert build_site(site).code == 0
    html = (site / "public" / "articles" / "raw" / "index.html").read_text(encoding="utf-8")
    assert "<b onclick" not in html and "&lt;b onclick" in html
    assert "javascript:" not in html.split("<main", 1)[1].replace("[click](javascript:alert(1))", "")
    assert 'href="javascript' not in html
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "markdown:\n  html: true\n", encoding="utf-8")
    assert build_site(site).code == 0
    html = (site / "public" / "articles" / "raw" / "index.html").read_text(encoding="utf-8")
    assert "<b onclick" in html


def test_every_internal_url_carries_the_base_path(minimal: CliResult):
    result = minimal
    for page in result.out.rglob("*.html"):
        for url in hrefs(page.read_text(encoding="utf-8")):
            if url.startswith(("#", "http://", "https://", "mailto:")):
                continue
            assert url.startswith("/repo/"), (page, url)


def test_base_url_flag_overrides_site_yaml(build_fixture):
    result = build_fixture("minimal", "--base-url", "https://example.org/")
    html = result.html("index.html")
    assert 'href="/about/"' in html and "/repo/" not in html


def test_bad_base_url_flag_is_reported(build_fixture):
    result = build_fixture("minimal", "--base-url", "example.org")
    assert result.code == 1
    assert result.stderr.startswith("--base-url:1:1: error: 'base_url' must be an http(s) address")


# --- templates and theme --------------------------------------------------------------------------

def test_default_theme_is_accessible_by_construction(minimal: CliResult):
    html = minimal.html("articles/nicolas-and-the-first-article/index.html")
    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert '<nav aria-label="Main">' in html
    assert "Content-Security-Policy" in html
    headings = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:]))


def test_stylesheets_are_fingerprinted_and_self_hosted(minimal: CliResult):
    result = minimal
    css = [p.name for p in (result.out / "static").glob("*.css")]
    assert any(re.fullmatch(r"style\.[0-9a-f]{10}\.css", name) for name in css)
    for page in result.out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for url in hrefs(text):
            assert not url.startswith("//")
        for tag in re.findall(r"<(?:link|script|img|iframe|source)\b[^>]*>", text):
            if re.search(r'rel="(?:canonical|alternate)"', tag):
                continue  # addresses of this page, never fetched
            assert not re.search(r'(?:href|src)="(?:https?:)?//', tag), (page, tag)


def test_site_templates_override_the_theme(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    (site / "templates" / "partials").mkdir(parents=True)
    (site / "templates" / "partials" / "footer.html").write_text(
        "<footer><p>Our own footer</p></footer>\n", encoding="utf-8")
    assert build_site(site).code == 0
    assert "Our own footer" in (site / "public" / "index.html").read_text(encoding="utf-8")


def test_a_site_template_asks_page_extras_as_the_first_theme_did(tmp_path):
    """`page.extras` is typed now (`page.extras.source_notes`); a site's own template written as a
    mapping (`page.extras.get("source_notes", ())`) still works, absent things giving the default."""
    site = copy_fixture("sources-site", tmp_path)
    (site / "templates" / "partials").mkdir(parents=True, exist_ok=True)
    (site / "templates" / "partials" / "background.html").write_text(
        '<p class="own">notes: {{ page.extras.get("source_notes", ()) | length }};'
        ' image: {{ page.extras.get("image", "none") }}; typed: {{ page.extras.source_notes | length }}</p>\n',
        encoding="utf-8")
    assert build_site(site).code == 0
    pages = [p.read_text(encoding="utf-8") for p in (site / "public" / "articles").glob("*/index.html")]
    counts = [re.search(r'<p class="own">notes: (\d+); image: none; typed: (\d+)</p>', page) for page in pages]
    assert counts and all(counts), pages[:1]
    assert all(match[1] == match[2] for match in counts)
    assert any(int(match[1]) > 0 for match in counts)  # a seed article's notes, counted both ways


def test_template_error_names_template_and_line(tmp_path):
    site = copy_fixture("invalid/template-error", tmp_path)
    result = build_site(site)
    assert result.stderr.startswith("templates/article.html:5:1: error: template uses 'page.titel'")


def test_template_syntax_error_is_located(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    (site / "templates").mkdir()
    (site / "templates" / "page.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n', encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert result.stderr.startswith("templates/page.html:3:1: error: template syntax:")


def test_debug_shows_traceback_only_for_internal_errors(tmp_path):
    site = copy_fixture("invalid/content-errors", tmp_path)
    proc = run_cli("--debug", "build", str(site))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


# --- new ---------------------------------------------------------------------------------------------

def test_new_article_writes_a_draft_that_builds(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    proc = run_cli("new", "article", "Cómo llegamos aquí", str(site))
    assert proc.returncode == 0, proc.stderr
    path = site / "content" / "articles" / "como-llegamos-aqui.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Cómo llegamos aquí"\n') and "draft: true" in text
    assert build_site(site, "--drafts").code == 0
    assert (site / "public" / "articles" / "como-llegamos-aqui" / "index.html").is_file()
    again = run_cli("new", "article", "Cómo llegamos aquí", str(site))
    assert again.returncode == 1 and "already exists" in again.stderr
