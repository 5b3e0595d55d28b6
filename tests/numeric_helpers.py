"""The machinery the activation tests share: test points, ulp comparisons, the one table of test
data per activation, and :class:`ActivationChecks`, the checks every activation of a module gets.

Each module of :mod:`actlib.activations` has its test file (``tests/test_<module>.py``), whose
``TestEveryActivation`` class inherits :class:`ActivationChecks` and names its module: the checks
are parametrised over that module's records in the registry, so an activation added to a module is
tested without editing a list. What one activation needs beyond the common checks (a tolerance for
a formula Keras evaluates differently, a point where TensorFlow's gradient is a convention) is a
method the module's test file overrides, next to that module's own tests.

Adding an activation, and where its tests go:

1. The function, its derivative and its record (an ``actlib.activations.record.Activation``) in
   its module of ``actlib/activations/``; the registry collects the record, so the module's
   ``tests/test_<module>.py`` runs every check of :class:`ActivationChecks` on it unedited.
2. Its independent references in ``tests/references.py``, computed without actlib: the function
   (``REFERENCES``), the derivative (``DERIVATIVE_REFERENCES``), its ``limits`` at +-inf and its
   ``derivative_kinks``.
3. Its test data in :data:`TEST_DATA` below, if it has parameters or quirks: the variants to test,
   its kink conventions, its bad parameters and their messages, where Keras gives NaN. Without an
   entry it is tested at Keras' defaults alone.
4. Where it differs from the common checks (a tolerance, a TensorFlow convention), an override of
   the hook method in ``tests/test_<module>.py``'s ``TestEveryActivation``, and its own tests (what
   its chapter claims) below that class.
"""

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import actlib
from actlib.autodiff import keras_derivative
from actlib.registry import ACTIVATIONS
from tests.references import SELU_SCALE, derivative_kinks, expected_values, limits, reference

ROOT = Path(__file__).resolve().parent.parent

FLOAT_DTYPES = (np.float16, np.float32, np.float64)

# The accuracy contract: maximum distance from the reference, in ulps of the result's dtype.
ULP_BUDGET = {np.float16: 1, np.float32: 4, np.float64: 4}

NAN = float("nan")


@dataclass(frozen=True)
class ActivationData:
    """What the parametrised tests know about one activation beyond its record in the registry.

    variants: parameter sets, Keras' defaults ({}) first, then values that move every kink and scale.
    kink_conventions: (params, x, what tf.GradientTape gives, what actlib gives) at a kink.
    bad_parameters: (params, error, message) that the function and its derivative must raise.
    keras_nan_at: params -> the infinite x where Keras' formula gives NaN (-inf * 0, inf / inf)
        instead of the limit.
    keras_nan_becomes: params -> the number Keras' tf.where turns a NaN input into (None: NaN stays).
    """

    variants: tuple = ({},)
    kink_conventions: tuple = ()
    bad_parameters: tuple = ()
    keras_nan_at: Callable = lambda params: ()
    keras_nan_becomes: Callable = lambda params: None


def minus_infinity(params):
    """x = -inf alone: where Keras' x * gate(x) is -inf * 0 (gelu, silu, mish, hard_silu, squareplus)."""
    return (-np.inf,)


# The one table of test data per activation. An activation that is not here is tested with Keras'
# defaults alone; every parametrised test takes its cases from the registry through cases().
TEST_DATA = {
    "relu": ActivationData(
        variants=(
            {},
            {"negative_slope": 0.3},
            {"max_value": 6.0},
            {"max_value": 2.5},
            {"threshold": 1.5},
            {"threshold": -1.5},
            {"negative_slope": 0.1, "max_value": 3.0, "threshold": -2.0},
            {"negative_slope": 0.2, "threshold": 2.0},
        ),
        kink_conventions=(
            ({}, 0.0, 0.0, 0.0),  # plain ReLU: 0 at the kink
            ({"negative_slope": 0.1}, 0.0, 0.1, 0.1),  # leaky: the slope at the kink
            ({"threshold": 1.5}, 1.5, 0.0, 0.0),  # 0 at the threshold
            ({"max_value": 6.0}, 6.0, 0.0, 0.0),  # relu6 kernel: 0 at the cap
            ({"max_value": 5.0}, 5.0, 1.0, 1.0),  # clip: the cap is included
            ({"max_value": 5.0}, 0.0, 0.0, 0.0),
            ({"negative_slope": 0.2, "threshold": 2.0}, 2.0, 0.0, 0.0),
        ),
        bad_parameters=(
            ({"max_value": -1.0}, ValueError, "max_value=-1.0 is negative"),
            ({"threshold": NAN}, ValueError, "threshold is NaN"),
            ({"negative_slope": NAN}, ValueError, "negative_slope is NaN"),
            ({"max_value": NAN}, ValueError, "max_value is NaN"),
            ({"negative_slope": "0.1"}, TypeError, "negative_slope must be a real number"),
            ({"threshold": None}, TypeError, "threshold must be a real number"),
            ({"max_value": [1.0]}, TypeError, "max_value must be a real number or None"),
            ({"negative_slope": True}, TypeError, "negative_slope must be a real number"),
        ),
    ),
    "softmax": ActivationData(
        bad_parameters=(
            ({"axis": 2}, ValueError, "axis=2 is out of range"),
            ({"axis": -3}, ValueError, "axis=-3 is out of range"),
            ({"axis": 1.0}, TypeError, "axis must be an integer"),
            ({"axis": "last"}, TypeError, "axis must be an integer"),
            ({"axis": (0, 0)}, ValueError, "repeats an axis"),
        ),
    ),
    "leaky_relu": ActivationData(
        variants=({}, {"negative_slope": 0.01}, {"negative_slope": 0.0}, {"negative_slope": 1.5}),
        kink_conventions=(({}, 0.0, 0.2, 0.2),),
        keras_nan_at=lambda params: minus_infinity(params) if params.get("negative_slope", 0.2) == 0 else (),
        bad_parameters=(
            ({"negative_slope": NAN}, ValueError, "negative_slope is NaN"),
            ({"negative_slope": float("inf")}, ValueError, "negative_slope=inf is infinite"),
            ({"alpha": 0.1}, TypeError, "Keras 3 renamed it 'negative_slope'"),
        ),
    ),
    "relu6": ActivationData(kink_conventions=(({}, 0.0, 0.0, 0.0), ({}, 6.0, 0.0, 0.0))),
    "elu": ActivationData(
        variants=({}, {"alpha": 2.0}, {"alpha": 0.3}),
        kink_conventions=(({}, 0.0, 1.0, 1.0), ({"alpha": 2.0}, 0.0, 2.0, 2.0)),
        bad_parameters=(
            ({"alpha": NAN}, ValueError, "alpha is NaN"),
            ({"alpha": "1"}, TypeError, "alpha must be a real number"),
        ),
    ),
    "selu": ActivationData(kink_conventions=(({}, 0.0, SELU_SCALE, SELU_SCALE),)),
    "celu": ActivationData(
        variants=({}, {"alpha": 2.0}, {"alpha": 0.3}),
        kink_conventions=(({}, 0.0, 2.0, 1.0),),  # TF adds the slopes of max(x, 0) and min(x, 0) at the tie
        bad_parameters=(
            ({"alpha": 0.0}, ValueError, "alpha=0 is not allowed"),
            ({"alpha": NAN}, ValueError, "alpha is NaN"),
        ),
    ),
    "threshold": ActivationData(
        variants=({"threshold": 1.0, "default_value": 0.0}, {"threshold": -0.5, "default_value": 3.0}),
        kink_conventions=(({"threshold": 1.0, "default_value": 0.0}, 1.0, 0.0, 0.0),),
        keras_nan_becomes=lambda params: params["default_value"],
        bad_parameters=(
            ({"threshold": NAN, "default_value": 0.0}, ValueError, "threshold is NaN"),
            ({"threshold": 0.0, "default_value": NAN}, ValueError, "default_value is NaN"),
            ({"threshold": 0.0}, TypeError, "default_value"),
        ),
    ),
    "gelu": ActivationData(
        variants=({}, {"approximate": True}),
        keras_nan_at=minus_infinity,
        bad_parameters=(
            ({"approximate": "yes"}, TypeError, "approximate must be True or False"),
            ({"approximate": None}, TypeError, "approximate must be True or False"),
        ),
    ),
    "hard_sigmoid": ActivationData(kink_conventions=(({}, -3.0, 0.0, 0.0), ({}, 3.0, 0.0, 0.0))),
    "hard_silu": ActivationData(
        kink_conventions=(({}, -3.0, 0.0, 0.0), ({}, 3.0, 1.0, 1.0)), keras_nan_at=minus_infinity
    ),
    "hard_tanh": ActivationData(kink_conventions=(({}, -1.0, 1.0, 1.0), ({}, 1.0, 1.0, 1.0))),
    "sparse_plus": ActivationData(kink_conventions=(({}, -1.0, 0.0, 0.0), ({}, 1.0, 1.0, 1.0))),
    "silu": ActivationData(keras_nan_at=minus_infinity),
    "mish": ActivationData(keras_nan_at=minus_infinity),
    "softsign": ActivationData(keras_nan_at=lambda params: (-np.inf, np.inf)),
    "sparse_sigmoid": ActivationData(kink_conventions=(({}, -1.0, 0.0, 0.0), ({}, 1.0, 0.0, 0.0))),
    "squareplus": ActivationData(
        variants=({}, {"b": 0.0}, {"b": 1.0}),
        keras_nan_at=minus_infinity,
        kink_conventions=(({"b": 0.0}, 0.0, NAN, 0.5),),  # TF: 0/0 in sqrt's gradient
        bad_parameters=(
            ({"b": -1.0}, ValueError, "b=-1.0 is out of range; it must be >= 0"),
            ({"b": NAN}, ValueError, "b is NaN"),
        ),
    ),
    "hard_shrink": ActivationData(
        variants=({}, {"threshold": 1.5}, {"threshold": 0.0}),
        kink_conventions=(({}, 0.5, 0.0, 0.0), ({}, -0.5, 0.0, 0.0)),
        keras_nan_becomes=lambda params: 0.0,
        bad_parameters=(({"threshold": -0.5}, ValueError, "threshold=-0.5 is out of range"),),
    ),
    "soft_shrink": ActivationData(
        variants=({}, {"threshold": 1.5}),
        kink_conventions=(({}, 0.5, 0.0, 0.0), ({}, -0.5, 0.0, 0.0)),
        keras_nan_becomes=lambda params: 0.0,
        bad_parameters=(({"threshold": NAN}, ValueError, "threshold is NaN"),),
    ),
    "log_softmax": ActivationData(
        bad_parameters=(
            ({"axis": 2}, ValueError, "axis=2 is out of range"),
            ({"axis": 1.0}, TypeError, "axis must be an integer"),
        ),
    ),
    "sparsemax": ActivationData(
        bad_parameters=(({"axis": (0, 1)}, TypeError, "axis must be an integer for sparsemax"),),
    ),
    "glu": ActivationData(
        bad_parameters=(
            ({"axis": 3}, ValueError, "axis=3 is out of range"),
            ({"axis": (0,)}, TypeError, "axis must be an integer for glu"),
        ),
    ),
}


def data_for(name):
    """The :class:`ActivationData` of activation ``name`` (defaults alone if the table has none)."""
    return TEST_DATA.get(name, ActivationData())


def cases(names):
    """``(name, params)`` for every activation of ``names`` and each of its variants."""
    return [(name, params) for name in names for params in data_for(name).variants]


def case_id(case):
    """A test id for a ``(name, params)`` case, e.g. ``"elu-alpha=2.0"``."""
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


def case_ids(cases):
    """The test ids of a list of cases, for a parametrisation over ``"name,params"``."""
    return [case_id(case) for case in cases]


def special_points(dtype):
    """Values where activations go wrong: zeros, subnormals, exp's overflow edge, huge, inf, NaN."""
    info = np.finfo(dtype)
    tiny_sub = info.smallest_subnormal
    values = [
        0.0,
        -0.0,
        tiny_sub,
        -tiny_sub,
        3 * tiny_sub,
        -3 * tiny_sub,
        info.tiny,
        -info.tiny,
        info.tiny / 2,
        -info.tiny / 2,
        1e-7,
        -1e-7,
        1.0,
        -1.0,
        1e4,
        -1e4,
        3e4,
        -3e4,
        info.max,
        -info.max,
        np.inf,
        -np.inf,
        np.nan,
    ]
    edge = np.linspace(88.0, 89.0, 101)  # float32 exp overflows at about 88.72
    return np.concatenate([np.array(values, dtype=np.float64), edge, -edge]).astype(dtype)


def sample_points(dtype, n=100_000, seed=0):
    """At least ``n`` points of ``dtype``: specials, uniform in [-100, 100], log-spaced magnitudes."""
    rng = np.random.default_rng(seed)
    uniform = rng.uniform(-100, 100, n // 2)
    magnitudes = np.logspace(-45, 38, n // 4)
    with np.errstate(over="ignore"):  # casting magnitudes beyond float16's range gives inf: intended
        points = np.concatenate(
            [
                special_points(dtype),
                uniform.astype(dtype),
                magnitudes.astype(dtype),
                (-magnitudes).astype(dtype),
            ]
        )
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
    same_special = (np.isnan(actual) & np.isnan(expected)) | (np.isinf(actual) & (actual == expected))
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
        f"want {expected[bad][:4].astype(np.float64)}"
    )
    return float(distance[~flushed & np.isfinite(distance)].max(initial=0))


def keras_activation(name, x, **params):
    """``keras.activations.<name>(x, **params)`` on a TensorFlow constant, as a NumPy array."""
    import keras
    import tensorflow as tf

    return np.asarray(getattr(keras.activations, name)(tf.constant(x), **params))


def dtype_id(dtype):
    """A test id for a dtype, e.g. ``"float32"``."""
    return dtype.__name__


def call_params(name):
    """Keras' defaults, plus example values for parameters Keras requires."""
    return dict(ACTIVATIONS[name].parameters)


def module_activations(module):
    """The names of the registry's activations that ``module`` of actlib.activations teaches, in order.

    A module's records are those of its chapter (``module.CHAPTER``), read from the registry when
    called: a record added to a module, or put in the registry by a test, is among them.
    """
    return [name for name, record in ACTIVATIONS.items() if record.chapter == module.CHAPTER]


def module_cases(module):
    """``(name, params)`` for each elementwise activation of ``module`` and each of its variants."""
    return cases([name for name in module_activations(module) if ACTIVATIONS[name].elementwise])


def finite_rows(dtype, width, seed=4):
    """The finite sample points, shuffled (twice over for float16) so that rows mix scales."""
    x = sample_points(dtype)
    x = x[np.isfinite(x)]
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.permutation(x), rng.permutation(x)]) if x.size < 100_000 else rng.permutation(x)
    return x[: x.size // width * width].reshape(-1, width)


def result_spacing(expected, dtype):
    """The spacing of ``dtype`` at each exact result (at least that of the smallest normal number)."""
    return np.spacing(np.abs(expected.astype(dtype)).clip(np.finfo(dtype).tiny)).astype(np.float64)


def keras_slope_slack(name, params, size, dtype):
    """TensorFlow stores ``negative_slope`` as a float32 attribute: in float64 a relative error of 6e-8.

    ``size`` is the magnitude the error is relative to (a result or a derivative); 0 elsewhere.
    """
    slope = dict(call_params(name), **params).get("negative_slope")
    return 6e-8 * size if dtype == np.float64 and slope else np.zeros(size.shape)


def flushed_by_tensorflow(x, keras_result, dtype):
    """Points where TensorFlow's denormals-are-zero mode decides the answer.

    TensorFlow's CPU kernels treat subnormal inputs as 0 and flush subnormal results to 0.
    """
    return is_subnormal(x, dtype) | ((keras_result == 0) & (x != 0)) | is_subnormal(keras_result, dtype)


def derivatives_at_sample_points(name, params, dtype):
    """``(x, actlib's derivative, tf.GradientTape's)`` at 20,000 finite, normal sample points of ``dtype``."""
    x = sample_points(dtype, n=20_000)
    x = x[np.isfinite(x) & ~is_subnormal(x, dtype)]  # TF treats subnormal inputs as 0
    ours = actlib.derivative(name)(x, **params)
    assert ours.dtype == dtype and ours.shape == x.shape
    return x, ours, keras_derivative(name, x, **params)


# Values that are not arrays of real numbers, and a word of each one's message (which names ``x``).
BAD_INPUTS = [
    ("abc", TypeError, "not the string"),
    (["a", "b"], TypeError, "contains strings"),
    (None, TypeError, "not None"),
    ([[1.0, 2.0], [3.0]], ValueError, "ragged"),
    (np.array([1.0, None], dtype=object), TypeError, "object array"),
    ([1.0, None], TypeError, "object array"),
    (np.array([1 + 2j]), TypeError, "complex"),
    (np.array(["2020-01-01"], dtype="datetime64[D]"), TypeError, "dtype"),
]


class ActivationChecks:
    """The checks every activation of one module of :mod:`actlib.activations` gets.

    A test file subclasses it as ``TestEveryActivation`` with ``module = actlib.activations.<module>``;
    the tests are parametrised over that module's records (see :meth:`record_arguments`), so an
    activation added to the module is tested here without editing a list. A check the module has
    nothing for (no kinks, no row activations) is removed from the subclass (set to None, so pytest
    does not collect it) rather than skipped: a skip would be reported on every run as if something
    were missing, and would hide a skip that does mean something (no Chromium, no built book). The
    methods not named ``test_`` are the places where one activation differs; a test file overrides
    them for its activations and leaves the others to these defaults.
    """

    module = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        values = cls.record_arguments()
        for attribute in dir(cls):
            test = getattr(cls, attribute)
            if attribute.startswith("test_") and callable(test):
                arguments = inspect.signature(test).parameters
                if any(not values[a][0] for a in arguments if a in values):
                    setattr(cls, attribute, None)  # nothing to check in this module: not collected

    @classmethod
    def record_arguments(cls):
        """``{argument: (values, test ids)}``: what the tests' arguments take from the module's records.

        ``case``: ``(name, params)`` of each elementwise activation and variant (TEST_DATA); ``name``:
        each activation; ``elementwise_name``; ``row_name``: each activation that works on rows
        along an axis; ``kink``: ``(name, params, x, what tf.GradientTape gives, what actlib gives)``
        of each kink convention; ``bad_parameters``: ``(name, params, error, message)``.
        """
        names = module_activations(cls.module)
        elementwise = [name for name in names if ACTIVATIONS[name].elementwise]
        rows = [name for name in names if name not in elementwise]
        kinks = [(name, *convention) for name in names for convention in data_for(name).kink_conventions]
        bad = [(name, *bad) for name in names for bad in data_for(name).bad_parameters]
        return {
            "case": (cases(elementwise), case_ids(cases(elementwise))),
            "name": (names, names),
            "elementwise_name": (elementwise, elementwise),
            "row_name": (rows, rows),
            "kink": (kinks, [f"{k[0]}-at-{k[2]}" + case_id(("", k[1])) for k in kinks]),
            "bad_parameters": (bad, [f"{b[0]}-{list(b[1].items())}" for b in bad]),
        }

    def pytest_generate_tests(self, metafunc):
        for argument, (values, ids) in self.record_arguments().items():
            if argument in metafunc.fixturenames:
                metafunc.parametrize(argument, values, ids=ids)

    # --- Where one activation differs (overridden by the module's test file) ----------------------------

    def compared_with_reference(self, name, params, x, actual):
        """``(x, actual, exact)`` to compare: by default every sample point against the references."""
        return x, actual, expected_values(name, x, **params)

    def keras_quirks(self, name, params, x):
        """Where Keras' answer is not the mathematical one by design or by formula, and what it returns.

        Returns ``(mask, value)``; a value of -1.0 marks a point that is not compared at all. Each
        entry is a finding the book reports: NaN instead of a limit (``-inf * 0`` or ``inf / inf``
        inside Keras' formula), and NaN inputs mapped to a number by ``tf.where``.
        """
        data = data_for(name)
        mask = np.isin(x, data.keras_nan_at(params))
        value = np.full(x.shape, np.nan)
        if data.keras_nan_becomes(params) is not None:
            mask |= np.isnan(x)
            value[np.isnan(x)] = data.keras_nan_becomes(params)
        return mask, value

    def keras_slack(self, name, params, x, expected, dtype):
        """What Keras' formula may cancel away, beyond its 8 ulps (0 unless an activation says)."""
        return keras_slope_slack(name, params, np.abs(expected.astype(np.float64)), dtype)

    def row_keras_slack(self, name, rows, expected):
        """``(what Keras is compared with, how far it may be)`` for a row activation."""
        eps = np.finfo(rows.dtype).eps
        return expected.astype(np.float64), 8 * eps * np.abs(expected.astype(np.float64))

    def row_keras_exceptions(self, name, rows):
        """Where Keras' row activation may give anything: a mask of its output (none unless one says)."""
        return False

    def tape_slack(self, name, params, x, ours, dtype):
        """What TensorFlow's gradient formula loses, beyond 16 eps (relative above 1)."""
        return keras_slope_slack(name, params, np.abs(ours.astype(np.float64)), dtype)

    def tape_exceptions(self, name, params, x, dtype):
        """Points where tf.GradientTape's answer is a known convention or artefact, not compared."""
        return np.zeros(x.shape, dtype=bool)

    def output_shape(self, name, shape):
        """The shape of ``name(x)`` for an ``x`` of ``shape`` (the derivative's is always ``shape``)."""
        return shape

    def nan_in_derivative_at(self, name):
        """Which entry of the derivative at ``[NaN, 1, 2, 3]`` the NaN must reach."""
        return 0

    def refuses_an_empty_axis(self, name):
        """Whether row activation ``name`` raises on an axis of size 0 (nothing to normalise over)."""
        return True

    # --- Accuracy against the references ------------------------------------------------------------

    @pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
    def test_elementwise_against_reference(self, case, dtype):
        name, params = case
        x = sample_points(dtype)
        assert x.size >= 100_000
        actual = getattr(actlib, name)(x, **params)
        assert actual.dtype == dtype and actual.shape == x.shape
        x, actual, expected = self.compared_with_reference(name, params, x, actual)
        assert_within_ulps(actual, expected, dtype, ULP_BUDGET[dtype], x, case_id(case))

    # --- Parity with Keras ---------------------------------------------------------------------------

    @pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
    def test_elementwise_against_keras(self, case, dtype):
        name, params = case
        x = sample_points(dtype)
        ours = getattr(actlib, name)(x, **params)
        theirs = keras_activation(name, x, **params)
        assert theirs.dtype == ours.dtype == dtype
        quirk, quirk_value = self.keras_quirks(name, params, x)
        compared = quirk & (quirk_value != -1.0)
        np.testing.assert_array_equal(theirs[compared], quirk_value[compared].astype(dtype))
        expected = np.asarray(expected_values(name, x, **params), dtype=np.float64)
        keep = ~quirk & ~np.isnan(x)
        x, ours, theirs, expected = x[keep], ours[keep], theirs[keep], expected[keep]
        # TensorFlow's CPU kernels run with denormals-are-zero and flush-to-zero: subnormal inputs act
        # as 0, and results (or intermediate results, such as sigmoid(-88) inside silu) below the
        # smallest normal number become 0. Where that happens Keras may be off by up to tiny * |x|.
        tiny = np.finfo(dtype).tiny
        scale = np.maximum(1, np.abs(x.astype(np.float64)))
        flushed = is_subnormal(x, dtype) | (np.abs(expected) <= 4 * tiny * scale)
        # A few ulps, plus what Keras' formula cancels away. The slack may overflow to inf at the
        # largest floats: it is a tolerance there, not a result.
        with np.errstate(over="ignore", invalid="ignore"):
            slack = self.keras_slack(name, params, x, expected, dtype)
            tolerance = 8 * result_spacing(expected, dtype) + slack
        for label, result in (("keras", theirs), ("actlib", ours)):
            same = (result.astype(np.float64) == expected) | (np.isinf(expected) & (result == expected))
            with np.errstate(invalid="ignore"):
                gap = np.abs(result.astype(np.float64) - expected)
            bad = ~same & ~flushed & ~(gap <= tolerance)
            assert not bad.any(), (
                f"{label} vs exact: {bad.sum()} points, x={x[bad][:4]}, got {result[bad][:4]}, "
                f"want {expected[bad][:4]}"
            )
        with np.errstate(invalid="ignore"):
            gap = np.abs(ours.astype(np.float64) - theirs.astype(np.float64))
        agree = (ours == theirs) | flushed | (gap <= 2 * tolerance)
        assert agree.all(), f"actlib vs keras: x={x[~agree][:4]}, {ours[~agree][:4]} vs {theirs[~agree][:4]}"

    @pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
    def test_row_activation_against_reference_and_keras(self, row_name, dtype):
        name = row_name
        rows = finite_rows(dtype, 4)
        assert rows.size >= 100_000
        ours = getattr(actlib, name)(rows)
        expected = reference(name, rows)
        assert ours.dtype == dtype and ours.shape == expected.shape
        inputs = rows[:, : ours.shape[-1]].ravel()  # (for glu: the value halves)
        assert_within_ulps(ours.ravel(), expected.ravel(), dtype, ULP_BUDGET[dtype], inputs, name)
        theirs = keras_activation(name, rows)
        assert theirs.dtype == dtype
        with np.errstate(over="ignore", invalid="ignore"):
            expected, slack = self.row_keras_slack(name, rows, expected)
            gap = np.abs(theirs.astype(np.float64) - expected)
        tiny = np.finfo(dtype).tiny
        ok = (gap <= slack) | (theirs == expected) | (np.abs(expected) <= 4 * tiny)
        with np.errstate(over="ignore"):  # results beyond the dtype's range: Keras gives +-inf or +-max
            ok |= np.isinf(expected.astype(dtype)) & (np.abs(theirs) >= np.finfo(dtype).max)
        ok |= self.row_keras_exceptions(name, rows)
        assert ok.all(), f"{name}: keras off at rows {rows[~ok.all(axis=-1)][:3]}"

    # --- Derivatives against tf.GradientTape ---------------------------------------------------------

    @pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=dtype_id)
    def test_derivative_matches_gradient_tape(self, case, dtype):
        name, params = case
        x, ours, theirs = derivatives_at_sample_points(name, params, dtype)
        eps = np.finfo(dtype).eps
        # TensorFlow forms several derivatives from rounded outputs (1 - (1 - tanh^2), y + scale*alpha,
        # 1 + x/sqrt(x^2 + b)): absolute errors of a few eps; the activations' own slack on top.
        with np.errstate(over="ignore", under="ignore"):  # x^2 of the largest floats: an inf tolerance
            tolerance = 16 * eps * np.maximum(1, np.abs(ours.astype(np.float64)))
            tolerance = tolerance + self.tape_slack(name, params, x, ours, dtype)
        # Where TensorFlow's gradient multiplies an overflowed term by 0 (|x| > 1e4) it returns NaN.
        finite = np.isfinite(theirs)
        exceptions = self.tape_exceptions(name, params, x, dtype)
        allowed = (np.abs(x.astype(np.float64)) > 1e4) | (theirs == ours) | exceptions
        assert (finite | allowed).all(), f"TF non-finite at x={x[~finite & ~allowed][:4]}"
        with np.errstate(invalid="ignore"):
            bad = finite & ~(np.abs(ours.astype(np.float64) - theirs) <= tolerance) & ~exceptions
        assert not bad.any(), f"x={x[bad][:4]}, actlib {ours[bad][:4]}, tf {theirs[bad][:4]}"

    def test_kink_conventions(self, kink):
        name, params, at, tape_value, ours_value = kink
        x = np.array([at], dtype=np.float32)
        np.testing.assert_array_equal(keras_derivative(name, x, **params), np.float32(tape_value))
        np.testing.assert_array_equal(actlib.derivative(name)(x, **params), np.float32(ours_value))

    def test_derivative_agrees_with_finite_differences(self, case):
        """An independent check of each formula: central differences of the function."""
        name, params = case
        # Off the kinks (and +-1, where sparse_plus' second derivative jumps).
        kinks = np.array(derivative_kinks(name, **params) + [0.0, -1.0, 1.0])
        x = np.linspace(-8, 8, 1601) + 0.0037  # off the kinks
        x = x[np.min(np.abs(x[:, None] - kinks[None, :]), axis=1) > 1e-3]
        h = 1e-6
        f = getattr(actlib, name)
        numeric = (f(x + h, **params) - f(x - h, **params)) / (2 * h)
        np.testing.assert_allclose(actlib.derivative(name)(x, **params), numeric, rtol=1e-6, atol=1e-7)

    @pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
    def test_derivative_keeps_dtype_and_propagates_nan(self, elementwise_name, dtype):
        name, params = elementwise_name, call_params(elementwise_name)
        x = np.array([-1.0, 0.0, 2.0, np.nan], dtype=dtype)
        d = actlib.derivative(name)(x, **params)
        assert d.dtype == dtype and np.isnan(d[-1]) and not np.isnan(d[:-1]).any()
        assert actlib.derivative(name)(np.array([1, -1]), **params).dtype == np.float32

    # --- Contract: dtypes, shapes, limits, no warnings, bad input -----------------------------------------

    def test_dtypes_shapes_and_input_kinds(self, name):
        import keras
        import tensorflow as tf

        f, d = getattr(actlib, name), actlib.derivative(name)
        params = call_params(name)
        data = [[-1.5, 0.5, 2.0, -4.0], [3.0, -0.25, 0.0, 7.0]]
        expected = f(np.array(data, dtype=np.float32), **params)
        for value in (data, np.array(data), tf.constant(data), keras.ops.convert_to_tensor(data)):
            np.testing.assert_allclose(f(value, **params), expected, rtol=1e-6)
        for dtype in FLOAT_DTYPES:
            for g in (f, d):
                for size in ((2, 4), (0, 4)):  # no rows at all: an empty result of the same dtype
                    out = g(np.zeros(size, dtype=dtype), **params)
                    shape = self.output_shape(name, size) if g is f else size
                    assert out.dtype == dtype and out.shape == shape
        assert f(np.array(data, dtype=np.int64), **params).dtype == np.float32
        assert f(np.array(data) > 0, **params).dtype == np.float32
        if ACTIVATIONS[name].elementwise:
            scalar = f(1.5, **params)
            assert isinstance(scalar, np.ndarray) and scalar.shape == ()

    def test_no_runtime_warning_on_extreme_input(self, name):
        params = call_params(name)
        for dtype in FLOAT_DTYPES:
            info = np.finfo(dtype)
            tiny = info.smallest_subnormal
            x = np.array(
                [
                    0.0,
                    -0.0,
                    tiny,
                    -tiny,
                    88.5,
                    -88.5,
                    1e4,
                    -1e4,
                    info.max,
                    -info.max,
                    np.inf,
                    -np.inf,
                    np.nan,
                    1.0,
                    -1.0,
                    3.0,
                    -3.0,
                ],
                dtype=np.float64,
            )
            with np.errstate(over="ignore"):
                x = x.astype(dtype)
            x = x[:16] if not ACTIVATIONS[name].elementwise else x  # an even length for glu
            getattr(actlib, name)(x, **params)  # pyproject turns RuntimeWarnings into errors
            actlib.derivative(name)(x, **params)

    def test_nan_propagates_where_keras_hides_it(self, name):
        y = getattr(actlib, name)(np.array([np.nan, 1.0, 2.0, 3.0], dtype=np.float32), **call_params(name))
        assert np.isnan(y[0])
        d = actlib.derivative(name)(np.array([np.nan, 1.0, 2.0, 3.0]), **call_params(name))
        assert np.isnan(d[self.nan_in_derivative_at(name)])

    @pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
    def test_limits_at_infinity(self, elementwise_name, dtype):
        name = elementwise_name
        low, high = limits(name, **call_params(name))
        y = getattr(actlib, name)(np.array([-np.inf, np.inf], dtype=dtype), **call_params(name))
        np.testing.assert_array_equal(y, np.array([low, high], dtype=dtype))

    def test_bad_parameters(self, bad_parameters):
        name, params, error, message = bad_parameters
        x = np.ones((2, 4), dtype=np.float32)
        for function in (getattr(actlib, name), actlib.derivative(name)):
            with pytest.raises(error, match=re.escape(message)):
                function(x, **params)

    def test_bad_input(self, name):
        for value, error, message in BAD_INPUTS:
            with pytest.raises(error, match=message) as info:
                getattr(actlib, name)(value, **call_params(name))
            assert str(info.value).startswith("x "), str(info.value)  # names the argument
        if not ACTIVATIONS[name].elementwise:
            with pytest.raises(ValueError, match="at least one axis"):
                getattr(actlib, name)(1.0)
            if self.refuses_an_empty_axis(name):
                for function in (getattr(actlib, name), actlib.derivative(name)):
                    with pytest.raises(ValueError, match=f"{name} over an empty axis"):
                        function(np.zeros((2, 0)), **call_params(name))

    # --- The record ------------------------------------------------------------------------------------

    def test_record_matches_keras(self, name):
        import keras

        record = ACTIVATIONS[name]
        theirs = inspect.signature(getattr(keras.activations, name)).parameters
        ours = inspect.signature(record.function).parameters
        assert [(p.name, p.default) for p in ours.values()] == [(p.name, p.default) for p in theirs.values()]
        assert list(inspect.signature(record.derivative).parameters) == list(theirs)
        required = tuple(p for p, v in theirs.items() if v.default is inspect.Parameter.empty and p != "x")
        assert record.required_parameters == required
        defaults = {p: v.default for p, v in theirs.items() if p != "x" and p not in required}
        assert {k: v for k, v in record.parameters.items() if k not in required} == defaults
        # Whole in one place: the record, its function and its derivative are the module's.
        assert any(value is record for value in vars(self.module).values())
        assert record.function.__module__ == record.derivative.__module__ == self.module.__name__
        assert (ROOT / "chapters" / f"{record.chapter}.md").is_file()
        assert record.formula and record.derivative_formula
        assert record.typical_use and record.initialiser and bool(record.output_range) != record.elementwise
        assert getattr(actlib, name) is record.function and name in actlib.__all__

    def test_keras_layer_source_runs_and_agrees(self, name):
        import keras

        record = ACTIVATIONS[name]
        layer = eval(record.keras_layer, {"keras": keras})  # noqa: S307 - our own registry strings
        x = np.array([[-2.0, -0.5, 0.25, 3.0]], dtype=np.float32)  # (one entry survives sparsemax)
        np.testing.assert_allclose(
            np.asarray(layer(x)), record.function(x, **record.parameters), rtol=2e-6, atol=1e-7
        )


# How far Keras' own kernels may be from the truth, in ulps (measured on these points with
# TensorFlow 2.21: float32 sigmoid about 6, float32 tanh about 5.4, float64 tanh about 7.4,
# float16 softmax about 9). actlib must be within this of Keras *and* at least as accurate.
KERAS_ULPS = {np.float16: 16, np.float32: 8, np.float64: 8}


class NoLessAccurateThanKeras:
    """The stricter claims of the ReLU, sigmoid and tanh chapters, added to :class:`ActivationChecks`.

    actlib is within :data:`KERAS_ULPS` of Keras and its worst error is no larger than Keras'; its
    derivative is within ``tape_eps`` machine epsilons (absolute) of tf.GradientTape's.
    """

    tape_eps = 4  # TensorFlow forms sigmoid' from the rounded output y(1 - y): a few eps absolute

    @pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
    def test_no_less_accurate_than_keras(self, case, dtype):
        name, params = case
        x = sample_points(dtype)
        x = x[~np.isnan(x)]  # NaN is tested on its own: Keras' thresholded relu turns it into 0
        ours = getattr(actlib, name)(x, **params)
        theirs = keras_activation(name, x, **params)
        assert theirs.dtype == ours.dtype == dtype
        flushed = flushed_by_tensorflow(x, theirs, dtype)
        # Where TensorFlow flushed, the two differ by no more than the subnormal range.
        gap = np.abs(ours[flushed].astype(np.float64) - theirs[flushed].astype(np.float64))
        assert (gap <= np.finfo(dtype).tiny).all(), f"x={x[flushed][gap > np.finfo(dtype).tiny][:5]}"
        distance = ulps_apart(ours, theirs.astype(np.longdouble), dtype)
        budget = KERAS_ULPS[dtype]
        if dtype == np.float64 and params.get("negative_slope"):
            # TensorFlow stores the slope as a float32 attribute: a relative error up to 6e-8.
            with np.errstate(over="ignore", invalid="ignore"):
                budget = np.abs(ours) * 6e-8 / np.spacing(np.abs(ours).clip(np.finfo(dtype).tiny)) + 1
        bad = (distance > budget) & ~flushed
        assert not bad.any(), f"x={x[bad][:5]} actlib={ours[bad][:5]} keras={theirs[bad][:5]}"
        # And actlib's worst error is no larger than Keras' worst error.
        exact = expected_values(name, x, **params)
        ours_error = ulps_apart(ours, exact, dtype)[~flushed].max()
        keras_error = ulps_apart(theirs, exact, dtype)[~flushed].max()
        assert ours_error <= max(keras_error, 0.5), (ours_error, keras_error)

    @pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=dtype_id)
    def test_derivative_within_a_few_eps_of_gradient_tape(self, case, dtype):
        name, params = case
        _, ours, tape = derivatives_at_sample_points(name, params, dtype)
        # TensorFlow forms sigmoid' and tanh' from the rounded output (y(1-y), 1-y^2): its absolute
        # error is a few eps even where the true derivative is tiny, so compare absolutely.
        tolerance = self.tape_eps * np.finfo(dtype).eps
        if dtype == np.float64 and params.get("negative_slope"):
            tolerance = 6e-8  # TensorFlow stores the slope as a float32 attribute
        np.testing.assert_allclose(ours, tape, rtol=0, atol=tolerance)
