"""The book's task runner. Needs only Python 3.11+; everything else it installs.

    python3 tasks.py book        build the HTML book into _build/html
    python3 tasks.py test        run the whole test suite (lint, library, book, ...)
    python3 tasks.py bench       print the speed benchmark
    python3 tasks.py notebooks   write every chapter as an .ipynb into _build/notebooks
    python3 tasks.py course      build the nbgrader course (student versions) into _build/course
    python3 tasks.py grade       autograde _build/course/submitted, write feedback and grades.csv
                                 (--demo first hands in the sample solutions, right and wrong)

Each task creates the virtual environment .venv on first use and installs the
pinned requirements into it; later runs reuse it while the requirement files
are unchanged.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
COURSE_DIR = ROOT / "_build" / "course"
BOOK_BUILD = ["jupyter-book", "build", "-W", "-n", "--keep-going", "."]


def run(*command, **kwargs):
    """Run a command from the repository root; stop with its exit code if it fails."""
    print("+", " ".join(str(c) for c in command), flush=True)
    result = subprocess.run([str(c) for c in command], cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def install(requirements):
    """Create .venv if needed and install ``requirements`` (a file name) into it."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tell users of older Pythons why it fails
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print(f"Creating the virtual environment {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    text = "".join((ROOT / f).read_text() for f in sorted(set(required_files(requirements))))
    digest = hashlib.sha256((text + (ROOT / "pyproject.toml").read_text()).encode()).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", requirements)  # includes actlib (-e .)
    stamp.write_text(digest)


def required_files(requirements):
    """``requirements`` and every file it includes with ``-r``."""
    yield requirements
    for line in (ROOT / requirements).read_text().splitlines():
        if line.startswith("-r "):
            yield from required_files(line.split(maxsplit=1)[1])


def in_venv(*command):
    """Run a console script of .venv, e.g. ``in_venv("pytest", "-q")``."""
    run(BIN / command[0], *command[1:], env={**os.environ, "PYTHONNOUSERSITE": "1"})


def forget_outputs_of_changed_library():
    """Empty the execution cache, and make Sphinx read every page again, when actlib changed.

    Jupyter Book reuses a chapter's outputs while the chapter's own text is unchanged; an
    edit to actlib would otherwise leave numbers on the pages that the code no longer gives.
    Emptying the cache alone is not enough: Sphinx re-reads only pages whose source changed,
    so its saved environment (the doctrees) goes too.
    """
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted((ROOT / "actlib").glob("*.py"))))
    stamp = ROOT / "_build" / ".actlib-digest"
    if stamp.exists() and stamp.read_text() != digest.hexdigest():
        shutil.rmtree(ROOT / "_build" / ".jupyter_cache", ignore_errors=True)
        shutil.rmtree(ROOT / "_build" / ".doctrees", ignore_errors=True)
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(digest.hexdigest())


def book():
    install("requirements.txt")
    forget_outputs_of_changed_library()
    in_venv(*BOOK_BUILD)
    print(f"\nThe book is in {ROOT / '_build' / 'html' / 'index.html'}")


CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium():
    """The browser tests drive Debian's Chromium: install it (apt-get) when missing and root."""
    if CHROMIUM.exists():
        return
    if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Chromium for the browser tests (apt-get) ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
    if not CHROMIUM.exists():
        print(f"Chromium is not installed ({CHROMIUM}) and this user cannot install it (needs root and "
              "apt-get): the browser tests will be skipped, or fail where CI=true.", flush=True)


def test():
    install("requirements-dev.txt")
    ensure_chromium()
    in_venv("ruff", "check", "actlib", "tests", "tasks.py", "benchmarks", "assignments/course.py", "_ext")
    in_venv("pytest", *sys.argv[2:])


def bench():
    install("requirements-dev.txt")
    in_venv("python", "benchmarks/bench.py", *sys.argv[2:])


def notebooks():
    install("requirements.txt")
    out = ROOT / "_build" / "notebooks"
    out.mkdir(parents=True, exist_ok=True)
    chapters = sorted((ROOT / "chapters").glob("*.md"))
    # One jupytext run for all chapters; "../_build/notebooks//ipynb" is relative to each chapter.
    in_venv("jupytext", "--to", "../_build/notebooks//ipynb", *(c.relative_to(ROOT) for c in chapters))
    print(f"\nThe chapter notebooks are in {out}")


def course():
    install("requirements-teacher.txt")
    in_venv("python", "assignments/course.py", "build", COURSE_DIR)


def grade():
    install("requirements-teacher.txt")
    in_venv("python", "assignments/course.py", "grade", COURSE_DIR, *sys.argv[2:])


TASKS = {"book": book, "test": test, "bench": bench, "notebooks": notebooks, "course": course, "grade": grade}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(__doc__)
    TASKS[sys.argv[1]]()
