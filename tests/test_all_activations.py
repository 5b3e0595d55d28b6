"""Every activation of the registry beyond the guide's four: references, Keras parity, derivatives,
bad input, and the registry itself.

The parametrisation is derived from the records (actlib.registry.ACTIVATIONS) and the one table of
test data per activation (tests/numeric_helpers.py: TEST_DATA); the references, in
tests/references.py, are written independently of actlib. What Keras itself does is claimed and
checked in tests/test_keras_claims.py.
"""

import dataclasses
import inspect
from pathlib import Path

import numpy as np
import pytest

import actlib
from actlib.registry import ACTIVATIONS, ALIASES, NOT_IN_REGISTRY, get
from tests.numeric_helpers import (
    FLOAT_DTYPES,
    ULP_BUDGET,
    assert_within_ulps,
    case_id,
    cases,
    data_for,
    is_subnormal,
    keras_activation,
    sample_points,
)
from tests.references import (
    SELU_ALPHA,
    SELU_SCALE,
    decimal_gelu,
    derivative_kinks,
    expected_values,
    keras_sparsemax_as_written,
    limits,
    reference,
    sparsemax_diagonal_by_differences,
)

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")

GUIDE_FOUR = {"relu", "sigmoid", "softmax", "tanh"}  # tested in test_activations.py


def beyond_the_guide(elementwise=False):
    """The registry's activations other than the guide's four (only the elementwise ones if asked)."""
    return [name for name, record in ACTIVATIONS.items()
            if name not in GUIDE_FOUR and (record.elementwise or not elementwise)]


NEW = beyond_the_guide()
ELEMENTWISE = beyond_the_guide(elementwise=True)

CASES = cases(ELEMENTWISE)
ROOT = Path(__file__).resolve().parent.parent



# --- Accuracy against the references ------------------------------------------------------------



@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_elementwise_against_reference(case, dtype):
    name, params = case
    x = sample_points(dtype)
    assert x.size >= 100_000
    actual = getattr(actlib, name)(x, **params)
    assert actual.dtype == dtype and actual.shape == x.shape
    expected = expected_values(name, x, **params)
    if name == "gelu" and not params and dtype == np.float64:
        # scipy's float64 erfc is ~300 ulp off far in the tail; check float64 against 50 digits instead.
        rng = np.random.default_rng(3)
        pick = np.concatenate([rng.choice(np.flatnonzero(np.abs(x) < 40), 1500),
                               rng.choice(np.flatnonzero(np.isfinite(x)), 500),
                               np.flatnonzero(~np.isfinite(x))])
        x, actual, expected = x[pick], actual[pick], expected[pick]
        finite = np.isfinite(x)
        expected[finite] = np.vectorize(decimal_gelu, otypes=[np.float64])(x[finite])
    assert_within_ulps(actual, expected, dtype, ULP_BUDGET[dtype], x, case_id(case))


# --- Parity with Keras ---------------------------------------------------------------------------

def keras_quirks(name, x, **params):
    """Where Keras' answer is not the mathematical one by design or by formula, and what it returns.

    Each entry is a finding the book reports: NaN instead of a limit (``-inf * 0`` or
    ``inf / inf`` inside Keras' formula), and NaN inputs mapped to a number by ``tf.where``.
    """
    data = data_for(name)
    mask = np.isin(x, data.keras_nan_at(params))
    value = np.full(x.shape, np.nan)
    if data.keras_nan_becomes(params) is not None:
        mask |= np.isnan(x)
        value[np.isnan(x)] = data.keras_nan_becomes(params)
    if name == "squareplus":  # x^2 overflows the dtype: Keras returns inf, even for x -> -inf's neighbours
        with np.errstate(over="ignore"):
            squared_overflows = np.isinf(np.square(x)) & np.isfinite(x)
        mask |= squared_overflows
        value[squared_overflows] = np.inf
        if params.get("b", 4) == 0:  # x^2 underflows, so Keras returns (x + 0) / 2 or 0: see the test below
            with np.errstate(over="ignore", under="ignore"):
                halved = (x > 0) & (x.astype(np.float64) ** 2 < np.finfo(x.dtype).tiny)
            mask |= halved
            value[halved] = -1.0  # a marker: not compared here
    return mask, value


def keras_tolerance(name, x, expected, dtype, **params):
    """How far Keras may be from the exact value: a few ulps, plus what its formula cancels away.

    The slack may overflow to inf at the largest floats: it is a tolerance there, not a result.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        return _keras_tolerance(name, x, expected, dtype, **params)


def _keras_tolerance(name, x, expected, dtype, **params):
    eps = np.finfo(dtype).eps
    x64 = np.abs(x.astype(np.float64))
    spacing = np.spacing(np.abs(expected.astype(dtype)).clip(np.finfo(dtype).tiny)).astype(np.float64)
    ulps = 8
    if name in ("softplus", "log_sigmoid"):
        ulps = 12
    slack = np.zeros(x.shape)
    if name in ("elu", "selu"):  # TF's kernel computes exp(x) - 1, not expm1(x): absolute error ~eps
        slack = 2 * eps * params.get("alpha", 1.0) * (SELU_SCALE * SELU_ALPHA if name == "selu" else 1)
    size = np.abs(expected.astype(np.float64))
    if name == "gelu" and not params.get("approximate"):
        # TF rounds t = -x/sqrt(2) before erfc, whose relative sensitivity to t is 2t^2 = x^2.
        slack = 2 * eps * x64**2 * size
        if dtype == np.float64:  # math_ops.cast(0.7071067811865476, float64) goes through float32
            slack = slack + 3e-8 * (1 + x64**2) * size
    if name == "gelu" and params.get("approximate"):  # 1 + tanh(u) cancels for negative x
        slack = 4 * eps * x64
        if dtype == np.float64:  # the same float32 detour for the constant 0.044715
            slack = slack + 1e-8 * (1 + x64**3) * size
    if name == "tanh_shrink":  # x - tanh(x) cancels near 0
        slack = 2 * eps * x64
    if name == "squareplus":  # x + sqrt(x^2 + b) cancels for negative x
        slack = np.where(x < 0, 2 * eps * x64, 0)
    if name == "leaky_relu" and dtype == np.float64:  # the slope is a float32 attribute in TensorFlow
        slack = 6e-8 * np.abs(expected.astype(np.float64))
    return ulps * spacing + slack


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_elementwise_against_keras(case, dtype):
    name, params = case
    x = sample_points(dtype)
    ours = getattr(actlib, name)(x, **params)
    theirs = keras_activation(name, x, **params)
    assert theirs.dtype == ours.dtype == dtype
    quirk, quirk_value = keras_quirks(name, x, **params)
    compared = quirk & (quirk_value != -1.0)
    np.testing.assert_array_equal(theirs[compared], quirk_value[compared].astype(dtype))
    expected = np.asarray(expected_values(name, x, **params), dtype=np.float64)
    keep = ~quirk & ~np.isnan(x)
    x, ours, theirs, expected = x[keep], ours[keep], theirs[keep], expected[keep]
    # TensorFlow's CPU kernels run with denormals-are-zero and flush-to-zero: subnormal inputs act
    # as 0, and results (or intermediate results, such as sigmoid(-88) inside silu) below the
    # smallest normal number become 0. Where that happens Keras may be off by up to tiny * |x|.
    tiny = np.finfo(dtype).tiny
    scale = np.maximum(1, np.abs(x.astype(np.float64)))
    flushed = is_subnormal(x, dtype) | (np.abs(expected) <= 4 * tiny * scale)
    tolerance = keras_tolerance(name, x, expected, dtype, **params)
    for label, result in (("keras", theirs), ("actlib", ours)):
        same = (result.astype(np.float64) == expected) | (np.isinf(expected) & (result == expected))
        with np.errstate(invalid="ignore"):
            gap = np.abs(result.astype(np.float64) - expected)
        bad = ~same & ~flushed & ~(gap <= tolerance)
        assert not bad.any(), (
            f"{label} vs exact: {bad.sum()} points, x={x[bad][:4]}, got {result[bad][:4]}, "
            f"want {expected[bad][:4]}")
    with np.errstate(invalid="ignore"):
        gap = np.abs(ours.astype(np.float64) - theirs.astype(np.float64))
    agree = (ours == theirs) | flushed | (gap <= 2 * tolerance)
    assert agree.all(), f"actlib vs keras: x={x[~agree][:4]}, {ours[~agree][:4]} vs {theirs[~agree][:4]}"


# --- The non-elementwise activations --------------------------------------------------------

def finite_rows(dtype, width, seed=4):
    """The finite sample points, shuffled (twice over for float16) so that rows mix scales."""
    x = sample_points(dtype)
    x = x[np.isfinite(x)]
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.permutation(x), rng.permutation(x)]) if x.size < 100_000 else rng.permutation(x)
    return x[: x.size // width * width].reshape(-1, width)




@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("name", ["log_softmax", "sparsemax", "glu"])
def test_row_activations_against_reference_and_keras(name, dtype):
    rows = finite_rows(dtype, 4)
    assert rows.size >= 100_000
    ours = getattr(actlib, name)(rows)
    expected = reference(name, rows)
    assert ours.dtype == dtype and ours.shape == expected.shape
    inputs = rows[:, : ours.shape[-1]].ravel()  # (for glu: the value halves)
    assert_within_ulps(ours.ravel(), expected.ravel(), dtype, ULP_BUDGET[dtype], inputs, name)
    theirs = keras_activation(name, rows)
    assert theirs.dtype == dtype
    eps = np.finfo(dtype).eps
    r = rows.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        if name == "log_softmax":  # Keras rounds x - max(x) to the dtype: absolute error eps * |x - max|
            slack = 4 * eps * (np.abs(r - r.max(axis=-1, keepdims=True)) + 1)
        elif name == "sparsemax":  # Keras sums the unshifted row: absolute error eps * sum |x|
            slack = 4 * eps * np.abs(r).sum(axis=-1, keepdims=True) + 4 * eps
            # Keras' tau is wrong once the support has two or more entries (see the test below):
            # compare it there with its own formula, which shows where the difference comes from.
            as_written = keras_sparsemax_as_written(rows).astype(np.float64)  # in the dtype, as Keras
            expected = np.where((expected > 0).sum(axis=-1, keepdims=True) > 1, as_written,
                                expected.astype(np.float64))
        else:
            slack = 8 * eps * np.abs(expected.astype(np.float64))
        overflow = ~np.isfinite(np.abs(r).sum(axis=-1).astype(dtype)) if name == "sparsemax" else False
        gap = np.abs(theirs.astype(np.float64) - expected.astype(np.float64))
    tiny = np.finfo(dtype).tiny
    ok = (gap <= slack) | (theirs == expected) | (np.abs(expected.astype(np.float64)) <= 4 * tiny)
    with np.errstate(over="ignore"):  # results beyond the dtype's range: Keras gives +-inf or +-max
        ok |= np.isinf(expected.astype(dtype)) & (np.abs(theirs) >= np.finfo(dtype).max)
    if name == "sparsemax":
        # Where the row's sum overflows, or its maximum m is so large that m - (m - 1) rounds to 0,
        # Keras finds an empty support, divides by 0 and returns inf: see the test below.
        m = rows.max(axis=-1)
        with np.errstate(over="ignore"):
            broken = overflow | ((m - dtype(1)) == m)
        ok |= broken[:, None]
    if name == "glu":  # denormals-are-zero: subnormal inputs, and sigmoid(b) below the normal range
        ok |= is_subnormal(rows[:, 2:], dtype) | (np.abs(rows[:, :2]) < 4 * tiny) | (r[:, 2:] < np.log(tiny))
    assert ok.all(), f"{name}: keras off at rows {rows[~ok.all(axis=-1)][:3]}"


def test_row_activations_limits():
    inf, nan = np.inf, np.nan
    log_half = np.log(0.5)
    cases = [
        ("log_softmax", [0.0, -inf, 0.0], [log_half, -inf, log_half]),
        ("log_softmax", [inf, 1.0, inf, -inf], [log_half, -inf, log_half, -inf]),
        ("log_softmax", [-inf, -inf], [nan, nan]),  # no distribution exists
        ("log_softmax", [1.0, nan], [nan, nan]),
        ("sparsemax", [0.0, -inf, 0.0], [0.5, 0.0, 0.5]),
        ("sparsemax", [inf, 1.0, inf], [0.5, 0.0, 0.5]),
        ("sparsemax", [-inf, -inf], [nan, nan]),
        ("glu", [inf, 1.0], [inf]),  # a * sigmoid(b) with b finite: sigmoid(b) > 0
        ("glu", [-inf, -1e4], [-inf]),
        ("glu", [5.0, -inf], [0.0]),
        ("glu", [inf, -inf], [nan]),  # inf * 0: no limit
        ("glu", [nan, 1.0], [nan]),
    ]
    for name, x, want in cases:
        np.testing.assert_array_equal(getattr(actlib, name)(np.array(x, dtype=np.float32)),
                                      np.array(want, dtype=np.float32), err_msg=f"{name}({x})")


def test_row_activations_sum_and_shapes():
    x = np.random.default_rng(5).standard_normal((3, 4, 6))
    for axis in (0, 1, -1):
        np.testing.assert_allclose(np.exp(actlib.log_softmax(x, axis=axis)).sum(axis=axis), 1, rtol=1e-15)
        np.testing.assert_allclose(actlib.sparsemax(x, axis=axis).sum(axis=axis), 1, rtol=1e-15)
        np.testing.assert_allclose(actlib.log_softmax(x, axis=axis),
                                   keras_activation("log_softmax", x, axis=axis),
                                   rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(actlib.log_softmax(x, axis=(0, 2)),
                               keras_activation("log_softmax", x, axis=(0, 2)),
                               rtol=1e-13, atol=1e-15)
    assert actlib.glu(x, axis=-1).shape == (3, 4, 3) and actlib.glu(x, axis=1).shape == (3, 2, 6)
    np.testing.assert_allclose(actlib.glu(x, axis=1), keras_activation("glu", x, axis=1), rtol=1e-15)


# --- Derivatives against tf.GradientTape ---------------------------------------------------------

def tape_gradient(name, x, **params):
    """d sum(keras.activations.<name>(x)) / dx: for elementwise activations, the derivative."""
    tensor = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        y = getattr(keras.activations, name)(tensor, **params)
    return tape.gradient(y, tensor).numpy()


def tape_jacobian_diagonal(name, rows):
    tensor = tf.constant(rows)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        y = getattr(keras.activations, name)(tensor)
    return np.diagonal(tape.batch_jacobian(y, tensor).numpy(), axis1=-2, axis2=-1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_derivative_matches_gradient_tape(case, dtype):
    name, params = case
    x = sample_points(dtype, n=20_000)
    x = x[np.isfinite(x) & ~is_subnormal(x, dtype)]  # TF treats subnormal inputs as 0
    ours = actlib.derivative(name)(x, **params)
    assert ours.dtype == dtype and ours.shape == x.shape
    theirs = tape_gradient(name, x, **params)
    eps = np.finfo(dtype).eps
    x64, d64 = np.abs(x.astype(np.float64)), np.abs(ours.astype(np.float64))
    # TensorFlow forms several derivatives from rounded outputs (1 - (1 - tanh^2), y + scale*alpha,
    # 1 + x/sqrt(x^2 + b)): absolute errors of a few eps. Its float32 detours for constants
    # (leaky_relu's slope attribute, gelu's cast constants) cost ~1e-8 relative in float64.
    with np.errstate(over="ignore", under="ignore"):  # x^2 of the largest floats: an inf tolerance
        tolerance = 16 * eps * np.maximum(1, d64)
        squared = x * x  # in the dtype, as TensorFlow squares it
        if name in ("silu", "mish", "gelu"):  # rounded 1 - sigmoid or 1 - tanh^2, times x
            tolerance = tolerance + 8 * eps * x64 * (1 + (x64**2 if params.get("approximate") else 0))
        if dtype == np.float64 and name == "leaky_relu":
            tolerance = tolerance + 6e-8 * d64
        if dtype == np.float64 and name == "gelu":
            tolerance = tolerance + 6e-8 * (1 + x64**3) * np.maximum(1, d64)
        if name == "gelu" and dtype == np.float32:  # TF's erfc far in the tail, as for the function
            tolerance = tolerance + 2 * eps * x64**2 * d64
    # Where TensorFlow's gradient multiplies an overflowed term by 0 (|x| > 1e4) or divides 0 by 0
    # (squareplus with b = 0 where x^2 underflows), it returns NaN.
    finite = np.isfinite(theirs)
    allowed = (x64 > 1e4) | (theirs == ours) | ((name == "squareplus") & (squared < np.finfo(dtype).tiny))
    assert (finite | allowed).all(), f"TF non-finite at x={x[~finite & ~allowed][:4]}"
    with np.errstate(invalid="ignore"):
        bad = finite & ~(np.abs(ours.astype(np.float64) - theirs) <= tolerance)
    if name == "celu":
        bad &= x != 0  # TF says 2 at x = 0: see test_kink_conventions
    if name == "squareplus":  # x^2 overflows: TF's x / sqrt(x^2 + b) is 0 and its derivative 1/2
        bad &= ~np.isinf(squared) & (squared >= np.finfo(dtype).tiny)
    if name == "selu":  # TF's kernel tests exp(x) - 1 < 0, which rounds to 0 for -eps < x < 0
        bad &= ~((x < 0) & (x > -eps))
    assert not bad.any(), f"x={x[bad][:4]}, actlib {ours[bad][:4]}, tf {theirs[bad][:4]}"


# (name, params, x, what tf.GradientTape gives, what actlib gives), from TEST_DATA
KINKS = [(name, *convention) for name in NEW for convention in data_for(name).kink_conventions]
@pytest.mark.parametrize("name,params,at,tape_value,ours_value", KINKS,
                         ids=[f"{k[0]}-at-{k[2]}" for k in KINKS])
def test_kink_conventions(name, params, at, tape_value, ours_value):
    x = np.array([at], dtype=np.float32)
    np.testing.assert_array_equal(tape_gradient(name, x, **params), np.float32(tape_value))
    np.testing.assert_array_equal(actlib.derivative(name)(x, **params), np.float32(ours_value))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
@pytest.mark.parametrize("name", ["log_softmax", "sparsemax"])
def test_row_derivatives_are_jacobian_diagonals(name, dtype):
    rows = np.random.default_rng(6).standard_normal((200, 5)).astype(dtype)
    if name == "sparsemax":
        rows *= 0.3  # several entries in each support
    ours = actlib.derivative(name)(rows)
    if name == "sparsemax":  # Keras' own sparsemax is wrong (see above): differences of the right one
        numeric = sparsemax_diagonal_by_differences(rows)
        moved = np.isnan(numeric)  # the support changes within the step: no derivative to compare
        assert moved.mean() < 0.05
        np.testing.assert_allclose(ours[~moved], numeric[~moved].astype(np.float64), rtol=0,
                                   atol=4 * np.finfo(dtype).eps)
    else:
        np.testing.assert_allclose(ours, tape_jacobian_diagonal(name, rows), atol=8 * np.finfo(dtype).eps)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=lambda d: d.__name__)
def test_glu_derivative_is_the_gradient_of_the_sum(dtype):
    x = np.random.default_rng(7).standard_normal((100, 6)).astype(dtype) * 4
    for axis in (-1, 0):
        np.testing.assert_allclose(actlib.derivative("glu")(x, axis=axis), tape_gradient("glu", x, axis=axis),
                                   rtol=8 * np.finfo(dtype).eps, atol=8 * np.finfo(dtype).eps)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_derivative_agrees_with_finite_differences(case):
    """An independent check of each formula: central differences of the function in long double."""
    name, params = case
    kinks = np.array(derivative_kinks(name, **params) + [0.0, -1.0, 1.0])  # (sparse_plus' f'' jumps at +-1)
    x = np.linspace(-8, 8, 1601) + 0.0037  # off the kinks
    x = x[np.min(np.abs(x[:, None] - kinks[None, :]), axis=1) > 1e-3]
    h = 1e-6
    f = getattr(actlib, name)
    numeric = (f(x + h, **params) - f(x - h, **params)) / (2 * h)
    np.testing.assert_allclose(actlib.derivative(name)(x, **params), numeric, rtol=1e-6, atol=1e-7)


# --- Contract: dtypes, shapes, no warnings, bad input -----------------------------------------------

def call_params(name):
    """Keras' defaults, plus example values for parameters Keras requires."""
    return dict(ACTIVATIONS[name].parameters)


@pytest.mark.parametrize("name", NEW)
def test_dtypes_shapes_and_input_kinds(name):
    f, d = getattr(actlib, name), actlib.derivative(name)
    params = call_params(name)
    data = [[-1.5, 0.5, 2.0, -4.0], [3.0, -0.25, 0.0, 7.0]]
    expected = f(np.array(data, dtype=np.float32), **params)
    for value in (data, np.array(data), tf.constant(data)):
        np.testing.assert_allclose(f(value, **params), expected, rtol=1e-6)
    out_shape = (2, 2) if name == "glu" else (2, 4)
    for dtype in FLOAT_DTYPES:
        for g in (f, d):
            out = g(np.zeros((2, 4), dtype=dtype), **params)
            assert out.dtype == dtype and out.shape == (out_shape if g is f else (2, 4))
    assert f(np.array(data, dtype=np.int64), **params).dtype == np.float32
    if ACTIVATIONS[name].elementwise:
        scalar = f(1.5, **params)
        assert isinstance(scalar, np.ndarray) and scalar.shape == ()


@pytest.mark.parametrize("name", NEW)
def test_no_runtime_warning_on_extreme_input(name):
    params = call_params(name)
    for dtype in FLOAT_DTYPES:
        info = np.finfo(dtype)
        x = np.array([0.0, -0.0, info.smallest_subnormal, -info.smallest_subnormal, 88.5, -88.5, 1e4, -1e4,
                      info.max, -info.max, np.inf, -np.inf, np.nan, 1.0, -1.0, 3.0, -3.0], dtype=np.float64)
        with np.errstate(over="ignore"):
            x = x.astype(dtype)
        x = x[:16] if not ACTIVATIONS[name].elementwise else x  # an even length for glu
        getattr(actlib, name)(x, **params)  # pyproject turns RuntimeWarnings into errors
        actlib.derivative(name)(x, **params)


def test_nan_propagates_where_keras_hides_it():
    for name in NEW:
        y = getattr(actlib, name)(np.array([np.nan, 1.0, 2.0, 3.0], dtype=np.float32), **call_params(name))
        assert np.isnan(y[0]), name
        d = actlib.derivative(name)(np.array([np.nan, 1.0, 2.0, 3.0]), **call_params(name))
        # glu: d/da = sigmoid(b) does not involve a; the NaN shows in d/db = a * sigmoid'(b).
        assert np.isnan(d[2 if name == "glu" else 0]), name


def test_limits_at_infinity():
    for name in ELEMENTWISE:
        low, high = limits(name, **call_params(name))
        y = getattr(actlib, name)(np.array([-np.inf, np.inf], dtype=np.float32), **call_params(name))
        np.testing.assert_array_equal(y, np.array([low, high], dtype=np.float32), err_msg=name)


BAD_PARAMETERS = [(name, *bad) for name in NEW for bad in data_for(name).bad_parameters]
@pytest.mark.parametrize("name,params,error,message", BAD_PARAMETERS,
                         ids=[f"{b[0]}-{list(b[1].items())}" for b in BAD_PARAMETERS])
def test_bad_parameters(name, params, error, message):
    x = np.ones((2, 4), dtype=np.float32)
    for function in (getattr(actlib, name), actlib.derivative(name)):
        with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
            function(x, **params)


BAD_INPUTS = [
    ("abc", TypeError, "x contains strings|not the string"),
    (None, TypeError, "not None"),
    ([[1.0, 2.0], [3.0]], ValueError, "ragged"),
    (np.array([1 + 2j]), TypeError, "complex"),
]


@pytest.mark.parametrize("name", NEW)
def test_bad_input(name):
    for value, error, message in BAD_INPUTS:
        with pytest.raises(error, match=message):
            getattr(actlib, name)(value, **call_params(name))
    if not ACTIVATIONS[name].elementwise:
        with pytest.raises(ValueError, match="at least one axis"):
            getattr(actlib, name)(1.0)
    if name in ("log_softmax", "sparsemax"):
        with pytest.raises(ValueError, match="empty axis"):
            getattr(actlib, name)(np.zeros((2, 0)))
    if name == "glu":
        with pytest.raises(ValueError, match="odd size 3"):
            actlib.glu(np.ones((2, 3)))
        with pytest.raises(ValueError, match="odd size 3"):
            actlib.derivative("glu")(np.ones((2, 3)))


# --- The registry -----------------------------------------------------------------------------------

KERAS_NAMES = sorted(n for n in dir(keras.activations) if not n.startswith("_"))


def test_every_keras_activation_is_in_the_registry_or_excluded_with_a_reason():
    covered = set(ACTIVATIONS) | set(ALIASES) | set(NOT_IN_REGISTRY)
    missing = [n for n in KERAS_NAMES if n not in covered]
    assert not missing, f"keras.activations has {missing}, which the registry neither covers nor excludes"
    assert {n for n in KERAS_NAMES if n in NOT_IN_REGISTRY} == {"serialize", "deserialize", "get"}
    assert all(len(reason) > 20 for reason in NOT_IN_REGISTRY.values())
    assert hasattr(keras.layers, "PReLU") and not hasattr(keras.activations, "prelu")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_entry_matches_keras(name):
    entry = ACTIVATIONS[name]
    theirs = inspect.signature(getattr(keras.activations, name)).parameters
    ours = inspect.signature(entry.function).parameters
    assert [(p.name, p.default) for p in ours.values()] == [(p.name, p.default) for p in theirs.values()]
    assert list(inspect.signature(entry.derivative).parameters) == list(theirs)
    required = tuple(p for p, v in theirs.items() if v.default is inspect.Parameter.empty and p != "x")
    assert entry.required_parameters == required
    defaults = {p: v.default for p, v in theirs.items() if p != "x" and p not in required}
    assert {k: v for k, v in entry.parameters.items() if k not in required} == defaults
    assert (ROOT / "chapters" / f"{entry.chapter}.md").is_file()
    assert entry.formula and entry.derivative_formula
    assert entry.typical_use and entry.initialiser and bool(entry.output_range) != entry.elementwise
    assert getattr(actlib, name) is entry.function and name in actlib.__all__


@pytest.mark.parametrize("name", NEW)
def test_keras_layer_source_runs_and_agrees(name):
    entry = ACTIVATIONS[name]
    layer = eval(entry.keras_layer, {"keras": keras})  # noqa: S307 - our own registry strings
    x = np.array([[-2.0, -0.5, 0.25, 3.0]], dtype=np.float32)  # (one entry survives sparsemax)
    np.testing.assert_allclose(np.asarray(layer(x)), entry.function(x, **entry.parameters),
                               rtol=2e-6, atol=1e-7)


def test_aliases_are_the_same_functions():
    assert ALIASES == {"swish": "silu", "hard_swish": "hard_silu"}
    for alias, target in ALIASES.items():
        assert getattr(keras.activations, alias) is getattr(keras.activations, target)
        assert getattr(actlib, alias) is getattr(actlib, target)
        assert get(alias) is get(target) and actlib.derivative(alias) is actlib.derivative(target)


def test_a_new_record_in_one_place_reaches_every_table(monkeypatch):
    """The issue's "done when": one record, registered in one place, appears everywhere it should."""
    from actlib import properties, registry

    demo = dataclasses.replace(
        get("relu"), name="demo_relu", aliases=(), chapter="relu_family", typical_use="a demonstration"
    )
    assert "demo_relu" not in ACTIVATIONS
    monkeypatch.setitem(ACTIVATIONS, "demo_relu", demo)  # the one place

    assert get("demo_relu") is demo and actlib.derivative("demo_relu") is demo.derivative
    assert registry.chapter_map()["demo_relu"] == "relu_family"  # the comparison's chapter map
    rows = {row["name"]: row for row in properties.property_table()}
    assert rows["demo_relu"]["dead_zones"] == ((-np.inf, 0.0),) and rows["demo_relu"]["upper"] == np.inf
    sheet = {row["activation"]: row for row in properties.cheat_sheet_rows()}
    assert sheet["demo_relu"]["typical use"] == "a demonstration"
    assert sheet["demo_relu"]["outputs between"] == "0 to ∞"
    # The parametrised tests of this module take their cases from the registry in the same way.
    assert "demo_relu" in beyond_the_guide()
    assert ("demo_relu", {}) in cases(beyond_the_guide(elementwise=True))
    assert len(rows) == len(sheet) == len(ACTIVATIONS) == len(NEW) + len(GUIDE_FOUR) + 1
