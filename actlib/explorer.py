"""Explore an activation's parameters: sliders in a notebook, small multiples in the HTML book.

:func:`explorer` returns an ipywidgets panel: pick an activation, move a
slider for each of its parameters (``negative_slope``, ``threshold``,
``max_value``, ``alpha``, ``b``, ...), and the function and its derivative
are redrawn with :func:`actlib.plotting.plot_function_and_derivative`.
Widgets need a live Jupyter kernel, so the HTML book shows
:func:`static_figure` instead: one panel per parameter value.
"""

import matplotlib.pyplot as plt
import numpy as np

from actlib.plotting import COLOURS, plot_function_and_derivative, use_book_style
from actlib.registry import ACTIVATIONS, get

# Slider ranges (low, high, step) for the parameters Keras activations take.
SLIDER_RANGES = {
    "negative_slope": (0.0, 1.0, 0.01),
    "threshold": (-2.0, 2.0, 0.05),
    "max_value": (0.5, 10.0, 0.1),
    "alpha": (0.1, 3.0, 0.05),
    "b": (0.0, 10.0, 0.1),
    "default_value": (-2.0, 2.0, 0.05),
}
NOT_EXPLORED = ("axis",)  # shape arguments, not shape-of-the-curve arguments


def tunable_parameters(name):
    """The parameters of activation ``name`` a slider or checkbox can explore, with Keras defaults."""
    return {key: value for key, value in get(name).parameters.items() if key not in NOT_EXPLORED}


def explorable_names():
    """Registry activations that have at least one tunable parameter."""
    return [name for name in ACTIVATIONS if tunable_parameters(name)]


def parameter_widgets(name):
    """One widget per tunable parameter of ``name``: a Checkbox for booleans, else a FloatSlider.

    A parameter whose Keras default is ``None`` (ReLU's ``max_value``) gets a
    slider that starts disabled, with a checkbox to switch it on. Returns
    ``{parameter: widget}``; read values back with :func:`widget_values`.
    """
    import ipywidgets as widgets

    controls = {}
    for key, default in tunable_parameters(name).items():
        if isinstance(default, bool):
            controls[key] = widgets.Checkbox(value=default, description=key)
            continue
        low, high, step = SLIDER_RANGES.get(key, (-3.0, 3.0, 0.05))
        start = high if default is None else float(default)
        slider = widgets.FloatSlider(value=start, min=min(low, start), max=max(high, start), step=step,
                                     description=key, continuous_update=False)
        if default is None:
            switch = widgets.Checkbox(value=False, description=f"use {key}")
            slider.disabled = True
            switch.observe(lambda change, s=slider: setattr(s, "disabled", not change["new"]), "value")
            controls[key] = widgets.HBox([switch, slider])
        else:
            controls[key] = slider
    return controls


def widget_values(controls):
    """Turn :func:`parameter_widgets`' widgets into keyword arguments (``None`` for a switched-off one)."""
    values = {}
    for key, control in controls.items():
        if hasattr(control, "children"):  # checkbox + slider for a parameter that may be None
            switch, slider = control.children
            values[key] = slider.value if switch.value else None
        else:
            values[key] = control.value
    return values


def explorer(name="relu"):
    """An ipywidgets panel: a dropdown of elementwise activations, their parameter widgets, a live plot."""
    import ipywidgets as widgets
    from IPython.display import display

    if not get(name).elementwise:
        raise ValueError(f"the explorer draws elementwise activations; {name!r} acts on whole vectors.")
    options = [n for n, a in ACTIVATIONS.items() if a.elementwise]
    dropdown = widgets.Dropdown(options=options, value=name, description="activation")
    controls_box = widgets.VBox()
    output = widgets.Output()
    state = {}

    def redraw(_change=None):
        params = widget_values(state["controls"])
        label = ", ".join(f"{k}={v}" for k, v in params.items()) or dropdown.value
        output.clear_output(wait=True)
        with output:
            fig = plot_function_and_derivative(dropdown.value, variants={label: params})
            display(fig)
            plt.close(fig)

    def rebuild(_change=None):
        state["controls"] = parameter_widgets(dropdown.value)
        controls_box.children = list(state["controls"].values())
        for control in state["controls"].values():
            for widget in getattr(control, "children", (control,)):
                widget.observe(redraw, "value")
        redraw()

    dropdown.observe(rebuild, "value")
    rebuild()
    return widgets.VBox([dropdown, controls_box, output])


def static_figure(name, parameter, values, x_range=None, points=401):
    """Small multiples for the HTML book: one panel per value of ``parameter``.

    Each panel draws activation ``name`` (solid) and its derivative (dashed)
    with ``parameter`` set to one of ``values`` and the other parameters at
    their Keras defaults. Returns the matplotlib figure.
    """
    defaults = tunable_parameters(name)
    if parameter not in defaults:
        raise ValueError(f"{name} has no tunable parameter {parameter!r}; it has {sorted(defaults)}.")
    values = list(values)
    if not values:
        raise ValueError("values is empty; give at least one value of the parameter to draw.")
    use_book_style()
    activation = get(name)
    lo, hi = x_range if x_range is not None else activation.plot_range
    x = np.linspace(lo, hi, points)
    fig, axes = plt.subplots(1, len(values), figsize=(2.6 * len(values) + 0.6, 3.0),
                             sharey=True, layout="constrained", squeeze=False)
    for ax, value in zip(axes[0], values, strict=True):
        params = {**get(name).parameters, parameter: value}
        ax.plot(x, activation.function(x, **params), color=COLOURS[0], label=f"{name}(x)")
        ax.plot(x, activation.derivative(x, **params), color=COLOURS[1], linestyle="--", label="derivative")
        ax.axhline(0, color="0.4", linewidth=0.8)
        ax.axvline(0, color="0.4", linewidth=0.8)
        ax.set(title=f"{parameter}={value}", xlabel="x")
    axes[0][0].legend(fontsize=8, loc="upper left")
    return fig
