"""The nbgrader course: student versions, fair and isolated autograding, feedback, the grade export.

The course is built and every sample submission of ``assignments/*/samples/`` graded once per
session, in a temporary folder, through ``assignments/course.py`` (as ``python3 tasks.py grade``
does); scores are read back from the gradebook, the grading state and grades.csv. The tests that
change a course work on a copy of that folder.
"""

import ast
import csv
import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "assignments"))
import course  # noqa: E402
import grading_steps  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

ALL = "every test cell"
# The test cells each sample submission fails, worked out from the tests' code and the mistake: its
# expected score is the total minus those cells' points. A status instead of a set: nothing graded.
SAMPLES_FAIL = {
    "sigmoid_softmax": {
        "correct_logaddexp": set(),
        "correct_masks": set(),
        "warns": set(),  # a DeprecationWarning on stderr while test_softmax_jacobian runs
        "deleted_test_cell": set(),
        "prints_history": set(),
        # RuntimeWarning from exp(1000) and exp(745), turned into errors by the test.
        "sigmoid_naive": {"test_sigmoid_stable"},
        # no warning, but the hidden test sees sigmoid(-inf) and sigmoid(-700) equal exp(-500).
        "sigmoid_clipped": {"test_sigmoid_stable"},
        # inf / inf = NaN (and an overflow warning) for [1000, 1001, 1002].
        "softmax_unshifted": {"test_softmax_stable"},
        # the hidden rows [0, 1] and [1000, 1001]: the first row becomes 0 / 0.
        "softmax_global_max": {"test_softmax_stable"},
        # a (2, 3) batch divided by a (2,) sum: broadcasting error; 1-D input still right.
        "softmax_no_keepdims": {"test_softmax_axis"},
        "jacobian_sign": {"test_softmax_jacobian"},
        # the naive sigmoid, with the overflow check deleted from its test cell: graded as released.
        "edited_test_cell": {"test_sigmoid_stable"},
        # the import is blocked, so neither function exists and the Jacobian's softmax call fails too.
        "imports_actlib": ALL,
        # only test_softmax_jacobian calls the looping function; it is stopped at the cell limit.
        "endless_loop": {"test_softmax_jacobian"},
        "dead_kernel": course.CRASHED,
    },
    "relu_keras3": {
        "correct_piecewise": set(),
        "correct_in_place": set(),
        "warns": set(),  # RuntimeWarning (0 / 0) on stderr
        "deleted_test_cell": set(),
        "prints_history": set(),
        # every call with negative_slope= raises TypeError; max_value and threshold are
        # also checked in combination with negative_slope by hidden tests.
        "keras2_alpha": {"test_relu_negative_slope", "test_relu_max_value", "test_relu_threshold"},
        "threshold_shift": {"test_relu_threshold"},
        # only the hidden max_value + negative_slope combination shows it.
        "clip_after_slope": {"test_relu_max_value"},
        # visible tests skip x = 0; the hidden GradientTape comparison includes it.
        "derivative_kink": {"test_relu_derivative"},
        # a list back, and `v > threshold` is ambiguous for the rows of the hidden 2-D input.
        "relu_list_loop": {"test_relu_default"},
        # max_value=0 is ignored: only the hidden max_value=0 case shows it.
        "relu_if_max_value": {"test_relu_max_value"},
        # integer input stays integer: the hidden dtype check of the default case.
        "relu_keeps_int_dtype": {"test_relu_default"},
        # keras cannot be imported when grading: relu is never defined; relu_derivative is the reference.
        "imports_keras": {
            "test_relu_default",
            "test_relu_negative_slope",
            "test_relu_max_value",
            "test_relu_threshold",
        },
        "truncated": course.INVALID,
    },
    "vanishing_gradients": {
        "correct_trainable_weights": set(),
        "correct_selu": set(),
        "warns": set(),  # Keras 3's UserWarning about input_shape=
        "deleted_test_cell": set(),
        "prints_history": set(),
        "norms_reversed": {"test_norms_values"},
        "norms_sum_loss": {"test_norms_values"},
        # 26 norms: wrong shape, wrong values; the fix of part 2 does not depend on them.
        "norms_with_biases": {"test_norms_shape", "test_norms_values"},
        # sigmoid' <= 1/4 per layer: the first/last ratio stays far below 1/100.
        "fix_init_only": {"test_fixed_gradients"},
        "fix_one_layer_short": {"test_fixed_architecture"},
        "fix_relu_output": {"test_fixed_architecture"},
    },
    "dying_relu": {
        "correct_weights_math": set(),
        "correct_max_activation": set(),
        "warns": set(),  # Keras' UserWarning about the input structure of a directly called model
        "deleted_test_cell": set(),
        "prints_history": set(),
        # units that are zero on some input count as dead; revive is graded with a correct
        # dead_units, so only the mask's own test fails.
        "dead_for_any_input": {"test_dead_units_values"},
        "forget_outgoing": {"test_revive_same_predictions"},
        # every unit redrawn, live ones too, with bias 0 instead of the median rule: a unit
        # whose new weights are mostly negative is dead again on these all-positive inputs.
        "reinit_whole_layer": {
            "test_revive_no_dead",
            "test_revive_keeps_live_units",
            "test_revive_same_predictions",
        },
        # bias 0: some redrawn units are dead again; the live ones and the predictions are fine.
        "revive_bias_zero": {"test_revive_no_dead"},
        "revive_returns_mask": {"test_revive_no_dead"},
    },
}
FAILURES = {course.CRASHED, course.INVALID, course.TIME_LIMIT}
WARNS, DELETED, PRINTS_HISTORY = "warns", "deleted_test_cell", "prints_history"
ENDLESS, EDITED = "endless_loop", "edited_test_cell"
CELL_TIME_LIMIT = 60  # generous for TensorFlow on a busy machine
ENDLESS_CELL_TIME_LIMIT = 8  # the endless loop is graded alone first, with a short limit
LATE_SAMPLE = ("sigmoid_softmax", "softmax_global_max")  # its "# submitted:" time is after the due date


def notebook_cells(path):
    return json.loads(Path(path).read_text())["cells"]


def meaningful_lines(text):
    """Lines worth searching for: stripped, not blank, not a comment, not a bare keyword."""
    lines = (line.strip() for line in text.splitlines())
    return {line for line in lines if len(line) > 12 and not line.startswith("#")}


def printed_text(notebook_path):
    """Everything the cells of a notebook printed (stream outputs)."""
    outputs = [o for cell in notebook_cells(notebook_path) for o in cell.get("outputs", [])]
    return "".join(course.source_text({"source": o["text"]}) for o in outputs if "text" in o)


def page_text(path):
    """The text of an HTML page, tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", Path(path).read_text()))


def region_lines(assignment, region):
    """Meaningful lines inside ``region`` (a compiled marker regex) that appear nowhere else in the source."""
    inside, outside = set(), set()
    for cell in notebook_cells(course.source_notebook(assignment)):
        text = course.source_text(cell)
        for match in region.finditer(text):
            inside |= meaningful_lines(match.group(1))
        outside |= meaningful_lines(region.sub("", text))
    return inside - outside


def expected_cells(assignment, sample):
    points = course.test_points(assignment)
    failing = SAMPLES_FAIL[assignment][sample]
    failing = set(points) if failing == ALL else failing
    return {cell: 0 if cell in failing else full for cell, full in points.items()}


def read_csv(course_dir):
    with open(Path(course_dir) / "grades.csv", newline="") as handle:
        return {(row["assignment"], row["student_id"]): row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory):
    """Build the course, hand in every sample, grade it all, then grade again (nothing changed).

    Returns a dict: the course folder, {(assignment, student): outcome}, {(assignment, student):
    {cell: score}} from the gradebook, and the measured seconds and counts of both runs.
    """
    course_dir = tmp_path_factory.mktemp("course")
    course.build_course(course_dir)
    course.submit_demo(course_dir)
    start = time.perf_counter()
    # One student, with a short cell limit: the endless loop costs seconds, not minutes.
    endless, _ = course.grade(course_dir, student=ENDLESS, cell_time_limit=ENDLESS_CELL_TIME_LIMIT)
    first, first_skipped = course.grade(course_dir, cell_time_limit=CELL_TIME_LIMIT)
    first_seconds = time.perf_counter() - start
    start = time.perf_counter()
    second, second_skipped = course.grade(course_dir, cell_time_limit=CELL_TIME_LIMIT)
    second_seconds = time.perf_counter() - start
    outcomes = {(o["assignment"], o["student"]): o for o in endless + first}
    print(
        f"\nGraded {len(outcomes)} sample submissions in {first_seconds:.0f} s; "
        f"the rerun skipped {second_skipped} unchanged ones in {second_seconds:.1f} s"
    )
    print(course.summary(endless + first, first_skipped, first_seconds))
    gradebook_cells = {}
    with Gradebook(course.open_api(course_dir).coursedir.db_url, course_id=course.COURSE_ID) as gradebook:
        for assignment in course.ASSIGNMENTS:
            for submission in gradebook.assignment_submissions(assignment):
                grades = [g for notebook in submission.notebooks for g in notebook.grades]
                gradebook_cells[assignment, submission.student.id] = {g.name: g.score for g in grades}
    return {
        "dir": course_dir,
        "outcomes": outcomes,
        "gradebook": gradebook_cells,
        "endless": endless,
        "first_skipped": first_skipped,
        "second": second,
        "second_skipped": second_skipped,
        "first_seconds": first_seconds,
        "second_seconds": second_seconds,
    }


@pytest.fixture
def course_copy(graded_course, tmp_path):
    """A copy of the graded course, for tests that change it."""
    copy = tmp_path / "course"
    shutil.copytree(graded_course["dir"], copy)
    return copy


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_source_notebook_is_clean(assignment):
    cells = notebook_cells(course.source_notebook(assignment))
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
    metadata = [cell["metadata"]["nbgrader"] for cell in code]
    assert len(metadata) == len(code), "every code cell is a setup, solution or test cell"
    assert all(meta["schema_version"] == 3 for meta in metadata)
    grade_ids = [meta["grade_id"] for meta in metadata]
    assert len(set(grade_ids)) == len(grade_ids)


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_visible_asserts_call_only_the_function_they_test(assignment):
    """A test cell's visible part calls one student function, so its points depend on that function alone."""
    cells = [c for c in notebook_cells(course.source_notebook(assignment)) if c["cell_type"] == "code"]
    solution_cells = [c for c in cells if c["metadata"]["nbgrader"].get("solution")]
    student_functions = {
        node.name
        for c in solution_cells
        for node in ast.walk(ast.parse(course.source_text(c)))
        if isinstance(node, ast.FunctionDef)
    }
    for cell in (c for c in cells if c["metadata"]["nbgrader"].get("grade")):
        visible = course.HIDDEN_REGION.sub("", course.source_text(cell))
        called = {
            node.func.id
            for node in ast.walk(ast.parse(visible))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert len(called & student_functions) <= 1, (cell["metadata"]["nbgrader"]["grade_id"], called)


def test_every_sample_has_an_expected_score():
    for assignment in course.ASSIGNMENTS:
        samples = course.sample_submissions(assignment)
        assert set(samples) == set(SAMPLES_FAIL[assignment]), assignment
        assert len(samples) >= 8, f"{assignment}: at least eight sample submissions"
        full_marks = [name for name, failing in SAMPLES_FAIL[assignment].items() if failing == set()]
        assert {WARNS, DELETED, PRINTS_HISTORY} <= set(full_marks), assignment
        assert len([name for name in full_marks if name.startswith("correct_")]) >= 2, assignment
        cell_ids = set(course.reference_answers(assignment)) | set(course.test_points(assignment))
        for name, sample in samples.items():
            assert set(sample["replaces"]) | set(sample["deletes"]) <= cell_ids, (assignment, name)
    statuses = {failing for samples in SAMPLES_FAIL.values() for failing in samples.values()
                if isinstance(failing, str)}
    assert {course.CRASHED, course.INVALID} <= statuses, "a dead kernel and a truncated notebook"


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_reference_solution_scores_full_marks(graded_course, assignment):
    assert graded_course["gradebook"][assignment, course.REFERENCE] == course.test_points(assignment)


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_untouched_student_version_scores_zero(graded_course, assignment):
    scores = graded_course["gradebook"][assignment, course.UNTOUCHED]
    assert set(scores) == set(course.test_points(assignment))
    assert sum(scores.values()) == 0


@pytest.mark.parametrize(
    ("assignment", "sample"), [(a, s) for a, samples in SAMPLES_FAIL.items() for s in sorted(samples)]
)
def test_sample_scores_exactly_what_we_expect(graded_course, assignment, sample):
    outcome = graded_course["outcomes"][assignment, sample]
    failing = SAMPLES_FAIL[assignment][sample]
    if failing in FAILURES:
        assert (outcome["status"], outcome["score"]) == (failing, 0.0)
        assert outcome["reason"]
        return
    expected = expected_cells(assignment, sample)
    assert outcome["status"] == course.GRADED, outcome["reason"]
    assert outcome["cells"] == expected
    assert graded_course["gradebook"][assignment, sample] == expected


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_a_warning_costs_nothing_and_is_shown_as_information(graded_course, assignment):
    course_dir, outcome = graded_course["dir"], graded_course["outcomes"][assignment, WARNS]
    assert outcome["warnings"] >= 1 and outcome["score"] == outcome["max_score"]
    feedback = page_text(course_dir / "feedback" / WARNS / assignment / f"{assignment}.html")
    assert grading_steps.STDERR_NOTE.strip() in feedback
    assert "Warning" in feedback.split(grading_steps.STDERR_NOTE.strip(), 1)[1]


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_deleted_test_cell_is_restored_and_reported(graded_course, assignment):
    deleted = course.sample_submissions(assignment)[DELETED]["deletes"]
    outcome = graded_course["outcomes"][assignment, DELETED]
    assert outcome["restored"] == [f"{name} (deleted)" for name in deleted]
    assert outcome["score"] == outcome["max_score"]
    row = read_csv(graded_course["dir"])[assignment, DELETED]
    assert row["restored_cells"] == f"{deleted[0]} (deleted)"
    submitted = course.submitted_notebook(graded_course["dir"], assignment, DELETED)
    assert deleted[0] not in {course.cell_id(cell) for cell in notebook_cells(submitted)}


def test_edited_test_cell_is_graded_as_released(graded_course):
    outcome = graded_course["outcomes"]["sigmoid_softmax", EDITED]
    assert outcome["restored"] == ["test_sigmoid_stable (edited)"]
    assert "restored from the assignment: test_sigmoid_stable (edited)" in outcome["reason"]
    autograded = graded_course["dir"] / "autograded" / EDITED / "sigmoid_softmax" / "sigmoid_softmax.ipynb"
    [graded_test] = [c for c in notebook_cells(autograded) if course.cell_id(c) == "test_sigmoid_stable"]
    assert 'warnings.simplefilter("error")' in course.source_text(graded_test)


def hidden_secrets(assignment):
    secrets = region_lines(assignment, course.HIDDEN_REGION)
    assert secrets, "the search must have something to look for"
    return secrets


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_no_feedback_page_shows_a_hidden_test(graded_course, assignment):
    course_dir = graded_course["dir"]
    secrets = hidden_secrets(assignment)
    pages = sorted((course_dir / "feedback").glob(f"*/{assignment}/{assignment}.html"))
    assert len(pages) == len(SAMPLES_FAIL[assignment]) + 2
    for page in pages:
        text = page_text(page)
        student = page.relative_to(course_dir / "feedback").parts[0]
        own_code = course.submitted_notebook(course_dir, assignment, student).read_text()
        # A line of the student's own code may look like a hidden test's (def one_vector(v):).
        assert not [line for line in secrets if line in text and line not in own_code], page
        assert "BEGIN HIDDEN TESTS" not in text and "END HIDDEN TESTS" not in text, page
    autograded = course_dir / "autograded" / course.REFERENCE / assignment / f"{assignment}.ipynb"
    graded_source = "\n".join(course.source_text(cell) for cell in notebook_cells(autograded))
    assert secrets <= meaningful_lines(graded_source), "the hidden tests ran at grading time"


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_printing_the_kernel_history_reveals_no_hidden_test(graded_course, assignment):
    course_dir = graded_course["dir"]
    page = page_text(course_dir / "feedback" / PRINTS_HISTORY / assignment / f"{assignment}.html")
    autograded = course_dir / "autograded" / PRINTS_HISTORY / assignment / f"{assignment}.ipynb"
    printed = printed_text(autograded)
    assert "['']" in printed, "the student's code printed In / _ih; the kernel kept no history in them"
    assert not [line for line in hidden_secrets(assignment) if line in page]
    visible = {line for line in meaningful_lines(page) if "assert" in line}
    assert visible, "the feedback shows the visible tests"


def test_hidden_test_lines_printed_by_the_student_are_scrubbed(graded_course):
    """The call stack printed while a hidden test runs names its line: the feedback shows a placeholder."""
    course_dir = graded_course["dir"]
    autograded = course_dir / "autograded" / PRINTS_HISTORY / "sigmoid_softmax" / "sigmoid_softmax.ipynb"
    printed = printed_text(autograded)
    assert "softmax_jacobian(logits)" in printed, "the student's code did print a hidden test line"
    page = page_text(course_dir / "feedback" / PRINTS_HISTORY / "sigmoid_softmax" / "sigmoid_softmax.html")
    assert "softmax_jacobian(logits)" not in page and grading_steps.HIDDEN_PLACEHOLDER in page


def test_forbidden_imports_are_blocked_with_a_reason(graded_course):
    for assignment, student, package in (
        ("sigmoid_softmax", "imports_actlib", "actlib"),
        ("relu_keras3", "imports_keras", "keras"),
    ):
        outcome = graded_course["outcomes"][assignment, student]
        assert f"imports not allowed in this assignment: {package}" in outcome["reason"]


def test_failures_are_isolated_and_explained(graded_course):
    course_dir, outcomes = graded_course["dir"], graded_course["outcomes"]
    dead = outcomes["sigmoid_softmax", "dead_kernel"]
    assert "kernel died" in dead["reason"]
    truncated = outcomes["relu_keras3", "truncated"]
    assert "not a valid notebook" in truncated["reason"]
    for (assignment, student), outcome in (
        (("sigmoid_softmax", "dead_kernel"), dead),
        (("relu_keras3", "truncated"), truncated),
    ):
        page = page_text(course_dir / "feedback" / student / assignment / f"{assignment}.html")
        assert outcome["reason"] in page and "Score: 0 of" in page
    endless = outcomes["sigmoid_softmax", ENDLESS]
    assert endless["timeouts"] == ["test_softmax_jacobian"]
    assert f"stopped at the time limit of {ENDLESS_CELL_TIME_LIMIT} s" in endless["reason"]
    feedback = page_text(course_dir / "feedback" / ENDLESS / "sigmoid_softmax" / "sigmoid_softmax.html")
    assert (
        f"{grading_steps.TIME_LIMIT_ERROR}: this cell was stopped after {ENDLESS_CELL_TIME_LIMIT} s"
        in feedback
    )
    graded = [o for o in outcomes.values() if o["status"] == course.GRADED]
    assert len(graded) == len(outcomes) - 2, "every other submission was graded"


def test_one_student_is_graded_alone(graded_course):
    endless = graded_course["endless"]
    assert [(o["assignment"], o["student"]) for o in endless] == [("sigmoid_softmax", ENDLESS)]


def test_grades_csv_has_every_student_and_assignment(graded_course):
    course_dir, outcomes = graded_course["dir"], graded_course["outcomes"]
    rows = read_csv(course_dir)
    students = {student for _, student in outcomes}
    assert set(rows) == {(a, s) for a in course.ASSIGNMENTS for s in students}
    for key, row in rows.items():
        if key in outcomes:
            assert (row["status"], float(row["score"])) == (outcomes[key]["status"], outcomes[key]["score"])
            assert row["late"] == str(key == LATE_SAMPLE)
            assert row["timestamp"].endswith("UTC")
        else:  # not handed in: no score at all, which is not a 0
            assert (row["status"], row["score"], row["timestamp"], row["late"]) == (
                course.NOT_SUBMITTED,
                "",
                "",
                "",
            )
    assert rows["relu_keras3", "dead_kernel"]["status"] == course.NOT_SUBMITTED
    assert rows["sigmoid_softmax", "dead_kernel"]["score"] == "0.0"
    assert rows[LATE_SAMPLE]["due"] == course.DUE_DATES[LATE_SAMPLE[0]]


def test_grades_csv_matches_the_gradebook(graded_course):
    rows = read_csv(graded_course["dir"])
    for key, cells in graded_course["gradebook"].items():
        if rows[key]["status"] == course.GRADED:
            assert float(rows[key]["score"]) == sum(cells.values()), key


def test_rerun_skips_unchanged_submissions(graded_course):
    assert graded_course["first_skipped"] == 1, "the endless loop, graded just before, was skipped"
    assert graded_course["second"] == []
    assert graded_course["second_skipped"] == len(graded_course["outcomes"])
    assert graded_course["second_seconds"] < 10


def test_changed_submission_is_regraded_alone(course_copy):
    path = course.submitted_notebook(course_copy, "relu_keras3", "relu_if_max_value")
    course.submit(course_copy, "relu_keras3", "relu_if_max_value", course.reference_answers("relu_keras3"))
    assert path.exists()
    outcomes, skipped = course.grade(course_copy, assignment="relu_keras3", cell_time_limit=CELL_TIME_LIMIT)
    assert [(o["student"], o["score"]) for o in outcomes] == [("relu_if_max_value", 7.0)]
    assert skipped == len(SAMPLES_FAIL["relu_keras3"]) + 2 - 1
    assert read_csv(course_copy)["relu_keras3", "relu_if_max_value"]["score"] == "7.0"


def test_notebook_time_limit_stops_a_submission(course_copy):
    start = time.perf_counter()
    outcomes, _ = course.grade(
        course_copy, student=ENDLESS, force=True, cell_time_limit=CELL_TIME_LIMIT, notebook_time_limit=20
    )
    assert time.perf_counter() - start < 40
    [outcome] = outcomes
    assert (outcome["status"], outcome["score"]) == (course.TIME_LIMIT, 0.0)
    assert "time limit of 20 s per notebook" in outcome["reason"]
    assert read_csv(course_copy)["sigmoid_softmax", ENDLESS]["status"] == course.TIME_LIMIT


def test_reset_removes_the_demo_students(course_copy):
    real = "s0001"
    course.submit(course_copy, "sigmoid_softmax", real, {})
    course.main(["grade", str(course_copy), "--reset"])
    assert [p.name for p in (course_copy / "submitted").iterdir()] == [real]
    assert not list((course_copy / "feedback").iterdir())
    with Gradebook(course.open_api(course_copy).coursedir.db_url, course_id=course.COURSE_ID) as gradebook:
        assert not {s.id for s in gradebook.students} & course.demo_students()
    assert not read_csv(course_copy), "the real student's work is not graded yet"


def test_summary_counts_what_went_wrong(graded_course):
    outcomes = list(graded_course["outcomes"].values())
    text = course.summary(outcomes, 3, 12.0)
    assert text.startswith(f"Graded {len(outcomes)} submission(s) in 12 s; 3 unchanged")
    assert "restored test cells: 5 submission(s)" in text
    assert "cells stopped at the time limit: 1" in text
    assert "with warnings: " in text and "crashed: 1" in text and "invalid notebooks: 1" in text


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_student_version_has_no_solution_and_no_hidden_test(graded_course, assignment):
    released = course.released_notebook(graded_course["dir"], assignment)
    text = "\n".join(course.source_text(cell) for cell in notebook_cells(released))
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    lines = {line.strip() for line in text.splitlines()}
    secrets = region_lines(assignment, course.SOLUTION_REGION)
    secrets |= region_lines(assignment, course.HIDDEN_REGION)
    assert secrets, "the search must have something to look for"
    assert not secrets & lines
    cells = notebook_cells(released)
    solution_cells = [c for c in cells if c["metadata"].get("nbgrader", {}).get("solution")]
    assert len(solution_cells) == len(course.reference_answers(assignment))
    assert all("raise NotImplementedError()" in course.source_text(c) for c in solution_cells)


def imported_modules(assignment):
    """Top-level modules the student version and the reference solution import."""
    cells = notebook_cells(course.source_notebook(assignment))
    names = set()
    for cell in (c for c in cells if c["cell_type"] == "code"):
        code = course.HIDDEN_REGION.sub(
            "", course.SOLUTION_REGION.sub(lambda m: m.group(1), course.source_text(cell))
        )
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Import):
                names |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names.add(node.module.partition(".")[0])
    return names - set(sys.stdlib_module_names)


def distribution_name(name):
    """A distribution's name as PEP 503 compares them: tensorflow_cpu and TensorFlow-CPU are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def student_requirements():
    lines = (ROOT / "requirements-student.txt").read_text().splitlines()
    return {
        distribution_name(re.split(r"[=<>~ ]", line)[0]): line
        for line in lines
        if line and not line.startswith("#")
    }


def test_student_requirements_cover_the_assignments_and_a_front_end():
    from importlib.metadata import packages_distributions

    providers = packages_distributions()
    required = student_requirements()
    for assignment in course.ASSIGNMENTS:
        for module in imported_modules(assignment):
            assert {distribution_name(d) for d in providers[module]} & set(required), (assignment, module)
    assert "jupyterlab" in required, "a notebook front end"
    assert not {"jupyter-book", "nbgrader", "actlib", "-e"} & set(required), "only what students need"
    assert all("==" in line for line in required.values()), "pinned"


@pytest.mark.slow
def test_student_requirements_resolve():
    """pip resolves the student file on its own (no clone, no -e .), without installing anything."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--report",
            "-",
            "-r",
            str(ROOT / "requirements-student.txt"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    installed = {distribution_name(item["metadata"]["name"]) for item in json.loads(result.stdout)["install"]}
    assert {"numpy", "keras", "tensorflow-cpu", "jupyterlab", "ipykernel"} <= installed


def run_check_your_work(course_dir, assignment, answers):
    """Run a student version with ``answers`` filled in, as a student would; return the check cell's text."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(course.released_notebook(course_dir, assignment), as_version=4)
    for cell in notebook.cells:
        if course.cell_id(cell) in answers:
            cell.source = answers[course.cell_id(cell)]
    NotebookClient(notebook, allow_errors=True, timeout=CELL_TIME_LIMIT).execute()
    assert grading_steps.CHECK_YOUR_WORK_TAG in notebook.cells[-1].metadata["tags"]
    return "".join(output.get("text", "") for output in notebook.cells[-1].outputs)


def test_check_your_work_says_what_fails(graded_course):
    assignment = "sigmoid_softmax"
    reference, cells = course.reference_answers(assignment), len(course.test_points(assignment))
    untouched = run_check_your_work(graded_course["dir"], assignment, {})
    assert untouched.count("your function still raises NotImplementedError") == cells
    wrong = course.sample_submissions(assignment)["jacobian_sign"]["replaces"]
    report = run_check_your_work(graded_course["dir"], assignment, {**reference, **wrong}).splitlines()
    assert "passes    test_softmax_axis (2 points)" in report
    failing = report.index("FAILS     test_softmax_jacobian (2 points): this check is false")
    assert report[failing + 1].strip() == "assert np.allclose(J, [[0.25, -0.25], [-0.25, 0.25]])"
    assert len([line for line in report if line.startswith("passes")]) == cells - 1
