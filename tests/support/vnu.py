"""Run the Nu HTML Checker (vnu.jar) over many files in one JVM."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.support.tools import java_path, vnu_jar_path

# Keep each command line well under the kernel's argument-size limit.
_MAX_ARGV_CHARS = 100_000
# A short-lived JVM starts faster with these; they do not change results.
_JVM_OPTIONS = ("-Xss4m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto")


def _url_to_path(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) if parts.scheme == "file" else url


def _batches(files: Sequence[Path]) -> Iterable[list[str]]:
    batch: list[str] = []
    size = 0
    for file in files:
        name = str(file)
        if batch and size + len(name) > _MAX_ARGV_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(name)
        size += len(name) + 1
    if batch:
        yield batch


def check_html(
    files: Sequence[Path],
    filter_patterns: Sequence[str] = (),
    *,
    timeout: float = 600,
) -> list[dict[str, Any]]:
    """Validate HTML files with vnu.jar (errors only) and return the errors.

    Each error is {"file", "url", "line", "column", "message", "extract", "type"};
    "type" is "error" or "non-document-error" (e.g. an unreadable file).
    Errors whose message matches any regex in `filter_patterns` are dropped.
    Raises FileNotFoundError for a missing file (vnu would silently skip it)
    and RuntimeError when java or vnu.jar is missing or vnu itself fails.
    """
    java, jar = java_path(), vnu_jar_path()
    if java is None or jar is None:
        raise RuntimeError("java or vnu.jar missing; run scripts/install-test-tools.sh")
    missing = [str(f) for f in files if not Path(f).is_file()]
    if missing:
        raise FileNotFoundError(f"not files: {', '.join(missing)}")
    filters = [re.compile(p) for p in filter_patterns]
    errors: list[dict[str, Any]] = []
    for batch in _batches(list(files)):
        cmd = [str(java), *_JVM_OPTIONS, "-jar", str(jar),
               "--format", "json", "--errors-only", "--exit-zero-always", "--stdout", *batch]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError as exc:
            raise RuntimeError(
                f"vnu.jar exited {proc.returncode} without a JSON report:\n"
                f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            ) from exc
        for msg in report.get("messages", []):
            if msg.get("type") not in ("error", "non-document-error"):
                continue
            text = msg.get("message", "")
            if any(f.search(text) for f in filters):
                continue
            url = msg.get("url", "")
            errors.append({
                "file": _url_to_path(url),
                "url": url,
                "line": msg.get("firstLine", msg.get("lastLine")),
                "column": msg.get("firstColumn", msg.get("lastColumn")),
                "message": text,
                "extract": msg.get("extract", ""),
                "type": msg.get("type"),
            })
    return errors


def format_errors(errors: Sequence[dict[str, Any]]) -> str:
    """Render errors as "file:line:column: message" lines for assertion messages."""
    return "\n".join(
        f"{e['file']}:{e['line']}:{e['column']}: {e['message']}" for e in errors
    )
