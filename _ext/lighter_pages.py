"""Lighter pages: what each page loads on a first visit, without what it does not use.

A chapter page loaded ~4 MB before any of its own figures. Left out here:

- ``fontawesome.js`` (1.5 MB): pydata-sphinx-theme's script that redraws its icons as SVG. The
  theme's stylesheet already draws the same icons from its Font Awesome web font (150 kB).
- Sphinx's search scripts and the search index (~115 kB) on every page but the search page:
  pydata-sphinx-theme includes them everywhere for its search-as-you-type, which the book does not
  turn on; the search box sends the reader to ``search.html``, which loads them.
- sphinx-design's stylesheet and tab script (~62 kB) on pages without a sphinx-design element.

The first two are ``<script>`` tags of the theme's templates, not Sphinx's script list: the book's
``templates/layout.html`` passes the theme's blocks through the filter ``without_scripts``.
MathJax is loaded without its menu (reader_assets.py).
"""

import re
from pathlib import Path

import markupsafe

SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")
DESIGN_CLASS = re.compile(r'class="[^"]*\bsd-')


def without_scripts(markup, *names):
    """``markup`` (the theme's HTML, safe) without the <script> tags that load one of ``names``."""
    pattern = "|".join(re.escape(name) for name in names)
    tag = re.compile(rf'<script[^>]*src="[^"]*(?:{pattern})(?:\?[^"]*)?"[^>]*></script>\s*')
    return markupsafe.Markup(tag.sub("", str(markup)))


def add_template_filter(app):
    """Give the templates the filter ``without_scripts`` (used by templates/layout.html)."""
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["without_scripts"] = without_scripts


def asset_name(asset):
    """The file name of a Sphinx CSS or JS asset (``_CascadingStyleSheet``, ``_JavaScript`` or str)."""
    return Path(getattr(asset, "filename", asset) or "").name


def drop_unused_design_assets(app, pagename, templatename, context, doctree):
    """Leave sphinx-design's stylesheet and script out of pages with no sphinx-design element."""
    if DESIGN_CLASS.search(context.get("body", "")):
        return
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if asset_name(asset) not in DESIGN_ASSETS]


def setup(app):
    app.connect("builder-inited", add_template_filter)
    app.connect("html-page-context", drop_unused_design_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
