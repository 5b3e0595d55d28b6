"""actlib.float32: the float32 fused multiply-add and the list of every float32 number in a range.

The sigmoid and tanh chapters re-implement TensorFlow's float32 kernels with these to find where an
output rounds to 1.0; the tests check them against exact rational arithmetic (``fractions``) and
NumPy's own float32 neighbours (``np.nextafter``), not against actlib.
"""

from fractions import Fraction

import numpy as np
import pytest

from actlib.float32 import float32_range, fma32


def correctly_rounded_float32(exact):
    """The float32 nearest to the rational ``exact``, ties to even: the answer of a true FMA."""
    guess = np.float32(float(exact))  # within one float32 step of the answer
    candidates = [np.nextafter(guess, np.float32(-np.inf)), guess, np.nextafter(guess, np.float32(np.inf))]
    distances = [abs(Fraction(float(c)) - exact) for c in candidates]
    best = min(distances)
    nearest = [c for c, d in zip(candidates, distances, strict=True) if d == best]
    return min(nearest, key=lambda c: int(c.view(np.int32)) % 2)  # a tie: the even significand


def test_fma32_rounds_once_where_multiply_then_add_rounds_twice():
    a = np.float32(1 + 2**-12)
    # a * a = 1 + 2**-11 + 2**-24 exactly; float32 keeps 2**-24 only next to 2**-11, not next to 1.
    assert fma32(a, a, np.float32(-1.0)) == np.float32(2**-11 + 2**-24)
    assert a * a - np.float32(1.0) == np.float32(2**-11)
    assert fma32([1.0, 2.0], 3.0, 0.5).tolist() == [3.5, 6.5]


def test_fma32_is_the_correctly_rounded_a_times_b_plus_c():
    rng = np.random.default_rng(0)
    n = 3000
    a, b, c = (
        (rng.standard_normal(n) * 2.0 ** rng.integers(-20, 20, n)).astype(np.float32) for _ in range(3)
    )
    c[: n // 3] = -(a[: n // 3] * b[: n // 3])  # near cancellation: the case an FMA exists for
    result = fma32(a, b, c)
    assert result.dtype == np.float32 and result.shape == (n,)
    expected = [
        correctly_rounded_float32(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)))
        for x, y, z in zip(a, b, c, strict=True)
    ]
    np.testing.assert_array_equal(result, np.array(expected, np.float32))


def test_fma32_can_differ_from_a_true_fma_only_at_a_double_rounding_tie():
    # The limit its docstring states: a*b = 1 + 2**-11 + 2**-24 lies halfway between two float32
    # numbers; c = 2**-80 tips the exact sum upwards, but float64 drops c, and float32 then breaks the
    # tie to the even neighbour, below.
    a, c = np.float32(1 + 2**-12), np.float32(2**-80)
    exact = Fraction(float(a)) ** 2 + Fraction(float(c))
    assert correctly_rounded_float32(exact) == np.float32(1 + 2**-11 + 2**-23)
    assert fma32(a, a, c) == np.float32(1 + 2**-11)


def test_float32_range_lists_every_float32_number_between_its_ends():
    values = float32_range(2.0, 2.0 + 8 * 2**-22)  # spacing 2**-22 above 2
    np.testing.assert_array_equal(values, 2.0 + np.arange(9) * 2**-22)
    assert values.dtype == np.float32
    negative = float32_range(-1.0, -1.0 + 2**-23)  # spacing 2**-24 just inside -1
    np.testing.assert_array_equal(negative, [-1.0, -1.0 + 2**-24, -1.0 + 2**-23])
    with pytest.raises(ValueError, match="same sign"):
        float32_range(-1.0, 1.0)


@pytest.mark.parametrize(
    "lo, hi", [(0.999, 1.001), (-1.1754945e-38, -1.1754940e-38), (0.0, 2e-44), (3.4e38, 3.4028235e38)]
)
def test_float32_range_steps_from_each_float32_to_the_next(lo, hi):
    values = float32_range(lo, hi)
    assert values[0] == np.float32(lo) and values[-1] == np.float32(hi)
    # each value's next float32 up (NumPy's nextafter, not bit arithmetic) is the following value
    np.testing.assert_array_equal(np.nextafter(values[:-1], np.float32(np.inf)), values[1:])
    np.testing.assert_array_equal(float32_range(hi, lo), values)  # the ends in either order


def test_float32_range_crosses_a_power_of_two_where_the_spacing_doubles():
    values = float32_range(1.0 - 2 * 2**-24, 1.0 + 2 * 2**-23)
    np.testing.assert_array_equal(np.diff(values.astype(np.float64)), [2**-24, 2**-24, 2**-23, 2**-23])
