"""Test points and ulp comparisons shared by the parity tests."""

import numpy as np

FLOAT_DTYPES = (np.float16, np.float32, np.float64)

# The accuracy contract: maximum distance from the reference, in ulps of the result's dtype.
ULP_BUDGET = {np.float16: 1, np.float32: 4, np.float64: 4}

# ReLU settings that exercise every branch of Keras 3's relu (leaky, relu6, clip, threshold).
RELU_VARIANTS = [
    {},
    {"negative_slope": 0.3},
    {"max_value": 6.0},
    {"max_value": 2.5},
    {"threshold": 1.5},
    {"threshold": -1.5},
    {"negative_slope": 0.1, "max_value": 3.0, "threshold": -2.0},
    {"negative_slope": 0.2, "threshold": 2.0},
]


# Parameter sets of the other activations: Keras' defaults ({}) first, then values that move every kink
# and scale.
VARIANTS = {
    "leaky_relu": [{}, {"negative_slope": 0.01}, {"negative_slope": 0.0}, {"negative_slope": 1.5}],
    "elu": [{}, {"alpha": 2.0}, {"alpha": 0.3}],
    "celu": [{}, {"alpha": 2.0}, {"alpha": 0.3}],
    "gelu": [{}, {"approximate": True}],
    "squareplus": [{}, {"b": 0.0}, {"b": 1.0}],
    "hard_shrink": [{}, {"threshold": 1.5}, {"threshold": 0.0}],
    "soft_shrink": [{}, {"threshold": 1.5}],
    "threshold": [{"threshold": 1.0, "default_value": 0.0}, {"threshold": -0.5, "default_value": 3.0}],
}


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
