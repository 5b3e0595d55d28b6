"""The book's task runner. Needs only Python 3.11+; everything else it installs.

    python3 tasks.py book        build the HTML book into _build/html
    python3 tasks.py pdf         build the book, then print it with Chromium: _build/html/pdf/book.pdf
                                 and one PDF per page, linked from the site's pages
    python3 tasks.py test        run the whole test suite (lint, library, book, ...)
    python3 tasks.py test -m "not slow"   lint and the fast tests only (under a minute, no book build)
    python3 tasks.py bench       print the speed benchmark
    python3 tasks.py notebooks   write every chapter as a plain Jupyter notebook into notebooks/ (committed)
    python3 tasks.py dist        build actlib's wheel and sdist into _build/dist
    python3 tasks.py course      build the nbgrader course (student versions) into _build/course
    python3 tasks.py grade       autograde _build/course/submitted, write feedback and grades.csv
                                 (--demo first hands in the sample submissions, --reset removes
                                 them; --assignment A, --student S, --force: see course.py --help)

Each task creates the virtual environment .venv on first use and installs the
pinned requirements into it; later runs reuse it while the requirement files
are unchanged. A .venv left incomplete by an interrupted run is made again.
Ctrl-C stops a task with exit code 130; chapters that finished executing stay cached.
"""

import contextlib
import difflib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
INSTALLING = VENV / ".incomplete"  # exists while .venv is being created or installed into
COURSE_DIR = ROOT / "_build" / "course"
BOOK_BUILD = ["jupyter-book", "build", "-W", "-n", "--keep-going", "."]


def run(*command, own_session=True, **kwargs):
    """Run a command from the repository root; stop with its exit code if it fails.

    A command in its ``own_session`` does not see a Ctrl-C: this script terminates it at once,
    with no traceback from it, and exits with one line (work that finished is kept: a build's
    executed chapters are cached as each ends). Otherwise (pytest: its summary, its debugger)
    the command sees the Ctrl-C itself and ends before this script does.
    """
    print("+", " ".join(str(c) for c in command), flush=True)
    process = subprocess.Popen([str(c) for c in command], cwd=ROOT, start_new_session=own_session, **kwargs)
    try:
        returncode = process.wait()
    except KeyboardInterrupt:
        stop(process, own_session)
        raise
    if returncode != 0:
        sys.exit(returncode)


def stop(process, own_session):
    """After Ctrl-C: terminate ``process`` if it runs in its own session, else let it end (10 s)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
    if own_session and os.name == "posix":
        with contextlib.suppress(ProcessLookupError):  # it may have ended already
            os.killpg(process.pid, signal.SIGTERM)  # the command and what it started
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def install(requirements):
    """Create .venv if needed and install ``requirements`` (a file name) into it.

    A .venv that a run left incomplete (interrupted while it was created or while packages were
    installed into it, or without pip) is deleted and made again, with a message saying so.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 - tell users of older Pythons why it fails
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    text = "".join((ROOT / f).read_text() for f in sorted(set(required_files(requirements))))
    digest = hashlib.sha256((text + (ROOT / "pyproject.toml").read_text()).encode()).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    problem = venv_problem()
    if problem is None and stamp.exists() and stamp.read_text() == digest:
        return
    if problem is not None:
        print(f"The virtual environment {VENV} {problem}: deleting it and creating it again ...", flush=True)
        shutil.rmtree(VENV)
    VENV.mkdir(exist_ok=True)
    INSTALLING.write_text(requirements)  # removed once the installation is complete
    if not PYTHON.exists():
        print(f"Creating the virtual environment {VENV} ...", flush=True)
        venv.create(VENV, with_pip=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", requirements)  # includes actlib (-e .)
    stamp.write_text(digest)
    INSTALLING.unlink()


def venv_problem():
    """Why .venv cannot be used as it is (None if it can, or does not exist yet)."""
    if not VENV.exists():
        return None
    if INSTALLING.exists():
        return "was left incomplete (an installation into it was interrupted or failed)"
    if not PYTHON.exists():
        return "has no Python"
    if not list(VENV.glob("lib/python3*/site-packages/pip")) + list(VENV.glob("Lib/site-packages/pip")):
        return "has no pip (an interrupted run?)"
    return None


def required_files(requirements):
    """``requirements`` and every file it includes with ``-r``."""
    yield requirements
    for line in (ROOT / requirements).read_text().splitlines():
        if line.startswith("-r "):
            yield from required_files(line.split(maxsplit=1)[1])


def in_venv(*command, **kwargs):
    """Run a console script of .venv, e.g. ``in_venv("pytest", "-q")``."""
    run(BIN / command[0], *command[1:], env={**os.environ, "PYTHONNOUSERSITE": "1"}, **kwargs)


def book():
    install("requirements.txt")
    in_venv(*BOOK_BUILD)
    print(f"\nThe book is in {ROOT / '_build' / 'html' / 'index.html'}")


CHROMIUM = Path("/usr/bin/chromium")


def ensure_chromium():
    """The browser tests and the PDF need Debian's Chromium: install it (apt-get) when missing and root."""
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


def pdf():
    """Build the HTML, print the PDFs into it, and build again so that the pages link them (the
    second build only rewrites the pages: nothing is read or executed again)."""
    install("requirements-pdf.txt")
    ensure_chromium()
    book()
    in_venv("python", "_ext/book_pdf.py", ROOT / "_build" / "html")
    in_venv(*BOOK_BUILD)
    print(f"\nThe book's PDF is {ROOT / '_build' / 'html' / 'pdf' / 'book.pdf'}")


def test():
    install("requirements-dev.txt")
    ensure_chromium()
    in_venv("ruff", "check", "actlib", "tests", "tasks.py", "benchmarks", "assignments/course.py",
            "assignments/grading_steps.py", "_ext")
    in_venv("pytest", *sys.argv[2:], own_session=False)


def bench():
    install("requirements-dev.txt")
    in_venv("python", "benchmarks/bench.py", *sys.argv[2:])


NOTEBOOKS_DIR = ROOT / "notebooks"
DIST_DIR = ROOT / "_build" / "dist"


def notebooks():
    """Regenerate notebooks/ from the chapters (commit the result: Colab and Binder open it)."""
    install("requirements.txt")
    in_venv("python", "_ext/chapter_notebooks.py", NOTEBOOKS_DIR)
    print(f"\nThe chapter notebooks are in {NOTEBOOKS_DIR}")


def dist():
    """Build actlib's wheel and sdist (python -m build)."""
    install("requirements-dev.txt")
    shutil.rmtree(DIST_DIR, ignore_errors=True)
    in_venv("python", "-m", "build", "--outdir", DIST_DIR, ".")
    print(f"\nactlib's wheel and sdist are in {DIST_DIR}")


def course():
    install("requirements-teacher.txt")
    in_venv("python", "assignments/course.py", "build", COURSE_DIR)


def grade():
    install("requirements-teacher.txt")
    in_venv("python", "assignments/course.py", "grade", COURSE_DIR, *sys.argv[2:])


TASKS = {
    "book": book, "pdf": pdf, "test": test, "bench": bench,
    "notebooks": notebooks, "dist": dist, "course": course, "grade": grade,
}


def usage_error(task):
    """The message for a missing or unknown task name: what was asked, what exists."""
    if task is None:
        return f"Name a task.\n{__doc__}"
    close = difflib.get_close_matches(task, TASKS, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"Unknown task {task!r}.{hint} The tasks are: {', '.join(TASKS)}.\n{__doc__}"


def main(argv):
    task = argv[1] if len(argv) > 1 else None
    if task not in TASKS:
        sys.exit(usage_error(task))
    try:
        TASKS[task]()
    except KeyboardInterrupt:
        print(f"\ntasks.py {task}: interrupted (Ctrl-C). Work that finished is kept; run it again to go on.",
              file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main(sys.argv)
