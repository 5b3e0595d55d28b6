"""One figure style for the whole book: the function beside its derivative.

Figures have an opaque white background and dark ink, so they stay legible
when the reader switches the book to its dark theme. Colours come from the
Okabe-Ito palette, which colour-blind readers can tell apart.
"""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from actlib.registry import get

COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

BOOK_STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=COLOURS),
    "lines.linewidth": 2.0,
    "legend.frameon": False,
}


def use_book_style():
    """Apply the book's matplotlib style to every later figure."""
    plt.rcParams.update(BOOK_STYLE)


def break_at_jumps(x, y, fraction=0.1):
    """Insert NaN between neighbours whose values jump by more than ``fraction`` of y's range.

    Matplotlib would otherwise join a discontinuity (ReLU's derivative at 0) with a vertical
    line that the function does not have.
    """
    y = np.asarray(y, dtype=np.float64)
    finite = y[np.isfinite(y)]
    if finite.size == 0:
        return x, y
    span = finite.max() - finite.min()
    jumps = np.flatnonzero(np.abs(np.diff(y)) > fraction * span) + 1 if span > 0 else []
    return np.insert(x, jumps, np.nan), np.insert(y, jumps, np.nan)


def plot_function_and_derivative(name, variants=None, x_range=None, autograd=None, points=801):
    """Plot activation ``name`` (left) and its derivative (right).

    ``variants`` maps a legend label to a dict of keyword arguments, e.g.
    ``{"negative_slope=0.1": {"negative_slope": 0.1}}``; by default the
    activation is drawn once with Keras' defaults. ``autograd`` optionally
    maps the same labels to ``(x, dy/dx)`` pairs measured with TensorFlow,
    drawn as markers over the analytic derivative so the two can be compared.
    Returns the matplotlib figure.
    """
    use_book_style()
    activation = get(name)
    if not activation.elementwise:
        raise ValueError(
            f"{name} is not elementwise: each output depends on the whole input vector, so it "
            "has no curve over x to plot. Plot it for a family of input vectors instead."
        )
    lo, hi = x_range if x_range is not None else activation.plot_range
    x = np.linspace(lo, hi, points)
    # By default: Keras' defaults, plus example values for parameters Keras requires.
    variants = variants or {name: {k: activation.parameters[k] for k in activation.required_parameters}}
    fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    for colour, (label, params) in zip(COLOURS, variants.items(), strict=False):
        ax_f.plot(*break_at_jumps(x, activation.function(x, **params)), color=colour, label=label)
        ax_d.plot(*break_at_jumps(x, activation.derivative(x, **params)), color=colour, label=label)
        if autograd and label in autograd:
            xs, ds = autograd[label]
            ax_d.plot(xs, ds, "o", color=colour, markersize=4, markerfacecolor="none",
                      label=f"{label} (tf.GradientTape)")
    ax_f.set(title=f"{name}(x)", xlabel="x", ylabel=f"{name}(x)")
    ax_d.set(title=f"derivative of {name}", xlabel="x", ylabel=f"d {name}(x) / dx")
    for ax in (ax_f, ax_d):
        ax.axhline(0, color="0.4", linewidth=0.8)
        ax.axvline(0, color="0.4", linewidth=0.8)
    if len(variants) > 1 or autograd:
        add_legend_below(fig, ax_d)
    return fig


def add_legend_below(fig, ax):
    """One legend for the figure, under its panels, so that it never covers a curve.

    The entries are those of ``ax`` (the derivative panel has every curve and marker). A legend
    inside a panel ("best" place) still lands on data when the curves fill the panel, as the
    derivatives' do.
    """
    handles, labels = ax.get_legend_handles_labels()
    return fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 3), fontsize=9)
