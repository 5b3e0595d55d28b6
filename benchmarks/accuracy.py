"""The largest float32 error of every activation and derivative, in ulps, on many points.

Run: .venv/bin/python benchmarks/accuracy.py [--points N] [--only NAME ...]

The test suite checks actlib's contract (<= 4 ulp in float32) on some 10^5 points per function;
this measures the maximum on 10^7 (by default) against the same independent references
(tests/references.py, via tests/test_contract.py's reference_for): elementwise functions on
uniform points in [-20, 20] and [-100, 100], log-spaced magnitudes over the whole float32 range
(both signs) and NaN, +-inf; row-wise ones on finite rows of 8. The registry's parameters get all
the points, the parity tests' other variants a tenth of them. Subnormal results flushed to zero
are allowed, as in the tests.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from actlib.registry import ACTIVATIONS  # noqa: E402
from tests.numeric_helpers import is_subnormal, ulps_apart  # noqa: E402
from tests.test_contract import reference_for, variants  # noqa: E402

CHUNK = 500_000
ROW_LENGTH = 8
SLOW_REFERENCES = {
    ("sparsemax", "derivative"): 100
}  # central differences of a bisection: 1/100 of the points


def sample(n, finite, seed):
    """``n`` float32 points: 40% in [-20, 20], 20% in [-100, 100], 40% log-spaced magnitudes, both signs."""
    rng = np.random.default_rng(seed)
    near = rng.uniform(-20, 20, n * 2 // 5)
    wide = rng.uniform(-100, 100, n // 5)
    magnitudes = 10 ** rng.uniform(-45, np.log10(np.finfo(np.float32).max), n - near.size - wide.size)
    x = np.concatenate([near, wide, magnitudes * rng.choice([-1, 1], magnitudes.size)]).astype(np.float32)
    if not finite:
        x[:3] = [np.nan, np.inf, -np.inf]
    return x


def largest_error(name, kind, params, n, seed=0):
    """(max ulps, the x where it occurs) of ``name``'s function or derivative on ``n`` float32 points."""
    record = ACTIVATIONS[name]
    call = record.function if kind == "function" else record.derivative
    elementwise = record.elementwise
    x = sample(n, finite=kind == "derivative" or not elementwise, seed=seed)
    if not elementwise:
        x = x.reshape(-1, ROW_LENGTH)
    worst, where = 0.0, None
    for start in range(0, x.shape[0], CHUNK if elementwise else CHUNK // ROW_LENGTH):
        chunk = x[start : start + (CHUNK if elementwise else CHUNK // ROW_LENGTH)]
        y = call(chunk, **params)
        expected = np.asarray(reference_for(name, kind, chunk, params), dtype=np.longdouble)
        if elementwise and kind == "function":  # NaN in, NaN out (the guide's references ignore NaN)
            expected = np.where(np.isnan(chunk), np.nan, expected)
        with np.errstate(over="ignore", invalid="ignore"):
            rounded = expected.astype(np.float32)
            expected = np.where(np.isinf(rounded), rounded, expected)
            distance = ulps_apart(y, expected, np.float32)
        flushed = (y == 0) & is_subnormal(expected.astype(np.float64), np.float32)
        checked = ~np.isnan(expected) | np.isnan(y) if kind == "derivative" else np.ones(y.shape, bool)
        distance = np.where(flushed | ~checked, 0, distance)
        if np.isnan(distance).any():  # NaN where the reference is not: as bad as it gets
            distance = np.where(np.isnan(distance), np.inf, distance)
        i = np.unravel_index(np.argmax(distance), distance.shape)
        if distance[i] > worst:
            shown = chunk[..., : y.shape[-1]]
            worst, where = float(distance[i]), (shown[i] if elementwise else chunk[i[0]])
    return worst, where


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10**7, help="points for the registry's parameters")
    parser.add_argument(
        "--only", nargs="+", choices=sorted(ACTIVATIONS), default=list(ACTIVATIONS), metavar="NAME"
    )
    args = parser.parse_args()
    print(
        f"largest float32 error in ulps (contract: 4) on {args.points:,} points (other parameters: a tenth)"
    )
    overall = 0.0
    for name in args.only:
        for kind in ("function", "derivative"):
            for number, params in enumerate(variants(name)):
                n = args.points if number == 0 else args.points // 10
                n //= SLOW_REFERENCES.get((name, kind), 1)
                worst, where = largest_error(name, kind, params, n - n % (2 * ROW_LENGTH))
                overall = max(overall, worst)
                label = name + ("'" if kind == "derivative" else "")
                shown = "" if where is None else f"  at x = {np.array2string(np.asarray(where), precision=9)}"
                print(f"  {label:16s} {str(params or ''):55s} {worst:6.2f}{shown}", flush=True)
    print(f"largest: {overall:.2f} ulp")


if __name__ == "__main__":
    main()
