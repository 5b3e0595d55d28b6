"""actlib.book_figures: how the book's pages carry an interactive figure (the MyST-NB plugin).

A figure becomes a live view, its Vega-Lite specification packed as gzip + base64 (under a fifth of
its JSON for relu's explorer, under 60 % for one slider's curves, so a page with several figures
stays light), and a static SVG image for print and for readers without JavaScript. The packing is
checked with the standard library's gzip and base64.
"""

import base64
import gzip
import json
import re
from types import SimpleNamespace

import pytest

from actlib.book_figures import ExplorerFigure, packed_spec, script_json, static_image, unpack_spec
from actlib.interactive import VEGALITE_MIME_TYPE, activation_explorer

SMALL_SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "description": "A line through two points",
    "data": {"values": [{"x": 0, "y": 0.5}, {"x": 1, "y": 0.731059}]},
    "mark": "line",
    "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}},
}


class FolderRenderer:
    """The one method of MyST-NB's renderer the plugin uses: write a file beside the page, return its URI."""

    def __init__(self, folder):
        self.folder, self.written = folder, []

    def write_file(self, path, content, overwrite=False, exists_ok=False):
        self.written.append((tuple(path), exists_ok))
        (self.folder / path[-1]).write_bytes(content)
        return str(self.folder / path[-1])


def figure_of(tmp_path, content, mime_type=VEGALITE_MIME_TYPE, inline=False):
    renderer = FolderRenderer(tmp_path)
    data = SimpleNamespace(mime_type=mime_type, content=content, string=json.dumps(content))
    return ExplorerFigure.handle_mime(renderer, data, inline), renderer


def test_script_json_cannot_end_the_script_element_and_reads_back():
    value = {"label": "</script><b>", "values": [1.5, -0.0, 2]}
    text = script_json(value)
    assert "</" not in text and " " not in text  # compact: no spaces after separators
    assert json.loads(text) == value


def test_the_packed_spec_is_gzip_in_base64_and_the_same_every_build():
    text = packed_spec(SMALL_SPEC)
    raw = base64.b64decode(text, validate=True)
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\0\0\0\0"  # gzip, with no time stamp
    assert json.loads(gzip.decompress(raw)) == SMALL_SPEC
    assert packed_spec(SMALL_SPEC) == text and unpack_spec(text) == SMALL_SPEC


@pytest.mark.parametrize("name, most", [("relu", 0.2), ("elu", 0.6), ("squareplus", 0.6)])
def test_a_figures_curves_pack_much_smaller_than_their_json(name, most):
    # relu's explorer (three sliders, many curves of repetitive digits) packs to about a twentieth;
    # one slider's curves to under half, base64's third included.
    spec = activation_explorer(name).to_dict()
    assert len(packed_spec(spec)) < most * len(script_json(spec))


def test_inline_outputs_and_other_mime_types_are_left_to_myst_nb(tmp_path):
    assert figure_of(tmp_path, SMALL_SPEC, inline=True)[0] is None
    assert figure_of(tmp_path, SMALL_SPEC, mime_type="image/png")[0] is None
    assert ("*", VEGALITE_MIME_TYPE, 1) in ExplorerFigure.mime_priority_overrides


def test_a_figure_is_a_live_view_its_packed_spec_and_a_static_image(tmp_path):
    (figure,), renderer = figure_of(tmp_path, SMALL_SPEC)
    assert figure["classes"] == ["actlib-explorer"]
    raw, image = figure.children
    html = raw.astext()
    assert raw["format"] == "html" and html.startswith('<div class="actlib-explorer-view"></div>')
    packed = re.search(
        r'<script type="application/octet-stream"[^>]*data-encoding="gzip\+base64">([^<]*)</script>', html
    )
    assert packed and unpack_spec(packed.group(1)) == SMALL_SPEC
    assert image["alt"] == "A line through two points" and image["classes"] == ["actlib-explorer-fallback"]
    svg = (tmp_path / renderer.written[0][0][-1]).read_bytes()
    assert svg.startswith(b"<svg") and svg == static_image(SMALL_SPEC) and image["uri"].endswith(".svg")
    (((name,), exists_ok),) = renderer.written
    assert re.fullmatch(r"explorer-[0-9a-f]{16}\.svg", name) and exists_ok  # named by its content


def test_the_same_figure_twice_writes_one_image_file_and_text_content_is_read_too(tmp_path):
    first, renderer = figure_of(tmp_path, SMALL_SPEC)
    text = SimpleNamespace(
        mime_type=VEGALITE_MIME_TYPE, content=json.dumps(SMALL_SPEC), string=json.dumps(SMALL_SPEC)
    )
    (second,) = ExplorerFigure.handle_mime(renderer, text, False)
    assert first[0].children[1]["uri"] == second.children[1]["uri"]
    assert len({path for path, _ in renderer.written}) == 1


@pytest.mark.parametrize("description", [None, ""])
def test_a_figure_without_a_description_still_has_alt_text(tmp_path, description):
    spec = {key: value for key, value in SMALL_SPEC.items() if key != "description"}
    if description is not None:
        spec["description"] = description
    (figure,), _ = figure_of(tmp_path, spec)
    assert figure.children[1]["alt"] == "Interactive figure"
