"""The book's build as a maintainer meets it, on a copy of the book with one small chapter.

The copy keeps the book's configuration, local extensions and ``actlib``; its table of contents
holds one chapter that prints a value from ``actlib``. Each test edits the copy and builds it again
with the book's build command, as ``python3 tasks.py book`` runs it: a build takes seconds.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import nbformat
import pytest
from bs4 import BeautifulSoup
from fresh_outputs import dependency_digest
from parallel_execution import CellGate, longest_first, timing_cells

from tasks import BOOK_BUILD
from tests.conftest import ROOT

JUPYTER_BOOK = os.path.join(os.path.dirname(sys.executable), BOOK_BUILD[0])
PROBE = "chapters/probe.md"
PROBE_TEXT = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Probe

A chapter that shows a value computed by actlib.

```{code-cell} ipython3
import actlib

print("actlib says", actlib.BUILD_PROBE)
```
"""
SLEEPING_CELL = """
```{{code-cell}} ipython3
import time

time.sleep({seconds})
```
"""
RAISING_CELL = """
```{code-cell} ipython3
numerator = 1
denominator = 0
numerator / denominator
```
"""


@pytest.fixture
def book(tmp_path):
    """A copy of the book whose table of contents is the probe chapter alone."""
    copy = tmp_path / "book"
    copy.mkdir()
    for name in ("_config.yml", "requirements.txt", "pyproject.toml", "references.bib"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("_ext", "actlib"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapters/probe\n")
    (copy / "index.md").write_text("# Probe book\n\n```{tableofcontents}\n```\n")
    (copy / "chapters").mkdir()
    (copy / PROBE).write_text(PROBE_TEXT)
    set_probe_value(copy, "first value")
    return copy


def set_probe_value(book, value):
    """Make ``actlib.BUILD_PROBE`` the string ``value``: a one-line change at the end of actlib."""
    init = book / "actlib" / "__init__.py"
    original = (ROOT / "actlib" / "__init__.py").read_text()
    init.write_text(f"{original}\nBUILD_PROBE = {value!r}\n")


def build_environment(book):
    # The kernels must import the copy's actlib, not the one installed from the repository.
    return {**os.environ, "PYTHONPATH": str(book), "PYTHONNOUSERSITE": "1", "PYTHONUNBUFFERED": "1"}


def build(book):
    """Build the copy as ``tasks.py book`` does; return (returncode, log)."""
    command = [JUPYTER_BOOK, *BOOK_BUILD[1:]]
    result = subprocess.run(command, cwd=book, env=build_environment(book), capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def executed_chapters(log):
    return re.findall(r"^(\S+\.md): executed in", log, flags=re.MULTILINE)


def probe_page_text(book):
    page = BeautifulSoup((book / "_build/html/chapters/probe.html").read_text(), "html.parser")
    return page.select_one("main").get_text()


def assert_builds(book):
    returncode, log = build(book)
    assert returncode == 0, log[-4000:]
    return log


@pytest.mark.slow
def test_an_edit_to_actlib_reaches_the_page_and_a_revert_brings_the_old_value_back(book):
    assert executed_chapters(assert_builds(book)) == [PROBE]
    assert "actlib says first value" in probe_page_text(book)
    assert executed_chapters(assert_builds(book)) == []  # nothing changed: nothing executed

    set_probe_value(book, "second value")
    assert_builds(book)
    assert "actlib says second value" in probe_page_text(book)
    assert "first value" not in probe_page_text(book)

    set_probe_value(book, "first value")
    assert_builds(book)
    assert "actlib says first value" in probe_page_text(book)
    assert "second value" not in probe_page_text(book)


@pytest.mark.slow
def test_a_failing_chapter_fails_every_build_until_it_is_fixed(book):
    assert_builds(book)
    (book / PROBE).write_text(PROBE_TEXT + RAISING_CELL)
    failing_line = (book / PROBE).read_text().splitlines().index("numerator / denominator") + 1
    headline = f"{PROBE}:{failing_line}: ERROR: ZeroDivisionError: division by zero"

    for attempt in ("first", "unchanged rerun"):
        returncode, log = build(book)
        assert returncode != 0, f"{attempt}: the build succeeded\n{log[-3000:]}"
        assert headline in log, f"{attempt}:\n{log[-3000:]}"
        report = log[log.index(headline):]
        assert f"--> {failing_line} | numerator / denominator" in report  # the cell's source
        assert re.search(r"Cell In\[\d+\], line 3", report)  # the traceback of the chapter's code
        assert "CellExecutionError" not in log and "site-packages" not in report  # no internals
        page = probe_page_text(book)
        assert "failed to execute" in page and headline.replace(" ERROR:", "") in page
        assert "actlib says first value" not in page  # no outputs that look like a successful execution

    (book / PROBE).write_text(PROBE_TEXT)
    assert_builds(book)
    page = probe_page_text(book)
    assert "actlib says first value" in page and "failed to execute" not in page


@pytest.mark.slow
def test_a_broken_reference_fails_every_build_until_it_is_fixed(book):
    """Not only execution errors: any warning (here ``-n``, a missing target) is reported again."""
    assert_builds(book)
    (book / PROBE).write_text(PROBE_TEXT + "\nSee {ref}`no-such-section`.\n")
    for attempt in ("first", "unchanged rerun"):
        returncode, log = build(book)
        assert returncode != 0 and "no-such-section" in log, f"{attempt}:\n{log[-3000:]}"
    (book / PROBE).write_text(PROBE_TEXT)
    assert_builds(book)



@pytest.mark.slow
def test_chapters_that_finished_before_an_interrupted_build_are_not_executed_again(book):
    """Ctrl-C: ``tasks.py book`` terminates the build (SIGTERM to its process group), as here."""
    slow = "chapters/slow.md"
    (book / "_toc.yml").write_text((book / "_toc.yml").read_text() + "  - file: chapters/slow\n")
    (book / slow).write_text(PROBE_TEXT.replace("# Probe", "# Slow") + SLEEPING_CELL.format(seconds=600))
    process = subprocess.Popen([JUPYTER_BOOK, *BOOK_BUILD[1:]], cwd=book, env=build_environment(book),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    for line in process.stdout:
        if line.startswith(f"{PROBE}: executed in"):
            break
    else:
        pytest.fail(f"the build ended before {PROBE} was executed: {process.wait()}")
    os.killpg(process.pid, signal.SIGTERM)
    process.communicate(timeout=60)

    (book / slow).write_text(PROBE_TEXT.replace("# Probe", "# Slow") + SLEEPING_CELL.format(seconds=0))
    assert executed_chapters(assert_builds(book)) == [slow]
    assert "actlib says first value" in probe_page_text(book)


def test_the_execution_key_changes_with_any_file_under_the_listed_paths_and_only_with_them(tmp_path):
    library = tmp_path / "library"
    (library / "data").mkdir(parents=True)
    (library / "core.py").write_text("SCALE = 1\n")
    (library / "data" / "table.csv").write_text("1,2\n")
    (tmp_path / "requirements.txt").write_text("numpy==2.4.6\n")
    (tmp_path / "notes.txt").write_text("not listed\n")
    listed = ["library", "requirements.txt"]
    first = dependency_digest(tmp_path, listed)

    (library / "__pycache__").mkdir()
    (library / "__pycache__" / "core.cpython-311.pyc").write_bytes(b"compiled")
    (tmp_path / "notes.txt").write_text("edited, but not listed\n")
    assert dependency_digest(tmp_path, listed) == first

    edits = [(library / "core.py", "SCALE = 2\n"), (library / "data" / "table.csv", "1,3\n"),
             (library / "new.py", ""), (tmp_path / "requirements.txt", "numpy==2.4.7\n")]
    digests = {first}
    for path, text in edits:
        original = path.read_text() if path.exists() else None
        path.write_text(text)
        digests.add(dependency_digest(tmp_path, listed))
        if original is None:
            path.unlink()
        else:
            path.write_text(original)
        assert dependency_digest(tmp_path, listed) == first, f"reverting {path.name} restores the key"
    assert len(digests) == 1 + len(edits)


def test_a_cell_that_times_code_runs_while_no_other_cell_runs():
    """Cells of several kernels through one gate: the timing cell never overlaps another; the others do."""
    gate, lock = CellGate(), threading.Lock()
    running, seen_together, overlaps = [], [], []

    def cell(name, alone, seconds):
        with gate.alone() if alone else gate.together():
            with lock:
                running.append(name)
                seen_together.append(len(running))
                if len(running) > 1 and any(n.startswith("timing") for n in running):
                    overlaps.append(list(running))
            time.sleep(seconds)
            with lock:
                running.remove(name)

    plan = [("a1", False, 0.3), ("b1", False, 0.3), ("timing", True, 0.2),
            ("a2", False, 0.2), ("b2", False, 0.2)]
    threads = []
    for name, alone, seconds in plan:
        threads.append(threading.Thread(target=cell, args=(name, alone, seconds)))
        threads[-1].start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=10)
    assert overlaps == []
    assert max(seen_together) >= 2, "cells that do not time code should run side by side"


def test_timing_cells_are_the_code_cells_matching_the_pattern_and_long_chapters_go_first():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import timeit"),
        nbformat.v4.new_markdown_cell("We time it with `timeit.repeat`."),
        nbformat.v4.new_code_cell("best = min(timeit.repeat(f, number=3))"),
        nbformat.v4.new_code_cell("model.fit(x, y)"),
    ])
    assert timing_cells(notebook, r"\btimeit\.") == {2}
    chapters = [SimpleNamespace(docname=name) for name in ("a", "b", "c", "d")]
    assert [c.docname for c in longest_first(chapters, ["c", "x", "b"])] == ["c", "b", "a", "d"]
