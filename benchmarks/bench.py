"""Speed benchmark for the book (run with: python3 tasks.py bench).

Prints, for a fresh copy of the repository:
  - the clean build time, the rebuild time with nothing changed, after a one-line change to one
    chapter and after a one-line change to actlib (with the chapters each one executed);
  - each chapter's execution time, from the execution cache;
  - the floor: a fresh kernel's start plus `import actlib, tensorflow`, times the number of
    executed chapters (no build can beat it: every chapter starts a kernel and imports TF);
  - every activation and derivative of the registry on 10^6 and 10^7 float32 values against the
    fastest plain NumPy expression of the same formula (benchmarks/baselines.py): time ratio and
    peak memory, with the targets (ratio <= 3, memory <= 4 x the input).
Targets are not enforced here: the figures go into the issue notes.
"""

import argparse
import functools
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import nbformat
import numpy as np
from baselines import BASELINES
from jupyter_cache import get_cache
from nbclient import NotebookClient

from actlib.registry import ACTIVATIONS

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
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", "."],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
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


TIME_RATIO_TARGET = 3  # actlib's time / the fastest plain NumPy expression
MEMORY_TARGET = 4  # peak memory allocated during a call / the input's size


def benchmark_input(n, seed=0):
    """``n`` float32 values in rows of 1000 (row-wise activations work along them): standard normal
    times 3, with every 97th value spread over [-1e4, 1e4], past every exp-based gate's saturation."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n) * 3
    x[::97] = rng.uniform(-1e4, 1e4, x[::97].size)
    return x.astype(np.float32).reshape(-1, 1000)


def peak_memory(function, x):
    """Peak bytes NumPy allocates during ``function(x)`` (the result included), as a multiple of x's size."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = function(x)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return (peak - before) / x.nbytes


def best_times(functions, x, repeats):
    """Best CPU time of each function on ``x`` over ``repeats`` rounds, the functions interleaved in
    each round so that a busy machine slows them all alike. CPU time (NumPy computes in this one
    thread) leaves out the time the process waits for a core on a shared machine."""
    best = [np.inf] * len(functions)
    for _ in range(repeats):
        for i, function in enumerate(functions):
            start = time.process_time()
            function(x)
            best[i] = min(best[i], time.process_time() - start)
    return best


def activation_rows(names, sizes, repeats):
    """One row per activation (and derivative) and size: times, ratio, peak memory, verdict."""
    for n in sizes:
        x = benchmark_input(n)
        for name in names:
            record = ACTIVATIONS[name]
            for kind, ours, expressions in (
                ("", record.function, BASELINES[name][0]),
                ("'", record.derivative, BASELINES[name][1]),
            ):
                params = record.parameters
                call = functools.partial(ours, **params) if params else ours
                with np.errstate(all="ignore"):  # the baselines overflow; actlib must not warn anyway
                    times = best_times([call, *expressions], x, repeats)
                memory = peak_memory(call, x)
                ratio = times[0] / min(times[1:])
                met = ratio <= TIME_RATIO_TARGET and memory <= MEMORY_TARGET
                yield name + kind, n, times[0], min(times[1:]), ratio, memory, met


def print_activation_table(names, sizes, repeats):
    print(
        f"actlib against the fastest plain NumPy expression (benchmarks/baselines.py), float32, "
        f"CPU time, best of {repeats}.\nTargets: time ratio <= {TIME_RATIO_TARGET}, "
        f"peak memory <= {MEMORY_TARGET} x the input."
    )
    header = ("activation", "n", "actlib ms", "numpy ms", "ratio", "memory")
    print("  {:16s} {:>5s} {:>10s} {:>9s} {:>6s} {:>7s}  target".format(*header))
    missed = []
    for label, n, ours, bare, ratio, memory, met in activation_rows(names, sizes, repeats):
        size = f"1e{round(np.log10(n))}"
        print(
            f"  {label:16s} {size:>5s} {ours * 1e3:10.2f} {bare * 1e3:9.2f} {ratio:6.2f} {memory:6.2f}x  "
            f"{'met' if met else 'MISSED'}",
            flush=True,
        )
        if not met:
            missed.append(f"{label} ({size})")
    print(f"missed: {', '.join(missed) if missed else 'none'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="only the kernel floor and actlib timings")
    parser.add_argument("--activations-only", action="store_true", help="only the activation table")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(ACTIVATIONS),
        default=list(ACTIVATIONS),
        metavar="NAME",
        help="the activations to time (default: all in the registry)",
    )
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=int,
        default=[10**6, 10**7],
        metavar="N",
        help="input sizes, multiples of 1000 (default: 10^6 and 10^7)",
    )
    parser.add_argument("--repeats", type=int, default=7, help="rounds of the best-of timing (default: 7)")
    args = parser.parse_args()

    print_activation_table(args.only, args.sizes, args.repeats)
    if args.activations_only:
        return
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
