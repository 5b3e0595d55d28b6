"""The parameter checks of the activations: one check per parameter, shared by a function and its derivative.

Each returns the parameter as a float (or bool) ready to compute with, or raises TypeError or
ValueError with a message that names the parameter and says what it must be. The general
rules (a real number, not NaN, finite, within a range) are :func:`actlib.numerics.finite_parameter`
and :func:`actlib.inputs.check_real_number`; this module says which rule each parameter follows.
"""

from actlib import numerics
from actlib.inputs import check_real_number


def check_negative_slope(negative_slope):
    """The slope below the threshold of relu and leaky_relu: a finite real number.

    Args:
        negative_slope: the value passed in.

    Returns:
        float: the slope.

    >>> check_negative_slope(0.2)
    0.2
    """
    return numerics.finite_parameter(negative_slope, "negative_slope")


def check_relu_parameters(negative_slope, max_value, threshold):
    """ReLU's three parameters as floats: all finite (``max_value`` may be None), ``max_value >= 0``.

    Args:
        negative_slope: the slope below the threshold.
        max_value: the cap, or None for none.
        threshold: where the slope changes.

    Returns:
        tuple: ``(negative_slope, max_value, threshold)``.

    >>> check_relu_parameters(0, 6, 0)
    (0.0, 6.0, 0.0)
    """
    negative_slope = check_negative_slope(negative_slope)
    threshold = numerics.finite_parameter(threshold, "threshold")
    max_value = numerics.finite_parameter(max_value, "max_value", allow_none=True)
    if max_value is not None and max_value < 0:
        raise ValueError(
            f"max_value={max_value} is negative; it is the largest value relu may "
            "return and must be >= 0 (or None for no cap)."
        )
    return negative_slope, max_value, threshold


def check_elu_alpha(alpha):
    """ELU's ``alpha``, the limit of its negative branch: a finite real number.

    Args:
        alpha: the value passed in.

    Returns:
        float: ``alpha``.

    >>> check_elu_alpha(1)
    1.0
    """
    return numerics.finite_parameter(alpha, "alpha")


def check_celu_alpha(alpha):
    """CELU's ``alpha``: finite and non-zero, since celu divides ``x`` by it.

    Args:
        alpha: the value passed in.

    Returns:
        float: ``alpha``.

    >>> check_celu_alpha(0)
    Traceback (most recent call last):
    ...
    ValueError: alpha=0 is not allowed: celu divides x by alpha; use a non-zero alpha.
    """
    alpha = check_elu_alpha(alpha)
    if alpha == 0:
        raise ValueError("alpha=0 is not allowed: celu divides x by alpha; use a non-zero alpha.")
    return alpha


def check_approximate(approximate):
    """GELU's ``approximate``: True or False, nothing else.

    Args:
        approximate: the value passed in.

    Returns:
        bool: ``approximate``.

    >>> check_approximate(True)
    True
    """
    return numerics.bool_parameter(approximate, "approximate")


def check_squareplus_b(b):
    """Squareplus' ``b``: a finite real number >= 0 (``b = 0`` gives ReLU).

    Args:
        b: the value passed in.

    Returns:
        float: ``b``.

    >>> check_squareplus_b(-1)
    Traceback (most recent call last):
    ...
    ValueError: b=-1.0 is out of range; it must be >= 0.
    """
    return numerics.finite_parameter(b, "b", minimum=0)


def check_shrink_threshold(threshold):
    """The threshold of hard_shrink and soft_shrink: a finite real number >= 0.

    Args:
        threshold: the value passed in.

    Returns:
        float: the threshold.

    >>> check_shrink_threshold(0.5)
    0.5
    """
    return numerics.finite_parameter(threshold, "threshold", minimum=0)


def check_threshold_parameters(threshold, default_value):
    """The threshold activation's two required parameters: real numbers, not NaN (infinities allowed).

    Args:
        threshold: the value ``x`` must exceed to pass.
        default_value: the value given where it does not.

    Returns:
        tuple: ``(threshold, default_value)`` as floats.

    >>> check_threshold_parameters(1, 0)
    (1.0, 0.0)
    """
    return check_real_number(threshold, "threshold"), check_real_number(default_value, "default_value")
