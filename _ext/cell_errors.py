"""A failed chapter execution, described the way a compiler reports an error.

``describe_failure`` turns a notebook that stopped with an error into::

    chapters/tanh.md:123: ZeroDivisionError: division by zero
        121 | x = np.ones(3)
        122 | scale = 0
    --> 123 | print(x / scale)
    Traceback (IPython, the chapter's code first):
    Cell In[7], line 3
    ...

The line is a line of the ``.md`` file: MyST-NB's reader records where each cell's fence starts
(``source_map`` in the notebook metadata), the cell's source is found from there, and IPython's
``Cell In[n], line k`` gives the line within the cell. Nothing from jupyter-cache or nbclient.
"""

import re
from dataclasses import dataclass

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Failure:
    """Where a chapter's execution stopped, and why."""

    line: int  # 1-based line of the .md file
    headline: str  # "ZeroDivisionError: division by zero"
    details: str  # the cell's source with line numbers, then the traceback


def running_cell(notebook):
    """Index of the code cell that was running when execution stopped: the last one that started."""
    started = [index for index, cell in enumerate(notebook.cells)
               if cell.cell_type == "code" and cell.get("execution_count") is not None]
    return started[-1] if started else None


def first_source_line(text, fence_line, source):
    """1-based line of ``text`` where ``source`` starts, searching from the cell's fence line."""
    lines, body = text.splitlines(), source.splitlines()
    for index in range(max(fence_line - 1, 0), len(lines)):
        if lines[index:index + len(body)] == body:
            return index + 1
    return fence_line


def error_output(cell):
    """The cell's last error output (ename, evalue, traceback), or None."""
    errors = [output for output in cell.get("outputs", []) if output.output_type == "error"]
    return errors[-1] if errors else None


def line_in_cell(traceback_text, execution_count):
    """The line within the cell that IPython's traceback points at (``Cell In[n], line k``), else 1."""
    match = re.search(rf"Cell In\[{execution_count}\], line (\d+)", traceback_text)
    return int(match.group(1)) if match else 1


def numbered_source(source, first_line, marked_line):
    """The cell's source with the file's line numbers, the line ``marked_line`` marked ``-->``."""
    width = len(str(first_line + source.count("\n")))
    return "\n".join(f"{'-->' if number == marked_line else '   '} {number:>{width}} | {text}"
                     for number, text in enumerate(source.splitlines(), start=first_line))


def describe_failure(notebook, text, error):
    """The ``Failure`` of ``notebook`` (read from the file contents ``text``), stopped by ``error``."""
    index = running_cell(notebook)
    if index is None:  # the kernel did not even start a cell
        return Failure(1, f"{type(error).__name__}: {str(error).strip().splitlines()[0]}", "")
    cell = notebook.cells[index]
    fence_lines = notebook.metadata.get("source_map", [])
    fence_line = fence_lines[index] if index < len(fence_lines) else 1
    first = first_source_line(text, fence_line, cell.source)
    output = error_output(cell)
    if output is None:  # a timeout or a dead kernel: no Python exception in the cell
        headline = f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"
        return Failure(first, headline, numbered_source(cell.source, first, None))
    traceback = ANSI_ESCAPE.sub("", "\n".join(output.traceback))
    line = first + line_in_cell(traceback, cell.execution_count) - 1
    frames = traceback.split("\n")
    while frames and (not frames[0].strip() or set(frames[0].strip()) == {"-"}
                      or frames[0].startswith(output.ename)):  # IPython's header line
        frames.pop(0)
    details = (numbered_source(cell.source, first, line)
               + "\nTraceback (IPython, the chapter's code first):\n" + "\n".join(frames))
    return Failure(line, f"{output.ename}: {output.evalue}", details)
