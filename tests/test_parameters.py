"""actlib.activations.parameters: one check per parameter, shared by a function and its derivative.

Each check returns the parameter ready to compute with or raises a TypeError or ValueError naming
it; every activation that takes the parameter (and its derivative) gives the same message.
"""

import math

import numpy as np
import pytest

import actlib
from actlib.activations import parameters

NAN, INF = math.nan, math.inf


def test_checks_return_floats_ready_to_compute_with():
    assert parameters.check_relu_parameters(0, 6, 0) == (0.0, 6.0, 0.0)
    slope, cap, threshold = parameters.check_relu_parameters(np.float32(0.25), None, -1)
    assert (slope, cap, threshold) == (0.25, None, -1.0) and type(slope) is float and type(threshold) is float
    assert type(parameters.check_negative_slope(1)) is float
    assert parameters.check_elu_alpha(2) == 2.0 and parameters.check_celu_alpha(-0.5) == -0.5
    assert parameters.check_squareplus_b(0) == 0.0 and parameters.check_shrink_threshold(0) == 0.0
    assert parameters.check_approximate(True) is True and parameters.check_approximate(False) is False
    assert parameters.check_threshold_parameters(INF, -1) == (INF, -1.0)  # infinities allowed here


@pytest.mark.parametrize(
    "check,args,error,message",
    [
        ("check_negative_slope", (NAN,), ValueError, "negative_slope is NaN"),
        ("check_negative_slope", (INF,), ValueError, "negative_slope=inf is infinite"),
        ("check_negative_slope", ("0.1",), TypeError, "negative_slope must be a real number"),
        ("check_relu_parameters", (0, -1, 0), ValueError, "max_value=-1.0 is negative"),
        ("check_relu_parameters", (0, None, NAN), ValueError, "threshold is NaN"),
        ("check_relu_parameters", (0, [1.0], 0), TypeError, "max_value must be a real number or None"),
        ("check_elu_alpha", (NAN,), ValueError, "alpha is NaN"),
        ("check_elu_alpha", ("1",), TypeError, "alpha must be a real number"),
        ("check_celu_alpha", (0,), ValueError, "alpha=0 is not allowed"),
        ("check_approximate", ("yes",), TypeError, "approximate must be True or False"),
        ("check_approximate", (None,), TypeError, "approximate must be True or False"),
        ("check_squareplus_b", (-1,), ValueError, r"b=-1.0 is out of range; it must be >= 0"),
        ("check_squareplus_b", (NAN,), ValueError, "b is NaN"),
        ("check_shrink_threshold", (-0.5,), ValueError, "threshold=-0.5 is out of range"),
        ("check_threshold_parameters", (NAN, 0), ValueError, "threshold is NaN"),
        ("check_threshold_parameters", (0, NAN), ValueError, "default_value is NaN"),
    ],
)
def test_bad_values_are_named(check, args, error, message):
    with pytest.raises(error, match=message):
        getattr(parameters, check)(*args)


@pytest.mark.parametrize(
    "names,params",
    [
        (("relu", "leaky_relu"), {"negative_slope": NAN}),
        (("relu", "leaky_relu"), {"negative_slope": INF}),
        (("elu", "celu"), {"alpha": NAN}),
        (("hard_shrink", "soft_shrink"), {"threshold": -1.0}),
    ],
)
def test_a_parameter_gets_one_message_from_every_activation_that_takes_it(names, params):
    messages = set()
    for name in names:
        for function in (getattr(actlib, name), actlib.derivative(name)):
            with pytest.raises(ValueError) as info:
                function([1.0, -1.0], **params)
            messages.add(str(info.value))
    assert len(messages) == 1, messages
    assert next(iter(params)) in messages.pop()
