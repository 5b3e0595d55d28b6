"""actlib.numerics: the one precision rule, the block helpers, the stable building blocks, the axis check.

Each helper is checked against an independent computation: SciPy's special functions, Python's
``math`` and ``fractions``, or a plain NumPy formula in a wider type; the block helpers against one
unblocked pass of the same kernel.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import special

from actlib import numerics

FLOATS = (np.float16, np.float32, np.float64)
RNG = np.random.default_rng(2024)


def spread(n, dtype=np.float64, scale=30.0):
    """``n`` numbers of both signs over several decades, in ``dtype``."""
    return (RNG.standard_normal(n) * scale * 10.0 ** RNG.uniform(-3, 0, n)).astype(dtype)


# --- the precision rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dtype, working", [(np.float16, np.float64), (np.float32, np.float64), (np.float64, np.longdouble)]
)
def test_the_working_precision_is_wider_and_holds_the_input_exactly(dtype, working):
    x = spread(1000, dtype)
    w = numerics.working_precision(x)
    assert w.dtype == working and w is not x
    np.testing.assert_array_equal(w.astype(dtype), x)  # every input value is kept exactly
    if dtype != np.float64 or np.finfo(np.longdouble).eps < np.finfo(np.float64).eps:
        assert np.finfo(working).eps < np.finfo(dtype).eps


def test_rounding_once_gives_the_nearest_float32_and_infinity_past_the_range():
    y = np.array([1 / 3, 2.0**-149 * 0.75, 3.5e38, -1e300, np.inf, np.nan])
    out = numerics.rounded(y, np.float32)  # no RuntimeWarning (the suite turns them into errors)
    assert out.dtype == np.float32
    assert abs(Fraction(float(out[0])) - Fraction(1, 3)) <= Fraction(1, 2**26)  # half an ulp of 1/3 (2**-25)
    assert out[1] == np.float32(2.0**-149)  # the smallest subnormal, rounded up from 3/4 of it
    assert out[2] == np.inf and out[3] == -np.inf and out[4] == np.inf and np.isnan(out[5])


def test_a_decimal_constant_is_rounded_once_to_the_working_precision():
    long_tenth = numerics.constant("0.1", np.zeros(1, np.longdouble))
    if np.finfo(np.longdouble).eps < np.finfo(np.float64).eps:
        assert long_tenth != np.longdouble(0.1)  # not float64's 0.1 widened: long double's own nearest
        error = abs(Fraction(*long_tenth.as_integer_ratio()) - Fraction(1, 10))
        assert error < abs(Fraction(0.1) - Fraction(1, 10))
    assert numerics.constant("0.5", np.zeros(1, np.float16)).dtype == np.float16


# --- the block helpers: the same result as one pass --------------------------------------------------


def one_pass(kernel, *arrays):
    return numerics.rounded(kernel(*(numerics.working_precision(a) for a in arrays)), arrays[0].dtype)


def softplus_kernel(w):
    return np.logaddexp(0, w)


def gated_kernel(w, v):
    return w * special.expit(v)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize(
    "shape, block",
    [((1000,), 64), ((7, 13), 10), ((3, 1, 5), 1), ((0, 4), 8), ((), 4), ((5000,), numerics.BLOCK)],
)
def test_in_blocks_equals_one_unblocked_pass(dtype, shape, block):
    x = spread(math.prod(shape), dtype).reshape(shape)
    blocked = numerics.in_blocks(softplus_kernel, x, block=block)
    assert blocked.shape == x.shape and blocked.dtype == dtype
    np.testing.assert_array_equal(blocked, one_pass(softplus_kernel, x))


def test_in_blocks_pairs_the_blocks_of_several_arrays():
    x, gate = spread(999, np.float32), spread(999, np.float32)
    np.testing.assert_array_equal(
        numerics.in_blocks(gated_kernel, x, gate, block=100), one_pass(gated_kernel, x, gate)
    )


def test_in_blocks_gives_the_kernel_blocks_of_at_most_block_elements_once_each():
    seen = []

    def kernel(w):
        seen.append(w.size)
        assert w.dtype == np.float64 and w.ndim == 1
        return w

    x = np.arange(10, dtype=np.float32).reshape(2, 5).T  # not contiguous
    np.testing.assert_array_equal(numerics.in_blocks(kernel, x, block=4), x)
    assert seen == [4, 4, 2]


def test_in_blocks_lets_an_overflow_that_is_the_answer_through_silently():
    x = np.array([100.0, 1.0], np.float32)
    np.testing.assert_array_equal(numerics.in_blocks(np.exp, x, block=1), [np.inf, np.float32(np.e)])


def row_softmax(w):
    return special.softmax(w, axis=-1)


@pytest.mark.parametrize("shape, block", [((50, 7), 20), ((3, 4, 6), 1), ((2, 100), 10**6), ((0, 3), 5)])
def test_in_row_blocks_equals_one_unblocked_pass(shape, block):
    rows = spread(math.prod(shape), np.float32).reshape(shape)
    blocked = numerics.in_row_blocks(row_softmax, rows, np.float32, block=block)
    np.testing.assert_array_equal(blocked, one_pass(row_softmax, rows))


def test_in_row_blocks_keeps_rows_whole_and_can_change_their_width():
    rows = spread(60, np.float32).reshape(12, 5)
    groups = []

    def first_and_sum(group):
        groups.append(group.shape)
        return np.stack([group[:, 0], group.sum(axis=-1)], axis=-1)

    out = numerics.in_row_blocks(first_and_sum, rows, np.float32, width=2, block=11)  # two rows a group
    assert groups == [(2, 5)] * 6
    np.testing.assert_array_equal(out, one_pass(lambda w: np.stack([w[:, 0], w.sum(axis=-1)], axis=-1), rows))
    groups.clear()
    numerics.in_row_blocks(first_and_sum, rows, np.float32, width=2, block=2)  # fewer than a row: one row
    assert groups == [(1, 5)] * 12


def test_in_row_blocks_passes_the_rows_own_dtype_when_asked():
    dtypes = set()
    rows = np.ones((4, 3), np.float32)
    numerics.in_row_blocks(lambda g: dtypes.add(g.dtype) or g, rows, np.float32, working=False)
    assert dtypes == {np.dtype(np.float32)}


# --- the stable building blocks, against SciPy and math --------------------------------------------

W = np.concatenate([spread(4000), [0.0, -0.0, 1e-300, -1e-300, 700.0, -700.0, 1e4, -1e4, np.inf, -np.inf]])


def test_sigmoid_and_its_slope_match_scipy_over_both_tails():
    np.testing.assert_allclose(numerics.sigmoid(W), special.expit(W), rtol=4e-16, atol=0)
    slope = special.expit(W) * special.expit(-W)
    np.testing.assert_allclose(numerics.sigmoid_slope(W), slope, rtol=1e-15, atol=0)
    assert numerics.sigmoid(np.array([-1e4]))[0] == 0 and numerics.sigmoid_slope(np.array([1e4]))[0] == 0


def test_softplus_matches_logaddexp_and_keeps_tiny_values():
    np.testing.assert_allclose(numerics.softplus(W), np.logaddexp(0, W), rtol=4e-16, atol=0)
    assert numerics.softplus(np.array([-700.0]))[0] == pytest.approx(math.exp(-700), rel=1e-15)


def test_log1p_exp_minus_abs_is_within_2_1_ulp_in_float32():
    x = np.concatenate([spread(100_000, np.float32, scale=20.0), np.float32([0, 88, -104, np.inf])])
    ours = numerics.log1p_exp_minus_abs(x)
    assert ours.dtype == np.float32
    exact = np.log1p(np.exp(-np.abs(x.astype(np.longdouble))))
    ulp = np.spacing(np.abs(exact.astype(np.float32)))
    ulp = np.where(ulp > 0, ulp, np.float32(2.0**-149)).astype(np.longdouble)
    assert float(np.max(np.abs(ours.astype(np.longdouble) - exact) / ulp)) <= 2.1


def test_mishs_gate_and_its_complement_match_their_definitions():
    w = np.clip(W, -300, 40)  # past 40 both are capped (below)
    gate = np.tanh(np.logaddexp(0, w))
    np.testing.assert_allclose(numerics.tanh_softplus(w), gate, rtol=1e-14, atol=0)
    # 1 - tanh(s)^2 = 1 / cosh(s)^2, no cancellation in the reference either
    np.testing.assert_allclose(numerics.sech2_softplus(w), 1 / np.cosh(np.logaddexp(0, w)) ** 2, rtol=1e-13)
    # The cap at w = 40: the gate is 1 to 1e-34 there, and its complement stays at its w = 40 value.
    assert numerics.tanh_softplus(np.array([40.0, 1e3, np.inf])).tolist() == [1.0, 1.0, 1.0]
    np.testing.assert_array_equal(
        numerics.sech2_softplus(np.array([50.0, np.inf])), numerics.sech2_softplus(np.array([40.0, 40.0]))
    )


def test_erfc_matches_the_c_librarys_in_float64_and_long_double():
    t = np.concatenate([np.linspace(-6, 27, 3301), [0.0, 2.0, -2.0, np.inf, -np.inf]])
    libm = np.array([math.erfc(v) for v in t])  # (SciPy's erfc flushes subnormal results to 0)
    # float64 is the working precision of float32 input: 2e-13 (the subtraction 1 - erf near t = 2
    # costs a few bits) is still a thousandth of a float32 ulp.
    np.testing.assert_allclose(numerics.erfc(t), libm, rtol=2e-13, atol=0)
    long = numerics.erfc(t.astype(np.longdouble))  # the working precision of float64 input
    assert long.dtype == np.longdouble
    finite = np.isfinite(libm) & (libm > 0)
    ulps = np.abs(long.astype(np.float64) - libm)[finite] / np.spacing(libm[finite])
    assert ulps.max() <= 2  # libm's erfc is itself within about an ulp
    assert numerics.erfc(np.array(1.0)).shape == ()
    assert np.isnan(numerics.erfc(np.array([np.nan])))[0]


def test_normal_pdf_matches_the_formula_and_is_zero_at_infinity():
    w = np.linspace(-40, 40, 801)
    np.testing.assert_allclose(
        numerics.normal_pdf(w), np.exp(-w * w / 2) / math.sqrt(2 * math.pi), rtol=1e-15, atol=0
    )
    np.testing.assert_array_equal(numerics.normal_pdf(np.array([np.inf, -np.inf, 1e200])), [0, 0, 0])


def test_a_gate_of_zero_times_infinity_is_zero_with_the_sign_of_x():
    x = np.array([-np.inf, np.inf, -np.inf, 2.0, np.nan])
    out = numerics.times_gate(x, np.array([0.0, 0.0, 0.5, 0.25, 0.0]))
    np.testing.assert_array_equal(out[:4], [0.0, 0.0, -np.inf, 0.5])
    assert np.signbit(out[0]) and not np.signbit(out[1]) and np.isnan(out[4])


def test_nan_is_kept_where_a_selection_would_hide_it():
    x = np.array([np.nan, -1.0, 2.0], np.float32)
    assert numerics.keep_nan(x, np.zeros(3, np.float32)).tolist()[1:] == [0.0, 0.0]
    assert np.isnan(numerics.keep_nan(x, np.zeros(3, np.float32))[0])
    ones = numerics.ones_where(x > 0, x)
    assert ones.dtype == np.float32 and np.isnan(ones[0]) and ones[1:].tolist() == [0.0, 1.0]


def test_exp_floor_and_exp_limit_bound_what_exp_can_return():
    assert np.float32(np.exp(numerics.exp_floor(np.zeros(1)))) == 0  # below float32's subnormals
    assert numerics.exp_floor(np.zeros(1, np.longdouble)) == -np.inf
    for dtype in (np.float64, np.longdouble):
        limit = numerics.exp_limit(np.zeros(1, dtype))
        with np.errstate(over="ignore"):
            assert np.isfinite(np.exp(dtype(limit))) and np.isinf(np.exp(dtype(limit) * 2))
    np.testing.assert_array_equal(numerics.clipped(np.array([-np.inf, 5.0, 2e3])), [-1e3, 5.0, 1e3])


# --- parameters ------------------------------------------------------------------------------------


def test_finite_parameter_checks_range_and_finiteness():
    assert numerics.finite_parameter(np.int8(2), "b", minimum=0) == 2.0
    assert numerics.finite_parameter(0, "b", minimum=0) == 0.0
    assert numerics.finite_parameter(None, "max_value", allow_none=True) is None
    with pytest.raises(ValueError, match=r"b=0.0 is out of range; it must be > 0"):
        numerics.finite_parameter(0, "b", minimum=0, strict=True)
    with pytest.raises(ValueError, match=r"b=-1.0 is out of range; it must be >= 0"):
        numerics.finite_parameter(-1, "b", minimum=0)
    with pytest.raises(ValueError, match="alpha=inf is infinite; it must be a finite real number"):
        numerics.finite_parameter(float("inf"), "alpha")
    with pytest.raises(TypeError, match="alpha must be a real number"):
        numerics.finite_parameter("1", "alpha")


def test_bool_parameter_refuses_truthy_values():
    assert numerics.bool_parameter(np.False_, "approximate") is False
    for value in (1, 0, "True", None):
        with pytest.raises(TypeError, match="approximate must be True or False"):
            numerics.bool_parameter(value, "approximate")


@pytest.mark.parametrize("t", [0.1, 1 / 3, -2.7182818284590455, 1e-40])
def test_a_threshold_in_the_range_is_rounded_to_the_nearest_float32_as_keras_casts_it(t):
    threshold = numerics.threshold_in_dtype(t, np.float32)
    assert threshold.dtype == np.float32
    for neighbour in (
        np.nextafter(threshold, np.float32(np.inf)),
        np.nextafter(threshold, np.float32(-np.inf)),
    ):
        assert abs(Fraction(float(threshold)) - Fraction(t)) <= abs(Fraction(float(neighbour)) - Fraction(t))


@pytest.mark.parametrize("t", [3.4028235677973366e38, 3.5e38, 1e39, 1e300, -1e39, -1e300])
def test_a_threshold_beyond_the_range_compares_as_the_exact_threshold(t):
    threshold = numerics.threshold_in_dtype(t, np.float32)
    biggest = np.finfo(np.float32).max
    for x in (np.float32(np.inf), biggest, -biggest, np.float32(-np.inf), np.float32(0)):
        exact = float(x) > t  # Python compares a float with the float64 t exactly
        assert bool(x > threshold) == exact, (x, t)


# --- rows and axes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("axes", [(0,), (2,), (0, 2), (1, 0), (0, 1, 2)])
def test_to_rows_and_back_is_the_identity_and_rows_hold_the_axes(axes):
    w = np.arange(2 * 3 * 4, dtype=np.float64).reshape(2, 3, 4)
    rows, moved = numerics.to_rows(w, axes)
    assert rows.shape[-1] == math.prod(w.shape[a] for a in axes)
    np.testing.assert_array_equal(rows.sum(axis=-1).reshape(-1), np.sort(w.sum(axis=axes).reshape(-1)))
    np.testing.assert_array_equal(numerics.from_rows(rows, moved, axes), w)


ROWS = np.array([[1.0, 2.0, 3.0], [-50.0, 0.0, 40.0], [0.0, 0.0, 0.0], [700.0, -700.0, 699.0]])


def test_softmax_rows_and_log_softmax_rows_match_scipy():
    # atol: a float64 row is the working precision of float32 input, and exp(-1400) counts as exp(-200)
    # (numerics.exp_floor), far below anything float32 holds.
    np.testing.assert_allclose(
        numerics.softmax_rows(ROWS), special.softmax(ROWS, axis=-1), rtol=1e-15, atol=1e-86
    )
    # atol: SciPy rounds the largest entry's -4.2e-18 of row 2 to 0; actlib keeps it (the next test)
    np.testing.assert_allclose(
        numerics.log_softmax_rows(ROWS), special.log_softmax(ROWS, axis=-1), rtol=1e-14, atol=1e-17
    )


def test_the_largest_entrys_log_softmax_and_complement_keep_their_digits():
    row = np.array([[0.0, -40.0]])
    tiny = math.exp(-40)
    assert numerics.log_softmax_rows(row)[0, 0] == pytest.approx(-math.log1p(tiny), rel=1e-15)
    s, rest = numerics.softmax_and_complement(row)
    assert rest[0, 0] == pytest.approx(tiny / (1 + tiny), rel=1e-15)  # 1 - s rounds to 0 in float64
    assert s[0, 1] == pytest.approx(tiny / (1 + tiny), rel=1e-15) and rest[0, 1] == pytest.approx(
        1, rel=1e-15
    )


@pytest.mark.parametrize(
    "row, expected",
    [
        ([np.inf, 1.0, np.inf], [0.5, 0.0, 0.5]),
        ([np.inf, -np.inf], [1, 0]),
        ([-np.inf, -np.inf], [np.nan, np.nan]),
        ([np.nan, 1.0], [np.nan, np.nan]),
    ],
)
def test_rows_with_an_infinite_or_nan_entry_get_their_limits(row, expected):
    rows = np.array([row])
    np.testing.assert_array_equal(numerics.softmax_rows(rows)[0], expected)
    s, rest = numerics.softmax_and_complement(rows)
    np.testing.assert_array_equal(s[0], expected)
    np.testing.assert_array_equal(rest[0], 1 - np.array(expected, dtype=float))
    sparse = numerics.sparsemax_rows(rows)[0]
    np.testing.assert_array_equal(sparse, expected)


def test_softmax_parts_assemble_softmax_and_its_complement_in_float32_rows():
    rows = spread(300, np.float32).reshape(20, 15)
    e, others, top = numerics.softmax_parts(rows)
    assert e.dtype == np.float64 and others.shape == (20, 1)
    np.testing.assert_array_equal(top[:, 0], rows.argmax(axis=-1))
    softmax = np.where(np.arange(15) == top, 1.0, e) / (1 + others)
    np.testing.assert_allclose(
        softmax, special.softmax(rows.astype(np.float64), axis=-1), rtol=1e-14, atol=1e-300
    )
    assert numerics.softmax_parts(np.array([[1.0, np.inf]], np.float32)) is None


def simplex_projection(z, iterations=200):
    """The Euclidean projection of ``z`` onto the probability simplex: max(z - tau, 0), tau by bisection."""
    lo, hi = z.min() - 1, z.max()
    for _ in range(iterations):
        tau = (lo + hi) / 2
        lo, hi = (tau, hi) if np.maximum(z - tau, 0).sum() > 1 else (lo, tau)
    return np.maximum(z - (lo + hi) / 2, 0)


def test_sparsemax_rows_is_the_projection_onto_the_simplex():
    rows = np.concatenate([spread(400).reshape(40, 10), spread(30, scale=0.3).reshape(3, 10)])
    for row, ours in zip(rows, numerics.sparsemax_rows(rows), strict=True):
        np.testing.assert_allclose(ours, simplex_projection(row), atol=1e-12)


# --- the axis checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "axis, error, words",
    [
        (2, ValueError, "axis=2 is out of range for an input with 2 dimension"),
        (-3, ValueError, "axis=-3 is out of range"),
        (1.0, TypeError, "axis must be an integer"),
        ("last", TypeError, "axis must be an integer"),
        ((0, 0), ValueError, "repeats an axis"),
    ],
)
def test_bad_axes_are_named(axis, error, words):
    # What every row activation's axis gets (softmax's: TEST_DATA's bad_parameters).
    with pytest.raises(error, match=words):
        numerics.reduction_axes(np.ones((2, 3)), axis, "softmax")


def test_reduction_axes_messages_name_the_function_and_the_shape():
    x = np.ones((4, 0, 2))
    assert numerics.reduction_axes(x, (0, -1), "log_softmax") == (0, 2)
    assert numerics.reduction_axes(x, 1, "sparsemax", allow_empty=True) == (1,)
    with pytest.raises(ValueError, match=r"sparsemax over an empty axis: x has shape \(4, 0, 2\) and axis=1"):
        numerics.reduction_axes(x, 1, "sparsemax")
    with pytest.raises(ValueError, match="log_softmax needs an input with at least one axis; got a scalar"):
        numerics.reduction_axes(np.float64(1.0), -1, "log_softmax")
    with pytest.raises(TypeError, match=r"axis must be an integer for sparsemax, not \(0, 1\)"):
        numerics.reduction_axes(x, (0, 1), "sparsemax", single=True)
    with pytest.raises(TypeError, match="axis must be an integer for sparsemax, not True"):
        numerics.reduction_axes(x, True, "sparsemax", single=True)


def test_glu_axis_needs_one_integer_axis_of_even_size():
    assert numerics.glu_axis(np.zeros((4, 3)), 0) == (0,)
    with pytest.raises(ValueError, match=r"odd size 3 \(x has shape \(4, 3\)\); use an axis of even size"):
        numerics.glu_axis(np.zeros((4, 3)), -1)
    with pytest.raises(ValueError, match="glu needs an input with at least one axis"):
        numerics.glu_axis(np.zeros(()), -1)
    with pytest.raises(TypeError, match="axis must be an integer for glu"):
        numerics.glu_axis(np.zeros((4, 2)), (0, 1))
    with pytest.raises(ValueError, match="axis=2 is out of range"):
        numerics.glu_axis(np.zeros((4, 2)), 2)
