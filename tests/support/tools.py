"""Locate the external test tools and skip (or fail, under CI) when one is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "tests" / "node" / "node_modules"
INSTALL_HINT = "run scripts/install-test-tools.sh"


def in_ci() -> bool:
    """True when the CI environment variable is set (and not "", "0" or "false")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def require(tool_name: str, available: bool) -> None:
    """Skip the test when a tool is missing; fail it instead under CI."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{tool_name} not installed under CI; {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{tool_name} not installed; {INSTALL_HINT}")


def _file(path: Path) -> Path | None:
    return path if path.is_file() else None


def chromium_path() -> Path | None:
    """Debian's chromium (/usr/bin/chromium), or a chromium on PATH, or None."""
    debian = Path("/usr/bin/chromium")
    if debian.is_file() and os.access(debian, os.X_OK):
        return debian
    found = shutil.which("chromium")
    return Path(found) if found else None


def java_path() -> Path | None:
    """The java executable on PATH, or None."""
    found = shutil.which("java")
    return Path(found) if found else None


def vnu_jar_path() -> Path | None:
    """vnu.jar from the vnu-jar npm package in tests/node, or None."""
    return _file(NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar")


def axe_js_path() -> Path | None:
    """axe.min.js from the axe-core npm package in tests/node, or None."""
    return _file(NODE_MODULES / "axe-core" / "axe.min.js")


def playwright_installed() -> bool:
    """True when the `playwright` Python package is importable."""
    return importlib.util.find_spec("playwright") is not None
