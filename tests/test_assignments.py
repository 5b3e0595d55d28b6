"""The nbgrader course: student versions, autograding, feedback and the grade export.

The course is built and every sample submission graded once per session, in a
temporary folder, through nbgrader's Python API (its exit codes prove nothing:
``nbgrader validate`` exits 0 even when validation fails). Scores are read back
from the SQLite gradebook.
"""

import csv
import html
import json
import re
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "assignments"))
import course  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

# Which test cells each wrong solution fails, worked out from the tests' code and the bug:
# its expected score is the total minus those cells' points.
WRONG_SOLUTIONS_FAIL = {
    "sigmoid_softmax": {
        # RuntimeWarning from exp(1000) and exp(745), turned into errors by the test.
        "sigmoid_naive": {"test_sigmoid_stable"},
        # no warning, but the hidden test sees sigmoid(-inf) and sigmoid(-700) equal exp(-500).
        "sigmoid_clipped": {"test_sigmoid_stable"},
        # inf / inf = NaN (and an overflow warning) for [1000, 1001, 1002].
        "softmax_unshifted": {"test_softmax_stable"},
        # a (2, 3) batch divided by a (2,) sum: broadcasting error; 1-D input still right.
        "softmax_no_keepdims": {"test_softmax_axis"},
        "jacobian_sign": {"test_softmax_jacobian"},
    },
    "relu_keras3": {
        # every call with negative_slope= raises TypeError; max_value and threshold are
        # also checked in combination with negative_slope by hidden tests.
        "keras2_alpha": {"test_relu_negative_slope", "test_relu_max_value", "test_relu_threshold"},
        "threshold_shift": {"test_relu_threshold"},
        # only the hidden max_value + negative_slope combination shows it.
        "clip_after_slope": {"test_relu_max_value"},
        # visible tests skip x = 0; the hidden GradientTape comparison includes it.
        "derivative_kink": {"test_relu_derivative"},
    },
    "vanishing_gradients": {
        "norms_reversed": {"test_norms_values"},
        # sigmoid' <= 1/4 per layer: the first/last ratio stays far below 1/100.
        "fix_init_only": {"test_fixed_gradients"},
        "fix_one_layer_short": {"test_fixed_architecture"},
        "fix_relu_output": {"test_fixed_architecture"},
    },
    "dying_relu": {
        # the wrong mask feeds revive(): healthy units get re-drawn and lose their vote,
        # and units that are zero on some input remain, so no revive test passes.
        "dead_for_any_input": {
            "test_dead_units_values",
            "test_revive_no_dead",
            "test_revive_keeps_live_units",
            "test_revive_same_predictions",
        },
        "forget_outgoing": {"test_revive_same_predictions"},
        # every unit redrawn, live ones too, with bias 0 instead of the median rule: a unit
        # whose new weights are mostly negative is dead again on these all-positive inputs.
        "reinit_whole_layer": {
            "test_revive_no_dead",
            "test_revive_keeps_live_units",
            "test_revive_same_predictions",
        },
    },
}


def notebook_cells(path):
    return json.loads(Path(path).read_text())["cells"]


def meaningful_lines(text):
    """Lines worth searching for: stripped, not blank, not a comment, not a bare keyword."""
    lines = (line.strip() for line in text.splitlines())
    return {line for line in lines if len(line) > 12 and not line.startswith("#")}


def source_points(assignment):
    """{grade_id: points} of the test cells, read from the source notebook's metadata."""
    points = {}
    for cell in notebook_cells(course.source_notebook(assignment)):
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade"):
            points[meta["grade_id"]] = meta["points"]
    return points


def region_lines(assignment, region):
    """Meaningful lines inside ``region`` (a compiled marker regex) that appear nowhere else in the source."""
    inside, outside = set(), set()
    for cell in notebook_cells(course.source_notebook(assignment)):
        text = course.source_text(cell)
        for match in region.finditer(text):
            inside |= meaningful_lines(match.group(1))
        outside |= meaningful_lines(region.sub("", text))
    return inside - outside


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory):
    """Build the course, hand in and grade every sample submission; return (dir, cell scores, seconds)."""
    course_dir = tmp_path_factory.mktemp("course")
    course.build_course(course_dir)
    course.submit_demo(course_dir)
    start = time.perf_counter()
    course.grade(course_dir)
    seconds = time.perf_counter() - start
    print(f"\nGraded every sample submission in {seconds:.0f} s")
    db_url = course.open_api(course_dir).coursedir.db_url
    cell_scores = {}
    with Gradebook(db_url, course_id=course.COURSE_ID) as gradebook:
        for assignment in course.ASSIGNMENTS:
            for submission in gradebook.assignment_submissions(assignment):
                grades = [g for notebook in submission.notebooks for g in notebook.grades]
                cell_scores[assignment, submission.student.id] = {g.name: g.score for g in grades}
    return course_dir, cell_scores, seconds


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


def test_every_wrong_solution_has_an_expected_score():
    for assignment in course.ASSIGNMENTS:
        wrongs = course.wrong_solutions(assignment)
        assert len(wrongs) >= 3, f"{assignment}: at least three wrong solutions"
        assert set(wrongs) == set(WRONG_SOLUTIONS_FAIL[assignment]), assignment
        solution_ids = set(course.reference_answers(assignment))
        assert {grade_id for grade_id, _ in wrongs.values()} <= solution_ids, assignment


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_reference_solution_scores_full_marks(graded_course, assignment):
    _, cell_scores, _ = graded_course
    assert cell_scores[assignment, course.REFERENCE] == source_points(assignment)


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_untouched_student_version_scores_zero(graded_course, assignment):
    _, cell_scores, _ = graded_course
    scores = cell_scores[assignment, course.UNTOUCHED]
    assert set(scores) == set(source_points(assignment))
    assert sum(scores.values()) == 0


@pytest.mark.parametrize(
    ("assignment", "wrong"),
    [(a, w) for a, wrongs in WRONG_SOLUTIONS_FAIL.items() for w in sorted(wrongs)],
)
def test_wrong_solution_scores_what_we_expect(graded_course, assignment, wrong):
    _, cell_scores, _ = graded_course
    points = source_points(assignment)
    failing = WRONG_SOLUTIONS_FAIL[assignment][wrong]
    expected = {cell: 0 if cell in failing else full for cell, full in points.items()}
    assert cell_scores[assignment, wrong] == expected
    assert 0 < sum(expected.values()) < sum(points.values())


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_student_version_has_no_solution_and_no_hidden_test(graded_course, assignment):
    course_dir, _, _ = graded_course
    released = course_dir / "release" / assignment / f"{assignment}.ipynb"
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


@pytest.mark.parametrize("assignment", course.ASSIGNMENTS)
def test_feedback_shows_visible_tests_but_not_hidden_ones(graded_course, assignment):
    course_dir, _, _ = graded_course
    wrong = sorted(WRONG_SOLUTIONS_FAIL[assignment])[0]
    page = course_dir / "feedback" / wrong / assignment / f"{assignment}.html"
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
    autograded = course_dir / "autograded" / wrong / assignment / f"{assignment}.ipynb"
    graded_source = "\n".join(course.source_text(cell) for cell in notebook_cells(autograded))
    hidden = region_lines(assignment, course.HIDDEN_REGION)
    assert hidden and hidden <= meaningful_lines(graded_source), "hidden tests ran at grading time"
    assert not hidden & {line.strip() for line in text.splitlines()}, "feedback leaks hidden tests"
    visible = {line for line in meaningful_lines(text) if "assert" in line}
    assert visible, "the feedback shows the visible tests"


def test_grades_csv_matches_the_gradebook(graded_course):
    course_dir, cell_scores, _ = graded_course
    with open(course_dir / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    exported = {(row["assignment"], row["student_id"]): float(row["score"]) for row in rows}
    graded = {key: float(sum(scores.values())) for key, scores in cell_scores.items()}
    assert {key: exported[key] for key in graded} == graded
    # nbgrader lists every student under every assignment; those who handed nothing in get 0.
    assert all(score == 0 for key, score in exported.items() if key not in graded)
