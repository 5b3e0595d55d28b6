"""The guide's four activations (actlib.activations: rectified_linear, logistic, softmax_probabilities,
hyperbolic_tangent) against Keras and a high-precision reference; every other activation is tested,
parametrised over the registry, in test_all_activations.py."""

import numpy as np
import pytest

import actlib
from tests.numeric_helpers import (
    FLOAT_DTYPES,
    ULP_BUDGET,
    assert_within_ulps,
    case_ids,
    cases,
    is_subnormal,
    keras_activation,
    sample_points,
    ulps_apart,
)
from tests.references import expected_values, reference

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")


ELEMENTWISE_CASES = cases(["relu", "sigmoid", "tanh"])  # the guide's four but softmax


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("name,params", ELEMENTWISE_CASES, ids=case_ids(ELEMENTWISE_CASES))
def test_elementwise_against_high_precision_reference(name, params, dtype):
    x = sample_points(dtype)
    assert x.size >= 100_000
    actual = getattr(actlib, name)(x, **params)
    assert actual.dtype == dtype and actual.shape == x.shape
    assert_within_ulps(actual, expected_values(name, x, **params), dtype, ULP_BUDGET[dtype], x)


# How far Keras' own kernels may be from the truth, in ulps (measured on these points with
# TensorFlow 2.21: float32 sigmoid about 6, float32 tanh about 5.4, float64 tanh about 7.4,
# float16 softmax about 9). actlib must be within this of Keras *and* at least as accurate.
KERAS_ULPS = {np.float16: 16, np.float32: 8, np.float64: 8}


def flushed_by_tensorflow(x, keras_result, dtype):
    """Points where TensorFlow's denormals-are-zero mode decides the answer.

    TensorFlow's CPU kernels treat subnormal inputs as 0 and flush subnormal results to 0.
    """
    return is_subnormal(x, dtype) | ((keras_result == 0) & (x != 0)) | is_subnormal(keras_result, dtype)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("name,params", ELEMENTWISE_CASES, ids=case_ids(ELEMENTWISE_CASES))
def test_elementwise_against_keras(name, params, dtype):
    x = sample_points(dtype)
    x = x[~np.isnan(x)]  # NaN is tested on its own: Keras' thresholded relu turns it into 0
    ours = getattr(actlib, name)(x, **params)
    theirs = keras_activation(name, x, **params)
    assert theirs.dtype == ours.dtype == dtype
    flushed = flushed_by_tensorflow(x, theirs, dtype)
    # Where TensorFlow flushed, the two differ by no more than the subnormal range.
    gap = np.abs(ours[flushed].astype(np.float64) - theirs[flushed].astype(np.float64))
    assert (gap <= np.finfo(dtype).tiny).all(), f"x={x[flushed][gap > np.finfo(dtype).tiny][:5]}"
    distance = ulps_apart(ours, theirs.astype(np.longdouble), dtype)
    budget = KERAS_ULPS[dtype]
    if dtype == np.float64 and params.get("negative_slope"):
        # TensorFlow stores the slope as a float32 attribute: a relative error up to 6e-8.
        with np.errstate(over="ignore", invalid="ignore"):
            budget = np.abs(ours) * 6e-8 / np.spacing(np.abs(ours).clip(np.finfo(dtype).tiny)) + 1
    bad = (distance > budget) & ~flushed
    assert not bad.any(), f"x={x[bad][:5]} actlib={ours[bad][:5]} keras={theirs[bad][:5]}"
    # And actlib's worst error is no larger than Keras' worst error.
    exact = expected_values(name, x, **params)
    ours_error = ulps_apart(ours, exact, dtype)[~flushed].max()
    keras_error = ulps_apart(theirs, exact, dtype)[~flushed].max()
    assert ours_error <= max(keras_error, 0.5), (ours_error, keras_error)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: d.__name__)
def test_softmax_against_reference_and_keras(dtype):
    rng = np.random.default_rng(1)
    scale = np.logspace(-3, 3, 10_000)[:, None]  # from nearly uniform to nearly one-hot rows
    x = (rng.standard_normal((10_000, 10)) * scale).astype(dtype)
    x[:50, 0] = np.finfo(dtype).max  # rows dominated by one huge logit
    ours = actlib.softmax(x)
    assert ours.dtype == dtype and ours.shape == x.shape and x.size >= 100_000
    assert_within_ulps(ours, reference("softmax", x), dtype, ULP_BUDGET[dtype], x)
    theirs = keras_activation("softmax", x)
    # Keras works in the input's dtype: rounding x - max(x) to it costs exp() a relative error
    # of about |x - max(x)| * eps, on top of a few ulps; it also flushes subnormal results to 0.
    eps = np.finfo(dtype).eps
    shift = np.abs(x.astype(np.float64) - x.astype(np.float64).max(axis=-1, keepdims=True))
    allowed = (shift + KERAS_ULPS[dtype]) * eps * np.abs(theirs.astype(np.float64)) + np.finfo(dtype).tiny
    gap = np.abs(ours.astype(np.float64) - theirs.astype(np.float64))
    assert (gap <= allowed).all(), f"{(gap > allowed).sum()} probabilities differ from Keras beyond its error"


@pytest.mark.parametrize("axis", [0, 1, -1, (0, 2), (-1, -2)])
def test_softmax_axis_matches_keras(axis):
    x = np.random.default_rng(2).standard_normal((3, 4, 5)).astype(np.float32)
    # Keras 3.15's TensorFlow backend rejects a tuple of negative axes ("not a valid
    # permutation"), so Keras gets the same axes written as non-negative numbers.
    keras_axis = tuple(a % 3 for a in axis) if isinstance(axis, tuple) else axis
    np.testing.assert_allclose(actlib.softmax(x, axis=axis),
                               keras_activation("softmax", x, axis=keras_axis), rtol=4e-7, atol=1e-7)
    axes = axis if isinstance(axis, tuple) else (axis,)
    np.testing.assert_allclose(actlib.softmax(x, axis=axis).sum(axis=axes), 1.0, rtol=1e-6)


def test_extreme_inputs_give_the_mathematical_limits():
    np.testing.assert_array_equal(actlib.sigmoid(np.array([1e4, -1e4, np.inf, -np.inf])), [1, 0, 1, 0])
    np.testing.assert_array_equal(actlib.tanh([np.inf, -np.inf]), [1.0, -1.0])
    np.testing.assert_array_equal(actlib.softmax([1000.0, 1000.0]), [0.5, 0.5])
    np.testing.assert_array_equal(actlib.softmax([0.0, -np.inf, 0.0]), [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(actlib.softmax([1.0, np.inf, -np.inf]), [0.0, 1.0, 0.0])
    np.testing.assert_allclose(actlib.softmax([1000.0, 1001.0, 1002.0]),
                               reference("softmax", [0.0, 1.0, 2.0]).astype(np.float32), rtol=1e-6)
    np.testing.assert_array_equal(actlib.relu([np.inf, -np.inf]), [np.inf, 0.0])


def test_nan_propagates():
    for name in ("relu", "sigmoid", "tanh"):
        assert np.isnan(getattr(actlib, name)(np.nan))
    assert np.isnan(actlib.relu(np.nan, max_value=3.0, threshold=1.0))
    result = actlib.softmax([[1.0, np.nan], [1.0, 2.0]])
    assert np.isnan(result[0]).all() and not np.isnan(result[1]).any()
    assert np.isnan(actlib.softmax([-np.inf, -np.inf])).all()  # 0/0: no distribution exists


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "softmax"])
def test_input_kinds_and_dtypes(name):
    f = getattr(actlib, name)
    data = [[-1.0, 0.5, 2.0], [3.0, -4.0, 0.0]]
    expected = f(np.array(data, dtype=np.float32))
    for value in (data, np.array(data), tf.constant(data), keras.ops.convert_to_tensor(data)):
        np.testing.assert_allclose(f(value), expected, rtol=1e-6)
    assert f(np.array([[1, 2]], dtype=np.int64)).dtype == np.float32
    assert f(np.array([[True, False]])).dtype == np.float32
    for dtype in FLOAT_DTYPES:
        out = f(np.zeros((2, 3), dtype=dtype))
        assert out.dtype == dtype and out.shape == (2, 3)
    if name != "softmax":
        scalar = f(1.5)
        assert isinstance(scalar, np.ndarray) and scalar.shape == ()


def test_relu_negative_threshold_quirk_matches_keras():
    # With a negative threshold and no cap, Keras lets values between the threshold and 0 through.
    x = np.array([-3.0, -1.0, -0.5, 0.5], dtype=np.float32)
    np.testing.assert_array_equal(actlib.relu(x, threshold=-1.0), keras_activation("relu", x, threshold=-1.0))
    assert actlib.relu(x, threshold=-1.0)[2] == np.float32(-0.5)


@pytest.mark.parametrize("t", [0.1, 0.3, 1 / 3, -0.1])
def test_relu_threshold_is_placed_in_the_input_dtype_like_keras(t):
    # float32(t) > t for t = 0.1: comparing in float64 would let x = float32(t) pass.
    x = np.array([np.float32(t), np.nextafter(np.float32(t), np.float32(9))], dtype=np.float32)
    np.testing.assert_array_equal(actlib.relu(x, threshold=t), keras_activation("relu", x, threshold=t))
    np.testing.assert_array_equal(actlib.derivative("relu")(x, threshold=t), [0.0, 1.0])


def test_relu_keeps_the_sign_of_negative_zero_like_tensorflow():
    x = np.array([-0.0, 0.0], dtype=np.float32)
    np.testing.assert_array_equal(np.signbit(actlib.relu(x)), np.signbit(keras_activation("relu", x)))


def test_relu_parameters_beyond_the_dtype_range_become_infinite():
    x = np.array([-1e4, 1.0, 6e4], dtype=np.float16)
    for params in ({"threshold": 1e5}, {"max_value": 1e6}, {"threshold": -1e6, "negative_slope": 0.5}):
        np.testing.assert_array_equal(actlib.relu(x, **params), keras_activation("relu", x, **params))
