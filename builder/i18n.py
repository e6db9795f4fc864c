"""The theme's words and dates in the reader's language.

Interface strings come from small JSON catalogues, one per language
(builder/theme/i18n/es.json...), keyed by the English text itself. Chosen over gettext
(.po/.mo files through Babel and jinja2.ext.i18n) because it is the simpler one to keep:
no extraction or compile step, a template reads as English (`{{ _("Sources") }}`), a
translator edits one flat file, and a template a site overrides with words of its own
still renders (an unknown key is shown as written). A test checks that every key of the
English list is translated in every shipped language.

Dates and plural forms come from Babel (CLDR data), never from hand formatting.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from markupsafe import Markup, escape

CATALOGUE_DIR = Path(__file__).parent / "theme" / "i18n"
SOURCE_LANGUAGE = "en"
"""The language of the templates' own words (the catalogues' keys)."""
DATE_LOCALES = {"en": "en_GB"}
"""English dates keep the theme's day-month-year house style ('12 October 2025'); `en-US` gets CLDR's US order."""


def base_language(tag: str) -> str:
    """`es` of `es-VE`: the catalogues are per language, not per region."""
    return tag.replace("_", "-").split("-")[0].lower()


@functools.cache
def supported_languages() -> tuple[str, ...]:
    """English and every language with a catalogue."""
    return (SOURCE_LANGUAGE, *sorted(p.stem for p in CATALOGUE_DIR.glob("*.json")))


def is_supported(tag: str) -> bool:
    return base_language(tag) in supported_languages()


def unsupported_hint() -> str:
    return ("the interface (dates, 'Sources', 'Skip to content'...) is shown in English; translated: "
            + ", ".join(supported_languages()))


@functools.cache
def catalogue(language: str) -> dict[str, Any]:
    """English text -> its translation, for a language; empty for English or an unsupported one."""
    path = CATALOGUE_DIR / f"{base_language(language)}.json"
    if base_language(language) == SOURCE_LANGUAGE or not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def translate(language: str, text: str, /, **values: Any) -> str:
    """`text` in `language` (English when untranslated), its `{name}` slots filled."""
    words = catalogue(language).get(text, text)
    return words.format(**values) if values else words


def translate_count(language: str, count: int, one: str, other: str, /, **values: Any) -> str:
    """The singular or plural text for `count`, by the language's CLDR plural rule ('0 événement')."""
    form = _locale(language).plural_form(count)
    return translate(language, one if form == "one" else other, **{"count": count, **values})


def markup(language: str, text: str, /, **values: Any) -> Markup:
    """The translation as HTML: its own words escaped, each value escaped unless it is Markup already."""
    if not values and type(text) is str:
        return _markup_words(language, text)
    words = catalogue(language).get(text, text)
    return escape(words).format(**values) if values else escape(words)


@functools.lru_cache(maxsize=4096)  # the same few words on every page
def _markup_words(language: str, text: str) -> Markup:
    return escape(catalogue(language).get(text, text))


def markup_count(language: str, count: int, one: str, other: str, /, **values: Any) -> Markup:
    form = _locale(language).plural_form(count)
    return markup(language, one if form == "one" else other, **{"count": count, **values})


@functools.lru_cache(maxsize=8192)  # a list page shows the same few dates again and again
def day_text(day: dt.date, language: str) -> str:
    """A full date as the language writes it: '12 October 2025', '12 de octubre de 2025'."""
    return format_date(day, format="long", locale=_date_locale(language))


@functools.lru_cache(maxsize=4096)
def month_text(year: int, month: int, language: str) -> str:
    """A month of a year: 'October 2025', 'octubre de 2025'."""
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=_date_locale(language))


@functools.cache
def _date_locale(language: str) -> Locale:
    base = base_language(language)
    if base in DATE_LOCALES and "-" not in language.replace("_", "-"):
        return Locale.parse(DATE_LOCALES[base])
    return _locale(language)


@functools.cache
def _locale(language: str) -> Locale:
    """Babel's locale for a tag; English for one CLDR does not know (already warned about)."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, LookupError):
        try:
            return Locale.parse(base_language(language))
        except (ValueError, LookupError):
            return Locale.parse(SOURCE_LANGUAGE)


def language_name(tag: str, in_language: str) -> str:
    """A language's name in the reader's language ('Spanish', 'español'), or the tag when CLDR has none."""
    name = _locale(in_language).languages.get(base_language(tag))
    return name or tag
