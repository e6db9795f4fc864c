"""Pictures: checked where they are named, published as resized copies, and a social card per page.

An editor puts pictures in content/images/ and names them in Markdown (`![alt](images/crowd.jpg)`)
or as a document's `image:` (front matter or a seed's sidecar). Every picture must say what it
shows (alt text) unless it is marked decorative; a missing file, or one that is no picture, is an
error at the place that names it.

Each picture is published as a few resized copies (for `srcset`), re-encoded (which also drops
the camera's metadata, GPS position included), named after the original's bytes and the width:
a new photo under the same file name gets new addresses, so no reader's browser keeps the old
one. Resizing is slow, so each copy is kept in SITE/.cache/images/ by that same name, sealed like
the other cache files (incremental/sealed.py): a build makes each copy once, and a cold build makes the
same bytes. Social cards (the image a link preview shows) are drawn from the page's title and the
site's name with the theme's font, and kept the same way.
"""

from __future__ import annotations

import functools
import io
import os
import posixpath
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from typing import Any, Mapping

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from .incremental.inputs import digest
from .incremental.sealed import SEAL_BYTES, seal, sealing_key, through_link
from .errors import Diagnostics, Location, SiteError
from .model import OutputFile, Picture
from .schema import Field, read_fields
from .yamlfile import YamlMap

IMAGES_FOLDER = "content/images"
"""Where a site's pictures live."""
FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp", ".gif": "gif"}
"""File endings of the pictures the builder publishes, and their format."""
WIDTHS = (480, 800, 1200, 1600)
"""Widths of the resized copies (never wider than the original)."""
SHOWN_WIDTH = 800
"""The copy named by `src` (browsers without srcset, feeds)."""
SIZES = "(min-width: 42.5rem) 40rem, calc(100vw - 2.5rem)"
"""How wide the text column shows a picture (style.css: --measure and .wrap's padding)."""
MAX_PICTURE_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 60_000_000
"""Larger pictures are refused: no page needs them, and decoding them takes the memory of the build."""
QUALITY = {"jpeg": 82, "webp": 80}
ENCODING = "1"
"""Changes when the way copies are made changes: part of their names."""
DECORATIVE = "decorative"
"""A Markdown picture's title that marks it decorative: `![](images/rule.png "decorative")`."""
CACHE_FOLDER = "images"
"""Inside SITE/.cache/: the resized copies and cards, by their published name."""

CARD_SIZE = (1200, 630)
"""Open Graph's recommended size for a link preview's image."""
CARD_FONT = Path(__file__).parent / "theme" / "fonts" / "DejaVuSans-Bold.ttf"
CARD_VERSION = "2"
"""Changes when the card's drawing changes: part of its name."""

IMAGE_FIELDS = (
    Field("file", "required_text", required=True, doc="the picture's file in content/images/"),
    Field("alt", "text", None, doc="what the picture shows, for readers who cannot see it"),
    Field("caption", "text", "", doc="shown under the picture"),
    Field("credit", "text", "", doc="who made it: photographer, agency"),
    Field("decorative", "bool", False, doc="true (with alt: \"\") for a picture that says nothing the text does not"),
)

ALT_HINT = ("describe what the picture shows, as you would to someone on the phone; "
            "for a purely decorative picture write alt: \"\" and decorative: true")
MARKDOWN_ALT_HINT = ("write what the picture shows between the brackets: ![Protesters outside the palace](...); "
                     "for a purely decorative picture write ![](FILE \"decorative\")")


# --- finding and measuring ---------------------------------------------------------------------


def picture_path(written: str) -> str | None:
    """The site-relative file an address names (`images/x.jpg`, `/images/x.jpg`, `x.jpg`), or None
    when it leads out of content/images/."""
    path = unquote(written.strip()).lstrip("/")  # Markdown writes a space in a file name as %20
    if path.startswith("images/"):
        path = path[len("images/"):]
    if not path or "\\" in path or "\0" in path:
        return None
    clean = posixpath.normpath(path)
    if clean.startswith("..") or clean.startswith("/") or clean == ".":
        return None
    return f"{IMAGES_FOLDER}/{clean}"


def is_local_picture(src: str) -> bool:
    """An address a picture plugin handles: not another host, not a `scheme:`, not the theme's /static/."""
    return bool(src) and ":" not in src.split("/")[0] and not src.startswith("//") \
        and not src.lstrip("/").startswith("static/") and not src.startswith("#")


def measure(site_dir: str, written: str, where: Location, diagnostics: Diagnostics, *, alt: str,
            caption: str = "", credit: str = "", decorative: bool = False) -> Picture | None:
    """The picture a page names, measured; None (and an error at `where`) when there is none."""
    rel = picture_path(written)
    if rel is None:
        diagnostics.error(f"the picture '{written}' is outside {IMAGES_FOLDER}/", where,
                          f"put the picture in {IMAGES_FOLDER}/ and write images/NAME.jpg")
        return None
    kind = FORMATS.get(posixpath.splitext(rel)[1].lower())
    if kind is None:
        diagnostics.error(f"'{written}' is not a picture the builder publishes", where,
                          "use a .jpg, .png, .webp or .gif file")
        return None
    path = os.path.join(site_dir, *rel.split("/"))
    root = os.path.realpath(os.path.join(site_dir, "content"))
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is None or not os.path.isfile(path):
        diagnostics.error(f"the picture '{written}' does not exist ({rel})", where, _closest_file(site_dir, rel))
        return None
    if not os.path.realpath(path).startswith(root + os.sep):
        diagnostics.error(f"the picture '{written}' is a link to a file outside the site", where,
                          "copy the picture itself into content/images/")
        return None
    try:
        found = _measured(path, st.st_size, st.st_mtime_ns, st.st_ino)
    except SiteError as exc:
        diagnostics.error(f"the picture '{written}' {exc.message}", where, exc.hint)
        return None
    hashed, width, height = found
    return Picture(rel, hashed, kind, width, height, alt, caption, credit, decorative)


@functools.lru_cache(maxsize=1024)
def _measured(path: str, size: int, mtime_ns: int, inode: int) -> tuple[str, int, int]:
    """(hash, width, height) of a picture file; cached per process by its stat."""
    from PIL import Image, UnidentifiedImageError

    if size > MAX_PICTURE_BYTES:
        raise SiteError(f"is {size / 1048576:.0f} MB, over the {MAX_PICTURE_BYTES // 1048576} MB limit",
                        hint="export it smaller (2000 pixels wide is plenty)")
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise SiteError(f"is {width}×{height} pixels, too large to publish",
                                hint="export it smaller (2000 pixels wide is plenty)")
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # the camera was turned: shown on its side
                width, height = height, width
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise SiteError("cannot be read as a picture (damaged, or not the format its name says)",
                        hint="open it in an image editor and export it again as .jpg or .png") from None
    return digest(data).hex(), width, height


def _closest_file(site_dir: str, rel: str) -> str:
    import difflib

    folder = os.path.join(site_dir, *IMAGES_FOLDER.split("/"))
    try:
        names = []
        for dirpath, _, files in os.walk(folder):
            prefix = os.path.relpath(dirpath, folder).replace(os.sep, "/")
            names += [name if prefix == "." else f"{prefix}/{name}" for name in files]
    except OSError:
        names = []
    wanted = rel[len(IMAGES_FOLDER) + 1:]
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.5)
    if close:
        return f"did you mean 'images/{close[0]}'?"
    return f"put the file in {IMAGES_FOLDER}/ and name it as images/NAME.jpg"


# --- a document's own picture (front matter, sidecar) ------------------------------------------


def read_image_field(raw: Any, where: Location, diagnostics: Diagnostics) -> dict[str, Any] | None:
    """A document's `image:` checked (file, alt...), with the places of its keys; None when wrong."""
    values = read_fields(raw, IMAGE_FIELDS, diagnostics, where, "the image")
    if values["file"] is None:
        return None

    def at(key: str) -> Location:
        return raw.value_location(key) if isinstance(raw, YamlMap) and key in raw else where

    alt = values["alt"]
    if alt is None:
        diagnostics.error("the image has no 'alt' (what the picture shows)", where, ALT_HINT)
        return None
    if not alt.strip() and not values["decorative"]:
        diagnostics.error("the image's 'alt' is empty", at("alt"), ALT_HINT)
        return None
    if alt.strip() and values["decorative"]:
        diagnostics.error("a decorative image has no alt text: screen readers skip it", at("decorative"),
                          "remove 'decorative: true', or write alt: \"\"")
        return None
    return {"file": values["file"], "alt": alt.strip(), "caption": values["caption"] or "",
            "credit": values["credit"] or "", "decorative": values["decorative"], "file_at": at("file")}


def document_picture(spec: Mapping[str, Any] | None, site_dir: str, diagnostics: Diagnostics) -> Picture | None:
    """The picture a document's `image:` names, measured (errors at its `file:` value)."""
    if not spec:
        return None
    return measure(site_dir, spec["file"], spec["file_at"], diagnostics, alt=spec["alt"],
                   caption=spec["caption"], credit=spec["credit"], decorative=spec["decorative"])


def with_pictures(entry: Any, config: Any, diagnostics: Diagnostics) -> Any:
    """The entry with its own picture (front matter or sidecar) measured, when it names one."""
    picture = document_picture(entry.doc.extra.get("image"), config.site_dir, diagnostics)
    if picture is None:
        return entry
    return replace(entry, extras=replace(entry.extras, image=picture))


# --- Markdown --------------------------------------------------------------------------------


def pictures_plugin(md: MarkdownIt) -> None:
    """Check and measure every local picture of an article's or page's Markdown, and give it its
    resized copies (runs before site_links, which records the address and adds the base path)."""
    md.core.ruler.push("pictures", _pictures)


def _pictures(state: StateCore) -> None:
    context: Any = state.env.get("site")  # a markdown.RenderContext (that module imports this one)
    site_dir = getattr(context, "site_dir", "") if context is not None else ""
    if not site_dir:  # timelines, notes: no pictures of their own
        return
    from .content.markdown import _parent_block

    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            src = str(token.attrGet("src") or "") if token.type == "image" else ""
            if not is_local_picture(src):
                continue
            parent = _parent_block(state, block)
            title = str(token.attrGet("title") or "")
            decorative = title.strip().lower() == DECORATIVE
            alt = token.content.strip()
            if not alt and not decorative:
                where = context.locate(parent, f"![{token.content}]")
                context.diagnostics.error("the picture has no alt text (what it shows)", where, MARKDOWN_ALT_HINT)
                continue
            where = context.locate_link(parent, src)
            picture = measure(site_dir, src, where, context.diagnostics, alt=alt, decorative=decorative)
            if picture is None:
                token.attrSet("src", "#")  # the error is told; the link check must not tell it again
                token.meta["picture"] = "failed"
                continue
            if decorative:
                token.children = []
                token.attrs.pop("title", None)
            context.state.setdefault("pictures", []).append(picture)
            attributes = img_attributes(picture, context.base_path)
            attributes["src"] = "/" + attributes["src"][len(context.base_path):]  # site_links adds the base
            for name, value in attributes.items():
                token.attrSet(name, value)


def img_attributes(picture: Picture, base_path: str) -> dict[str, str]:
    """An <img>'s src, srcset, sizes, width and height (the shown copy's), lazy loading."""
    copies = variants(picture)
    shown = next((c for c in reversed(copies) if c[0] <= SHOWN_WIDTH), copies[0])
    width, path = shown
    return {
        "src": base_path + path,
        "srcset": ", ".join(f"{base_path}{p} {w}w" for w, p in copies),
        "sizes": SIZES,
        "width": str(width),
        "height": str(scaled_height(picture, width)),
        "loading": "lazy",
        "decoding": "async",
    }


# --- the published copies -------------------------------------------------------------------


def variants(picture: Picture) -> list[tuple[int, str]]:
    """(width, output path) of each published copy, narrowest first."""
    if picture.format == "gif":  # an animation is published as it is
        widths = [picture.width]
    else:
        widths = sorted({w for w in WIDTHS if w < picture.width} | {min(picture.width, WIDTHS[-1])})
    stem = PurePosixPath(picture.source).stem
    from .content.slugs import slugify

    name = slugify(stem)[:40] or "picture"
    ext = "jpg" if picture.format == "jpeg" else picture.format
    return [(w, f"images/{name}.{digest(picture.digest, str(w), ENCODING).hex()[:10]}-{w}.{ext}")
            for w in widths]


def scaled_height(picture: Picture, width: int) -> int:
    return max(1, round(picture.height * width / picture.width))


def social_copy(picture: Picture) -> tuple[str, int, int]:
    """(path, width, height) of the copy a link preview shows: the widest up to 1200 pixels."""
    copies = variants(picture)
    width, path = next((c for c in reversed(copies) if c[0] <= CARD_SIZE[0]), copies[0])
    return path, width, scaled_height(picture, width)


def make_variant(site_dir: str, picture: Picture, width: int, path: str, _: Diagnostics) -> list[OutputFile]:
    """One published copy: from the cache, else resized now (and kept)."""
    cached = _cache_get(site_dir, path)
    if cached is not None:
        return [OutputFile(PurePosixPath(path), cached)]
    source = os.path.join(site_dir, *picture.source.split("/"))
    try:
        with open(source, "rb") as handle:
            data = handle.read()
    except OSError:
        data = b""
    if digest(data).hex() != picture.digest:
        raise SiteError("the picture changed while the site was being built",
                        location=Location(picture.source), hint="build again once the file is saved")
    made = data if picture.format == "gif" else _resized(data, picture, width)
    _cache_put(site_dir, path, made)
    return [OutputFile(PurePosixPath(path), made)]


def _resized(data: bytes, picture: Picture, width: int) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        size = (width, scaled_height(picture, width))
        if image.size != size:
            image = image.resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if picture.format == "jpeg":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(out, "JPEG", quality=QUALITY["jpeg"], progressive=True, optimize=True)
        elif picture.format == "webp":
            image.save(out, "WEBP", quality=QUALITY["webp"], method=4)
        else:
            image.save(out, "PNG", optimize=True)
        return out.getvalue()


# --- social cards ------------------------------------------------------------------------------


def card_path(title: str, site_name: str) -> str:
    """Where the card of a page titled `title` is published (named after what it shows)."""
    return f"cards/{digest(title, site_name, CARD_VERSION).hex()[:16]}.png"


def make_card(site_dir: str, title: str, site_name: str, path: str, _: Diagnostics) -> list[OutputFile]:
    """The card of one page: from the cache, else drawn now (and kept)."""
    cached = _cache_get(site_dir, path)
    if cached is None:
        cached = draw_card(title, site_name)
        _cache_put(site_dir, path, cached)
    return [OutputFile(PurePosixPath(path), cached)]


CARD_PAPER = (250, 248, 243)
CARD_INK = (20, 20, 20)


def draw_card(title: str, site_name: str) -> bytes:
    """A 1200×630 PNG: the title large, on as many lines as it needs (smaller when long), the site's
    name in grey below a rule. Dark text on a light ground, like the pages.

    It is drawn as an amount of ink per pixel (grayscale) and saved with a palette from paper to
    ink: the letters keep their smooth edges, and a card takes a few milliseconds, not a tenth of
    a second (a site has one per page).
    """
    from PIL import Image, ImageDraw, ImageFont

    width, height = CARD_SIZE
    margin = 80
    image = Image.new("L", CARD_SIZE, 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 14), fill=230)
    for size in (68, 58, 50, 42):
        font = ImageFont.truetype(str(CARD_FONT), size)
        lines = _wrap(title, font, width - 2 * margin)
        if len(lines) * size * 1.2 <= height - 2 * margin - 90:
            break
    most = int((height - 2 * margin - 90) // (size * 1.2))
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    y = margin
    for line in lines:
        draw.text((margin, y), line, font=font, fill=255)
        y += int(size * 1.2)
    small = ImageFont.truetype(str(CARD_FONT), 34)
    draw.rectangle((margin, height - margin - 70, margin + 120, height - margin - 64), fill=255)
    name = _wrap(site_name, small, width - 2 * margin) or [""]
    shown = name[0] if len(name) == 1 else name[0].rstrip(" .,;:") + "…"
    draw.text((margin, height - margin - 44), shown, font=small, fill=170)
    card = image.convert("P")  # the same numbers, read as the palette's entries
    card.putpalette([round(paper + (ink - paper) * level / 255)
                     for level in range(256) for paper, ink in zip(CARD_PAPER, CARD_INK)])
    out = io.BytesIO()
    card.save(out, "PNG")
    return out.getvalue()


def _wrap(text: str, font: Any, room: float) -> list[str]:
    """Words put on lines no wider than `room` (a word wider than a line is cut)."""
    lines: list[str] = []
    line = ""
    for word in " ".join(text.split()).split(" "):
        trial = f"{line} {word}".strip()
        if font.getlength(trial) <= room or not line:
            line = trial
        else:
            lines.append(line)
            line = word
        while font.getlength(line) > room and len(line) > 1:
            cut = len(line)
            while cut > 1 and font.getlength(line[:cut] + "…") > room:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines


# --- the cache of made copies ------------------------------------------------------------------


def _cache_file(site_dir: str, path: str) -> Path:
    return Path(site_dir) / ".cache" / CACHE_FOLDER / path.replace("/", "-")


def _cache_get(site_dir: str, path: str) -> bytes | None:
    """A copy made by an earlier build, when its seal proves it is one (else None: made again)."""
    key = sealing_key()
    file = _cache_file(site_dir, path)
    if key is None or through_link(file) or os.path.islink(file.parent.parent):
        return None
    try:
        data = file.read_bytes()
    except OSError:
        return None
    stored, payload = data[:SEAL_BYTES * 2], data[SEAL_BYTES * 2 + 1:]
    return payload if stored == seal(path.encode() + b"\n" + payload, key) else None


def _cache_put(site_dir: str, path: str, data: bytes) -> None:
    """Keep a copy (a cache that cannot be written only makes the next build slower)."""
    from .incremental.sealed import write_atomic

    key = sealing_key()
    file = _cache_file(site_dir, path)
    if key is None or os.path.islink(file.parent.parent):
        return
    try:
        file.parent.parent.mkdir(exist_ok=True)
        if not (file.parent.parent / ".gitignore").exists():
            (file.parent.parent / ".gitignore").write_text("# made by the explainer builder\n*\n", encoding="utf-8")
    except OSError:
        return
    if through_link(file):
        return
    write_atomic(file, seal(path.encode() + b"\n" + data, key) + b"\n" + data)


# --- what a site publishes -----------------------------------------------------------------------


def site_pictures(entries: Any) -> list[Picture]:
    """Every picture the pages show, each once (by the copies it makes)."""
    found: dict[str, Picture] = {}
    for entry in entries:
        own = entry.extras.image
        for picture in (*entry.extras.pictures, *([own] if own else [])):
            found.setdefault(variants(picture)[-1][1], picture)
    return list(found.values())


def picture_files(site: Any) -> list[tuple[str, Any]]:
    """(output path, maker) of every picture copy and social card the site publishes."""
    entries = (*site.articles, *site.pages, *([site.home] if site.home else []))
    site_dir = site.config.site_dir
    files: dict[str, Any] = {}
    for picture in site_pictures(entries):
        for width, path in variants(picture):
            files[path] = functools.partial(make_variant, site_dir, picture, width, path)
    if "://" in site.config.base_url:  # a link preview needs the image's full address
        fronts = [(None, explainer.url) for explainer in site.explainers] if site.hub else []
        for page, canonical in ((None, ""), *fronts, *((entry, entry.doc.url) for entry in entries)):
            card = page_card(site, page, canonical)
            if card is not None:
                path = card_path(*card)
                files.setdefault(path, functools.partial(make_card, site_dir, *card, path))
    return sorted(files.items())


def page_image(site: Any, page: Any, canonical: str | None) -> tuple[str, int, int, str] | None:
    """(output path, width, height, alt) of the image a page's link preview shows."""
    own = page.extras.image if page is not None and getattr(page, "kind", "") in ("article", "page") \
        else None
    if own is not None:
        path, width, height = social_copy(own)
        return path, width, height, own.alt or page.title
    card = page_card(site, page, canonical)
    if card is None:
        return None
    title, name = card
    return card_path(title, name), CARD_SIZE[0], CARD_SIZE[1], f"{title} · {name}" if name else title


def page_card(site: Any, page: Any, canonical: str | None) -> tuple[str, str] | None:
    """(title, site name) of the card a page's link preview shows; None when it shows its own picture."""
    config = site.config
    if page is not None and getattr(page, "kind", "") in ("article", "page"):
        if page.extras.image is not None:
            return None
        return page.title, config.title
    if getattr(site, "hub", False):  # an explainer's front page (NAME/) on a site of several: its own title
        front = next((explainer for explainer in site.explainers if explainer.url == canonical), None)
        if front is not None:
            return front.title, config.title
    return config.title, config.description or ""
