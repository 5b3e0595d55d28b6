"""actlib.inputs: what a student passes in becomes a NumPy float array, or an error that says what to do.

The conversions and messages of :func:`as_float_array`, the parameter and axis checks, and
:func:`keras_signature`'s Keras 2 keyword hint; also that the messages about tensors without values
reach the caller of the activations. (Every activation's messages for the other bad values:
``ActivationChecks.test_bad_input`` in numeric_helpers.py.)
"""

import fractions
import inspect

import numpy as np
import pytest

import actlib
from actlib.inputs import as_float_array, check_axis, check_count, check_real_number, keras_signature

ALL_FOUR = ["relu", "sigmoid", "softmax", "tanh"]


@pytest.mark.parametrize(
    "value, dtype, values",
    [
        ([1, 2], np.float32, [1.0, 2.0]),  # integers: Keras' default float type
        ([True, False], np.float32, [1.0, 0.0]),
        (np.array([3, 4], np.uint8), np.float32, [3.0, 4.0]),
        (np.array([2**40], np.int64), np.float32, [2.0**40]),
        ([[0.5], [1.5]], np.float64, [[0.5], [1.5]]),  # Python floats are float64, as NumPy reads them
        (np.float16(0.5), np.float16, 0.5),
        (np.array([0.25], np.float32), np.float32, [0.25]),
        (7, np.float32, 7.0),
    ],
)
def test_numbers_become_a_float_array_of_a_keras_dtype(value, dtype, values):
    array = as_float_array(value)
    assert isinstance(array, np.ndarray) and array.dtype == dtype
    assert array.tolist() == values


def test_a_float_array_is_passed_through_without_a_copy():
    for dtype in (np.float16, np.float32, np.float64):
        x = np.arange(6, dtype=dtype).reshape(2, 3)
        assert as_float_array(x) is x


def test_a_tensorflow_tensor_becomes_its_values():
    import tensorflow as tf

    for dtype, expected in ((tf.float32, np.float32), (tf.float64, np.float64), (tf.int32, np.float32)):
        array = as_float_array(tf.constant([[1, 2], [3, 4]], dtype=dtype))
        assert array.dtype == expected and array.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize(
    "bad, error, words",
    [
        (np.array([1.0], np.longdouble), TypeError, r"dtype float128.*float16, float32 or float64"),
        (np.array([1 + 2j]), TypeError, r"complex \(complex128\); activations take real numbers"),
        ("3", TypeError, "numeric, not the string '3'"),
        (b"3", TypeError, "numeric, not the string"),
        ([["a"]], TypeError, r"contains strings \(<U1\)"),
        ([[1.0, 2.0], [3.0]], ValueError, "ragged: its rows have different lengths.*Pad the rows"),
        ([1.0, None], TypeError, "object array.*rectangular array of numbers"),
        (None, TypeError, "must be a number, a list of numbers or an array, not None"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), TypeError, r"unsupported dtype datetime64\[D\]"),
    ],
)
def test_each_bad_value_gets_its_own_message_naming_the_argument(bad, error, words):
    if "float128" in words and np.dtype(np.longdouble).itemsize == 8:
        pytest.skip("long double is float64 on this platform")
    with pytest.raises(error, match=words) as info:
        as_float_array(bad, name="logits")
    assert str(info.value).startswith("logits ")


def tensors_without_values():
    """TensorFlow and Keras objects that are not arrays of numbers, and words their message must use."""
    import keras
    import tensorflow as tf

    return [
        (keras.Input((3,)), "symbolic Keras tensor.*keras.Input.*keras.layers.Activation"),
        (tf.sparse.from_dense(tf.constant([[1.0, 0.0]])), r"tf.SparseTensor.*tf.sparse.to_dense\(x\)"),
        (tf.ragged.constant([[1.0], [1.0, 2.0]]), r"tf.RaggedTensor.*x.to_tensor\(\)"),
        (tf.constant([1.0, -1.0], dtype=tf.bfloat16), r"dtype bfloat16.*tf.cast\(x, tf.float32\)"),
    ]


@pytest.mark.parametrize("name", ALL_FOUR + ["gelu", "sparsemax"])
def test_tensors_without_values_are_named_with_what_to_do(name):
    for value, words in tensors_without_values():
        for function in (getattr(actlib, name), actlib.derivative(name)):
            with pytest.raises(TypeError, match=words) as info:
                function(value)
            assert str(info.value).startswith("x ")  # names the argument
            assert "ragged: its rows" not in str(info.value)


def test_a_symbolic_tensor_inside_tf_function_is_named():
    import tensorflow as tf

    @tf.function(autograph=False)
    def graph(x):
        return actlib.relu(x)

    with pytest.raises(TypeError, match="symbolic TensorFlow tensor.*outside tf.function"):
        graph(tf.constant([1.0]))


@pytest.mark.parametrize(
    "value, expected",
    [
        (3, 3.0),
        (np.float32(0.25), 0.25),
        (np.array(-2, np.int8), -2.0),
        (fractions.Fraction(1, 4), 0.25),
        (float("inf"), float("inf")),
    ],
)
def test_check_real_number_returns_a_float(value, expected):
    result = check_real_number(value, "threshold")
    assert type(result) is float and result == expected


def test_check_real_number_accepts_a_0_d_tensor():
    import tensorflow as tf

    assert check_real_number(tf.constant(1.5), "alpha") == 1.5


@pytest.mark.parametrize(
    "value, error, words",
    [
        (True, TypeError, "alpha must be a real number, not bool True"),
        ("1", TypeError, "alpha must be a real number, not str '1'"),
        (np.array([1.0, 2.0]), TypeError, "alpha must be a real number, not ndarray"),
        (1 + 0j, TypeError, "alpha must be a real number, not complex"),
        (float("nan"), ValueError, "alpha is NaN; it must be a real number"),
        (10**400, ValueError, r"alpha is too large: beyond the float64 range"),
        (None, TypeError, "alpha must be a real number, not NoneType"),
    ],
)
def test_check_real_number_names_what_is_wrong(value, error, words):
    with pytest.raises(error, match=words):
        check_real_number(value, "alpha")


def test_none_is_allowed_only_when_asked():
    assert check_real_number(None, "max_value", allow_none=True) is None
    with pytest.raises(TypeError, match="max_value must be a real number or None, not str"):
        check_real_number("6", "max_value", allow_none=True)


def test_check_count():
    assert check_count(np.int64(3), "depth") == 3 and type(check_count(np.int64(3), "depth")) is int
    assert check_count(0, "seed", minimum=0) == 0
    with pytest.raises(ValueError, match="depth must be an integer >= 1, got 0"):
        check_count(0, "depth")
    with pytest.raises(TypeError, match="depth must be an integer >= 1, not bool"):
        check_count(True, "depth")
    with pytest.raises(TypeError, match="width must be an integer >= 2, not float"):
        check_count(4.0, "width", minimum=2)


@pytest.mark.parametrize(
    "axis, ndim, expected",
    [(-1, 3, (2,)), (0, 1, (0,)), ((0, -1), 3, (0, 2)), ([2, 0], 3, (2, 0)), (np.int32(-2), 2, (0,))],
)
def test_check_axis_counts_negative_axes_from_the_end(axis, ndim, expected):
    axes = check_axis(axis, ndim)
    assert axes == expected and all(type(a) is int for a in axes)


@pytest.mark.parametrize(
    "axis, error, words",
    [
        (
            3,
            ValueError,
            "dim=3 is out of range for an input with 3 dimension\\(s\\); use a value from -3 to 2",
        ),
        ((0, -3), ValueError, "dim=\\(0, -3\\) repeats an axis"),
        (True, TypeError, "dim must be an integer or a tuple of integers, not True"),
        ((0, 1.0), TypeError, "not 1.0"),
    ],
)
def test_check_axis_errors_use_the_arguments_name(axis, error, words):
    with pytest.raises(error, match=words):
        check_axis(axis, 3, name="dim")


def test_alpha_gets_a_keras3_message():
    with pytest.raises(TypeError, match="Keras 3 renamed it 'negative_slope'") as info:
        actlib.relu([1.0, -2.0], alpha=0.7)
    assert "relu(x, negative_slope=0.7)" in str(info.value)
    with pytest.raises(TypeError, match="unexpected keyword argument 'slope'"):
        actlib.relu([1.0], slope=0.1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'alpha'"):
        actlib.sigmoid([1.0], alpha=0.1)  # sigmoid never had alpha: no renaming hint


def test_keras_signature_keeps_the_functions_name_signature_and_docstring():
    def scaled(x, scale=2.0):
        """Multiply by ``scale``."""
        return np.multiply(x, scale)

    wrapped = keras_signature(scaled)
    assert wrapped.__name__ == "scaled" and wrapped.__doc__ == "Multiply by ``scale``."
    assert inspect.signature(wrapped) == inspect.signature(scaled)
    result = wrapped(np.float32(1.5), scale=np.float32(3))
    assert type(result) is np.ndarray and result.shape == () and result.dtype == np.float32 and result == 4.5
    with pytest.raises(
        TypeError, match=r"got an unexpected keyword argument 'alpha'; it accepts \['x', 'scale'\]"
    ):
        wrapped(1.0, alpha=1.0)  # no negative_slope here: no Keras 3 hint
