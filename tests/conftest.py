"""Shared fixtures (the built book, built once per test session) and the markers of every test.

A test is marked by what it needs, whichever file it is in: ``book`` if it uses the built book,
``browser`` if it drives Chromium, ``course`` if it builds or grades the nbgrader course; each of
these is ``slow`` too. Other tests that take more than a few seconds carry ``@pytest.mark.slow``
in their own file. ``pytest -m "not slow"`` runs the rest in under a minute and never builds the
book (only a marked test asks for ``built_book``).
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


def pytest_collection_modifyitems(items):
    """Mark each test by the fixtures it uses (see above); book, browser and course tests are slow."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        for fixture, marker in MARKER_OF_FIXTURE.items():
            if fixture in fixtures:
                item.add_marker(marker)
        if any(item.get_closest_marker(kind) for kind in KINDS_THAT_ARE_SLOW):
            item.add_marker("slow")


UNMARKED_SLOW_SECONDS = 5  # an unmarked test that takes longer is named at the end of the run
unmarked_slow = []  # (seconds, test id, phase) of this run's unmarked tests that took longer


def pytest_runtest_logreport(report):
    if report.duration > UNMARKED_SLOW_SECONDS and "slow" not in report.keywords:
        unmarked_slow.append((report.duration, report.nodeid, report.when))


def pytest_terminal_summary(terminalreporter):
    """Name the tests that slow down ``pytest -m "not slow"``: mark them slow or speed them up."""
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
