"""Build the book's nbgrader course and grade it, one submission at a time.

    python assignments/course.py build COURSE_DIR
    python assignments/course.py grade COURSE_DIR [--assignment A] [--student S] [--demo] [--reset]
                                                  [--force] [--cell-time-limit S] [--notebook-time-limit S]

``build`` copies every source notebook of ``assignments/`` into ``COURSE_DIR/source``, writes
``COURSE_DIR/nbgrader_config.py`` (with ``grading_steps.py`` next to it) and the SQLite gradebook,
and runs ``generate_assignment``: the student versions land in ``COURSE_DIR/release``.

``grade`` autogrades each submission in ``COURSE_DIR/submitted/<student>/<assignment>`` in its own
process, with a time limit, so that a submission that crashes, hangs or is not a notebook gets 0 and
a reason while every other one is graded. It writes HTML feedback into ``COURSE_DIR/feedback``,
the results of every submission into ``COURSE_DIR/grades.csv`` (always, whatever failed) and prints
a summary. Submissions whose files are unchanged since they were last graded are skipped
(``--force`` regrades them). ``--demo`` first hands in the sample submissions of
``assignments/<assignment>/samples/`` as pretend students; ``--reset`` removes those students and
their work from the course.

A sample submission is a Python file of sections, each opened by a directive line:
``# replaces: <grade_id>`` (the code below it becomes that solution cell; every solution cell
not replaced gets the reference solution), ``# deletes: <grade_id>`` (the student deleted that
cell), ``# truncated`` (the file was cut off half-way) or ``# submitted: <UTC time>``.
"""

import argparse
import csv
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ASSIGNMENTS = ("sigmoid_softmax", "relu_keras3", "vanishing_gradients", "dying_relu")
COURSE_ID = "activations-in-keras"
# The one place the due dates are set; a submission handed in later is flagged late in grades.csv.
DUE_DATES = {
    "sigmoid_softmax": "2027-01-22 23:59:00 UTC",
    "relu_keras3": "2027-02-05 23:59:00 UTC",
    "vanishing_gradients": "2027-02-19 23:59:00 UTC",
    "dying_relu": "2027-03-05 23:59:00 UTC",
}
# NumPy-only assignments are graded with these packages blocked, so they cannot do the work.
FORBIDDEN_IMPORTS = {
    assignment: ["actlib", "keras", "tensorflow", "tf_keras", "scipy", "sklearn", "torch", "jax"]
    for assignment in ("sigmoid_softmax", "relu_keras3")
}
CELL_TIME_LIMIT = 60  # seconds per cell; the assignments' cells need a few
NOTEBOOK_TIME_LIMIT = 600  # seconds for grading one submission, kernel start and feedback included
WORKERS = 2  # submissions graded at the same time

REFERENCE, UNTOUCHED = "reference", "untouched"
DEMO_SUBMITTED = "2027-01-15 12:00:00 UTC"  # hand-in time of the demo work, unless a sample says otherwise
SOLUTION_REGION = re.compile(r"^[ \t]*### BEGIN SOLUTION\n(.*?)^[ \t]*### END SOLUTION\n?", re.M | re.S)
HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS\n(.*?)^[ \t]*### END HIDDEN TESTS\n?", re.M | re.S)
SAMPLE_DIRECTIVE = re.compile(r"^# (replaces|deletes|truncated|submitted)(?::[ \t]*(.*))?$", re.M)
GRADED, NOT_SUBMITTED = "graded", "not submitted"
CRASHED, TIME_LIMIT, INVALID = "crashed", "time limit", "invalid notebook"
STATE_FILE = "grading_state.json"
CSV_COLUMNS = (
    "assignment",
    "student_id",
    "status",
    "score",
    "max_score",
    "timestamp",
    "due",
    "late",
    "restored_cells",
    "warnings",
    "timeouts",
    "reason",
)

# Written into COURSE_DIR; the nbgrader command line and this module both read it.
NBGRADER_CONFIG = '''\
"""nbgrader configuration of the course, written by assignments/course.py."""
import os
import sys

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, GetGrades, IgnorePattern, LimitOutput, SaveAutoGrades,
)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from grading_steps import (  # noqa: E402  (the course's own steps, next to this file)
    ExplainTimeouts, GuardedExecute, HideHiddenTests, ScrubHiddenTestText, StderrAsInformation,
)

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.root = HERE
c.CourseDirectory.db_assignments = {assignments}
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")
# Each cell gets this long when it is autograded; the assignments need seconds.
c.Execute.timeout = {cell_time_limit}
c.Execute.interrupt_on_timeout = True
# Test cells a student deleted are put back (edited ones nbgrader always restores).
c.OverwriteCells.add_missing_cells = True
c.GuardedExecute.forbidden_imports = {forbidden}
c.Autograde.autograde_preprocessors = [
    GuardedExecute, StderrAsInformation, ExplainTimeouts, IgnorePattern, ClearMetadataPreprocessor,
    LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
]
c.GenerateFeedback.preprocessors = [
    GetGrades, ScrubHiddenTestText, HideHiddenTests, CSSHTMLHeaderPreprocessor,
]
'''


# The last cell of each student version: it runs the visible tests again and says what fails.
CHECK_YOUR_WORK = """\
# Check your work (not graded): runs the visible test of every part again and says, in plain words,
# which pass and what fails. More tests run when your work is graded.
import traceback as _traceback

_VISIBLE_TESTS = {tests}


def check_your_work():
    for name, code in _VISIBLE_TESTS.items():
        try:
            exec(compile(code, name, "exec"), globals())
        except NotImplementedError:
            print(f"not done  {{name}}: your function still raises NotImplementedError")
        except NameError as error:
            print(f"not run   {{name}}: {{error}}; run the cells above this one first")
        except AssertionError as error:
            lines = [f.lineno for f in _traceback.extract_tb(error.__traceback__) if f.filename == name]
            failed = code.splitlines()[lines[-1] - 1].strip() if lines else "an assert in your code"
            print(f"FAILS     {{name}}: {{str(error) or 'this check is false'}}\\n          {{failed}}")
        except Exception as error:
            print(f"ERROR     {{name}}: your code raised {{type(error).__name__}}: {{error}}")
        else:
            print(f"passes    {{name}}")


check_your_work()
"""


def source_notebook(assignment):
    """Path of an assignment's source notebook (with solutions and hidden tests)."""
    return HERE / assignment / f"{assignment}.ipynb"


def load_notebook(path):
    return json.loads(Path(path).read_text())


def cell_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def source_text(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def reference_answers(assignment):
    """{grade_id: code} of every solution cell, the reference solution without its markers."""
    answers = {}
    for cell in load_notebook(source_notebook(assignment))["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            answers[cell_id(cell)] = SOLUTION_REGION.sub(lambda m: m.group(1), source_text(cell))
    return answers


def test_points(assignment):
    """{grade_id: points} of the graded test cells, from the source notebook."""
    cells = load_notebook(source_notebook(assignment))["cells"]
    return {
        cell_id(c): c["metadata"]["nbgrader"]["points"]
        for c in cells
        if c["metadata"].get("nbgrader", {}).get("grade")
    }


def parse_sample(path):
    """The sample submission in ``path`` as {"replaces": {grade_id: code}, "deletes": [...], ...}."""
    text = Path(path).read_text()
    sample = {"replaces": {}, "deletes": [], "truncated": False, "submitted": None}
    directives = list(SAMPLE_DIRECTIVE.finditer(text))
    if not directives or directives[0].start() != 0:
        raise ValueError(f"{path}: the first line must be a directive such as '# replaces: <grade_id>'")
    for directive, following in zip(directives, [*directives[1:], None], strict=True):
        body = text[directive.end() + 1 : following.start() if following else len(text)]
        kind, argument = directive.group(1), (directive.group(2) or "").strip()
        if kind == "replaces":
            sample["replaces"][argument] = body
        elif kind == "deletes":
            sample["deletes"].append(argument)
        elif kind == "truncated":
            sample["truncated"] = True
        else:
            sample["submitted"] = argument
    return sample


def sample_submissions(assignment):
    """{name: sample} of the sample submissions in ``<assignment>/samples/*.py``."""
    return {path.stem: parse_sample(path) for path in sorted((HERE / assignment / "samples").glob("*.py"))}


def demo_students():
    """Every student id ``--demo`` hands in work for."""
    names = {REFERENCE, UNTOUCHED}
    for assignment in ASSIGNMENTS:
        names |= set(sample_submissions(assignment))
    return names


def open_api(course_dir, cell_time_limit=None):
    """An NbGraderAPI configured by ``course_dir/nbgrader_config.py``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    # nbgrader runs the `alembic` script of its environment, which need not be on PATH.
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    if cell_time_limit is not None:
        config.Execute.timeout = cell_time_limit
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _require_success(result, what):
    if not result["success"]:
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('error', '')}\n{result.get('log', '')}")


def build_course(course_dir):
    """Create the course folder, its config, its gradebook and every student version."""
    course_dir = Path(course_dir).resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    for assignment in ASSIGNMENTS:
        target = course_dir / "source" / assignment
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source_notebook(assignment), target)
    shutil.copy2(HERE / "grading_steps.py", course_dir)
    listed = [{"name": a, "duedate": DUE_DATES[a]} for a in ASSIGNMENTS]
    config = NBGRADER_CONFIG.format(
        course_id=COURSE_ID,
        assignments=repr(listed),
        forbidden=repr(FORBIDDEN_IMPORTS),
        cell_time_limit=CELL_TIME_LIMIT,
    )
    (course_dir / "nbgrader_config.py").write_text(config)
    api = open_api(course_dir)
    for assignment in ASSIGNMENTS:
        _require_success(api.generate_assignment(assignment), f"generate_assignment {assignment}")
        if not released_notebook(course_dir, assignment).exists():
            raise RuntimeError(f"generate_assignment wrote no student version of {assignment}")
        add_check_your_work(released_notebook(course_dir, assignment))
    return course_dir


def points_text(points):
    return f"{points:g} point" if points == 1 else f"{points:g} points"


def add_check_your_work(path):
    """Append the "check your work" cell, made from the visible tests, to the student version ``path``."""
    from grading_steps import CHECK_YOUR_WORK_TAG

    notebook = load_notebook(path)
    tests = {
        f"{cell_id(c)} ({points_text(c['metadata']['nbgrader']['points'])})": source_text(c)
        for c in notebook["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade")
    }
    listed = "{\n" + "".join(f"    {name!r}: {code!r},\n" for name, code in tests.items()) + "}"
    heading = {
        "cell_type": "markdown",
        "id": "check-your-work-heading",
        "metadata": {},
        "source": "## Check your work\n\nRun the cell below after your answers.",
    }
    check = {
        "cell_type": "code",
        "id": "check-your-work",
        "execution_count": None,
        "outputs": [],
        "metadata": {"tags": [CHECK_YOUR_WORK_TAG], "editable": False, "deletable": False},
        "source": CHECK_YOUR_WORK.format(tests=listed),
    }
    notebook["cells"] += [heading, check]
    Path(path).write_text(json.dumps(notebook, indent=1))


def released_notebook(course_dir, assignment):
    return Path(course_dir) / "release" / assignment / f"{assignment}.ipynb"


def submitted_notebook(course_dir, assignment, student):
    return Path(course_dir) / "submitted" / student / assignment / f"{assignment}.ipynb"


def submit(course_dir, assignment, student, answers, deletes=(), truncated=False, submitted=None):
    """Hand in the student version with solution cells replaced by ``answers`` ({grade_id: code}).

    ``deletes`` names cells the student deleted, ``truncated`` cuts the file in half,
    ``submitted`` is the hand-in time nbgrader reads from ``timestamp.txt``.
    """
    notebook = load_notebook(released_notebook(course_dir, assignment))
    unknown = (set(answers) | set(deletes)) - {cell_id(cell) for cell in notebook["cells"]}
    if unknown:
        raise ValueError(f"no cell named {sorted(unknown)} in {assignment}")
    notebook["cells"] = [cell for cell in notebook["cells"] if cell_id(cell) not in deletes]
    for cell in notebook["cells"]:
        if cell_id(cell) in answers:
            cell["source"] = answers[cell_id(cell)]
    text = json.dumps(notebook, indent=1)
    path = submitted_notebook(course_dir, assignment, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text[: len(text) // 2] if truncated else text)
    if submitted:
        (path.parent / "timestamp.txt").write_text(submitted)


def submit_demo(course_dir, assignments=ASSIGNMENTS):
    """Hand in the reference, the untouched student version and each sample submission."""
    for assignment in assignments:
        reference = reference_answers(assignment)
        submit(course_dir, assignment, REFERENCE, reference, submitted=DEMO_SUBMITTED)
        submit(course_dir, assignment, UNTOUCHED, {}, submitted=DEMO_SUBMITTED)
        for name, sample in sample_submissions(assignment).items():
            answers = {**reference, **sample["replaces"]}
            submit(
                course_dir,
                assignment,
                name,
                answers,
                sample["deletes"],
                sample["truncated"],
                sample["submitted"] or DEMO_SUBMITTED,
            )


def reset_demo(course_dir):
    """Remove the demo students, their submissions, feedback and gradebook entries."""
    from nbgrader.api import Gradebook, MissingEntry

    course_dir = Path(course_dir).resolve()
    names = demo_students()
    for folder in ("submitted", "autograded", "feedback"):
        for name in names:
            shutil.rmtree(course_dir / folder / name, ignore_errors=True)
    with Gradebook(open_api(course_dir).coursedir.db_url, course_id=COURSE_ID) as gradebook:
        for name in names:
            try:
                gradebook.remove_student(name)
            except MissingEntry:
                pass
    state = load_state(course_dir)
    save_state(course_dir, {key: value for key, value in state.items() if value["student"] not in names})
    return names


# ---------------------------------------------------------------------------------------------
# Grading one submission (in a process of its own)


def autograde_one(course_dir, assignment, student, cell_time_limit):
    """Autograde one submission and write its feedback; return its outcome as a dict."""
    from nbgrader.api import Gradebook

    api = open_api(course_dir, cell_time_limit)
    with warnings.catch_warnings():
        # nbgrader 0.9 adds a new submission in a way SQLAlchemy 2 warns about (a
        # RuntimeWarning subclass); the row is written all the same.
        warnings.filterwarnings("ignore", "Object of type <Submitted", category=RuntimeWarning)
        result = api.autograde(assignment, student)
    if not result["success"]:
        return {"status": CRASHED, "reason": crash_reason(result.get("error", "") + result.get("log", ""))}
    feedback = api.generate_feedback(assignment, student)
    if not feedback["success"]:
        return {"status": CRASHED, "reason": "writing the feedback failed: " + last_line(feedback["log"])}
    with Gradebook(api.coursedir.db_url, course_id=COURSE_ID) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        cells = {g.name: g.score for notebook in submission.notebooks for g in notebook.grades}
    return {"status": GRADED, "cells": cells}


def crash_reason(log):
    if "DeadKernelError" in log or "Kernel died" in log:
        return "the Python kernel died while running the notebook (the code ended or crashed the process)"
    return "nbgrader could not grade the notebook: " + last_line(log)


def last_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


# ---------------------------------------------------------------------------------------------
# Grading a course


def load_state(course_dir):
    path = Path(course_dir) / STATE_FILE
    return json.loads(path.read_text()) if path.exists() else {}


def save_state(course_dir, state):
    (Path(course_dir) / STATE_FILE).write_text(json.dumps(state, indent=1, sort_keys=True))


def submission_digest(course_dir, assignment, student):
    """Changes when the submission's files, the source notebook or the grading steps change.

    Not when only the time limits change: ``--force`` regrades with new limits.
    """
    digest = hashlib.sha256()
    folder = Path(course_dir) / "submitted" / student / assignment
    for path in [*sorted(p for p in folder.rglob("*") if p.is_file()), source_notebook(assignment)]:
        digest.update(path.name.encode() + path.read_bytes())
    for name in ("grading_steps.py", "nbgrader_config.py"):
        digest.update((Path(course_dir) / name).read_bytes())
    return digest.hexdigest()


def check_notebook(path):
    """None when ``path`` is a valid notebook, else a sentence saying what is wrong with it."""
    import nbformat

    try:
        nbformat.validate(nbformat.read(path, as_version=4))
    except Exception as error:  # JSON, schema or encoding: each makes the file unreadable
        return f"the file is not a valid notebook ({type(error).__name__}: {str(error).splitlines()[0]})"
    return None


def restored_cells(course_dir, assignment, student):
    """Locked cells (tests, set-up) the student deleted or edited; nbgrader grades the originals."""
    released = {
        cell_id(c): source_text(c)
        for c in load_notebook(released_notebook(course_dir, assignment))["cells"]
        if c["metadata"].get("nbgrader", {}).get("locked")
    }
    handed_in = {
        cell_id(c): source_text(c)
        for c in load_notebook(submitted_notebook(course_dir, assignment, student))["cells"]
    }
    restored = []
    for name, source in released.items():
        if name not in handed_in:
            restored.append(f"{name} (deleted)")
        elif handed_in[name].strip() != source.strip():
            restored.append(f"{name} (edited)")
    return restored


def notes_from_autograded(course_dir, assignment, student):
    """Warnings, timed-out cells and forbidden imports, read from the autograded notebook."""
    from grading_steps import FORBIDDEN_IMPORT_MESSAGE, STDERR_NOTE, TIME_LIMIT_ERROR

    path = Path(course_dir) / "autograded" / student / assignment / f"{assignment}.ipynb"
    notes = {"warnings": 0, "timeouts": [], "forbidden": []}
    for cell in load_notebook(path)["cells"] if path.exists() else []:
        outputs = cell.get("outputs", [])
        if any(
            o.get("name") == "stdout" and source_text({"source": o["text"]}).startswith(STDERR_NOTE)
            for o in outputs
        ):
            notes["warnings"] += 1
        for output in (o for o in outputs if o["output_type"] == "error"):
            if output["ename"] == TIME_LIMIT_ERROR:
                notes["timeouts"].append(cell_id(cell) or "a cell")
            elif FORBIDDEN_IMPORT_MESSAGE in output["evalue"]:
                notes["forbidden"].append(output["evalue"].split()[0])
    return notes


def submission_time(course_dir, assignment, student):
    """The hand-in time in UTC: nbgrader's ``timestamp.txt`` if there is one, else the file's time."""
    from nbgrader.utils import parse_utc

    folder = Path(course_dir) / "submitted" / student / assignment
    stamp = folder / "timestamp.txt"
    if stamp.exists():
        return parse_utc(stamp.read_text().strip())
    modified = submitted_notebook(course_dir, assignment, student).stat().st_mtime
    return datetime.fromtimestamp(modified, UTC).replace(tzinfo=None)  # naive UTC, as parse_utc gives


def write_failure_feedback(course_dir, assignment, student, outcome):
    """A feedback page for a submission nbgrader could not grade, saying why."""
    shutil.rmtree(Path(course_dir) / "autograded" / student / assignment, ignore_errors=True)
    folder = Path(course_dir) / "feedback" / student / assignment
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    page = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{assignment}: feedback</title>"
        f"</head><body><h1>{assignment}</h1><p>Score: 0 of {outcome['max_score']:g}.</p>"
        f"<p>This submission could not be graded: {html.escape(outcome['reason'])}.</p></body></html>"
    )
    (folder / f"{assignment}.html").write_text(page)


def graded_reason(notes, restored, cell_time_limit):
    """What a teacher should know about a graded submission, in words ("" when nothing)."""
    reasons = []
    if notes["timeouts"]:
        reasons.append(f"{', '.join(notes['timeouts'])} stopped at the time limit of {cell_time_limit} s")
    if notes["forbidden"]:
        packages = ", ".join(sorted(set(notes["forbidden"])))
        reasons.append(f"imports not allowed in this assignment: {packages}")
    if restored:
        reasons.append(f"restored from the assignment: {', '.join(restored)}")
    return "; ".join(reasons)


def grade_submission(course_dir, assignment, student, cell_time_limit, notebook_time_limit):
    """Grade one submission in a process of its own; return its outcome (never raises for bad work)."""
    course_dir = Path(course_dir)
    max_score = float(sum(test_points(assignment).values()))
    outcome = {
        "assignment": assignment,
        "student": student,
        "max_score": max_score,
        "score": 0.0,
        "restored": [],
        "warnings": 0,
        "timeouts": [],
        "reason": "",
    }
    start = time.perf_counter()
    problem = check_notebook(submitted_notebook(course_dir, assignment, student))
    if problem:
        outcome.update(status=INVALID, reason=problem)
    else:
        outcome["restored"] = restored_cells(course_dir, assignment, student)
        outcome.update(
            run_grading_process(course_dir, assignment, student, cell_time_limit, notebook_time_limit)
        )
    if outcome["status"] == GRADED:
        notes = notes_from_autograded(course_dir, assignment, student)
        outcome["score"] = float(sum(outcome["cells"].values()))
        outcome.update(warnings=notes["warnings"], timeouts=notes["timeouts"])
        outcome["reason"] = graded_reason(notes, outcome["restored"], cell_time_limit)
    else:
        write_failure_feedback(course_dir, assignment, student, outcome)
    outcome["seconds"] = round(time.perf_counter() - start, 1)
    return outcome


def run_grading_process(course_dir, assignment, student, cell_time_limit, notebook_time_limit):
    """Run ``autograde_one`` in a new Python process, killed after ``notebook_time_limit`` seconds."""
    command = [
        sys.executable,
        __file__,
        "_grade_one",
        str(course_dir),
        assignment,
        student,
        str(cell_time_limit),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = process.communicate(timeout=notebook_time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)  # the kernel notices its parent is gone and exits too
        process.communicate()
        return {
            "status": TIME_LIMIT,
            "reason": f"grading was stopped after the time limit of {notebook_time_limit} s per notebook",
        }
    lines = out.strip().splitlines()
    if process.returncode != 0 or not lines:
        return {"status": CRASHED, "reason": "the grading process failed: " + last_line(err)}
    return json.loads(lines[-1])


def find_submissions(course_dir, assignment=None, student=None):
    """(assignment, student) of every handed-in notebook, optionally of one assignment and/or student."""
    found = []
    for a in [assignment] if assignment else ASSIGNMENTS:
        for folder in sorted((Path(course_dir) / "submitted").glob(f"{student or '*'}/{a}")):
            if (folder / f"{a}.ipynb").exists():
                found.append((a, folder.parent.name))
    return found


def grade(
    course_dir,
    assignment=None,
    student=None,
    force=False,
    cell_time_limit=CELL_TIME_LIMIT,
    notebook_time_limit=NOTEBOOK_TIME_LIMIT,
    workers=WORKERS,
):
    """Grade the submissions that changed since they were last graded; write grades.csv.

    Returns (outcomes graded in this run, number of unchanged submissions skipped).
    """
    course_dir = Path(course_dir).resolve()
    if assignment is not None and assignment not in ASSIGNMENTS:
        raise ValueError(f"unknown assignment {assignment!r}; the assignments are {', '.join(ASSIGNMENTS)}")
    state = load_state(course_dir)
    todo, skipped = [], 0
    for a, s in find_submissions(course_dir, assignment, student):
        digest = submission_digest(course_dir, a, s)
        known = state.get(f"{a}/{s}")
        if not force and known and known["digest"] == digest and (course_dir / "feedback" / s / a).exists():
            skipped += 1
        else:
            todo.append((a, s, digest))
    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(
            pool.map(
                lambda job: grade_submission(
                    course_dir, job[0], job[1], cell_time_limit, notebook_time_limit
                ),
                todo,
            )
        )
    for (a, s, digest), outcome in zip(todo, outcomes, strict=True):
        state[f"{a}/{s}"] = {**outcome, "digest": digest}
    handed_in = {f"{a}/{s}" for a, s in find_submissions(course_dir)}
    state = {key: value for key, value in state.items() if key in handed_in}
    save_state(course_dir, state)
    export_csv(course_dir, state)
    return outcomes, skipped


def export_csv(course_dir, state):
    """grades.csv: one row per student and assignment, "not submitted" where nothing was handed in."""
    from nbgrader.utils import parse_utc

    students = sorted({value["student"] for value in state.values()})
    with open(Path(course_dir) / "grades.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        writer.writeheader()
        for assignment in ASSIGNMENTS:
            due = parse_utc(DUE_DATES[assignment])
            max_score = float(sum(test_points(assignment).values()))
            for student in students:
                outcome = state.get(f"{assignment}/{student}")
                row = {
                    "assignment": assignment,
                    "student_id": student,
                    "max_score": max_score,
                    "due": utc_text(due),
                    "status": NOT_SUBMITTED,
                }
                if outcome:
                    handed_in = submission_time(course_dir, assignment, student)
                    row.update(
                        status=outcome["status"],
                        score=outcome["score"],
                        timestamp=utc_text(handed_in),
                        late=handed_in > due,
                        restored_cells="; ".join(outcome["restored"]),
                        warnings=outcome["warnings"],
                        timeouts="; ".join(outcome["timeouts"]),
                        reason=outcome["reason"],
                    )
                writer.writerow(row)


def utc_text(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def summary(outcomes, skipped, seconds):
    """A few lines for the terminal: what this run graded and what went wrong."""
    count = {
        status: sum(o["status"] == status for o in outcomes)
        for status in (GRADED, CRASHED, TIME_LIMIT, INVALID)
    }
    lines = [
        f"Graded {len(outcomes)} submission(s) in {seconds:.0f} s; "
        f"{skipped} unchanged since the last run, skipped.",
        f"  restored test cells: {sum(bool(o['restored']) for o in outcomes)} submission(s)"
        f" | cells stopped at the time limit: {sum(len(o['timeouts']) for o in outcomes)}"
        f" | with warnings: {sum(o['warnings'] > 0 for o in outcomes)}",
        f"  crashed: {count[CRASHED]} | over the notebook time limit: {count[TIME_LIMIT]}"
        f" | invalid notebooks: {count[INVALID]}",
    ]
    for o in sorted(outcomes, key=lambda o: (o["assignment"], o["student"])):
        lines.append(
            f"  {o['assignment']:20} {o['student']:24} {o['score']:5.1f}/{o['max_score']:<5g}"
            f" {o['status']:16} {o['reason']}"
        )
    return "\n".join(lines)


def main(argv):
    if argv and argv[0] == "_grade_one":  # the per-submission process started by run_grading_process
        course_dir, assignment, student, limit = argv[1:5]
        print(json.dumps(autograde_one(course_dir, assignment, student, int(limit))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "grade"))
    parser.add_argument("course_dir", type=Path)
    parser.add_argument("--assignment", choices=ASSIGNMENTS, help="grade only this assignment")
    parser.add_argument("--student", help="grade only this student's work")
    parser.add_argument("--demo", action="store_true", help="first hand in the sample submissions")
    parser.add_argument("--reset", action="store_true", help="remove the demo students and their work")
    parser.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
    parser.add_argument("--cell-time-limit", type=int, default=CELL_TIME_LIMIT, metavar="SECONDS")
    parser.add_argument("--notebook-time-limit", type=int, default=NOTEBOOK_TIME_LIMIT, metavar="SECONDS")
    args = parser.parse_args(argv)
    if args.command == "build":
        build_course(args.course_dir)
        print(f"Course built in {args.course_dir}; student versions in {args.course_dir / 'release'}")
        return
    if args.reset:
        removed = reset_demo(args.course_dir)
        print(f"Removed the demo students ({len(removed)}) and their work.")
        if not args.demo:
            export_csv(args.course_dir, load_state(args.course_dir))
            return
    if args.demo:
        submit_demo(args.course_dir, [args.assignment] if args.assignment else ASSIGNMENTS)
    start = time.perf_counter()
    outcomes, skipped = grade(
        args.course_dir,
        args.assignment,
        args.student,
        args.force,
        args.cell_time_limit,
        args.notebook_time_limit,
    )
    print(summary(outcomes, skipped, time.perf_counter() - start))
    print(f"Grades in {args.course_dir / 'grades.csv'}; feedback in {args.course_dir / 'feedback'}")


if __name__ == "__main__":
    main(sys.argv[1:])
