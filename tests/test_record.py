"""actlib.activations.record: the Activation record (frozen, with the book's defaults) and cases(),
the LaTeX of a piecewise formula."""

import dataclasses

import pytest

from actlib.activations.record import GLOROT, Activation, cases


def make_record(**fields):
    return Activation(
        name="demo",
        function=abs,
        derivative=abs,
        formula="|x|",
        derivative_formula="1",
        keras_layer="keras.layers.Activation('demo')",
        chapter="relu",
        **fields,
    )


def test_a_record_has_the_book_defaults_and_cannot_change():
    record = make_record()
    assert record.elementwise and record.initialiser == GLOROT and record.plot_range == (-6.0, 6.0)
    assert record.parameters == {} and record.aliases == () and record.required_parameters == ()
    assert make_record().parameters is not record.parameters  # each record its own dict
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name = "other"


def test_cases_writes_one_row_per_branch():
    assert cases(("x", "x > 0")) == r"\begin{cases} x & x > 0 \end{cases}"
    assert cases(("1", "x > 0"), ("a", "x < 0"), ("c", r"x = 0")) == (
        r"\begin{cases} 1 & x > 0 \\ a & x < 0 \\ c & x = 0 \end{cases}"
    )
