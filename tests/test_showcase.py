"""The showcase: the site this repository builds from its own content, as a visitor meets it.

The repository root is built once, as GitHub Pages serves it under /repo/, and held to the
contract of issue 10: a clean build; the seed article published byte for byte, with an
honest sidecar and at least 12 notes that each mark their phrase and resolve to an entry in
the page's Source notes; a timeline of at least 20 events, each with a source and tags from
the agreed six; every source of an event or a note listed on /sources/; the outlet's piece
filed as analysis; a neutral voice in the site's own words; no sideways scrolling on a phone.

The Nu HTML Checker and axe-core (WCAG 2.2 AA, light and dark) already run over every page
of this very site in tests/test_site_checks.py (its "showcase" and "showcase-path" builds);
they are not run again here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from tests.conftest import ROOT, run_cli
from tests.support.fixtures import browser_session  # noqa: F401
from tests.support.static_server import serve_directory
from tests.test_timelines import Node, parse, squash

if TYPE_CHECKING:
    from playwright.sync_api import Browser

BASE = "/repo/"
EXPLAINER = ROOT / "content" / "explainers" / "maduro-trump"
"""The showcase is one explainer: its front page's text, articles, timeline and sources."""
ARTICLES = EXPLAINER / "articles"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
"""The seeds as handed over, beside the clone (CI keeps a copy there); absent elsewhere."""
SEED = next(iter(sorted(ARTICLES.glob("*.txt"))), ARTICLES / "missing.txt")
ARTICLE_PAGE = "articles/maduro-defies-trump/index.html"
ALLOWED_TAGS = {"diplomacy", "sanctions", "military", "legal", "elections", "migration"}
PHONE = {"width": 390, "height": 844}

LOADED = re.compile(r"\b(dictator\w*|narco-?terrorists?|regimes?)\b", re.IGNORECASE)
"""Words that take a side; the site may quote them, never use them."""
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
"""A quotation: curly double quotes (Markdown's typographer) or straight ones (plain titles)."""


def unquoted(text: str) -> str:
    """The text with every quotation removed: what the site says in its own voice."""
    return QUOTED.sub(" … ", squash(text))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("showcase") / "public"
    return run_cli("build", str(ROOT), "--out", str(out), "--base-url", BASE), out


@pytest.fixture(scope="module")
def out(built: tuple[subprocess.CompletedProcess, Path]) -> Path:
    proc, folder = built
    assert proc.returncode == 0, proc.stderr
    return folder


def page(out: Path, path: str) -> Node:
    return parse((out / path).read_text(encoding="utf-8"))


def main_of(node: Node) -> Node:
    return node.find("main")


@pytest.fixture(scope="module")
def sidecar() -> dict:
    return yaml.safe_load(SEED.with_suffix(".yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def source_entries(out: Path) -> dict[str, Node]:
    """The entries of /sources/, by key (their id)."""
    return {li.attrs["id"]: li for li in page(out, "sources/index.html").find_all("li", class_="source-entry")}


# --- the build and the seed -------------------------------------------------------------------


def test_the_showcase_builds_with_no_warning_at_all(built: tuple[subprocess.CompletedProcess, Path]) -> None:
    proc, _ = built
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "", f"the build said something on stderr:\n{proc.stderr}"


def test_the_seed_is_published_as_received(out: Path) -> None:
    received = SEED.read_bytes()
    assert (out / "originals" / "maduro-defies-trump.txt").read_bytes() == received
    assert SEED.with_suffix(".yaml").is_file()


def test_the_seed_is_the_one_handed_over_byte_for_byte() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"no {SHARED_SEEDS.name}/ folder beside the repository to compare with")
    handed_over = SHARED_SEEDS / SEED.name
    assert handed_over.is_file(), f"{SEED.name} is not among the seeds handed over"
    assert SEED.read_bytes() == handed_over.read_bytes()


def test_the_sidecar_names_outlet_and_section_and_invents_nothing(
        sidecar: dict, source_entries: dict[str, Node], out: Path) -> None:
    assert sidecar["outlet"] == "Voz.us"
    assert sidecar["section"] == "Analysis"
    byline = main_of(page(out, ARTICLE_PAGE)).find("p", class_="byline")
    assert "Voz.us" in byline.text() and "ANALYSIS" in byline.text()
    # An author or a date the received text does not carry must come from the cited original.
    received = SEED.read_text(encoding="utf-8")
    original = next(li for li in source_entries.values()
                    if any(a.attrs.get("href") == sidecar["source_url"] for a in li.find_all("a")))
    about = squash(original.text())
    if sidecar.get("author") and sidecar["author"] not in received:
        assert sidecar["author"] in about, "the author is not backed by the original's source entry"
    if sidecar.get("date"):
        assert original.find("time").attrs["datetime"] == sidecar["date"].isoformat()


# --- the notes ---------------------------------------------------------------------------------


def _plain(markdown: str) -> str:
    """A note's opening words as the page shows them (no emphasis marks, straight quotes)."""
    text = re.sub(r"[*_`]", "", squash(markdown))
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


def test_every_note_marks_its_phrase_and_resolves_in_the_source_notes(sidecar: dict, out: Path) -> None:
    notes = sidecar["notes"]
    assert len(notes) >= 12
    html = main_of(page(out, ARTICLE_PAGE))
    marks = {m.attrs["id"]: m for m in html.find_all("mark", class_="noted")}
    entries = {li.attrs["id"]: li for li in html.find_all("li", class_="source-note")}
    assert len(marks) == len(entries) == len(notes)
    problems = []
    for note in notes:
        mark = next((m for m in marks.values() if _mark_text(m) == squash(note["quote"])), None)
        if mark is None:
            problems.append(f"no marked phrase for {note['quote']!r}")
            continue
        number = mark.attrs["id"].removeprefix("note-ref-")
        refs = [a for a in html.find_all("a", class_="note-link") if a.attrs.get("href") == f"#note-{number}"]
        entry = entries.get(f"note-{number}")
        if not refs or entry is None:
            problems.append(f"note {number} ({note['quote']!r}) has no marker or no entry")
            continue
        shown = _plain(entry.find("div", class_="source-note-text").text())
        if not shown.startswith(" ".join(_plain(note["note"]).split()[:6])):
            problems.append(f"note {number}: the entry does not show the sidecar's note: {shown[:60]!r}")
        back = entry.find("a", class_="note-back").attrs["href"]
        if back != f"#note-ref-{number}":
            problems.append(f"note {number}: its way back is {back}")
    assert problems == [], "\n".join(problems)


def _mark_text(mark: Node) -> str:
    """The phrase a mark holds, without the markers and side notes of marks nested in it."""
    parts: list[str] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "mark" or not ({"note-ref", "sidenote", "note-toggle"} & set(child.classes())):
                walk(child)

    walk(mark)
    return squash("".join(parts))


def test_every_source_of_a_note_is_an_entry_on_the_sources_page(
        out: Path, source_entries: dict[str, Node]) -> None:
    timeline_ids = {li.attrs["id"] for li in page(out, "timeline/index.html").find_all("li", class_="tl-event")}
    checked = 0
    for path in ("index.html", ARTICLE_PAGE):
        html = main_of(page(out, path))
        listed = {li.attrs["id"]: li for li in html.find_all("li", class_="article-source")}
        for note in html.find_all("li", class_="source-note"):
            refs = [a.attrs["href"] for a in note.find_all("a", class_="source-ref")]
            assert refs, f"{path}: {note.attrs['id']} cites no source"
            for ref in refs:  # a short reference to the page's own source list ...
                entry = listed.get(ref.removeprefix("#"))
                assert entry is not None, f"{path}: {ref} is not in the page's source list"
                href = entry.find("a", class_="source-publisher").attrs["href"]  # ... and on to /sources/
                assert href.startswith(f"{BASE}sources/#"), href
                assert href.split("#", 1)[1] in source_entries, f"{path}: {href} is not on /sources/"
                checked += 1
            for a in note.find_all("a"):
                if a.attrs.get("href", "").startswith(f"{BASE}timeline/#"):
                    assert a.attrs["href"].split("#", 1)[1] in timeline_ids, a.attrs["href"]
    assert checked >= 12


def test_the_article_headings_hold_only_their_words(out: Path) -> None:
    """Reader mode and copy-paste get the heading, not a note's number or hidden text."""
    html = main_of(page(out, ARTICLE_PAGE))
    headings = html.find_all("h1") + html.find("div", class_="prose").find_all("h2")
    assert any(h.find("mark") for h in headings), "the showcase notes a heading"
    for heading in headings:
        assert not heading.find_all("sup"), squash(heading.text())
        assert not heading.find_all("span"), squash(heading.text())  # no hidden text either


def test_the_article_lists_each_source_once_and_each_description_once(out: Path) -> None:
    html = main_of(page(out, ARTICLE_PAGE))
    listed = [li.attrs["id"] for li in html.find_all("li", class_="article-source")]
    assert len(listed) >= 12 and len(listed) == len(set(listed))
    cited = {a.attrs["href"].removeprefix("#") for a in html.find_all("a", class_="source-ref")}
    assert cited == set(listed)
    for li in html.find_all("li", class_="article-source"):
        assert len(li.find_all("div", class_="source-about")) <= 1, li.attrs["id"]
    for note in html.find_all("li", class_="source-note"):
        assert not note.find_all("div", class_="source-about"), "the notes name sources; the list describes them"


def test_the_article_page_weighs_under_30_kb_gzipped_with_its_styles_and_scripts(out: Path) -> None:
    import gzip

    html = (out / ARTICLE_PAGE).read_bytes()
    assets = re.findall(rb'<(?:link rel="stylesheet"|script) (?:href|src)="' + BASE.encode() + rb'([^"]+)"', html)
    assert any(a.endswith(b".css") for a in assets) and any(a.endswith(b".js") for a in assets), assets
    total = len(gzip.compress(html)) + sum(len(gzip.compress((out / a.decode()).read_bytes())) for a in assets)
    assert total < 30 * 1024, f"{total} bytes gzipped"


def test_no_address_slug_is_shown_as_a_title(out: Path) -> None:
    slug = re.compile(r"^\S*-\S*-\S*$|\(slug\)")
    for path in (ARTICLE_PAGE, "sources/index.html", "timeline/index.html", "index.html"):
        html = page(out, path)
        titles = [squash(el.text()).strip("“”") for el in html.find_all(class_="source-title")]
        titles += [squash(el.text()) for el in html.find_all(class_="source-entry-title")]
        titles += [squash(el.text()).strip("“”") for el in html.find_all("a", class_="source-ref")]
        titles += [squash(a.text()) for el in html.find_all("span", class_="tl-source") for a in el.find_all("a")]
        assert titles or path == "index.html"
        shown = [t for t in titles if slug.search(t) and "." not in t.split("/")[0]]
        assert shown == [], (path, shown[:5])


# --- the timeline and the sources --------------------------------------------------------------


def test_every_event_has_tags_and_sources_listed_on_the_sources_page(
        out: Path, source_entries: dict[str, Node]) -> None:
    events = page(out, "timeline/index.html").find_all("li", class_="tl-event")
    assert len(events) >= 20
    cited_by: dict[str, list[Node]] = {}
    for entry in source_entries.values():
        for a in entry.find_all("a"):
            href = a.attrs.get("href", "")
            if href.startswith(f"{BASE}timeline/#"):
                cited_by.setdefault(href.split("#", 1)[1], []).append(entry)
    problems = []
    for event in events:
        name = event.attrs["id"]
        tags = set(event.attrs.get("data-tags", "").split())
        if not tags or not tags <= ALLOWED_TAGS:
            problems.append(f"{name}: tags {sorted(tags)}")
        shown = [_without_affiliation(s) for s in event.find_all("span", class_="tl-source")]
        if not any(a.attrs.get("href", "").startswith("http") for a in event.find("p", class_="tl-sources").find_all("a")):
            problems.append(f"{name}: no link to a source")
        publishers = [squash(e.find("span", class_="source-publisher").text()) for e in cited_by.get(name, [])]
        if len(publishers) != len(shown):
            problems.append(f"{name}: {len(shown)} sources shown, {len(publishers)} on /sources/")
        for text in shown:
            match = next((p for p in publishers if text.startswith(p + ",")), None)
            if match is None:
                problems.append(f"{name}: {text[:50]!r} is not an entry of /sources/ citing this event")
            else:
                publishers.remove(match)
    assert problems == [], "\n".join(problems)


def _without_affiliation(source: Node) -> str:
    """A timeline source's text without its affiliation label: `Publisher, Title`."""
    text = squash(source.text())
    for label in source.find_all("span", class_="source-affiliation"):
        text = text.replace(" " + squash(label.text()), "", 1)
    return text


def test_the_outlet_piece_is_filed_as_analysis(out: Path, sidecar: dict) -> None:
    sources = page(out, "sources/index.html")
    group = next(s for s in sources.find_all("section", class_="source-group")
                 if s.find("h2").attrs.get("id") == "kind-analysis")
    voz = [li for li in group.find_all("li", class_="source-entry")
           if any(a.attrs.get("href") == sidecar["source_url"] for a in li.find_all("a"))]
    assert voz, "the Voz.us piece is not under Analysis on /sources/"


# --- the site's own voice ----------------------------------------------------------------------


def voice(out: Path) -> dict[str, str]:
    """What the site says in its own words, by where it says it.

    That is: the home page's and the about page's text, every page's description, the
    timeline's heading, description, era headings and each event's title and summary, and
    the text of every note. Not included: the article itself, its headline and standfirst
    where the home page lists it, and the titles of sources, which are other people's words.
    """
    texts: dict[str, str] = {}
    for html_file in sorted(out.rglob("*.html")):
        rel = html_file.relative_to(out).as_posix()
        node = parse(html_file.read_text(encoding="utf-8"))
        for meta in node.find_all("meta", name="description"):
            texts[f"{rel} description"] = meta.attrs.get("content") or ""
        for note in node.find_all("div", class_="source-note-text"):
            texts[f"{rel} {note.parent.attrs.get('id')}"] = note.text()
    for rel in ("index.html", "about/index.html"):
        body = main_of(page(out, rel))
        texts[rel] = body.find("h1").text() + " " + body.find("div", class_="prose").text()
    timeline = main_of(page(out, "timeline/index.html"))
    texts["timeline header"] = timeline.find("header", class_="timeline-header").text()
    for heading in timeline.find_all("h2", class_="tl-era-heading"):
        texts[f"timeline era {heading.attrs['id']}"] = heading.text()
    for event in timeline.find_all("li", class_="tl-event"):
        summary = event.find_all("div", class_="tl-summary")
        texts[f"timeline {event.attrs['id']}"] = (event.find(class_="tl-title").text() + " "
                                                  + (summary[0].text() if summary else ""))
    return texts


def test_loaded_words_appear_only_inside_quotations_in_the_sites_own_voice(out: Path) -> None:
    """The words "dictator", "narco-terrorist" and "regime" belong to the article: the site
    may quote them (within “…” or "…", as the notes do when they point them out), never use them."""
    assert LOADED.search(unquoted("the regime said")) and not LOADED.search(unquoted("its “dictator” label"))
    texts = voice(out)
    assert len(texts) > 50
    found = [f"{where}: {m.group(0)!r} in {unquoted(text)[max(0, m.start() - 40):m.end() + 40]!r}"
             for where, text in texts.items() for m in LOADED.finditer(unquoted(text))]
    assert found == [], "\n".join(found)


# --- on a phone ---------------------------------------------------------------------------------


def test_no_page_scrolls_sideways_on_a_phone(out: Path, browser_session: Browser) -> None:  # noqa: F811
    paths = [p.relative_to(out).as_posix().removesuffix("index.html") for p in sorted(out.rglob("*.html"))]
    paths = [p for p in paths if p != "404.html"] + ["no/such/page/"]
    wide: list[str] = []
    with serve_directory(out, BASE) as local:
        for scheme in ("light", "dark"):
            context = browser_session.new_context(viewport=PHONE, color_scheme=scheme, reduced_motion="reduce")
            try:
                tab = context.new_page()
                for path in paths:
                    tab.goto(local + path, wait_until="load")
                    toggles = tab.locator(".note-toggle")
                    for index in range(toggles.count()):  # every side note open in the text at once
                        toggles.nth(index).click()
                    width = tab.evaluate("document.documentElement.scrollWidth")
                    if width > PHONE["width"]:
                        wide.append(f"/{path} ({scheme}, {toggles.count()} notes open): {width}px wide")
            finally:
                context.close()
    assert wide == [], "\n".join(wide)


# --- the fact-check of issue 19, as far as a test can hold it ---------------------------------


def _event(out: Path, event_id: str) -> Node:
    return page(out, "timeline/index.html").find("li", id=event_id)


def test_us_pressure_is_dated_from_2015_not_2017(out: Path) -> None:
    emergency, maduro = _event(out, "eo-13692"), _event(out, "maduro-sanctioned")
    assert emergency.find("time").attrs["datetime"] == "2015-03-08"
    assert "Executive Order 13692" in emergency.find(class_="tl-title").text()
    assert maduro.find("time").attrs["datetime"] == "2017-07-31"
    assert "Treasury sanctions Maduro" in maduro.find(class_="tl-title").text()
    home = squash(main_of(page(out, "index.html")).text())
    assert "since 2017" not in home and "March 2015" in home
    assert "since 2017" not in (EXPLAINER / "explainer.yaml").read_text(encoding="utf-8")


def test_the_minerven_licence_was_revoked_by_treasury_on_29_january(out: Path) -> None:
    revoked = _event(out, "minerven-licence-revoked")
    assert revoked.find("time").attrs["datetime"] == "2024-01-29"
    text = squash(revoked.text())
    assert "Treasury revokes the Minerven licence" in text and "43A" in text
    state = squash(_event(out, "relief-reversal-begins").text())
    assert "State Department" in state and "Minerven" not in state


def _note(out: Path, quote_start: str) -> Node:
    html = main_of(page(out, ARTICLE_PAGE))
    mark = next(m for m in html.find_all("mark", class_="noted") if _mark_text(m).startswith(quote_start))
    number = mark.attrs["id"].removeprefix("note-ref-")
    return html.find("li", id=f"note-{number}")


def test_the_note_on_maduro_behind_both_quotes_the_memo_exactly_and_gives_both_sides(out: Path) -> None:
    note = _note(out, "also assuring that Maduro is the main figure")
    text = squash(note.find("div", class_="source-note-text").text())
    assert ("“the Maduro regime probably does not have a policy of cooperating with TDA and is not directing TDA "
            "movement to and operations in the United States”") in text
    assert "“under the control of Nicolas Maduro”" in text  # the administration's own claim
    assert "FBI" in text and "deny the accusations" in text
    assert note.attrs["data-verdict"] == "partly supported"


def test_the_loaded_words_note_says_only_what_the_record_supports(out: Path) -> None:
    text = squash(_note(out, "Venezuelan dictator Nicolás Maduro").find("div", class_="source-note-text").text())
    assert "none is attributed to El País" not in text
    assert "none of these words appears in any words it quotes from El País" in text


def test_the_dismantled_claim_is_conceded_where_true_and_labelled_misleading(out: Path) -> None:
    note = _note(out, "were dismantled during the subsequent Democratic administration")
    text = squash(note.text())
    assert note.attrs["data-verdict"] == "misleading"
    assert "ended during Biden’s term" in text and "bonds" in text


def test_attributions_match_the_summaries(out: Path) -> None:
    decided = _note(out, "He has already decided")
    assert "plural" in squash(decided.text()) and "one unnamed source" not in squash(decided.text())
    familiar = squash(_note(out, "sources familiar with internal discussions").text())
    assert "Voz.us’s description" in familiar and "fuentes al tanto de la situación" in familiar
    spanish = _note(out, "Maduro has practically no other destiny")
    cited = [squash(a.text()) for a in spanish.find_all("a", class_="source-publisher")]
    assert "WJBC" not in cited, "an English page cannot bear Spanish wording"


def test_government_and_state_outlets_carry_their_affiliation(source_entries: dict[str, Node]) -> None:
    expected = {"telesur-2025-nyt-military-force": "State media (Venezuela)",
                "dialogo-2020-maduro-charged": "Military (US Southern Command)",
                "voa-2020-narco-terrorism-charges": "State media (United States)",
                "sputnik-brasil-2021-eu-guaido": "State media (Russia)",
                "trtworld-2022-interim-dissolved": "State media (Turkey)",
                "anadolu-2025-task-force": "State media (Turkey)",
                "anews-2025-reward-25m": "State media (Turkey)"}
    for key, label in expected.items():
        assert squash(source_entries[key].find("span", class_="source-affiliation").text()) == label, key


def test_syndicated_newspaper_copy_is_not_wire_and_weak_copies_are_gone() -> None:
    sources = yaml.safe_load((EXPLAINER / "sources.yaml").read_text(encoding="utf-8"))
    for key, entry in sources.items():
        if re.search(r"(Washington Post|New York Times|CNN) copy", entry.get("note", "")):
            assert entry["kind"] != "wire", key
    assert "lifelines-cabello-first-boat" not in sources and "wprost-2019-poland-recognizes-guaido" not in sources


def test_the_european_parliament_vote_is_called_non_binding(out: Path) -> None:
    vote = squash(_event(out, "european-parliament-guaido").text())
    assert "non-binding" in vote and "Reuters" in vote


def test_caracas_on_the_record(out: Path) -> None:
    assert "Cabello" in squash(_event(out, "cabello-first-boat").text())
    assert "demonize" in squash(_event(out, "maduro-maximum-preparedness").text())


def test_the_article_page_says_what_is_left_out_and_links_the_raw_text(out: Path) -> None:
    for path in ("index.html", "about/index.html"):
        assert "exactly as received" not in squash(main_of(page(out, path)).text()), path
    original = main_of(page(out, ARTICLE_PAGE)).find("p", class_="original")
    assert "page furniture" in original.text()
    assert any(a.attrs.get("href") == f"{BASE}originals/maduro-defies-trump.txt" for a in original.find_all("a"))


def test_events_after_the_article_are_marked_by_the_builder(out: Path, sidecar: dict) -> None:
    import datetime as dt
    import json

    published = sidecar["date"]
    timeline = page(out, "timeline/index.html")
    later, earlier = [], []
    for li in timeline.find_all("li", class_="tl-event"):
        stamp = li.find("time").attrs["datetime"]
        day = dt.date.fromisoformat(stamp) if len(stamp) == 10 else None  # no month or year alone is later
        marked = bool(li.find(class_="tl-title").find_all("span", class_="tl-flag-after"))
        (later if day and day > published else earlier).append((li.attrs["id"], marked))
    assert len(later) >= 5 and all(marked for _, marked in later), later
    assert not any(marked for _, marked in earlier), [e for e in earlier if e[1]]
    svg = timeline.find("svg", class_="tl-svg")
    drawn = {a.attrs["data-event"] for a in svg.find_all("a", class_="tl-mark-link")
             if "(after the article)" in a.attrs["aria-label"]}
    assert drawn == {event_id for event_id, _ in later}
    data = json.loads((out / "timeline" / "timeline.json").read_text(encoding="utf-8"))
    headlines = {e["unique_id"]: e["text"]["headline"] for e in data["events"]}
    assert {i for i, h in headlines.items() if h.endswith("(after the article)")} == drawn
    assert "Trump's second term" not in [era["text"]["headline"] for era in data.get("eras", [])]
    assert "After the article was published" not in (EXPLAINER / "timelines/venezuela.yaml").read_text(
        encoding="utf-8"), "the builder marks it: no event needs to say so by hand"
