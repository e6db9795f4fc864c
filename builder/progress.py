"""A progress bar on stderr for builds that take a while; nothing at all when stderr is not a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY = 1.0
"""Seconds before the bar appears: a quick build prints only its summary."""
WIDTH = 30


class Progress:
    """Counts the work of one build and, past DELAY seconds on a terminal, draws it on one line."""

    def __init__(self, stream: TextIO | None = None, delay: float = DELAY) -> None:
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.enabled = self.stream.isatty()
        except (AttributeError, ValueError):
            self.enabled = False
        self.delay = delay
        self.started = time.perf_counter()
        self.label = ""
        self.total = 0
        self.done = 0
        self.shown = False
        self.last = 0.0

    def stage(self, label: str, total: int) -> None:
        """Start counting `total` pieces of work called `label` (documents, pages)."""
        self.label, self.total, self.done = label, total, 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.started < self.delay or (now - self.last < 0.1 and self.done < self.total):
            return
        self.last = now
        filled = WIDTH * self.done // self.total if self.total else WIDTH
        bar = "#" * filled + "." * (WIDTH - filled)
        self.stream.write(f"\r{self.label:<10} [{bar}] {self.done:,}/{self.total:,}\033[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Clear the bar, so the summary line takes its place."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False
