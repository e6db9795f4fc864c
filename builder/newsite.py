"""`explainer init`: a working site in one command, from the starter shipped with the builder.

The starter is a small explainer cut from the fact-checked showcase (a real seed article with
two notes, a short timeline, the sources they cite), the settings with every line explained,
a README for the site's editors and the GitHub Pages workflow, which installs this very
version of the builder: a site's repository holds only its content.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from . import __version__
from .errors import Location, SiteError

STARTER = "starter"
"""The folder of this package that holds the starter site."""
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
"""Starter names stored without their dot (package data leaves dot-files out)."""
WORKFLOW = ".github/workflows/pages.yml"


def init_site(target: Path, builder: str | None = None) -> list[str]:
    """Write the starter site into `target` (new or empty); the files written, site-relative.

    `builder` is what the Pages workflow installs (a pip requirement); by default, where this
    builder was installed from, pinned to its version or commit."""
    if target.exists() and not target.is_dir():
        raise SiteError(f"{target} is a file", location=Location(str(target)),
                        hint="give a new folder's name: explainer init my-explainer")
    if target.is_dir() and any(entry.name != ".git" for entry in target.iterdir()):
        raise SiteError(f"{target} is not empty", location=Location(str(target)),
                        hint="init writes a new site: give a new folder's name, or run it in an empty folder")
    requirement = builder or installed_requirement()
    written: list[str] = []
    for source, rel in _starter_files(files(__package__).joinpath(STARTER), ""):
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = source.read_bytes()
        if rel == WORKFLOW:
            data = data.decode("utf-8").format(builder=requirement).encode("utf-8")
        path.write_bytes(data)
        written.append(rel)
    return written


def installed_requirement() -> str:
    """A pip requirement for this builder as it is installed: its git commit when it came
    from a repository, else its published name and version."""
    try:
        dist = metadata.distribution("explainer-builder")
        origin = json.loads(dist.read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        origin = {}
    vcs = origin.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and origin.get("url") and vcs.get("commit_id"):
        return f"explainer-builder @ git+{origin['url']}@{vcs['commit_id']}"
    return f"explainer-builder=={__version__}"


def _starter_files(folder: Traversable, prefix: str) -> list[tuple[Traversable, str]]:
    out: list[tuple[Traversable, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        rel = prefix + RENAMED.get(entry.name, entry.name)
        if entry.is_dir():
            out.extend(_starter_files(entry, rel + "/"))
        else:
            out.append((entry, rel))
    return out


def print_next_steps(target: Path, written: list[str], requirement: str) -> None:
    print(f"created a site in {target}: {len(written)} files")
    print(f"  next: cd {target} && explainer serve   (then edit the files under content/)")
    if "==" in requirement:
        print(f"  note: {WORKFLOW} installs '{requirement}'; if you got the builder from a repository, "
              "run init with --builder 'git+https://...@TAG' or edit that line", file=sys.stderr)
