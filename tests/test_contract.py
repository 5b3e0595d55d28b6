"""actlib's contract, as properties that hypothesis checks on generated input.

For every activation and every derivative in the registry (the parametrisation is generated from
``actlib.registry.ACTIVATIONS``), over float16/32/64, shapes from 0-d to 3-d (empty ones included),
C, Fortran and non-contiguous memory layouts, values that include NaN, +-inf, +-0, subnormals and
the dtype's extremes, and any parameters (finite, infinite, huge, of the wrong type):

* the call either returns, or raises TypeError/ValueError naming a parameter it was given (and
  only for other parameter values than the registry's, which are valid);
* it returns an ``np.ndarray`` of the input's float dtype (float32 for integers and booleans) and
  the documented shape;
* it does not change its input, and emits no warning of any kind;
* NaN propagates: an output that depends on a NaN input is NaN, and finite input gives no NaN;
* with the registry's parameter values and the parity tests' variants, float16 and float32 results
  are within ULP_BUDGET ulps (1 and 4) of the independent references in tests/references.py (long
  double, scipy, decimal); derivatives are checked away from their kinks, where a convention rules.

Every run, in CI or not, checks the same fixed set of examples (FIXED_EXAMPLES below: EXAMPLES per
property test, derandomized, no example database), so a failure reproduces exactly.
"""

import inspect
import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import actlib
from actlib.registry import ACTIVATIONS
from tests.numeric_helpers import FLOAT_DTYPES, ULP_BUDGET, assert_within_ulps, data_for
from tests.references import (
    derivative_kinks,
    derivative_reference,
    expected_values,
    reference,
    row_derivative_reference,
)

EXAMPLES = 60  # per property test and run: 60 contract and 60 accuracy tests, 7200 examples in all
# The same examples on every run (derandomize), none remembered between runs (no database).
FIXED_EXAMPLES = settings(
    max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ROW_WISE = [name for name, a in ACTIVATIONS.items() if not a.elementwise and name != "glu"]
CALLS = [(name, kind) for name in ACTIVATIONS for kind in ("function", "derivative")]


def call_id(call):
    return f"{call[0]}-{call[1]}"


def callable_for(name, kind):
    entry = ACTIVATIONS[name]
    return entry.function if kind == "function" else entry.derivative


# --- Generated input -------------------------------------------------------------------------------

SPECIAL_VALUES = [math.nan, math.inf, -math.inf, 0.0, -0.0]


def float_values(dtype):
    """Any value of ``dtype``, with NaN, +-inf and +-0 drawn often enough to meet in one row.

    Hypothesis' floats also favour subnormals, the dtype's extremes and other boundary values.
    """
    return st.one_of(st.sampled_from(SPECIAL_VALUES),
                     st.floats(width=np.finfo(dtype).bits, allow_nan=True, allow_subnormal=True))


def shapes_for(name):
    """0-d to 3-d shapes, empty ones included; row activations need an axis, glu an even last one."""
    if ACTIVATIONS[name].elementwise:
        return hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
    last = st.integers(0, 3).map(lambda n: 2 * n) if name == "glu" else st.integers(1, 5)
    return st.tuples(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3), last).map(
        lambda pair: pair[0] + (pair[1],))


def in_layout(values, layout):
    """``values`` (a C array) laid out in memory as ``layout`` says, with the same contents."""
    if layout == "C":
        return np.ascontiguousarray(values)
    if layout == "F":
        return np.asfortranarray(values)
    if layout == "every other":  # a strided view into a larger array
        big = np.zeros(tuple(2 * n for n in values.shape), dtype=values.dtype)
        big[tuple(slice(None, None, 2) for _ in values.shape)] = values
        return big[tuple(slice(None, None, 2) for _ in values.shape)]
    reversed_view = np.flip(values).copy()  # "reversed": negative strides
    return np.flip(reversed_view)


@st.composite
def inputs(draw, name):
    """An input array for activation ``name``: dtype, shape, layout and values all generated.

    Mostly float16/32/64; sometimes integers or booleans, which actlib turns into float32.
    """
    dtype = draw(st.sampled_from(FLOAT_DTYPES + (np.int64, np.bool_)))
    elements = float_values(dtype) if dtype in FLOAT_DTYPES else hnp.from_dtype(np.dtype(dtype))
    values = draw(hnp.arrays(dtype, shapes_for(name), elements=elements))
    return in_layout(values, draw(st.sampled_from(["C", "F", "every other", "reversed"])))


def parameter_values(default):
    """Any value a parameter with this Keras default might be given, good or bad."""
    if isinstance(default, bool):
        return st.one_of(st.booleans(), st.sampled_from([None, "yes", 1]))
    numbers = st.one_of(
        st.just(default), st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-10**6, 10**6), st.sampled_from([10**400, -10**400, 1e308, -1e308, 1e39, 5e-324]),
    )
    if default is None:
        return st.one_of(st.none(), numbers)
    return st.one_of(numbers, st.sampled_from(["1", [1.0]]))


@st.composite
def parameters(draw, name):
    """Keyword arguments for ``name``: each numeric parameter drawn by parameter_values, axis kept."""
    entry = ACTIVATIONS[name]
    return {key: (default if key == "axis" else draw(parameter_values(default)))
            for key, default in entry.parameters.items()}


# --- What the output must be -----------------------------------------------------------------------

def expected_shape(name, kind, shape):
    if name == "glu" and kind == "function":
        return shape[:-1] + (shape[-1] // 2,)
    return shape


def depends_on_nan(name, kind, x):
    """Where the output depends on a NaN input; and where it depends on non-finite input only."""
    if ACTIVATIONS[name].elementwise:
        return np.isnan(x), ~np.isfinite(x)
    if name in ROW_WISE:
        nan_rows = np.isnan(x).any(axis=-1, keepdims=True)
        infinite_rows = (~np.isfinite(x)).any(axis=-1, keepdims=True)
        return np.broadcast_to(nan_rows, x.shape), np.broadcast_to(infinite_rows, x.shape)
    a, b = np.split(x, 2, axis=-1)  # glu: y = a * sigmoid(b); dy/da = sigmoid(b), dy/db = a sigmoid'(b)
    if kind == "function":
        return np.isnan(a) | np.isnan(b), ~np.isfinite(a) | ~np.isfinite(b)
    either = np.isnan(a) | np.isnan(b)
    return (np.concatenate([np.isnan(b), either], axis=-1),
            np.concatenate([~np.isfinite(b), ~np.isfinite(a) | ~np.isfinite(b)], axis=-1))


def call_quietly(function, x, **params):
    """``function(x, **params)`` with every warning turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(x, **params)


# --- The contract ------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("call", CALLS, ids=call_id)
@FIXED_EXAMPLES
@given(data=st.data())
def test_contract(call, data):
    name, kind = call
    function = callable_for(name, kind)
    x = data.draw(inputs(name), label="x")
    params = data.draw(parameters(name), label="params")
    before = x.copy(order="K")
    try:
        y = call_quietly(function, x, **params)
    except (TypeError, ValueError) as error:
        # Only parameters may be refused (every generated x is valid), and only other values than
        # the registry's; the message names the parameter.
        assert params != ACTIVATIONS[name].parameters, f"{name} {kind} refused valid input: {error!r}"
        named = [key for key in params if re.search(rf"\b{key}\b", str(error))]
        assert named, f"{name} {kind}: {error!r} names none of {list(params)}"
        return
    finally:
        np.testing.assert_array_equal(x, before, err_msg="the input was changed")
    assert isinstance(y, np.ndarray) and y.dtype == (x.dtype if x.dtype.kind == "f" else np.float32)
    assert y.shape == expected_shape(name, kind, x.shape)
    nan_in, non_finite_in = depends_on_nan(name, kind, x)
    assert np.isnan(y[nan_in]).all(), f"{name} {kind}: NaN input did not give NaN"
    assert not np.isnan(y[~non_finite_in]).any(), f"{name} {kind}: NaN from finite input"


# --- Accuracy against the independent references ------------------------------------------------------

def variants(name):
    """The registry's parameters, then values that move every kink and scale (as the parity tests)."""
    return [dict(ACTIVATIONS[name].parameters, **params) for params in data_for(name).variants]


@st.composite
def accuracy_inputs(draw, name, kind):
    """float16 or float32 input: 0-d or 1-D when elementwise, finite rows (k, 2..6) for the others."""
    dtype = draw(st.sampled_from([np.float16, np.float32]))
    elementwise = ACTIVATIONS[name].elementwise
    finite_only = kind == "derivative" or not elementwise
    elements = st.floats(width=np.finfo(dtype).bits, allow_nan=not finite_only,
                         allow_infinity=not finite_only, allow_subnormal=True)
    if elementwise:  # 0-d too: a ufunc returns a scalar there, not an array to write into
        shape = st.one_of(st.just(()), st.integers(1, 16).map(lambda n: (n,)))
    else:
        shape = st.tuples(st.integers(1, 4), st.sampled_from([2, 4, 6] if name == "glu" else [2, 3, 5]))
    x = draw(hnp.arrays(dtype, shape, elements=elements))
    return x, draw(st.sampled_from(variants(name)))


def reference_for(name, kind, x, params):
    """The independent reference (long double or better) for ``x``, NaN where there is none to check."""
    if kind == "derivative" and ACTIVATIONS[name].elementwise:
        y = np.asarray(derivative_reference(name, x, **params), dtype=np.longdouble)
        at_kink = np.isin(x, np.array(derivative_kinks(name, **params), dtype=x.dtype))
        return np.where(at_kink, np.nan, y)
    if kind == "derivative":
        return np.asarray(row_derivative_reference(name, x), dtype=np.longdouble)
    if ACTIVATIONS[name].elementwise:
        return expected_values(name, x, **params)  # the reference, with the limits at +-inf and NaN
    return reference(name, x, **params)


@pytest.mark.slow
@pytest.mark.parametrize("call", CALLS, ids=call_id)
@FIXED_EXAMPLES
@given(data=st.data())
def test_accuracy(call, data):
    name, kind = call
    x, params = data.draw(accuracy_inputs(name, kind), label="x, params")
    y = call_quietly(callable_for(name, kind), x, **params)
    expected = reference_for(name, kind, x, params)
    # Derivative references are NaN at kinks (a convention, not a value, is due there); a function's
    # reference is NaN only where x is, and there y must be NaN too.
    checked = ~np.isnan(expected) if kind == "derivative" else np.ones(y.shape, dtype=bool)
    shown = x if ACTIVATIONS[name].elementwise else x[..., : y.shape[-1]]  # (for glu: the value halves)
    assert_within_ulps(y[checked], expected[checked], x.dtype.type, ULP_BUDGET[x.dtype.type],
                       shown[checked], f"{name} {kind} {params}")


# --- Parameters: one rule for the ReLU family, and for numbers beyond float64 ---------------------------

NUMERIC_PARAMETERS = [(name, key) for name, a in ACTIVATIONS.items() for key, default in a.parameters.items()
                      if key != "axis" and not isinstance(default, bool)]
RECTIFIERS = [(name, key) for name, key in NUMERIC_PARAMETERS
              if ACTIVATIONS[name].chapter in ("relu", "relu_family") and name != "threshold"]


@pytest.mark.parametrize("name,key", RECTIFIERS, ids=[f"{n}-{k}" for n, k in RECTIFIERS])
@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_the_relu_family_refuses_infinite_parameters(name, key, value):
    for kind in ("function", "derivative"):
        with pytest.raises(ValueError, match=f"{key}=-?inf is infinite"):
            callable_for(name, kind)(np.ones(4, dtype=np.float32), **{key: value})


@pytest.mark.parametrize("name,key", NUMERIC_PARAMETERS, ids=[f"{n}-{k}" for n, k in NUMERIC_PARAMETERS])
def test_integers_beyond_float64_are_refused_by_name(name, key):
    params = dict(ACTIVATIONS[name].parameters, **{key: 10**400})
    for kind in ("function", "derivative"):
        with pytest.raises(ValueError, match=f"{key} is too large"):
            callable_for(name, kind)(np.ones(4, dtype=np.float32), **params)


def test_every_callable_of_the_registry_is_covered():
    assert len(CALLS) == 2 * len(ACTIVATIONS)
    for name, kind in CALLS:
        assert "x" in inspect.signature(callable_for(name, kind)).parameters


# --- The cases that broke the contract (issue 10), as fixed examples -----------------------------------

def test_a_row_holding_nan_and_infinities_is_nan():
    row = np.array([[np.nan, np.inf, -np.inf, 0.0], [1.0, np.inf, -np.inf, 0.0]])
    for result in (actlib.softmax(row), actlib.derivative("softmax")(row),
                   actlib.softmax_jacobian(row)[:, 0]):
        assert np.isnan(result[0]).all()
        assert not np.isnan(result[1]).any()  # +inf takes all the probability: a limit exists


def test_softmax_derivative_is_rounded_once():
    # It was s * (1 - s) in the input's dtype: 2 ulp off in float16, and 0 where 1 - s rounds away.
    for x in (np.array([2.0, 0.0], dtype=np.float16), np.array([40.0, 0.0, -5.0], dtype=np.float32)):
        ours = actlib.derivative("softmax")(x)
        diagonal = np.diagonal(actlib.softmax_jacobian(x[None]), axis1=-2, axis2=-1)[0]
        for result in (ours, diagonal):
            assert_within_ulps(result, row_derivative_reference("softmax", x), x.dtype.type,
                               ULP_BUDGET[x.dtype.type], x, "softmax'")


def test_glu_derivative_keeps_a_nan_value_half():
    # d glu / d b = a * sigmoid'(b): NaN for a = NaN, even where sigmoid'(b) is 0 (b = +-inf).
    d = actlib.derivative("glu")(np.array([[np.nan, np.inf], [np.nan, -np.inf]]))
    np.testing.assert_array_equal(d, [[1.0, np.nan], [0.0, np.nan]])


@pytest.mark.parametrize("call", [c for c in CALLS if not ACTIVATIONS[c[0]].elementwise], ids=call_id)
def test_no_rows_is_fine(call):
    y = callable_for(*call)(np.ones((0, 4), dtype=np.float32))
    assert y.dtype == np.float32 and y.shape == expected_shape(call[0], call[1], (0, 4))
    if call == ("softmax", "derivative"):
        assert actlib.softmax_jacobian(np.ones((0, 4), dtype=np.float32)).shape == (0, 4, 4)


@pytest.mark.parametrize("name,kind,params,dtype", [
    ("leaky_relu", "function", {"negative_slope": 1e308}, np.float32),
    ("relu", "function", {"negative_slope": 1e308}, np.float32),
    ("relu", "derivative", {"negative_slope": 0.5, "threshold": 1}, np.float16),
    ("relu", "function", {"negative_slope": 0.5, "threshold": 1e5}, np.float16),  # t becomes inf
    ("hard_shrink", "function", {"threshold": 1e39}, np.float32),
    ("hard_shrink", "derivative", {"threshold": 1e39}, np.float32),
    ("soft_shrink", "derivative", {"threshold": 1e39}, np.float32),
    ("threshold", "function", {"threshold": 1e39, "default_value": 0.0}, np.float32),
])
def test_large_parameters_give_no_warning(name, kind, params, dtype):
    x = np.array([-np.inf, -3e38, -1.0, -0.0, 0.0, 1.0, 3e38, np.inf, np.nan], dtype=np.float64)
    with np.errstate(over="ignore"):
        x = x.astype(dtype)
    y = call_quietly(callable_for(name, kind), x, **params)
    assert y.dtype == dtype and np.isnan(y[-1])


def test_a_threshold_beyond_the_dtype_still_lets_infinity_through():
    x = np.array([3e38, np.inf, -np.inf], dtype=np.float32)
    np.testing.assert_array_equal(actlib.hard_shrink(x, threshold=1e39), [0.0, np.inf, -np.inf])
    np.testing.assert_array_equal(actlib.derivative("hard_shrink")(x, threshold=1e39), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(actlib.threshold(x, 1e39, -1.0), [-1.0, np.inf, -1.0])
