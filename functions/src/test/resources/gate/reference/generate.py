#!/usr/bin/python3
"""Writes the scikit-learn reference values that io.icegate.gate's tests compare against.

Run with the system python that has scikit-learn 1.2.1, scipy 1.10.1 and numpy 1.24:

    /usr/bin/python3 functions/src/test/resources/gate/reference/generate.py

It writes binary.json, multiclass.json, regression.json and percentile.json next to itself.
CI does not run python: the committed JSON files are the reference.

Weights are repeat counts (a bootstrap resample is a multinomial count per row). Each weighted
value is computed with sklearn's sample_weight and checked here against sklearn on the dataset
with every row repeated by its weight. Where the two differ (a class that occurs only on rows of
weight 0 still enters sklearn's label set with sample_weight), the fixture holds the value on the
repeated rows, which is icegate's semantics, and says so in "note".
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as skm

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore")  # zero_division and similar warnings: the value is what counts

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240517)


def expand(weights, *arrays):
    """Every row repeated weights[i] times (weights None: unchanged)."""
    if weights is None:
        return arrays
    w = np.asarray(weights)
    return tuple(np.repeat(np.asarray(a), w, axis=0) for a in arrays)


def agree(a, b):
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def value(fn, weights, *arrays, **kwargs):
    """fn with sample_weight, checked against fn on repeated rows; None if sklearn refuses."""
    try:
        weighted = float(fn(*arrays, sample_weight=weights, **kwargs))
    except ValueError:
        weighted = None
    try:
        repeated = float(fn(*expand(weights, *arrays), **kwargs))
    except ValueError:
        repeated = None
    if weighted is None or repeated is None or np.isnan(repeated):
        assert repeated is None or np.isnan(repeated), (fn.__name__, weighted, repeated)
        return None, None
    if not agree(weighted, repeated):
        return repeated, f"{fn.__name__}: sample_weight gives {weighted!r}, repeated rows {repeated!r}"
    return weighted, None


def record(name, description, data, weights, expected, notes):
    out = {"name": name, "description": description}
    out.update(data)
    out["weights"] = None if weights is None else [int(w) for w in weights]
    out["expected"] = expected
    if notes:
        out["note"] = "; ".join(notes)
    return out


# ---------------------------------------------------------------- binary

def binary_case(name, description, labels, scores, weights=None, threshold=0.5):
    labels = np.asarray(labels, dtype=int)
    scores = np.asarray(scores, dtype=float)
    hard = (scores >= threshold).astype(int)
    expected, notes = {}, []

    def put(metric, fn, *arrays, **kwargs):
        v, note = value(fn, weights, *arrays, **kwargs)
        expected[metric] = v
        if note:
            notes.append(note)

    # roc_auc is undefined (sklearn raises) with one class among the counted rows
    put("roc_auc", skm.roc_auc_score, labels, scores)
    # sklearn returns 0.0 with a warning when no label is positive; icegate calls that undefined
    w_pos = labels.sum() if weights is None else int(np.dot(labels, weights))
    if w_pos > 0:
        put("average_precision", skm.average_precision_score, labels, scores)
    else:
        expected["average_precision"] = None
    # eps="auto" is sklearn 1.2's default: np.finfo(float64).eps
    put("log_loss", skm.log_loss, labels, scores, labels=[0, 1])
    put("brier_score", skm.brier_score_loss, labels, scores, pos_label=1)
    put("accuracy", skm.accuracy_score, labels, hard)
    put("precision", skm.precision_score, labels, hard, zero_division="warn")
    put("recall", skm.recall_score, labels, hard, zero_division="warn")
    put("f1", skm.f1_score, labels, hard, zero_division="warn")
    return record(name, description,
                  {"labels": labels.tolist(), "scores": scores.tolist(), "threshold": threshold},
                  weights, expected, notes)


def binary_cases():
    cases = []
    n = 40
    labels = rng.integers(0, 2, n)
    # one decimal: many ties, including ties across classes
    scores = np.round(np.clip(0.35 * labels + rng.uniform(0, 0.65, n), 0, 1), 1)
    cases.append(binary_case("ties", "scores rounded to 0.1: tie groups mixing both classes",
                             labels, scores))
    weights = rng.integers(0, 4, n)
    weights[:3] = [0, 3, 0]
    cases.append(binary_case("ties_weighted", "the same rows with weights 0..3",
                             labels, scores, weights))

    n = 300
    labels = (rng.uniform(size=n) < 0.05).astype(int)
    labels[7] = 1  # at least one positive whatever the draw
    scores = np.clip(rng.beta(2, 5, n) + 0.3 * labels, 0, 1)
    scores[:4] = [0.0, 1.0, 1.0, 0.0]  # exact 0 and 1: log_loss clipping
    labels[:4] = [1, 0, 1, 0]
    counts = np.bincount(rng.integers(0, n, n), minlength=n)  # a bootstrap resample
    cases.append(binary_case("imbalanced", "about 5% positives, scores 0 and 1 on both classes",
                             labels, scores))
    cases.append(binary_case("imbalanced_resample",
                             "the same rows weighted by one multinomial bootstrap draw",
                             labels, scores, counts))

    cases.append(binary_case("all_tied", "every score equal: one curve point",
                             [0, 1, 1, 0, 1, 0, 0], [0.5] * 7))
    cases.append(binary_case("perfect", "scores separate the classes",
                             [0, 0, 1, 1, 0, 1], [0.1, 0.2, 0.8, 0.9, 0.3, 0.7]))
    cases.append(binary_case("inverted", "scores rank every negative above every positive",
                             [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]))
    cases.append(binary_case("threshold_0_3", "hard predictions at threshold 0.3, with a score "
                             "exactly at the threshold",
                             [0, 1, 0, 1, 1, 0, 0, 1], [0.3, 0.29, 0.31, 0.9, 0.3, 0.05, 0.6, 0.1],
                             threshold=0.3))
    cases.append(binary_case("nothing_predicted_positive",
                             "every score below the threshold: precision and f1 divide by zero",
                             [0, 1, 0, 1, 0], [0.1, 0.2, 0.3, 0.4, 0.45]))
    cases.append(binary_case("only_positives", "labels all 1: roc_auc undefined",
                             [1, 1, 1, 1], [0.9, 0.4, 0.6, 0.6]))
    cases.append(binary_case("only_negatives", "labels all 0: roc_auc and average_precision "
                             "undefined", [0, 0, 0], [0.9, 0.4, 0.0]))
    cases.append(binary_case("weights_drop_a_class",
                             "weights zero on every positive: one class among counted rows",
                             [0, 1, 0, 1, 0], [0.2, 0.7, 0.4, 0.6, 0.1], [1, 0, 2, 0, 1]))
    return cases


# ---------------------------------------------------------------- multiclass

def multiclass_case(name, description, classes, labels, predicted, proba, weights=None):
    assert list(classes) == sorted(classes), "sklearn orders probability columns by sorted labels"
    labels = np.asarray(labels, dtype=object)
    predicted = np.asarray(predicted, dtype=object)
    expected, notes = {}, []

    def put(metric, fn, *arrays, **kwargs):
        v, note = value(fn, weights, *arrays, **kwargs)
        expected[metric] = v
        if note:
            notes.append(note)

    put("accuracy", skm.accuracy_score, labels, predicted)
    put("f1_macro", skm.f1_score, labels, predicted, average="macro", zero_division="warn")
    put("f1_weighted", skm.f1_score, labels, predicted, average="weighted", zero_division="warn")
    if proba is not None:
        put("log_loss", skm.log_loss, labels, np.asarray(proba), labels=list(classes))
    return record(name, description,
                  {"classes": list(classes), "labels": labels.tolist(),
                   "predicted": predicted.tolist(),
                   "probabilities": None if proba is None else np.asarray(proba).tolist()},
                  weights, expected, notes)


def noisy_predictions(classes, n, accuracy):
    k = len(classes)
    y = rng.integers(0, k, n)
    proba = rng.dirichlet(np.ones(k), n)
    right = rng.uniform(size=n) < accuracy
    proba[right, y[right]] += 1.0
    proba /= proba.sum(axis=1, keepdims=True)
    yhat = proba.argmax(axis=1)
    return y, yhat, proba


def multiclass_cases():
    cases = []
    classes = ["bird", "cat", "dog"]
    y, yhat, proba = noisy_predictions(classes, 60, 0.6)
    proba[0] = [0.0, 1.0, 0.0]  # exact zeros and ones: clipping
    y[0] = 0
    proba[1] = [0.5, 0.3, 0.1]  # sums to 0.9: sklearn 1.2 renormalises silently
    proba[2] = [0.6, 0.6, 0.0]  # sums to 1.2
    c = np.array(classes, dtype=object)
    cases.append(multiclass_case("three_classes", "3 classes, rows summing to 0.9 and 1.2, "
                                 "probabilities 0 and 1", classes, c[y], c[yhat], proba))

    classes = ["a", "b", "c", "d"]
    y, yhat, proba = noisy_predictions(classes, 80, 0.5)
    yhat[yhat == 3] = 2  # class d is never predicted: its precision divides by zero
    c = np.array(classes, dtype=object)
    weights = rng.integers(0, 4, 80)
    cases.append(multiclass_case("four_classes_weighted", "4 classes, d never predicted, "
                                 "weights 0..3", classes, c[y], c[yhat], proba, weights))
    cases.append(multiclass_case("four_classes", "the same rows unweighted",
                                 classes, c[y], c[yhat], proba))

    labels = ["x", "y", "z", "x", "y", "z", "x"]
    predicted = ["x", "y", "y", "x", "z", "z", "y"]
    weights = [2, 1, 0, 1, 1, 0, 3]  # class z only on rows of weight 0 ... except prediction row 4
    cases.append(multiclass_case("weights_drop_a_class",
                                 "z occurs as a label only on rows of weight 0",
                                 ["x", "y", "z"], labels, predicted, None, weights))
    labels = ["x", "y", "z", "x", "y", "z"]
    predicted = ["x", "y", "z", "x", "y", "z"]
    cases.append(multiclass_case("weights_drop_a_class_entirely",
                                 "z occurs (label and prediction) only on rows of weight 0",
                                 ["x", "y", "z"], labels, predicted, None, [1, 2, 0, 1, 1, 0]))
    return cases


# ---------------------------------------------------------------- regression

def regression_case(name, description, actual, predicted, weights=None):
    actual = np.asarray(actual, dtype=float)
    predicted = np.asarray(predicted, dtype=float)
    expected, notes = {}, []

    def put(metric, fn, *arrays, **kwargs):
        v, note = value(fn, weights, *arrays, **kwargs)
        expected[metric] = v
        if note:
            notes.append(note)

    put("rmse", skm.mean_squared_error, actual, predicted, squared=False)
    put("mae", skm.mean_absolute_error, actual, predicted)
    put("mape", skm.mean_absolute_percentage_error, actual, predicted)
    put("r2", skm.r2_score, actual, predicted)
    return record(name, description, {"actual": actual.tolist(), "predicted": predicted.tolist()},
                  weights, expected, notes)


def regression_cases():
    cases = []
    y = rng.normal(10, 4, 50)
    y[:2] = [0.0, -3.5]  # y = 0: mape divides by eps
    yhat = y + rng.normal(0, 1.5, 50)
    cases.append(regression_case("noisy", "normal target with a zero and a negative value",
                                 y, yhat))
    cases.append(regression_case("noisy_weighted", "the same rows with weights 0..3",
                                 y, yhat, rng.integers(0, 4, 50)))
    y = rng.lognormal(1, 0.5, 30)
    cases.append(regression_case("positive_target", "lognormal target, multiplicative errors",
                                 y, y * rng.normal(1, 0.2, 30)))
    cases.append(regression_case("constant_target", "y constant: r2 forced to 0.0",
                                 [2.5] * 6, [2.0, 2.5, 3.0, 2.5, 2.25, 3.5]))
    cases.append(regression_case("constant_target_perfect", "y constant and predicted exactly: "
                                 "r2 forced to 1.0", [2.5] * 4, [2.5] * 4))
    cases.append(regression_case("constant_after_weights",
                                 "y constant on the rows with positive weight",
                                 [1.0, 4.0, 1.0, 7.0], [1.5, 4.0, 0.5, 6.0], [2, 0, 1, 0]))
    cases.append(regression_case("perfect", "exact predictions of a varying target",
                                 [1.0, 2.0, 3.0, 5.0], [1.0, 2.0, 3.0, 5.0]))
    cases.append(regression_case("worse_than_mean", "negative r2",
                                 [1.0, 2.0, 3.0], [3.0, 1.0, 4.0]))
    return cases


# ---------------------------------------------------------------- percentile

def percentile_cases():
    qs = [0.0, 0.025, (1 - 0.95) / 2, 0.1, 1 / 3, 0.5, 0.9, 1 - (1 - 0.95) / 2, 0.975, 1.0]
    cases = []
    for n in [1, 2, 3, 5, 40, 999, 1000]:
        x = np.sort(rng.normal(0, 1, n))
        if n >= 40:
            x[10:14] = x[10]  # ties
        x.sort()
        cases.append({"values": x.tolist(),
                      "quantiles": qs,
                      "expected": [float(np.quantile(x, q)) for q in qs]})
    return cases


def write(name, payload):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump({"generator": "generate.py", "sklearn": sklearn.__version__,
                   "numpy": np.__version__, "cases": payload}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    write("binary.json", binary_cases())
    write("multiclass.json", multiclass_cases())
    write("regression.json", regression_cases())
    write("percentile.json", percentile_cases())
