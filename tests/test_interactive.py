"""The interactive figures (actlib.interactive): the library, and the reader's experience in a browser.

The browser tests open each chapter page that shows figures in headless Chromium (fixtures of
test_browser.py), move every control with the keyboard and read what the figure then plots from
Vega's own API (``view.signal``, ``view.data``), not from pixels, and compare it with what actlib
computes here for the same parameters. They also check that the page needs nothing from another
host, logs no console error, loads Vega once, shows the static image in print and without
JavaScript, fits a 390 px phone, and passes axe-core's checks in dark mode.
"""

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest
import vl_convert
from test_browser import browser, site  # noqa: F401 - the module's browser fixtures

import actlib
from actlib.book_figures import ExplorerFigure, packed_spec, script_json, unpack_spec
from actlib.interactive import (
    VEGALITE_MIME_TYPE,
    Choice,
    ControlGrid,
    Slider,
    Toggle,
    activation_explorer,
    dead_fraction_explorer,
    softmax_temperature_explorer,
)
from actlib.registry import get

# The pages with interactive figures, and how many each shows (the chapters' cells).
FIGURE_PAGES = {
    "chapters/relu_family": 5,
    "chapters/smooth_activations": 1,
    "chapters/cheap_approximations": 3,
    "chapters/softmax": 1,
    "chapters/vanishing_gradients": 1,
    "chapters/dying_relu": 2,
}
PAGE_WITHOUT_FIGURES = "chapters/relu"
PHONE = {"width": 390, "height": 844}
PRECOMPUTED_TOLERANCE = 1e-6
BUNDLE = "_static/vega/vega-bundle.js"
MAX_FIGURE_BYTES_PER_PAGE = 400_000  # the figures' JSON and static images on one page
FIGURE_ASSETS = (BUNDLE, "explorers.js", "explorers.css")  # what a page with figures loads once
REPORT = "interactive-figures.json"  # written next to the built site, in _build/

# ---------------------------------------------------------------- the library, without a browser


def test_slider_needs_evenly_spaced_values():
    with pytest.raises(ValueError, match="evenly spaced"):
        Slider("alpha", (0.1, 0.2, 0.5))
    with pytest.raises(ValueError, match="at least two"):
        Slider("alpha", (0.1,))


def test_control_named_like_a_vega_signal_is_refused():
    with pytest.raises(ValueError, match="Vega's own signals"):
        ControlGrid([Choice("width", (2, 3))])


def test_combination_index_counts_the_last_control_fastest():
    controls = [Choice("act", ("a", "b")), Toggle("flag"), Slider("s", (0.0, 0.5, 1.0), optional=True)]
    grid = ControlGrid(controls)
    combinations = grid.combinations()
    assert len(combinations) == 2 * 2 * 4
    assert combinations[0] == {"act": "a", "flag": False, "s": None}
    assert combinations[1] == {"act": "a", "flag": False, "s": 0.0}
    assert combinations[4] == {"act": "a", "flag": True, "s": None}
    assert combinations[-1] == {"act": "b", "flag": True, "s": 1.0}


def test_explorer_refuses_a_parameter_the_activation_does_not_have():
    with pytest.raises(ValueError, match="no parameter"):
        activation_explorer("elu", [Slider("negative_slope", (0.0, 0.5))])
    with pytest.raises(ValueError, match="no explorer controls"):
        activation_explorer("tanh")


def test_bad_experiment_inputs_are_refused():
    with pytest.raises(ValueError, match="1-D vector"):
        softmax_temperature_explorer([[1.0, 2.0]])
    with pytest.raises(ValueError, match="positive"):
        softmax_temperature_explorer([1.0, 2.0], Slider("temperature", (0.0, 1.0)))
    runs = {0.1: {"dead": np.zeros((3, 4))}, 0.2: {"dead": np.zeros((4, 4))}}
    with pytest.raises(ValueError, match="same number of epochs"):
        dead_fraction_explorer(runs)


def test_notebook_output_has_vegalite_for_jupyterlab_and_html_for_other_front_ends():
    """Notebook parity: the output a running notebook shows (and the downloaded notebook keeps)."""
    bundle = activation_explorer("leaky_relu")._repr_mimebundle_()
    spec = bundle[VEGALITE_MIME_TYPE]
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert "leaky_relu" in spec["description"]
    assert "vegaEmbed" in bundle["text/html"]
    assert bundle["text/plain"] == spec["description"]
    vl_convert.vegalite_to_vega(spec)  # Vega-Lite itself compiles it


def test_book_plugin_writes_live_view_spec_and_static_image(tmp_path):
    class Renderer:  # what ExplorerFigure needs of MyST-NB's renderer
        def write_file(self, path, content, overwrite=False, exists_ok=False):
            target = tmp_path.joinpath(*path)
            target.write_bytes(content)
            return str(target)

    class Data:
        mime_type = VEGALITE_MIME_TYPE
        content = activation_explorer("gelu").to_dict()

    assert ExplorerFigure.handle_mime(Renderer(), Data(), inline=True) is None
    (figure,) = ExplorerFigure.handle_mime(Renderer(), Data(), inline=False)
    html = figure.children[0].astext()
    image = figure.children[1]
    assert 'class="actlib-explorer-view"' in html
    assert packed_spec(Data.content) in html
    assert unpack_spec(packed_spec(Data.content)) == json.loads(script_json(Data.content))
    assert image["alt"] == Data.content["description"]
    assert Path(image["uri"]).read_bytes().startswith(b"<svg")


def test_script_json_cannot_close_the_script_element():
    assert "</script>" not in script_json({"text": "</script><script>alert(1)</script>"})
    assert json.loads(script_json({"text": "</script>"})) == {"text": "</script>"}


# ---------------------------------------------------------------- what actlib says each figure shows

DIGITS_BATCH, VANISHING_WIDTH = 256, 64  # chapters/vanishing_gradients: x[:256], WIDTH = 64
DYING = {"training_examples": 1000, "depth": 4, "width": 64, "epochs": 10, "optimizer": "adam"}  # dying_relu
BORN_DEAD = {"max_depth": 60, "n_trials": 10_000}  # chapters/dying_relu: seed = width


@cache
def digits():
    from actlib.deep_mlp import digits_dataset

    return digits_dataset()


@cache
def dead_fractions(learning_rate):
    from actlib.dying import train_and_count_dead

    x, y = digits()
    n = DYING["training_examples"]
    run = train_and_count_dead(x[:n], y[:n], DYING["depth"], DYING["width"], learning_rate=learning_rate,
                               optimizer=DYING["optimizer"], epochs=DYING["epochs"])
    return run["dead"]


def activation_parameters(name, signals):
    """The keyword arguments the figure's controls stand for (``use_<p>`` off: ``p`` is None)."""
    params = dict(get(name).parameters)
    for key in params:
        if key in signals:
            params[key] = signals[key] if signals.get(f"use_{key}", True) else None
    return params


def expected_activation_rows(spec, signals, rows):
    name = spec["usermeta"]["actlib"]["activation"]
    params = activation_parameters(name, signals)
    activation = get(name)
    plotted, expected = [], []
    for row in rows:
        x = np.array([row["x"]])
        function = activation.function if row["curve"] == f"{name}(x)" else activation.derivative
        plotted.append(row["value"])
        expected.append(function(x, **params)[0])
    return plotted, expected, "absolute"


def expected_softmax_rows(spec, signals, rows):
    logits = np.array(spec["usermeta"]["actlib"]["logits"])
    probabilities = actlib.softmax(logits / signals["temperature"])
    index = [int(re.match(r"class (\d+)", row["class"]).group(1)) for row in rows]
    return [row["probability"] for row in rows], list(probabilities[index]), "absolute"


def expected_vanishing_rows(spec, signals, rows):
    from actlib.vanishing import gradient_norms

    x, y = digits()
    norms = gradient_norms(x[:DIGITS_BATCH], y[:DIGITS_BATCH], int(signals["depth"]), VANISHING_WIDTH,
                           signals["activation"], signals["initializer"])
    assert sorted(row["layer"] for row in rows) == list(range(1, len(norms) + 1)), "one value per layer"
    return [row["value"] for row in rows], [norms[row["layer"] - 1] for row in rows], "relative"


def expected_dead_fraction_rows(spec, signals, rows):
    dead = dead_fractions(signals["learning_rate"])[int(signals["epoch"])]
    return [row["value"] for row in rows], [dead[row["layer"] - 1] for row in rows], "absolute"


def expected_born_dead_rows(spec, signals, rows):
    from actlib.born_dead import born_dead_curve

    width = signals["network_width"]
    curve = born_dead_curve(BORN_DEAD["max_depth"], width, BORN_DEAD["n_trials"], seed=width)
    return [row["probability"] for row in rows], [curve[row["depth"] - 1] for row in rows], "absolute"


EXPECTED = {
    "activation": expected_activation_rows,
    "softmax_temperature": expected_softmax_rows,
    "vanishing": expected_vanishing_rows,
    "dead_fraction": expected_dead_fraction_rows,
    "born_dead": expected_born_dead_rows,
}
PLOTTED_FIELD = {"activation": "value", "softmax_temperature": "probability", "vanishing": "value",
                 "dead_fraction": "value", "born_dead": "probability"}


def largest_error(plotted, expected, kind):
    plotted, expected = np.array(plotted, dtype=np.float64), np.array(expected, dtype=np.float64)
    assert plotted.shape == expected.shape and plotted.size > 0
    error = np.abs(plotted - expected)
    if kind == "relative":
        error = error / np.abs(expected)
    return float(error.max())


# ---------------------------------------------------------------- in the browser

# The figures load Vega when they come near the screen; the tests draw them all at once.
WAIT_FOR_FIGURES = """async () => {
  const views = window.actlibDrawAllExplorers ? await window.actlibDrawAllExplorers() : [];
  return views.length;
}"""

# Signals and the datasets the figure's marks draw, read through Vega's API.
READ_FIGURE = """async ({index, signals, datasets}) => {
  const view = await window.actlibExplorers[index];
  await view.runAsync();
  const clean = (rows) => rows.map((row) => Object.fromEntries(
    Object.entries(row).filter(([key, value]) => !Array.isArray(value))));
  return {
    signals: Object.fromEntries(signals.map((name) => [name, view.signal(name)])),
    data: Object.fromEntries(datasets.map((name) => [name, clean(view.data(name))])),
  };
}"""


def mark_datasets(spec):
    """The names of the Vega datasets the figure's marks draw (compiled by Vega-Lite itself)."""
    vega = vl_convert.vegalite_to_vega(spec)
    top_level = {data["name"] for data in vega.get("data", [])}  # not a facet's own name
    names = []

    def walk(marks):
        for mark in marks or []:
            source = mark.get("from", {})
            name = source.get("data") or source.get("facet", {}).get("data")
            if name in top_level and name not in names:
                names.append(name)
            walk(mark.get("marks"))

    walk(vega["marks"])
    return names


def plotted_datasets(spec, state):
    """The drawn datasets that hold plotted values (a line, and for born_dead also the marked depth)."""
    field = PLOTTED_FIELD[spec["usermeta"]["actlib"]["explorer"]]
    datasets = [rows for rows in state["data"].values() if rows and field in rows[0]]
    assert datasets, f"no drawn dataset has the field {field!r}"
    return datasets


def open_page(context, url):
    """Open ``url``; record requests, failures and console errors; wait until every figure is drawn."""
    page = context.new_page()
    record = {"requests": [], "failed": [], "console_errors": []}
    page.on("request", lambda request: record["requests"].append(request.url))
    page.on("requestfailed", lambda r: record["failed"].append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and record["failed"].append(f"{r.url}: HTTP {r.status}"))
    page.on("console", lambda m: m.type == "error" and record["console_errors"].append(m.text))
    page.on("pageerror", lambda error: record["console_errors"].append(f"uncaught: {error}"))
    page.goto(url, wait_until="load")
    record["figures"] = page.evaluate(WAIT_FOR_FIGURES) if page.evaluate("!!window.actlibExplorers") else 0
    return page, record


def figure_specs(page):
    return [unpack_spec(text) for text in page.locator(".actlib-explorer-spec").all_text_contents()]


def press_each_control(page, figure):
    """Move each control of the figure once with the keyboard; yield the control's name after each."""
    inputs = figure.locator(".vega-bindings input")
    names = []
    for i in range(inputs.count()):
        control = inputs.nth(i)
        kind, name = control.get_attribute("type"), control.get_attribute("name")
        if kind == "radio":
            if name in names or not control.is_checked():
                continue  # a radio group is one control: arrow keys move its checked button
            control.focus()
            page.keyboard.press("ArrowRight")
        elif kind == "checkbox":
            control.focus()
            page.keyboard.press("Space")
        else:
            before = control.input_value()
            control.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            if control.input_value() == before:  # at the top of its range
                page.keyboard.press("ArrowLeft")
            shown = control.evaluate("input => input.nextElementSibling.textContent")
            assert float(shown) == float(control.input_value()), f"{name}: the value shown is {shown}"
        names.append(name)
        yield name


@pytest.fixture
def figure_context(browser):  # noqa: F811 - the fixture imported from test_browser
    """A fresh browser context: every page is a first visit, with an empty cache."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("docname", list(FIGURE_PAGES))
def test_keyboard_changes_the_plotted_data_to_actlibs_values(figure_context, site, docname):  # noqa: F811
    server, html_dir = site
    page, record = open_page(figure_context, server.url(docname))
    specs = figure_specs(page)
    assert record["figures"] == len(specs) == FIGURE_PAGES[docname], "figures drawn / on the page"
    figures = page.locator(".actlib-explorer")
    errors = {}
    for index, spec in enumerate(specs):
        kind = spec["usermeta"]["actlib"]["explorer"]
        names = [param["name"] for param in spec.get("params", [])]
        read = {"index": index, "signals": names, "datasets": mark_datasets(spec)}
        figure = figures.nth(index)
        chart = figure.locator("svg.marks")
        assert chart.count() == 1, f"figure {index} was not drawn as SVG"
        assert chart.get_attribute("aria-label") == spec["description"], "the chart is labelled with alt text"
        labels = figure.locator(".vega-bindings label").all_inner_texts()
        assert labels and all(label.strip() for label in labels), "every control has a visible label"
        state = page.evaluate(READ_FIGURE, read)
        for control in press_each_control(page, figure):
            moved = page.evaluate(READ_FIGURE, read)
            assert moved["signals"] != state["signals"], f"{kind} figure {index}: {control} did not change"
            assert moved["data"] != state["data"], f"{kind} {index}: {control} left the plot as it was"
            for rows in plotted_datasets(spec, moved):
                plotted, expected, tolerance_kind = EXPECTED[kind](spec, moved["signals"], rows)
                error = largest_error(plotted, expected, tolerance_kind)
                key = f"{kind} {index} after {control}"
                errors[key] = max(errors.get(key, 0.0), error)
                assert error <= PRECOMPUTED_TOLERANCE, f"{kind} {index} after {control}: error {error:.2e}"
            state = moved
    page.close()
    print(f"\n{docname}: largest differences from actlib: {json.dumps(errors, indent=1)}")
    assert record["console_errors"] == [], f"console errors: {record['console_errors']}"
    assert record["failed"] == [], f"failed requests: {record['failed']}"
    foreign = [url for url in record["requests"] if urlsplit(url).netloc != urlsplit(server.origin).netloc]
    assert foreign == [], f"requests that left the site: {foreign}"
    bundle_requests = [url for url in record["requests"] if urlsplit(url).path.endswith(BUNDLE)]
    assert len(bundle_requests) == 1, f"the Vega bundle was requested {len(bundle_requests)} times"


def test_vega_is_in_the_site_once_and_only_on_pages_with_figures(site):  # noqa: F811
    server, html_dir = site
    copies = [path.relative_to(html_dir).as_posix() for path in html_dir.rglob("*.js")
              if b"window.vegaEmbed=" in path.read_bytes()]
    assert copies == [BUNDLE]
    for docname in [*FIGURE_PAGES, PAGE_WITHOUT_FIGURES]:
        text = (html_dir / f"{docname}.html").read_text()
        expected = 1 if docname in FIGURE_PAGES else 0
        assert text.count("explorers.js") == expected, f"{docname}: figures' script not {expected} time(s)"
        assert "vega-bundle.js" not in text, f"{docname} loads the bundle up front instead of when needed"


@pytest.mark.parametrize("javascript", [True, False])
def test_print_and_no_javascript_show_the_static_images(browser, site, javascript):  # noqa: F811
    server, html_dir = site
    context = browser.new_context(java_script_enabled=javascript)
    for docname, count in FIGURE_PAGES.items():
        page = context.new_page()
        page.goto(server.url(docname), wait_until="load")
        if javascript:
            assert page.evaluate(WAIT_FOR_FIGURES) == count
        page.emulate_media(media="print")
        # Printing loads the lazy images first (Chromium does); emulated print media does not.
        page.evaluate("""async () => { const images = Array.from(document.images);
          images.forEach(img => { img.loading = 'eager'; });
          await Promise.all(images.map(img => img.decode().catch(() => null))); }""")
        images = page.locator(".actlib-explorer-fallback")
        assert images.count() == count
        for image in images.all():
            assert image.is_visible(), f"{docname}: a static image is hidden in print"
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "an image did not load"
            assert image.get_attribute("alt"), "a static image has no alt text"
        assert not page.locator(".actlib-explorer-view").first.is_visible(), "the live view shows in print"
        page.emulate_media(media="screen")
        for image in images.all():  # on screen: the live chart where JavaScript runs, else the image
            assert image.is_visible() is not javascript, f"{docname}: screen shows the wrong one"
        page.close()
    context.close()


def test_figures_fit_a_phone_and_pass_accessibility_checks_in_dark_mode(browser, site):  # noqa: F811
    server, html_dir = site
    context = browser.new_context(viewport=PHONE, color_scheme="dark", is_mobile=True)
    axe = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()
    for docname in ("chapters/relu_family", "chapters/dying_relu"):
        page, record = open_page(context, server.url(docname))
        assert record["figures"] == FIGURE_PAGES[docname]
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        overflow = page.evaluate("""() => Array.from(document.querySelectorAll('.actlib-explorer')).map(f => {
          const box = f.getBoundingClientRect();
          const parts = Array.from(f.querySelectorAll('svg.marks, .vega-bindings input'));
          return parts.filter(p => p.getBoundingClientRect().right > box.right + 1).length
            + (box.right > window.innerWidth + 1 ? 1 : 0);
        })""")
        assert overflow == [0] * FIGURE_PAGES[docname], f"{docname}: parts wider than the phone: {overflow}"
        page.add_script_tag(content=axe)
        result = page.evaluate(
            "async () => await axe.run({include: [['.actlib-explorer']]}, {resultTypes: ['violations']})"
        )
        violations = [(v["id"], node["target"]) for v in result["violations"] for node in v["nodes"]]
        assert violations == [], f"{docname}: {violations}"
        page.close()
    context.close()


def test_page_weight_of_the_figures(browser, site):  # noqa: F811
    """What the figures add to each page on a first visit, written to _build/interactive-figures.json."""
    server, html_dir = site
    bundle_bytes = (html_dir / BUNDLE).stat().st_size
    report = {"vega_bundle_bytes": bundle_bytes, "pages": {}}
    for docname in FIGURE_PAGES:
        context = browser.new_context()  # a first visit: nothing cached
        page, record = open_page(context, server.url(docname))
        sizes = page.evaluate("""() => ({
          html: performance.getEntriesByType('navigation')[0].encodedBodySize,
          specs: Array.from(document.querySelectorAll('.actlib-explorer-spec'))
            .map(s => new TextEncoder().encode(s.textContent).length),
          images: Array.from(document.querySelectorAll('.actlib-explorer-fallback')).map(i => i.currentSrc),
          resources: performance.getEntriesByType('resource').map(r => [r.name, r.encodedBodySize]),
        })""")
        context.close()
        resource_bytes = dict(sizes["resources"])
        images = sum(resource_bytes.get(src, 0) for src in sizes["images"])
        figure_bytes = sum(sizes["specs"]) + images
        report["pages"][docname] = {
            "figure_json_bytes": sizes["specs"], "static_image_bytes": images,
            "added_bytes_first_visit": figure_bytes + sum(
                size for name, size in sizes["resources"] if urlsplit(name).path.endswith(FIGURE_ASSETS)),
            "page_bytes_first_visit": sizes["html"] + sum(resource_bytes.values()),
        }
        assert figure_bytes <= MAX_FIGURE_BYTES_PER_PAGE, f"{docname}: figures weigh {figure_bytes} bytes"
    (html_dir.parent / REPORT).write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    assert bundle_bytes < 1_000_000, f"the Vega bundle grew to {bundle_bytes} bytes"


def test_a_running_notebook_shows_the_figure_and_saves_a_valid_notebook(tmp_path):
    """Notebook parity: the chapter's cell, run in a Jupyter kernel, outputs the Vega-Lite figure
    (JupyterLab draws it) and altair's HTML (for other front ends), in a notebook nbformat accepts."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'from actlib.interactive import activation_explorer\nactivation_explorer("elu")')])
    client = NotebookClient(notebook, timeout=120, resources={"metadata": {"path": tmp_path}})
    client.execute()
    (output,) = notebook.cells[0].outputs
    assert VEGALITE_MIME_TYPE in output["data"] and "text/html" in output["data"]
    assert output["data"][VEGALITE_MIME_TYPE]["usermeta"]["actlib"]["activation"] == "elu"
    nbformat.validate(notebook)  # a figure output must not make the saved notebook invalid
