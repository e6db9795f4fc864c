"""The one error type users see, and the collector that gathers every error of a build.

Loaders never stop at the first problem: they report to a `Diagnostics` and carry on,
so an editor fixes all of a build's mistakes in one pass.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file of the site, 1-based, with the path relative to the site folder."""

    path: str
    """Path relative to the site folder, with forward slashes."""
    line: int = 1
    """1-based line number."""
    col: int = 1
    """1-based column number."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def shifted(self, lines: int) -> Location:
        """The same place in a file that starts `lines` lines later (front matter, sidecars)."""
        return Location(self.path, self.line + lines, self.col)


class SiteError(Exception):
    """A mistake in the site's content, config or templates, told in the user's words."""

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        severity: str = "error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.severity = severity

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def sort_key(self) -> tuple:
        loc = self.location or Location("")
        return (loc.path, loc.line, loc.col, self.message)


UNCHECKED = "unchecked"
"""The severity of a reference that could not be checked because what it names failed to load."""


@dataclass
class Diagnostics:
    """Collects the errors and warnings of one run, to report them all together.

    A file that fails to load is one error; what only follows from it (references to
    its timeline, its sources, its events) is not: such references are noted as
    unchecked and told as one line per cause (`consequences`).
    """

    errors: list[SiteError] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)
    unchecked: list[SiteError] = field(default_factory=list)
    """References not checked because what they name failed to load (severity UNCHECKED)."""
    broken: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    """(kind, name) -> (what, why) of what failed to load; name '*' stands for any of that kind."""
    yaml_lines: dict[str, list[str]] = field(default_factory=dict)
    """The lines of each YAML file read (site-relative path -> lines): a later stage places a mistake
    in the Markdown a value holds against the file as it was read, never by reading it again."""

    def error(
        self, message: str, location: Location | None = None, hint: str | None = None
    ) -> None:
        self.errors.append(SiteError(message, location=location, hint=hint))

    def warning(
        self, message: str, location: Location | None = None, hint: str | None = None
    ) -> None:
        self.warnings.append(
            SiteError(message, location=location, hint=hint, severity="warning")
        )

    def add(self, exc: SiteError) -> None:
        if exc.severity == UNCHECKED:
            self.unchecked.append(exc)
        elif exc.severity == "warning":
            self.warnings.append(exc)
        elif not any(_same(exc, known) for known in self.errors[-256:]):  # one template error, many pages
            self.errors.append(exc)

    def lines_of(self, path: str) -> list[str] | None:
        """The lines of the YAML file at `path` (site-relative) as it was read; None if it was not."""
        return self.yaml_lines.get(path)

    def mark_broken(self, kind: str, name: str, what: str, why: str) -> None:
        """Say that `kind` `name` (e.g. timeline 'venezuela') failed to load, and why, in a few words."""
        self.broken.setdefault((kind, name), (what, why))

    def skip(self, kind: str, name: str, location: Location | None) -> bool:
        """True when a reference to `kind` `name` cannot be checked (what it names failed to load);
        the reference is then counted among the consequences instead of being an error."""
        found = self.broken.get((kind, name)) or self.broken.get((kind, "*"))
        if found is None:
            return False
        self.unchecked.append(SiteError(found[0], location=location, hint=found[1], severity=UNCHECKED))
        return True

    def consequences(self) -> list[str]:
        """One line per cause: '12 references to timeline 'venezuela' were not checked: it did not load'."""
        counts: dict[tuple[str, str], int] = {}
        for item in self.unchecked:
            key = (item.message, item.hint or "")
            counts[key] = counts.get(key, 0) + 1
        return [f"{count} reference{'s' if count != 1 else ''} to {what} "
                f"{'were' if count != 1 else 'was'} not checked: {why}"
                for (what, why), count in sorted(counts.items())]

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def raise_if_failed(self) -> None:
        """Stop the build after a stage that found errors: later stages would only add noise."""
        if self.errors:
            raise BuildFailed(sorted(self.errors, key=SiteError.sort_key), self.consequences())


def _same(one: SiteError, other: SiteError) -> bool:
    return (one.message, one.location, one.hint) == (other.message, other.location, other.hint)


class BuildFailed(Exception):
    """Raised with every error of a stage; only the CLI prints it."""

    def __init__(self, errors: list[SiteError], consequences: list[str] | None = None) -> None:
        super().__init__(f"{len(errors)} error{'s' if len(errors) != 1 else ''}")
        self.errors = errors
        self.consequences = consequences or []
        """What could not be checked because of these errors, one line per cause."""


def relative_path(path: Path, site_dir: Path) -> str:
    """The path as users see it in messages: relative to the site, with forward slashes.

    The path is first taken as written (a link inside the site keeps its own name, even
    when it points elsewhere), then with links resolved.
    """
    shown, root = os.path.abspath(path), os.path.abspath(site_dir).rstrip(os.sep) + os.sep
    if shown.startswith(root):  # (as strings: this runs for every file a build reads)
        return shown[len(root):].replace(os.sep, "/")
    try:  # resolving links is slow: only when the path as written is not inside
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


MACHINE_FAULTS = {
    errno.EACCES: ("permission denied", "check that you may read and write there (its owner and permissions)"),
    errno.EPERM: ("the system does not allow it", "check the owner and permissions of the file or folder"),
    errno.EROFS: ("the disk is read-only", "build into a folder on a disk you can write to: --out FOLDER"),
    errno.ENOSPC: ("the disk is full", "free some space and build again: the last good output was kept"),
    errno.EDQUOT: ("the disk quota is used up", "free some space and build again: the last good output was kept"),
    errno.ENOTDIR: ("a file stands where a folder should be", "rename or remove that file, or choose another folder"),
    errno.EEXIST: ("a file stands where a folder should be", "rename or remove that file, or choose another folder"),
    errno.EISDIR: ("a folder stands where a file should be", "rename or remove that folder"),
    errno.ENAMETOOLONG: ("a name or path is too long", "use shorter slugs, or an output folder with a shorter path"),
    errno.EMFILE: ("too many files are open", "close some programs and build again"),
}
"""What the computer refused, in words, with what the editor can do about it."""


def machine_error(exc: OSError, site_dir: Path, out_dir: Path) -> SiteError:
    """A located error for a refusal of the computer, at the file or folder it concerns."""
    what, hint = MACHINE_FAULTS.get(exc.errno or 0, (exc.strerror or str(exc), None))
    name = exc.filename if isinstance(exc.filename, (str, Path)) else None
    if name is None:
        return SiteError(f"cannot write the output: {what}", location=Location("--out"), hint=hint)
    shown = relative_path(Path(name), site_dir)
    where = shown if not os.path.isabs(shown) else "--out"  # outside the site: the output folder
    return SiteError(f"cannot use '{shown}': {what}", location=Location(where), hint=hint)
