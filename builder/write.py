"""The write stage: put the built files in place all at once, or not at all.

The site is written to a temporary folder beside the output folder and then swapped in,
so a failed or interrupted build leaves the last good output exactly as it was, and a
server never sees half a build. Nothing is ever written outside the output folder.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from .errors import Diagnostics, Location, SiteError
from .model import OutputFile

MARKER = ".explainer-build"
"""A file in every output folder we write: we only ever replace a folder that has it."""


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site's own files."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == site or site.is_relative_to(out):
        raise SiteError(f"the output folder {out_dir} is the site folder or contains it",
                        location=Location("--out"), hint="use a folder inside the site such as public/")
    for inputs in ("content", "templates"):
        if out.is_relative_to(site / inputs):
            raise SiteError(f"the output folder {out_dir} is inside the site's {inputs}/ folder",
                            location=Location("--out"), hint="use public/")
    if (out / "content").exists() or (out / "site.yaml").exists():
        raise SiteError(f"the output folder {out_dir} holds a site (content/ or site.yaml)",
                        location=Location("--out"), hint="use an empty folder such as public/")
    if out.exists() and not out.is_dir():
        raise SiteError(f"the output path {out_dir} is a file, not a folder", location=Location("--out"))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(
            f"the output folder {out_dir} has files this builder did not write",
            location=Location("--out"),
            hint="empty it or choose another folder: a build replaces the whole folder",
        )


def safe_target(root: Path, relative: PurePosixPath) -> Path:
    """`root/relative`, refusing any path that would land outside `root`."""
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise SiteError(f"refusing to write '{relative}': it leaves the output folder")
    target = root.joinpath(*relative.parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise SiteError(f"refusing to write '{relative}': it leaves the output folder")
    return target


def write_site(outputs: Iterable[OutputFile], out_dir: Path, builder_version: str,
               diagnostics: Diagnostics) -> int:
    """Write all files into a fresh folder and swap it in for `out_dir`; return the count."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging: Path | None = None
    try:
        with signals_held():  # a Ctrl-C between mkdtemp and this name would leave the folder behind
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
        written: dict[PurePosixPath, OutputFile] = {}
        for item in outputs:
            if item.path in written:
                raise SiteError(f"two pages would be written to the same file '{item.path}'",
                                hint="give one of them another slug")
            written[item.path] = item
            target = safe_target(staging, item.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.data)
        (staging / MARKER).write_text(builder_version + "\n", encoding="utf-8")
        staging.chmod(0o755)
        with signals_held():  # the swap happens whole or not at all
            swap_into_place(staging, out_dir)
        return len(written)
    except SiteError as exc:
        diagnostics.add(exc)
        return 0
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back during a step that must not be cut in half.

    Only the main thread receives signals, so elsewhere (the preview's build thread) it does nothing.
    """
    held = {signal.SIGINT, signal.SIGTERM}
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "pthread_sigmask") or not main:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Make `staging` the new `out_dir`; the old one ends up at `staging` (to be removed)."""
    if out_dir.exists():
        if _exchange(staging, out_dir):
            return
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.replace(out_dir, old)
        os.replace(staging, out_dir)
        os.replace(old, staging)
    else:
        os.replace(staging, out_dir)
