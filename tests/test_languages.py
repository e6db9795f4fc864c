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
from tests.conftest import ROOT, assert_change_built_as_cold, build_site, copy_fixture, edit
from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import axe_available, browser_page, browser_session, html_checker, serve_site  # noqa: F401

THEME = ROOT / "builder" / "theme"
EN_PAGE = "articles/trump-maduro-call/index.html"
ES_PAGE = "es/articles/llamada-trump-maduro/index.html"
EN_TIMELINE = "timelines/call/index.html"
ES_TIMELINE = "es/timelines/llamada/index.html"


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
    """Attributes a reader meets: read out, shown on hover, or shown by the page's script."""

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
            if tag == "meta" and values.get("name") == "description":  # what search results show of the page
                self.words.append(values.get("content", ""))
            if values.get("data-words"):  # the words the search page's script shows
                self.words += json.loads(values["data-words"]).values()
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


ENGLISH_DATE = re.compile(r"\b(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|September"
                          r"|October|November|December)(?: \d{1,2},)?(?: \d{4})?\b")
"""A date written in English ('30 November 2025', 'November 2025', 'November 30, 2025')."""

SPANISH_EDITION = ("es/index.html", "es/articles/index.html", ES_PAGE, ES_TIMELINE, "es/sources/index.html",
                   "es/search/index.html", "es/404.html", "es/tags/index.html", "es/tags/venezuela/index.html",
                   "es/tags/estados-unidos/index.html")
"""What the Spanish edition publishes: its own home page, list of articles, article, timeline, sources,
search and 404 pages, and its topics (one of them, `estados-unidos`, only Spanish articles carry)."""


def edition_pages(site: Path, folder: str = "es") -> list[str]:
    """Every page the build published under a language's folder."""
    return sorted(path.relative_to(site).as_posix() for path in (site / folder).rglob("*.html"))


def english_on(site: Path, path: str) -> list[str]:
    """The English interface strings and dates on a Spanish page (and its language, if not Spanish)."""
    page = read(site, path, "es")
    return english_left(page.text) + ENGLISH_DATE.findall(page.text) + (
        [] if page.html_lang == "es" else [f'<html lang="{page.html_lang}">'])


def test_the_spanish_edition_has_every_page_of_the_english_one(site: Path) -> None:
    assert set(edition_pages(site)) == set(SPANISH_EDITION), "(each one is checked with axe below)"
    english = {path for path in (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
               if not path.startswith("es/")}
    assert len(edition_pages(site)) == len(english), "each page of the site's own language has its Spanish one"


def test_no_spanish_page_shows_an_english_interface_string_or_date(site: Path) -> None:
    """Every page under /es/: its text, what screen readers say (aria-label, alt, title), the words its
    script shows, its description and every date."""
    left = {path: found for path in edition_pages(site) if (found := english_on(site, path))}
    assert left == {}


def test_the_scan_finds_english_where_there_is_some(site: Path) -> None:
    """The scan itself can fail: on the English pages it finds the English words and dates."""
    found = english_left(read(site, EN_PAGE, "en").text)
    assert {"Skip to content", "Source notes", "Also in"} <= set(found)
    assert "30 November 2025" in ENGLISH_DATE.findall(read(site, "index.html", "en").text)
    assert {"Search", "Sources", "Page not found"} <= set(english_left(read(site, "404.html", "en").text))


def test_dates_and_words_are_in_each_pages_language(site: Path) -> None:
    spanish = read(site, ES_PAGE, "es").text
    english = read(site, EN_PAGE, "en").text
    assert "30 de noviembre de 2025" in spanish and "30 November 2025" in english
    assert "Saltar al contenido" in spanish and "Notas sobre las fuentes" in spanish and "Por Virginia Martínez" in spanish
    assert "Nota 1" in spanish, "the note marker says 'Nota' to a screen reader"
    timeline = read(site, ES_TIMELINE, "es").text
    assert "noviembre de 2025" in timeline, "a date known to its month, in Spanish"
    assert "2 acontecimientos" in timeline and "Descargar los datos" in timeline


def address(path: str) -> str:
    """The address a page is read at: `/es/sources/` for es/sources/index.html."""
    return "/" + path.removesuffix("index.html")


def file_at(site: Path, href: str) -> Path:
    return site / href.lstrip("/") / "index.html"


UNPAIRED = ("es/404.html", "es/tags/estados-unidos/index.html")
"""The Spanish pages with no English edition: the 404 page (no address of its own: every address not
found) and a topic no English article carries."""


def spanish_pairs(site: Path) -> list[tuple[str, str]]:
    """(English page, its Spanish edition) for every Spanish page that has one, as its alternates say."""
    pairs = []
    for path in edition_pages(site):
        english = read(site, path, "es").alternates.get("en", "")
        assert bool(english) == (path not in UNPAIRED), path
        if english:
            pairs.append((file_at(site, english).relative_to(site).as_posix(), path))
    return pairs


def test_hreflang_alternates_go_both_ways_on_every_page_of_the_edition(site: Path) -> None:
    """Each Spanish page names its English edition and itself, and the English page names the same two."""
    pairs = spanish_pairs(site)
    assert {(english, spanish) for english, spanish in pairs} >= {
        ("index.html", "es/index.html"), ("articles/index.html", "es/articles/index.html"), (EN_PAGE, ES_PAGE),
        ("timelines/call/index.html", ES_TIMELINE), ("sources/index.html", "es/sources/index.html"),
        ("search/index.html", "es/search/index.html"), ("tags/index.html", "es/tags/index.html"),
        ("tags/venezuela/index.html", "es/tags/venezuela/index.html")}
    for english, spanish in pairs:
        both = {"en": address(english), "es": address(spanish)}
        assert read(site, spanish, "es").alternates == both, spanish
        assert read(site, english, "en").alternates == both, english


def test_the_language_switch_on_every_page_leads_to_the_other_edition(site: Path) -> None:
    for english, spanish in spanish_pairs(site):
        for path, language, other, target in ((english, "en", "es", spanish), (spanish, "es", "en", english)):
            links = read(site, path, language).switch
            assert [(link["hreflang"], link["lang"]) for link in links] == [(other, other)], path
            assert file_at(site, links[0]["href"]) == site / target and (site / target).is_file(), path
    for path in UNPAIRED:  # nothing to switch to
        assert read(site, path, "es").switch == [] and read(site, path, "es").alternates == {}
    assert read(site, EN_PAGE, "en").switch[0]["href"] == "/es/articles/llamada-trump-maduro/"
    assert "Español" in (site / EN_PAGE).read_text(encoding="utf-8")
    assert ">English</a>" in (site / ES_PAGE).read_text(encoding="utf-8")


def header_links(site: Path, path: str) -> list[str]:
    """Where the page's header leads: the site's name, the navigation, the search box."""
    header = (site / path).read_text(encoding="utf-8").partition('<header class="site-header">')[2].partition(
        "</header>")[0]
    return re.findall(r'(?:href|action)="([^"]*)"', header)


def test_the_spanish_pages_lead_within_their_edition(site: Path) -> None:
    for path in edition_pages(site):
        links = header_links(site, path)
        assert "/es/search/" in links or path == "es/search/index.html", path  # (its own form is the search box)
        assert [link for link in links if not link.startswith("/es/")] == [], path
    nav = read(site, "es/sources/index.html", "es").text
    assert "Inicio Cronología Fuentes" in nav, "the Spanish navigation: its home, its timeline, its sources"
    assert '<a class="site-title" href="/es/">La llamada</a>' in (site / ES_PAGE).read_text(encoding="utf-8")
    assert [link for link in header_links(site, EN_PAGE) if link.startswith("/es/")] == []


def test_each_edition_has_its_own_home_page(site: Path) -> None:
    spanish = (site / "es/index.html").read_text(encoding="utf-8")
    english = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>La llamada</title>" in spanish and "<h1>La llamada</h1>" in spanish
    assert "Una historia contada en inglés y en español." in spanish, "site.yaml's description for Spanish"
    assert "Donald Trump confirmó que habló por teléfono" in spanish, "site.yaml's summary for Spanish"
    assert "Donald Trump confirmed" in english and "Donald Trump confirmó" not in english
    assert "Última actualización: <time" in spanish
    # each lists its own articles and timeline, not the other language's
    assert "/es/articles/llamada-trump-maduro/" in spanish and "/articles/trump-maduro-call/" not in spanish
    assert "/articles/trump-maduro-call/" in english and "/es/articles/" not in english.partition("<main")[2]
    assert "/es/timelines/llamada/" in spanish and "/timelines/call/" not in spanish


def test_the_root_404_page_leads_spanish_readers_to_their_home_page(site: Path) -> None:
    """GitHub Pages shows /404.html for every address not found, /es/... too."""
    page = (site / "404.html").read_text(encoding="utf-8")
    assert '<p lang="es"><a href="/es/" hreflang="es">Ir a la página de inicio</a></p>' in page


def test_each_editions_sources_page_lists_the_places_of_its_language(site: Path) -> None:
    spanish = (site / "es/sources/index.html").read_text(encoding="utf-8")
    english = (site / "sources/index.html").read_text(encoding="utf-8")
    assert 'href="/es/articles/llamada-trump-maduro/' in spanish and 'href="/articles/trump-maduro-call/' not in spanish
    assert 'href="/articles/trump-maduro-call/' in english and 'href="/es/articles/' not in english
    assert "Citada en" in spanish or "Citado en" in spanish


def test_the_switch_works_in_a_browser_with_the_keyboard_and_back(site: Path, browser_page,  # noqa: F811
                                                                   serve_site) -> None:  # noqa: F811
    from playwright.sync_api import expect

    base = serve_site(site)
    for start, target in (("articles/trump-maduro-call/", "es/articles/llamada-trump-maduro/"), ("", "es/")):
        browser_page.goto(base + start)
        for _ in range(12):
            browser_page.keyboard.press("Tab")
            if browser_page.evaluate("document.activeElement.getAttribute('hreflang')") == "es":
                break
        else:
            pytest.fail(f"the language switch of /{start} cannot be reached with Tab")
        browser_page.keyboard.press("Enter")
        browser_page.wait_for_url(base + target)
        assert browser_page.evaluate("document.documentElement.lang") == "es"
    expect(browser_page.locator("h1")).to_have_text("La llamada")
    browser_page.locator(".language-switch a[hreflang=en]").click()  # and back, from the Spanish home
    browser_page.wait_for_url(base)
    assert browser_page.evaluate("document.documentElement.lang") == "en"
    browser_page.goto(base + "es/sources/")
    browser_page.locator(".language-switch a[hreflang=en]").click()
    browser_page.wait_for_url(base + "sources/")


def test_the_spanish_search_page_finds_the_spanish_article_event_and_source(site: Path, browser_page,  # noqa: F811
                                                                            serve_site) -> None:  # noqa: F811
    """Pagefind keeps an index per language: searched from /es/search/, the Spanish edition's pages answer."""
    problems: list[str] = []
    browser_page.on("pageerror", lambda error: problems.append(str(error)))
    browser_page.goto(serve_site(site) + "es/search/?q=Maduro")
    browser_page.wait_for_selector(".search-result")
    browser_page.locator("a[href$='#voz-trump-call']").wait_for(state="attached")
    links = browser_page.eval_on_selector_all(".search-result h2 a", "links => links.map(a => a.getAttribute('href'))")
    assert "/es/articles/llamada-trump-maduro/" in links
    assert "/es/timelines/llamada/#llamada-trump-maduro" in links
    assert "/es/sources/#voz-trump-call" in links
    assert [link for link in links if not link.startswith("/es/")] == [], "no page of the English edition"
    assert "Maduro" in browser_page.inner_text("#search-status") and "resultados" in browser_page.inner_text(
        "#search-status")
    assert problems == []


def test_both_editions_are_valid_html(site: Path, html_checker) -> None:  # noqa: F811
    paths = {path for pair in spanish_pairs(site) for path in pair} | {*UNPAIRED, "404.html"}
    pages = [site / path for path in sorted(paths)]
    errors = html_checker(pages)
    assert not errors, errors


@pytest.mark.parametrize("path", [EN_PAGE, *SPANISH_EDITION])
def test_both_editions_pass_axe(site: Path, browser_page, serve_site, axe_available, path: str) -> None:  # noqa: F811
    browser_page.goto(serve_site(site) + path.removesuffix("index.html"))
    violations = run_axe(browser_page)
    assert not violations, format_violations(violations)


# --- mistakes ----------------------------------------------------------------------------------------


SPANISH = "content/articles/llamada-trump.md"
LANGUAGES = (ROOT / "tests/fixtures/bilingual-site/site.yaml").read_text(encoding="utf-8").partition(
    "language: en\n")[2].partition("author:")[0]
"""The fixture's `languages:` with the Spanish edition's own title, description and summary."""


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
    edit(site, "site.yaml", "  es:\n    title:", "  pt:\n    title:")
    result = build_site(site)
    assert result.code == 1
    assert f"{SPANISH}:1:1: error: this page is in 'es', which site.yaml's languages: does not list" in result.stderr


def test_an_unsupported_language_falls_back_to_english_with_a_warning(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", "language: en\n" + LANGUAGES, "language: de\n")
    edit(site, SPANISH, "translation_of: articles/trump-call.md\n", "")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert "site.yaml:8:11: warning: the theme has no translation for 'de'" in result.stderr
    home = (result.out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in home and "Skip to content" in home


def test_a_page_in_an_unsupported_language_is_told_and_shows_the_theme_in_english(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", LANGUAGES, "")
    edit(site, SPANISH, "language: es\ntranslation_of: articles/trump-call.md\n", "language: de\n")
    edit(site, "content/timelines/llamada.yaml", "language: es\ntranslation_of: timelines/call.yaml\n", "")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert f"{SPANISH}:1:1: warning: the theme has no translation for 'de', this page's language" in result.stderr
    page = (result.out / "articles/llamada-trump-maduro/index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Skip to content" in page


def test_a_misspelt_setting_of_a_language_is_told_at_its_line(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", "    title: La llamada\n", "    titel: La llamada\n")
    result = build_site(site)
    assert result.code == 1
    assert "site.yaml:12:5: error: unknown key 'titel' in the settings of 'es'" in result.stderr
    assert "did you mean 'title'?" in result.stderr and "Traceback" not in result.stderr


def test_settings_for_the_sites_own_language_are_told_to_go_to_the_top(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", "  en: {}\n", "  en:\n    title: The call\n")
    result = build_site(site)
    assert result.code == 1
    assert "site.yaml:11:5: error: the settings of 'en', the site's own language, are the top of site.yaml" \
        in result.stderr


def test_a_languages_own_navigation_is_shown_on_its_pages_and_its_links_checked(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", "    title: La llamada\n",
         "    title: La llamada\n    nav:\n      - {title: Portada, url: es/}\n      - {title: Fuentes, url: es/fuentes/}\n")
    result = build_site(site)
    assert result.code == 1
    assert "site.yaml:15:31: error: the link '/es/fuentes/' leads to no page or file of the site" in result.stderr
    assert "did you mean '/es/sources/'?" in result.stderr
    edit(site, "site.yaml", "url: es/fuentes/", "url: es/sources/")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert header_links(result.out, ES_PAGE) == ["/es/", "/es/", "/es/sources/", "/es/search/"]
    assert ">Portada</a>" in (result.out / ES_PAGE).read_text(encoding="utf-8")
    assert ">Portada</a>" not in (result.out / EN_PAGE).read_text(encoding="utf-8")


def test_languages_as_a_plain_list_still_publishes_each_edition(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "site.yaml", LANGUAGES, "languages: [en, es]\n")
    result = build_site(site)
    assert result.code == 0, result.stderr
    home = (result.out / "es/index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in home and "Saltar al contenido" in home and "<h1>The call</h1>" in home


# --- a change rebuilds what shows it ------------------------------------------------------------------


EDITION_CHANGES = {
    "a Spanish article's title (the Spanish home page, list and sources page show it)": lambda s: edit(
        s, SPANISH, "title: Trump confirma una llamada con Maduro", "title: Trump confirma la llamada"),
    "the Spanish description in site.yaml": lambda s: edit(
        s, "site.yaml", "description: Una historia", "description: Otra historia"),
    "a Spanish event": lambda s: edit(
        s, "content/timelines/llamada.yaml", "title: Trump confirma la llamada", "title: Trump confirma"),
    "a new Spanish page (the Spanish menu lists it)": lambda s: write_file(
        s, "content/pages/acerca.md", "---\ntitle: Acerca de\nlanguage: es\n---\nQuiénes somos.\n"),
    "a correction of the Spanish article (a Spanish corrections page)": lambda s: edit(
        s, SPANISH, "date: 2025-11-30\n",
        "date: 2025-11-30\ncorrections:\n  - date: 2025-12-02\n    text: La llamada fue el 21 de noviembre.\n"),
}


def write_file(site: Path, name: str, text: str) -> None:
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", EDITION_CHANGES)
def test_after_a_change_each_edition_equals_a_full_build(name: str, tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path / "site")
    assert build_site(site).code == 0
    assert_change_built_as_cold(site, tmp_path, EDITION_CHANGES[name])  # (tree() leaves the search index out)


def test_a_timeline_in_a_language_the_site_does_not_list_is_an_error(tmp_path: Path) -> None:
    site = copy_fixture("bilingual-site", tmp_path)
    edit(site, "content/timelines/llamada.yaml", "language: es\n", "language: pt\n")
    result = build_site(site)
    assert result.code == 1
    assert ("content/timelines/llamada.yaml:1:1: error: this timeline is in 'pt', which site.yaml's languages: "
            "does not list") in result.stderr
