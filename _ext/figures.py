"""Figures on every screen: the book's images as a reader on a phone or a slow line needs them.

Every image of a page's body (the figures the chapters' code draws) gets

- ``width`` and ``height`` attributes from the image file, so the page does not jump as images
  arrive and the browser knows where each one is before loading it;
- ``loading="lazy"`` and ``decoding="async"``: an image is fetched when the reader scrolls near
  it, not with the page (a chapter's first visit would otherwise load a dozen figures);
- a link to the image file itself (``a.figure-zoom``): on a phone a two-panel figure fits the
  screen at a third of its size, and a tap opens it at full size, where its text is as large as
  on a desktop (the styles are in static/reader.css). The image's alt text names the link.

The static image of an interactive figure (``actlib.book_figures``, shown in print and without
JavaScript) gets its size and lazy loading, but no link: its stylesheet places it.

After the build, the PNG files in ``_images/`` are stored with a palette of 256 colours
(``shrink_images``): matplotlib's line plots look the same and weigh about a quarter (a chapter's
figures went from 476 kB to 130 kB).
"""

import io
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

ZOOM_HINT = "Tap the figure to open it at full size."
FALLBACK_CLASS = "actlib-explorer-fallback"  # actlib.book_figures: left as it is


def image_sources(app):
    """The build's images as {file name under ``_images/``: the source file}."""
    return {name: Path(app.srcdir) / source for source, name in app.builder.images.items()}


def image_size(path):
    """(width, height) in pixels of the image file ``path``, or None when it cannot be read."""
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError):
        return None


def improve_images(app, pagename, templatename, context, doctree):
    """Give each image of the page's body its size, lazy loading and a link to its full size."""
    body = context.get("body", "")
    if doctree is None or "<img" not in body:
        return
    sources = image_sources(app)
    soup = BeautifulSoup(body, "html.parser")
    for image in soup.find_all("img"):
        src = image.get("src", "")
        source = sources.get(Path(src).name)
        size = image_size(source) if source is not None else None
        if size is not None and not image.get("width"):
            image["width"], image["height"] = str(size[0]), str(size[1])
        image["loading"] = "lazy"
        image["decoding"] = "async"
        stands_in = FALLBACK_CLASS in image.get("class", [])  # placed by the figures' own stylesheet
        if source is not None and image.find_parent("a") is None and not stands_in:
            link = soup.new_tag("a", attrs={"class": "figure-zoom", "href": src})
            image.wrap(link)
            hint = soup.new_tag("span", attrs={"class": "figure-zoom-hint"})
            hint.string = ZOOM_HINT
            link.insert_after(hint)
    context["body"] = str(soup)


def palette_png(path, colours=256):
    """The PNG file ``path`` stored with a palette of ``colours`` colours (no dithering), as bytes."""
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=colours, method=Image.Quantize.FASTOCTREE,
                                                dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def shrink_images(app, exception):
    """Store each PNG of ``_images/`` with a palette when that makes it at least 10 % smaller."""
    if exception is not None or app.builder.format != "html":
        return
    for path in sorted((Path(app.outdir) / "_images").glob("*.png")):
        smaller = palette_png(path)
        if len(smaller) < 0.9 * path.stat().st_size:
            path.write_bytes(smaller)


def setup(app):
    app.connect("html-page-context", improve_images)
    app.connect("build-finished", shrink_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
