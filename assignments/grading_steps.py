"""The course's own nbgrader steps, for autograding and for feedback.

``python3 tasks.py course`` copies this file next to the course's ``nbgrader_config.py``, which
imports it, so plain ``nbgrader autograde`` and ``nbgrader generate_feedback`` use the same steps.

Autograding (``c.Autograde.autograde_preprocessors``):

- ``GuardedExecute`` runs the notebook without storing cells in the kernel's input history
  (``In``, ``_ih``, ``%history`` stay empty), without the students' "check your work" cell and,
  for a NumPy-only assignment, with the imports the assignment forbids blocked;
- ``StderrAsInformation`` turns output on stderr (warnings, log lines) into ordinary output with a
  note: nbgrader gives 0 to a test cell with any stderr output, however harmless;
- ``ExplainTimeouts`` replaces the empty ``KeyboardInterrupt`` / ``CellTimeoutError`` of a cell
  stopped at the time limit by a sentence saying so.

Feedback (``c.GenerateFeedback.preprocessors``): ``ScrubHiddenTestText`` removes any line of a
hidden test from every output (whatever the student's code printed), then ``HideHiddenTests``
removes the hidden tests' source and shortens their tracebacks.
"""

import re

from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import ClearHiddenTests, Execute, NbGraderPreprocessor
from traitlets import Dict, List, Unicode

STDERR_NOTE = "[shown for information: output on stderr, such as a warning, does not cost points]\n"
TIME_LIMIT_ERROR = "TimeLimitExceeded"
FORBIDDEN_IMPORT_MESSAGE = "is not allowed in this assignment"
HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS\n(.*?)^[ \t]*### END HIDDEN TESTS", re.M | re.S)
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
HIDDEN_PLACEHOLDER = "[hidden test]"
CHECK_YOUR_WORK_TAG = "check-your-work"

# Runs first in the grading kernel, in a cell that is removed again afterwards.
IMPORT_BLOCKER = '''\
import importlib.abc as _importlib_abc
import sys as _sys


class _ForbiddenImports(_importlib_abc.MetaPathFinder):
    """Refuse to import the packages this assignment must be solved without."""

    names = frozenset({names!r})

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.names:
            raise ImportError(
                f"{{fullname}} {message} (solve it with NumPy only); it cannot be imported when grading"
            )
        return None


_sys.meta_path.insert(0, _ForbiddenImports())
del _importlib_abc, _sys, _ForbiddenImports
'''


def code_cells(nb):
    return (cell for cell in nb.cells if cell.cell_type == "code")


class GuardedExecute(Execute):
    """nbgrader's Execute, without input history and with the forbidden imports blocked."""

    forbidden_imports = Dict(
        {}, help="{assignment: [top-level package, ...]} that a submission must not import"
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        assignment = (resources or {}).get("nbgrader", {}).get("assignment")
        names = sorted(self.forbidden_imports.get(assignment, []))
        if not names:
            return super().preprocess(nb, resources, km)
        guard = new_code_cell(IMPORT_BLOCKER.format(names=names, message=FORBIDDEN_IMPORT_MESSAGE))
        nb.cells.insert(0, guard)
        try:
            return super().preprocess(nb, resources, km)
        finally:
            nb.cells.remove(guard)

    def preprocess_cell(self, cell, resources, index):
        if CHECK_YOUR_WORK_TAG in cell.metadata.get("tags", []):
            return cell, resources  # the students' own check re-runs the visible tests: not when grading
        # store_history=False: the kernel never records a cell's source, so student code
        # cannot read the hidden tests back from In, _ih or %history.
        self._check_assign_resources(resources)
        return self.execute_cell(cell, index, store_history=False), self.resources


class StderrAsInformation(NbGraderPreprocessor):
    """Turn stderr output into stdout output with a note, so that it does not zero the cell."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            for output in cell.outputs:
                if output.output_type == "stream" and output.name == "stderr":
                    output.name = "stdout"
                    output.text = STDERR_NOTE + output.text
        return cell, resources


class ExplainTimeouts(NbGraderPreprocessor):
    """Say in words that a cell ran out of time (nbclient leaves empty error messages)."""

    message = Unicode(
        "this cell was stopped after {timeout} s: the code it calls did not finish "
        "(an endless loop, or far too slow)"
    ).tag(config=True)
    timeout_errors = List(["KeyboardInterrupt", "CellTimeoutError"]).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        errors = [o for o in cell.outputs if o.output_type == "error" and o.ename in self.timeout_errors]
        if errors:
            timeout = self.config.Execute.get("timeout", Execute.timeout.default_value)
            evalue = self.message.format(timeout=timeout)
            kept = [o for o in cell.outputs if o not in errors]
            explained = new_output("error", ename=TIME_LIMIT_ERROR, evalue=evalue, traceback=[])
            explained.traceback = [f"{TIME_LIMIT_ERROR}: {evalue}"]
            cell.outputs = [*kept, explained]
        return cell, resources


def hidden_test_lines(nb):
    """Every non-blank line of every hidden test region of ``nb``, and the region markers."""
    lines = set(HIDDEN_MARKERS)
    for cell in code_cells(nb):
        for region in HIDDEN_REGION.findall(cell.source):
            lines |= {line.strip() for line in region.splitlines() if len(line.strip()) > 3}
    return lines


def scrub(text, secrets):
    """``text`` with every occurrence of a secret line, as printed or as repr() shows it, replaced."""
    for secret in sorted(secrets, key=len, reverse=True):
        for form in {secret, repr(secret)[1:-1], secret.replace('"', '\\"')}:
            text = text.replace(form, HIDDEN_PLACEHOLDER)
    return text


class ScrubHiddenTestText(NbGraderPreprocessor):
    """Remove hidden test lines from every output, whatever the student's code printed."""

    def preprocess(self, nb, resources):
        secrets = hidden_test_lines(nb)
        for cell in code_cells(nb):
            for output in cell.get("outputs", []):
                self.scrub_output(output, secrets)
        return nb, resources

    @staticmethod
    def scrub_output(output, secrets):
        if "text" in output:
            output.text = scrub(output.text, secrets)
        for mime, value in output.get("data", {}).items():
            if isinstance(value, str) and mime.startswith("text/"):
                output.data[mime] = scrub(value, secrets)
        if output.output_type == "error":
            output.evalue = scrub(output.evalue, secrets)
            output.traceback = [scrub(line, secrets) for line in output.traceback]


class HideHiddenTests(ClearHiddenTests):
    """Feedback shows whether a hidden test passed, never its source or traceback."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and self._remove_hidden_test_region(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [output.ename + ": " + output.evalue]
        return cell, resources
