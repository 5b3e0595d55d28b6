"""actlib.display: table cells that read back to the same float, Markdown tables, and the formulas shown."""

import numpy as np
import pytest

from actlib import display
from actlib.display import format_value, formula_markdown, markdown_table
from actlib.registry import ACTIVATIONS


def test_a_float32_cell_reads_back_to_the_same_float32():
    rng = np.random.default_rng(1)
    values = (rng.standard_normal(2000) * 10.0 ** rng.integers(-12, 12, 2000)).astype(np.float32)
    for value in values:
        text = format_value(value)
        assert np.float32(text) == value, text
        digits = text.replace("-", "").split("e")[0].replace(".", "").strip("0")
        assert len(digits) <= 9, text  # float32's shortest digits, not float64's 17


@pytest.mark.parametrize(
    "value, text",
    [
        (np.float32(0.1), "0.1"),  # not 0.10000000149011612, float64's digits of the same number
        (np.float32(-0.0), "-0"),  # the sign of a zero is kept: the guide's relu printed -0.
        (0.0, "0"),
        (np.float32(2.5e-5), "2.5e-05"),  # below 1e-4: scientific
        (np.float32(1e-4), "0.0001"),
        (np.float64(123456.75), "123456.75"),
        (3, "3"),
        ("sigmoid", "sigmoid"),
        (None, "(not printed)"),
    ],
)
def test_cells_are_formatted_as_a_reader_expects(value, text):
    assert format_value(value) == text


def test_markdown_table_has_a_header_a_rule_and_one_line_per_row():
    rows = [{"x": np.float32(0.5), "y": 1, "z": "a"}, {"x": np.float32(-0.0), "y": 2, "z": "b"}]
    assert markdown_table(rows).splitlines() == [
        "| x | y | z |",
        "|---|---|---|",
        "| 0.5 | 1 | a |",
        "| -0 | 2 | b |",
    ]
    assert markdown_table(rows, columns=["z", "x"]).splitlines() == [
        "| z | x |",
        "|---|---|",
        "| a | 0.5 |",
        "| b | -0 |",
    ]


def test_a_pipe_in_a_cell_does_not_split_it():
    table = markdown_table([{"largest |gradient|": "|a|"}])
    header, _, row = table.splitlines()
    assert header == r"| largest \|gradient\| |" and row == r"| \|a\| |"
    assert all(line.replace(r"\|", "").count("|") == 2 for line in (header, row))  # one cell each


def test_an_empty_table_and_a_missing_column_are_errors():
    with pytest.raises(ValueError, match="at least one row"):
        markdown_table([])
    with pytest.raises(KeyError):
        markdown_table([{"x": 1}], columns=["y"])


def test_formula_markdown_shows_the_formula_and_its_derivative():
    text = formula_markdown("relu")
    blocks = [block.strip() for block in text.split("$$") if block.strip()]
    assert len(blocks) == 2 and "relu" in blocks[0] and "relu}'" in blocks[1].replace(" ", "")


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_has_two_display_math_blocks(name):
    lines = formula_markdown(name).splitlines()
    opening = [i for i, line in enumerate(lines) if line == "$$"]
    assert len(opening) == 4, "two $$ ... $$ blocks, each $$ on its own line (MyST display math)"
    formula, derivative = (" ".join(lines[i + 1 : j]) for i, j in (opening[0:2], opening[2:4]))
    assert formula.strip() and derivative.strip() and formula != derivative


def test_show_table_and_show_formula_display_rendered_markdown(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    display.show_table([{"x": 1}, {"x": 2}], columns=["x"])
    display.show_formula("tanh")
    assert [type(item).__name__ for item in shown] == ["Markdown", "Markdown"]
    assert shown[0].data.splitlines() == ["| x |", "|---|", "| 1 |", "| 2 |"]
    assert shown[1].data.count("$$") == 4 and r"\tanh" in shown[1].data
    with pytest.raises(ValueError, match="at least one row"):
        display.show_table([])
