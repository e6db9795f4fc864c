"""Seed articles as users meet them: raw text in content/articles, a faithful page out."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import build_site, copy_fixture, run_cli

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CORPUS = Path(__file__).parent / "fixtures" / "seed-corpus"


def article_main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_seed_article_page_shows_what_was_extracted(build_fixture):
    """A real page dump (Le Temps, as a text browser saved it): the article, without the page."""
    result = build_fixture("seed-site")
    assert result.code == 0, result.stderr
    html = article_main(result.html("articles/le-rechauffement-un-frein-a-lemigration-des-plus-pauvres/index.html"))
    assert "<h1>Le réchauffement, un frein à l’émigration des plus pauvres</h1>" in html
    assert '<p class="deck">Les populations les plus démunies risquent bientôt' in html
    assert "Pascaline Minet" in html and '<time datetime="2022-07-08">' in html
    assert '<h2 id="limmobilite-contrainte-ne-sera-pas-rare">«L’immobilité contrainte ne sera pas rare»</h2>' in html
    assert "<p>Qu’il s’agisse de fuir des ouragans" in html
    for furniture in ("Icon Facebook", "Lire aussi", "Publicité", "Fil d'Ariane", "googletagmanager", "Logo Le Temps"):
        assert furniture not in html


def test_sidecar_wins_over_the_guess_and_the_file_is_published_as_received(build_fixture):
    result = build_fixture("seed-site")
    html = article_main(result.html("articles/maduro-defies-trump/index.html"))
    assert "<h1>Maduro defies Trump (headline corrected by the editor)</h1>" in html
    assert "By Luis Francisco Orozco" in html and '<time datetime="2025-10-12">' in html
    assert html.count("Dictator Nicolás Maduro in an archive image.") == 1
    assert '<span class="credit">AFP</span>' in html
    assert "tracking" not in html
    assert 'href="/repo/originals/maduro-defies-trump.txt"' in html
    received = (result.site / "content" / "articles" / "voz.txt").read_bytes()
    assert (result.out / "originals" / "maduro-defies-trump.txt").read_bytes() == received
    assert received == (SEEDS / "voz-analysis.txt").read_bytes()  # the build never touches it


def test_seed_text_is_escaped_not_interpreted(tmp_path):
    site = copy_fixture("seed-site", tmp_path)
    (site / "content" / "articles" / "evil.txt").write_text(
        "Outlet\n\nA headline that is long enough to be one\n\n"
        "The first paragraph of the story has <script>alert(1)</script> and an onerror=alert(2) in it.\n\n"
        "Second paragraph with [a link](javascript:alert(3)) in Markdown syntax.\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.stderr
    page = next((result.out / "articles").glob("a-headline*/index.html")).read_text(encoding="utf-8")
    body = article_main(page)
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "onerror=alert(2)" in body and 'href="javascript' not in body


def test_pasted_html_is_read_as_its_text_without_scripts(tmp_path):
    site = copy_fixture("seed-site", tmp_path)
    (site / "content" / "articles" / "html.txt").write_text(
        "<h1>A headline that is long enough to be one</h1>\n\n"
        "<p>The first paragraph of the story, with <a href=\"javascript:alert(1)\">a link</a> &amp; an entity.</p>\n\n"
        "<script>alert(2)</script>\n\n"
        "<p>Second paragraph <img src=x onerror=alert(3)> of the story, long enough to be one.</p>\n",
        encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.stderr
    page = next((result.out / "articles").glob("a-headline*/index.html")).read_text(encoding="utf-8")
    body = article_main(page)
    assert "<p>The first paragraph of the story, with a link &amp; an entity.</p>" in body
    assert "alert(" not in body and "<img" not in body and "javascript" not in body


def test_import_prints_json_with_the_issue_keys():
    proc = run_cli("import", str(SEEDS / "voz-analysis.txt"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == ["title", "outlet", "section", "byline", "date", "dateline", "deck",
                          "images", "blocks", "dropped", "guesses"]
    assert data["images"] == [{"caption": "Dictator Nicolás Maduro in an archive image.", "credit": "AFP"}]
    assert data["title"].startswith("Maduro defies Trump") and data["section"] == "ANALYSIS"
    assert [d["text"] for d in data["dropped"]] == ["tracking"]


def test_import_prints_markdown_that_builds(tmp_path):
    proc = run_cli("import", str(CORPUS / "es06_theconversation_evolucion_opinion.txt"), "--format", "md")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("---\n") and "\n## ¿Cómo se originan las especies?\n" in proc.stdout
    site = copy_fixture("minimal", tmp_path)
    (site / "content" / "articles" / "aves.md").write_text(proc.stdout, encoding="utf-8")
    result = build_site(site, "--drafts")
    assert result.code == 0, result.stderr


def test_import_bad_files_exit_1_with_a_located_error(tmp_path):
    cases = {
        "empty.txt": (b"  \n\n", r"^empty\.txt:1:1: error: "),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", r"^binary\.txt:3:1: error: this is a binary file"),
        "latin.txt": ("Titular\n\nCaf\u00e9 con le\u00f1a\n".encode("cp1252"), r"^latin\.txt:3:4: error: .*0xE9"),
        "huge.txt": (b"word " * (1024 * 1024 + 10), r"^huge\.txt:1:1: error: .*5 MB"),
    }
    for name, (data, pattern) in cases.items():
        (tmp_path / name).write_bytes(data)
        proc = run_cli("import", name, cwd=tmp_path)
        assert proc.returncode == 1, name
        assert re.search(pattern, proc.stderr), (name, proc.stderr)
        assert "Traceback" not in proc.stderr
    latin = run_cli("import", "latin.txt", cwd=tmp_path)
    assert "Café con leña" in latin.stderr  # the cp1252 reading is offered


def test_bad_seed_in_a_site_fails_the_build_and_keeps_public(tmp_path):
    site = copy_fixture("seed-site", tmp_path)
    assert build_site(site).code == 0
    before = sorted(p.read_bytes() for p in (site / "public").rglob("*") if p.is_file())
    (site / "content" / "articles" / "bad.txt").write_bytes(b"Caf\xe9\n")
    result = build_site(site)
    assert result.code == 1
    assert result.stderr.startswith("content/articles/bad.txt:1:4: error: ")
    assert sorted(p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()) == before


def test_a_text_without_headline_builds_with_a_located_warning(tmp_path):
    """Nothing is made up from the body: the build says so where the editor can fix it."""
    site = copy_fixture("minimal", tmp_path)
    (site / "content" / "articles" / "brief.txt").write_bytes(
        (CORPUS / "en05_npr_noheadline_brief.txt").read_bytes())
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert "content/articles/brief.txt:1:1: warning: the text has no headline" in result.stderr
    assert "add 'title: ...' to content/articles/brief.yaml" in result.stderr


def test_import_refuses_what_is_not_an_article(tmp_path):
    os = __import__("os")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    proc = run_cli("import", str(fifo))
    assert proc.returncode == 1 and "error: this is not a text file" in proc.stderr
    sidecar = tmp_path / "a.yaml"
    sidecar.write_text("title: x\n", encoding="utf-8")
    proc = run_cli("import", str(sidecar))
    assert proc.returncode == 1 and "is not a seed article" in proc.stderr


def build_racer(tmp_path, sidecar: str):
    """A site with a real page dump (RACER, no headline) and the given sidecar, built."""
    site = copy_fixture("minimal", tmp_path)
    articles = site / "content" / "articles"
    (articles / "racer.txt").write_bytes((CORPUS / "en13_racer_pagedump_author_bio.txt").read_bytes())
    (articles / "racer.yaml").write_text(sidecar, encoding="utf-8")
    return build_site(site)


def test_the_sidecar_corrects_the_reading(tmp_path):
    """The editor has the last word without touching the text: lines named by number or phrase."""
    result = build_racer(tmp_path, "title: British GP stays at Silverstone\n"
                                   "reading:\n"
                                   "  drop: [13]\n"
                                   "  keep: [\"Formula 1\"]\n"
                                   "  join: [[\"Digby is the chairman\", 18]]\n")
    assert result.code == 0, result.stderr
    html = article_main(result.html("articles/british-gp-stays-at-silverstone/index.html"))
    paragraphs = re.findall(r"<p>(.*?)</p>", html.split('<div class="prose">', 1)[1])
    assert paragraphs[0].startswith("Given Silverstone’s status")  # line 13 left out
    assert any(p.startswith("Digby is the chairman") and "“I am delighted we have secured" in p for p in paragraphs)
    assert paragraphs[-1] == "Formula 1"  # brought back


def test_a_wrong_correction_is_told_where_it_was_written(tmp_path):
    result = build_racer(tmp_path, "reading:\n"
                                   "  keep: [\"Grand Prix\", 999]\n"
                                   "  body_ends: \"triple-header also includng Spain\"\n"
                                   "  titel_line: 3\n")
    assert result.code == 1
    err = result.stderr
    assert "content/articles/racer.yaml:2:10: error: 'Grand Prix' is on " in err
    assert "hint: write the line number, or a longer phrase found on one line only" in err
    assert "content/articles/racer.yaml:2:24: error: content/articles/racer.txt has no text on line 999" in err
    assert "content/articles/racer.yaml:3:14: error: 'triple-header also includng Spain' is not in" in err
    assert "hint: the closest is line 20" in err
    assert "unknown key 'titel_line'" in err and "did you mean 'title_line'?" in err
    assert "Traceback" not in err


def test_import_writes_a_starting_sidecar_that_builds(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    seed = site / "content" / "articles" / "letemps.txt"
    seed.write_bytes((CORPUS / "fr02_letemps_climat_lynxdump.txt").read_bytes())
    proc = run_cli("import", str(seed), "--sidecar")
    assert proc.returncode == 0, proc.stderr
    sidecar = seed.with_suffix(".yaml").read_text(encoding="utf-8")
    assert 'title: "Le réchauffement, un frein à l’émigration des plus pauvres"' in sidecar
    assert "author: \"Pascaline Minet\"  # guess:" in sidecar
    assert "  body_starts: 105  # Qu’il s’agisse" in sidecar
    assert "#   95: * Icon Facebook (share button)" in sidecar  # every line left out, with its reason
    result = build_site(site)
    assert result.code == 0, result.stderr
    again = run_cli("import", str(seed), "--sidecar")  # never over the editor's own file
    assert again.returncode == 1 and "letemps.yaml exists already" in again.stderr


def test_check_lists_every_line_left_out_with_its_reason(tmp_path):
    site = copy_fixture("minimal", tmp_path)
    (site / "content" / "articles" / "letemps.txt").write_bytes(
        (CORPUS / "fr02_letemps_climat_lynxdump.txt").read_bytes())
    proc = run_cli("check", str(site))
    assert proc.returncode == 0, proc.stderr
    assert "bring a line back with 'reading: keep: [LINE]'" in proc.stdout
    assert 'content/articles/letemps.txt:95-99: left out: share button: "* Icon Facebook"' in proc.stdout
    assert "content/articles/letemps.txt:101-103: left out: promotion of the outlet" in proc.stdout
    build = run_cli("build", str(site))
    assert "left out" not in build.stdout  # a build stays quiet about it
