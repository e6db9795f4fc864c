"""The plain data passed between the build's stages: config, documents, the resolved site.

Every object is frozen and carries where it came from, so any later stage can report a
mistake at the right `path:line:col`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Mapping

from .errors import Location

if TYPE_CHECKING:  # the model imports no stage
    from markupsafe import Markup

    from .sources.views import PageNote
    from .timelines.background import Background


@dataclass(frozen=True, slots=True)
class NavItem:
    """One entry of the site's main navigation."""

    title: str
    """The link's text."""
    url: str
    """Site-relative path (`timeline/`) or an absolute http(s) URL."""
    location: Location | None = None
    """Where site.yaml gives the url, for the link check."""


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    """How Markdown is read: what site.yaml's `markdown:` says."""

    html: bool = False
    """Let raw HTML in Markdown through. Off by default: content is not trusted code."""
    typographer: bool = True
    """Curly quotes and dashes."""


@dataclass(frozen=True, slots=True)
class LanguageSettings:
    """What site.yaml says of one more language the site publishes in (`languages: {es: {...}}`):
    that edition's own name, description, summary and navigation ('' or () where the site's own hold)."""

    language: str
    """Its language tag (`es`)."""
    title: str = ""
    description: str = ""
    summary: str = ""
    """Markdown: what a reader should know first, on that edition's home page."""
    summary_location: Location | None = None
    nav: tuple[NavItem, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What site.yaml says, checked and with defaults filled in."""

    site_dir: str
    """The site folder, as given on the command line (absolute)."""
    title: str
    """The site's name, shown in every page's header and title."""
    description: str
    """One or two sentences for the home page, search engines and link previews."""
    base_url: str
    """Where the site is published, e.g. `https://user.github.io/repo/`; always ends in `/`."""
    base_path: str
    """The path part of base_url (`/repo/`): every internal link starts with it."""
    language: str
    """BCP 47 language tag of the site's own text (`en`, `es`)."""
    author: str
    """Default author of the site's own articles."""
    license: str
    """Licence line shown in the footer."""
    nav: tuple[NavItem, ...]
    """Main navigation; empty means the default (home, timeline, sources, pages)."""
    markdown: MarkdownOptions
    """Markdown options."""
    domain: str
    """Custom domain for GitHub Pages (written to CNAME); empty for none."""
    repo_url: str
    """The project's repository, for 'report an error' links; empty for none."""
    location: Location
    """Where site.yaml is."""
    summary: str = ""
    """Markdown: what a reader should know first (`summary:`), shown on the home page."""
    summary_location: Location | None = None
    """Where `summary:` starts, to place mistakes inside its Markdown."""
    domain_location: Location | None = None
    """Where `domain:`'s value is, to tell it when it disagrees with base_url."""
    languages: tuple[str, ...] = ()
    """Languages the site publishes in (`languages:`); pages in another than `language` go under /LANG/."""
    languages_location: Location | None = None
    """Where `languages:` is written (its key), to tell an edition with nothing in it."""
    language_settings: tuple[LanguageSettings, ...] = ()
    """Each other language's own title, description, summary and nav (`languages:` as a mapping)."""
    search: bool = True
    """A search page, a search box in the header, and the search index (search.py)."""
    per_page: int = 20
    """Articles on each page of a list; the home page shows the newest this many (lists.py)."""
    feed_limit: int = 20
    """Articles in the feed, newest first."""

    def absolute_url(self, path: str) -> str:
        """A full URL for feeds, sitemaps and canonical links."""
        root = self.base_url if "://" in self.base_url else self.base_path
        return root + path.lstrip("/")


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction published with an article, page or timeline: what was wrong, and when it was fixed."""

    date: dt.date
    """When the correction was made."""
    text: str
    """What was corrected, in plain words."""
    location: Location
    """Where it is written."""


def latest_change(updated: dt.date | None, corrections: tuple[Correction, ...]) -> dt.date | None:
    """The date a document last changed: its `updated:` or its latest correction, whichever is later."""
    dates = [day for day in (updated, *(c.date for c in corrections)) if day is not None]
    return max(dates) if dates else None


@dataclass(frozen=True, slots=True)
class Document:
    """An article or page as read from content/: front matter checked, Markdown not yet rendered."""

    kind: str
    """`article` (dated, listed, in the feed), `page` (about...), or `home`."""
    source: str
    """Site-relative path of the file it was read from."""
    location: Location
    """Where its metadata starts (front matter or sidecar)."""
    title: str
    """Headline."""
    slug: str
    """Last part of its URL; ASCII, lowercase, unique among its kind."""
    url: str
    """Site-relative URL path, e.g. `articles/maduro-defies-trump/` ('' for home)."""
    date: dt.date | None
    """Publication date, when known."""
    summary: str
    """Deck or summary: plain text shown under the title and in listings."""
    author: str
    """Byline, when known."""
    outlet: str
    """For articles from elsewhere: the publisher."""
    section: str
    """The outlet's section label (Analysis, World...)."""
    source_url: str
    """The original's address, for articles from elsewhere."""
    tags: tuple[str, ...]
    """Tags; also select timeline events for the Background section."""
    draft: bool
    """Drafts are built only with --drafts."""
    language: str
    """Language of the text, when it differs from the site's."""
    body: str
    """Markdown source of the body (empty for seed articles, which have `seed`)."""
    body_line: int
    """1-based line of the file where `body` starts, for error locations."""
    timeline: str = ""
    """Name of the timeline that gives its background."""
    events: tuple[str, ...] = ()
    """Explicit list of background event ids."""
    events_location: Location | None = None
    """Where `events:` was given, for errors about unknown ids."""
    timeline_location: Location | None = None
    """Where `timeline:` was given, for an error about an unknown timeline."""
    seed: Any = None
    """The parsed seed article (builder.seed.SeedArticle) for `.txt` articles."""
    notes: tuple[Any, ...] = ()
    """Notes anchored to phrases of a seed article (from its sidecar)."""
    original: bytes = b""
    """A seed article's file exactly as received, published beside its page."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Other checked metadata (description, image...)."""
    updated: dt.date | None = None
    """When it was last changed in substance (`updated:`), if it was."""
    corrections: tuple[Correction, ...] = ()
    """Corrections published with it, oldest first."""
    methods: str = ""
    """Markdown: how we reported this (`methods:`)."""
    methods_location: Location | None = None
    """Where `methods:` starts, to place mistakes inside its Markdown."""

    @property
    def last_modified(self) -> dt.date | None:
        """The latest of `updated:` and the corrections' dates (None when neither is given)."""
        return latest_change(self.updated, self.corrections)


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site."""

    path: PurePosixPath
    """Path inside the output folder."""
    data: bytes
    """Its bytes."""


VERDICTS = ("supported", "partly supported", "misleading", "unsupported", "wrong")
"""Where a note may say the claim it quotes stands on the record, from best to worst."""


@dataclass(frozen=True, slots=True)
class Note:
    """A note anchored to an exact phrase of a seed article (from its sidecar)."""

    quote: str
    """The phrase, exactly as in the article (runs of white space match any white space)."""
    note: str
    """Markdown text for the reader."""
    sources: tuple[str, ...]
    """Keys of content/sources.yaml."""
    event: str
    """Optional timeline event id it relates to ('' for none)."""
    occurrence: int | None
    """Which occurrence of the phrase, when it appears more than once (1-based)."""
    location: Location
    """Where the note is in the sidecar."""
    quote_location: Location
    """Where its `quote:` value is, for 'not found' errors."""
    sources_location: Location
    """Where its `sources:` value is."""
    event_location: Location
    """Where its `event:` value is."""
    verdict: str = ""
    """Where the quoted claim stands on the record (`supported`, `partly supported`,
    `misleading`, `unsupported`, `wrong`), or '' when the note gives context only."""


@dataclass(frozen=True, slots=True)
class Era:
    """A shaded span of a timeline, such as a presidential term."""

    id: str
    """Anchor-safe id."""
    title: str
    """Shown as the era's heading."""
    start: Any
    """PartialDate where it begins."""
    end: Any
    """PartialDate where it ends, or None while it goes on."""
    location: Location
    """Where it is defined."""


@dataclass(frozen=True, slots=True)
class Event:
    """One dated event of a timeline."""

    id: str
    """Permanent anchor: `#guaido-recognized`; unique across all timelines."""
    timeline: str
    """Name of its timeline (the file's stem)."""
    date: Any
    """PartialDate at its true precision."""
    end: Any
    """PartialDate for a span, or None."""
    circa: bool
    """The date is approximate."""
    title: str
    """One-line headline."""
    summary: str
    """Markdown source of a few sentences."""
    tags: tuple[str, ...]
    """Tags for filtering and for article backgrounds."""
    sources: tuple[str, ...]
    """Keys of content/sources.yaml."""
    importance: str
    """`major` or `minor`."""
    era: str
    """Id of its era ('' when it falls in none)."""
    unverified: bool
    """Not confirmed by the sources at hand: shown as such."""
    location: Location
    """Where it is defined."""
    sources_location: Location
    """Where its `sources:` list is."""
    summary_location: Location | None = None
    """Where its `summary:` value starts, to place mistakes inside the Markdown."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """A curated background timeline (content/timelines/NAME.yaml)."""

    name: str
    """The file's stem."""
    title: str
    """Heading of its page."""
    description: str
    """Markdown source."""
    eras: tuple[Era, ...]
    """Eras in date order."""
    events: tuple[Event, ...]
    """Events in date order (same date: file order; a year alone before that year's dated events)."""
    url: str
    """Site-relative URL of its page: `timeline/` or `timelines/NAME/`."""
    source: str
    """Site-relative path of its file."""
    description_location: Location | None = None
    """Where its `description:` value starts, to place mistakes inside the Markdown."""
    article: str = ""
    """Slug of the article it is the background of: events after that article's date are
    marked as such ('' for none)."""
    article_location: Location | None = None
    """Where its `article:` value is, for an error about an unknown article."""
    language: str = ""
    """Language of its text, when it differs from the site's (`language:`)."""
    translation_of: str = ""
    """The file of the timeline it translates, as under content/ (`timelines/venezuela.yaml`), or ''."""
    translation_at: Location | None = None
    """Where `translation_of:` is written."""
    updated: dt.date | None = None
    """When it was last changed in substance (`updated:`), if it was."""
    corrections: tuple[Correction, ...] = ()
    """Corrections published with it, oldest first."""

    @property
    def last_modified(self) -> dt.date | None:
        """The latest of `updated:` and the corrections' dates."""
        return latest_change(self.updated, self.corrections)


@dataclass(frozen=True, slots=True)
class Source:
    """A source of content/sources.yaml: who says so, where, when."""

    key: str
    """The key used to cite it: `[@key]`, `sources: [key]`."""
    title: str
    """Headline or title as published."""
    publisher: str
    """Outlet, agency or institution."""
    url: str
    """http(s) address, or '' when unknown."""
    date: Any
    """PartialDate of publication, or None."""
    accessed: Any
    """PartialDate when it was read, or None."""
    archive_url: str
    """An archived copy, or ''."""
    kind: str
    """news | analysis | opinion | primary | wire | reference."""
    language: str
    """Language tag of the source."""
    note: str
    """Markdown: what the reader should know about it."""
    location: Location
    """Where it is defined."""
    note_location: Location | None = None
    """Where its `note:` value starts, to place mistakes inside the Markdown."""
    affiliation: str = ""
    """Who stands behind the publisher: `state media`, `government`, `military`, `party`,
    `advocacy`, or '' for an independent outlet."""
    affiliated_with: str = ""
    """Whose it is (`Venezuela`, `US Southern Command`), shown with the affiliation."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture of the site (content/images/...), checked and measured, as a page shows it.

    Its published files are resized copies named after its bytes (pictures.py), so the
    page, the build's jobs and the cache all find them from this record alone.
    """

    source: str
    """Site-relative path of the file: `content/images/crowd.jpg`."""
    digest: str
    """Hash of its bytes (hex): part of every published copy's name."""
    format: str
    """`jpeg`, `png`, `webp` or `gif`."""
    width: int
    """Width in pixels, as shown (after the camera's rotation)."""
    height: int
    """Height in pixels, as shown."""
    alt: str
    """What it shows, for readers who cannot see it ('' only when decorative)."""
    caption: str = ""
    """Shown under it."""
    credit: str = ""
    """Who made it (photographer, agency)."""
    decorative: bool = False
    """Says nothing the text does not: screen readers skip it."""


@dataclass(frozen=True, slots=True)
class PageExtras:
    """What the stages after loading attach to a document for its template (`page.extras.NAME`)."""

    source_notes: tuple[PageNote, ...] = ()
    """Its numbered source notes, in order."""
    links: tuple[tuple, ...] = ()
    """Every link and image address its HTML holds, placed, for the link check."""
    ids: tuple[str, ...] = ()
    """The ids its HTML gives its elements, for links into it."""
    pictures: tuple[Picture, ...] = ()
    """The site's pictures its Markdown shows."""
    image: Picture | None = None
    """Its own picture (`image:`), checked and measured."""
    title_html: Markup | None = None
    """A seed article's headline with its noted phrases marked (None: the title as it is)."""
    deck_html: Markup | None = None
    """Its deck, marked likewise."""
    section_html: Markup | None = None
    """Its section label, marked likewise."""
    captions_html: tuple[Markup, ...] = ()
    """Its photo captions with credits, marked likewise."""
    methods_html: Markup | None = None
    """'How we reported this' (an explainer's `methods:`), as HTML."""
    background: Background | None = None
    """The timeline events shown beside it."""
    translations: tuple[dict[str, str], ...] | None = None
    """Its editions in every language (`translation_of:`); None when it has none."""

    def get(self, name: str, default: Any = None) -> Any:
        """`page.extras.get("image")`, as templates written for the first theme ask."""
        value = getattr(self, name, None)
        return default if value is None or value == () else value
