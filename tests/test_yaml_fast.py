"""The fast path for flat YAML (`key: value` lines) reads exactly what the full YAML loader reads.

Front matter is usually a few one-line values; yamlfile reads those without the YAML parser's
node tree. Whatever it accepts must give the same values, of the same types, at the same
places (every `path:line:col` an editor is shown), and with no mistake the full path would
have told; everything else must be left to the full path. Texts: random lines built from the
values sites write (and the ones YAML treats specially), and every front matter of the fixture
sites and the showcase.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import yamlfile
from builder.content.frontmatter import split_front_matter
from builder.errors import Diagnostics, SiteError
from builder.yamlfile import YamlList, YamlMap, load_yaml

ROOT = Path(__file__).resolve().parent.parent

KEYS = ("title", "date", "tags", "summary", "draft", "slug", "k-1", "_x", "true", "null", "No", "y", "1", "Title")
VALUES = ("Harbour storm", "x", "2015-01-01", "2019-02-30", "true", "True", "yes", "no", "null", "~", "1", "-1", "+1",
          "0x1F", "1_000", "017", "0b101", "1.5", ".5", ".inf", "-.inf", ".NaN", "1e5", "1:30", "=", "<<", "!", "&a",
          "*a", "a: b", "a #b", "a#b", "a:b", "don't", 'say "hi"', '"quoted"', "'single'", "'it''s'", '"esc \\" x"',
          '"a\\tb"', "[a, b]", "[]", "[ ]", "[a,b]", "[ a , b ]", "[a, , b]", "[a, b,]", "[new  york, x]",
          "[1, true, null, 2015-01-01]", "[-a]", "[a-b]", "[río, über]", "Río", "日本語", "😀 emoji", "[😀, b]",
          '"😀"', "a\xa0b", "\xa0a", "a\xa0", "x  y", "trailing ", "", "{a: b}", "[a, [b]]", "%x", "@x", "`x", "|",
          ">", "a|b", "a > b", "'", '"', "1" * 5000, "?x", ":x", ",x", "x,y", "[x]y", "- x", "x -", "a\tb", "a\x85b",
          "\u2028", "\ufeff", "a\rb", "'a' x", '"a"x', "[a] x", "x # c", "[,]", "[ , a]", "!!str x", "!!python/none")
"""What editors write, and what YAML reads in its own way (types, indicators, quotes, odd characters)."""

OTHER_LINES = ("", "# comment", "  indented: x", "- item", "key:", "  - a", " ", "%YAML 1.1", "image:",
               "  file: a.jpg", "a: &x 1", "b: *x")

line = st.one_of(
    st.tuples(st.sampled_from(KEYS), st.sampled_from((": ", ":  ", ":", ":\t")), st.sampled_from(VALUES),
              st.sampled_from(("", "", "", " ", " # c", "\t"))).map("".join),
    st.sampled_from(OTHER_LINES),
)
flat_yaml = st.lists(line, max_size=6).map("\n".join)


def full_path(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """What the full loader makes of `text`: its value and its mistakes, or its error."""
    with monkeypatch.context() as patch:
        patch.setattr(yamlfile, "_flat_mapping", lambda *args: None)
        diagnostics = Diagnostics()
        try:
            return "read", load_yaml(text, "content/a.md", 1, diagnostics), [str(e) for e in diagnostics.errors]
        except SiteError as exc:
            return "error", str(exc), exc.hint


def fast_path(text: str) -> tuple[Any, ...]:
    diagnostics = Diagnostics()
    try:
        return "read", load_yaml(text, "content/a.md", 1, diagnostics), [str(e) for e in diagnostics.errors]
    except SiteError as exc:
        return "error", str(exc), exc.hint


def described(value: Any) -> Any:
    """Everything a reader of the value can see: types, values, order and every location."""
    if isinstance(value, YamlMap):
        return ("map", value.location, [(described(key), described(item), value.key_location(key),
                                         value.value_location(key)) for key, item in value.items()])
    if isinstance(value, YamlList):
        return ("list", value.location, value.item_locations, [described(item) for item in value])
    return (type(value).__name__, repr(value))


def assert_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, full = fast_path(text), full_path(text, monkeypatch)
    assert fast[0] == full[0] and fast[2] == full[2], text
    assert described(fast[1]) == described(full[1]) if fast[0] == "read" else fast[1] == full[1], text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(flat_yaml)
def test_random_flat_yaml_reads_the_same(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert_same(text, monkeypatch)


@pytest.mark.parametrize("text", [
    'title: "Harbour storm"\ndate: 2015-01-01\ntags: [elections, media, trade]',
    "\ntitle: Río 😀 x\ntags: [😀 a, b]\n",
    "title: x\ndraft: true\nweight: 3\nratio: .5\nnothing: ~",
])
def test_plain_front_matter_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert yamlfile._flat_mapping(text, "content/a.md", 1) is not None  # else this test proves nothing
    assert_same(text, monkeypatch)


def front_matters() -> list[Path]:
    return sorted(path for folder in (ROOT / "content", ROOT / "tests" / "fixtures")
                  for path in folder.rglob("*.md"))


def test_every_fixture_front_matter_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = 0
    for path in front_matters():
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        if not lines or lines[0].rstrip() != "---":
            continue
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            continue
        meta = "\n".join(lines[1:end])
        taken += yamlfile._flat_mapping(meta, "content/a.md", 1) is not None
        assert_same(meta, monkeypatch)
    assert taken > 20


def test_front_matter_mistakes_are_told_as_before() -> None:
    """A mistake in otherwise flat front matter is the full path's: told, located, with its hint."""
    diagnostics = Diagnostics()
    meta, _, _ = split_front_matter("---\ntitle: a\ntitle: b\n---\ntext", "content/a.md", diagnostics)
    assert meta == {"title": "a"}
    assert [str(e) for e in diagnostics.errors] == [
        "content/a.md:3:1: error: duplicate key 'title' (first set at line 2)\n  hint: remove one of them; "
        "the first is used until then"]
    with pytest.raises(SiteError) as caught:
        split_front_matter("---\ntitle: a: b\n---\ntext", "content/a.md")
    assert (caught.value.location.line, caught.value.location.col) == (2, 9)
    assert "mapping values are not allowed" in caught.value.message
