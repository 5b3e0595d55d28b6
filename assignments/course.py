"""Build the book's nbgrader course and grade it, through nbgrader's Python API.

    python assignments/course.py build COURSE_DIR           course folder, config, gradebook, student versions
    python assignments/course.py grade COURSE_DIR [--demo]  autograde, feedback, grades.csv

``build`` copies every source notebook of ``assignments/`` into ``COURSE_DIR/source``,
writes ``COURSE_DIR/nbgrader_config.py`` and the SQLite gradebook, and runs
``generate_assignment``: the student versions land in ``COURSE_DIR/release``.
``grade`` autogrades every submission in ``COURSE_DIR/submitted/<student>/<assignment>``,
writes HTML feedback without the source of hidden tests into ``COURSE_DIR/feedback``,
and exports all scores to ``COURSE_DIR/grades.csv``. ``--demo`` first hands in sample
submissions: the reference solution, each wrong solution of ``assignments/*/wrong/``,
and the untouched student version.

Each wrong solution is a small Python file whose first line names the solution cell
it replaces (``# replaces: <grade_id>``); every other solution cell gets the reference.
"""

import json
import multiprocessing
import os
import re
import shutil
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ASSIGNMENTS = ("sigmoid_softmax", "relu_keras3", "vanishing_gradients", "dying_relu")
COURSE_ID = "activations-in-keras"
REFERENCE, UNTOUCHED = "reference", "untouched"
SOLUTION_REGION = re.compile(r"^[ \t]*### BEGIN SOLUTION\n(.*?)^[ \t]*### END SOLUTION\n?", re.M | re.S)
HIDDEN_REGION = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS\n(.*?)^[ \t]*### END HIDDEN TESTS\n?", re.M | re.S)

# Written into COURSE_DIR; the nbgrader command line and this module both read it.
NBGRADER_CONFIG = '''\
"""nbgrader configuration of the course, written by assignments/course.py."""
import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

HERE = os.path.dirname(os.path.abspath(__file__))
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.root = HERE
c.CourseDirectory.db_assignments = [{assignments}]
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")
# A notebook gets this long per cell when it is autograded; the assignments need seconds.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True


class HideHiddenTests(ClearHiddenTests):
    """Feedback shows whether a hidden test passed, never its source or traceback."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and self._remove_hidden_test_region(cell):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [output.ename + ": " + output.evalue]
        return cell, resources


c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
'''


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


def wrong_solutions(assignment):
    """{name: (grade_id, code)} of the wrong solutions in ``<assignment>/wrong/*.py``."""
    wrongs = {}
    for path in sorted((HERE / assignment / "wrong").glob("*.py")):
        first_line, _, code = path.read_text().partition("\n")
        match = re.fullmatch(r"# replaces: (\S+)", first_line)
        if match is None:
            raise ValueError(f"{path}: the first line must be '# replaces: <grade_id>', got {first_line!r}")
        wrongs[path.stem] = (match.group(1), code)
    return wrongs


def open_api(course_dir):
    """An NbGraderAPI configured by ``course_dir/nbgrader_config.py``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    # nbgrader runs the `alembic` script of its environment, which need not be on PATH.
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
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
    listed = ", ".join(f"dict(name={a!r})" for a in ASSIGNMENTS)
    config = NBGRADER_CONFIG.format(course_id=COURSE_ID, assignments=listed)
    (course_dir / "nbgrader_config.py").write_text(config)
    api = open_api(course_dir)
    for assignment in ASSIGNMENTS:
        _require_success(api.generate_assignment(assignment), f"generate_assignment {assignment}")
        if not (course_dir / "release" / assignment / f"{assignment}.ipynb").exists():
            raise RuntimeError(f"generate_assignment wrote no student version of {assignment}")
    return course_dir


def submit(course_dir, assignment, student, answers):
    """Hand in the student version with solution cells replaced by ``answers`` ({grade_id: code})."""
    course_dir = Path(course_dir)
    notebook = load_notebook(course_dir / "release" / assignment / f"{assignment}.ipynb")
    unknown = set(answers) - {cell_id(cell) for cell in notebook["cells"]}
    if unknown:
        raise ValueError(f"answers: no solution cell named {sorted(unknown)} in {assignment}")
    for cell in notebook["cells"]:
        if cell_id(cell) in answers:
            cell["source"] = answers[cell_id(cell)]
    folder = course_dir / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{assignment}.ipynb").write_text(json.dumps(notebook, indent=1))


def submit_demo(course_dir):
    """Hand in the reference, each wrong solution and the untouched student version of each assignment."""
    for assignment in ASSIGNMENTS:
        reference = reference_answers(assignment)
        submit(course_dir, assignment, REFERENCE, reference)
        submit(course_dir, assignment, UNTOUCHED, {})
        for name, (grade_id, code) in wrong_solutions(assignment).items():
            submit(course_dir, assignment, name, {**reference, grade_id: code})


def grade_assignment(course_dir, assignment):
    """Autograde and write feedback for every submission of ``assignment``; return {student: score}."""
    from nbgrader.api import Gradebook

    course_dir = Path(course_dir).resolve()
    if not any((course_dir / "submitted").glob(f"*/{assignment}")):
        return {}
    api = open_api(course_dir)
    with warnings.catch_warnings():
        # nbgrader 0.9 adds a new submission in a way SQLAlchemy 2 warns about (a
        # RuntimeWarning subclass); the row is written all the same.
        warnings.filterwarnings("ignore", "Object of type <Submitted", category=RuntimeWarning)
        _require_success(api.autograde(assignment, "*"), f"autograde {assignment}")
    _require_success(api.generate_feedback(assignment, "*"), f"generate_feedback {assignment}")
    with Gradebook(api.coursedir.db_url, course_id=COURSE_ID) as gradebook:
        return {s.student.id: s.score for s in gradebook.assignment_submissions(assignment)}


def grade(course_dir, workers=2):
    """Grade ``workers`` assignments at a time, write grades.csv; return {assignment: {student: score}}."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    course_dir = Path(course_dir).resolve()
    # "spawn": a fresh interpreter per worker, safe even when the caller has TensorFlow's threads running.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        graded = pool.map(grade_assignment, [course_dir] * len(ASSIGNMENTS), ASSIGNMENTS)
        scores = dict(zip(ASSIGNMENTS, graded, strict=True))
    api = open_api(course_dir)
    exporter = CsvExportPlugin(config=api.config)
    exporter.to = str(course_dir / "grades.csv")
    with Gradebook(api.coursedir.db_url, course_id=COURSE_ID) as gradebook:
        exporter.export(gradebook)
    return scores


def main(argv):
    if len(argv) < 2 or argv[0] not in ("build", "grade"):
        sys.exit(__doc__)
    course_dir = Path(argv[1])
    if argv[0] == "build":
        build_course(course_dir)
        print(f"Course built in {course_dir}; student versions in {course_dir / 'release'}")
        return
    if "--demo" in argv[2:]:
        submit_demo(course_dir)
    scores = grade(course_dir)
    for assignment, by_student in scores.items():
        for student, score in sorted(by_student.items()):
            print(f"{assignment:22} {student:24} {score:5.1f}")
    print(f"Grades in {course_dir / 'grades.csv'}; feedback in {course_dir / 'feedback'}")


if __name__ == "__main__":
    main(sys.argv[1:])
