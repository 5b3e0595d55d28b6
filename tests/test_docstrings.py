"""The examples in actlib's docstrings run, and print what they say (doctest, every module of actlib).

The modules are found with pkgutil, so a new module's examples are run without a change here. Each
example runs with ``actlib`` and ``np`` already imported and with NumPy's print options fixed (four
significant decimals, no scientific notation for small numbers), so what an example prints does not
depend on the NumPy version's defaults or on the last digit of a result. A module that needs an
optional package that is not installed is skipped with the reason.
"""

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import actlib

MODULES = sorted(info.name for info in pkgutil.walk_packages(actlib.__path__, prefix="actlib."))
PRINT_OPTIONS = {"precision": 4, "floatmode": "maxprec", "suppress": True, "linewidth": 75, "legacy": False}


def import_or_skip(name):
    try:
        return importlib.import_module(name)
    except ImportError as error:  # an optional package (the book's, the course's) is missing
        pytest.skip(f"{name} needs {error.name or error}, which is not installed")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = import_or_skip(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    with np.printoptions(**PRINT_OPTIONS):
        for test in finder.find(module, name, globs={**vars(module), "actlib": actlib, "np": np}):
            runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples in {name} failed (above)"


def test_every_activation_and_derivative_has_an_example():
    """Each activation's function and derivative documents its arguments, its result and an example."""
    from actlib.registry import ACTIVATIONS

    for record in ACTIVATIONS.values():
        for function in (record.function, record.derivative):
            doc = function.__doc__ or ""
            assert "Args:" in doc and "Returns:" in doc and ">>> " in doc, function.__qualname__


def test_a_wrong_example_fails():
    """The runner above reports a wrong example (it is not vacuous)."""
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner()
    wrong = parser.get_doctest(">>> actlib.relu([-1.0])\narray([5.])\n", {"actlib": actlib}, "wrong", None, 0)
    with np.printoptions(**PRINT_OPTIONS):
        runner.run(wrong, out=lambda text: None)
    assert runner.summarize(verbose=False).failed == 1
