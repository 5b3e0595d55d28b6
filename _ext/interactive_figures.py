"""Interactive figures on the book's pages (``actlib.interactive``), served by the site itself.

- Vega, Vega-Lite and Vega-Embed, bundled by the PyPI package ``vl-convert-python``
  (``vl_convert.javascript_bundle``), written once per site to ``_static/vega/vega-bundle.js``
  for the Vega-Lite version altair writes: no CDN, so the figures work offline.
- ``interactive/explorers.js`` draws every figure of a page, loading the Vega bundle when the
  first figure comes near the screen (a first visit that does not scroll there does not pay for
  it); ``interactive/explorers.css`` lays out its controls and swaps the live chart for the static
  image in print.
- The script and the stylesheet are added only to pages that show a figure (the figures
  themselves are written by the MyST-NB plugin ``actlib.book_figures.ExplorerFigure``).
"""

from pathlib import Path

from sphinx.errors import ExtensionError

VEGA_FOLDER = "vega"  # under _static/
VEGA_BUNDLE = f"{VEGA_FOLDER}/vega-bundle.js"
EXPLORER_MARK = 'class="actlib-explorer-view"'


def vegalite_version():
    """The Vega-Lite ``major.minor`` version of the specifications altair writes (e.g. ``6.4``)."""
    import altair

    return ".".join(altair.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def bundle_stamp():
    """What the bundle was made from: vl-convert's Vega, Vega-Embed and Vega-Lite versions."""
    import vl_convert

    return (f"function-scoped; vega {vl_convert.get_vega_version()}, "
            f"vega-embed {vl_convert.get_vega_embed_version()}, "
            f"vega-lite {vegalite_version()}")


def configure(app, config):
    """Serve ``interactive/`` (the figures' script and stylesheet) as static files."""
    config.html_static_path = [*config.html_static_path, str(Path(__file__).parent / "interactive")]


def write_vega_bundle(app):
    """Write the Vega bundle into ``_static/vega`` unless the same versions are already there.

    ``explorers.js`` loads it from there, next to itself, when a figure is about to be seen.
    """
    if app.builder.format != "html":
        return
    import vl_convert

    target = Path(app.outdir) / "_static" / VEGA_BUNDLE
    stamp = target.with_suffix(".version")
    if target.is_file() and stamp.is_file() and stamp.read_text() == bundle_stamp():
        return
    version = vegalite_version()
    if version not in vl_convert.get_vegalite_versions():
        raise ExtensionError(f"vl-convert-python lacks altair's Vega-Lite {version}: pin versions that match")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The bundle declares top-level constants (``_`` among them, which Sphinx's doctools.js also
    # declares): a function scope keeps them to itself; it sets window.vegaEmbed explicitly.
    bundle = vl_convert.javascript_bundle(vl_version=version)
    target.write_text(f"(function () {{\n{bundle}\n}})();\n")
    stamp.write_text(bundle_stamp())


def add_figure_assets(app, pagename, templatename, context, doctree):
    """Give a page that shows an interactive figure the figures' script (which loads the Vega
    bundle when it is needed) and stylesheet."""
    if EXPLORER_MARK not in context.get("body", ""):
        return
    app.add_js_file("explorers.js", loading_method="defer")
    app.add_css_file("explorers.css")


def setup(app):
    app.connect("config-inited", configure)
    app.connect("html-page-context", add_figure_assets)
    app.connect("builder-inited", write_vega_bundle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
