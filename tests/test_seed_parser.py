"""Single behaviours of the seed parser (short texts written here), the showcase's real seed,
dates, bad files and `import`. The parser as a whole is judged on real articles in
tests/test_seed_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from builder.errors import SiteError
from builder.seed import (
    MAX_SEED_BYTES, SeedArticle, decode_seed, parse_seed, parse_text_date, run_import, to_json, to_markdown,
)
from builder.seed.classify import find_dateline
from builder.seed.textdates import find_text_date

FIXTURES = Path(__file__).parent / "fixtures" / "seeds"
CORPUS = Path(__file__).parent / "fixtures" / "seed-corpus"


def read_seed(path: Path) -> SeedArticle:
    return parse_seed(decode_seed(path.read_bytes(), f"seeds/{path.name}"))


def parse(text: str) -> SeedArticle:
    return parse_seed(text)


# -- the real seed ---------------------------------------------------------------------------


def test_the_real_voz_seed() -> None:
    path = FIXTURES / "voz-analysis.txt"
    data = path.read_bytes()
    assert "\u00a0".encode() in data and data.endswith(b"tracking")
    article = read_seed(path)
    assert article.outlet == "Voz.us"
    assert article.section == "ANALYSIS"
    assert article.title == (
        "Maduro defies Trump: He does not believe he will dare to remove him and rules out negotiating "
        "his exit from power"
    )
    assert article.title_line == 5
    assert article.deck is not None and article.deck.startswith("Maduro's stance is clearly defiant")
    assert [(i.caption, i.credit) for i in article.images] == [
        ("Dictator Nicolás Maduro in an archive image.", "AFP")
    ]
    assert article.byline is None
    assert (13, "byline") in article.consumed and (9, "caption") in article.consumed
    assert [b.text for b in article.blocks if b.type == "heading"] == [
        '"He has no other destiny than to resist"',
        "The Trump administration has shown a clear escalation in its actions against Maduro",
    ]
    assert [(d.line, d.text) for d in article.dropped] == [(34, "tracking")]
    assert article.dropped[0].reason
    assert article.blocks[0].text.startswith("The Spanish newspaper El País reported\u00a0on Sunday")
    assert article.blocks[0].text.endswith("negotiation to exit.")
    assert len([b for b in article.blocks if b.type == "paragraph"]) == 8
    assert article.language == "en"


# -- smaller behaviours ----------------------------------------------------------------------


def test_published_by_takes_the_name_on_the_next_line() -> None:
    article = parse(
        "A headline long enough to be one\nPublished by\nMaria Gomez\nThe first paragraph of the text.\n")
    assert article.byline == "Maria Gomez"
    assert (2, "byline") in article.consumed and (3, "byline") in article.consumed


def test_repeated_caption_with_an_unknown_credit_glued_on() -> None:
    text = (
        "A headline long enough to be one\n"
        "The river at dawn, seen from the old bridge.\n"
        "The river at dawn, seen from the old bridge.Jane Doe\n"
        "By Sam Lee\n"
        "The first paragraph of the text, which is long enough to be a paragraph.\n"
    )
    article = parse(text)
    assert [(i.caption, i.credit, i.line) for i in article.images] == [
        ("The river at dawn, seen from the old bridge.", "Jane Doe", 2)
    ]
    assert article.byline == "Sam Lee"
    assert [b.text for b in article.blocks] == [
        "The first paragraph of the text, which is long enough to be a paragraph."
    ]


def test_a_repeated_paragraph_is_dropped_with_the_line_it_repeats() -> None:
    article = parse(
        "Headline of the story here\n\nThe same paragraph, printed twice over by the page.\n"
        "Other text, long enough to be a paragraph of its own.\nThe same paragraph, printed twice over by the page.\n")
    assert [(d.line, d.reason) for d in article.dropped] == [(5, "repeats line 3")]


def test_title_then_paragraphs_has_no_deck() -> None:
    article = parse(
        "Whales sing across an ocean\n\nThe first paragraph is a summary of what the whales were heard to do.\n\n"
        "The second one adds detail about the songs and the people who recorded them.\n")
    assert article.deck is None
    assert [b.type for b in article.blocks] == ["paragraph", "paragraph"]


def test_spanish_article_is_recognised() -> None:
    article = parse(
        "Un titular de prueba para el parser\nPor Ana Ruiz\n"
        "El texto de la noticia, que es de la ciudad y del país.\n")
    assert article.language == "es"
    assert article.byline == "Ana Ruiz"


def test_text_without_words_is_a_site_error() -> None:
    with pytest.raises(SiteError):
        parse(" \n\t\n\u00a0\n")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nov. 2, 2025", dt.date(2025, 11, 2)),
        ("2 de noviembre de 2025", dt.date(2025, 11, 2)),
        ("2025-11-02", dt.date(2025, 11, 2)),
        ("Updated 3:04 PM EST, Sun November 2, 2025", dt.date(2025, 11, 2)),
        ("Sun 2 Nov 2025 14.00 GMT", dt.date(2025, 11, 2)),
        ("Publicado: domingo, 2 noviembre 2025 12:45", dt.date(2025, 11, 2)),
        ("Actualizado el 2 de nov. de 2025 a las 14:00 h", dt.date(2025, 11, 2)),
        ("Published On 2 Nov 2025", dt.date(2025, 11, 2)),
        ("November 2, 2025 at 6:00 a.m. EST", dt.date(2025, 11, 2)),
        ("Sept. 9, 2025", dt.date(2025, 9, 9)),
        ("2nd November 2025", dt.date(2025, 11, 2)),
        ("Issued on: 02/11/2025 - 14:00", dt.date(2025, 11, 2)),
        ("11/24/2025", dt.date(2025, 11, 24)),
        ("2 setiembre 2025", dt.date(2025, 9, 2)),
        ("31 Feb 2025", None),
        ("2 hours ago", None),
        ("On Nov. 2, 2025, the council voted", None),
        ("November 2025", None),
    ],
)
def test_dates_in_common_forms(text: str, expected: dt.date | None) -> None:
    assert parse_text_date(text) == expected


def test_a_year_glued_to_the_time_still_reads() -> None:
    found = find_text_date("November 2, 20253:04 PM GMTUpdated 2 hours ago")
    assert found is not None and found.date == dt.date(2025, 11, 2)


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("CARACAS, Venezuela (AP) — Officials said on Sunday.", "CARACAS, Venezuela"),
        ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON"),
        ("LIMA, Nov 2 (Reuters) - Ministers agreed.", "LIMA"),
        ("Caracas, 2 nov (EFE).- El Gobierno anunció.", "Caracas"),
        ("MADRID, 2 Nov. (EUROPA PRESS) - La Biblioteca.", "MADRID"),
        ("Bogota, Colombia CNN — The robots.", "Bogota, Colombia"),
        ("LONDON — The museum reopened.", "LONDON"),
        ("CNN — The robots.", None),
        ("The mayor (left) - said it was fine.", None),
        ("The council voted on Tuesday.", None),
    ],
)
def test_datelines(paragraph: str, expected: str | None) -> None:
    assert find_dateline(paragraph) == expected


def test_dateline_paragraph_keeps_its_text() -> None:
    article = parse("Storm hits the coast overnight\nBy Ana Ruiz\nMIAMI (AP) — The storm arrived at night.\n")
    assert article.dateline == "MIAMI"
    assert article.blocks[0].text == "MIAMI (AP) — The storm arrived at night."


# -- decoding --------------------------------------------------------------------------------


def decode_error(data: bytes) -> SiteError:
    with pytest.raises(SiteError) as info:
        decode_seed(data, "seeds/a.txt")
    return info.value


def test_empty_and_blank_files_are_errors() -> None:
    assert str(decode_error(b"")).startswith("seeds/a.txt:1:1: error: the file is empty")
    assert "only blank lines" in decode_error(b" \r\n\t\n").message
    assert decode_error(b"\xef\xbb\xbf").message == "the file is empty"


def test_binary_files_are_errors() -> None:
    error = decode_error(b"Title\nab\x00cd")
    assert "binary" in error.message and (error.location.line, error.location.col) == (2, 3)
    assert "binary" in decode_error(bytes(range(1, 9)) * 40).message


def test_not_utf8_names_the_byte_and_offers_the_cp1252_reading() -> None:
    error = decode_error("Hola\nEl Título de la noticia\n".encode("cp1252"))
    assert error.message == "the file is not UTF-8: byte 0xED at line 2:5 cannot be read"
    assert (error.location.line, error.location.col) == (2, 5)
    assert "Windows-1252" in error.hint and "El Título de la noticia" in error.hint
    assert str(error).startswith("seeds/a.txt:2:5: error: the file is not UTF-8")


def test_not_utf8_without_a_cp1252_reading() -> None:
    error = decode_error(b"ok\n\x81abc\n")
    assert "0x81" in error.message and "line 2:1" in error.message
    assert "Windows-1252" not in error.hint and "UTF-8" in error.hint


def test_utf16_and_oversized_files_are_errors() -> None:
    assert "UTF-16" in decode_error("Hola".encode("utf-16")).message
    error = decode_error(b"a" * (MAX_SEED_BYTES + 1))
    assert "5 MB" in error.message and error.location.line == 1


def test_bom_is_stripped_and_line_ends_normalised() -> None:
    assert decode_seed(b"\xef\xbb\xbfa\r\nb\rc\n", "x.txt") == "a\nb\nc\n"


# -- exports and the import command ----------------------------------------------------------


def test_markdown_has_safe_front_matter_and_escaped_body() -> None:
    text = (
        "Why: a headline with a colon, 'quotes' and # signs\n"
        "A deck that says something about the story.\n"
        "By Ana Ruiz\n"
        "Nov. 2, 2025\n"
        "# This paragraph starts with a hash and should stay a paragraph of text.\n"
        "1. Neither is this one a list, although it starts with a number and a dot.\n"
        "A subheading\n"
        "> Nor a quote; and *stars*, _underscores_, [brackets](x) and <b>tags</b> stay text.\n"
    )
    article = parse(text)
    markdown = to_markdown(article)
    _, front, body = markdown.split("---\n", 2)
    assert yaml.safe_load(front) == {
        "title": "Why: a headline with a colon, 'quotes' and # signs",
        "date": "2025-11-02",
        "author": "Ana Ruiz",
        "summary": "A deck that says something about the story.",
        "draft": True,
    }
    tokens = MarkdownIt("commonmark").parse(body)
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "paragraph_open", "paragraph_open", "heading_open", "paragraph_open"
    ]
    inline = [t for t in tokens if t.type == "inline"]
    assert inline[0].content.startswith("\\# This paragraph")
    assert all(child.type == "text" for t in inline for child in t.children or [])
    assert "## A subheading" in body


def test_markdown_shows_captions_in_italics() -> None:
    markdown = to_markdown(read_seed(FIXTURES / "voz-analysis.txt"))
    assert "\n*Dictator Nicolás Maduro in an archive image. (AFP)*\n" in markdown
    assert markdown.count("archive image") == 1
    assert '## "He has no other destiny than to resist"' in markdown


def test_import_prints_json(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_import(str(CORPUS / "fr02_letemps_climat_lynxdump.txt"), "json", out) == 0
    data = json.loads(out.getvalue())
    assert list(data) == ["title", "outlet", "section", "byline", "date", "dateline", "deck", "images", "blocks",
                          "dropped", "guesses"]
    assert data["date"] == "2022-07-08" and data["byline"] == "Pascaline Minet"


def test_import_prints_markdown() -> None:
    out = io.StringIO()
    assert run_import(str(CORPUS / "es03_bots_sanchez_subheadings.txt"), "md", out) == 0
    assert out.getvalue().startswith("---\ndraft: true\n---\n\nEn los últimos 90 días")
    assert "\n## Apoyar gestión con mentiras\n" in out.getvalue()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "seeds.txt:1:1: error: the file is empty"),
        ("Título".encode("cp1252"), "seeds.txt:1:2: error: the file is not UTF-8: byte 0xED at line 1:2"),
        (b"\x00\x01\x02", "seeds.txt:1:1: error: this is a binary file"),
    ],
)
def test_import_reports_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes,
                                  message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seeds.txt").write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    assert run_import("seeds.txt", "json", out, err) == 1
    assert err.getvalue().startswith(message)
    assert "\n  hint: " in err.getvalue() and out.getvalue() == ""


def test_import_reports_missing_and_oversized_files(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_import(str(tmp_path / "nope.txt"), "md", io.StringIO(), err) == 1
    assert "cannot read the file" in err.getvalue()
    big = tmp_path / "big.txt"
    big.write_bytes(b"a\n" * (MAX_SEED_BYTES // 2 + 1))
    err = io.StringIO()
    assert run_import(str(big), "md", io.StringIO(), err) == 1
    assert f"the file is {MAX_SEED_BYTES + 2:,} bytes" in err.getvalue()
