"""Helpers for the browser tests: the table of contents, a local web server, the link check,
and what counts as a bad output cell. No browser is needed to import this module."""

import functools
import http.server
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from chapter_notebooks import toc_docnames  # _ext/, on sys.path (conftest.py): the one TOC reader

# TensorFlow and absl log lines, the oneDNN notice and CUDA probing messages.
TF_LOG_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ \w+\.cc:\d+\]"
    r"|WARNING: All log messages before absl::InitializeLog|.*oneDNN custom operations are on"
    r"|.*This TensorFlow binary is optimized|.*Unable to register cu(DNN|FFT|BLAS) factory"
    r"|.*Could not find cuda drivers|.*TF-TRT Warning)",
    re.MULTILINE,
)
TRACEBACK = "Traceback (most recent call last)"


def toc_pages(root):
    """Docnames of the table of contents in reading order: the root page, then every chapter."""
    return toc_docnames(root)


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


def bad_output_lines(cells):
    """What is wrong with a page's output cells, as readable lines (empty when all is well).

    ``cells`` comes from the page: for each code cell, its tags and its outputs' classes and text.
    A traceback is expected only in cells tagged ``raises-exception``; stderr output (where Python
    warnings go) and TensorFlow log lines are never expected. A chapter may print a caught
    warning's or error's message on purpose: that is stdout and allowed.
    """
    problems = []
    for number, cell in enumerate(cells, start=1):
        may_raise = "raises-exception" in cell["tags"]
        for output in cell["outputs"]:
            text, classes = output["text"], output["classes"]
            where = f"code cell {number}: {text.strip()[:160]!r}"
            if ("traceback" in classes or TRACEBACK in text) and not may_raise:
                problems.append(f"error output in {where}")
            if "stderr" in classes:
                problems.append(f"stderr output in {where}")
            if TF_LOG_LINE.search(text):
                problems.append(f"TensorFlow log line in {where}")
    return problems


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
