"""Field tables for every YAML the site holds, and the one reader that checks them.

Like MkDocs' config defaults, each field is one line: name, kind, default, doc. The
reader reports every wrong field (unknown key with a did-you-mean, wrong type in the
user's words) to the Diagnostics and returns what it could read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence
from urllib.parse import urlsplit

from .dates import parse_partial_date
from .errors import Diagnostics, Location
from .yamlfile import Spoiled, YamlList, YamlMap

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
"""Ids, keys, slugs and tags: lowercase ASCII words joined by '-' or '_' (never a path)."""


class FieldError(ValueError):
    """A value of the wrong kind; the message is shown to the editor, the hint below it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise FieldError("must be text")
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if not isinstance(value, str):
        raise FieldError("must be text")
    return value


def _nonempty_text(value: Any) -> str:
    text = _text(value).strip()
    if not text:
        raise FieldError("must not be empty")
    return text


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError("must be true or false")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError("must be a whole number")
    return value


def _count(value: Any) -> int:
    number = _int(value)
    if number < 1:
        raise FieldError("must be a whole number of at least 1")
    return number


_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ].*)?$")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DAY.match(value.strip()) if isinstance(value, str) else None
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            raise FieldError(f"'{value.strip()}' is not a real date",
                             "check the month and the day: dates are written YYYY-MM-DD") from None
    raise FieldError("must be a date like 2019-01-23", "write the date as YYYY-MM-DD")


def _partial_date(value: Any):
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        real = "not a real date" in str(exc)  # the form is right: the day is wrong
        hint = "check the month and the day: dates are written YYYY-MM-DD" if real else \
            "write 2019, 2019-01 or 2019-01-23"
        raise FieldError(str(exc), hint) from None


def _url(value: Any) -> str:
    text = _nonempty_text(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FieldError(
            f"must be an http:// or https:// address, not '{text}'",
            "copy the full address from the browser's address bar",
        )
    return text


def _id(value: Any) -> str:
    text = _nonempty_text(value)
    if not ID_PATTERN.match(text):
        raise FieldError(
            f"'{text}' is not a valid id",
            "use lowercase letters, digits and hyphens, such as guaido-recognized",
        )
    return text


LANGUAGE_TAG = re.compile(
    r"^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*$", re.IGNORECASE)
"""A BCP 47 language tag as sites write them: language, then script, region, variants (en, es-VE)."""

LANGUAGE_NAMES = {
    "english": "en", "spanish": "es", "espanol": "es", "español": "es", "castellano": "es",
    "french": "fr", "francais": "fr", "français": "fr", "german": "de", "deutsch": "de",
    "portuguese": "pt", "português": "pt", "portugues": "pt", "italian": "it", "italiano": "it",
    "dutch": "nl", "russian": "ru", "chinese": "zh", "japanese": "ja", "arabic": "ar", "korean": "ko",
    "polish": "pl", "turkish": "tr", "ukrainian": "uk", "catalan": "ca", "català": "ca",
    "swedish": "sv", "norwegian": "no", "danish": "da", "finnish": "fi", "greek": "el", "hebrew": "he",
    "hindi": "hi", "persian": "fa", "farsi": "fa",
}
"""Language names editors write instead of a tag, for the did-you-mean."""


def _language(value: Any) -> str:
    text = _nonempty_text(value)
    if LANGUAGE_TAG.match(text):
        return text
    fixed = text.replace("_", "-")
    name = LANGUAGE_NAMES.get(text.casefold())
    if name is None:
        close = difflib.get_close_matches(text.casefold(), list(LANGUAGE_NAMES), n=1, cutoff=0.75)
        name = LANGUAGE_NAMES[close[0]] if close else None
    suggestion = fixed if LANGUAGE_TAG.match(fixed) else name
    hint = (f"did you mean '{suggestion}'?" if suggestion else
            "write a language tag such as en, es or es-VE (BCP 47)")
    raise FieldError(f"'{text}' is not a language tag", hint)


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], tuple]:
    def read(value: Any) -> tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise FieldError("must be a list, such as [a, b]")
        out = []
        for index, element in enumerate(value):
            try:
                out.append(item(element))
            except FieldError as exc:
                raise FieldError(f"item {index + 1} {exc}", exc.hint) from None
        return tuple(out)

    return read


def _mapping(value: Any) -> dict[Any, Any]:
    """A mapping (a YamlMap when read from a file, with the places of its keys)."""
    if not isinstance(value, dict):
        raise FieldError("must be a mapping of keys to values")
    return value


def _list(value: Any) -> list[Any]:
    """A list (a YamlList when read from a file, with the places of its items)."""
    if not isinstance(value, list):
        raise FieldError("must be a list")
    return value


def _any(value: Any) -> Any:
    return value


KINDS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "required_text": _nonempty_text,
    "bool": _bool,
    "int": _int,
    "count": _count,
    "date": _date,
    "partial_date": _partial_date,
    "url": _url,
    "language": _language,
    "id": _id,
    "ids": _list_of(_id),
    "texts": _list_of(_nonempty_text),
    "mapping": _mapping,
    "list": _list,
    "any": _any,
}
"""Kind name -> reader. A reader returns the value or raises FieldError."""

KIND_WORDS = {
    "mapping": "a mapping",
    "list": "a list",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a YAML mapping: its kind, whether it must be there, its default."""

    name: str
    kind: str
    default: Any = None
    required: bool = False
    doc: str = ""
    choices: tuple = ()


def read_fields(
    data: Any,
    fields: Sequence[Field],
    diagnostics: Diagnostics,
    where: Location,
    what: str,
) -> dict[str, Any]:
    """Check `data` against `fields`; report every problem; return name -> value.

    Missing optional fields get their default. A field with a wrong value is reported
    and left at its default, so later stages can still run and find more mistakes.
    """
    table = {field.name: field for field in fields}
    values = {field.name: field.default for field in fields}
    if isinstance(data, Spoiled):  # its mistake is told already
        return values
    if not isinstance(data, dict):
        diagnostics.error(f"{what} must be a mapping of keys to values", where,
                          "write one 'key: value' per line")
        return values
    misspelt = set()  # a required field written with a typo is one mistake: the typo
    for key in data:
        if key not in table:
            close = difflib.get_close_matches(str(key), list(table), n=1, cutoff=0.6)
            misspelt.update(close)
            hint = f"did you mean '{close[0]}'?" if close else (
                "known keys: " + ", ".join(sorted(table)))
            diagnostics.error(f"unknown key '{key}' in {what}",
                              _key_location(data, key, where), hint)
    for field in fields:
        if field.name not in data or data[field.name] is None:
            if field.required and field.name not in misspelt:
                diagnostics.error(f"{what} is missing '{field.name}'", where,
                                  f"add '{field.name}: ...'" + (f" ({field.doc})" if field.doc else ""))
            continue
        raw = data[field.name]
        if isinstance(raw, Spoiled):
            continue
        try:
            value = KINDS[field.kind](raw)
            if field.choices and value not in field.choices:
                raise FieldError(
                    f"must be one of {', '.join(map(str, field.choices))}, not '{value}'",
                    _closest_choice(value, field.choices))
        except FieldError as exc:
            diagnostics.error(f"'{field.name}' {exc}", _value_location(data, field.name, where),
                              exc.hint)
            continue
        values[field.name] = value
    return values



def read_items(raw: Any, fields: Sequence[Field], diagnostics: Diagnostics, where: Location,
               what: str) -> Iterator[tuple[dict[str, Any], Any, Location]]:
    """Each mapping of a YAML list (`notes:`, `corrections:`, `nav:`) read against `fields`:
    (its values, the item itself, where it is); nothing for an empty or missing list."""
    for index, entry in enumerate(raw or ()):
        at = raw.item_location(index) if isinstance(raw, YamlList) else where
        yield read_fields(entry, fields, diagnostics, at, what), entry, at


def _closest_choice(value: Any, choices: Sequence[Any]) -> str | None:
    """`did you mean 'partly supported'?` for a value close to one of the choices."""
    words = [str(choice) for choice in choices]
    typed = " ".join(str(value).replace("-", " ").replace("_", " ").split()).casefold()
    if typed in words:
        return f"did you mean '{typed}'?"
    close = difflib.get_close_matches(typed, words, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _key_location(data: Any, key: Any, default: Location) -> Location:
    return data.key_location(key) if isinstance(data, YamlMap) else default


def _value_location(data: Any, key: Any, default: Location) -> Location:
    return data.value_location(key) if isinstance(data, YamlMap) else default


CORRECTION_FIELDS = (
    Field("date", "date", None, required=True, doc="when it was corrected, YYYY-MM-DD"),
    Field("text", "required_text", None, required=True, doc="what was wrong and what it says now"),
)

UPDATE_FIELDS = (
    Field("updated", "date", None, doc="when it last changed in substance, YYYY-MM-DD"),
    Field("corrections", "list", None, doc="a list of {date, text}: each correction published"),
)
"""The fields every article, sidecar, page and timeline may carry to say it changed."""


def read_correction_list(raw: Any, diagnostics: Diagnostics, where: Location,
                         published: dt.date | None = None) -> tuple:
    """`corrections:` as Correction items, oldest first; each mistake told at its item.

    A correction dated before the publication date cannot be: it is an error, since the
    date is what readers and search engines are shown.
    """
    if not raw:  # most documents have none: no import, no list to sort
        return ()
    from .model import Correction

    found = []
    for values, entry, at in read_items(raw, CORRECTION_FIELDS, diagnostics, where, "a correction"):
        if values["date"] is None or values["text"] is None:
            continue
        if published is not None and values["date"] < published:
            diagnostics.error(f"the correction is dated {values['date'].isoformat()}, before the publication "
                              f"date {published.isoformat()}", _value_location(entry, "date", at),
                              "a correction comes after what it corrects: check the year and the month")
            continue
        found.append(Correction(values["date"], values["text"], at))
    return tuple(sorted(found, key=lambda item: item.date))


def check_updated(updated: dt.date | None, published: dt.date | None, data: Any, diagnostics: Diagnostics,
                  where: Location) -> dt.date | None:
    """`updated:` as given, unless it is before the publication date (an error)."""
    if updated is not None and published is not None and updated < published:
        diagnostics.error(f"'updated' {updated.isoformat()} is before the publication date {published.isoformat()}",
                          _value_location(data, "updated", where),
                          "the date it was updated comes after 'date:': check the year and the month")
        return None
    return updated
