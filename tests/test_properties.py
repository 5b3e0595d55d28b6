"""The measured property table against facts derived by hand or by SciPy from the textbook formulas."""

import json
import math

import numpy as np
import pytest
from scipy import optimize, special

from actlib.properties import properties, property_table
from actlib.registry import ACTIVATIONS


@pytest.fixture(scope="module")
def table():
    return {row["name"]: row for row in property_table()}


def test_every_activation_has_a_row_that_serialises(table):
    assert list(table) == list(ACTIVATIONS)
    json.dumps(list(table.values()), allow_nan=True)  # plain numbers, strings and tuples only


# (name, lower, upper, monotonic, smooth, max_derivative, saturating, dead zones), by hand
EXPECTED = [
    ("relu", 0.0, math.inf, True, False, 1.0, "left", ((-math.inf, 0.0),)),
    ("sigmoid", 0.0, 1.0, True, True, 0.25, "both", ()),
    ("tanh", -1.0, 1.0, True, True, 1.0, "both", ()),
    ("leaky_relu", -math.inf, math.inf, True, False, 1.0, "no", ()),
    ("relu6", 0.0, 6.0, True, False, 1.0, "both", ((-math.inf, 0.0), (6.0, math.inf))),
    ("elu", -1.0, math.inf, True, True, 1.0, "left", ()),  # alpha = 1: both slopes are 1 at 0
    ("celu", -1.0, math.inf, True, True, 1.0, "left", ()),
    ("softplus", 0.0, math.inf, True, True, 1.0, "left", ()),
    ("hard_sigmoid", 0.0, 1.0, True, False, 1 / 6, "both", ((-math.inf, -3.0), (3.0, math.inf))),
    ("hard_silu", -0.375, math.inf, False, False, 1.5, "left", ((-math.inf, -3.0),)),  # x(x+3)/6 at -1.5
    ("hard_tanh", -1.0, 1.0, True, False, 1.0, "both", ((-math.inf, -1.0), (1.0, math.inf))),
    ("softsign", -1.0, 1.0, True, True, 1.0, "both", ()),
    ("sparse_plus", 0.0, math.inf, True, True, 1.0, "left", ((-math.inf, -1.0),)),  # C1: slopes meet
    ("sparse_sigmoid", 0.0, 1.0, True, False, 0.5, "both", ((-math.inf, -1.0), (1.0, math.inf))),
    ("squareplus", 0.0, math.inf, True, True, 1.0, "left", ()),
    ("log_sigmoid", -math.inf, 0.0, True, True, 1.0, "right", ()),
    ("exponential", 0.0, math.inf, True, True, math.inf, "left", ()),
    ("linear", -math.inf, math.inf, True, True, 1.0, "no", ()),
    ("hard_shrink", -math.inf, math.inf, True, False, 1.0, "no", ((-0.5, 0.5),)),  # a jump at +-0.5
    ("soft_shrink", -math.inf, math.inf, True, False, 1.0, "no", ((-0.5, 0.5),)),
    ("tanh_shrink", -math.inf, math.inf, True, True, 1.0, "no", ()),
    ("threshold", 0.0, math.inf, True, False, 1.0, "left", ((-math.inf, 1.0),)),
]


@pytest.mark.parametrize("name,lower,upper,monotonic,smooth,max_derivative,saturating,zones", EXPECTED,
                         ids=[e[0] for e in EXPECTED])
def test_properties_known_by_hand(table, name, lower, upper, monotonic, smooth, max_derivative, saturating,
                                  zones):
    row = table[name]
    assert row["lower"] == pytest.approx(lower, abs=1e-7)  # a grid minimum: within h^2 of the true one
    assert row["upper"] == pytest.approx(upper, abs=1e-7)
    assert row["bounded_below"] == math.isfinite(lower) and row["bounded_above"] == math.isfinite(upper)
    assert row["monotonic"] is monotonic
    assert row["smooth"] is smooth
    assert row["max_derivative"] == pytest.approx(max_derivative, rel=1e-6)
    assert row["saturating"] == saturating
    assert row["dead_zone"] is bool(zones)
    assert_same_zones(row["dead_zones"], zones)


def assert_same_zones(measured, expected):
    assert len(measured) == len(expected)
    np.testing.assert_allclose(np.ravel(measured), np.ravel(expected), atol=2e-3)  # the grid step is 1e-3


def minimum_of(f):
    result = optimize.minimize_scalar(f, bounds=(-5, 0), method="bounded", options={"xatol": 1e-10})
    return result.fun


def max_slope(f, h=1e-5):
    result = optimize.minimize_scalar(lambda x: -(f(x + h) - f(x - h)) / (2 * h), bounds=(0, 5),
                                      method="bounded", options={"xatol": 1e-9})
    return -result.fun


SMOOTH_NON_MONOTONIC = {  # textbook formulas, minimised by SciPy
    "silu": lambda x: x * special.expit(x),
    "gelu": lambda x: x * special.ndtr(x),
    "mish": lambda x: x * math.tanh(math.log1p(math.exp(x))),
}


@pytest.mark.parametrize("name", sorted(SMOOTH_NON_MONOTONIC))
def test_minima_and_steepest_slopes_of_the_smooth_modern_activations(table, name):
    f = SMOOTH_NON_MONOTONIC[name]
    row = table[name]
    assert row["lower"] == pytest.approx(minimum_of(f), abs=2e-7)
    assert row["max_derivative"] == pytest.approx(max_slope(f), rel=1e-6)
    assert row["max_derivative"] > 1  # steeper than the identity somewhere
    assert not row["monotonic"] and row["smooth"] and row["saturating"] == "left"


def test_zero_centred_means_zero_mean_output_for_standard_normal_input(table):
    centred = {name for name, row in table.items() if row["zero_centred"]}
    # The odd functions, and SELU, whose constants make E[selu(Z)] = 0.
    assert centred == {"tanh", "selu", "hard_tanh", "softsign", "linear", "hard_shrink", "soft_shrink",
                       "tanh_shrink"}
    assert abs(table["selu"]["mean_output"]) < 1e-6
    assert table["relu"]["mean_output"] == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-7)
    assert table["exponential"]["mean_output"] == pytest.approx(math.exp(0.5), rel=1e-7)


def test_sections_of_the_non_elementwise_activations_are_their_elementwise_cousins(table):
    # softmax([t, 0])[0] = sigmoid(t); log_softmax([t, 0])[0] = log_sigmoid(t);
    # sparsemax([t, 0])[0] = sparse_sigmoid(t); glu([t, t]) = silu(t).
    for section_of, cousin in [("softmax", "sigmoid"), ("log_softmax", "log_sigmoid"),
                               ("sparsemax", "sparse_sigmoid"), ("glu", "silu")]:
        ours, theirs = dict(table[section_of]), dict(table[cousin])
        assert ours.pop("section") and not theirs.pop("section")
        ours.pop("name"), theirs.pop("name")
        assert_same_zones(ours.pop("dead_zones"), theirs.pop("dead_zones"))
        assert ours.pop("saturating") == theirs.pop("saturating")
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), section_of


def test_parameters_change_the_measured_properties():
    assert not properties("elu", {"alpha": 2.0}).smooth  # slopes 1 and 2 meet at 0
    assert properties("celu", {"alpha": 2.0}).smooth  # CELU stays continuously differentiable
    assert properties("leaky_relu", {"negative_slope": 0.0}).dead_zone
    assert properties("gelu", {"approximate": True}).lower == pytest.approx(
        minimum_of(lambda x: 0.5 * x * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))),
        abs=2e-7)
    wide = properties("hard_shrink", {"threshold": 1.5})
    assert_same_zones(wide.dead_zones, ((-1.5, 1.5),))


def test_dead_zone_is_exact_zero_not_small():
    # sigmoid's derivative is tiny far out but never exactly 0 on the grid: no dead zone.
    assert not properties("sigmoid").dead_zone
    assert np.isclose(properties("sigmoid").max_derivative, 0.25)
