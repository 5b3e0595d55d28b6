"""Shared fixtures (the built book, built once per test session) and the markers of every test.

A test is marked by what it needs, whichever file it is in: ``book`` if it uses the built book,
``browser`` if it drives Chromium, ``course`` if it builds or grades the nbgrader course; each of
these is ``slow`` too, as are the tests listed in ``SLOW`` below. ``pytest -m "not slow"`` runs the
rest in under a minute and never builds the book (only a marked test asks for ``built_book``).
"""

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tasks import BOOK_BUILD

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "_ext"))  # the book's local Sphinx extensions, importable as Sphinx imports them


# The fixtures that make a test a book, browser or course test (directly or through other fixtures).
MARKER_OF_FIXTURE = {
    "built_book": "book",
    "browser": "browser",
    "graded_course": "course",
}
KINDS_THAT_ARE_SLOW = ("book", "browser", "course")
# Tests that take more than a few seconds, in files whose owners mark nothing themselves:
# module name -> names of test functions (without their parameters).
SLOW = {
    "test_contract": {"test_contract", "test_accuracy"},  # hypothesis: 7200 examples
    "test_comparison": {  # they train networks (the ``race`` fixture)
        "test_race_shapes_and_ranges",
        "test_race_is_reproducible",
        "test_networks_trained_together_match_one_trained_alone",
    },
    "test_dying": {"test_training_record_is_reproducible_and_in_range"},
    "test_vanishing": {"test_training_lowers_the_loss_and_repeats_exactly"},
    "test_interactive": {"test_a_running_notebook_shows_the_figure_and_saves_a_valid_notebook"},  # a kernel
}


def pytest_collection_modifyitems(items):
    """Mark each test by the fixtures it uses (see above); book, browser and course tests are slow."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        for fixture, marker in MARKER_OF_FIXTURE.items():
            if fixture in fixtures:
                item.add_marker(marker)
        function = getattr(item, "originalname", item.name)
        listed_slow = function in SLOW.get(item.path.stem, ())
        if listed_slow or any(item.get_closest_marker(kind) for kind in KINDS_THAT_ARE_SLOW):
            item.add_marker("slow")


UNMARKED_SLOW_SECONDS = 5  # an unmarked test that takes longer is named at the end of the run
unmarked_slow = []  # (seconds, test id, phase) of this run's unmarked tests that took longer


def pytest_runtest_logreport(report):
    if report.duration > UNMARKED_SLOW_SECONDS and "slow" not in report.keywords:
        unmarked_slow.append((report.duration, report.nodeid, report.when))


def pytest_terminal_summary(terminalreporter):
    """Name the tests that slow down ``pytest -m "not slow"``: mark them slow (``SLOW``) or speed them up."""
    if unmarked_slow:
        terminalreporter.section(f"tests not marked slow that took more than {UNMARKED_SLOW_SECONDS} s")
        for seconds, nodeid, phase in sorted(unmarked_slow, reverse=True):
            terminalreporter.write_line(f"{seconds:6.1f} s  {nodeid} ({phase})")


@pytest.fixture(scope="session")
def built_book():
    """Build the book as ``python3 tasks.py book`` does; return (returncode, log, html folder)."""
    jupyter_book = Path(sys.executable).parent / BOOK_BUILD[0]
    result = subprocess.run([str(jupyter_book), *BOOK_BUILD[1:]], cwd=ROOT, capture_output=True, text=True)
    log = result.stdout + result.stderr
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "build.log").write_text(log)
    return result.returncode, log, ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def build_environment(built_book):
    """The Sphinx environment the build saved: its settings, e.g. the execution cache it used."""
    with open(ROOT / "_build" / ".doctrees" / "environment.pickle", "rb") as file:
        return pickle.load(file)
