"""The cache's files as plain data: JSON, sealed with a key of this user, read back as data only.

A site folder may come from anyone, and its `.cache/` with it. So nothing read from there
is unpickled or unmarshalled: a record is JSON whose objects are a few tags (tuple, bytes,
date, Markup, and the builder's own data classes, built from their field values), so
reading one can never run code. Each file is sealed with a keyed hash (BLAKE2b) whose key
lives in the user's own cache folder, never in the site: a record that was damaged, or
written by anyone else (another computer, another user, a crafted file), fails the seal
and is ignored. Its header names the format, the builder and the site folder it was made
for; a mismatch is ignored too. Ignored means rebuilt: slower, never different.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import os
import sys
from itertools import repeat
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from ..errors import Location, SiteError

RECORD_MODULES = ("builder.errors", "builder.dates", "builder.model", "builder.seed.model",
                  "builder.sources.views", "builder.timelines.views")
"""The modules whose data classes a record may hold: only these are ever built from a record."""
USER_CACHE = "explainer-builder"
"""The builder's folder in the user's cache folder (~/.cache): the sealing key, compiled templates."""
SEAL_BYTES = 16
FORMAT = 6
"""The layout of the records; one of another format is ignored (2 was marshal and pickle; 4 one JSON
manifest; 5 units as JSON strings inside a JSON shard)."""


class Unreadable(Exception):
    """A record that is not ours as it stands: damaged, foreign, or of another kind."""


# --- the user's own folder and key -------------------------------------------------------------


def user_cache_dir() -> Path:
    """The builder's folder in this user's cache folder ($XDG_CACHE_HOME or ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / USER_CACHE


_key: bytes | None = None


def sealing_key() -> bytes | None:
    """This user's key (made on first use), or None when it cannot be kept: then no cache is used."""
    global _key
    if _key is None:
        _key = _load_or_make_key(user_cache_dir() / "key") or b""
    return _key or None


def _load_or_make_key(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temp = path.with_name(f".key.{os.getpid()}")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(32))
        try:
            os.link(temp, path)  # the first of two builds at once wins; both then read its key
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
        data = path.read_bytes()
        return data if len(data) == 32 else None
    except OSError:
        return None


def seal(payload: bytes, key: bytes) -> bytes:
    """The keyed hash a record is sealed with (BLAKE2b, as hex)."""
    try:  # the BLAKE2 module itself: hashlib would load OpenSSL too
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    return blake2b(payload, key=key, digest_size=SEAL_BYTES).hexdigest().encode()


# --- files -------------------------------------------------------------------------------------


def write_record(path: Path, header: dict[str, Any], body: str) -> None:
    """Write `body` (JSON text, see `dumps`) under `header` (plain JSON), sealed, atomically.

    A cache that cannot be written (read-only, a file in the way, a full disk) is only
    slower, never an error.
    """
    key = sealing_key()
    if key is None or through_link(path):
        return
    payload = (json.dumps(header, separators=(",", ":")) + "\n" + body).encode("utf-8", "surrogatepass")
    write_atomic(path, seal(payload, key) + b"\n" + payload)


def read_record(path: Path, header: dict[str, Any]) -> str | None:
    """The body (JSON text) of the record at `path`, when its seal and header are right.

    None when there is no record, or one of another format, builder or build options (an
    expected change); Unreadable when there is one that is not ours (damaged, foreign).
    """
    key = sealing_key()
    if key is None or through_link(path):
        return None
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # none yet, or no cache folder (.cache is a file)
        return None
    except OSError as exc:  # a folder in its place, no permission...
        raise Unreadable(f"cannot be read ({exc.strerror})") from None
    stored, _, payload = data.partition(b"\n")
    if stored != seal(payload, key):  # (no secret to time: the key never leaves this computer)
        raise Unreadable("damaged, or made elsewhere")
    try:
        head, _, body = payload.decode("utf-8", "surrogatepass").partition("\n")
        found = json.loads(head)
    except ValueError:
        raise Unreadable("not a record of this builder") from None
    if not isinstance(found, dict) or found.get("site") != header.get("site"):
        raise Unreadable("made for another site folder")
    return body if found == header else None


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False)
"""Made once (json.dumps makes one a call); encode() gives it fresh lists and dicts: no circles to check."""


def dumps(value: Any) -> str:
    """`value` as JSON text of plain data; TypeError (or ValueError) for what is not plain data."""
    return _JSON.encode(encode(value))


def loads(text: str) -> Any:
    """A value from `dumps`' text; Unreadable for anything else."""
    try:
        return json.loads(text, object_hook=_decode_object)
    except (ValueError, TypeError, KeyError, LookupError) as exc:
        raise Unreadable(f"not a record of this builder ({exc.__class__.__name__})") from None


def through_link(path: Path) -> bool:
    """The cache folder holding `path` is a link: the cache never reads or writes where it leads
    (a site folder from elsewhere could point it at any folder of this computer)."""
    return os.path.islink(path.parent)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` whole or not at all (write.replace_whole); a cache that cannot be written is only slower."""
    from ..write import replace_whole

    try:
        if not path.parent.is_dir():
            path.parent.mkdir()
            (path.parent / ".gitignore").write_text("# made by the explainer builder\n*\n", encoding="utf-8")
        replace_whole(str(path), data)
    except OSError:
        pass


# --- plain data --------------------------------------------------------------------------------
# A value is JSON as it is (None, bool, int, float, str), or one of these one-key objects:
# {"t": [...]} tuple, {"l": [...]} list, {"d": [[k, v], ...]} dict, {"b": "hex"} bytes,
# {"h": "..."} Markup, {"D": "iso"} date, {"c": ["module:Class", field values...]} data class,
# {"e": [severity, message, location, hint]} SiteError.

_fields: dict[type, tuple[str, ...]] = {}
"""The data classes met so far, with their fields in order."""
_classes: dict[str, type] = {}
_names: dict[type, str] = {}
"""The data classes met so far, with the name a record gives them."""


def _class_name(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _record_class(name: str) -> type | None:
    """The data class called `name` ("module:Class") when its module is one of RECORD_MODULES.

    Only those modules are ever imported, and only when a record names one of their classes.
    """
    kind = _classes.get(name)
    if kind is None:
        module_name, _, qualname = name.partition(":")
        if module_name not in RECORD_MODULES:
            return None
        kind = getattr(importlib.import_module(module_name), qualname, None)
        if not (isinstance(kind, type) and dataclasses.is_dataclass(kind) and kind.__module__ == module_name):
            return None
        _register(kind)
    return kind


def _register(kind: type) -> None:
    _fields[kind] = tuple(f.name for f in dataclasses.fields(kind))
    _classes[_class_name(kind)] = kind
    _names[kind] = _class_name(kind)


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""The types that are JSON as they are (not their subclasses: Markup is a str)."""


def encode(value: Any) -> Any:
    """`value` as JSON-ready plain data; TypeError for anything that is not plain data."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    fields = _fields.get(kind)
    if fields is not None:  # one of the builder's data classes
        return {"c": [_names[kind], *[item if type(item) in _PLAIN else encode(item)
                                      for item in map(getattr, repeat(value), fields)]]}
    if kind is tuple:  # (plain items taken as they are, without a call each: most of a record's values)
        return {"t": [item if type(item) in _PLAIN else encode(item) for item in value]}
    if kind is list:
        return {"l": [item if type(item) in _PLAIN else encode(item) for item in value]}
    if kind is dict:
        return {"d": [[encode(k), encode(v)] for k, v in value.items()]}
    if kind is bytes:
        return {"b": value.hex()}
    if kind is Markup:
        return {"h": str(value)}
    if kind is dt.date:
        return {"D": value.isoformat()}
    if kind is SiteError:
        return {"e": [value.severity, value.message, encode(value.location), value.hint]}
    if kind.__module__ in RECORD_MODULES and dataclasses.is_dataclass(kind):  # met for the first time
        _register(kind)
        return encode(value)
    raise TypeError(f"not plain data: {kind.__qualname__}")


def _decode_object(obj: dict[str, Any]) -> Any:
    """One tagged object of a record back to its value (called innermost first by json)."""
    if len(obj) != 1:
        raise ValueError("an object with several keys")
    (tag, value), = obj.items()
    decoder = _DECODERS.get(tag)
    if decoder is None or not isinstance(value, (list, str)):
        raise ValueError(f"unknown tag {tag!r}")
    return decoder(value)


def _decode_class(value: list[Any]) -> Any:
    kind = _record_class(value[0]) if value and isinstance(value[0], str) else None
    if kind is None or len(value) - 1 != len(_fields[kind]):
        raise ValueError("not a data class of this builder")
    return kind(*value[1:])


def _decode_error(value: list[Any]) -> SiteError:
    severity, message, location, hint = value
    if not (isinstance(message, str) and isinstance(severity, str)
            and (location is None or isinstance(location, Location))):
        raise ValueError("not a diagnostic")
    return SiteError(message, location=location, hint=hint, severity=severity)


def _decode_dict(value: list[Any]) -> dict[Any, Any]:
    return {k: v for k, v in value}


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "t": tuple, "l": list, "d": _decode_dict, "b": bytes.fromhex, "h": Markup,
    "D": dt.date.fromisoformat, "c": _decode_class, "e": _decode_error,
}


def header_for(kind: str, site_dir: Path, options: str = "") -> dict[str, str]:
    """What a record of `kind` must have been written with: this format, builder and Python,
    this site folder, and (for a manifest) these build options."""
    from .. import __version__

    return {"kind": kind, "format": str(FORMAT), "builder": __version__, "python": sys.version,
            "site": os.path.realpath(site_dir), "options": options}


_told: set[str] = set()


def tell_ignored(path: Path, site_dir: Path, why: str) -> None:
    """Say once, quietly, that a cache file was not used: it was not ours (or not readable)."""
    if _told:
        return
    _told.add(str(path))
    try:
        shown = path.relative_to(site_dir).as_posix()
    except ValueError:
        shown = path.as_posix()
    print(f"note: ignored {shown} ({why}): building what it held again", file=sys.stderr)
