"""The shared figure: two labelled panels, white background, no false vertical lines."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import actlib  # noqa: E402, F401
from actlib.plotting import break_at_jumps, plot_function_and_derivative, plot_with_tape  # noqa: E402


def test_figure_has_function_and_derivative_panels_with_labels():
    fig = plot_function_and_derivative("sigmoid", variants={"a": {}}, autograd={"a": ([0.0], [0.25])})
    function_ax, derivative_ax = fig.axes
    assert function_ax.get_xlabel() == "x" and "sigmoid" in function_ax.get_ylabel()
    assert "d sigmoid(x) / dx" == derivative_ax.get_ylabel()
    assert matplotlib.colors.to_hex(fig.get_facecolor()) == "#ffffff"  # legible in dark mode
    marker_lines = [line for line in derivative_ax.lines if line.get_marker() == "o"]
    assert len(marker_lines) == 1 and list(marker_lines[0].get_ydata()) == [0.25]
    derivative_line = derivative_ax.lines[0]
    assert abs(np.nanmax(derivative_line.get_ydata()) - 0.25) < 1e-4  # sigmoid' peaks at 1/4


def test_jumps_are_broken_and_smooth_curves_are_not():
    x = np.linspace(-1, 1, 201)
    _, y = break_at_jumps(x, actlib.derivative("relu")(x))
    assert np.isnan(y).sum() == 1
    _, y = break_at_jumps(x, actlib.sigmoid(x))
    assert not np.isnan(y).any()


def test_non_elementwise_activations_are_refused():
    with pytest.raises(ValueError, match="softmax is not elementwise"):
        plot_function_and_derivative("softmax")


def test_legend_is_outside_the_panels():
    """Legends used to sit inside the derivative panel and cover its curves."""
    fig = plot_function_and_derivative(
        "relu", variants={"a": {}, "b": {"negative_slope": 0.1}}, autograd={"a": ([0.0], [0.0])}
    )
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert len(fig.legends) == 1 and all(ax.get_legend() is None for ax in fig.axes)
    legend_box = fig.legends[0].get_window_extent(renderer)
    for ax in fig.axes:
        assert not legend_box.overlaps(ax.get_window_extent(renderer)), "the legend covers a panel"
    assert {text.get_text() for text in fig.legends[0].get_texts()} == {"a", "b", "a (tf.GradientTape)"}


def test_plot_with_tape_puts_tensorflows_derivative_on_the_formula():
    fig = plot_with_tape("elu", {"alpha=0.5": {"alpha": 0.5}, "alpha=2": {"alpha": 2.0}}, x_range=(-3.0, 1.0))
    markers = [line for line in fig.axes[1].lines if line.get_marker() == "o"]
    assert len(markers) == 2
    for line, alpha in zip(markers, (0.5, 2.0), strict=True):
        x, slope = line.get_xdata(), line.get_ydata()
        assert len(x) == 29 and x.min() == -3.0 and x.max() == 1.0
        # elu'(x) = alpha * exp(x) for x < 0 and 1 for x > 0, written out here, not taken from actlib
        expected = np.where(x > 0, 1.0, alpha * np.exp(x.astype(np.float64)))
        np.testing.assert_allclose(slope, expected, rtol=1e-6)
