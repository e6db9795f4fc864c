"""Find the content files of a site and read them safely (size, encoding, symlinks)."""

from __future__ import annotations

import codecs
import functools
import os
from pathlib import Path
from stat import S_ISREG

from ..errors import MACHINE_FAULTS, Diagnostics, Location, relative_path

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


def _read_all(fd: int, size: int, regular: bool) -> bytes:
    """Everything the open file holds: one read for a plain file that did not grow since its size was
    taken (a short read there is its end), more for anything else."""
    first = os.read(fd, size + 1)
    if regular and len(first) <= size:
        return first
    chunks = [first]
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
               diagnostics: Diagnostics, marks: tuple[tuple[str, str], ...] = ()) -> list[Path]:
    """The files of `folder` (not recursive) with one of `suffixes`, sorted, litter left out.

    A symlink that leads outside the site folder is refused: building must never read
    files the site does not own. A file where the folder should be, or a folder (a named
    pipe, a link to nothing) where a file should be, is a located error; `marks` are the
    (kind, what) whose references are then not checked (`Diagnostics.mark_broken`).
    """
    if not folder.is_dir():
        if not_a_folder(folder, site_dir, diagnostics):
            _mark(marks, folder, site_dir, diagnostics)
        return []
    if not is_inside(folder, site_dir):
        refuse_link(folder, site_dir, diagnostics, folder=True)
        return []
    found = []
    try:
        with os.scandir(folder) as listing:  # no stat per file: the listing tells links and files apart
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:  # a folder the system will not list: told, and the other files still read
        cannot_list(folder, exc, site_dir, diagnostics)
        _mark(marks, folder, site_dir, diagnostics)
        return []
    for entry in entries:
        if is_editor_litter(entry.name) or os.path.splitext(entry.name)[1].lower() not in suffixes:
            continue
        path = folder / entry.name
        if entry.is_symlink() and not is_inside(path, site_dir):
            refuse_link(path, site_dir, diagnostics)
            continue
        if entry.is_file():
            found.append(path)
        elif not_a_file(path, site_dir, diagnostics):
            _mark(marks, path, site_dir, diagnostics)
    return found


def _mark(marks: tuple[tuple[str, str], ...], path: Path, site_dir: Path, diagnostics: Diagnostics) -> None:
    for kind, what in marks:
        diagnostics.mark_broken(kind, "*", what, f"{relative_path(path, site_dir)} could not be read")


def cannot_list(folder: Path, exc: OSError, site_dir: Path, diagnostics: Diagnostics) -> None:
    """A located error for a folder the system refuses to list (its permissions, a disk fault)."""
    what, hint = MACHINE_FAULTS.get(exc.errno or 0, (exc.strerror or str(exc), None))
    rel = relative_path(folder, site_dir)
    diagnostics.error(f"cannot read the folder {rel}/: {what}", Location(rel), hint)


def not_a_folder(path: Path, site_dir: Path, diagnostics: Diagnostics) -> bool:
    """True, after a located error, when something other than a folder stands at `path`."""
    if not os.path.lexists(path) or path.is_dir():
        return False
    rel = relative_path(path, site_dir)
    diagnostics.error(f"a file stands where the folder {rel}/ should be", Location(rel),
                      f"rename or remove that file, and make {rel}/ a folder")
    return True


def not_a_file(path: Path, site_dir: Path, diagnostics: Diagnostics) -> bool:
    """True, after a located error, when something other than a plain file stands at `path`:
    a folder, a link to nothing, a named pipe or a device."""
    if not os.path.lexists(path) or path.is_file():
        return False
    rel = relative_path(path, site_dir)
    if path.is_dir():
        diagnostics.error(f"a folder stands where the file {rel} should be", Location(rel),
                          "rename or remove that folder")
    elif path.is_symlink() and not path.exists():
        diagnostics.error("this file is a link to nothing: what it pointed to is gone", Location(rel),
                          "remove the link, or put back the file it points to")
    else:
        diagnostics.error("this is not a plain file (a named pipe or a device)", Location(rel),
                          "replace it with a text file, or remove it")
    return True


def list_site_files(folder: Path, site_dir: Path, diagnostics: Diagnostics,
                    skip: tuple[str, ...] = ()) -> list[Path]:
    """Every file under `folder` (recursive, sorted), hidden names left out; a link that leads
    outside the site folder is refused (reported, never followed), links inside are followed
    once (no circles). `skip`: names of `folder`'s own subfolders to leave out. A file where
    the folder should be, a named pipe or a link to nothing is a located error."""
    if not folder.is_dir():
        not_a_folder(folder, site_dir, diagnostics)
        return []
    if not is_inside(folder, site_dir):
        refuse_link(folder, site_dir, diagnostics, folder=True)
        return []
    found: list[Path] = []
    seen = {os.path.realpath(folder)}

    def walk(here: Path, top: bool) -> None:
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            cannot_list(here, exc, site_dir, diagnostics)
            return
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
            else:
                not_a_file(path, site_dir, diagnostics)

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


YAML_SUFFIXES = (".yaml", ".yml")


def read_text(path: Path, site_dir: Path, diagnostics: Diagnostics) -> str | None:
    """The file's text as UTF-8 with \\n line ends, or None after reporting why it cannot be read.
    A YAML file's lines are kept in `diagnostics` (Diagnostics.lines_of) for later stages."""

    def here(*line_col: int) -> Location:  # (its path for messages is worked out only for one)
        return Location(relative_path(path, site_dir), *line_col)

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
        stat = os.fstat(fd)
        if stat.st_size > MAX_FILE_BYTES:
            diagnostics.error(f"the file is {stat.st_size / 1048576:.1f} MB, over the 5 MB limit",
                              here(), "split it, or remove what is not text")
            return None
        data = _read_all(fd, stat.st_size, S_ISREG(stat.st_mode))
    except FileNotFoundError:
        diagnostics.error("the file disappeared while the site was being built", here(),
                          "build again once the file is saved")
        return None
    except OSError as exc:
        what, hint = MACHINE_FAULTS.get(exc.errno or 0, (exc.strerror, None))
        diagnostics.error(f"cannot read the file: {what}", here(), hint)
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):  # Notepad's "Unicode": text, but not UTF-8
            diagnostics.error(f"the file is saved as {name}, not UTF-8", here(),
                              "save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)")
            return None
    if b"\x00" in data:
        diagnostics.error("this is not a text file (it holds binary data)", here(),
                          "only UTF-8 text files belong here")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(f"the file is not UTF-8: byte 0x{data[exc.start]:02x} cannot be read",
                          here(line, col), "save the file as UTF-8 in your editor")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix in YAML_SUFFIXES:
        diagnostics.yaml_lines[relative_path(path, site_dir)] = text.split("\n")
    return text
