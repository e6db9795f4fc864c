"""Safe YAML loading that remembers where every key and item came from.

PyYAML forgets positions once it builds Python objects and silently accepts duplicate
keys; editors need `path:line:col` for every mistake, so every loader of the site goes
through `load_yaml`. Anchors and aliases are refused outright, which also makes an
alias bomb ("billion laughs") harmless.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .errors import Location, SiteError

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
"""Nesting deeper than this is refused: no real site needs it, and it guards the stack."""


class YamlMap(dict):
    """A YAML mapping that knows where it, each key and each value stand in the file."""

    location: Location
    key_locations: dict[Any, Location]
    value_locations: dict[Any, Location]

    def key_location(self, key: Any) -> Location:
        return self.key_locations.get(key, self.location)

    def value_location(self, key: Any) -> Location:
        return self.value_locations.get(key, self.location)


class YamlList(list):
    """A YAML sequence that knows where it and each item stand in the file."""

    location: Location
    item_locations: list[Location]

    def item_location(self, index: int) -> Location:
        if 0 <= index < len(self.item_locations):
            return self.item_locations[index]
        return self.location


def location_of(value: Any, default: Location) -> Location:
    """The location of a loaded mapping or list, or `default` for plain scalars."""
    return getattr(value, "location", default)


# YAML 1.1 reads yes/no/on/off as booleans: `language: no` (Norwegian) would become False.
# Only true/false are booleans here, as in YAML 1.2.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    path: str = ""
    line_offset: int = 0


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


def _loc(loader: _Loader, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(loader.path, mark.line + 1 + loader.line_offset, mark.column + 1)


def _construct_object(self: _Loader, node: yaml.Node, deep: bool = False) -> Any:
    if node in self.constructed_objects or node in self.recursive_objects:
        raise SiteError(
            "anchors and aliases (&name, *name) are not allowed",
            location=_loc(self, node),
            hint="write the value out in full where it is needed",
        )
    self._depth = getattr(self, "_depth", 0) + 1
    try:
        if self._depth > MAX_DEPTH:
            raise SiteError(
                f"the YAML is nested more than {MAX_DEPTH} levels deep",
                location=_loc(self, node),
                hint="flatten the structure; no field of a site needs this depth",
            )
        return _BaseLoader.construct_object(self, node, deep=True)
    except (ValueError, OverflowError) as exc:
        # a scalar the resolver matched but cannot build, e.g. an int of 5,000 digits
        too_long = "digits" in str(exc)
        raise SiteError(
            "this number is too long to read" if too_long else f"this value cannot be read: {exc}",
            location=_loc(self, node),
            hint="put it in quotes if it is meant as text" if too_long else None,
        ) from None
    finally:
        self._depth -= 1


def _construct_mapping(self: _Loader, node: yaml.MappingNode, deep: bool = False) -> YamlMap:
    result = YamlMap()
    result.location = _loc(self, node)
    result.key_locations = {}
    result.value_locations = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise SiteError(
                "merge keys (<<) are not allowed",
                location=_loc(self, key_node),
                hint="write the keys out in full",
            )
        key = self.construct_object(key_node)
        if not isinstance(key, (str, int, float, bool, dt.date)) and key is not None:
            raise SiteError(
                "a key must be a plain word, not a list or mapping",
                location=_loc(self, key_node),
            )
        if key in result:
            first = result.key_locations[key]
            raise SiteError(
                f"duplicate key '{key}' (first set at line {first.line})",
                location=_loc(self, key_node),
                hint="remove one of them; YAML keeps only the last, silently",
            )
        result.key_locations[key] = _loc(self, key_node)
        result.value_locations[key] = _loc(self, value_node)
        result[key] = self.construct_object(value_node)
    return result


def _construct_sequence(self: _Loader, node: yaml.SequenceNode, deep: bool = False) -> YamlList:
    result = YamlList(self.construct_object(child) for child in node.value)
    result.location = _loc(self, node)
    result.item_locations = [_loc(self, child) for child in node.value]
    return result


def _construct_timestamp(self: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return _BaseLoader.construct_yaml_timestamp(self, node)
    except ValueError:
        raise SiteError(
            f"'{node.value}' is not a real date",
            location=_loc(self, node),
            hint="check the month and the day: dates are written YYYY-MM-DD",
        ) from None


_Loader.construct_object = _construct_object
_Loader.construct_mapping = _construct_mapping
_Loader.construct_sequence = _construct_sequence
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


_HINTS = (
    ("cannot start any token", "\t", "YAML does not allow tabs for indentation: use spaces"),
    ("a tab character where", "", "YAML does not allow tabs for indentation: use spaces"),
    ("quoted value is never closed", "", "add the closing quote at the end of the value"),
    ("found unknown escape character", "", "inside \"double quotes\" a backslash starts an escape: write \\\\ for one backslash, or use 'single quotes'"),
    ("expected hexdecimal number", "", "inside \"double quotes\" a backslash starts an escape: write \\\\ for one backslash, or use 'single quotes'"),
    ("mapping values are not allowed", "", "a value containing ': ' must be put in quotes"),
    ("could not find expected ':'", "", "check the line above: a key needs a ':' after it, and a long value may need quotes"),
    ("did not find expected key", "", "check the indentation, and put values that start with a quote or [ in quotes as a whole"),
    ("found undefined tag", "", "tags such as !!python are not allowed; remove the '!' part"),
    ("could not determine a constructor", "", "tags such as !!python are not allowed; remove the '!' part"),
    ("found unhashable key", "", "a key must be a plain word"),
)


def _hint_for(problem: str, text: str) -> str | None:
    for needle, char, hint in _HINTS:
        if needle in problem and (not char or char in text):
            return hint
    return None


def _char_at(text: str, line: int, column: int) -> str:
    """The character at 0-based `line` and `column` of `text`, or '' past its end."""
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def load_yaml(text: str, path: str, line_offset: int = 0) -> Any:
    """Parse YAML text from `path` (relative to the site) into YamlMap/YamlList/scalars.

    `line_offset` is the number of lines before `text` in its file (front matter), so
    that every location is absolute. Raises SiteError for any problem.
    """
    loader = _Loader(text)
    loader.path = path
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except SiteError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "could not read this YAML"
        if (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark and (
                problem.startswith(("found unexpected end of stream", "found unexpected document"))):
            mark, problem = exc.context_mark, "this quoted value is never closed"  # not "end of stream"
        where = (
            Location(path, mark.line + 1 + line_offset, mark.column + 1)
            if mark
            else Location(path, 1 + line_offset, 1)
        )
        if "\t" in problem or "'\\t'" in problem or (mark and _char_at(text, mark.line, mark.column) == "\t"):
            problem = "a tab character where YAML expects spaces"
        return_hint = _hint_for(problem, text) or _hint_for(exc.context or "", text)
        if (exc.context or "").startswith("while parsing a flow") and exc.context_mark:
            opening, closing = ("[", "]") if "sequence" in exc.context else ("{", "}")
            line = exc.context_mark.line + 1 + line_offset
            return_hint = (f"the {opening} at line {line} needs its closing '{closing}', "
                           "and its items need commas between them")
        raise SiteError(f"invalid YAML: {problem}", location=where, hint=return_hint) from None
    except yaml.reader.ReaderError as exc:
        # a character YAML does not accept (a control character): point at it, in plain words
        before = text[: exc.position]
        line = before.count("\n") + 1 + line_offset
        where = Location(path, line, exc.position - (before.rfind("\n") + 1) + 1)
        raise SiteError(f"invalid YAML: the control character U+{exc.character:04X} is not allowed",
                        location=where, hint="delete it; it is invisible in most editors") from None
    except yaml.YAMLError as exc:
        raise SiteError(f"invalid YAML: {exc}", location=Location(path, 1 + line_offset, 1)) from None
    except RecursionError:
        raise SiteError(
            "the YAML is nested too deeply",
            location=Location(path, 1 + line_offset, 1),
            hint="flatten the structure",
        ) from None
    except (ValueError, OverflowError) as exc:
        # e.g. a timestamp such as 2019-02-30 that the resolver matched but cannot build
        raise SiteError(
            f"invalid value: {exc}",
            location=Location(path, 1 + line_offset, 1),
        ) from None
    finally:
        loader.dispose()
