"""Speed benchmark for the book (run with: python3 tasks.py bench).

Prints, for a fresh copy of the repository:
  - the clean build time, the rebuild time with nothing changed, after a one-line change to one
    chapter and after a one-line change to actlib (with the chapters each one executed);
  - each chapter's execution time, from the execution cache;
  - the floor: a fresh kernel's start plus `import actlib, tensorflow`, times the number of
    executed chapters (no build can beat it: every chapter starts a kernel and imports TF);
  - actlib's forward pass on 10^6 float32 values against the bare NumPy ufunc.
Targets are not enforced here: the figures go into the issue notes.
"""

import argparse
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import nbformat
import numpy as np
from jupyter_cache import get_cache
from nbclient import NotebookClient

import actlib

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def kernel_floor(repeats=3):
    """Best time for a fresh kernel to start and import actlib and TensorFlow."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import actlib\nimport tensorflow")])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
        times.append(time.perf_counter() - start)
    return min(times)


def timed_build(folder):
    """Build the book in ``folder``; return (seconds, the chapters the build executed)."""
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(folder)}  # the kernels import the copy's actlib
    result = subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "."],
                            cwd=folder, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("build failed:\n" + (result.stdout + result.stderr)[-3000:])
    executed = re.findall(r"^(\S+\.md): executed in", result.stdout, flags=re.MULTILINE)
    return time.perf_counter() - start, executed


def append_to_first_line(path, start, addition):
    """Append ``addition`` to the first line of ``path`` that starts with ``start``: a one-line change."""
    lines = path.read_text().split("\n")
    number = next((n for n, line in enumerate(lines) if line.startswith(start)), None)
    if number is None:
        sys.exit(f"{path} has no line starting with {start!r}")
    lines[number] += addition
    path.write_text("\n".join(lines))


def execution_cache(folder):
    """The execution cache the last build of ``folder`` used (one per state of actlib)."""
    with open(folder / "_build" / ".doctrees" / "environment.pickle", "rb") as file:
        return get_cache(pickle.load(file).mystnb_config.execution_cache_path)


def forward_ratios(n=1_000_000, number=20):
    x = np.random.default_rng(0).standard_normal(n).astype(np.float32) * 5
    rows = np.random.default_rng(1).standard_normal((1000, n // 1000)).astype(np.float32)

    def best(f):
        return min(timeit.repeat(f, number=number, repeat=5)) / number

    pairs = {
        "relu vs np.maximum": (lambda: actlib.relu(x), lambda: np.maximum(x, 0)),
        "tanh vs np.tanh": (lambda: actlib.tanh(x), lambda: np.tanh(x)),
        "sigmoid vs np.exp": (lambda: actlib.sigmoid(x), lambda: np.exp(x)),
        "softmax (1000 rows) vs np.exp": (lambda: actlib.softmax(rows), lambda: np.exp(rows)),
    }
    return {name: (best(ours), best(bare)) for name, (ours, bare) in pairs.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="only the kernel floor and actlib timings")
    args = parser.parse_args()

    print("actlib forward on 10^6 float32 values (best of 5 x 20 runs):")
    for name, (ours, bare) in forward_ratios().items():
        print(f"  {name:32s} {ours * 1e3:7.2f} ms vs {bare * 1e3:6.2f} ms  ratio {ours / bare:5.2f}")

    floor_one = kernel_floor()
    print(f"\nkernel start + import actlib, tensorflow: {floor_one:.2f} s")
    if args.skip_build:
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__"))
        clean, _ = timed_build(copy)
        rebuild, _ = timed_build(copy)
        cache = execution_cache(copy)
        print("\nchapter execution times (s):")
        executed = 0
        for project in cache.list_project_records():
            cached = cache.get_cached_project_nb(project.pk)
            seconds = cached.data.get("execution_seconds") if cached else None
            executed += seconds is not None
            label = Path(project.uri).relative_to(copy)
            print(f"  {str(label):40s} {seconds:6.1f}" if seconds is not None else f"  {label}  (not cached)")
        floor = floor_one * executed
        print(f"\nclean build:      {clean:6.1f} s   (target <= 2 x floor = {2 * floor:.1f} s and <= 180 s)")
        print(f"no-change rebuild:{rebuild:6.1f} s   (target <= 20 s)")
        print(f"floor:            {floor:6.1f} s   ({executed} chapters x {floor_one:.2f} s)")
        append_to_first_line(copy / "chapters" / "tanh.md", "import actlib", "  # a one-line change")
        seconds, chapters = timed_build(copy)
        print(f"one-line change to chapters/tanh.md: {seconds:6.1f} s, executed: {', '.join(chapters)}")
        append_to_first_line(copy / "actlib" / "display.py", "import", "  # a one-line change")
        seconds, chapters = timed_build(copy)
        print(f"one-line change to actlib/display.py: {seconds:6.1f} s, executed {len(chapters)} chapters")


if __name__ == "__main__":
    main()
