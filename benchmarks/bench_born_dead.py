"""Time actlib.born_dead_probability on 10,000 networks of depth 10 and width 10 (target: <= 2 s).

Run: .venv/bin/python benchmarks/bench_born_dead.py
"""

import timeit

import actlib

REPEATS = 5
seconds = min(timeit.repeat(lambda: actlib.born_dead_probability(10, 10, n_trials=10_000, seed=0),
                            number=1, repeat=REPEATS))
probability = actlib.born_dead_probability(10, 10, n_trials=10_000, seed=0)
print(f"born_dead_probability(depth=10, width=10, n_trials=10,000): {seconds:.3f} s "
      f"(best of {REPEATS}); estimate {probability:.4f}")
