"""What the book's readers need from the built site, served from the site itself.

- MathJax 3, copied at build time from the PyPI package ``django-static-mathjax`` into
  ``_static/mathjax/`` (``mathjax_path`` in ``_config.yml`` points there), so math renders with no
  network: a classroom offline, or a reader who saved the site, gets the whole book. Its loader
  fetches the components the book needs, not its menu (400 kB less per first visit).
- Each script included once, widget scripts only where a widget is shown (``tidy_scripts``).
- A stylesheet (``static/reader.css``) for what the theme's colours get wrong, for phones and for
  print (print_colours.py adds the theme's light colours for print).
- One header: sphinx-book-theme 1.3 draws its own ☰ and contents buttons, and pydata-sphinx-theme
  0.17 adds a top bar with a second ☰, a second contents button and a second search box. Its
  script binds the first ☰ it finds (the hidden one), so the visible buttons did nothing on a
  phone and the sidebar never collapsed on a desktop (pydata-sphinx-theme issue 2451). With the
  top bar left out (``navbar_persistent: []``), the visible buttons are the ones both themes bind.
- Search fixes (``static/reader.js``): one result per page, excerpts from the body text.
- Each chapter's executed notebook, converted to a plain Jupyter notebook (``chapter_notebooks``:
  Markdown without MyST syntax, a first cell that installs actlib when it is missing) and written
  into the site as ``notebooks/<chapter>.ipynb``, and a "Download notebook" link under the chapter
  title whose ``download`` attribute makes the browser save the file instead of showing its JSON.
"""

import contextlib
import functools
import html
import importlib.util
import shutil
from pathlib import Path

import chapter_notebooks
import nbformat
from jupyter_cache import get_cache
from sphinx.errors import ExtensionError

MATHJAX_PACKAGE = "mathjax"  # the import name of the PyPI package django-static-mathjax
MATHJAX_FOLDER = "mathjax"  # under _static/
# MathJax's loader (the page's script), then the components it loads (MATHJAX_COMPONENTS) and the
# folders they fetch from on demand: TeX extensions (autoload) and the CHTML fonts.
MATHJAX_PARTS = ["startup.js", "core.js", "input", "output/chtml", "output/chtml.js", "a11y", "adaptors"]
# TeX in, HTML out, and hidden MathML for screen readers; not the menu (ui/menu, 426 kB of the
# 1.17 MB of the combined tex-mml-chtml.js), which a first visit would load for a right-click.
MATHJAX_COMPONENTS = ["core", "input/tex", "output/chtml", "a11y/assistive-mml"]
NOTEBOOK_FOLDER = "notebooks"


def mathjax_source():
    """The folder of MathJax's browser components (``es5``) inside the installed package."""
    spec = importlib.util.find_spec(MATHJAX_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionError("MathJax is missing: pip install django-static-mathjax (requirements.txt)")
    es5 = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    if not (es5 / MATHJAX_PARTS[0]).is_file():
        raise ExtensionError(f"MathJax is incomplete: {es5 / MATHJAX_PARTS[0]} not found")
    return es5


def configure(app, config):
    """Fail early when ``mathjax_path`` would load MathJax from another host; tell MathJax's loader
    which components to load (MATHJAX_COMPONENTS); give the theme the
    colour mode it expects (without one, pydata-sphinx-theme logs "Got invalid theme mode" as a
    console error on every page); leave out the theme's top bar (see the module's docstring) and
    end the sidebar with links to the index and the book's PDF (templates/book-links.html);
    serve ``static/`` (reader.css, reader.js)."""
    config.html_context = {"default_mode": "auto", **config.html_context}
    config.html_theme_options = {
        "navbar_persistent": [], "primary_sidebar_end": ["book-links.html"], **config.html_theme_options
    }
    config.html_static_path = [*config.html_static_path, str(Path(__file__).parent / "static")]
    config.templates_path = [str(Path(__file__).parent / "templates"), *config.templates_path]
    expected = f"{MATHJAX_FOLDER}/{MATHJAX_PARTS[0]}"
    if config.mathjax_path != expected:
        raise ExtensionError(
            f"mathjax_path must be {expected!r} (served by the site), not {config.mathjax_path!r}"
        )
    if config.mathjax3_config is None:
        config.mathjax3_config = {"loader": {"load": MATHJAX_COMPONENTS}}
    mathjax_source()


def copy_mathjax(app, exception):
    """Copy MathJax's component and the folders it loads from into ``_static/mathjax``."""
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / MATHJAX_FOLDER
    for part in MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target / part)
    shutil.copy2(source.parent / "LICENSE", target / "LICENSE")


def executed_notebook(app, docname):
    """The notebook MyST-NB executed for ``docname``, with its outputs, or None for a plain page.

    MyST-NB 1.4 saves ``jupyter_execute/<docname>.ipynb`` as it read it, without the outputs its
    execution cache gave the page, so the outputs are merged in here from that same cache.
    """
    path = Path(app.outdir).parent / "jupyter_execute" / f"{docname}.ipynb"
    if not path.is_file():
        return None
    notebook = nbformat.read(path, as_version=4)
    cache = get_cache(app.env.mystnb_config.execution_cache_path)
    with contextlib.suppress(KeyError):  # not in the cache: executed without it, outputs included
        _, notebook = cache.merge_match_into_notebook(notebook)
    return notebook


@functools.cache
def book_targets(srcdir):
    """The book's URLs and cross-reference targets, read once per build process."""
    return chapter_notebooks.book_site(srcdir), chapter_notebooks.book_index(srcdir)


def add_download_link(app, pagename, templatename, context, doctree):
    """Write the chapter's notebook, with its outputs, into the site as a plain Jupyter notebook,
    and link to it under the chapter title."""
    notebook = executed_notebook(app, pagename) if doctree is not None else None
    if notebook is None or "body" not in context:
        return
    name = chapter_notebooks.notebook_name(pagename)
    target = Path(app.outdir) / NOTEBOOK_FOLDER / name
    target.parent.mkdir(parents=True, exist_ok=True)
    site, index = book_targets(str(app.srcdir))
    plain = chapter_notebooks.plain_notebook(notebook, pagename, site, index)
    target.write_text(nbformat.writes(plain) + "\n")
    href = context["pathto"](f"{NOTEBOOK_FOLDER}/{name}", 1)
    link = (
        '<p class="download-notebook">'
        f'<a class="reference download" href="{html.escape(href)}" download="{html.escape(name)}">'
        f"Download this chapter as a notebook ({html.escape(name)})</a>, with its outputs: open it in "
        "Jupyter, Colab or VS Code and run it; its first cell installs the book's "
        "<code>actlib</code> library when it is missing.</p>"
    )
    body = context["body"]
    end_of_title = body.find("</h1>")
    at = end_of_title + len("</h1>") if end_of_title >= 0 else 0
    context["body"] = body[:at] + link + body[at:]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def tidy_scripts(app, pagename, templatename, context, doctree):
    """Include each script once, and the ipywidgets scripts only where a widget is shown.

    - Every page listed the inline scripts of sphinx-thebe 0.3.1 (``const THEBE_JS_URL = ...``)
      and sphinx-togglebutton twice: Sphinx 7.4 re-adds scripts registered after the builder
      started with filename '' instead of None, so they no longer look like duplicates. The second
      ``const`` is a console error ("Identifier 'THEBE_JS_URL' has already been declared").
    - MyST-NB loads require.js and the widget manager from CDNs for any notebook that saved widget
      state, even when the cell's output is removed (a chapter's explorer, tagged remove-output):
      requests to other hosts that an offline reader cannot make, for nothing on the page.
    """
    shows_widget = WIDGET_VIEW in context.get("body", "")
    widget_urls = set(getattr(app.config, "nb_ipywidgets_js", {}) or {})
    scripts, seen = [], set()
    for script in context.get("script_files", []):
        name = getattr(script, "filename", script) or ""  # inline scripts: None or ""
        attributes = getattr(script, "attributes", {})
        key = (name, repr(sorted(attributes.items())))
        is_widget_script = name in widget_urls or attributes.get("type") == WIDGET_STATE
        if key in seen or (is_widget_script and not shows_widget):
            continue
        seen.add(key)
        scripts.append(script)
    context["script_files"] = scripts


def setup(app):
    app.connect("config-inited", configure)
    app.add_css_file("reader.css")
    app.add_js_file("reader.js", loading_method="defer")
    app.connect("html-page-context", add_download_link)
    app.connect("html-page-context", tidy_scripts, priority=900)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
