"""Small helpers that show results as Markdown tables in a notebook."""

import numpy as np


def format_value(value):
    """Format one table cell: float32 values as NumPy prints them, signs of zero kept.

    Args:
        value: a cell's value; None means "not printed".

    Returns:
        The cell's text: the shortest digits that identify a float (scientific below 1e-4).

    Example:
        >>> import numpy as np
        >>> format_value(np.float32(0.1)), format_value(np.float32(-0.0)), format_value(1e-7)
        ('0.1', '-0', '1e-07')
    """
    if value is None:
        return "(not printed)"
    if isinstance(value, (np.floating, float)):
        return np.format_float_positional(value, unique=True, trim="-") if abs(value) >= 1e-4 or value == 0 \
            else np.format_float_scientific(value, unique=True, trim="-")
    return str(value)


def markdown_table(rows, columns=None):
    """Return a Markdown table (a string) from a list of dicts with the same keys.

    Args:
        rows: a non-empty list of dicts, one a row.
        columns: the keys to show, in order; by default the first row's keys.

    Returns:
        The table as Markdown text, cells formatted by :func:`format_value`.

    Example:
        >>> print(markdown_table([{"x": 1, "|x|": 1}, {"x": -2, "|x|": 2}]))
        | x | \\|x\\| |
        |---|---|
        | 1 | 1 |
        | -2 | 2 |
    """
    if not rows:
        raise ValueError("markdown_table needs at least one row.")
    columns = columns or list(rows[0])
    lines = ["| " + " | ".join(_escape_pipes(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(_escape_pipes(format_value(row[c])) for c in columns) + " |")
    return "\n".join(lines)


def _escape_pipes(text):
    """A cell's text with ``|`` escaped, so that "largest |gradient|" does not split the cell."""
    return str(text).replace("|", "\\|")


def show_table(rows, columns=None):
    """Display :func:`markdown_table` as rendered Markdown in a notebook.

    Args:
        rows, columns: as :func:`markdown_table` takes them.

    Returns:
        None; the table is the cell's output.

    Example:
        >>> show_table([{"x": 1}])
        <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    display(Markdown(markdown_table(rows, columns)))


def formula_markdown(name):
    """The registry's LaTeX for activation ``name`` and for its derivative, as two Markdown math blocks.

    Args:
        name: an activation name of actlib's registry, e.g. ``"relu"``.

    Returns:
        A Markdown string: the formula, then the derivative, each between ``$$`` lines.

    Example:
        >>> text = formula_markdown("relu")
        >>> text.startswith("$$") and text.count("$$") == 4
        True
    """
    from actlib.registry import get

    record = get(name)
    return f"$$\n{record.formula}\n$$\n\n$$\n{record.derivative_formula}\n$$"


def show_formula(name):
    """Display :func:`formula_markdown` of activation ``name`` as rendered Markdown in a notebook.

    Args:
        name: an activation name of actlib's registry, e.g. ``"gelu"``.

    Returns:
        None; the two formulas appear as the cell's output.

    Example:
        >>> show_formula("relu")  # doctest: +ELLIPSIS
        <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    display(Markdown(formula_markdown(name)))
