"""Bad input gets a TypeError or ValueError that names the problem, never a deep traceback."""

import inspect
import warnings

import numpy as np
import pytest

import actlib

ALL_FOUR = ["relu", "sigmoid", "softmax", "tanh"]


@pytest.mark.parametrize("name", ALL_FOUR)
@pytest.mark.parametrize("bad,error,words", [
    ("1.5", TypeError, "string"),
    (["a", "b"], TypeError, "strings"),
    (None, TypeError, "None"),
    ([[1.0, 2.0], [3.0]], ValueError, "ragged"),
    (np.array([1.0, None], dtype=object), TypeError, "object array"),
    ([1.0, None], TypeError, "object array"),
    (np.array([1 + 2j]), TypeError, "complex"),
    (np.array(["2020-01-01"], dtype="datetime64[D]"), TypeError, "dtype"),
])
def test_bad_inputs_are_named(name, bad, error, words):
    with pytest.raises(error, match=words) as info:
        getattr(actlib, name)(bad)
    assert "x" in str(info.value)  # names the argument


@pytest.mark.parametrize("kwargs,error,words", [
    ({"max_value": -1.0}, ValueError, "max_value=-1.0 is negative"),
    ({"threshold": float("nan")}, ValueError, "threshold is NaN"),
    ({"negative_slope": float("nan")}, ValueError, "negative_slope is NaN"),
    ({"max_value": float("nan")}, ValueError, "max_value is NaN"),
    ({"negative_slope": "0.1"}, TypeError, "negative_slope must be a real number"),
    ({"threshold": None}, TypeError, "threshold must be a real number"),
    ({"max_value": [1.0]}, TypeError, "max_value must be a real number or None"),
    ({"negative_slope": True}, TypeError, "negative_slope must be a real number"),
])
def test_bad_relu_parameters(kwargs, error, words):
    for function in (actlib.relu, actlib.derivative("relu")):
        with pytest.raises(error, match=words):
            function([1.0, -1.0], **kwargs)


def test_alpha_gets_a_keras3_message():
    with pytest.raises(TypeError, match="Keras 3 renamed it 'negative_slope'") as info:
        actlib.relu([1.0, -2.0], alpha=0.7)
    assert "relu(x, negative_slope=0.7)" in str(info.value)
    with pytest.raises(TypeError, match="unexpected keyword argument 'slope'"):
        actlib.relu([1.0], slope=0.1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'alpha'"):
        actlib.sigmoid([1.0], alpha=0.1)  # sigmoid never had alpha: no renaming hint


def test_signatures_are_keras_signatures():
    import keras

    for name in ALL_FOUR:
        ours = inspect.signature(getattr(actlib, name))
        theirs = inspect.signature(getattr(keras.activations, name))
        assert list(ours.parameters) == list(theirs.parameters)
        for p in theirs.parameters.values():
            assert ours.parameters[p.name].default == p.default


@pytest.mark.parametrize("axis,error,words", [
    (2, ValueError, "axis=2 is out of range for an input with 2 dimension"),
    (-3, ValueError, "axis=-3 is out of range"),
    (1.0, TypeError, "axis must be an integer"),
    ("last", TypeError, "axis must be an integer"),
    ((0, 0), ValueError, "repeats an axis"),
])
def test_bad_softmax_axis(axis, error, words):
    with pytest.raises(error, match=words):
        actlib.softmax(np.ones((2, 3)), axis=axis)


def test_empty_or_scalar_softmax_axis():
    with pytest.raises(ValueError, match="empty axis"):
        actlib.softmax(np.ones((2, 0)))
    with pytest.raises(ValueError, match="empty axis"):
        actlib.softmax([])
    with pytest.raises(ValueError, match="at least one axis"):
        actlib.softmax(3.0)
    with pytest.raises(ValueError, match="softmax_jacobian over an empty axis"):
        actlib.softmax_jacobian(np.ones((2, 0)))
    assert actlib.softmax(np.ones((0, 3))).shape == (0, 3)  # no rows is fine: nothing to normalise


def test_empty_arrays_pass_through():
    for name in ("relu", "sigmoid", "tanh"):
        out = getattr(actlib, name)(np.ones((0, 4), dtype=np.float16))
        assert out.shape == (0, 4) and out.dtype == np.float16


@pytest.mark.parametrize("name", ALL_FOUR)
def test_no_runtime_warning_for_any_extreme_input(name):
    x = np.array([[0.0, -0.0, 5e-324, 1e308, -1e308, 1e4, -1e4, np.inf, -np.inf, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for dtype in (np.float16, np.float32, np.float64):
            with np.errstate(over="ignore"):
                xd = x.astype(dtype)
            getattr(actlib, name)(xd)
            actlib.derivative(name)(xd)
            if name == "softmax":
                actlib.softmax_jacobian(xd)


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
