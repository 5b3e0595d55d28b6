"""Speed benchmark for the book (run with: python3 tasks.py bench).

Prints, for a fresh copy of the repository:
  - the clean build time and the rebuild time with nothing changed;
  - each chapter's execution time, from the execution cache;
  - the floor: a fresh kernel's start plus `import actlib, tensorflow`, times the number of
    executed chapters (no build can beat it: every chapter starts a kernel and imports TF);
  - actlib's forward pass on 10^6 float32 values against the bare NumPy ufunc.
Targets are not enforced here: the figures go into the issue notes.
"""

import argparse
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
    start = time.perf_counter()
    result = subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "."],
                            cwd=folder, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("build failed:\n" + (result.stdout + result.stderr)[-3000:])
    return time.perf_counter() - start


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
        clean = timed_build(copy)
        rebuild = timed_build(copy)
        cache = get_cache(copy / "_build" / ".jupyter_cache")
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


if __name__ == "__main__":
    main()
