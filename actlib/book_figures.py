"""How the book's pages show :class:`actlib.interactive.InteractiveFigure` outputs (a MyST-NB plugin).

MyST-NB renders a notebook output by its MIME type and skips types it does not know, such as
Vega-Lite's. :class:`ExplorerFigure` is registered for it (``myst_nb.mime_renderers`` entry point
in ``pyproject.toml``) and turns the chart into:

- an empty ``div.actlib-explorer-view`` that the site's script (``_ext/interactive_figures.py``)
  fills with the live chart, using Vega-Embed served from the site's ``_static``;
- the Vega-Lite specification as gzip-compressed JSON in base64 (``packed_spec``), in a
  ``<script type="application/octet-stream">``: a figure's precomputed curves are mostly digits,
  and packed they weigh 6-52 % of their JSON (relu's least), which keeps a page with five
  explorers under the 2 MB of a first visit (the page's script unpacks it with the browser's
  ``DecompressionStream``);
- a static SVG image of the chart at its initial control values, with the alt text: shown to
  readers without JavaScript and on paper (the stylesheet hides it once the live chart is drawn,
  and hides the live chart in print).
"""

import base64
import gzip
import hashlib
import json

from docutils import nodes

from actlib.interactive import VEGALITE_MIME_TYPE, static_spec

EXPLORER_CLASS = "actlib-explorer"


def script_json(value):
    """``value`` as JSON that is safe inside an HTML ``<script>`` element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def packed_spec(value):
    """``value`` as compact JSON, gzip-compressed (mtime 0: the same bytes every build), in base64.

    >>> unpack_spec(packed_spec({"a": [1.5, 2]}))
    {'a': [1.5, 2]}
    """
    return base64.b64encode(gzip.compress(script_json(value).encode(), mtime=0)).decode("ascii")


def unpack_spec(text):
    """The value :func:`packed_spec` packed."""
    return json.loads(gzip.decompress(base64.b64decode(text)))


def static_image(spec):
    """An SVG drawing of the Vega-Lite ``spec`` at its initial control values."""
    import vl_convert

    return vl_convert.vegalite_to_svg(static_spec(spec)).encode()


class ExplorerFigure:
    """MyST-NB mime renderer plugin for Vega-Lite outputs (see the module docstring)."""

    # Chosen before every other representation of the same output, by every builder.
    mime_priority_overrides = [("*", VEGALITE_MIME_TYPE, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if inline or data.mime_type != VEGALITE_MIME_TYPE:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        alt_text = spec.get("description") or "Interactive figure"
        image = static_image(spec)
        name = hashlib.sha256(image).hexdigest()[:16]
        uri = renderer.write_file([f"explorer-{name}.svg"], image, exists_ok=True)
        figure = nodes.container(classes=[EXPLORER_CLASS])
        figure += nodes.raw(
            "",
            '<div class="actlib-explorer-view"></div>'  # Vega labels its SVG with the alt text
            '<script type="application/octet-stream" class="actlib-explorer-spec"'
            f' data-encoding="gzip+base64">{packed_spec(spec)}</script>',
            format="html",
        )
        figure += nodes.image(uri=uri, alt=alt_text, classes=["actlib-explorer-fallback"])
        return [figure]
