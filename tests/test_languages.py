"""Explainers in the reader's language: the theme's words and dates, translations of a page,
hreflang and the language switch.

The bilingual fixture publishes one short explainer in English and in Spanish (excerpts of the
story Voz.us published in both languages on 30 November 2025).
"""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.i18n import CATALOGUE_DIR, supported_languages
from builder.model import VERDICTS
from builder.sources.load import AFFILIATIONS
from builder.sources.views import AFFILIATION_GROUP, KIND_LABELS
from tests.conftest import ROOT, build_site, copy_fixture
from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import axe_available, browser_page, browser_session, html_checker, serve_site  # noqa: F401

THEME = ROOT / "builder" / "theme"
EN_PAGE = "articles/trump-maduro-call/index.html"
ES_PAGE = "es/articles/llamada-trump-maduro/index.html"
EN_TIMELINE = "timelines/call/index.html"
ES_TIMELINE = "timelines/llamada/index.html"


# --- the catalogues --------------------------------------------------------------------------------


def interface_strings() -> set[str]:
    """Every English string the theme shows: the templates' t()/tn() words, the labels the Python
    side hands them (kinds of source, verdicts, affiliations, the default navigation)."""
    found: set[str] = set()
    for path in (THEME / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        found.update(m.group(2) for m in re.finditer(r"""\bt\(\s*(["'])(.*?)\1""", text))
        for m in re.finditer(r"""\btn\([^,]+,\s*(["'])(.*?)\1\s*,\s*(["'])(.*?)\3""", text):
            found.update((m.group(2), m.group(4)))
        for words in re.finditer(r"""\{"primary": [^}]*\}""", text):  # the kinds of source, as the pages word them
            found.update(re.findall(r""":\s*"([^"]+)\"""", words.group(0)))
    for path in (ROOT / "builder").rglob("*.py"):  # translate(language, "...") of the Python side
        found.update(python_strings(path))
    for heading, blurb in KIND_LABELS.values():
        found.update((heading, blurb))
    found.update(AFFILIATION_GROUP[1:])
    found.update(verdict[:1].upper() + verdict[1:] for verdict in VERDICTS)
    found.update(affiliation[:1].upper() + affiliation[1:] for affiliation in AFFILIATIONS)
    found.update(("Home", "Timeline", "Timelines", "Sources"))  # the default navigation
    return found


TRANSLATING = frozenset({"translate", "translate_count", "markup", "markup_count"})
"""builder.i18n's functions: their string arguments after the language are catalogue keys."""


def python_strings(path: Path) -> set[str]:
    """The keys a module hands to builder.i18n (as Python reads them: split literals joined)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in TRANSLATING:
                found.update(arg.value for arg in node.args[1:]
                             if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return found


def slots(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("language", [lang for lang in supported_languages() if lang != "en"])
def test_every_interface_string_is_translated_in_every_shipped_language(language: str) -> None:
    catalogue = json.loads((CATALOGUE_DIR / f"{language}.json").read_text(encoding="utf-8"))
    wanted = interface_strings()
    missing = sorted(key for key in wanted if not str(catalogue.get(key, "")).strip())
    assert not missing, f"{language}.json lacks a translation of: {missing}"
    # a translation fills the English {slots} (a count it may say in words) and no others
    wrong = sorted(key for key in wanted
                   if not slots(key) - {"count"} <= slots(catalogue[key]) <= slots(key) | {"count"})
    assert not wrong, f"{language}.json fills other {{slots}} than the English: {wrong}"


def test_english_spanish_portuguese_and_french_are_shipped() -> None:
    assert {"en", "es", "pt", "fr"} <= set(supported_languages())


# --- the bilingual site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build_site(copy_fixture("bilingual-site", tmp_path_factory.mktemp("bilingual")))
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    return result.out


class Page(HTMLParser):
    """A built page's text and attribute words (what a reader or a screen reader meets), leaving
    out what is marked as written in another language (`lang="en"` on a Spanish page), and its
    alternates and language-switch links."""

    SAID = ("aria-label", "title", "alt", "placeholder", "data-note-word", "data-showing", "data-showing-all")

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.words: list[str] = []
        self.stack: list[bool] = []  # per open element: inside another language?
        self.alternates: dict[str, str] = {}
        self.switch: list[dict[str, str]] = []
        self.in_switch = False
        self.html_lang = ""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "source", "wbr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = values.get("lang", "")
        if tag == "link" and values.get("rel") == "alternate" and "hreflang" in values:
            self.alternates[values["hreflang"]] = values["href"]
        if tag == "nav" and "language-switch" in values.get("class", ""):
            self.in_switch = True
        if self.in_switch and tag == "a":
            self.switch.append(values)
        foreign = (self.stack[-1] if self.stack else False) or (
            "lang" in values and values["lang"].split("-")[0] != self.language)
        if not foreign:
            self.words += [values[name] for name in self.SAID if values.get(name)]
        if tag not in self.VOID:
            self.stack.append(foreign)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.in_switch = False
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.words.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())


def read(site: Path, path: str, language: str) -> Page:
    page = Page(language)
    page.feed((site / path).read_text(encoding="utf-8"))
    return page


def english_left(text: str) -> list[str]:
    """The theme's English strings (each run of words between its {slots}) found in `text`."""
    left = []
    for key in interface_strings():
        for part in re.split(r"\{\w+\}", key):
            part = part.strip(" .:,()“”")
            if len(part) >= 4 and re.search(r"(?<!\w)" + re.escape(part) + r"(?!\w)", text):
                left.append(part)
    return sorted(set(left))


@pytest.mark.parametrize("path", [ES_PAGE, ES_TIMELINE])
def test_the_spanish_pages_show_no_english_interface_string(site: Path, path: str) -> None:
    page = read(site, path, "es")
    assert page.html_lang == "es"
    assert english_left(page.text) == []


def test_the_english_page_is_checked_the_same_way_and_does_show_the_theme_in_english(site: Path) -> None:
    """The scan itself can fail: on the English page it finds the English words."""
    found = english_left(read(site, EN_PAGE, "en").text)
    assert {"Skip to content", "Source notes", "Also in"} <= set(found)


def test_dates_and_words_are_in_each_pages_language(site: Path) -> None:
    spanish = read(site, ES_PAGE, "es").text
    english = read(site, EN_PAGE, "en").text
    assert "30 de noviembre de 2025" in spanish and "30 November 2025" in english
    assert "Saltar al contenido" in spanish and "Notas sobre las fuentes" in spanish and "Por Virginia Martínez" in spanish
    assert "Nota 1" in spanish, "the note marker says 'Nota' to a screen reader"
    timeline = read(site, ES_TIMELINE, "es").text
    assert "noviembre de 2025" in timeline, "a date known to its month, in Spanish"
    assert "2 acontecimientos" in timeline and "Descargar los datos" in timeline


@pytest.mark.parametrize(("english", "spanish"), [(EN_PAGE, ES_PAGE), (EN_TIMELINE, ES_TIMELINE)])
def test_hreflang_alternates_go_both_ways(site: Path, english: str, spanish: str) -> None:
    both = {"en": "/" + english.removesuffix("index.html"), "es": "/" + spanish.removesuffix("index.html")}
    assert read(site, english, "en").alternates == read(site, spanish, "es").alternates == both


@pytest.mark.parametrize(("english", "spanish"), [(EN_PAGE, ES_PAGE), (EN_TIMELINE, ES_TIMELINE)])
def test_the_language_switch_leads_to_the_other_edition(site: Path, english: str, spanish: str) -> None:
    for path, language, other, target in ((english, "en", "es", spanish), (spanish, "es", "en", english)):
        links = read(site, path, language).switch
        assert [(link["hreflang"], link["lang"]) for link in links] == [(other, other)]
        assert (site / links[0]["href"].lstrip("/") / "index.html") == site / target
        assert (site / target).is_file()
    assert read(site, EN_PAGE, "en").switch[0]["href"] == "/es/articles/llamada-trump-maduro/"
    assert "Español" in (site / EN_PAGE).read_text(encoding="utf-8")
    assert ">English</a>" in (site / ES_PAGE).read_text(encoding="utf-8")


def test_the_switch_works_with_the_keyboard(site: Path, browser_page, serve_site) -> None:  # noqa: F811
    base = serve_site(site)
    browser_page.goto(base + "articles/trump-maduro-call/")
    for _ in range(10):
        browser_page.keyboard.press("Tab")
        if browser_page.evaluate("document.activeElement.getAttribute('hreflang')") == "es":
            break
    else:
        pytest.fail("the language switch cannot be reached with Tab")
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/es/articles/llamada-trump-maduro/")
    assert browser_page.evaluate("document.documentElement.lang") == "es"


def test_both_editions_are_valid_html(site: Path, html_checker) -> None:  # noqa: F811
    errors = html_checker([site / EN_PAGE, site / ES_PAGE, site / EN_TIMELINE, site / ES_TIMELINE, site / "index.html"])
    assert not errors, errors


@pytest.mark.parametrize("path", [page.removesuffix("index.html") for page in (EN_PAGE, ES_PAGE, ES_TIMELINE)])
def test_both_editions_pass_axe(site: Path, browser_page, serve_site, axe_available, path: str) -> None:  # noqa: F811
    browser_page.goto(serve_site(site) + path)
    violations = run_axe(browser_page)
    assert not violations, format_violations(violations)


# --- mistakes ----------------------------------------------------------------------------------------


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


SPANISH = "content/articles/llamada-trump.md"


def test_a_translation_of_an_unknown_file_is_told_at_its_line_with_the_closest_name(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, SPANISH, "translation_of: articles/trump-call.md", "translation_of: articles/trump-cal.md")
    result = build_site(site)
    assert result.code == 1
    assert (f"{SPANISH}:5:17: error: translation_of names 'articles/trump-cal.md', which is no article or page "
            "of this site") in result.stderr
    assert "did you mean 'articles/trump-call.md'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_translation_in_the_same_language_is_an_error(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, SPANISH, "language: es\n", "language: en\n")
    result = build_site(site)
    assert result.code == 1
    assert f"{SPANISH}:5:17: error: translation_of names 'articles/trump-call.md', which is in the same language" \
        in result.stderr


def test_a_page_that_translates_itself_is_an_error(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, SPANISH, "translation_of: articles/trump-call.md", "translation_of: content/articles/llamada-trump.md")
    result = build_site(site)
    assert result.code == 1
    assert f"{SPANISH}:5:17: error: translation_of names this page itself" in result.stderr


def test_a_page_in_a_language_the_site_does_not_list_is_an_error(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", "languages: [en, es]", "languages: [en, pt]")
    result = build_site(site)
    assert result.code == 1
    assert f"{SPANISH}:1:1: error: this page is in 'es', which site.yaml's languages: does not list" in result.stderr


def test_an_unsupported_language_falls_back_to_english_with_a_warning(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", "language: en\nlanguages: [en, es]\n", "language: de\n")
    edit(site, SPANISH, "translation_of: articles/trump-call.md\n", "")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert "site.yaml:6:11: warning: the theme has no translation for 'de'" in result.stderr
    home = (result.out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in home and "Skip to content" in home


def test_a_page_in_an_unsupported_language_is_told_and_shows_the_theme_in_english(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", "languages: [en, es]\n", "")
    edit(site, SPANISH, "language: es\ntranslation_of: articles/trump-call.md\n", "language: de\n")
    edit(site, "content/timelines/llamada.yaml", "language: es\ntranslation_of: timelines/call.yaml\n", "")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert f"{SPANISH}:1:1: warning: the theme has no translation for 'de', this page's language" in result.stderr
    page = (result.out / "articles/llamada-trump-maduro/index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Skip to content" in page
