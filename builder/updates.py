"""Updates and corrections, site-wide: the corrections page's list and the 'report an error' link.

Each article, page and timeline carries its own `updated:` and `corrections:` (model.Correction);
here they are gathered for the page that lists every correction of the site, and each page
gets the address of a new-issue form, prefilled with the page's address, on the site's repository.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from .model import SiteConfig

CORRECTIONS_URL = "corrections/"
"""Where the site-wide corrections page is published."""


@dataclass(frozen=True, slots=True)
class ListedCorrection:
    """One correction as the corrections page lists it: with the title and address of its page."""

    date: dt.date
    text: str
    title: str
    """The title of the page it corrects."""
    url: str
    """The site-relative address of that page."""


def site_corrections(site: Any) -> tuple[ListedCorrection, ...]:
    """Every correction of the site's articles, pages and timelines, newest first."""
    found = [ListedCorrection(item.date, item.text, entry.title, entry.url)
             for entry in (*site.articles, *site.pages)
             for item in entry.doc.corrections]
    found += [ListedCorrection(item.date, item.text, timeline.title, timeline.url)
              for timeline in site.timelines for item in timeline.corrections]
    return tuple(sorted(found, key=lambda item: (-item.date.toordinal(), item.title, item.text)))


def report_error_url(config: SiteConfig, page_url: str, title: str) -> str:
    """A new-issue form on the site's repository, its title and body naming the page ('' without repo_url)."""
    if not config.repo_url:
        return ""
    subject = f"Error on “{title}”" if title else "Error on the site"
    body = (f"Page: {page_url}\n\n"
            "What is wrong (quote the words if you can):\n\n\n"
            "What it should say, and how you know (a link to a source helps):\n")
    query = urlencode({"title": subject, "body": body}, quote_via=quote)
    return f"{config.repo_url.rstrip('/')}/issues/new?{query}"
