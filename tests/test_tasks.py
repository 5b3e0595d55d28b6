"""The task runner as a user meets it: typos, interrupted runs, a broken .venv.

The venv tests run a copy of tasks.py in a temporary folder whose requirements are one small
package and whose benchmark is a stub, so that creating the environment takes seconds.
"""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import ROOT

SMALL_REQUIREMENT = "six==1.17.0"  # pure Python, one file
BENCH_STUB = textwrap.dedent("""\
    import os, pathlib, time
    pathlib.Path("bench-stub.pid").write_text(str(os.getpid()))
    print("bench stub running", flush=True)
    time.sleep(float(os.environ.get("BENCH_STUB_SECONDS", "0")))
""")


def tasks(folder, *arguments, **kwargs):
    """Run ``python3 tasks.py ARGUMENTS`` in ``folder``; return the completed process."""
    return subprocess.run([sys.executable, "tasks.py", *arguments], cwd=folder, capture_output=True,
                          text=True, timeout=600, **kwargs)


@pytest.fixture
def project(tmp_path):
    """tasks.py with tiny requirements and a stub benchmark, so ``tasks.py bench`` runs in seconds."""
    shutil.copy(ROOT / "tasks.py", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "requirements-dev.txt").write_text(SMALL_REQUIREMENT + "\n")
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "bench.py").write_text(BENCH_STUB)
    return tmp_path


def venv_has_the_requirement(project):
    python = project / ".venv" / "bin" / "python"
    return subprocess.run([python, "-c", "import six, pip"], capture_output=True).returncode == 0


def start_and_interrupt_after(project, line_start, **environment):
    """Start ``tasks.py bench`` as a terminal would (its own process group); once it prints a line
    starting with ``line_start``, press Ctrl-C (SIGINT to the group). Return (returncode, stdout, stderr)."""
    process = subprocess.Popen([sys.executable, "tasks.py", "bench"], cwd=project, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               env={**os.environ, **environment})
    seen = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith(line_start):
            break
    else:
        pytest.fail(f"tasks.py never printed {line_start!r}:\n{''.join(seen)}{process.stderr.read()}")
    time.sleep(1)  # a human's Ctrl-C comes after the line, not while the command is being started
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    return process.returncode, "".join(seen) + stdout, stderr


def assert_one_line_about_the_interrupt(stdout, stderr):
    """The run ends with one line saying it was interrupted: no traceback, from it or its command."""
    assert "interrupted (Ctrl-C)" in stderr.strip().splitlines()[-1], stderr
    assert "Traceback" not in stdout + stderr and "KeyboardInterrupt" not in stdout + stderr


def test_an_unknown_task_is_named_in_the_error():
    result = tasks(ROOT, "bild")
    assert result.returncode != 0
    first_line = result.stderr.splitlines()[0]
    assert "'bild'" in first_line and "book" in first_line, result.stderr
    assert "python3 tasks.py book" in result.stderr  # the usage follows


def test_no_task_asks_for_one():
    result = tasks(ROOT)
    assert result.returncode != 0
    assert "Name a task" in result.stderr and "python3 tasks.py test" in result.stderr


@pytest.mark.slow
def test_a_venv_without_pip_is_made_again(project):
    """What an interrupted ``venv`` creation leaves: a Python, no pip."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", project / ".venv"], check=True)
    result = tasks(project, "bench")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "has no pip" in result.stdout and "creating it again" in result.stdout
    assert "bench stub running" in result.stdout
    assert venv_has_the_requirement(project)


@pytest.mark.slow
def test_ctrl_c_while_installing_leaves_a_venv_the_next_run_makes_again(project):
    returncode, stdout, stderr = start_and_interrupt_after(project, "+ ")  # pip is running
    assert returncode == 130, stdout + stderr
    assert_one_line_about_the_interrupt(stdout, stderr)
    result = tasks(project, "bench")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "left incomplete" in result.stdout and "creating it again" in result.stdout
    assert venv_has_the_requirement(project)


@pytest.mark.slow
def test_ctrl_c_during_a_task_stops_it_with_one_line_and_exit_code_130(project):
    assert tasks(project, "bench").returncode == 0  # the environment exists: the next run only benchmarks
    started = time.monotonic()
    returncode, stdout, stderr = start_and_interrupt_after(project, "bench stub", BENCH_STUB_SECONDS="300")
    assert returncode == 130 and time.monotonic() - started < 60, stdout + stderr
    assert_one_line_about_the_interrupt(stdout, stderr)
    assert "Traceback" not in stdout + stderr
    stub = int((project / "bench-stub.pid").read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(stub, 0)  # the command was stopped too, not left running
