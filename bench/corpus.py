"""One deterministic corpus of ~1 KB Markdown articles, written in the layout each tool expects.

Every tool gets the same titles, dates, tags and body text; only the front-matter syntax
and the folder layout differ. Page `i` is the same whatever the corpus size (each page has
its own seeded generator), so the 1,000-page corpus is the start of the 4,000-page one.
Peers get minimal templates (one page per article plus one listing), so what is timed is
reading, Markdown and templating, not a theme's extra pages.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SEED = 8
"""The corpus seed: change it and every page changes."""

WORDS = (
    "election government minister border talks sanctions oil port shipment vote council court "
    "ruling opposition protest capital region province mayor budget deficit inflation currency "
    "exports harbour coast navy patrol agreement treaty summit envoy embassy delegation ceasefire "
    "report witness archive document source statement interview record hearing committee senate "
    "press agency network reporter editor timeline background context history decade century "
    "river bridge road railway airport station market factory farm harvest drought flood storm "
    "school hospital clinic vaccine census survey poll campaign candidate party coalition leader"
).split()

TAGS = ("diplomacy", "economy", "energy", "elections", "courts", "security", "health",
        "climate", "migration", "media", "trade", "history")

FIRST_DATE = dt.date(2015, 1, 1)


@dataclass(frozen=True, slots=True)
class Page:
    """One article of the corpus, independent of any tool."""

    index: int
    """Position in the corpus, from 0."""
    name: str
    """File name without suffix, e.g. article-00042."""
    title: str
    """Headline, unique in the corpus."""
    date: dt.date
    """Publication date."""
    tags: tuple[str, ...]
    """One to three tag ids."""
    body: str
    """Markdown body of about 1 KB."""


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        at = rng.randrange(len(chosen))
        chosen[at] = f"*{chosen[at]}*"
    if rng.random() < 0.2:
        at = rng.randrange(len(chosen))
        chosen[at] = f"**{chosen[at]}**"
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 14)) for _ in range(sentences))


def make_page(index: int, seed: int = SEED) -> Page:
    """Page `index` of the corpus; the same for every corpus size."""
    rng = random.Random(f"{seed}:{index}")
    title = " ".join(rng.choice(WORDS) for _ in range(4)).capitalize() + f" {index + 1}"
    link = f"[the {rng.choice(WORDS)} {rng.choice(WORDS)}](https://example.org/{rng.choice(WORDS)}/{index})"
    items = "\n".join(f"- {_sentence(rng, rng.randint(4, 7))}" for _ in range(3))
    body = (
        f"{_paragraph(rng, 4)}\n\n"
        f"## {' '.join(rng.choice(WORDS) for _ in range(3)).capitalize()}\n\n"
        f"{_paragraph(rng, 2)} See {link}.\n\n"
        f"{items}\n\n"
        f"{_paragraph(rng, 2)}\n"
    )
    tags = tuple(sorted(rng.sample(TAGS, rng.randint(1, 3))))
    date = FIRST_DATE + dt.timedelta(days=index % 3650)
    return Page(index, f"article-{index:05d}", title, date, tags, body)


def make_pages(count: int, seed: int = SEED) -> list[Page]:
    """The first `count` pages of the corpus."""
    return [make_page(i, seed) for i in range(count)]


def _yaml_front(page: Page) -> str:
    tags = ", ".join(page.tags)
    return f"---\ntitle: {json.dumps(page.title)}\ndate: {page.date.isoformat()}\ntags: [{tags}]\n---\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_pages(folder: Path, pages: list[Page], render: Callable[[Page], str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / f"{page.name}.md").write_text(render(page), encoding="utf-8")


# --- our builder ---------------------------------------------------------------------------

def write_ours(site: Path, pages: list[Page]) -> None:
    # no search index: none of the peers' sites here makes one (Pagefind would cost them the same)
    _write(site / "site.yaml", "title: Benchmark newsroom\ndescription: A generated corpus.\nbase_url: /\n"
           "search: false\n")
    _write_pages(site / "content" / "articles", pages, lambda p: _yaml_front(p) + p.body)


# --- Hugo ----------------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark newsroom"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
"""

HUGO_BASEOF = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
"""

HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>
{{ .Content }}</article>{{ end }}
"""

HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def write_hugo(site: Path, pages: list[Page]) -> None:
    _write(site / "hugo.toml", HUGO_CONFIG)
    _write(site / "layouts" / "_default" / "baseof.html", HUGO_BASEOF)
    _write(site / "layouts" / "_default" / "single.html", HUGO_SINGLE)
    _write(site / "layouts" / "_default" / "list.html", HUGO_LIST)
    _write_pages(site / "content" / "posts", pages, lambda p: _yaml_front(p) + p.body)


# --- Hugo, like for like -------------------------------------------------------------------
# A Hugo site whose pages carry what ours carry: the same head (description, canonical link,
# feed link, Open Graph, Twitter card, JSON-LD), skip link, header with nav, footer, and a
# full feed of every article. Ours against it is the like-for-like ratio.

HUGO_LIKE_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark newsroom"
languageCode = "en"
disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT"]
[params]
description = "A generated corpus."
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
[services.rss]
limit = -1
"""

HUGO_LIKE_BASEOF = """<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .RelPermalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/atom+xml" title="{{ site.Title }}: articles" href="{{ .RelPermalink }}">{{ end }}
{{ template "_internal/opengraph.html" . }}
{{ template "_internal/twitter_cards.html" . }}
{{ template "_internal/schema.html" . }}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Article" "headline" .Title "datePublished" (.Date.Format "2006-01-02") "keywords" (delimit (.Params.tags | default slice) ", ") | jsonify | safeJS }}</script>
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><div class="wrap"><a class="site-title" href="/">{{ site.Title }}</a>
<nav aria-label="Main"><ul><li><a href="/">Home</a></li></ul></nav></div></header>
<main id="main" tabindex="-1">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><div class="wrap"><p>{{ site.Title }}</p></div></footer>
</body>
</html>
"""

HUGO_LIKE_SINGLE = """{{ define "main" }}<article class="wrap article">
  <header class="article-header">
    <h1>{{ .Title }}</h1>
<p class="byline">
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
  </header>
  <div class="prose">{{ .Content }}</div>
</article>{{ end }}
"""

HUGO_LIKE_LIST = """{{ define "main" }}<div class="wrap"><h1>{{ .Title }}</h1>
<ul class="article-list">{{ range site.RegularPages }}<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="byline"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p></li>{{ end }}</ul></div>{{ end }}
"""


def write_hugo_like(site: Path, pages: list[Page]) -> None:
    _write(site / "hugo.toml", HUGO_LIKE_CONFIG)
    _write(site / "layouts" / "_default" / "baseof.html", HUGO_LIKE_BASEOF)
    _write(site / "layouts" / "_default" / "single.html", HUGO_LIKE_SINGLE)
    _write(site / "layouts" / "_default" / "list.html", HUGO_LIKE_LIST)
    _write_pages(site / "content" / "posts", pages, lambda p: _yaml_front(p) + p.body)



# --- Hugo, like for like, with our lists -----------------------------------------------------
# The like-for-like site again, making the lists our default site makes since the newsroom issue:
# a home page of the newest 20, every article in numbered pages of 20 (/posts/page/N/), a page of
# every tag, each tag's articles in numbered pages of 20, and a feed of the newest 20.

HUGO_LISTS_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark newsroom"
languageCode = "en"
disableKinds = ["sitemap", "robotsTXT"]
[params]
description = "A generated corpus."
[pagination]
pagerSize = 20
[taxonomies]
tag = "tags"
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
[services.rss]
limit = 20
"""

HUGO_LISTS_ITEMS = """<ul class="article-list">{{ range . }}<li><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="byline"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p></li>{{ end }}</ul>"""

HUGO_LISTS_HOME = """{{ define "main" }}<div class="wrap"><h1>{{ site.Title }}</h1>
{{ partial "items.html" (first 20 site.RegularPages.ByDate.Reverse) }}
<p><a href="/posts/">Every article</a></p></div>{{ end }}
"""

HUGO_LISTS_LIST = """{{ define "main" }}<div class="wrap"><h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}{{ partial "items.html" $pager.Pages }}
<nav aria-label="Pages"><ul>{{ range $pager.Pagers }}<li><a href="{{ .URL }}">{{ .PageNumber }}</a></li>{{ end }}</ul></nav>
</div>{{ end }}
"""

HUGO_LISTS_TAXONOMY = """{{ define "main" }}<div class="wrap"><h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
</div>{{ end }}
"""


def write_hugo_lists(site: Path, pages: list[Page]) -> None:
    _write(site / "hugo.toml", HUGO_LISTS_CONFIG)
    layouts = site / "layouts"  # Hugo's template names since 0.146: one per kind of page
    _write(layouts / "baseof.html", HUGO_LIKE_BASEOF)
    _write(layouts / "single.html", HUGO_LIKE_SINGLE)
    _write(layouts / "home.html", HUGO_LISTS_HOME)
    _write(layouts / "section.html", HUGO_LISTS_LIST)
    _write(layouts / "term.html", HUGO_LISTS_LIST)
    _write(layouts / "taxonomy.html", HUGO_LISTS_TAXONOMY)
    _write(layouts / "_partials" / "items.html", HUGO_LISTS_ITEMS)
    _write_pages(site / "content" / "posts", pages, lambda p: _yaml_front(p) + p.body)

# --- Eleventy ------------------------------------------------------------------------------

ELEVENTY_POST = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><article><h1>{{ title }}</h1>
<p><time datetime="{{ page.date.toISOString() }}">{{ page.date.toDateString() }}</time></p>
<ul>{% for tag in tags %}{% if tag != "post" %}<li>{{ tag }}</li>{% endif %}{% endfor %}</ul>
{{ content | safe }}</article></main></body>
</html>
"""

ELEVENTY_INDEX = """---
title: Benchmark newsroom
---
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<ul>{% for post in collections.post %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul>
</main></body>
</html>
"""


def write_eleventy(site: Path, pages: list[Page]) -> None:
    src = site / "src"
    _write(src / "_includes" / "post.njk", ELEVENTY_POST)
    _write(src / "index.njk", ELEVENTY_INDEX)
    _write(src / "posts" / "posts.json", json.dumps({"layout": "post.njk"}) + "\n")
    _write_pages(src / "posts", pages,
                 lambda p: _yaml_front(p).replace("tags: [", "tags: [post, ", 1) + p.body)


# --- MkDocs --------------------------------------------------------------------------------

MKDOCS_CONFIG = """site_name: Benchmark newsroom
docs_dir: docs
site_dir: site
theme:
  name: null
  custom_dir: theme
plugins: []
"""

MKDOCS_MAIN = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }} | {{ config.site_name }}</title></head>
<body><main><article>
<ul>{% for tag in page.meta.tags or [] %}<li>{{ tag }}</li>{% endfor %}</ul>
{{ page.content }}</article></main></body>
</html>
"""


def write_mkdocs(site: Path, pages: list[Page]) -> None:
    _write(site / "mkdocs.yml", MKDOCS_CONFIG)
    _write(site / "theme" / "main.html", MKDOCS_MAIN)
    _write(site / "docs" / "index.md", "# Benchmark newsroom\n\nA generated corpus.\n")
    _write_pages(site / "docs", pages, lambda p: _yaml_front(p) + f"# {p.title}\n\n" + p.body)


# --- Pelican -------------------------------------------------------------------------------

PELICAN_CONFIG = """AUTHOR = "Newsroom"
SITENAME = "Benchmark newsroom"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = "simple"
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
TAG_SAVE_AS = TAGS_SAVE_AS = CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
CACHE_PATH = "cache"
"""


def _pelican_page(page: Page) -> str:
    return f"Title: {page.title}\nDate: {page.date.isoformat()}\nTags: {', '.join(page.tags)}\n\n{page.body}"


def write_pelican(site: Path, pages: list[Page]) -> None:
    _write(site / "pelicanconf.py", PELICAN_CONFIG)
    _write_pages(site / "content", pages, _pelican_page)


WRITERS: dict[str, Callable[[Path, list[Page]], None]] = {
    "ours": write_ours,
    "hugo": write_hugo,
    "hugo-like": write_hugo_like,
    "hugo-lists": write_hugo_lists,
    "eleventy": write_eleventy,
    "mkdocs": write_mkdocs,
    "pelican": write_pelican,
}
"""Tool key -> the function that lays the corpus out for it."""

PAGE_FOLDERS = {
    "ours": "content/articles",
    "hugo": "content/posts",
    "hugo-like": "content/posts",
    "hugo-lists": "content/posts",
    "eleventy": "src/posts",
    "mkdocs": "docs",
    "pelican": "content",
}
"""Tool key -> the site-relative folder of the article files."""


def write_corpus(tool: str, site: Path, pages: list[Page]) -> None:
    """Lay `pages` out for `tool` in a fresh `site` folder (anything there before is removed)."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    WRITERS[tool](site, pages)


def page_file(tool: str, site: Path, page: Page) -> Path:
    """The file holding `page` in `tool`'s layout."""
    return site / PAGE_FOLDERS[tool] / f"{page.name}.md"


def append_sentence(path: Path, edit: int) -> None:
    """Change one article as an editor would: add a sentence at its end."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nAn editor added this sentence in edit number {edit}.\n")
