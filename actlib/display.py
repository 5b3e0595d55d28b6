"""Small helpers that show results as Markdown tables in a notebook."""

import numpy as np


def format_value(value):
    """Format one table cell: float32 values as NumPy prints them, signs of zero kept."""
    if value is None:
        return "(not printed)"
    if isinstance(value, (np.floating, float)):
        return np.format_float_positional(value, unique=True, trim="-") if abs(value) >= 1e-4 or value == 0 \
            else np.format_float_scientific(value, unique=True, trim="-")
    return str(value)


def markdown_table(rows, columns=None):
    """Return a Markdown table (a string) from a list of dicts with the same keys."""
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
    """Display :func:`markdown_table` as rendered Markdown in a notebook."""
    from IPython.display import Markdown, display

    display(Markdown(markdown_table(rows, columns)))
