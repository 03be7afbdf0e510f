#!/usr/bin/python3
"""Writes the SciPy/numpy reference values that io.icegate.drift's tests compare against.

Run with the system python that has scipy 1.10.1 and numpy 1.24 (not a pyenv python):

    /usr/bin/python3 functions/src/test/resources/drift/reference/generate.py

It writes columns.json, kstwo.json, ks_exact.json and chi2.json next to itself. CI does not run
python: the committed JSON files are the reference.

Evidently itself is not installed here, so its stattests are written out below from
evidently/legacy/calculations/stattests/ (ks_stattest.py, chisquare_stattest.py, z_stattest.py,
wasserstein_distance_norm.py, jensenshannon.py, psi.py, utils.get_binned_data and
registry._get_default_stattest): each is the same scipy/numpy call on the same arrays, so the
numbers are the ones Evidently reports. Data are rounded to a few decimals so the JSON stays
small and Java parses exactly the doubles scipy saw.

Independent cross-checks made here: the Z-test's p-value equals chi2_contingency's (without
Yates' correction) on the 2x2 table, since z^2 is that chi-square statistic.
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from scipy.stats._stats_py import _attempt_exact_2kssamp

assert scipy.__version__ == "1.10.1", scipy.__version__
warnings.simplefilter("ignore")  # chisquare divides by zero for new categories: inf is the value

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240604)


def binned(reference, current, numerical, feel_zeroes):
    """Evidently's get_binned_data (n_bins is unused there: numeric bins are numpy's 'sturges')."""
    if numerical and len(np.unique(reference)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
        ref = np.histogram(reference, edges)[0] / len(reference)
        cur = np.histogram(current, edges)[0] / len(current)
    else:
        edges = None
        keys = sorted(set(reference.tolist()) | set(current.tolist()))
        ref_counts = {k: 0 for k in keys}
        cur_counts = {k: 0 for k in keys}
        for v in reference.tolist():
            ref_counts[v] += 1
        for v in current.tolist():
            cur_counts[v] += 1
        ref = np.array([ref_counts[k] / len(reference) for k in keys])
        cur = np.array([cur_counts[k] / len(current) for k in keys])
    if feel_zeroes:
        for p in (ref, cur):
            smallest = min(p[p != 0])
            np.place(p, p == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return edges, ref, cur


def psi(reference, current, numerical):
    _, ref, cur = binned(reference, current, numerical, True)
    return float(np.sum((ref - cur) * np.log(ref / cur)))


def jensenshannon(reference, current, numerical):
    _, ref, cur = binned(reference, current, numerical, False)
    return float(distance.jensenshannon(ref, cur))


def wasserstein(reference, current):
    norm = max(np.std(reference), 0.001)
    return float(stats.wasserstein_distance(reference, current) / norm)


def chisquare(reference, current):
    keys = sorted(set(reference.tolist()) | set(current.tolist()))
    ref = {k: 0 for k in keys}
    cur = {k: 0 for k in keys}
    for v in reference.tolist():
        ref[v] += 1
    for v in current.tolist():
        cur[v] += 1
    k_norm = len(current) / len(reference)
    f_exp = [ref[k] * k_norm for k in keys]
    f_obs = [cur[k] for k in keys]
    result = stats.chisquare(f_obs, f_exp)
    return float(result[0]), float(result[1])


def z_test(reference, current):
    if len(set(reference.tolist())) == 1 and set(reference.tolist()) == set(current.tolist()):
        return 1.0
    key = sorted(set(reference.tolist()) | set(current.tolist()))[0]
    ref = np.array([0 if x == key else 1 for x in reference.tolist()])
    cur = np.array([0 if x == key else 1 for x in current.tolist()])
    n1, n2 = len(ref), len(cur)
    p1, p2 = float(sum(ref)) / n1, float(sum(cur)) / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    p = float(2 * (1 - stats.norm.cdf(np.abs(z))))
    table = np.array([[sum(ref), n1 - sum(ref)], [sum(cur), n2 - sum(cur)]])
    if (table.sum(axis=0) > 0).all():
        check = stats.chi2_contingency(table, correction=False)[1]
        assert math.isclose(p, check, rel_tol=1e-6, abs_tol=1e-12), (p, check)
    return p


def default_method(reference, current, numerical):
    """Evidently's registry._get_default_stattest for numerical and categorical columns."""
    n_values = len(set(reference.tolist()) | set(current.tolist()))
    if len(reference) <= 1000:
        if numerical and n_values > 5:
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if numerical and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


def rounded(values, decimals):
    return np.round(np.asarray(values, dtype=float), decimals)


def numeric_case(name, reference, current, note):
    ks = stats.ks_2samp(reference, current)  # method='auto', as Evidently calls it
    edges, ref_shares, cur_shares = binned(reference, current, True, False)
    return {
        "name": name,
        "type": "numerical",
        "note": note,
        "reference": reference.tolist(),
        "current": current.tolist(),
        "ks_statistic": float(ks.statistic),
        "ks_pvalue": float(ks.pvalue),
        "ks_exact": max(len(reference), len(current)) <= 10000,
        "wasserstein": float(stats.wasserstein_distance(reference, current)),
        "std_reference": float(np.std(reference)),
        "wasserstein_norm": wasserstein(reference, current),
        "edges": None if edges is None else edges.tolist(),
        "reference_shares": ref_shares.tolist(),
        "current_shares": cur_shares.tolist(),
        "psi": psi(reference, current, True),
        "jensenshannon": jensenshannon(reference, current, True),
        "chisquare": chisquare(reference, current)[1] if len(set(reference.tolist())) <= 20 else None,
        "z": z_test(reference, current) if len(set(reference.tolist()) | set(current.tolist())) <= 2 else None,
        "default_method": default_method(reference, current, True),
    }


def categorical_case(name, reference, current, note):
    statistic, pvalue = chisquare(reference, current)
    return {
        "name": name,
        "type": "categorical",
        "note": note,
        "reference": reference.tolist(),
        "current": current.tolist(),
        "chisquare_statistic": statistic,
        "chisquare": pvalue,
        "psi": psi(reference, current, False),
        "jensenshannon": jensenshannon(reference, current, False),
        "z": z_test(reference, current),
        "default_method": default_method(reference, current, False),
    }


def columns():
    n = rng.normal
    cases = [
        numeric_case("normal_vs_shifted", rounded(n(0, 1, 800), 4), rounded(n(0.3, 1, 700), 4),
                     "exact KS, n1 != n2 (Hodges' inside method)"),
        numeric_case("normal_equal_sizes", rounded(n(0, 1, 500), 4), rounded(n(0.15, 1, 500), 4),
                     "exact KS, n1 == n2 (outside-the-square method)"),
        numeric_case("small_samples", rounded(n(0, 1, 20), 3), rounded(n(1, 1, 15), 3),
                     "exact KS on 20 vs 15 values"),
        numeric_case("no_drift_small", rounded(n(5, 2, 60), 3), rounded(n(5, 2, 45), 3),
                     "exact KS with a large p-value"),
        numeric_case("lognormal", rounded(rng.lognormal(0, 1, 1000), 4),
                     rounded(rng.lognormal(0.1, 1.1, 900), 4), "skewed: PSI/JS bins mostly in the left tail"),
        numeric_case("multimodal",
                     rounded(np.concatenate([n(-4, 1, 400), n(0, 0.5, 300), n(5, 1.5, 300)]), 4),
                     rounded(np.concatenate([n(-4, 1, 300), n(0, 0.5, 300), n(5, 1.5, 500)]), 4),
                     "three modes, the mass moves between them"),
        numeric_case("ties_integers", rng.poisson(30, 600).astype(float), rng.poisson(31, 400).astype(float),
                     "many ties: ECDFs step at shared values"),
        numeric_case("low_cardinality", rng.choice([1.0, 2.0, 3.0, 4.0], 300, p=[0.4, 0.3, 0.2, 0.1]),
                     rng.choice([1.0, 2.0, 3.0, 4.0, 5.0], 250, p=[0.3, 0.3, 0.2, 0.1, 0.1]),
                     "<= 20 reference values: binned by value; a new value 5 in current"),
        numeric_case("binary_numeric", rng.choice([0.0, 1.0], 400, p=[0.7, 0.3]),
                     rng.choice([0.0, 1.0], 350, p=[0.6, 0.4]), "two values: Z-test by default"),
        numeric_case("constant_reference", np.full(50, 5.0), rounded(n(5, 0.01, 40), 5),
                     "reference std 0: Evidently divides by 0.001"),
        numeric_case("asymptotic_large", rounded(n(0, 1, 1500), 3), rounded(n(0.05, 1, 10001), 3),
                     "max(n1, n2) > 10000: asymptotic KS, kstwo.sf(d, round(n1 n2 / (n1 + n2)))"),
        numeric_case("asymptotic_small_en", rounded(n(0, 1, 120), 3), rounded(n(0.3, 1, 10002), 3),
                     "asymptotic with round(en) <= 140"),
        numeric_case("large_reference", rounded(rng.gamma(2, 2, 2500), 3), rounded(rng.gamma(2.2, 2, 2000), 3),
                     "reference > 1000 rows: Wasserstein by default"),
    ]
    letters = np.array(["a", "b", "c", "d"])
    cases += [
        categorical_case("categories_new_and_missing",
                         rng.choice(letters, 500, p=[0.4, 0.3, 0.2, 0.1]),
                         rng.choice(np.array(["a", "b", "c", "e"]), 400, p=[0.4, 0.3, 0.2, 0.1]),
                         "'e' is new (chi-square infinite, p 0), 'd' is missing"),
        categorical_case("categories_shifted", rng.choice(letters, 700, p=[0.4, 0.3, 0.2, 0.1]),
                         rng.choice(letters, 600, p=[0.35, 0.3, 0.2, 0.15]), "same categories, shares move"),
        categorical_case("categories_rare", np.array(["x"] * 9998 + ["y", "z"]),
                         np.array(["x"] * 5000 + ["y"] * 3), "a share below 0.0001: PSI floors at min/1e6"),
        categorical_case("binary_strings", rng.choice(np.array(["no", "yes"]), 900, p=[0.8, 0.2]),
                         rng.choice(np.array(["no", "yes"]), 800, p=[0.75, 0.25]), "Z-test by default"),
        categorical_case("single_value", np.array(["on"] * 30), np.array(["on"] * 20),
                         "one value on both sides: Z-test p-value 1"),
        categorical_case("large_categorical", rng.choice(letters, 1500, p=[0.4, 0.3, 0.2, 0.1]),
                         rng.choice(letters, 1200, p=[0.3, 0.3, 0.25, 0.15]),
                         "reference > 1000 rows: Jensen-Shannon by default"),
    ]
    return {"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases}


def kstwo():
    """kstwo.sf(x, n): the asymptotic branch of ks_2samp, over every branch of scipy's kolmogn."""
    rows = []
    for n in [1, 2, 3, 5, 10, 30, 80, 100, 140, 141, 500, 1000, 2400, 10000, 100000, 100001, 1000000, 5000000]:
        for t in [0.3, 0.6, 0.9, 1.0, 1.5]:  # around the Ruben-Gambino cut at n x = 1
            rows.append([n, t / n, float(stats.kstwo.sf(t / n, n))])
        for z in [0.2, 0.4, 0.6, 0.8, 0.87, 1.0, 1.2, 1.45, 1.6, 2.0, 2.5, 3.0, 4.0, 5.0]:
            x = z / math.sqrt(n)
            if x < 1:
                rows.append([n, x, float(stats.kstwo.sf(x, n))])
        for x in [0.5, 0.55, 0.7, 0.95, 1 - 1.0 / n if n > 1 else 0.99, 1.0]:
            rows.append([n, x, float(stats.kstwo.sf(x, n))])
    return {"scipy": scipy.__version__, "rows": [[n, x, p] for n, x, p in rows]}


def ks_exact():
    """ks_2samp's exact two-sided p-value for sample sizes n1, n2 and statistic h / lcm(n1, n2)."""
    rows = []
    for n1, n2 in [(1, 1), (3, 5), (10, 10), (20, 15), (50, 50), (100, 37), (300, 200), (1000, 999),
                   (1000, 1000), (800, 10000), (2, 1000), (5000, 7000)]:
        g = math.gcd(n1, n2)
        lcm = (n1 // g) * n2
        for d in [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0]:
            h = round(d * lcm)
            if h == 0:
                continue
            ok, dd, p = _attempt_exact_2kssamp(n1, n2, g, h / lcm, "two-sided")
            if ok:
                rows.append([n1, n2, h, float(p)])
    return {"scipy": scipy.__version__, "rows": rows}


def chi2():
    rows = []
    for df in [1, 2, 3, 5, 10, 50, 200, 1000]:
        for x in [0.0, 0.01, 0.5, 1, 2, 5, df, 1.5 * df, 3 * df + 10, 100, 1000]:
            rows.append([df, float(x), float(stats.chi2.sf(x, df))])
    for z in [0.0, 0.5, 1.0, 1.96, 3.0, 5.0, 8.0, 20.0]:
        rows.append(["norm", z, float(2 * stats.norm.sf(z))])
    return {"scipy": scipy.__version__, "rows": rows}


def finite(value):
    """JSON has no NaN or infinity: they are written as the strings "nan", "inf" and "-inf"."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def write(name, content):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(finite(content), f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    write("columns.json", columns())
    write("kstwo.json", kstwo())
    write("ks_exact.json", ks_exact())
    write("chi2.json", chi2())
