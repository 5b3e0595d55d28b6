"""actlib.registry: every Keras activation is in it or excluded with a reason, aliases, look-ups, and
a new record in one module reaching every table and every parametrised test.

Each record's own fields (signature and defaults against Keras, chapter, formulas, layer source)
are checked by its module's test file (tests/numeric_helpers.py: ActivationChecks).
"""

import dataclasses
import importlib

import numpy as np
import pytest

import actlib
from actlib.activations import FAMILY_MODULES, RECORDS, relu_family
from actlib.registry import ACTIVATIONS, ALIASES, NOT_IN_REGISTRY, get
from tests.numeric_helpers import ActivationChecks, module_activations, module_cases

keras = pytest.importorskip("keras")


def test_every_keras_activation_is_in_the_registry_or_excluded_with_a_reason():
    keras_names = sorted(n for n in dir(keras.activations) if not n.startswith("_"))
    covered = set(ACTIVATIONS) | set(ALIASES) | set(NOT_IN_REGISTRY)
    missing = [n for n in keras_names if n not in covered]
    assert not missing, f"keras.activations has {missing}, which the registry neither covers nor excludes"
    assert {n for n in keras_names if n in NOT_IN_REGISTRY} == {"serialize", "deserialize", "get"}
    assert all(len(reason) > 20 for reason in NOT_IN_REGISTRY.values())
    assert hasattr(keras.layers, "PReLU") and not hasattr(keras.activations, "prelu")


def test_aliases_are_the_same_functions():
    assert ALIASES == {"swish": "silu", "hard_swish": "hard_silu"}
    for alias, target in ALIASES.items():
        assert getattr(keras.activations, alias) is getattr(keras.activations, target)
        assert getattr(actlib, alias) is getattr(actlib, target)
        assert get(alias) is get(target) and actlib.derivative(alias) is actlib.derivative(target)


def test_derivative_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown activation 'rleu'"):
        actlib.derivative("rleu")
    with pytest.raises(TypeError, match="name must be a string"):
        actlib.derivative(None)


def test_every_activation_is_tested_by_the_file_of_its_module():
    tested = [name for module in FAMILY_MODULES for name in module_activations(module)]
    assert sorted(tested) == sorted(ACTIVATIONS) and len(tested) == len(set(tested)) == len(RECORDS)
    for module in FAMILY_MODULES:  # each module's test file runs the checks on the module's records
        test_file = importlib.import_module(f"tests.test_{module.__name__.rsplit('.', 1)[-1]}")
        assert issubclass(test_file.TestEveryActivation, ActivationChecks)
        assert test_file.TestEveryActivation.module is module


def test_a_new_record_in_one_place_reaches_every_table(monkeypatch):
    """The issue's "done when": one record, registered in one place, appears everywhere it should."""
    from actlib import properties, registry

    demo = dataclasses.replace(
        get("relu"), name="demo_relu", aliases=(), chapter="relu_family", typical_use="a demonstration"
    )
    assert "demo_relu" not in ACTIVATIONS
    monkeypatch.setitem(ACTIVATIONS, "demo_relu", demo)  # the one place

    assert get("demo_relu") is demo and actlib.derivative("demo_relu") is demo.derivative
    assert registry.chapter_map()["demo_relu"] == "relu_family"  # the comparison's chapter map
    rows = {row["name"]: row for row in properties.property_table()}
    assert rows["demo_relu"]["dead_zones"] == ((-np.inf, 0.0),) and rows["demo_relu"]["upper"] == np.inf
    sheet = {row["activation"]: row for row in properties.cheat_sheet_rows()}
    assert sheet["demo_relu"]["typical use"] == "a demonstration"
    assert sheet["demo_relu"]["outputs between"] == "0 to ∞"
    assert len(rows) == len(sheet) == len(ACTIVATIONS) == len(RECORDS) + 1
    # The parametrised tests of its module's file (test_relu_family.py) take their cases from the
    # registry in the same way: the record is among them, with the checks every activation gets.
    assert "demo_relu" in module_activations(relu_family)
    assert ("demo_relu", {}) in module_cases(relu_family)
    checks = type("Checks", (ActivationChecks,), {"module": relu_family})
    arguments = checks.record_arguments()
    assert ("demo_relu", {}) in arguments["case"][0] and "demo_relu" in arguments["case"][1]
    assert "demo_relu" in arguments["name"][0] and "demo_relu" in arguments["elementwise_name"][0]
