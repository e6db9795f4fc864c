"""The write stage: put the built files in place all at once, or not at all.

A full build writes the site to a temporary folder beside the output folder and then swaps
it in; an incremental build writes its few changed files beside their targets and renames
them into place once everything succeeded. Either way a failed or interrupted build leaves
the last good output exactly as it was, and a server never sees half a file or a page whose
stylesheet is missing. Nothing is ever written outside the output folder.
"""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Iterable, Iterator

from .errors import MACHINE_FAULTS, Diagnostics, Location, SiteError, relative_path

if TYPE_CHECKING:
    from .model import OutputFile

NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
"""Create a file that must not exist yet, for bytes."""
MARKER = ".explainer-build"
"""A file in every output folder we write: we only ever replace a folder that has it."""


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site's own files."""
    if out_dir.is_symlink():
        shown = relative_path(out_dir, site_dir)
        raise SiteError(f"the output folder {out_dir} is a link to {os.readlink(out_dir)}: a build replaces "
                        "the folder itself, so it would replace the link, not what it points to",
                        location=Location(shown if not os.path.isabs(shown) else "--out"),
                        hint="remove the link and build into public/, or give the real folder with --out")
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
    above = next((parent for parent in out.parents if os.path.lexists(parent)), None)
    if above is not None and not above.is_dir():  # told now, with the other mistakes, not when writing
        shown = relative_path(above, site_dir)
        what, hint = MACHINE_FAULTS[errno.ENOTDIR]
        raise SiteError(f"cannot use '{shown}': {what}", location=Location(shown if not os.path.isabs(shown) else "--out"),
                        hint=hint)
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
    writer = StagingWriter(out_dir)
    try:
        writer.open()
        for item in outputs:
            writer.write(item.path.as_posix(), item.data)
        writer.commit(builder_version)
        return len(writer.written)
    except SiteError as exc:
        diagnostics.add(exc)
        return 0
    finally:
        writer.discard()


def check_relative(path: str) -> None:
    """Refuse an output path that could land outside the output folder (or is no file name)."""
    parts = path.split("/")
    if (not path or path.startswith("/") or "\\" in path or "\0" in path
            or any(part in ("", ".", "..") for part in parts)):
        raise SiteError(f"refusing to write '{path}': it leaves the output folder")


class StagingWriter:
    """A full build's output: written file by file into a new folder beside the output folder,
    swapped in whole at the end. The output folder is not touched before the swap."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        self.staging: Path | None = None
        self.folders: set[str] = {""}
        self.written: set[str] = set()

    def open(self) -> None:
        """Make the staging folder (call inside the try whose `finally` discards it)."""
        import tempfile

        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        with signals_held():  # a Ctrl-C between mkdtemp and this name would leave the folder behind
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.building-",
                                                 dir=self.out_dir.parent))

    def write(self, path: str, data: bytes) -> None:
        """Put one file in the staging folder (no links there: the path is checked as text)."""
        if self.staging is None:
            self.open()
        if path in self.written:
            raise SiteError(f"two pages would be written to the same file '{path}'",
                            hint="give one of them another slug")
        check_relative(path)
        assert self.staging is not None
        folder = path.rpartition("/")[0]
        if folder not in self.folders:
            self._make_folder(folder)
        try:  # O_EXCL: the same path from another process of this build is refused too
            fd = os.open(os.path.join(self.staging, path), NEW_FILE, 0o644)
        except FileExistsError:
            raise SiteError(f"two pages would be written to the same file '{path}'",
                            hint="give one of them another slug") from None
        except OSError as exc:
            raise _refused(exc, self.out_dir, path) from None
        try:
            write_all(fd, data)
        except OSError as exc:  # a full disk: the staging folder, partial file and all, is discarded
            raise _refused(exc, self.out_dir, path) from None
        finally:
            os.close(fd)
        self.written.add(path)

    def _make_folder(self, folder: str) -> None:
        """One mkdir per new folder (thousands of them: no look before, no makedirs walk)."""
        assert self.staging is not None
        parent = folder.rpartition("/")[0]
        if parent not in self.folders:
            self._make_folder(parent)
        try:
            os.mkdir(os.path.join(self.staging, folder))
        except FileExistsError:  # made by another process of this build
            pass
        self.folders.add(folder)

    def commit(self, builder_version: str) -> None:
        """Mark the staging folder as ours and swap it in for the output folder."""
        assert self.staging is not None
        try:
            (self.staging / MARKER).write_text(builder_version + "\n", encoding="utf-8")
        except OSError as exc:
            raise _refused(exc, self.out_dir, MARKER) from None
        self.staging.chmod(0o755)
        with signals_held():  # the swap happens whole or not at all
            swap_into_place(self.staging, self.out_dir)

    def discard(self) -> None:
        """Remove the staging folder (after a swap it holds the previous output)."""
        if self.staging is not None:
            import shutil

            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


class InPlaceWriter:
    """An incremental build's output: the few changed files put into the output folder itself.

    Nothing is touched until `commit`, which runs only after the whole build succeeded:
    each file is first written beside its target under a hidden name, then renamed over it
    (atomic for each file), assets before pages, so that a page never names a stylesheet
    that is not there yet; removed files go last. Ctrl-C is held during the commit.
    The marker file is replaced before and after, so a commit cut short by a crash leaves
    a folder no manifest vouches for, and the next build rebuilds it whole. A build killed
    before its commit (its hidden files still there) is told by `unfinished`, a file that
    exists from the first hidden file written until `finish`.
    """

    def __init__(self, out_dir: Path, unfinished: Path | None = None) -> None:
        self.out_dir = out_dir.absolute()
        self.root = os.path.realpath(self.out_dir)
        self.unfinished = unfinished
        """Exists while the output folder may hold hidden files of this build (see BuildCache)."""
        self.pending: list[tuple[str, str]] = []
        self.removed: list[str] = []
        self.made: list[str] = []
        self.checked: set[str] = set()
        self.written: set[str] = set()

    def write(self, path: str, data: bytes) -> None:
        """Write the new bytes of `path` beside it, under a hidden name, until the commit."""
        if path in self.written:
            raise SiteError(f"two pages would be written to the same file '{path}'",
                            hint="give one of them another slug")
        check_relative(path)
        if not self.written and self.unfinished is not None:
            try:
                self.unfinished.parent.mkdir(exist_ok=True)
                self.unfinished.touch()
            except OSError:  # a .cache that is a file or read-only keeps no manifest either
                pass
        folder = path.rpartition("/")[0]
        self._make_folder(folder)
        name = path.rpartition("/")[2]
        temp = os.path.join(self.out_dir, folder, f".{name}.{os.getpid()}.explainer-new")
        try:
            os.unlink(temp)  # left by a build that was killed
        except FileNotFoundError:
            pass
        self.pending.append((temp, os.path.join(self.out_dir, path)))  # before it exists: discard finds it
        try:
            fd = os.open(temp, NEW_FILE, 0o644)  # as a full build makes them
            try:
                write_all(fd, data)
            finally:
                os.close(fd)
        except OSError as exc:  # a full disk: discard removes the partial file
            raise _refused(exc, self.out_dir, path) from None
        self.written.add(path)

    def remove(self, path: str) -> None:
        """Delete `path` at the commit (an output of the last build that this one does not make)."""
        check_relative(path)
        self.removed.append(path)

    def _make_folder(self, folder: str) -> None:
        if folder in self.checked:
            return
        target = os.path.join(self.out_dir, folder) if folder else str(self.out_dir)
        missing = []
        probe = target
        while not os.path.isdir(probe):
            missing.append(probe)
            probe = os.path.dirname(probe)
        real = os.path.realpath(probe)
        if real != self.root and not real.startswith(self.root + os.sep):
            raise SiteError(f"refusing to write '{folder}/': it leaves the output folder")
        for made in reversed(missing):
            os.mkdir(made)
            self.made.append(made)
        self.checked.add(folder)

    def commit(self, builder_version: str) -> None:
        """Put every new file in place, remove the old ones, and mark the folder anew."""
        with signals_held():
            self._mark(builder_version)  # from here the folder is no longer the last build's
            pages_last = sorted(self.pending, key=lambda item: item[1].endswith(".html"))
            for temp, target in pages_last:
                os.replace(temp, target)
            self.pending = []
            for path in self.removed:
                target = os.path.join(self.out_dir, path)
                try:
                    os.unlink(target)
                except FileNotFoundError:
                    pass
                self._prune(os.path.dirname(target))
            self._mark(builder_version)

    def _mark(self, builder_version: str) -> None:
        try:
            replace_whole(os.path.join(self.out_dir, MARKER), (builder_version + "\n").encode("utf-8"))
        except OSError as exc:
            raise _refused(exc, self.out_dir, MARKER) from None

    def _prune(self, folder: str) -> None:
        """Remove folders a removed file leaves empty, as a full build would not make them."""
        while os.path.realpath(folder) != self.root and folder.startswith(str(self.out_dir)):
            try:
                os.rmdir(folder)
            except OSError:
                return
            folder = os.path.dirname(folder)

    def discard(self) -> None:
        """Forget an uncommitted update: remove the hidden files and the folders made for them."""
        for temp, _ in self.pending:
            try:
                os.unlink(temp)
            except OSError:
                pass
        self.pending = []
        for folder in reversed(self.made):
            try:
                os.rmdir(folder)
            except OSError:
                pass
        self.made = []
        self.finish()  # before the commit: the folder is as it was; after it, its marker tells

    def finish(self) -> None:
        """The output folder is again exactly what a manifest says (call after saving it)."""
        if self.unfinished is not None:
            try:
                os.unlink(self.unfinished)
            except OSError:  # gone, or never made (see write)
                pass


def replace_whole(path: str, data: bytes) -> None:
    """Replace the file `path` with `data` whole or not at all: the bytes go to a hidden file
    beside it, which takes its place in one step. On failure (OSError) nothing is left behind."""
    folder, name = os.path.split(path)
    temp = os.path.join(folder, f".{name}.{os.getpid()}.explainer-new")
    try:
        os.unlink(temp)  # left by a process of this number that was killed
    except FileNotFoundError:
        pass
    fd = os.open(temp, NEW_FILE, 0o644)
    try:
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _refused(exc: OSError, out_dir: Path, path: str) -> OSError:
    """The system's refusal (a full disk...) named after the output file it concerns, so the
    build reports it at that file (errors.machine_error), whichever process wrote it."""
    return OSError(exc.errno, exc.strerror, os.path.join(out_dir, path))


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back during a step that must not be cut in half.

    Only the main thread receives signals, so elsewhere (the preview's build thread) it does nothing.
    """
    import signal
    import threading

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
    import ctypes

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
