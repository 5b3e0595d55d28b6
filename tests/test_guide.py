"""actlib.guide: the reference guide's examples as the book holds them, and the tools that compare them.

"The guide" is "Keras Activation Layers - Ultimate Guide for Beginners", kept beside the repository
as ../shared/reference/keras-activation-layers-guide.txt. Every value below that the guide printed is
copied from it, with its section and notebook cell (In [n]) in GUIDE_OUTPUTS. What today's Keras does
with the same examples is tested in test_guide_examples.py.
"""

import inspect

import numpy as np
import pytest
from scipy import special

import actlib
from actlib.guide import (
    GUIDE_EXAMPLES,
    comparison_rows,
    float64_reference,
    guide_input,
    guide_printed,
    inputs_off,
    ulp_distance,
)
from actlib.registry import ACTIVATIONS

GUIDE = "Keras Activation Layers - Ultimate Guide for Beginners"
# Each example's input and printed output as the guide shows them: (section, input, printed).
GUIDE_OUTPUTS = {
    "relu_threshold": ("1. Relu Activation Layer, Example, In [2]",
                       [-5, -8, 0.0, 3, 9], [-0.0, -0.0, 0.0, 0.0, 9.0]),
    "sigmoid": ("2. Sigmoid Activation Layer, Example, In [3]", [-35, -5.0, 0.0, 6.0, 25],
                [6.3051174e-16, 6.6929162e-03, 5.0000000e-01, 9.9752736e-01, 1.0000000e00]),
    "tanh": ("4. Tanh Activation Function, Example, In [5]", [5.0, -1.0, -5.0, 6.0, 3.0],
             [0.99990916, -0.7615942, -0.99990916, 0.9999876, 0.9950547]),
}  # fmt: skip


@pytest.mark.parametrize("key", GUIDE_OUTPUTS, ids=[f"{GUIDE}, {v[0]}" for v in GUIDE_OUTPUTS.values()])
def test_actlib_holds_the_guide_examples_as_printed(key):
    _, inputs, printed = GUIDE_OUTPUTS[key]
    example = GUIDE_EXAMPLES[key]
    assert GUIDE_OUTPUTS[key][0].startswith(example.section.split(",")[0])  # cites the same section
    np.testing.assert_array_equal(guide_input(example), np.array(inputs, dtype=np.float32))
    ours, guide = guide_printed(example), np.array(printed, dtype=np.float32)
    assert ours.tobytes() == guide.tobytes()  # the same bits, signs of zero included


@pytest.mark.parametrize("key", GUIDE_EXAMPLES)
def test_every_example_is_a_call_actlib_and_keras_both_accept(key):
    example = GUIDE_EXAMPLES[key]
    assert example.key == key and example.activation in ACTIVATIONS
    assert example.activation in example.code and example.section[0].isdigit()
    accepted = inspect.signature(getattr(actlib, example.activation)).parameters
    assert set(example.params) <= set(accepted) - {"x"}
    assert guide_input(example).dtype == np.float32 and guide_input(example).shape == (len(example.inputs),)
    printed = guide_printed(example)
    assert printed is None or (printed.dtype == np.float32 and printed.shape == guide_input(example).shape)


def test_the_float64_reference_is_the_formula_in_float64():
    x = guide_input(GUIDE_EXAMPLES["sigmoid"]).astype(np.float64)
    np.testing.assert_allclose(float64_reference(GUIDE_EXAMPLES["sigmoid"]), special.expit(x), rtol=1e-15)
    leaky = float64_reference(GUIDE_EXAMPLES["relu_alpha"])  # negative_slope 0.7, in float64: 0.7 * -8 = -5.6
    assert leaky.dtype == np.float64 and leaky.tolist() == [0.7 * -5.0, 0.7 * -8.0, 0.0, 3.0, 9.0]


def test_ulp_distance_counts_float32_steps():
    rng = np.random.default_rng(5)
    start = (rng.standard_normal(200) * 10.0 ** rng.integers(-30, 30, 200)).astype(np.float32)
    end = start.copy()
    for _ in range(7):
        end = np.nextafter(end, np.float32(np.inf))
    assert ulp_distance(start, end).tolist() == [7] * 200
    assert ulp_distance(end, start).tolist() == [7] * 200
    tiny = np.float32(2.0**-149)  # the smallest subnormal: -tiny, 0, tiny are two steps apart
    assert ulp_distance(-tiny, tiny) == 2 and ulp_distance(-0.0, 0.0) == 0
    assert ulp_distance(1.0, 2.0) == 2**23 and ulp_distance(-1.0, 1.0) == 2 * 0x3F800000


def test_comparison_rows_report_the_measured_ulps():
    rows = comparison_rows(GUIDE_EXAMPLES["sigmoid"])
    assert [r["x"] for r in rows] == [-35.0, -5.0, 0.0, 6.0, 25.0]
    assert rows[1]["guide ulps"] > 100 and rows[1]["today ulps"] == 0
    rows = comparison_rows(GUIDE_EXAMPLES["relu_alpha"])
    assert all(r["guide"] is None for r in rows)  # the guide printed only its last relu call


def test_comparison_rows_measure_a_given_today_against_the_rounded_reference():
    example = GUIDE_EXAMPLES["tanh"]
    exact = np.tanh(guide_input(example).astype(np.longdouble)).astype(np.float32)
    today = exact.copy()
    today[2] = np.nextafter(np.nextafter(today[2], np.float32(0)), np.float32(0))  # two steps off
    rows = comparison_rows(example, today=today)
    assert list(rows[0]) == ["x", "guide", "today", "float64 reference", "guide ulps", "today ulps"]
    assert [r["today ulps"] for r in rows] == [0, 0, 2, 0, 0]
    assert rows[3]["guide ulps"] == 2  # the guide's tanh(6) was 2 ulps off
    # The guide's column is what the guide printed, as typed from its text.
    assert [r["guide"] for r in rows] == np.array(GUIDE_OUTPUTS["tanh"][2], dtype=np.float32).tolist()


def test_inputs_off_lists_the_inputs_a_column_counts_as_off():
    rows = [{"x": -5.0, "n": 1}, {"x": 0.5, "n": 0}, {"x": 6.0, "n": 12}]
    assert inputs_off(rows, "n").data == "x = -5 (1 ulp), x = 6 (12 ulps)"
    assert inputs_off([{"x": 1.0, "n": 0}], "n").data == "none"
