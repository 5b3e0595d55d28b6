"""Float32 arithmetic spelled out in NumPy: a fused multiply-add, and every float32 number in a range.

The chapters on the sigmoid and tanh re-implement TensorFlow's float32 kernels with these, to find
where exactly an output rounds to 1.0 or 0.0.
"""

import numpy as np


def fma32(a, b, c):
    """Fused multiply-add in float32: ``a * b + c`` rounded once, as a CPU's FMA instruction does.

    The product of two float32 numbers is exact in float64 (24 + 24 significant bits fit in 53), so
    the float64 sum rounded to float32 differs from a true FMA only in rare double-rounding ties.

    Args:
        a, b, c: numbers or arrays that broadcast together (converted to float64).

    Returns:
        A float32 array (or float32 scalar) of ``a * b + c``.

    Example:
        >>> import numpy as np
        >>> a = np.float32(1 + 2**-12)
        >>> float(fma32(a, a, -1.0)) == 2**-11 + 2**-24  # one rounding keeps the 2**-24 term
        True
        >>> float(a * a - np.float32(1.0)) == 2**-11  # two roundings lose it
        True
    """
    a, b, c = (np.asarray(value, np.float64) for value in (a, b, c))
    return (a * b + c).astype(np.float32)


def float32_range(lo, hi):
    """Every float32 number from ``lo`` to ``hi`` (both of the same sign), in increasing order.

    Float32 numbers of one sign are ordered like their bit patterns read as integers, so the range
    is the integers between the two bit patterns, read back as float32.

    Args:
        lo, hi: the two ends, numbers of the same sign (either may be the larger one).

    Returns:
        A float32 array holding every float32 number between the two ends, both included, ascending.

    Example:
        >>> values = float32_range(1.0, 1 + 2**-22)
        >>> values.tolist() == [1.0, 1 + 2**-23, 1 + 2**-22]
        True
        >>> len(float32_range(-2.0, -1.0)) == 2**23 + 1
        True
    """
    lo, hi = np.float32(lo), np.float32(hi)
    if np.signbit(lo) != np.signbit(hi):
        raise ValueError(f"lo and hi must have the same sign, got {lo} and {hi}.")
    a, b = lo.view(np.int32), hi.view(np.int32)
    bits = np.arange(min(a, b), max(a, b) + 1, dtype=np.int32)
    return np.sort(bits.view(np.float32))
