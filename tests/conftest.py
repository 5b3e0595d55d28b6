"""Shared fixtures: the built book, built once per test session."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_COMMAND = ["jupyter-book", "build", "-W", "-n", "--keep-going", "."]


@pytest.fixture(scope="session")
def built_book():
    """Build the book with warnings as errors; return (returncode, log, html folder)."""
    from tasks import forget_outputs_of_changed_library

    forget_outputs_of_changed_library()
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), *BUILD_COMMAND[1:]], cwd=ROOT, capture_output=True, text=True
    )
    log = result.stdout + result.stderr
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "build.log").write_text(log)
    return result.returncode, log, ROOT / "_build" / "html"
