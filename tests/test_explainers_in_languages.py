"""An explainer in another language, naming the explainer it translates (`language:` and
`translation_of:` in explainer.yaml), and a language of `languages:` with nothing in it yet.

The fixture publishes one explainer in English (content/explainers/call) and its Spanish
translation (content/explainers/llamada), each with one article.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import assert_change_built_as_cold, build_site, copy_fixture, edit
from tests.support.axe import format_violations, run_axe
from tests.support.fixtures import axe_available, browser_page, browser_session, html_checker, serve_site  # noqa: F401
from tests.test_languages import english_on, read

FIXTURE = "bilingual-explainers"
EN_FRONT = "call/index.html"
ES_FRONT = "es/llamada/index.html"
SPANISH = "content/explainers/llamada/explainer.yaml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build_site(copy_fixture(FIXTURE, tmp_path_factory.mktemp("explainers")))
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    return result.out


def test_the_spanish_explainers_front_page_is_in_the_spanish_edition_in_spanish(site: Path) -> None:
    assert (site / ES_FRONT).is_file() and not (site / "llamada/index.html").exists()
    page = read(site, ES_FRONT, "es")
    assert page.html_lang == "es"
    assert "La llamada entre Trump y Maduro" in page.text and "Lo que hay que saber" in page.text
    assert "30 de noviembre de 2025" in page.text
    assert english_on(site, ES_FRONT) == []
    assert read(site, EN_FRONT, "en").html_lang == "en"
    article = (site / "es/articles/llamada-trump-maduro/index.html").read_text(encoding="utf-8")
    assert 'Forma parte de: <a href="/es/llamada/">' in article  # its explainer, in its edition


def test_the_two_front_pages_name_each_other_with_hreflang_and_the_switch(site: Path) -> None:
    both = {"en": "/call/", "es": "/es/llamada/"}
    for path, language, other in ((EN_FRONT, "en", "es"), (ES_FRONT, "es", "en")):
        page = read(site, path, language)
        assert page.alternates == both, path
        assert [(link["href"], link["hreflang"], link["lang"]) for link in page.switch] == \
            [(both[other], other, other)], path
    assert ">Español</a>" in (site / EN_FRONT).read_text(encoding="utf-8")
    assert ">English</a>" in (site / ES_FRONT).read_text(encoding="utf-8")


def test_each_editions_home_page_shows_the_explainers_of_its_language(site: Path) -> None:
    english = (site / "index.html").read_text(encoding="utf-8").partition("<main")[2]
    spanish = (site / "es/index.html").read_text(encoding="utf-8").partition("<main")[2]
    assert 'href="/call/"' in english and "/es/llamada/" not in english
    assert 'href="/es/llamada/"' in spanish and 'href="/call/"' not in spanish
    assert 'class="more-articles"><a href="/es/articles/"' in spanish  # its own list of articles
    assert english_on(site, "es/index.html") == []


def test_a_front_page_without_a_translation_has_no_switch(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, SPANISH, "translation_of: call\n", "")
    edit(site, "content/explainers/llamada/articles/llamada-trump.md",
         "translation_of: explainers/call/articles/trump-call.md\n", "")
    result = build_site(site)
    assert result.code == 0, result.stderr
    for path, language in ((EN_FRONT, "en"), (ES_FRONT, "es")):
        page = read(result.out, path, language)
        assert page.alternates == {} and page.switch == [], path


@pytest.mark.parametrize("old, new, message, hint", [
    ("translation_of: call", "translation_of: cal", "4:17: error: translation_of names 'cal', which is no "
     "explainer of this site", "hint: did you mean 'call'?"),
    ("translation_of: call", "translation_of: crisis", "4:17: error: translation_of names 'crisis', which is no "
     "explainer of this site", "hint: name the other explainer's folder under content/explainers/"),
    ("translation_of: call", "translation_of: llamada", "4:17: error: translation_of names this page itself",
     "hint: name the page in the other language that this one translates"),
    ("language: es", "language: en", "4:17: error: translation_of names 'call', which is in the same language "
     "('en')", "hint: give this page its own language:"),
    ("language: es", "language: pt", "3:11: error: this explainer is in 'pt', which site.yaml's languages: does "
     "not list", "hint: add pt to languages: in site.yaml, or correct its language:"),
])
def test_a_mistake_in_an_explainers_translation_is_told_at_its_line(tmp_path: Path, old: str, new: str,
                                                                    message: str, hint: str) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    first = build_site(site)
    assert first.code == 0, first.stderr
    edit(site, SPANISH, old, new)
    result = build_site(site)
    assert result.code == 1
    assert f"{SPANISH}:{message}" in result.stderr
    assert hint in result.stderr and "Traceback" not in result.stderr
    assert (result.out / ES_FRONT).is_file()  # the last good build stays published


def test_the_folder_or_file_of_an_explainer_names_it_too(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, SPANISH, "translation_of: call", "translation_of: explainers/call/explainer.yaml")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert read(result.out, ES_FRONT, "es").alternates == {"en": "/call/", "es": "/es/llamada/"}


def test_an_article_in_another_language_than_its_explainer_is_told(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    article = "content/explainers/llamada/articles/llamada-trump.md"
    edit(site, article, "language: es\ntranslation_of: explainers/call/articles/trump-call.md\n", "")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert (f"{article}:1:1: warning: this article is in 'en', but its explainer ({SPANISH}) is in 'es'"
            in result.stderr)
    assert "hint: write language: es in it, or move it to an explainer in 'en'" in result.stderr
    assert result.stderr.count("warning:") == 1  # the English explainer says no language: nothing to tell


def test_an_old_address_of_the_spanish_front_page_leads_to_it_in_spanish(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, SPANISH, "language: es\n", "language: es\naliases: [/la-llamada/]\n")
    result = build_site(site)
    assert result.code == 0, result.stderr
    redirect = (result.out / "la-llamada/index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in redirect and "url=/es/llamada/" in redirect


def test_a_sites_one_explainer_in_another_language_is_its_editions_home_page(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    shutil.rmtree(site / "content/explainers/call")
    edit(site, SPANISH, "translation_of: call\n", "aliases: [/la-llamada/]\n")
    edit(site, "content/explainers/llamada/articles/llamada-trump.md",
         "translation_of: explainers/call/articles/trump-call.md\n", "")
    result = build_site(site)
    assert result.code == 0, result.stderr
    said = "Donald Trump confirmó que habló por teléfono"
    assert said in (result.out / "es/index.html").read_text(encoding="utf-8")
    assert said not in (result.out / "index.html").read_text(encoding="utf-8")
    assert not (result.out / ES_FRONT).exists()  # one explainer: no front page of its own
    assert "url=/es/" in (result.out / "la-llamada/index.html").read_text(encoding="utf-8")


CHANGES = {
    "the Spanish explainer's title (its front page, the Spanish hub, its article's 'Part of')": lambda s: edit(
        s, SPANISH, "title: La llamada entre Trump y Maduro", "title: La llamada"),
    "the Spanish article's title (the Spanish front page lists it)": lambda s: edit(
        s, "content/explainers/llamada/articles/llamada-trump.md", "title: Trump confirma una llamada con Maduro",
        "title: Trump confirma la llamada"),
    "the Spanish explainer no longer a translation (the English front page loses its switch)": lambda s: edit(
        s, SPANISH, "translation_of: call\n", ""),
}


@pytest.mark.parametrize("name", CHANGES)
def test_after_a_change_the_build_equals_a_full_build(name: str, tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path / "site")
    assert build_site(site).code == 0
    assert_change_built_as_cold(site, tmp_path, CHANGES[name])  # (tree() leaves the search index out)


# --- a language with nothing in it -------------------------------------------------------------------


def test_a_language_with_nothing_in_it_is_told_at_languages(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "site.yaml", "  en: {}\n", "  en: {}\n  fr: {}\n")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert "site.yaml:8:1: warning: nothing is in 'fr' yet: its edition at /fr/ is an empty shell" in result.stderr
    assert "hint: give an article, page, timeline or explainer language: fr, or take fr out of languages:" \
        in result.stderr
    assert result.stderr.count("nothing is in") == 1  # English and Spanish have their explainers
    assert (result.out / "fr/index.html").is_file()


def test_the_warning_goes_once_the_language_has_an_article(tmp_path: Path) -> None:
    site = copy_fixture(FIXTURE, tmp_path)
    edit(site, "site.yaml", "  en: {}\n", "  en: {}\n  fr: {}\n")
    (site / "content/articles").mkdir(parents=True)
    (site / "content/articles/appel.md").write_text(
        "---\ntitle: Trump confirme un appel avec Maduro\ndate: 2025-11-30\nlanguage: fr\n---\n\nLe président "
        "Donald Trump a confirmé un appel avec Nicolás Maduro.\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.stderr
    assert "nothing is in" not in result.stderr
    assert (result.out / "fr/articles/trump-confirme-un-appel-avec-maduro/index.html").is_file()


def test_the_bilingual_front_pages_are_valid_html(site: Path, html_checker) -> None:  # noqa: F811
    errors = html_checker([site / path for path in (EN_FRONT, ES_FRONT, "index.html", "es/index.html")])
    assert not errors, errors


@pytest.mark.parametrize("path", [EN_FRONT, ES_FRONT, "es/index.html"])
def test_the_bilingual_front_pages_pass_axe(site: Path, browser_page, serve_site, axe_available,  # noqa: F811
                                            path: str) -> None:
    browser_page.goto(serve_site(site) + path.removesuffix("index.html"))
    violations = run_axe(browser_page)
    assert not violations, format_violations(violations)
