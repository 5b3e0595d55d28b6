"""Re-read the pages that hold a ``bibliography`` directive on every build.

sphinxcontrib-bibtex makes a bibliography's citation nodes when Sphinx reads the page with the
``{bibliography}`` directive. An incremental build re-reads only the pages that changed, so after a
new entry is added to references.bib and cited in a chapter, the references page still has the old
nodes and the build stops with a KeyError naming the new key. Reading that one short page again
each time costs nothing and keeps it in step with the .bib file.
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


def setup(app):
    app.connect("env-get-outdated", bibliography_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
