"""The `import` command's work: read one seed file and print what the parser made of it.

Kept apart from the CLI's argument handling so it can be called and tested on its own;
every failure a user can cause comes back as exit status 1 with a located message.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from typing import TextIO

from ..errors import Location, SiteError
from .decode import MAX_SEED_BYTES, decode_seed, too_large
from .export import to_json, to_markdown, to_sidecar
from .model import SeedArticle
from .read import read_seed as parse_seed

FORMATS = ("md", "json")
"""The output formats of `import`."""


def run_import(path: str, fmt: str, out: TextIO, err: TextIO | None = None, sidecar: bool = False) -> int:
    """Print the seed at `path` as JSON or Markdown to `out`; 0 on success. With `sidecar`,
    also write a starting NAME.yaml beside it (never over an existing one).

    On a SiteError, print `path:line:col: error: message` and its hint to `err`
    (standard error by default) and return 1.
    """
    err = err if err is not None else sys.stderr
    try:
        if fmt not in FORMATS:
            raise SiteError(f"unknown format '{fmt}'", hint="use --format md or --format json")
        text = decode_seed(_read(path), path)
        article = parse_seed(text)
        if sidecar:
            _write_sidecar(path, article, text)
            print(f"wrote {os.path.splitext(path)[0]}.yaml: check the lines marked 'guess'", file=err)
        if fmt == "json":
            out.write(json.dumps(to_json(article), ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(to_markdown(article))
    except SiteError as exc:
        if exc.location is None:
            exc = SiteError(exc.message, location=Location(path, 1, 1), hint=exc.hint)
        print(str(exc), file=err)
        return 1
    return 0


def _write_sidecar(path: str, article: SeedArticle, text: str) -> None:
    target = os.path.splitext(path)[0] + ".yaml"
    content = to_sidecar(article, os.path.basename(path), text.split("\n"))
    try:
        with open(target, "x", encoding="utf-8") as handle:  # never over the editor's own file
            handle.write(content)
    except FileExistsError:
        raise SiteError(f"{target} exists already", location=Location(target, 1, 1),
                        hint="edit it, or move it away to have a new one written") from None
    except OSError as exc:
        raise SiteError(f"cannot write {target}: {exc.strerror or exc}", location=Location(target, 1, 1),
                        hint="check that the folder exists and that you may write in it") from None


def _read(path: str) -> bytes:
    """The file's bytes, without reading more than one byte past the size limit."""
    where = Location(path, 1, 1)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a folder, a named pipe, a device: never wait on one
            raise SiteError("this is not a text file", location=where,
                            hint="a seed is a .txt file holding one article, as copied from its page")
        if path.endswith((".yaml", ".yml", ".md", ".json", ".html", ".htm")):
            raise SiteError(f"'{os.path.basename(path)}' is not a seed article", location=where,
                            hint="import reads the article's .txt (NAME.yaml beside it holds what you curate)")
        with open(path, "rb") as handle:
            data = handle.read(MAX_SEED_BYTES + 1)
            if len(data) > MAX_SEED_BYTES:
                raise too_large(os.fstat(handle.fileno()).st_size, path)
            return data
    except OSError as exc:
        raise SiteError(
            f"cannot read the file: {exc.strerror or exc}", location=Location(path, 1, 1),
            hint="check the path; a seed is a .txt file holding one article",
        ) from None
