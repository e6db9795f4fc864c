"""The command line: parse arguments, run a command, print diagnostics, pick the exit code.

Exit codes: 0 success, 1 errors in the site (content, config, templates), 2 usage errors.
Only this module prints errors; a Python traceback appears only with --debug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .build import BuildOptions, build
from .errors import BuildFailed, Diagnostics, SiteError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explainer",
        description="Build an explainer site from seed articles, timelines and sources.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks of failures")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show Python tracebacks of failures")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def site_dir_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("site_dir", nargs="?", default=".", metavar="SITE_DIR",
                       help="the site folder, holding site.yaml (default: the current folder)")

    def repo_url_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--repo-url", metavar="URL",
                       help="the site's repository, for 'report an error' links, when site.yaml has no "
                            "repo_url (the same as the environment variable EXPLAINER_REPO_URL)")

    p = commands.add_parser("build", parents=[common], help="build the site into public/",
                            description="Build the site into its output folder.")
    site_dir_arg(p)
    p.add_argument("--out", metavar="DIR", help="output folder (default: SITE_DIR/public)")
    p.add_argument("--base-url", metavar="URL", help="where the site is published; overrides site.yaml")
    p.add_argument("--drafts", action="store_true", help="include drafts")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    repo_url_arg(p)

    p = commands.add_parser("check", parents=[common], help="check everything, write nothing",
                            description="Run every check of a build without writing anything.")
    site_dir_arg(p)
    p.add_argument("--drafts", action="store_true", help="check drafts too")
    repo_url_arg(p)
    p.add_argument("--links", action="store_true",
                   help="also ask every source's address whether it still answers (and the Wayback Machine "
                        "for an archived copy of those that do not)")
    p.add_argument("--link-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="how long to wait for each address with --links (default: 10)")

    p = commands.add_parser("new", parents=[common], help="start a new article or page",
                            description="Write a new draft with its front matter.")
    p.add_argument("kind", choices=("article", "page"), help="what to create")
    p.add_argument("title", help="its title, in quotes")
    site_dir_arg(p)

    p = commands.add_parser("serve", parents=[common], help="preview the site with live reload",
                            description="Build, serve on this computer and rebuild on every save.")
    site_dir_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--open", action="store_true", help="open the site in a browser")
    p.add_argument("--drafts", action="store_true", help="include drafts")

    p = commands.add_parser("init", parents=[common], help="start a new site in a new folder",
                            description="Write a working sample site (a seed article with notes, a timeline, "
                                        "sources, the GitHub Pages workflow) into a new or empty folder.")
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the new site's folder (default: here)")
    p.add_argument("--builder", metavar="REQUIREMENT",
                   help="what the Pages workflow installs (default: this builder, pinned)")

    p = commands.add_parser("import", parents=[common], help="show what is extracted from a seed article",
                            description="Parse a seed article (.txt) and print what was extracted.")
    p.add_argument("file", metavar="FILE.txt", help="the seed article")
    p.add_argument("--format", choices=("json", "md"), default="json", help="output format")
    p.add_argument("--sidecar", action="store_true",
                   help="also write a starting NAME.yaml beside it (what was read, guesses marked)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    import signal

    stopped_by: list[int] = [signal.SIGINT]

    def terminate(signum: int, frame: object) -> None:  # SIGTERM stops a build as Ctrl-C does
        stopped_by[0] = signum
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted: the output folder was left as it was", file=sys.stderr)
        return 128 + stopped_by[0]
    except Exception as exc:  # a bug of ours, never the user's fault
        if args.debug:
            import traceback

            traceback.print_exc()
        else:
            print(f"error: internal error in the builder: {exc.__class__.__name__}: {exc}", file=sys.stderr)
            print("  hint: run again with --debug and report the traceback", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    if args.command in ("build", "check"):
        return _build(args, write=args.command == "build")
    if args.command == "new":
        return _new(args)
    if args.command == "serve":
        from .server import serve

        return serve(Path(args.site_dir), host=args.host, port=args.port,
                     open_browser=args.open, drafts=args.drafts)
    if args.command == "init":
        return _init(args)
    if args.command == "import":
        from .seed import run_import

        return run_import(args.file, args.format, sys.stdout, sidecar=args.sidecar)
    raise AssertionError(args.command)


def print_diagnostics(errors: Sequence[SiteError], warnings: Sequence[SiteError]) -> None:
    for item in sorted(warnings, key=SiteError.sort_key):
        print(item, file=sys.stderr)
    for item in errors:
        print(item, file=sys.stderr)


def _build(args: argparse.Namespace, write: bool) -> int:
    if not getattr(args, "repo_url", None):
        return _build_site(args, write)
    import os

    before = os.environ.get("EXPLAINER_REPO_URL")
    os.environ["EXPLAINER_REPO_URL"] = args.repo_url  # read with site.yaml, by every stage and worker alike
    try:
        return _build_site(args, write)
    finally:
        if before is None:
            del os.environ["EXPLAINER_REPO_URL"]
        else:
            os.environ["EXPLAINER_REPO_URL"] = before


def _build_site(args: argparse.Namespace, write: bool) -> int:
    site_dir = Path(args.site_dir)
    options = BuildOptions(
        site_dir=site_dir,
        out_dir=Path(args.out) if getattr(args, "out", None) else None,
        base_url=getattr(args, "base_url", None),
        drafts=args.drafts,
        write=write,
    )
    diagnostics = Diagnostics()
    if not write:
        _warn_without_repo_url(site_dir, diagnostics)
    try:
        report = build(options, diagnostics)
    except BuildFailed as failed:
        print_diagnostics(failed.errors, diagnostics.warnings)
        for line in failed.consequences:  # what the errors above kept from being checked
            print(f"note: {line}", file=sys.stderr)
        count = len(failed.errors)
        print(f"{count} error{'s' if count != 1 else ''}: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    links, summary = _check_links(args, site_dir) if getattr(args, "links", False) else (None, "")
    if links is not None:
        diagnostics.warnings += links.warnings
    print_diagnostics(sorted(links.errors, key=SiteError.sort_key) if links is not None else [],
                      diagnostics.warnings)
    if not write and not getattr(args, "quiet", False):
        from .content.seeds import left_out

        lines = left_out(site_dir)
        if lines:  # the editor sees every line the articles leave out, and can bring one back
            print("Left out of the seed articles (bring a line back with 'reading: keep: [LINE]' in NAME.yaml):")
            for line in lines:
                print(f"  {line}")
    if not getattr(args, "quiet", False):
        verb = "built" if write else "checked"
        changed = f" ({report.files:,} {'file' if report.files == 1 else 'files'} changed)" if write else ""
        count = len(diagnostics.warnings)
        warn = f", {count} warning{'s' if count != 1 else ''}" if count else ""
        print(f"{verb} {report.pages:,} pages{changed} in {report.seconds:.2f} s{warn}")
    if links is not None:
        print(summary)
        if links.errors:
            count = len(links.errors)
            print(f"{count} source{'s are' if count != 1 else ' is'} gone: see above", file=sys.stderr)
            return EXIT_ERRORS
    return EXIT_OK


def _check_links(args: argparse.Namespace, site_dir: Path) -> tuple[Diagnostics, str]:
    """`check --links`: every source's address asked (the Wayback Machine's API may be set elsewhere
    with EXPLAINER_WAYBACK_API, as the tests do)."""
    import os

    from .sources.alive import WAYBACK_API, LinkCheck, check_source_links

    found = Diagnostics()
    settings = LinkCheck(timeout=args.link_timeout,
                         wayback_api=os.environ.get("EXPLAINER_WAYBACK_API", WAYBACK_API))
    return found, check_source_links(site_dir, found, settings)


def _warn_without_repo_url(site_dir: Path, diagnostics: Diagnostics) -> None:
    """`check` says once when readers have no way to report an error (no repo_url)."""
    from .config import CONFIG_NAME, load_config
    from .errors import Location

    config = load_config(site_dir, Diagnostics())  # its mistakes are told by the check itself
    if config is not None and not config.repo_url:
        diagnostics.warning("no 'repo_url' in site.yaml: pages have no 'report an error' link",
                            Location(CONFIG_NAME, 1, 1),
                            "add repo_url: https://github.com/USER/REPO (the Pages workflow fills it in "
                            "when it publishes, with --repo-url)")


NEW_ARTICLE = """---
title: {title}
date: {date}
summary: ""
tags: []
draft: true
---
Write the article here, in Markdown.
"""

NEW_PAGE = """---
title: {title}
summary: ""
draft: true
---
Write the page here, in Markdown.
"""


def _new(args: argparse.Namespace) -> int:
    import datetime as dt

    from .content.slugs import slug_problem, slugify

    site_dir = Path(args.site_dir)
    if not (site_dir / "site.yaml").is_file():
        print(f"site.yaml:1:1: error: no site.yaml in {site_dir}", file=sys.stderr)
        print("  hint: run the command from the site's folder, or give the folder", file=sys.stderr)
        return EXIT_ERRORS
    slug = slugify(args.title)
    problem = slug_problem(slug)
    if problem:
        print(f"error: cannot make a file name from this title: {problem}", file=sys.stderr)
        return EXIT_ERRORS
    folder = site_dir / "content" / ("articles" if args.kind == "article" else "pages")
    path = folder / f"{slug}.md"
    if path.exists():
        print(f"{path.relative_to(site_dir).as_posix()}:1:1: error: the file already exists", file=sys.stderr)
        print("  hint: choose another title, or edit that file", file=sys.stderr)
        return EXIT_ERRORS
    folder.mkdir(parents=True, exist_ok=True)
    title = _yaml_string(args.title)
    template = NEW_ARTICLE if args.kind == "article" else NEW_PAGE
    path.write_text(template.format(title=title, date=dt.date.today().isoformat()), encoding="utf-8")
    print(f"created {path.relative_to(site_dir).as_posix()} (a draft: build with --drafts to see it)")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from .newsite import init_site, installed_requirement, print_next_steps

    target = Path(args.dir)
    try:
        written = init_site(target, args.builder)
    except SiteError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"{target}:1:1: error: cannot write the site: {exc.strerror or exc}", file=sys.stderr)
        print("  hint: check that you may write in that folder", file=sys.stderr)
        return EXIT_ERRORS
    print_next_steps(target, written, args.builder or installed_requirement())
    return EXIT_OK


def _yaml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
