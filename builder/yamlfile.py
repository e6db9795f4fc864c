"""Safe YAML loading that remembers where every key and item came from.

PyYAML forgets positions once it builds Python objects and silently accepts duplicate
keys; editors need `path:line:col` for every mistake, so every loader of the site goes
through `load_yaml`. Anchors and aliases are refused outright, which also makes an
alias bomb ("billion laughs") harmless.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from .errors import Diagnostics, Location, SiteError

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


class Spoiled:
    """A value whose mistake is told already (an alias, a tag): checks of it stay quiet."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "SPOILED"


SPOILED = Spoiled()


def location_of(value: Any, default: Location) -> Location:
    """The location of a loaded mapping or list, or `default` for plain scalars."""
    return getattr(value, "location", default)


# YAML 1.1 reads yes/no/on/off as booleans: `language: no` (Norwegian) would become False.
# Only true/false are booleans here, as in YAML 1.2.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")

# Dates stay text: an impossible date (2019-02-30) would otherwise fail the whole file and
# hide its other mistakes. Each date field is read and checked on its own (schema.py).
_DROPPED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")


class _Loader(_BaseLoader):
    path: str = ""
    line_offset: int = 0
    problems: list[SiteError]
    """Mistakes that spoil one value, not the file: reported after the whole file is read."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


def _loc(loader: _Loader, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(loader.path, mark.line + 1 + loader.line_offset, mark.column + 1)


def _problem(loader: _Loader, node: yaml.Node, message: str, hint: str | None = None) -> None:
    loader.problems.append(SiteError(message, location=_loc(loader, node), hint=hint))


def _construct_object(self: _Loader, node: yaml.Node, deep: bool = False) -> Any:
    if node in self.constructed_objects or node in self.recursive_objects:
        _problem(self, node, "anchors and aliases (&name, *name) are not allowed",
                 "write the value out in full where it is needed")
        return SPOILED
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
        _problem(self, node,
                 "this number is too long to read" if too_long else f"this value cannot be read: {exc}",
                 "put it in quotes if it is meant as text" if too_long else None)
        return SPOILED
    finally:
        self._depth -= 1


def _construct_mapping(self: _Loader, node: yaml.MappingNode, deep: bool = False) -> YamlMap:
    result = YamlMap()
    result.location = _loc(self, node)
    result.key_locations = {}
    result.value_locations = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            _problem(self, key_node, "merge keys (<<) are not allowed", "write the keys out in full")
            continue
        key = self.construct_object(key_node)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            _problem(self, key_node, "a key must be a plain word, not a list or mapping")
            continue
        if key in result:
            first = result.key_locations[key]
            _problem(self, key_node, f"duplicate key '{key}' (first set at line {first.line})",
                     "remove one of them; the first is used until then")
            self.construct_object(value_node)  # its own mistakes are still told
            continue
        result.key_locations[key] = _loc(self, key_node)
        result.value_locations[key] = _loc(self, value_node)
        result[key] = self.construct_object(value_node)
    return result


def _construct_sequence(self: _Loader, node: yaml.SequenceNode, deep: bool = False) -> YamlList:
    result = YamlList(self.construct_object(child) for child in node.value)
    result.location = _loc(self, node)
    result.item_locations = [_loc(self, child) for child in node.value]
    return result


def _construct_undefined(self: _Loader, node: yaml.Node) -> Spoiled:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    _problem(self, node, f"the tag '{tag}' is not allowed",
             "tags such as !!python are not allowed; remove the '!' part")
    return SPOILED


_Loader.construct_object = _construct_object
_Loader.construct_mapping = _construct_mapping
_Loader.construct_sequence = _construct_sequence
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_mapping)
_Loader.add_constructor(None, _construct_undefined)


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


def _unclosed_quote(text: str, error: yaml.Mark | None) -> yaml.Mark | None:
    """The opening of a quoted value that runs past the end of its line, before the error.

    YAML lets a quoted value go on over several lines, so a missing closing quote is told
    only where the next quote ends it, lines later; the cause is the line that opened it.
    """
    if error is None:
        return None
    found = None
    lines = text.split("\n")
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            start, end = token.start_mark, token.end_mark
            if (start.line, start.column) >= (error.line, error.column):
                break
            style = getattr(token, "style", None)
            if style in ('"', "'") and end.line > start.line and _swallows_keys(lines, start.line, end.line):
                rest = lines[start.line][start.column + 1:]
                if _closing_quote(rest, style) is None:
                    found = start
    except yaml.YAMLError:
        pass
    return found


def _swallows_keys(lines: list[str], first: int, last: int) -> bool:
    """A quoted value over lines first..last ran on past its own: a line it took in is indented no
    deeper than the line that opened it (a value's own next lines are indented deeper)."""
    opening = lines[first]
    indent = len(opening) - len(opening.lstrip(" "))
    return any(line.strip() and len(line) - len(line.lstrip(" ")) <= indent for line in lines[first + 1:last + 1])


def _closing_quote(rest: str, quote: str) -> int | None:
    """Where the quoted value that `rest` continues is closed on this line, if it is."""
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1:index + 2] == "'":  # '' is a quote inside '...'
                index += 2
                continue
            return index
        index += 1
    return None


# --- the fast path: a flat mapping of one-line values ------------------------------------------
# Most front matter is a few `key: value` lines. Those are read here without the YAML parser's
# node tree and PyYAML's constructor machinery (most of the cost of a short file); the values are
# resolved and built by the same resolvers and constructors. Anything else (nesting, comments,
# escapes, multi-line values, odd characters, duplicates: everything that can be a mistake) is
# left to the full path, which alone reports errors. tests/test_yaml_fast.py checks both agree.

_ODD_CHARACTER = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Tabs, control characters, YAML's other line breaks, a byte-order mark: for the full path."""

_NOT_FIRST = r"""-?:,\[\]{}#&*!|>'"%@`"""
"""YAML's indicators: a plain value cannot start with one."""

_FLAT_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_-]*): +(?P<value>"
    rf"(?P<plain>[^{_NOT_FIRST} ][^:# ]*(?: +[^:# ]+)*)"
    r"|\"(?P<double>[^\"\\]*)\"|'(?P<single>[^']*)'|\[(?P<flow>[^\[\]{}#:'\"]*)\])"
)
"""`key: value` at the start of a line, the value plain, quoted without escapes, or a [list] of plain words."""

_FLOW_ITEM = re.compile(rf" *([^{_NOT_FIRST} ][^,\[\]{{}}#: ]*(?: +[^,\[\]{{}}#: ]+)*) *")
"""One item of a [list] of plain words."""

_SIMPLE_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null"))


def _flat_mapping(text: str, path: str, line_offset: int) -> YamlMap | None:
    """`text` as load_yaml reads it when it is only `key: value` lines of plain kinds; None otherwise."""
    if _ODD_CHARACTER.search(text):
        return None
    result = YamlMap()
    result.key_locations = {}
    result.value_locations = {}
    for index, line in enumerate(text.split("\n")):
        if not line:
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        key = _plain_scalar(match.group(1))
        if key is _NOT_PLAIN or key in result:  # a duplicate is told by the full path
            return None
        result.key_locations[key] = at = Location(path, index + 1 + line_offset, 1)
        if len(result.key_locations) == 1:  # the mapping starts at its first key
            result.location = at
        result.value_locations[key] = where = Location(path, index + 1 + line_offset, match.start("value") + 1)
        plain, flow = match.group("plain"), match.group("flow")
        if plain is not None:
            value = _plain_scalar(plain)
        elif flow is not None:
            value = _flow_list(flow, where, match.start("flow"))
        else:
            value = match.group("double") if match.group("double") is not None else match.group("single")
        if value is _NOT_PLAIN:
            return None
        result[key] = value
    return result if result.key_locations else None


def _flow_list(flow: str, where: Location, start: int) -> Any:
    """The items of a [list] of plain words, or _NOT_PLAIN."""
    result = YamlList()
    result.location = where
    result.item_locations = []
    if not flow.strip(" "):
        return result
    for item in flow.split(","):
        match = _FLOW_ITEM.fullmatch(item)
        value = _plain_scalar(match.group(1)) if match else _NOT_PLAIN
        if value is _NOT_PLAIN:
            return _NOT_PLAIN
        result.append(value)
        result.item_locations.append(Location(where.path, where.line, start + match.start(1) + 1))  # type: ignore[union-attr]
        start += len(item) + 1
    return result


_NOT_PLAIN = object()
"""A value the fast path does not build (a tag the full path reports, a number too long...)."""


@functools.lru_cache(maxsize=4096)
def _plain_scalar(value: str) -> Any:
    """A plain scalar as the loader builds it: its tag by the same resolvers, then the same constructor
    (kept for the next file: keys and tags come back in every file, and the values made never change)."""
    for tag, pattern in _Loader.yaml_implicit_resolvers.get(value[0], ()):
        if pattern.match(value):
            break
    else:
        return value
    if tag not in _SIMPLE_TAGS:
        return _NOT_PLAIN
    try:
        return _Loader.yaml_constructors[tag](_SCALARS, yaml.ScalarNode(tag, value))
    except (ValueError, OverflowError):
        return _NOT_PLAIN


_SCALARS: Any = yaml.constructor.SafeConstructor()
"""Only for its scalar constructors, which keep no state."""


def load_yaml(text: str, path: str, line_offset: int = 0, diagnostics: Diagnostics | None = None) -> Any:
    """Parse YAML text from `path` (relative to the site) into YamlMap/YamlList/scalars.

    `line_offset` is the number of lines before `text` in its file (front matter), so
    that every location is absolute. Raises SiteError when the file cannot be read as
    YAML at all. A mistake that spoils one value only (a duplicate key, an alias, a tag)
    leaves that value out and goes to `diagnostics`, so the file's other checks still run;
    without `diagnostics` the first such mistake is raised.
    """
    flat = _flat_mapping(text, path, line_offset)
    if flat is not None:
        return flat
    loader = _Loader(text)
    loader.path = path
    loader.line_offset = line_offset
    loader.problems = []
    try:
        data = loader.get_single_data()
        if loader.problems and diagnostics is None:
            raise loader.problems[0]
        for spoiled in loader.problems:
            diagnostics.add(spoiled)  # type: ignore[union-attr]
        return data
    except SiteError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "could not read this YAML"
        if (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark and (
                problem.startswith(("found unexpected end of stream", "found unexpected document"))):
            mark, problem = exc.context_mark, "this quoted value is never closed"  # not "end of stream"
        unclosed = None if "never closed" in problem else _unclosed_quote(text, mark)
        if unclosed is not None:  # the quote ran on into the next lines, and the error came later
            mark, problem = unclosed, "this quoted value is never closed on its line"
        where = (
            Location(path, mark.line + 1 + line_offset, mark.column + 1)
            if mark
            else Location(path, 1 + line_offset, 1)
        )
        if "\t" in problem or "'\\t'" in problem or (mark and _char_at(text, mark.line, mark.column) == "\t"):
            problem = "a tab character where YAML expects spaces"
        return_hint = _hint_for(problem, text) or _hint_for(exc.context or "", text)
        if (exc.context or "").startswith("while parsing a flow") and exc.context_mark and unclosed is None:
            opening, closing = ("[", "]") if "sequence" in (exc.context or "") else ("{", "}")
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
    finally:
        loader.dispose()
