"""Fixes for the bibliography (sphinxcontrib-bibtex) in incremental builds and for its markup.

1. Re-read the page that holds the ``{bibliography}`` directive on every build, and write every
   page that cites again, so that citations always resolve against the current references.bib.
   sphinxcontrib-bibtex makes a bibliography's citation nodes when Sphinx reads that page, and an
   incremental build re-reads only the pages that changed. Without this, a new entry cited in a
   chapter stops the build with a KeyError naming the new key, and a page written while one of
   its citations could not be resolved keeps the empty "[]" until it is written again.
2. Give the entries the ARIA role of list items. docutils writes the bibliography as
   ``<div role="list">`` holding ``<div role="doc-biblioentry">`` entries: a deprecated role, and a
   list without list items, which the axe-core scan of tests/test_browser.py reports.
   ``role="listitem"`` is what a list's children must be. (A bulleted ``:list:`` would avoid the
   markup, but sphinxcontrib-bibtex resolves ``{cite}`` only to citation-style bibliographies.)
"""

from pathlib import Path


def bibliography_pages(app, env, added, changed, removed):
    """Sphinx ``env-get-outdated`` handler: the documents whose source contains ``{bibliography}``."""
    pages = []
    for docname in env.found_docs:
        source = Path(env.doc2path(docname))
        if source.suffix == ".md" and "{bibliography}" in source.read_text(encoding="utf-8"):
            pages.append(docname)
    return pages


def citing_pages(app, env):
    """Sphinx ``env-updated`` handler: the documents that cite, to be written again."""
    return [docname for docname in env.found_docs
            if Path(env.doc2path(docname)).suffix == ".md"
            and "{cite" in Path(env.doc2path(docname)).read_text(encoding="utf-8")]


def entries_as_list_items(app, pagename, templatename, context, doctree):
    """Sphinx ``html-page-context`` handler: ``role="doc-biblioentry"`` becomes ``role="listitem"``."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    app.connect("env-get-outdated", bibliography_pages)
    app.connect("env-updated", citing_pages)
    app.connect("html-page-context", entries_as_list_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
