"""Bad input to the public activations gets a TypeError or ValueError that names the problem.

What every activation shares: its parameter checks, Keras' signatures, empty and extreme arrays. The
conversion of ``x`` and its messages are tested in test_inputs.py (actlib.inputs), the axis checks in
test_numerics.py (actlib.numerics.reduction_axes).
"""

import inspect
import warnings

import numpy as np
import pytest

import actlib

ALL_FOUR = ["relu", "sigmoid", "softmax", "tanh"]


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


def test_signatures_are_keras_signatures():
    import keras

    for name in ALL_FOUR:
        ours = inspect.signature(getattr(actlib, name))
        theirs = inspect.signature(getattr(keras.activations, name))
        assert list(ours.parameters) == list(theirs.parameters)
        for p in theirs.parameters.values():
            assert ours.parameters[p.name].default == p.default


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
