"""The interactive figures (actlib.interactive): the library, and the reader's experience in a browser.

The browser tests open each chapter page that shows figures in headless Chromium (fixtures of
test_browser.py), move every control with the keyboard and read what the figure then plots from
Vega's own API (``view.signal``, ``view.data``), not from pixels, and compare it with what actlib
computes here for the same parameters. They also check that the page needs nothing from another
host, logs no console error, loads Vega once, shows the static image in print and without
JavaScript, fits a 390 px phone with text large enough to read, and passes axe-core's checks in
dark mode. One test opens the figures in JupyterLab itself (notebook parity).
"""

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

import numpy as np
import pytest
import vl_convert
from test_browser import browser, site  # noqa: F401 - the module's browser fixtures

import actlib
from actlib.book_figures import unpack_spec
from actlib.interactive import (
    JUPYTERLAB_MIME_TYPE,
    VEGALITE_MIME_TYPE,
    Choice,
    ControlGrid,
    Slider,
    Toggle,
    activation_explorer,
    dead_fraction_explorer,
    softmax_temperature_explorer,
    variants_explorer,
)
from actlib.registry import ACTIVATIONS, get

# The pages with interactive figures, and how many each shows (the chapters' cells).
FIGURE_PAGES = {
    "chapters/relu_family": 5,
    "chapters/smooth_activations": 1,
    "chapters/cheap_approximations": 4,
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
# Smallest text, in CSS px, on a 390 px phone and on a desktop: chart labels, titles, legends, the
# controls' labels and values, and the static images. 11 px is about the smallest size phone
# guidelines allow for secondary text (Apple's caption style is 11-12 pt).
MIN_TEXT_PX = 11
DESKTOP = {"width": 1280, "height": 900}

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


def test_variants_explorer_refuses_activations_with_parameters():
    with pytest.raises(ValueError, match="elu has parameters"):
        variants_explorer({"elu": "relu"})
    with pytest.raises(ValueError, match="at least one"):
        variants_explorer({})


def test_selu_is_shown_with_the_constants_keras_uses_and_no_slider_for_them():
    """SELU's λ and α are fixed: the ELU figure shows their values (as Keras computes them) and
    offers only a checkbox for SELU's curves."""
    import keras

    spec = activation_explorer("elu").to_dict()
    shown = dict(re.findall(r"(λ|α) = ([-+0-9.e]+)", " ".join(spec["title"]["subtitle"])))
    keras_scale = float(keras.ops.convert_to_numpy(keras.activations.selu(np.float64(1.0))))
    keras_alpha = -float(keras.ops.convert_to_numpy(keras.activations.selu(np.float64(-60.0)))) / keras_scale
    assert float(shown["λ"]) == pytest.approx(keras_scale, rel=1e-12)
    assert float(shown["α"]) == pytest.approx(keras_alpha, rel=1e-12)
    bound = {param["name"]: param["bind"]["input"] for param in spec["params"]}
    assert bound == {"alpha": "range", "show_selu": "checkbox"}, "only ELU's alpha is a slider"


def test_notebook_output_has_vegalite_6_for_the_book_and_5_for_jupyterlab():
    """Notebook parity: the output a running notebook shows (and the downloaded notebook keeps).
    JupyterLab 4 draws Vega-Lite 5 only, and would prefer HTML to it: outside Colab there is none."""
    bundle, metadata = activation_explorer("leaky_relu")._repr_mimebundle_()
    spec, lab_spec = bundle[VEGALITE_MIME_TYPE], bundle[JUPYTERLAB_MIME_TYPE]
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert lab_spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    assert "leaky_relu" in spec["description"]
    assert "text/html" not in bundle
    assert bundle["text/plain"] == spec["description"]
    assert metadata[JUPYTERLAB_MIME_TYPE]["embed_options"]["renderer"] == "svg"
    vl_convert.vegalite_to_vega(spec)  # Vega-Lite itself compiles both
    oldest_v5 = min((v for v in vl_convert.get_vegalite_versions() if v.startswith("5.")),
                    key=lambda v: tuple(map(int, v.split("."))))
    vl_convert.vegalite_to_vega(lab_spec, vl_version=oldest_v5)


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


def curve_values(name, which, x, params):
    """What actlib gives for activation ``name``'s ``which`` ("function" or "derivative") at ``x``."""
    activation = get(name)
    return getattr(activation, which)(np.array([x]), **params)[0]


def expected_activation_rows(spec, signals, rows):
    """The explorer's own activation with the controls' parameters, and a companion (SELU) with its
    fixed constants; the figure's ``curves`` says which legend entry is which."""
    name = spec["usermeta"]["actlib"]["activation"]
    curves = spec["usermeta"]["actlib"]["curves"]
    expected = []
    for row in rows:
        drawn, which = curves[row["curve"]]
        params = activation_parameters(name, signals) if drawn == name else {}
        expected.append(curve_values(drawn, which, row["x"], params))
    return [row["value"] for row in rows], expected, "absolute"


def expected_variants_rows(spec, signals, rows):
    chosen = signals["activation"]
    names = {"<activation>": chosen, "<imitated>": spec["usermeta"]["actlib"]["variants"][chosen]}
    curves = spec["usermeta"]["actlib"]["curves"]
    expected = [curve_values(names[curves[row["curve"]][0]], curves[row["curve"]][1], row["x"], {})
                for row in rows]
    return [row["value"] for row in rows], expected, "absolute"


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
    "variants": expected_variants_rows,
    "softmax_temperature": expected_softmax_rows,
    "vanishing": expected_vanishing_rows,
    "dead_fraction": expected_dead_fraction_rows,
    "born_dead": expected_born_dead_rows,
}
PLOTTED_FIELD = {"activation": "value", "variants": "value", "softmax_temperature": "probability",
                 "vanishing": "value", "dead_fraction": "value", "born_dead": "probability"}


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


def site_specs(html_dir):
    """Every figure's specification on the built pages, read from the HTML (no browser)."""
    pattern = re.compile(r'class="actlib-explorer-spec"[^>]*>([^<]+)</script>')
    return [unpack_spec(packed) for docname in FIGURE_PAGES
            for packed in pattern.findall((html_dir / f"{docname}.html").read_text())]


def test_every_parameter_of_every_activation_has_a_control_on_some_page(site):  # noqa: F811
    """The registry says which activations have parameters; the book's pages must offer a control for
    each (``axis`` excepted: it is not a shape). Parameterless hard_* functions are picked by radio
    buttons, SELU is drawn with its fixed constants, and softmax has a temperature slider."""
    server, html_dir = site
    specs = site_specs(html_dir)
    controlled, drawn, variants = set(), set(), set()
    for spec in specs:
        meta = spec["usermeta"]["actlib"]
        names = {param["name"] for param in spec.get("params", []) if "bind" in param}
        if meta["explorer"] == "activation":
            controlled |= {(meta["activation"], name) for name in names}
            drawn |= {name for name, _ in meta["curves"].values()}
        elif meta["explorer"] == "variants":
            variants |= set(meta["variants"])
        elif meta["explorer"] == "softmax_temperature":
            controlled |= {("softmax", name) for name in names}
    wanted = {(name, parameter) for name, activation in ACTIVATIONS.items()
              for parameter in activation.parameters if parameter != "axis"}
    assert wanted - controlled == set(), "parameters without a control on any page"
    assert ("softmax", "temperature") in controlled
    assert "selu" in drawn, "SELU is not drawn in any figure"
    hard = {name for name in ACTIVATIONS if name.startswith("hard_") and not get(name).parameters}
    assert hard and hard <= variants, f"hard_* functions not in a figure: {sorted(hard - variants)}"


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
    for docname in ("chapters/relu_family", "chapters/cheap_approximations", "chapters/dying_relu"):
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


# The smallest text of each figure, in CSS px as drawn: size times the SVG's scale on screen.
LIVE_TEXT_SIZES = """() => Array.from(document.querySelectorAll('.actlib-explorer')).map(figure => {
  const chart = Array.from(figure.querySelectorAll('svg.marks text')).filter(t => t.textContent.trim())
    .map(t => {
      const m = t.getScreenCTM();
      return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    });
  const controls = Array.from(figure.querySelectorAll('.vega-bindings label, .vega-bindings span'))
    .filter(e => e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize));
  return {chart: Math.min(...chart), controls: Math.min(...controls), texts: chart.length};
})"""
# A static image's smallest text: its SVG's smallest font size times the image's shown/natural width.
STATIC_TEXT_SIZES = """async () => Promise.all(
  Array.from(document.querySelectorAll('img.actlib-explorer-fallback')).map(async img => {
    img.loading = 'eager';
    await img.decode().catch(() => null);
    const svg = await (await fetch(img.currentSrc)).text();
    const sizes = Array.from(svg.matchAll(/font-size="([0-9.]+)/g), m => parseFloat(m[1]));
    return Math.min(...sizes) * img.getBoundingClientRect().width / img.naturalWidth;
  }))"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_text_of_live_charts_and_static_images_is_legible(browser, site, viewport):  # noqa: F811
    """Axis labels and titles, legends, the controls' labels and values, and the static images'
    text are at least MIN_TEXT_PX CSS pixels on a 390 px phone and on a desktop."""
    server, html_dir = site
    measured = {}
    for javascript in (True, False):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        for docname, count in FIGURE_PAGES.items():
            if javascript:
                page, record = open_page(context, server.url(docname))
                sizes = page.evaluate(LIVE_TEXT_SIZES)
                assert len(sizes) == count and all(size["texts"] > 5 for size in sizes), docname
                measured[f"{docname} chart"] = min(size["chart"] for size in sizes)
                measured[f"{docname} controls"] = min(size["controls"] for size in sizes)
            else:
                page = context.new_page()
                page.goto(server.url(docname), wait_until="load")
                sizes = page.evaluate(STATIC_TEXT_SIZES)
                assert len(sizes) == count, docname
                measured[f"{docname} static image"] = min(sizes)
            page.close()
        context.close()
    print(f"\nsmallest text at {viewport['width']} px (CSS px): {json.dumps(measured, indent=1)}")
    small = {where: round(size, 2) for where, size in measured.items() if not size >= MIN_TEXT_PX}
    assert small == {}, f"text smaller than {MIN_TEXT_PX} px at {viewport['width']} px wide"


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


def executed_notebook(folder):
    """A notebook with two explorers, run in a Jupyter kernel and saved as ``folder/explorers.ipynb``."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('from actlib.interactive import activation_explorer, variants_explorer\n'
                                  'activation_explorer("elu")'),
        nbformat.v4.new_code_cell("variants_explorer()"),
    ])
    NotebookClient(notebook, timeout=120, resources={"metadata": {"path": folder}}).execute()
    nbformat.validate(notebook)  # a figure output must not make the saved notebook invalid
    nbformat.write(notebook, folder / "explorers.ipynb")
    return notebook


@pytest.mark.slow
def test_a_running_notebook_shows_the_figure_and_saves_a_valid_notebook(tmp_path):
    """Notebook parity: the chapter's cell, run in a Jupyter kernel, outputs the Vega-Lite figure
    (6 for the book, 5 for JupyterLab), in a notebook nbformat accepts."""
    notebook = executed_notebook(tmp_path)
    (output,) = notebook.cells[0].outputs
    assert VEGALITE_MIME_TYPE in output["data"] and JUPYTERLAB_MIME_TYPE in output["data"]
    assert output["data"][JUPYTERLAB_MIME_TYPE]["usermeta"]["actlib"]["activation"] == "elu"


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab serving the folder ``tmp_path/lab`` on a free local port, without a token.

    Yields ``(address, folder)``; the server's log is ``tmp_path/jupyterlab.log``.
    """
    folder, log = tmp_path / "lab", tmp_path / "jupyterlab.log"
    folder.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
               f"--port={port}", "--ServerApp.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={folder}"]
    address = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"{address}/api/status", timeout=5)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab did not start: {log.read_text()[-2000:]}")
                time.sleep(1)
        else:
            pytest.fail("JupyterLab did not answer within 3 minutes")
        yield address, folder
    finally:
        server.terminate()
        server.wait(30)


def test_jupyterlab_draws_saved_figures_offline_and_controls_redraw_them(browser, jupyterlab):  # noqa: F811
    """Notebook parity in JupyterLab itself: a saved notebook (not trusted yet) shows both figures,
    drawn by JupyterLab's own Vega with no request leaving the machine; dragging a slider, ticking
    the SELU checkbox and picking another hard_* function redraw them. (JupyterLab's notebook takes
    the arrow keys in command mode, so the slider is moved with the mouse here.)"""
    address, folder = jupyterlab
    executed_notebook(folder)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{address}/lab/tree/explorers.ipynb")
    figures = page.locator(".jp-RenderedVegaLite")
    page.wait_for_selector(".jp-RenderedVegaLite >> nth=1 >> svg.marks", timeout=120_000)
    assert figures.count() == 2
    elu, variants = figures.nth(0), figures.nth(1)
    lines = "svg => Array.from(svg.querySelectorAll('path')).map(p => p.getAttribute('d')).join(' ')"
    before = elu.locator("svg.marks").evaluate(lines)
    slider = elu.locator("input[type=range]")
    box = slider.bounding_box()
    page.mouse.click(box["x"] + 0.9 * box["width"], box["y"] + box["height"] / 2)
    assert float(slider.input_value()) > 1.0
    page.wait_for_function("([svg, before]) => svg.innerHTML.length && "
                           "Array.from(svg.querySelectorAll('path')).map(p => p.getAttribute('d')).join(' ') "
                           "!== before", arg=[elu.locator("svg.marks").element_handle(), before])
    selu = elu.locator("input[type=checkbox]")
    selu.focus()
    page.keyboard.press("Space")
    assert not selu.is_checked()
    title = variants.locator(".role-title-text")
    assert title.text_content() == "hard_sigmoid against sigmoid"
    variants.locator("input[type=radio][value=hard_tanh]").click()
    page.wait_for_function("element => element.textContent === 'hard_tanh against tanh'",
                           arg=title.element_handle())
    context.close()
    assert errors == []
    host = urlsplit(address).netloc
    assert [url for url in requests if urlsplit(url).netloc != host] == [], "a request left the machine"
