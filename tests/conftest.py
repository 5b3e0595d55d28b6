"""Shared fixtures: the built book, built once per test session."""

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tasks import BOOK_BUILD

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "_ext"))  # the book's local Sphinx extensions, importable as Sphinx imports them


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
