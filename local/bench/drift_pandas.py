#!/usr/bin/env python3
"""Evidently-style drift statistics with pandas + SciPy: the baseline of DriftBenchmark.

For every numeric column, what Evidently's default test does with more than 1000 reference rows:
n_unique of the reference (more than 5 means numeric), then the Wasserstein distance normalised by
the reference's standard deviation (wasserstein_distance_norm, threshold 0.1). Loading the CSVs is
timed apart from the statistics.

    drift_pandas.py reference.csv current.csv
"""
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats

THRESHOLD = 0.1


def wasserstein_norm(reference, current):
    # evidently.calculations.stattests.wasserstein_distance_norm._wasserstein_distance_norm
    norm = max(np.std(reference), 0.001)
    return stats.wasserstein_distance(reference, current) / norm


def main(reference_path, current_path):
    t0 = time.perf_counter()
    reference = pd.read_csv(reference_path)
    current = pd.read_csv(current_path)
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    results = {}
    for column in reference.columns:
        ref = reference[column].dropna()
        cur = current[column].dropna()
        if ref.nunique() <= 5 or len(ref) <= 1000:
            raise SystemExit(f"{column}: not the Wasserstein case")
        results[column] = wasserstein_norm(ref.to_numpy(), cur.to_numpy())
    statistics = time.perf_counter() - t1
    drifted = [c for c, v in results.items() if v >= THRESHOLD]
    print(f"rows reference {len(reference):,} current {len(current):,} columns {len(results)}")
    print("drifted " + str(drifted))
    print(", ".join(f"{c} wasserstein {v:.4f}" for c, v in list(results.items())[:6]))
    print(f"load_seconds {load:.3f}")
    print(f"statistics_seconds {statistics:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
