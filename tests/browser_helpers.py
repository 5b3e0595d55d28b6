"""Helpers for the browser tests: a local web server and the link check (what counts as a bad
output cell is in built_pages.py, shared with the book tests). No browser is needed to import this
module."""

import functools
import http.server
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format, *args):
        pass


class LocalSite:
    """A threaded web server for a folder, on a free port of 127.0.0.1, until ``close()``."""

    def __init__(self, folder):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, docname):
        return f"{self.origin}/{docname}.html"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class _Anchors(HTMLParser):
    """Collects the ids (and old-style ``<a name>``) and the link targets of one HTML file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append(attrs[key])


@functools.cache
def _parse(path):
    parser = _Anchors()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return parser


def broken_internal_links(html_dir):
    """Every link of the built pages to a missing file or a missing ``#anchor``, as ``(page, link)``
    pairs. Links with a scheme (``https:``, ``mailto:``) are external: not checked. The theme's
    template snippets under ``_static/`` are not pages."""
    html_dir = Path(html_dir).resolve()
    _parse.cache_clear()
    broken = []
    pages = [p for p in html_dir.rglob("*.html") if p.relative_to(html_dir).parts[0] != "_static"]
    for page in sorted(pages):
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue
            path, fragment = urldefrag(link)
            path = unquote(urlsplit(path).path)
            target = page if not path else (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or html_dir not in (target, *target.parents):
                broken.append((str(page.relative_to(html_dir)), link))
            elif fragment and target.suffix == ".html" and unquote(fragment) not in _parse(target).ids:
                broken.append((str(page.relative_to(html_dir)), link))
    return broken
