"""Turning what a student passes in into a NumPy array, or a clear error.

Every activation in ``actlib`` starts by calling :func:`as_float_array` on its
input and the ``check_*`` helpers on its parameters, so bad input is reported
in plain words at the call site instead of as a traceback from deep inside
NumPy or TensorFlow.
"""

import functools
import inspect
import math
import numbers

import numpy as np

FLOAT_DTYPES = (np.float16, np.float32, np.float64)

# Keyword arguments that Keras 2 accepted and Keras 3 renamed.
KERAS2_KEYWORDS = {"alpha": "negative_slope"}

# TensorFlow and Keras objects that hold no dense array of values, by class name (so that
# actlib need not import TensorFlow to recognise them): what they are, and what to pass instead.
TENSORS_WITHOUT_VALUES = {
    "KerasTensor": "a symbolic Keras tensor (from keras.Input or a layer of a model being built): "
    "a placeholder with no values yet. actlib computes on numbers: inside a model use "
    "keras.activations or a keras.layers.Activation layer, and call actlib on arrays",
    "SymbolicTensor": "a symbolic TensorFlow tensor (inside tf.function or graph code): it has no "
    "values yet. Call actlib outside tf.function, on an eager tensor or a NumPy array",
    "SparseTensor": "a tf.SparseTensor; actlib needs every value, zeros included: pass "
    "tf.sparse.to_dense(x)",
    "RaggedTensor": "a tf.RaggedTensor, whose rows have different lengths; pad it into an array "
    "with x.to_tensor(), or pass one row at a time",
}


def as_float_array(x, name="x"):
    """Return ``x`` as a NumPy float array, keeping float16/32/64.

    Accepts Python numbers, (nested) lists, NumPy arrays and TensorFlow or
    Keras tensors. Integers and booleans become float32, as Keras' default
    float type. Strings, ``None``, ragged lists, object and complex arrays,
    bfloat16, and tensors without values (``keras.Input``, ``tf.SparseTensor``)
    raise ``TypeError`` or ``ValueError`` naming ``name``.

    Args:
        x: a number, a (nested) list, a NumPy array or a TensorFlow or Keras tensor.
        name: the argument's name, for the messages.

    Returns:
        np.ndarray: ``x`` as an array of float16, float32 or float64 (not copied when it already is).

    >>> as_float_array([1, 2])
    array([1., 2.], dtype=float32)
    >>> as_float_array(np.float16(0.5))
    array(0.5, dtype=float16)
    """
    if x is None:
        raise TypeError(f"{name} must be a number, a list of numbers or an array, not None.")
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be numeric, not the string {x!r}.")
    if type(x).__name__ in TENSORS_WITHOUT_VALUES:
        raise TypeError(f"{name} is {TENSORS_WITHOUT_VALUES[type(x).__name__]}.")
    if hasattr(x, "numpy") and callable(x.numpy):  # TensorFlow / Keras tensor
        x = x.numpy()
    try:
        array = np.asarray(x)
    except ValueError as error:  # NumPy refuses ragged nested lists
        raise ValueError(
            f"{name} is ragged: its rows have different lengths, so it is not "
            f"an array. Pad the rows to one length first. ({error})"
        ) from None
    kind = array.dtype.kind
    if kind in "fiub":
        if array.dtype.type in FLOAT_DTYPES:
            return array
        if kind == "f":  # e.g. float128: not a Keras type
            raise TypeError(f"{name} has dtype {array.dtype}; use float16, float32 or float64.")
        return array.astype(np.float32)
    if kind == "c":
        raise TypeError(f"{name} is complex ({array.dtype}); activations take real numbers only.")
    if kind in "USa":
        raise TypeError(f"{name} contains strings ({array.dtype}); pass numbers instead.")
    if kind == "V" and "float" in array.dtype.name:  # ml_dtypes' bfloat16 and float8 types
        raise TypeError(
            f"{name} has dtype {array.dtype}, which NumPy cannot compute with; cast it to float32 "
            "first: tf.cast(x, tf.float32), or x.astype(np.float32) for an array."
        )
    if kind == "O":
        raise TypeError(
            f"{name} is an object array: it holds None, strings, mixed types or "
            "ragged rows. Pass a rectangular array of numbers."
        )
    raise TypeError(f"{name} has unsupported dtype {array.dtype}; pass real numbers.")


def check_real_number(value, name, allow_none=False):
    """Return ``value`` as a float, or raise if it is not a finite real number.

    Args:
        value: the parameter as passed in (a number, or a 0-d array or tensor).
        name: its name, for the messages.
        allow_none: whether None is allowed (and returned).

    Returns:
        float or None: the value.

    >>> check_real_number(np.float32(0.25), "threshold")
    0.25
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if hasattr(value, "numpy") or isinstance(value, np.ndarray):
            array = np.asarray(value)
            if array.ndim == 0 and array.dtype.kind in "fiu":
                return check_real_number(array.item(), name)
        expected = "a real number or None" if allow_none else "a real number"
        raise TypeError(f"{name} must be {expected}, not {type(value).__name__} {value!r}.")
    try:
        value = float(value)
    except OverflowError:  # an integer (or fraction) beyond float64's range, such as 10**400
        raise ValueError(f"{name} is too large: beyond the float64 range (about 1.8e308).") from None
    if math.isnan(value):
        raise ValueError(f"{name} is NaN; it must be a real number.")
    return value


def check_count(value, name, minimum=1):
    """Return ``value`` as an int, or raise naming ``name``.

    TypeError unless it is an integer (bools refused); ValueError if it is below ``minimum``.

    Args:
        value: the argument as passed in.
        name: its name, for the messages.
        minimum: the smallest allowed value (default 1).

    Returns:
        int: the value.

    >>> check_count(3, "depth")
    3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, not {type(value).__name__}.")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}.")
    return int(value)


def check_axis(axis, ndim, name="axis"):
    """Return ``axis`` as a tuple of non-negative axes of an ``ndim`` array.

    Args:
        axis: an integer or a tuple (or list) of integers, negative ones counting from the end.
        ndim: the number of dimensions of the array.
        name: the argument's name, for the messages.

    Returns:
        tuple: the axes as non-negative integers.

    >>> check_axis((-1, 0), 3)
    (2, 0)
    """
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    result = []
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, numbers.Integral):
            raise TypeError(f"{name} must be an integer or a tuple of integers, not {a!r}.")
        if not -ndim <= a < ndim:
            raise ValueError(
                f"{name}={a} is out of range for an input with {ndim} "
                f"dimension(s); use a value from {-ndim} to {ndim - 1}."
            )
        result.append(int(a) % ndim)
    if len(set(result)) != len(result):
        raise ValueError(f"{name}={axis!r} repeats an axis.")
    return tuple(result)


def keras_signature(function):
    """Give ``function`` Keras' exact signature, with helpful keyword errors.

    Calling it with a keyword that Keras 2 used and Keras 3 renamed (``alpha``
    on ``relu``) raises a ``TypeError`` that names the new keyword; any other
    unknown keyword raises the usual kind of ``TypeError``. A NumPy scalar result
    (ufuncs return those for 0-d input) is returned as a 0-d array, so every
    activation returns an ``np.ndarray``.

    Args:
        function: an activation or derivative whose signature is Keras'.

    Returns:
        callable: the wrapped function, with the same name, signature and docstring.

    >>> @keras_signature
    ... def double(x, scale=2.0):
    ...     return np.float32(scale) * x
    >>> double(np.float32(1.5))  # a NumPy scalar result comes back as a 0-d array
    array(3., dtype=float32)
    >>> double(1.5, alpha=3.0)
    Traceback (most recent call last):
    ...
    TypeError: double() got an unexpected keyword argument 'alpha'; it accepts ['x', 'scale'].
    """
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        for key in kwargs:
            if key in signature.parameters:
                continue
            if key in KERAS2_KEYWORDS and KERAS2_KEYWORDS[key] in signature.parameters:
                new = KERAS2_KEYWORDS[key]
                raise TypeError(
                    f"{function.__name__}() got the Keras 2 keyword '{key}'. "
                    f"Keras 3 renamed it '{new}': call "
                    f"{function.__name__}(x, {new}={kwargs[key]!r})."
                )
            raise TypeError(
                f"{function.__name__}() got an unexpected keyword argument "
                f"'{key}'; it accepts {list(signature.parameters)}."
            )
        result = function(*args, **kwargs)
        return np.asarray(result) if isinstance(result, np.generic) else result

    return wrapper
