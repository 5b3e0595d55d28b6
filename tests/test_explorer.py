"""Tests for actlib.explorer: the widgets and the static small multiples."""

import ipywidgets as widgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from actlib import explorer
from actlib.registry import ACTIVATIONS


def test_relu_is_explorable_with_its_three_parameters():
    assert "relu" in explorer.explorable_names()
    assert set(explorer.tunable_parameters("relu")) == {"negative_slope", "max_value", "threshold"}


def test_axis_is_not_a_slider():
    for name in ACTIVATIONS:
        assert "axis" not in explorer.tunable_parameters(name)


@pytest.mark.parametrize("name", explorer.explorable_names())
def test_widgets_start_at_the_keras_defaults(name):
    controls = explorer.parameter_widgets(name)
    assert set(controls) == set(ACTIVATIONS[name].parameters) - {"axis"}
    for key, control in controls.items():
        assert isinstance(control, (widgets.FloatSlider, widgets.Checkbox, widgets.HBox)), key
    assert explorer.widget_values(controls) == explorer.tunable_parameters(name)


@pytest.mark.parametrize("name", explorer.explorable_names())
def test_explorer_builds_for_every_parameterised_activation(name):
    panel = explorer.explorer(name)
    dropdown, controls_box, output = panel.children
    assert dropdown.value == name
    assert len(controls_box.children) == len(explorer.tunable_parameters(name))
    assert isinstance(output, widgets.Output)
    plt.close("all")


def test_dropdown_offers_every_elementwise_activation_and_refuses_vector_ones():
    dropdown = explorer.explorer("relu").children[0]
    assert set(dropdown.options) == {n for n, a in ACTIVATIONS.items() if a.elementwise}
    with pytest.raises(ValueError, match="'softmax' acts on whole vectors"):
        explorer.explorer("softmax")
    plt.close("all")


def test_switching_on_an_optional_parameter_passes_its_value():
    controls = explorer.parameter_widgets("relu")
    switch, slider = controls["max_value"].children
    assert slider.disabled and explorer.widget_values(controls)["max_value"] is None
    switch.value = True
    slider.value = 3.0
    assert not slider.disabled and explorer.widget_values(controls)["max_value"] == 3.0


def test_dropdown_change_rebuilds_the_sliders():
    panel = explorer.explorer("relu")
    dropdown, controls_box, _ = panel.children
    other = next(n for n in ACTIVATIONS if n != "relu")
    dropdown.value = other
    assert len(controls_box.children) == len(explorer.tunable_parameters(other))
    plt.close("all")


def test_static_figure_has_one_panel_per_value_drawing_keras_relu():
    values = [0.0, 0.1, 0.5]
    fig = explorer.static_figure("relu", "negative_slope", values, x_range=(-2, 2))
    axes = fig.get_axes()
    assert len(axes) == len(values)
    for ax, value in zip(axes, values, strict=True):
        function_line, derivative_line = ax.get_lines()[:2]
        x = function_line.get_xdata()
        expected = keras.activations.relu(x.astype(np.float32), negative_slope=value)
        np.testing.assert_allclose(function_line.get_ydata(), np.asarray(expected), rtol=1e-6, atol=1e-7)
        # away from the kink the derivative is 1 on the right and the slope on the left
        d = derivative_line.get_ydata()
        np.testing.assert_allclose(d[x > 0.01], 1.0)
        np.testing.assert_allclose(d[x < -0.01], value)
        assert ax.get_title() == f"negative_slope={value}"
    plt.close(fig)


def test_static_figure_rejects_bad_requests():
    with pytest.raises(ValueError, match="no tunable parameter 'alpha'"):
        explorer.static_figure("relu", "alpha", [1.0])
    with pytest.raises(ValueError, match="values is empty"):
        explorer.static_figure("relu", "threshold", [])
    with pytest.raises(ValueError, match="unknown activation 'nope'"):
        explorer.static_figure("nope", "alpha", [1.0])
