"""`explainer init`: a working site in one command, as a newcomer meets it."""

from __future__ import annotations

from tests.conftest import build_site, run_cli


def test_init_makes_a_site_that_builds_with_no_warning(tmp_path):
    site = tmp_path / "my-explainer"
    proc = run_cli("init", str(site))
    assert proc.returncode == 0, proc.stderr
    assert f"created a site in {site}" in proc.stdout and "explainer serve" in proc.stdout
    for rel in ("site.yaml", "README.md", ".gitignore", ".github/workflows/pages.yml", "content/index.md",
                "content/pages/about.md", "content/sources.yaml", "content/timelines/venezuela.yaml",
                "content/articles/maduro-defies-trump.txt", "content/articles/maduro-defies-trump.yaml"):
        assert (site / rel).is_file(), rel
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr and "error" not in result.stderr
    article = result.html("articles/maduro-defies-trump/index.html")
    assert "Maduro defies Trump" in article and 'class="note' in article  # the seed, with its notes
    assert "Guaidó" in result.html("timeline/index.html")
    assert "public/" in (site / ".gitignore").read_text(encoding="utf-8")


def test_the_settings_explain_every_line(tmp_path):
    run_cli("init", str(tmp_path / "s"))
    settings = (tmp_path / "s" / "site.yaml").read_text(encoding="utf-8")
    for key in ("title:", "description:", "base_url:", "language:", "author:", "license:", "repo_url:",
                "domain:", "markdown:", "html:", "typographer:", "nav:"):
        line = next(line for line in settings.splitlines() if key in line)
        assert "#" in line or key in ("description:", "nav:"), line


def test_the_pages_workflow_installs_the_builder_pinned(tmp_path):
    proc = run_cli("init", str(tmp_path / "a"), "--builder", "explainer-builder @ git+https://example.org/b.git@v1")
    assert proc.returncode == 0, proc.stderr
    workflow = (tmp_path / "a" / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert 'pip install "explainer-builder @ git+https://example.org/b.git@v1"' in workflow
    assert "${{ steps.pages.outputs.base_url }}" in workflow and 'explainer build . --base-url "$BASE_URL"' in workflow
    default = run_cli("init", str(tmp_path / "b"))
    pinned = (tmp_path / "b" / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert 'pip install "explainer-builder==' in pinned or "explainer-builder @ git+" in pinned
    assert "--builder" in default.stderr or "git+" in pinned  # the editor is told how to change it


def test_init_never_writes_over_a_site(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "notes.txt").write_text("mine", encoding="utf-8")
    proc = run_cli("init", str(tmp_path / "old"))
    assert proc.returncode == 1 and "error: " in proc.stderr and "is not empty" in proc.stderr
    assert "hint: " in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "old" / "notes.txt").read_text(encoding="utf-8") == "mine"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    proc = run_cli("init", str(tmp_path / "file"))
    assert proc.returncode == 1 and "is a file" in proc.stderr
