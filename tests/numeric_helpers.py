"""Test points and ulp comparisons shared by the parity tests."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tests.references import SELU_SCALE

FLOAT_DTYPES = (np.float16, np.float32, np.float64)

# The accuracy contract: maximum distance from the reference, in ulps of the result's dtype.
ULP_BUDGET = {np.float16: 1, np.float32: 4, np.float64: 4}

NAN = float("nan")


@dataclass(frozen=True)
class ActivationData:
    """What the parametrised tests know about one activation beyond its record in the registry.

    variants: parameter sets, Keras' defaults ({}) first, then values that move every kink and scale.
    kink_conventions: (params, x, what tf.GradientTape gives, what actlib gives) at a kink.
    bad_parameters: (params, error, message) that the function and its derivative must raise.
    keras_nan_at: params -> the infinite x where Keras' formula gives NaN (-inf * 0, inf / inf)
        instead of the limit.
    keras_nan_becomes: params -> the number Keras' tf.where turns a NaN input into (None: NaN stays).
    """

    variants: tuple = ({},)
    kink_conventions: tuple = ()
    bad_parameters: tuple = ()
    keras_nan_at: Callable = lambda params: ()
    keras_nan_becomes: Callable = lambda params: None


def minus_infinity(params):
    """x = -inf alone: where Keras' x * gate(x) is -inf * 0 (gelu, silu, mish, hard_silu, squareplus)."""
    return (-np.inf,)


# The one table of test data per activation. An activation that is not here is tested with Keras'
# defaults alone; every parametrised test takes its cases from the registry through cases().
TEST_DATA = {
    "relu": ActivationData(
        variants=({}, {"negative_slope": 0.3}, {"max_value": 6.0}, {"max_value": 2.5}, {"threshold": 1.5},
                  {"threshold": -1.5}, {"negative_slope": 0.1, "max_value": 3.0, "threshold": -2.0},
                  {"negative_slope": 0.2, "threshold": 2.0}),
    ),
    "leaky_relu": ActivationData(
        variants=({}, {"negative_slope": 0.01}, {"negative_slope": 0.0}, {"negative_slope": 1.5}),
        kink_conventions=(({}, 0.0, 0.2, 0.2),),
        keras_nan_at=lambda params: minus_infinity(params) if params.get("negative_slope", 0.2) == 0 else (),
        bad_parameters=(({"negative_slope": NAN}, ValueError, "negative_slope is NaN"),
                        ({"negative_slope": float("inf")}, ValueError, "negative_slope=inf is infinite"),
                        ({"alpha": 0.1}, TypeError, "Keras 3 renamed it 'negative_slope'")),
    ),
    "relu6": ActivationData(kink_conventions=(({}, 0.0, 0.0, 0.0), ({}, 6.0, 0.0, 0.0))),
    "elu": ActivationData(
        variants=({}, {"alpha": 2.0}, {"alpha": 0.3}),
        kink_conventions=(({}, 0.0, 1.0, 1.0), ({"alpha": 2.0}, 0.0, 2.0, 2.0)),
        bad_parameters=(({"alpha": NAN}, ValueError, "alpha is NaN"),
                        ({"alpha": "1"}, TypeError, "alpha must be a real number")),
    ),
    "selu": ActivationData(kink_conventions=(({}, 0.0, SELU_SCALE, SELU_SCALE),)),
    "celu": ActivationData(
        variants=({}, {"alpha": 2.0}, {"alpha": 0.3}),
        kink_conventions=(({}, 0.0, 2.0, 1.0),),  # TF adds the slopes of max(x, 0) and min(x, 0) at the tie
        bad_parameters=(({"alpha": 0.0}, ValueError, "alpha=0 is not allowed"),
                        ({"alpha": NAN}, ValueError, "alpha is NaN")),
    ),
    "threshold": ActivationData(
        variants=({"threshold": 1.0, "default_value": 0.0}, {"threshold": -0.5, "default_value": 3.0}),
        kink_conventions=(({"threshold": 1.0, "default_value": 0.0}, 1.0, 0.0, 0.0),),
        keras_nan_becomes=lambda params: params["default_value"],
        bad_parameters=(({"threshold": NAN, "default_value": 0.0}, ValueError, "threshold is NaN"),
                        ({"threshold": 0.0, "default_value": NAN}, ValueError, "default_value is NaN"),
                        ({"threshold": 0.0}, TypeError, "default_value")),
    ),
    "gelu": ActivationData(
        variants=({}, {"approximate": True}),
        keras_nan_at=minus_infinity,
        bad_parameters=(({"approximate": "yes"}, TypeError, "approximate must be True or False"),
                        ({"approximate": None}, TypeError, "approximate must be True or False")),
    ),
    "hard_sigmoid": ActivationData(kink_conventions=(({}, -3.0, 0.0, 0.0), ({}, 3.0, 0.0, 0.0))),
    "hard_silu": ActivationData(
        kink_conventions=(({}, -3.0, 0.0, 0.0), ({}, 3.0, 1.0, 1.0)), keras_nan_at=minus_infinity
    ),
    "hard_tanh": ActivationData(kink_conventions=(({}, -1.0, 1.0, 1.0), ({}, 1.0, 1.0, 1.0))),
    "sparse_plus": ActivationData(kink_conventions=(({}, -1.0, 0.0, 0.0), ({}, 1.0, 1.0, 1.0))),
    "silu": ActivationData(keras_nan_at=minus_infinity),
    "mish": ActivationData(keras_nan_at=minus_infinity),
    "softsign": ActivationData(keras_nan_at=lambda params: (-np.inf, np.inf)),
    "sparse_sigmoid": ActivationData(kink_conventions=(({}, -1.0, 0.0, 0.0), ({}, 1.0, 0.0, 0.0))),
    "squareplus": ActivationData(
        variants=({}, {"b": 0.0}, {"b": 1.0}),
        keras_nan_at=minus_infinity,
        kink_conventions=(({"b": 0.0}, 0.0, NAN, 0.5),),  # TF: 0/0 in sqrt's gradient
        bad_parameters=(({"b": -1.0}, ValueError, "b=-1.0 is out of range; it must be >= 0"),
                        ({"b": NAN}, ValueError, "b is NaN")),
    ),
    "hard_shrink": ActivationData(
        variants=({}, {"threshold": 1.5}, {"threshold": 0.0}),
        kink_conventions=(({}, 0.5, 0.0, 0.0), ({}, -0.5, 0.0, 0.0)),
        keras_nan_becomes=lambda params: 0.0,
        bad_parameters=(({"threshold": -0.5}, ValueError, "threshold=-0.5 is out of range"),),
    ),
    "soft_shrink": ActivationData(
        variants=({}, {"threshold": 1.5}),
        kink_conventions=(({}, 0.5, 0.0, 0.0), ({}, -0.5, 0.0, 0.0)),
        keras_nan_becomes=lambda params: 0.0,
        bad_parameters=(({"threshold": NAN}, ValueError, "threshold is NaN"),),
    ),
    "log_softmax": ActivationData(
        bad_parameters=(({"axis": 2}, ValueError, "axis=2 is out of range"),
                        ({"axis": 1.0}, TypeError, "axis must be an integer")),
    ),
    "sparsemax": ActivationData(
        bad_parameters=(({"axis": (0, 1)}, TypeError, "axis must be an integer for sparsemax"),),
    ),
    "glu": ActivationData(
        bad_parameters=(({"axis": 3}, ValueError, "axis=3 is out of range"),
                        ({"axis": (0,)}, TypeError, "axis must be an integer for glu")),
    ),
}


def data_for(name):
    """The :class:`ActivationData` of activation ``name`` (defaults alone if the table has none)."""
    return TEST_DATA.get(name, ActivationData())


def cases(names):
    """``(name, params)`` for every activation of ``names`` and each of its variants."""
    return [(name, params) for name in names for params in data_for(name).variants]


def case_id(case):
    """A test id for a ``(name, params)`` case, e.g. ``"elu-alpha=2.0"``."""
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


def case_ids(cases):
    """The test ids of a list of cases, for a parametrisation over ``"name,params"``."""
    return [case_id(case) for case in cases]


def special_points(dtype):
    """Values where activations go wrong: zeros, subnormals, exp's overflow edge, huge, inf, NaN."""
    info = np.finfo(dtype)
    tiny_sub = info.smallest_subnormal
    values = [0.0, -0.0, tiny_sub, -tiny_sub, 3 * tiny_sub, -3 * tiny_sub,
              info.tiny, -info.tiny, info.tiny / 2, -info.tiny / 2,
              1e-7, -1e-7, 1.0, -1.0, 1e4, -1e4, 3e4, -3e4, info.max, -info.max,
              np.inf, -np.inf, np.nan]
    edge = np.linspace(88.0, 89.0, 101)  # float32 exp overflows at about 88.72
    return np.concatenate([np.array(values, dtype=np.float64), edge, -edge]).astype(dtype)


def sample_points(dtype, n=100_000, seed=0):
    """At least ``n`` points of ``dtype``: specials, uniform in [-100, 100], log-spaced magnitudes."""
    rng = np.random.default_rng(seed)
    uniform = rng.uniform(-100, 100, n // 2)
    magnitudes = np.logspace(-45, 38, n // 4)
    with np.errstate(over="ignore"):  # casting magnitudes beyond float16's range gives inf: intended
        points = np.concatenate([special_points(dtype), uniform.astype(dtype),
                                 magnitudes.astype(dtype), (-magnitudes).astype(dtype)])
    return points


def ulps_apart(actual, expected_exact, dtype):
    """|actual - expected| in units of the spacing of ``dtype`` at ``expected`` (NaN-aware).

    ``expected_exact`` is a longdouble/float64 reference. Where both are NaN, or both are the
    same infinity, the distance is 0.
    """
    actual = np.asarray(actual).astype(np.longdouble)
    expected = np.asarray(expected_exact).astype(np.longdouble)
    rounded = expected.astype(dtype)
    finite = np.isfinite(rounded)
    with np.errstate(over="ignore", invalid="ignore"):  # spacing(max) is inf: fine here
        spacing = np.where(finite, np.spacing(np.abs(np.where(finite, rounded, 1)).astype(dtype)), 1)
        # Below the normal range every value has the subnormal spacing.
        spacing = np.maximum(spacing.astype(np.longdouble), np.finfo(dtype).smallest_subnormal)
        distance = np.abs(actual - expected) / spacing
    same_special = (np.isnan(actual) & np.isnan(expected)) | (
        np.isinf(actual) & (actual == expected))
    return np.where(same_special, 0, distance)


def is_subnormal(values, dtype):
    values = np.asarray(values, dtype=np.float64)
    return (values != 0) & (np.abs(values) < np.finfo(dtype).tiny)


def assert_within_ulps(actual, expected, dtype, budget, x, what=""):
    """Assert ``actual`` is within ``budget`` ulps of ``expected``; return the largest distance.

    Subnormal results flushed to zero are allowed (the contract permits it).
    """
    with np.errstate(over="ignore"):
        rounded = expected.astype(dtype)
    expected = np.where(np.isinf(rounded), rounded, expected)  # beyond the dtype's range: +-inf is right
    with np.errstate(over="ignore"):  # references beyond the dtype's range round to +-inf
        distance = ulps_apart(actual, expected, dtype)
    flushed = (actual == 0) & is_subnormal(expected.astype(np.float64), dtype)  # allowed by the contract
    bad = (distance > budget) & ~flushed
    assert not bad.any(), (
        f"{what}: {bad.sum()} points beyond {budget} ulp, e.g. x={x[bad][:4]}, got {actual[bad][:4]}, "
        f"want {expected[bad][:4].astype(np.float64)}")
    return float(distance[~flushed & np.isfinite(distance)].max(initial=0))


def keras_activation(name, x, **params):
    """``keras.activations.<name>(x, **params)`` on a TensorFlow constant, as a NumPy array."""
    import keras
    import tensorflow as tf

    return np.asarray(getattr(keras.activations, name)(tf.constant(x), **params))
