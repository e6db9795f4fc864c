"""`explainer check --links`: does each source's address still answer, and where is an archived copy?

Wikipedia's citation discipline, for an explainer: every `url:` of content/sources.yaml is asked
(HEAD, then GET when a server refuses HEAD), a few at a time, each with a timeout and a user
agent that names the tool. A dead one (404 or 410, a host name that no longer resolves) is an
error at its `url:` line, one that did not answer a warning, and one that moved for good (301,
308) a warning with its new address; for each, the Wayback Machine's availability API is asked
for an archived copy to suggest as `archive_url:`. Answers are kept with their dates in the
site's .cache/links.json (plain JSON), so a second check within a day asks nobody again.

Every address this module contacts comes from the site or from `LinkCheck` (tests point it at a
server of their own), never from anywhere else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote, urlsplit

from .. import __version__
from ..errors import Diagnostics, Location
from ..yamlfile import YamlMap, load_yaml
from .load import SOURCES_FILE, load_sources

WAYBACK_API = "https://archive.org/wayback/available"
"""The Wayback Machine's availability API: ?url=ADDRESS gives the closest archived copy."""
CACHE_FILE = "links.json"
"""The answers of earlier checks, in the site's .cache/ folder."""
DEAD_CODES = frozenset({404, 410})
"""Answers that say the page is gone."""
MOVED_CODES = frozenset({301, 308})
"""Answers that say the page moved for good: the source's address should follow it."""


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """How the sources are asked: politely, a few at a time, never for long."""

    timeout: float = 10.0
    """Seconds to wait for an answer."""
    workers: int = 8
    """Addresses asked at once."""
    max_age: dt.timedelta = dt.timedelta(days=1)
    """An answer younger than this is taken from the cache."""
    wayback_api: str = WAYBACK_API
    """Where archived copies are looked up ('' to look up none)."""
    user_agent: str = (f"explainer-builder/{__version__} (checks that the sources an explainer cites "
                       "still answer; one request per address)")
    today: dt.date = field(default_factory=dt.date.today)
    """The date answers are kept under."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What one address answered, as kept in the cache."""

    state: str
    """`live`, `dead`, `moved` or `silent` (no answer: a timeout, a refused connection, a server error)."""
    detail: str
    """In words: 'HTTP 404', 'the host name does not resolve', 'no answer in 10 s'."""
    moved_to: str = ""
    """The new address, for `moved`."""
    archive: str = ""
    """The closest archived copy the Wayback Machine has ('' when none or not asked)."""
    checked: str = ""
    """The day it was asked (ISO date)."""


def check_source_links(site_dir: Path, diagnostics: Diagnostics, settings: LinkCheck | None = None) -> str:
    """Ask every source's address; report each dead or moved one at its `url:`; return a summary line."""
    settings = settings or LinkCheck()
    sources = load_sources(site_dir, Diagnostics())  # the check itself tells what is wrong with the file
    places = _url_places(site_dir)
    wanted = {source.url for source in sources.values() if source.url}
    cache = _read_cache(site_dir)
    fresh = {url: cache[url] for url in wanted if url in cache and _young(cache[url], settings)}
    todo = sorted(wanted - fresh.keys())
    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        asked = dict(zip(todo, pool.map(lambda url: ask(url, settings), todo)))
    answers = {**fresh, **asked}
    _write_cache(site_dir, {**cache, **asked})
    counts: dict[str, int] = {}
    for key, source in sources.items():
        if not source.url:
            continue
        answer = answers[source.url]
        counts[answer.state] = counts.get(answer.state, 0) + 1
        where = places.get(key, source.location)
        _report(key, source.url, source.archive_url, answer, where, diagnostics)
    told = ", ".join(f"{counts[state]} {word}" for state, word in
                     (("live", "live"), ("moved", "moved"), ("dead", "dead"), ("silent", "not answering"))
                     if counts.get(state))
    cached = f"; {len(fresh)} from the cache of earlier checks" if fresh else ""
    total = sum(counts.values())
    return f"checked {total} source address{'es' if total != 1 else ''}: {told or 'none'}{cached}"


def _report(key: str, url: str, archive_url: str, answer: Answer, where: Location,
            diagnostics: Diagnostics) -> None:
    suggest = (f"; an archived copy: archive_url: {answer.archive}" if answer.archive and not archive_url
               else "")
    if answer.state == "dead":
        if archive_url:  # readers still have the archived copy
            diagnostics.warning(f"the source '{key}' is gone ({answer.detail}): {url}", where,
                                "readers are shown its archive_url; keep it")
        else:
            diagnostics.error(f"the source '{key}' is gone ({answer.detail}): {url}", where,
                              "find where it moved, or add archive_url: with an archived copy" + suggest)
    elif answer.state == "moved":
        diagnostics.warning(f"the source '{key}' has moved for good ({answer.detail}): {url}", where,
                            f"write its new address: url: {answer.moved_to}" + suggest)
    elif answer.state == "silent":
        diagnostics.warning(f"the source '{key}' did not answer ({answer.detail}): {url}", where,
                            "it may be down for a while: check it in a browser" + suggest)


# --- asking ------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to look at (a move for good is reported), not to follow blindly."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def ask(url: str, settings: LinkCheck, hops: int = 5) -> Answer:
    """What `url` answers: HEAD first, GET when the server will not answer HEAD; a temporary
    redirect is followed (up to `hops`), a permanent one is the answer."""
    today = settings.today.isoformat()
    opener = urllib.request.build_opener(_NoRedirects())
    code, location, problem = 0, "", ""
    if (urlsplit(url).hostname or "").endswith(".invalid"):  # RFC 6761: such a name never resolves
        return Answer("dead", "the host name does not resolve", checked=today)
    for method in ("HEAD", "GET"):
        code, location, problem = _request(opener, url, method, settings)
        if problem or code not in (400, 403, 405, 429, 500, 501, 502, 503):
            break  # some servers refuse HEAD (405, 403...): GET is asked before a verdict
    if problem:
        state = "dead" if problem.startswith("the host name") else "silent"
        return Answer(state, problem, checked=today)
    if code in MOVED_CODES and location:
        return Answer("moved", f"HTTP {code}", moved_to=location, archive=_archive(url, settings), checked=today)
    if 300 <= code < 400 and location and hops > 0:
        followed = ask(location, settings, hops - 1)
        if followed.state == "live":
            return Answer("live", f"HTTP {code} to a live page", checked=today)
        if followed.state in ("dead", "moved"):  # the copy to suggest is the cited address's own
            return Answer(followed.state, followed.detail, followed.moved_to, _archive(url, settings), today)
        return followed
    if code in DEAD_CODES:
        return Answer("dead", f"HTTP {code}", archive=_archive(url, settings), checked=today)
    if code >= 400:
        return Answer("silent", f"HTTP {code}", checked=today)
    return Answer("live", f"HTTP {code}", checked=today)


def _request(opener: urllib.request.OpenerDirector, url: str, method: str,
             settings: LinkCheck) -> tuple[int, str, str]:
    """(status, Location header, problem in words or '')."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": settings.user_agent,
                                                                   "Accept": "*/*"})
    try:
        with opener.open(request, timeout=settings.timeout) as response:
            return response.status, response.headers.get("Location", ""), ""
    except urllib.error.HTTPError as exc:
        location = exc.headers.get("Location", "") if exc.headers else ""
        return exc.code, _absolute(url, location), ""
    except urllib.error.URLError as exc:
        return 0, "", _why(exc.reason, settings)
    except (OSError, ValueError) as exc:  # a timeout while reading, a reset, an address http.client refuses
        return 0, "", _why(exc, settings)


def _why(reason: Any, settings: LinkCheck) -> str:
    if isinstance(reason, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return f"no answer in {settings.timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    return f"cannot connect: {reason}"


def _absolute(base: str, location: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, location) if location else ""


def _archive(url: str, settings: LinkCheck) -> str:
    """The closest archived copy of `url` the Wayback Machine knows ('' when none, or it does not answer)."""
    if not settings.wayback_api:
        return ""
    request = urllib.request.Request(f"{settings.wayback_api}?url={quote(url, safe='')}",
                                     headers={"User-Agent": settings.user_agent, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            data = json.loads(response.read(1_000_000).decode("utf-8"))
        closest = data["archived_snapshots"]["closest"]
        found = closest["url"] if closest.get("available") else ""
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    if not isinstance(found, str) or urlsplit(found).scheme not in ("http", "https"):
        return ""
    return "https://" + found[len("http://"):] if found.startswith("http://web.archive.org/") else found


# --- where each url is written, and the cache ---------------------------------------------------


def _url_places(site_dir: Path) -> dict[str, Location]:
    """Source key -> where its `url:` value is written in sources.yaml."""
    try:
        data = load_yaml((site_dir / SOURCES_FILE).read_text(encoding="utf-8"), SOURCES_FILE)
    except Exception:  # (told by the check itself) the places are then the sources' own
        return {}
    places = {}
    if isinstance(data, YamlMap):
        for key, entry in data.items():
            if isinstance(entry, YamlMap) and "url" in entry:
                places[str(key)] = entry.value_location("url")
    return places


def _cache_path(site_dir: Path) -> Path:
    return site_dir / ".cache" / CACHE_FILE


def _read_cache(site_dir: Path) -> dict[str, Answer]:
    """Earlier answers (plain JSON: a damaged or foreign file is only a cache that is not used)."""
    try:
        data = json.loads(_cache_path(site_dir).read_text(encoding="utf-8"))
        return {url: Answer(**{name: str(value) for name, value in item.items() if name in Answer.__slots__})
                for url, item in data.items() if isinstance(url, str) and isinstance(item, dict)}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _young(answer: Answer, settings: LinkCheck) -> bool:
    try:
        return settings.today - dt.date.fromisoformat(answer.checked) < settings.max_age
    except ValueError:
        return False


def _write_cache(site_dir: Path, answers: Mapping[str, Answer]) -> None:
    """Keep the answers for the next check; a cache that cannot be written only makes it slower."""
    path = _cache_path(site_dir)
    try:
        path.parent.mkdir(exist_ok=True)
        if path.parent.is_symlink() or path.is_symlink():
            return
        temp = path.with_name(f".{CACHE_FILE}.{os.getpid()}")
        temp.write_text(json.dumps({url: asdict(answer) for url, answer in sorted(answers.items())},
                                   indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass
