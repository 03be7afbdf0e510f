#!/usr/bin/python3
"""Generates the shadow-comparison test data and the figures numpy/scipy compute for it.

Run with the system python that has numpy and scipy (scipy 1.10.1 was used):

    /usr/bin/python3 infra/src/test/resources/shadow/generate_fixture.py

It rewrites, next to itself: predictions-*.csv and feedback.csv (uploaded by ShadowComparisonTest
through the real ingest function) and expected.json (what the comparison must report). CI does not
run python: the outputs are committed.

The reference definitions, which io.icegate.shadow.ScoreDistance implements in Java:
- bins: edges are the baseline's deciles, numpy.quantile (linear interpolation) at 0.1 .. 0.9,
  duplicates dropped; a value v falls in bin k = number of edges < v, so bins are (e[k-1], e[k]]
  and the two outer bins are open (values outside the baseline's range are counted, not dropped);
- PSI: sum((b - v) * ln(b / v)) over bin shares, where an empty bin's share is floored per side as
  Evidently's get_binned_data does (0.0001, or the side's smallest non-zero share / 1e6 when that
  share is <= 0.0001);
- Jensen-Shannon: scipy.spatial.distance.jensenshannon(b, v) on the unfloored shares with base None
  (natural log), as Evidently's jensenshannon stattest calls it: the distance, at most sqrt(ln 2).
"""

import csv
import json
import math
import os
from datetime import datetime, timedelta, timezone

import numpy as np
from scipy.spatial import distance

HERE = os.path.dirname(os.path.abspath(__file__))
DAY1 = datetime(2026, 3, 1, tzinfo=timezone.utc)
WINDOW = (DAY1, DAY1 + timedelta(days=2))
MICRO = timedelta(microseconds=1)
rng = np.random.default_rng(20260301)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def clip01(x):
    return min(max(x, 0.0), 1.0)


def uniform_ts(start, end):
    micros = int((end - start) / MICRO)
    return start + timedelta(microseconds=int(rng.integers(0, micros)))


rows = []  # dicts: request_id, model, version, variant, ts (datetime), prediction, score (text), features


def add(request_id, model, version, variant, ts, prediction, score, features=""):
    rows.append(dict(request_id=request_id, model=model, version=version, variant=variant, ts=ts,
                     prediction=prediction, score=score, features=features))


def churn_row(request_id, variant, version, ts, score, features=""):
    text = "%.6f" % score
    add(request_id, "churn", version, variant, ts, "1" if float(text) >= 0.5 else "0", text, features)


# churn: a binary classifier. production answers p-*, the shadow variants answer the same ids
# (a few milliseconds later), the canary answers its own c-* ids.
production = {}
for i in range(600):
    rid = "p-%d" % i
    ts = uniform_ts(*WINDOW)
    production[rid] = (ts, float(rng.beta(2, 5)))
# requests exactly at the window's edges: from is inclusive, to is exclusive
production["edge-from"] = (WINDOW[0], 0.31)
production["edge-before"] = (WINDOW[0] - MICRO, 0.99)
production["edge-last"] = (WINDOW[1] - MICRO, 0.42)
production["edge-to"] = (WINDOW[1], 0.98)

for rid, (ts, s) in production.items():
    features = json.dumps({"tenure_months": int(rng.integers(1, 60)), "plan": "basic, monthly"}) if rid == "p-1" else ""
    churn_row(rid, "production", 3, ts, s, features)
    lag = timedelta(0) if rid.startswith("edge") else timedelta(milliseconds=3)
    churn_row(rid, "mirror", 4, ts + lag, s)
    churn_row(rid, "shadow", 4, ts + lag, clip01(s + float(rng.normal(0, 0.03))))
    churn_row(rid, "shifted", 5 if rid < "p-3" else 6, ts + lag, clip01(s * 0.6 + 0.35))
# a retried request, answered again by production and its mirror: the later answer counts
churn_row("p-10", "production", 3, production["p-10"][0] + timedelta(minutes=1), 0.93)
churn_row("p-10", "mirror", 4, production["p-10"][0] + timedelta(minutes=1, milliseconds=3), 0.93)

for i in range(400):
    churn_row("c-%d" % i, "canary", 4, uniform_ts(*WINDOW), float(rng.beta(2.3, 5)))

# fraud: another model whose request ids collide with churn's; the model filter must drop it
for i in range(300):
    ts = uniform_ts(*WINDOW)
    for variant in ("production", "shadow", "mirror"):
        s = "%.6f" % float(rng.uniform(0.8, 1.0))
        add("p-%d" % i, "fraud", 1, variant, ts, "1", s)

# fare: a regression model; score is the predicted value and prediction the same as text
fare = {}
for i in range(300):
    rid = "f-%d" % i
    ts = uniform_ts(*WINDOW)
    value = round(math.exp(float(rng.normal(2.5, 0.5))), 3)
    fare[rid] = value
    add(rid, "fare", 7, "production", ts, "%.3f" % value, "%.3f" % value)
    shadow = round(value + float(rng.normal(0, 0.4)), 3)
    add(rid, "fare", 8, "shadow", ts + timedelta(milliseconds=2), "%.3f" % shadow, "%.3f" % shadow)

# approve: scores on a 0.1 grid, so the baseline's deciles tie and the bins merge
for i in range(200):
    rid = "a-%d" % i
    ts = uniform_ts(*WINDOW)
    s = round(float(rng.beta(2, 2)), 1)
    add(rid, "approve", 2, "production", ts, "1" if s >= 0.5 else "0", "%.1f" % s)
    t = round(clip01(s + float(rng.choice([-0.1, 0.0, 0.0, 0.1]))), 1)
    add(rid, "approve", 3, "shadow", ts, "1" if t >= 0.5 else "0", "%.1f" % t)

# labels: for part of churn's production ids (correlated with the score), part of the canary's,
# and part of fare's; p-0 is labelled twice and the later label counts
labels = []
for i in range(350):
    rid = "p-%d" % i
    s = production[rid][1]
    labels.append((rid, "1" if rng.uniform() < min(1.0, s * 1.6) else "0", production[rid][0] + timedelta(days=3)))
labels.append(("p-0", "1" if labels[0][1] == "0" else "0", production["p-0"][0] + timedelta(days=4)))
for i in range(200):
    labels.append(("c-%d" % i, "1" if rng.uniform() < 0.3 else "0", WINDOW[1] + timedelta(days=1)))
for i in range(150):
    rid = "f-%d" % i
    labels.append((rid, "%.3f" % (fare[rid] + float(rng.normal(0, 1.0))), WINDOW[1] + timedelta(days=2)))


# ---- files ------------------------------------------------------------------------------------

HEADER = ["request_id", "model", "version", "variant", "ts", "prediction", "score", "features"]


def write_predictions(name, selected):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for r in selected:
            w.writerow([r["request_id"], r["model"], r["version"], r["variant"], iso(r["ts"]),
                        r["prediction"], r["score"], r["features"]])


# one upload per UTC day for churn and fare (the fraud rows of March 1st ride along), and one
# upload holding only fraud rows, which the scan's model filter can skip as a whole file
fraud_only = [r for r in rows if r["model"] == "fraud" and r["ts"].day == 2]
fraud_ids = {id(r) for r in fraud_only}
by_day = {}
for r in rows:
    if id(r) in fraud_ids:
        continue
    by_day.setdefault(r["ts"].date(), []).append(r)
for day, selected in sorted(by_day.items()):
    write_predictions("predictions-%s.csv" % day.isoformat(), selected)
write_predictions("predictions-fraud.csv", fraud_only)

with open(os.path.join(HERE, "feedback.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["request_id", "label", "ts"])
    for rid, label, ts in labels:
        w.writerow([rid, label, iso(ts)])


# ---- reference figures ------------------------------------------------------------------------

def window_rows(model, variant, start, end):
    """One row per request id: the latest answer of the variant inside [start, end)."""
    out = {}
    for r in rows:
        if r["model"] == model and r["variant"] == variant and start <= r["ts"] < end:
            prior = out.get(r["request_id"])
            if prior is None or r["ts"] > prior["ts"]:
                out[r["request_id"]] = r
    return out


def latest_labels():
    out = {}
    for rid, label, ts in labels:
        if rid not in out or ts > out[rid][1]:
            out[rid] = (label, ts)
    return {rid: label for rid, (label, _) in out.items()}


def shares(edges, values):
    counts = np.bincount(np.searchsorted(edges, values, side="left"), minlength=len(edges) + 1)
    return counts / len(values)


def floor_empty(p):
    p = p.copy()
    smallest = p[p != 0].min()
    p[p == 0] = smallest / 10**6 if smallest <= 0.0001 else 0.0001
    return p


def value(r):
    if r["score"] != "":
        return float(r["score"])
    try:
        return float(r["prediction"])
    except ValueError:
        return None


def figures(model, variant, baseline, start, end, task, tolerance):
    b = window_rows(model, baseline, start, end)
    v = window_rows(model, variant, start, end)
    paired = sorted(set(b) & set(v))
    mode = "paired" if paired else "distribution"
    out = dict(baseline_requests=len(b), variant_requests=len(v), paired_requests=len(paired), mode=mode)
    versions = lambda rs: sorted({r["version"] for r in rs.values()})
    out["baseline_version"] = versions(b)[0] if len(versions(b)) == 1 else None
    out["variant_version"] = versions(v)[0] if len(versions(v)) == 1 else None

    if paired:
        if task == "classification":
            agree = [b[k]["prediction"] == v[k]["prediction"] for k in paired]
        else:
            agree = [abs(value(v[k]) - value(b[k])) <= tolerance for k in paired]
        out["agreement"] = float(np.mean(agree))
    else:
        out["agreement"] = None

    bs = np.array([float(r["score"]) for r in b.values()])
    vs = np.array([float(r["score"]) for r in v.values()])
    edges = np.unique(np.quantile(bs, np.arange(1, 10) / 10))
    pb, pv = shares(edges, bs), shares(edges, vs)
    fb, fv = floor_empty(pb), floor_empty(pv)
    out["bins"] = len(edges) + 1
    out["psi"] = float(np.sum((fb - fv) * np.log(fb / fv)))
    out["js"] = float(distance.jensenshannon(pb, pv))

    truth = latest_labels()

    def correct(r, label):
        if task == "classification":
            return 1.0 if r["prediction"] == label else 0.0
        return abs(value(r) - float(label))

    if task == "classification":
        usable = lambda rid, r: rid in truth
    else:
        usable = lambda rid, r: rid in truth and value(r) is not None
    if mode == "paired":
        ids = [k for k in paired if usable(k, b[k]) and usable(k, v[k])]
        lb = [correct(b[k], truth[k]) for k in ids]
        lv = [correct(v[k], truth[k]) for k in ids]
    else:
        lb = [correct(r, truth[k]) for k, r in b.items() if usable(k, r)]
        lv = [correct(r, truth[k]) for k, r in v.items() if usable(k, r)]
    out["metric"] = "accuracy" if task == "classification" else "mae"
    out["baseline_labelled"] = len(lb)
    out["variant_labelled"] = len(lv)
    out["baseline_metric"] = float(np.mean(lb)) if lb else None
    out["variant_metric"] = float(np.mean(lv)) if lv else None
    if lb and lv:
        drop = out["baseline_metric"] - out["variant_metric"]
        out["metric_drop"] = drop if task == "classification" else -drop
    else:
        out["metric_drop"] = None
    return out


CASES = [
    ("identical", "churn", "mirror", "production", WINDOW, "classification", 0.0),
    ("noisy_shadow", "churn", "shadow", "production", WINDOW, "classification", 0.0),
    ("shifted_shadow", "churn", "shifted", "production", WINDOW, "classification", 0.0),
    ("canary", "churn", "canary", "production", WINDOW, "classification", 0.0),
    ("regression", "fare", "shadow", "production", WINDOW, "regression", 0.5),
    ("first_hour", "churn", "shadow", "production", (DAY1, DAY1 + timedelta(hours=1)), "classification", 0.0),
    ("first_day", "churn", "mirror", "production", (DAY1, DAY1 + timedelta(days=1)), "classification", 0.0),
    ("fraud_mirror", "fraud", "mirror", "production", WINDOW, "classification", 0.0),
    ("tied_scores", "approve", "shadow", "production", WINDOW, "classification", 0.0),
]

# bin counts straight into the distances, for the floor's two branches (an empty bin next to a
# share above 0.0001, and next to one at or below it)
COUNTS = [
    ([10, 10, 10, 10, 10, 10, 10, 10, 10, 10], [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
    ([10, 10, 10, 10, 10, 10, 10, 10, 10, 10], [0, 0, 5, 10, 10, 10, 10, 20, 20, 15]),
    ([20000, 1, 0, 5], [3, 0, 7, 9000]),
    ([1, 2, 3], [3, 2, 1]),
]


def distances(bc, vc):
    pb, pv = np.array(bc) / sum(bc), np.array(vc) / sum(vc)
    fb, fv = floor_empty(pb), floor_empty(pv)
    return dict(baseline_counts=bc, variant_counts=vc, psi=float(np.sum((fb - fv) * np.log(fb / fv))),
                js=float(distance.jensenshannon(pb, pv)))

expected = []
for name, model, variant, baseline, (start, end), task, tolerance in CASES:
    expected.append(dict(name=name, model=model, variant=variant, baseline=baseline,
                         from_=iso(start), to=iso(end), task=task, tolerance=tolerance,
                         expected=figures(model, variant, baseline, start, end, task, tolerance)))
for e in expected:
    e["from"] = e.pop("from_")

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump(dict(generator="generate_fixture.py", numpy=np.__version__,
                   scipy=__import__("scipy").__version__, cases=expected,
                   distances=[distances(bc, vc) for bc, vc in COUNTS]), f, indent=2)
    f.write("\n")
