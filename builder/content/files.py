"""Find the content files of a site and read them safely (size, encoding, symlinks)."""

from __future__ import annotations

import codecs
import functools
import os
from pathlib import Path

from ..errors import Diagnostics, Location, relative_path

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A content file larger than this is refused: no article is that long."""

READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""Open for reading, as bytes; a named pipe among the content reads as empty instead of hanging."""

EDITOR_LITTER = (".swp", ".swx", ".swo", "~", ".tmp", ".bak", ".orig", ".part", ".crdownload")


def _opened_path(fd: int) -> str | None:
    """The real path of an open file (Linux /proc), or None where the system cannot tell."""
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None
    return real if real.startswith(os.sep) and not real.endswith(" (deleted)") else None


def _read_all(fd: int, size: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, max(size + 1, 65536)):
        chunks.append(chunk)
    return b"".join(chunks)


def is_editor_litter(name: str) -> bool:
    """Temporary files editors leave beside the file being edited (vim, emacs, JetBrains)."""
    return (
        name.startswith((".", "#", "~$"))
        or name.endswith(EDITOR_LITTER)
        or name == "4913"
        or "___jb_" in name
    )


def list_files(folder: Path, suffixes: tuple[str, ...], site_dir: Path,
               diagnostics: Diagnostics) -> list[Path]:
    """The files of `folder` (not recursive) with one of `suffixes`, sorted, litter left out.

    A symlink that leads outside the site folder is refused: building must never read
    files the site does not own.
    """
    if not folder.is_dir():
        return []
    if not is_inside(folder, site_dir):
        refuse_link(folder, site_dir, diagnostics, folder=True)
        return []
    found = []
    with os.scandir(folder) as listing:  # no stat per file: the listing tells links and files apart
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if is_editor_litter(entry.name) or os.path.splitext(entry.name)[1].lower() not in suffixes:
            continue
        path = folder / entry.name
        if entry.is_symlink() and not is_inside(path, site_dir):
            refuse_link(path, site_dir, diagnostics)
            continue
        if entry.is_file():
            found.append(path)
    return found


def list_site_files(folder: Path, site_dir: Path, diagnostics: Diagnostics,
                    skip: tuple[str, ...] = ()) -> list[Path]:
    """Every file under `folder` (recursive, sorted), hidden names left out; a link that leads
    outside the site folder is refused (reported, never followed), links inside are followed
    once (no circles). `skip`: names of `folder`'s own subfolders to leave out."""
    if not folder.is_dir():
        return []
    if not is_inside(folder, site_dir):
        refuse_link(folder, site_dir, diagnostics, folder=True)
        return []
    found: list[Path] = []
    seen = {os.path.realpath(folder)}

    def walk(here: Path, top: bool) -> None:
        with os.scandir(here) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith(".") or (top and entry.name in skip):
                continue
            path = here / entry.name
            if entry.is_symlink() and not is_inside(path, site_dir):
                refuse_link(path, site_dir, diagnostics, folder=entry.is_dir())
            elif entry.is_dir():
                real = os.path.realpath(path)
                if real not in seen:
                    seen.add(real)
                    walk(path, False)
            elif entry.is_file():
                found.append(path)

    walk(folder, True)
    return found


def refuse_link(path: Path, site_dir: Path, diagnostics: Diagnostics, folder: bool = False) -> None:
    """Report a link that leads outside the site folder: building never reads what the site does not own."""
    if folder:
        diagnostics.error("this folder is a link to a place outside the site folder",
                          Location(relative_path(path, site_dir)),
                          "copy the files into the site instead of linking to them")
    else:
        diagnostics.error("this file is a link to a place outside the site folder",
                          Location(relative_path(path, site_dir)),
                          "copy the file into the site instead of linking to it")


def is_inside(path: Path, folder: Path) -> bool:
    """`path`, links resolved, is `folder` or inside it (the string form of Path.resolve: faster)."""
    return _within(os.path.realpath(path), _real_folder(str(folder)))


def _within(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=8)
def _real_folder(folder: str) -> str:
    """The site folder with links resolved: asked once per file read, the same every time."""
    return os.path.realpath(folder)


def read_text(path: Path, site_dir: Path, diagnostics: Diagnostics) -> str | None:
    """The file's text as UTF-8 with \\n line ends, or None after reporting why it cannot be read."""
    rel = relative_path(path, site_dir)
    try:  # where the opened file really is, asked of the open file: no race, one system call
        fd = os.open(path, READ_FLAGS)
    except OSError:
        fd = -1
    try:
        real = _opened_path(fd) if fd >= 0 else None
        if not _within(real or os.path.realpath(path), _real_folder(str(site_dir))):
            refuse_link(path, site_dir, diagnostics)
            return None
        if fd < 0:  # say why it cannot be opened
            os.stat(path)
            fd = os.open(path, READ_FLAGS)
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            diagnostics.error(f"the file is {size / 1048576:.1f} MB, over the 5 MB limit",
                              Location(rel), "split it, or remove what is not text")
            return None
        data = _read_all(fd, size)
    except FileNotFoundError:
        diagnostics.error("the file disappeared while the site was being built", Location(rel),
                          "build again once the file is saved")
        return None
    except OSError as exc:
        diagnostics.error(f"cannot read the file: {exc.strerror}", Location(rel))
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):  # Notepad's "Unicode": text, but not UTF-8
            diagnostics.error(f"the file is saved as {name}, not UTF-8", Location(rel),
                              "save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
            return None
    if b"\x00" in data:
        diagnostics.error("this is not a text file (it holds binary data)", Location(rel),
                          "only UTF-8 text files belong here")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(f"the file is not UTF-8: byte 0x{data[exc.start]:02x} cannot be read",
                          Location(rel, line, col), "save the file as UTF-8 in your editor")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
