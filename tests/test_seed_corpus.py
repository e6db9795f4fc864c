"""The importer judged on real articles (tests/fixtures/seed-corpus/), the way an editor would.

Each text is byte for byte as a public repository holds it, with what an editor extracts
from it. An article counts as right when its title, deck, subheadings, first and last body
paragraph and paragraph count (within 10%, at least 1) are right and no junk line reaches
the body: the same judgement as the corpus's own score.py, run in-process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builder.seed import SeedArticle, decode_seed, parse_seed

CORPUS = Path(__file__).parent / "fixtures" / "seed-corpus"
CASES = sorted(CORPUS.glob("*.expected.json"))
RIGHT_AT_LEAST = 30
"""The score reached when the reader was written; it may only go up."""


def norm(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", (text or "").replace("\u00a0", " ")).strip() or None


def read(name: str) -> SeedArticle:
    path = CORPUS / f"{name}.txt"
    return parse_seed(decode_seed(path.read_bytes(), path.name))


def problems(article: SeedArticle, expected: dict) -> list[str]:
    """What an editor would find wrong in the reading (empty when it is right)."""
    bad = [f"{key}: {getattr(article, key)!r}" for key in ("title", "deck")
           if norm(getattr(article, key)) != norm(expected.get(key))]
    paragraphs = [norm(b.text) for b in article.blocks if b.type == "paragraph"]
    headings = [norm(b.text) for b in article.blocks if b.type == "heading"]
    if headings != [norm(h) for h in expected.get("subheadings", [])]:
        bad.append(f"subheadings: {headings!r}")
    if not paragraphs:
        return bad + ["no body paragraphs"]
    starts = [w for w in (expected["first_paragraph_starts"], expected.get("first_paragraph_starts_without_dateline"))
              if w]
    if not any(paragraphs[0].startswith(norm(w)) for w in starts):
        bad.append(f"first paragraph: {paragraphs[0][:40]!r}")
    if not paragraphs[-1].endswith(norm(expected["last_paragraph_ends"])):
        bad.append(f"last paragraph: {paragraphs[-1][-40:]!r}")
    if abs(len(paragraphs) - expected["paragraph_count"]) > max(1, round(expected["paragraph_count"] * 0.1)):
        bad.append(f"paragraphs: {len(paragraphs)}")
    for junk in map(norm, expected.get("junk_lines", [])):
        if junk and len(junk) > 3 and any(p == junk or (len(junk) > 12 and junk in p) for p in paragraphs):
            bad.append(f"junk in the body: {junk[:40]!r}")
    return bad


def test_the_corpus_is_read_right() -> None:
    wrong = {}
    for case in CASES:
        name = case.name.removesuffix(".expected.json")
        found = problems(read(name), json.loads(case.read_text("utf-8")))
        if found:
            wrong[name] = found
    assert len(CASES) - len(wrong) >= RIGHT_AT_LEAST, wrong


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_every_line_is_accounted_for(case: Path) -> None:
    """Every non-blank line is in the body, read as metadata, or dropped with a reason."""
    name = case.name.removesuffix(".expected.json")
    article = read(name)
    text = decode_seed((CORPUS / f"{name}.txt").read_bytes(), name)
    nonblank = {no for no, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)
                if line.strip()}
    seen = [no for no, _ in article.consumed] + [no for b in article.blocks for no in b.lines]
    seen += [d.line for d in article.dropped if not d.part]
    assert set(seen) == nonblank
    assert all(d.reason for d in article.dropped)


def test_nothing_is_invented_where_the_text_has_no_headline() -> None:
    for case in CASES:
        expected = json.loads(case.read_text("utf-8"))
        if expected["title"] is None:
            assert read(case.name.removesuffix(".expected.json")).title is None, case.name
