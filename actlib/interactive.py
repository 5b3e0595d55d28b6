"""Interactive figures that work on the book's HTML pages, with no kernel and no network.

A figure here is a Vega-Lite chart (built with altair) whose sliders, checkboxes and radio
buttons are Vega-Lite parameters bound to HTML inputs. Every curve it can show is computed
here, in Python, by actlib, over a grid of parameter values, and embedded in the chart as
data: moving a slider only selects which precomputed curve is drawn, so what the reader sees
is actlib's curve (activation values rounded to ``DECIMALS`` decimals, experiment values to
``SIGNIFICANT`` significant digits).

The data is one row per x value, with one array entry per combination of the controls
(``y[k]`` is the curve of combination ``k``); the chart computes ``k`` from the controls'
signals (:meth:`ControlGrid.index_expression`), so the figure's size grows with the number
of combinations times the number of x values, not more.

:class:`InteractiveFigure` shows the chart in Jupyter (Vega-Lite's MIME type, and altair's
HTML for front ends without a Vega-Lite renderer) and on the book's pages, where the
MyST-NB plugin :class:`actlib.book_figures.ExplorerFigure` turns it into a live view plus a
static image for print and for readers without JavaScript.
"""

import itertools
import json
import math
from dataclasses import dataclass

import altair as alt
import numpy as np
from altair.vegalite.v6.display import html_renderer

from actlib.plotting import COLOURS
from actlib.registry import get

# Vega-Lite 6 as a Jupyter MIME type (JSON types must end in +json for nbformat; altair 6 writes
# ".v6.json", which nbformat rejects as a notebook output).
VEGALITE_MIME_TYPE = "application/vnd.vegalite.v6+json"
DECIMALS = 6  # activation values: rounding error <= 5e-7
SIGNIFICANT = 7  # experiment values (gradient norms span many decades): relative error <= 5e-7
WIDTH = "container"  # the chart takes its container's width: the text column, or a 390 px phone
HEIGHT = 260


@dataclass(frozen=True)
class Slider:
    """A range input over the evenly spaced ``values`` (at least two, increasing).

    With ``optional=True`` the parameter may also be switched off (``None``, e.g. ReLU's
    ``max_value``) with a checkbox named ``use_<name>``.
    """

    name: str
    values: tuple
    label: str = ""
    optional: bool = False

    def __post_init__(self):
        values = np.asarray(self.values, dtype=np.float64)
        if values.ndim != 1 or values.size < 2 or not np.all(np.isfinite(values)):
            raise ValueError(f"slider {self.name!r} needs at least two finite values, got {self.values!r}.")
        steps = np.diff(values)
        if not np.all(steps > 0) or not np.allclose(steps, steps[0], rtol=1e-9, atol=1e-12):
            raise ValueError(f"slider {self.name!r} needs evenly spaced increasing values, "
                             f"got {self.values!r}.")
        object.__setattr__(self, "values", tuple(round(float(v), 10) for v in values))

    @property
    def step(self):
        return round(self.values[1] - self.values[0], 10)

    def choices(self):
        """The parameter values, in the order of :meth:`index_expression`."""
        return ((None,) if self.optional else ()) + self.values

    def index_expression(self):
        """Vega expression: the position of the current value in :meth:`choices`."""
        position = f"round(({self.name} - {self.values[0]}) / {self.step})"
        return f"({self.switch_name} ? 1 + {position} : 0)" if self.optional else position

    @property
    def switch_name(self):
        return f"use_{self.name}"

    def params(self, initial):
        label = self.label or self.name
        start = self.values[-1] if initial is None else initial
        slider = alt.param(name=self.name, value=start, bind=alt.binding_range(
            min=self.values[0], max=self.values[-1], step=self.step, name=f"{label} "))
        if not self.optional:
            return [slider]
        switch = alt.param(name=self.switch_name, value=initial is not None,
                           bind=alt.binding_checkbox(name=f"use {label} "))
        return [switch, slider]


@dataclass(frozen=True)
class Toggle:
    """A checkbox for a boolean parameter (GELU's ``approximate``)."""

    name: str
    label: str = ""

    def choices(self):
        return (False, True)

    def index_expression(self):
        return f"({self.name} ? 1 : 0)"

    def params(self, initial):
        return [alt.param(name=self.name, value=bool(initial),
                          bind=alt.binding_checkbox(name=f"{self.label or self.name} "))]


@dataclass(frozen=True)
class Choice:
    """Radio buttons over a few named or unevenly spaced ``options``."""

    name: str
    options: tuple
    label: str = ""

    def choices(self):
        return tuple(self.options)

    def index_expression(self):
        return f"indexof({json.dumps(list(self.options))}, {self.name})"

    def params(self, initial):
        return [alt.param(name=self.name, value=initial, bind=alt.binding_radio(
            options=list(self.options), name=f"{self.label or self.name} "))]


# Vega's own signals: a control with one of these names would replace them.
RESERVED_NAMES = {"width", "height", "padding", "autosize", "background", "style", "cursor", "datum"}


class ControlGrid:
    """The controls of one figure and every combination of their values."""

    def __init__(self, controls):
        self.controls = list(controls)
        names = [c.name for c in self.controls]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"a figure needs at least one control and distinct names, got {names}.")
        if RESERVED_NAMES & set(names):
            raise ValueError(f"control names {sorted(RESERVED_NAMES & set(names))} are Vega's own signals; "
                             "rename the control (its label can keep the name).")

    def combinations(self):
        """Every combination of the controls' values as a dict, in index order (last control fastest)."""
        names = [c.name for c in self.controls]
        return [dict(zip(names, values, strict=True))
                for values in itertools.product(*(c.choices() for c in self.controls))]

    def index_expression(self):
        """Vega expression for the position of the current combination in :meth:`combinations`."""
        terms, stride = [], 1
        for control in reversed(self.controls):
            terms.append(f"{control.index_expression()} * {stride}")
            stride *= len(control.choices())
        return " + ".join(reversed(terms))

    def params(self, initial):
        return [p for c in self.controls for p in c.params(initial[c.name])]


def rounded(values, decimals=DECIMALS):
    """``values`` as a list of floats rounded to ``decimals`` places; NaN and infinity become None."""
    return [round(float(v), decimals) if math.isfinite(v) else None for v in np.ravel(values)]


def significant(values, digits=SIGNIFICANT):
    """``values`` as floats with ``digits`` significant digits; NaN and infinity become None."""
    return [float(f"{v:.{digits - 1}e}") if math.isfinite(v) else None for v in np.ravel(values)]


def indexed_table(x_name, x_values, series):
    """Rows for an indexed chart: ``{x_name: x, name: [value of combination k, ...]}`` per x value.

    ``series`` maps a series name to a 2-D array of shape (combinations, len(x_values)) (already
    rounded lists are fine); missing values may be None.
    """
    rows = []
    for i, x in enumerate(x_values):
        row = {x_name: x.item() if hasattr(x, "item") else x}
        for name, table in series.items():
            row[name] = [curve[i] for curve in table]
        rows.append(row)
    return rows


class InteractiveFigure:
    """A Vega-Lite chart with a text alternative, shown live in Jupyter and on the book's pages.

    ``kind`` and ``setup`` (what the figure shows and the inputs it was computed from) are kept in
    the specification's ``usermeta``, where a reader of the page's JSON, or a test, finds them.
    """

    def __init__(self, chart, alt_text, kind, **setup):
        if not alt_text or not alt_text.strip():
            raise ValueError("an interactive figure needs alt text, describing it for readers who cannot "
                             "see it.")
        self.chart = chart
        self.alt_text = alt_text
        self.usermeta = {"actlib": {"explorer": kind, **setup}}

    def to_dict(self):
        """The Vega-Lite specification, with the alt text as its ``description``."""
        return {**self.chart.to_dict(), "description": self.alt_text, "usermeta": self.usermeta}

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Vega-Lite's MIME type (JupyterLab, the book) and altair's HTML (other front ends)."""
        spec = self.to_dict()
        html = html_renderer(spec)["text/html"]
        return {VEGALITE_MIME_TYPE: spec, "text/html": html, "text/plain": self.alt_text}


def static_spec(spec, width=640):
    """``spec`` with a fixed width (a static image has no container to fit)."""
    return {**spec, "width": width}


def _base_chart(rows, grid, initial, title):
    """A chart of ``rows`` with the controls of ``grid`` and the field ``combination`` they select."""
    if initial is None:  # the caller adds the params, title and size (to a layered chart)
        chart = alt.Chart(alt.Data(values=rows))
    else:
        chart = alt.Chart(alt.Data(values=rows), title=title, width=WIDTH, height=HEIGHT)
        chart = chart.add_params(*grid.params(initial))
    return chart.transform_calculate(combination=grid.index_expression())


# --- Parameter explorers for activations ------------------------------------------------------

EXPLORER_CONTROLS = {
    "relu": [Slider("negative_slope", tuple(np.arange(0.0, 0.31, 0.1))),
             Slider("max_value", (2.0, 4.0, 6.0), optional=True),
             Slider("threshold", tuple(np.arange(-1.0, 1.01, 0.5)))],
    "leaky_relu": [Slider("negative_slope", tuple(np.arange(0.0, 1.001, 0.05)))],
    "elu": [Slider("alpha", tuple(np.arange(0.1, 3.001, 0.1)))],
    "celu": [Slider("alpha", tuple(np.arange(0.1, 3.001, 0.1)))],
    "gelu": [Toggle("approximate")],
    "squareplus": [Slider("b", tuple(np.arange(0.0, 10.001, 0.5)))],
    "hard_shrink": [Slider("threshold", tuple(np.arange(0.0, 1.501, 0.1)))],
    "soft_shrink": [Slider("threshold", tuple(np.arange(0.0, 1.501, 0.1)))],
    "threshold": [Slider("threshold", tuple(np.arange(-2.0, 2.001, 0.25))),
                  Slider("default_value", tuple(np.arange(-1.0, 1.001, 0.5)))],
}
"""The controls of each activation's explorer: its Keras parameters over a grid."""

EXPLORER_POINTS = 121


def explorer_x(name, points=EXPLORER_POINTS):
    """The x values an activation's explorer samples: ``points`` evenly spaced over its plot range."""
    lo, hi = get(name).plot_range
    return np.round(np.linspace(lo, hi, points), DECIMALS)  # the x values the page shows, exactly


def activation_explorer(name, controls=None, points=EXPLORER_POINTS):
    """An interactive figure of activation ``name`` and its derivative, with a control per parameter.

    ``controls`` (default ``EXPLORER_CONTROLS[name]``) are :class:`Slider`, :class:`Toggle` or
    :class:`Choice` objects named after the activation's keyword arguments; the other parameters
    keep their Keras defaults. Every combination is computed with actlib at ``points`` x values.
    """
    activation = get(name)
    if controls is None:
        if name not in EXPLORER_CONTROLS:
            raise ValueError(f"no explorer controls for {name!r}; give controls, or use one of "
                             f"{sorted(EXPLORER_CONTROLS)}.")
        controls = EXPLORER_CONTROLS[name]
    grid = ControlGrid(controls)
    unknown = {c.name for c in grid.controls} - set(activation.parameters)
    if unknown:
        raise ValueError(f"{name} has no parameter {sorted(unknown)}; "
                         f"it has {sorted(activation.parameters)}.")
    x = explorer_x(name, points)
    curves, slopes = [], []
    for combination in grid.combinations():
        params = {**activation.parameters, **combination}
        curves.append(rounded(activation.function(x, **params)))
        slopes.append(rounded(activation.derivative(x, **params)))
    rows = indexed_table("x", x, {"y": curves, "dy": slopes})
    initial = {c.name: activation.parameters[c.name] for c in grid.controls}
    series = {"y": f"{name}(x)", "dy": "derivative"}
    chart = (
        _base_chart(rows, grid, initial, f"{name} and its derivative")
        .transform_calculate(**{label: f"datum.{key}[datum.combination]" for key, label in series.items()})
        .transform_fold(list(series.values()), as_=["curve", "value"])
        .mark_line(clip=True)
        .encode(
            x=alt.X("x:Q", title="x"),
            y=alt.Y("value:Q", title=None),
            color=alt.Color("curve:N", title=None, sort=list(series.values()),
                            scale=alt.Scale(range=COLOURS[:2]), legend=alt.Legend(orient="top")),
            strokeDash=alt.StrokeDash("curve:N", sort=list(series.values()), legend=None,
                                      scale=alt.Scale(range=[[1, 0], [6, 3]])),
        )
    )
    names = ", ".join(c.name for c in grid.controls)
    alt_text = (f"Interactive plot of {name}(x) (solid) and its derivative (dashed) for x from "
                f"{x[0]:g} to {x[-1]:g}, with controls for {names}; moving a control redraws both "
                "curves with that parameter value.")
    return InteractiveFigure(chart, alt_text, "activation", activation=name)


# --- Softmax temperature ------------------------------------------------------------------------

TEMPERATURES = Slider("temperature", tuple(np.arange(0.1, 5.001, 0.1)), label="temperature T")


def softmax_temperature_explorer(logits, temperature=TEMPERATURES):
    """An interactive bar chart of ``softmax(logits / T)`` with a slider for the temperature ``T``.

    ``logits`` is a fixed 1-D vector; ``temperature`` a :class:`Slider` over positive values.
    """
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 1 or logits.size < 2 or not np.all(np.isfinite(logits)):
        raise ValueError(f"logits must be a 1-D vector of at least two finite numbers, got {logits!r}.")
    if temperature.values[0] <= 0:
        raise ValueError(f"temperatures must be positive, got {temperature.values[0]}.")
    grid = ControlGrid([temperature])
    probabilities = [rounded(get("softmax").function(logits / c["temperature"])) for c in grid.combinations()]
    labels = [f"class {i} (logit {z:g})" for i, z in enumerate(logits)]
    rows = indexed_table("class", labels, {"p": probabilities})
    chart = (
        _base_chart(rows, grid, {"temperature": 1.0}, "softmax(logits / T)")
        .transform_calculate(probability="datum.p[datum.combination]")
        .mark_bar(color=COLOURS[0])
        .encode(x=alt.X("class:N", sort=labels, title=None, axis=alt.Axis(labelAngle=0, labelLimit=90)),
                y=alt.Y("probability:Q", scale=alt.Scale(domain=[0, 1]), title="probability"))
    )
    alt_text = (f"Interactive bar chart of softmax of the logits {', '.join(f'{z:g}' for z in logits)} "
                f"divided by a temperature T, with a slider for T from {temperature.values[0]:g} to "
                f"{temperature.values[-1]:g}: small T puts almost all probability on the largest logit, "
                "large T spreads it evenly.")
    return InteractiveFigure(chart, alt_text, "softmax_temperature", logits=logits.tolist())


# --- Experiment explorers -------------------------------------------------------------------------

def _per_layer_chart(rows, grid, initial, title, value_title, log_scale=False, bars=False):
    """A chart of ``datum.v[combination]`` against ``layer``, one mark per layer."""
    scale = alt.Scale(type="log") if log_scale else alt.Scale(domain=[0, 1])
    axis = alt.Axis(format=".0e") if log_scale else alt.Axis()
    base = (
        _base_chart(rows, grid, initial, title)
        .transform_calculate(value="datum.v[datum.combination]")
        .transform_filter("isValid(datum.value)")
    )
    mark = base.mark_bar(color=COLOURS[0]) if bars else base.mark_line(point=True, color=COLOURS[0])
    x = alt.X("layer:O" if bars else "layer:Q", title="hidden layer (1 = next to the input)",
              axis=alt.Axis(labelAngle=0))
    return mark.encode(x=x, y=alt.Y("value:Q", title=value_title, scale=scale, axis=axis))


VANISHING_DEPTHS = Slider("depth", tuple(range(1, 51, 7)), label="depth")
VANISHING_ACTIVATIONS = Choice("activation", ("sigmoid", "tanh", "relu"))
VANISHING_INITIALIZERS = Choice("initializer", ("glorot_uniform", "he_normal"), label="initialiser")


def gradient_norm_grid(x, y, width, depths=VANISHING_DEPTHS, activations=VANISHING_ACTIVATIONS,
                       initializers=VANISHING_INITIALIZERS, seed=0):
    """Gradient norm per layer (:func:`actlib.vanishing.gradient_norms`) for every combination.

    Returns ``(grid, norms)``: the :class:`ControlGrid` (activation, initialiser, depth) and one
    array of per-layer norms per combination, in the grid's order.
    """
    from actlib.vanishing import gradient_norms

    grid = ControlGrid([activations, initializers, depths])
    norms = [gradient_norms(x, y, int(c["depth"]), width, c["activation"], c["initializer"], seed=seed)
             for c in grid.combinations()]
    return grid, norms


def vanishing_explorer(grid, norms, width):
    """An interactive plot of the gradient norm per layer, from :func:`gradient_norm_grid`'s results."""
    max_depth = max(len(n) for n in norms)
    padded = [significant(n) + [None] * (max_depth - len(n)) for n in norms]
    rows = indexed_table("layer", range(1, max_depth + 1), {"v": padded})
    initial = {c.name: c.choices()[-1] if isinstance(c, Slider) else c.choices()[0] for c in grid.controls}
    title = f"Gradient norm per layer at initialisation (width {width})"
    chart = _per_layer_chart(rows, grid, initial, title, "gradient norm ||dL/dW||", log_scale=True)
    depths = next(c for c in grid.controls if c.name == "depth").values
    choices = {c.name: ", ".join(map(str, c.choices())) for c in grid.controls if isinstance(c, Choice)}
    alt_text = ("Interactive log-scale plot of the gradient norm of each hidden layer's weights at "
                f"initialisation, with a slider for the depth ({depths[0]:g} to {depths[-1]:g} layers) and "
                f"radio buttons for the activation ({choices.get('activation', '')}) and the initialiser "
                f"({choices.get('initializer', '')}); the line shows how the norm changes from the last "
                "layer to the first.")
    return InteractiveFigure(chart, alt_text, "vanishing", width=width)


def dead_fraction_explorer(runs):
    """An interactive bar chart of the dead fraction per layer after each epoch, for each learning rate.

    ``runs`` maps a learning rate to the record :func:`actlib.dying.train_and_count_dead` returned.
    """
    rates = tuple(float(lr) for lr in runs)
    epochs = {len(run["dead"]) for run in runs.values()}
    depths = {run["dead"].shape[1] for run in runs.values()}
    if len(epochs) != 1 or len(depths) != 1:
        raise ValueError("every run must have the same number of epochs and layers.")
    epoch_count, depth = epochs.pop() - 1, depths.pop()
    grid = ControlGrid([Choice("learning_rate", rates, label="learning rate"),
                        Slider("epoch", tuple(range(epoch_count + 1)))])
    fractions = [rounded(runs[c["learning_rate"]]["dead"][int(c["epoch"])]) for c in grid.combinations()]
    rows = indexed_table("layer", range(1, depth + 1), {"v": fractions})
    chart = _per_layer_chart(rows, grid, {"learning_rate": rates[-1], "epoch": epoch_count},
                             "Dead ReLU units per layer", "fraction of units dead", bars=True)
    alt_text = (f"Interactive bar chart of the fraction of dead units in each of the {depth} hidden "
                f"layers, with radio buttons for the learning rate ({', '.join(f'{r:g}' for r in rates)}) "
                f"and a slider for the epoch (0 to {epoch_count}); it starts at the highest learning "
                "rate after the last epoch.")
    return InteractiveFigure(chart, alt_text, "dead_fraction")


def born_dead_explorer(curves, depth_label="depth"):
    """An interactive plot of the probability that a ReLU network is born dead, against its depth.

    ``curves`` maps a width to :func:`actlib.born_dead.born_dead_curve`'s array (depths 1, 2, ...).
    Radio buttons pick the width; a slider picks a depth, whose probability is marked and printed.
    """
    widths = tuple(int(w) for w in curves)
    max_depth = min(len(c) for c in curves.values())
    grid = ControlGrid([Choice("network_width", widths, label="width")])
    probabilities = [rounded(curves[c["network_width"]][:max_depth]) for c in grid.combinations()]
    rows = indexed_table("depth", range(1, max_depth + 1), {"v": probabilities})
    depth = alt.param(name="chosen_depth", value=min(10, max_depth),
                      bind=alt.binding_range(min=1, max=max_depth, step=1, name=f"{depth_label} "))
    title = "Probability that a ReLU network is born dead"
    base = _base_chart(rows, grid, None, title)
    base = base.transform_calculate(probability="datum.v[datum.combination]")
    x = alt.X("depth:Q", title="depth (hidden layers)")
    y = alt.Y("probability:Q", title="probability born dead", scale=alt.Scale(domain=[0, 1]))
    line = base.mark_line(color=COLOURS[0]).encode(x=x, y=y)
    chosen = base.transform_filter("datum.depth == chosen_depth")
    point = chosen.mark_point(filled=True, size=80, color=COLOURS[1]).encode(x=x, y=y)
    label = chosen.mark_text(align="left", dx=8, dy=-8, fontSize=13).encode(
        x=x, y=y, text=alt.Text("probability:Q", format=".3f"))
    chart = alt.layer(line, point, label, title=title, width=WIDTH, height=HEIGHT)
    chart = chart.add_params(*grid.params({"network_width": widths[0]}), depth)
    alt_text = (f"Interactive plot of the probability that a ReLU network of a given width is born dead "
                f"against its depth from 1 to {max_depth}, with radio buttons for the width "
                f"({', '.join(map(str, widths))}) and a slider for a depth whose probability is marked "
                "and printed.")
    return InteractiveFigure(chart, alt_text, "born_dead")
