"""Load and check site.yaml: the first stage of every build."""

from __future__ import annotations

import os
import re
from typing import Any
from pathlib import Path
from urllib.parse import urlsplit

from .content.files import not_a_file, read_text
from .errors import Diagnostics, Location, SiteError
from .model import LanguageSettings, MarkdownOptions, NavItem, SiteConfig
from .schema import KINDS, Field, FieldError, read_fields, read_items
from .yamlfile import SPOILED, YamlList, YamlMap, load_yaml

CONFIG_NAME = "site.yaml"

SITE_FIELDS = (
    Field("title", "required_text", required=True, doc="the site's name"),
    Field("description", "text", "", doc="a sentence or two about the site"),
    Field("summary", "text", "", doc="Markdown: what a reader should know first, shown on the home page"),
    Field("base_url", "text", "/", doc="where it is published, e.g. https://user.github.io/repo/"),
    Field("language", "language", "en", doc="language tag such as en or es"),
    Field("languages", "any", None, doc="every language the site publishes in: [en, es], or each with its own "
          "title, description, summary and nav: {en: {}, es: {description: ...}}"),
    Field("author", "text", "", doc="default author"),
    Field("license", "text", "", doc="licence line for the footer"),
    Field("nav", "list", None, doc="main navigation: a list of {title, url}"),
    Field("markdown", "mapping", None, doc="Markdown options: html, typographer"),
    Field("domain", "text", "", doc="custom domain for GitHub Pages"),
    Field("repo_url", "url", "", doc="the project's repository"),
    Field("search", "bool", True, doc="a search page and box, indexed by Pagefind after each build"),
    Field("per_page", "count", 20, doc="articles on each page of a list (the home page shows the newest)"),
    Field("feed_limit", "count", 20, doc="articles in the feed, newest first"),
)

NAV_FIELDS = (
    Field("title", "required_text", required=True, doc="the link's text"),
    Field("url", "required_text", required=True, doc="a site path such as timeline/ or a full URL"),
)

MARKDOWN_FIELDS = (
    Field("html", "bool", False, doc="let raw HTML through (off: safer)"),
    Field("typographer", "bool", True, doc="curly quotes and dashes"),
)


def load_config(site_dir: Path, diagnostics: Diagnostics, base_url: str | None = None) -> SiteConfig | None:
    """Read site.yaml from `site_dir`; report every problem; None when there is none.

    A site.yaml with mistakes still gives a config (its defaults where a value is wrong),
    so that the build goes on to find the mistakes of the other files too.
    """
    path = site_dir / CONFIG_NAME
    where = Location(CONFIG_NAME)
    if not path.is_file():
        if not_a_file(path, site_dir, diagnostics):  # a folder of that name, a named pipe...
            return None
        diagnostics.error(
            f"no {CONFIG_NAME} in {site_dir}", where,
            "run the command from the site's folder, or give the folder: build SITE_DIR",
        )
        return None
    data = _read_site_yaml(path, site_dir, diagnostics)
    values = read_fields(data, SITE_FIELDS, diagnostics, where, CONFIG_NAME)
    nav = _read_nav(values["nav"], diagnostics, where)
    md = read_fields(values["markdown"] or {}, MARKDOWN_FIELDS, diagnostics,
                     _loc(data, "markdown", where), "markdown options")

    url = base_url if base_url is not None else values["base_url"]
    url_where = _loc(data, "base_url", where) if base_url is None else Location("--base-url", 1, 1)
    base_url_value, base_path = _split_base_url(url, diagnostics, url_where)

    domain = _host_name(values["domain"], diagnostics, _loc(data, "domain", where))
    languages, language_settings = _read_languages(values, data, diagnostics, where)
    return SiteConfig(
        site_dir=str(site_dir.resolve()),
        title=values["title"] or "",
        description=values["description"],
        summary=values["summary"],
        summary_location=_loc(data, "summary", where),
        domain_location=_loc(data, "domain", where),
        base_url=base_url_value,
        base_path=base_path,
        language=values["language"] or "en",
        author=values["author"],
        license=values["license"],
        nav=nav,
        markdown=MarkdownOptions(**md),
        domain=domain,
        repo_url=values["repo_url"] or _repo_url_from_environment(diagnostics),
        location=where,
        languages=languages,
        languages_location=data.key_location("languages") if isinstance(data, YamlMap) and languages else None,
        language_settings=language_settings,
        search=values["search"],
        per_page=values["per_page"],
        feed_limit=values["feed_limit"],
    )


LANGUAGE_FIELDS = (
    Field("title", "text", "", doc="the site's name in this language (else the site's title)"),
    Field("description", "text", "", doc="a sentence or two about the site, in this language"),
    Field("summary", "text", "", doc="Markdown: what a reader should know first, on this language's home page"),
    Field("nav", "list", None, doc="this language's navigation: a list of {title, url}"),
)
"""What one more language of `languages:` may say of its own edition (as Hugo's and Zola's `languages`)."""


def _read_languages(values: dict[str, Any], data: object, diagnostics: Diagnostics,
                    where: Location) -> tuple[tuple[str, ...], tuple[LanguageSettings, ...]]:
    """`languages:` checked as language tags, the site's own `language:` among them; and a warning
    for each language the theme has no words for (its pages fall back to English). Written as a
    mapping, each other language may give its edition's own title, description, summary and nav."""
    from .i18n import is_supported, unsupported_hint
    from .schema import KINDS, FieldError

    language = values["language"] or "en"
    if not is_supported(language):
        diagnostics.warning(f"the theme has no translation for '{language}'", _loc(data, "language", where),
                            unsupported_hint())
    raw = values["languages"]
    if not raw:
        return (), ()
    if not isinstance(raw, (list, dict)):
        diagnostics.error("'languages' must be a list such as [en, es], or a mapping of each language to its "
                          "settings", _loc(data, "languages", where), "write languages: [en, es]")
        return (), ()
    found: list[str] = []
    settings: list[LanguageSettings] = []
    for index, item in enumerate(raw):
        if isinstance(raw, YamlMap):
            at = raw.key_location(item)
        else:
            at = raw.item_location(index) if isinstance(raw, YamlList) else _loc(data, "languages", where)
        try:
            tag = KINDS["language"](item)
        except FieldError as exc:
            diagnostics.error(f"'languages' {exc}", at, exc.hint)
            continue
        if not is_supported(tag):
            diagnostics.warning(f"the theme has no translation for '{tag}'", at, unsupported_hint())
        found.append(tag)
        if isinstance(raw, dict) and raw[item] is not None:
            settings.extend(_language_settings(tag, raw[item], tag == language, diagnostics, at))
    if found and language not in found:
        diagnostics.error(f"'languages' does not list the site's own language '{language}'",
                          _loc(data, "languages", where), f"write languages: [{', '.join([language, *found])}]")
        found.insert(0, language)  # as meant: its pages are not told again
    return tuple(found), tuple(settings)


def _language_settings(tag: str, data: Any, own: bool, diagnostics: Diagnostics,
                       where: Location) -> list[LanguageSettings]:
    """One more language's settings, checked (none for the site's own language: the top of site.yaml
    says those)."""
    at = data.location if isinstance(data, YamlMap) else where
    if own:
        if data:
            diagnostics.error(f"the settings of '{tag}', the site's own language, are the top of site.yaml", at,
                              f"move them to the top of site.yaml and write just '{tag}: {{}}'")
        return []
    values = read_fields(data, LANGUAGE_FIELDS, diagnostics, at, f"the settings of '{tag}'")
    return [LanguageSettings(tag, values["title"], values["description"], values["summary"],
                             _loc(data, "summary", at) if values["summary"] else None,
                             _read_nav(values["nav"], diagnostics, _loc(data, "nav", at)))]


REPO_URL_ENV = "EXPLAINER_REPO_URL"
"""The repository the Pages workflow builds from (`explainer build --repo-url` sets it too): the
'report an error' links lead there when site.yaml has no repo_url."""


def _repo_url_from_environment(diagnostics: Diagnostics) -> str:
    value = os.environ.get(REPO_URL_ENV, "").strip()
    if not value:
        return ""
    try:
        return KINDS["url"](value)
    except FieldError as exc:
        diagnostics.error(f"'--repo-url' {exc}", Location("--repo-url", 1, 1),
                          "give the repository's address, such as https://github.com/user/repo")
        return ""


def _read_site_yaml(path: Path, site_dir: Path, diagnostics: Diagnostics) -> object:
    """site.yaml's mapping; SPOILED (its error told) when the file cannot be read as YAML.

    With SPOILED every field keeps its default quietly: a missing title would only follow
    from the error told, and the other files are still checked.
    """
    text = read_text(path, site_dir, diagnostics)  # size, binary, encoding: located errors
    if text is None:
        return SPOILED
    try:
        return load_yaml(text, CONFIG_NAME, diagnostics=diagnostics)
    except SiteError as exc:
        diagnostics.add(exc)
        return SPOILED


def _loc(data: object, key: str, default: Location) -> Location:
    return data.value_location(key) if isinstance(data, YamlMap) else default


def _read_nav(raw: list[Any] | None, diagnostics: Diagnostics, where: Location) -> tuple[NavItem, ...]:
    items = []
    for values, entry, entry_where in read_items(raw, NAV_FIELDS, diagnostics, where, "a nav entry"):
        url = values["url"]
        if url is None or values["title"] is None:
            continue
        scheme = urlsplit(url).scheme
        if scheme and scheme not in ("http", "https"):
            diagnostics.error(f"nav url '{url}' must be a site path or an http(s) address",
                              _loc(entry, "url", entry_where))
            continue
        items.append(NavItem(values["title"], url if scheme else url.lstrip("/"), _loc(entry, "url", entry_where)))
    return tuple(items)


HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
"""One dot-separated part of a host name (RFC 1123), after IDNA encoding."""


def _host_name(value: str, diagnostics: Diagnostics, where: Location) -> str:
    """The custom domain as GitHub Pages' CNAME file needs it (an IDN as punycode); '' if wrong."""
    domain = value.strip().rstrip(".").lower()
    if not domain:
        return ""
    try:
        ascii_name = domain.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_name = ""
    labels = ascii_name.split(".")
    if len(ascii_name) > 253 or len(labels) < 2 or not all(HOST_LABEL.match(label) for label in labels):
        shown = repr(value.strip())[1:-1]  # a newline or a tag shown as written, never as is
        diagnostics.error(f"'domain' must be a host name such as explainer.example.org, not '{shown}'", where,
                          "just the name: no https://, no path, no port, no spaces")
        return ""
    return ascii_name


UNSAFE_URL_CHARACTERS = frozenset('"<>\\^`{|}')
"""Characters a web address cannot hold as they are (RFC 3986); spaces and controls neither."""


def _split_base_url(url: str, diagnostics: Diagnostics, where: Location) -> tuple[str, str]:
    """('https://x.github.io/repo/', '/repo/') from base_url; '/' alone is a root site."""
    url = (url or "/").strip()
    unsafe = next((ch for ch in url if ch in UNSAFE_URL_CHARACTERS or not ch.isprintable() or ch.isspace()),
                  None)
    if unsafe is not None:
        shown = ("a space" if unsafe == " " else f"'{unsafe}'" if unsafe.isprintable()
                 else f"U+{ord(unsafe):04X}")
        diagnostics.error(f"'base_url' cannot hold {shown}: it goes into every link of the site", where,
                          "for example https://user.github.io/repo/ or /repo/")
        return "/", "/"
    parts = urlsplit(url)
    try:
        parts.port  # raises for a port that is no number or over 65535
    except ValueError:
        diagnostics.error(f"'base_url' has a port that cannot be: '{parts.netloc}'", where,
                          "a port is a number from 1 to 65535, or none: https://user.github.io/repo/")
        return "/", "/"
    if "@" in parts.netloc:
        diagnostics.error("'base_url' must not hold a user name or password", where,
                          "write the address without 'name@': it would be in every page")
        return "/", "/"
    if not parts.scheme and parts.netloc:
        diagnostics.error(f"'base_url' '{url}' has no http:// or https://", where,
                          f"write https:{url}, or just the path such as /repo/")
        return "/", "/"
    if parts.scheme:
        if parts.scheme not in ("http", "https") or not parts.netloc:
            diagnostics.error(f"'base_url' must be an http(s) address or a path, not '{url}'", where,
                              "for example https://user.github.io/repo/ or /repo/")
            return "/", "/"
        path = parts.path or "/"
    elif url.startswith("/"):
        path = parts.path
    else:
        diagnostics.error(f"'base_url' must be an http(s) address or start with '/', not '{url}'",
                          where, "for example https://user.github.io/repo/ or /repo/")
        return "/", "/"
    if ".." in path.split("/"):
        diagnostics.error("'base_url' must not contain '..'", where)
        return "/", "/"
    path = "/" + path.strip("/") + "/" if path.strip("/") else "/"
    full = f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme else path
    return full, path
