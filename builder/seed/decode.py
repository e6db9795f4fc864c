"""Turning a seed file's bytes into text, or telling the editor exactly why that cannot be done.

Seed files are pasted by hand from many browsers and systems, so wrong encodings and
wrong files are common; the message names the byte and its place, and offers the
Windows-1252 reading that usually explains it.
"""

from __future__ import annotations

import codecs

from ..errors import Location, SiteError

MAX_SEED_BYTES = 5 * 1024 * 1024
"""Seed files larger than this are refused: no article is that long, so it is the wrong file."""

_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c") + b"\x7f"
_BINARY_SHARE = 0.1
"""A file where more than this share of the bytes are control characters is binary."""


def decode_seed(data: bytes, path: str) -> str:
    """The text of a seed file: UTF-8, without a BOM, with `\\n` line ends.

    `path` is the site-relative path used in messages. Raises SiteError for a file that
    is too large, binary, not UTF-8, or empty.
    """
    if len(data) > MAX_SEED_BYTES:
        raise too_large(len(data), path)
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise SiteError(
                f"the file is saved as {name}, not UTF-8",
                location=Location(path, 1, 1),
                hint="save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    _check_binary(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, exc.start, path) from None
    text = normalise_newlines(text)
    if not text.strip():
        raise SiteError(
            "the file is empty" if not text else "the file holds only blank lines and spaces",
            location=Location(path, 1, 1),
            hint="paste the article's text (headline, byline, paragraphs) into the file",
        )
    return text


def too_large(size: int, path: str) -> SiteError:
    """The error for a seed file of `size` bytes, over `MAX_SEED_BYTES`."""
    return SiteError(
        f"the file is {size:,} bytes; a seed article may be at most {MAX_SEED_BYTES // (1024 * 1024)} MB",
        location=Location(path, 1, 1),
        hint="a seed is the text of one article, pasted into a .txt file; is this the right file?",
    )


def normalise_newlines(text: str) -> str:
    """`\\r\\n` and lone `\\r` become `\\n`, so line numbers match what editors show."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_binary(data: bytes, path: str) -> None:
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise SiteError(
            f"this is a binary file, not text: it has a NUL byte at line {line}:{col}",
            location=Location(path, line, col),
            hint="a seed must be plain text; copy the article's text from the page into a .txt file",
        )
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > _BINARY_SHARE:
        raise SiteError(
            f"this is a binary file, not text: {controls} of its {len(data)} bytes are control characters",
            location=Location(path, 1, 1),
            hint="a seed must be plain text; copy the article's text from the page into a .txt file",
        )


def _not_utf8(data: bytes, offset: int, path: str) -> SiteError:
    line, col = _position(data, offset)
    byte = data[offset]
    hint = "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        shown = normalise_newlines(as_cp1252).split("\n")[line - 1].strip()
        if len(shown) > 120:
            shown = shown[:117] + "..."
        hint = (
            f"read as Windows-1252 (cp1252), line {line} says: \"{shown}\"; if that is right, "
            "save the file again as UTF-8"
        )
    return SiteError(
        f"the file is not UTF-8: byte 0x{byte:02X} at line {line}:{col} cannot be read",
        location=Location(path, line, col),
        hint=hint,
    )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`, counting lines like editors do."""
    before = normalise_newlines(data[:offset].decode("utf-8", errors="replace"))
    line = before.count("\n") + 1
    col = len(before) - (before.rfind("\n") + 1) + 1
    return line, col
