"""Lists of articles that stay small at newsroom scale: the list of every article and one
list per tag, each cut into numbered pages of `per_page` articles.

The home page shows only the newest `per_page` articles and links to the full list, so no
page grows with the archive: at 4,000 articles, every list page holds 20 of them.
Addresses are stable and plain: `articles/`, `articles/page/2/`, `tags/`, `tags/SLUG/`,
`tags/SLUG/page/2/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # the lists are made of resolved entries; resolve never needs the lists
    from .resolve import Entry

ARTICLES_URL = "articles/"
"""The list of every article, newest first."""
ARTICLES_TITLE = "Articles"
"""Its title (translated on the page, like every word of the theme)."""
TAGS_URL = "tags/"
"""Every tag, with how many articles carry it."""


@dataclass(frozen=True, slots=True)
class ListPage:
    """One numbered page of a list of articles."""

    title: str
    """What the list is: `Articles`, or the tag as written."""
    base_url: str
    """The list's first page (`articles/`, `tags/floods/`); page n is at BASE/page/n/."""
    number: int
    """This page's number, from 1."""
    count: int
    """How many pages the list has."""
    total: int
    """How many articles the whole list holds."""
    articles: tuple[Entry, ...]
    """This page's articles, newest first."""
    tag: str = ""
    """The tag, for a tag's list; '' for the list of every article."""

    @property
    def url(self) -> str:
        return page_url(self.base_url, self.number)

    @property
    def previous_url(self) -> str | None:
        return page_url(self.base_url, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return page_url(self.base_url, self.number + 1) if self.number < self.count else None

    @property
    def numbers(self) -> tuple[tuple[int, str], ...]:
        """(number, url) of every page of the list, for the page links."""
        return tuple((n, page_url(self.base_url, n)) for n in range(1, self.count + 1))

    @property
    def nearby(self) -> tuple[tuple[int, str], ...]:
        """(number, url) of the pages the page links show: the first, the last, and those within three
        of this one (of a list of 200 pages, not all 200 on each of them)."""
        near = range(max(1, self.number - 3), min(self.count, self.number + 3) + 1)
        shown = sorted({1, self.count, *near})
        return tuple((n, page_url(self.base_url, n)) for n in shown)


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag and the articles that carry it."""

    id: str
    """As articles write it (`economic-crisis`): also its address part, `tags/ID/`."""
    articles: tuple[Entry, ...]
    """Newest first."""
    prefix: str = ""
    """The folder of its edition, for a site in several languages (`es/`: `es/tags/ID/`)."""

    @property
    def name(self) -> str:
        """As readers read it: `economic crisis`."""
        return tag_name(self.id)

    @property
    def url(self) -> str:
        return f"{self.prefix}{TAGS_URL}{self.id}/"


def tag_name(tag: str) -> str:
    """A tag id as words, the way timelines show their tags."""
    return tag.replace("-", " ")


def page_url(base_url: str, number: int) -> str:
    """`articles/` for page 1, `articles/page/3/` for page 3."""
    return base_url if number <= 1 else f"{base_url}page/{number}/"


def paginate(title: str, base_url: str, articles: Sequence[Entry], per_page: int, tag: str = "") -> list[ListPage]:
    """The list cut into pages; one (empty) page when there are no articles."""
    count = max(1, -(-len(articles) // per_page))
    return [ListPage(title, base_url, n + 1, count, len(articles),
                     tuple(articles[n * per_page:(n + 1) * per_page]), tag) for n in range(count)]


def site_tags(articles: Sequence[Entry], prefix: str = "") -> list[Tag]:
    """Every tag of the articles (tags are ids: lowercase words and hyphens), alphabetical; their
    pages under `prefix` (an edition's folder)."""
    members: dict[str, list[Entry]] = {}
    for entry in articles:
        for tag in dict.fromkeys(entry.doc.tags):
            members.setdefault(tag, []).append(entry)
    return [Tag(tag, tuple(members[tag]), prefix) for tag in sorted(members)]
