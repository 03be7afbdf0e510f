package io.icegate.gate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Multiclass classifier output as indices into {@code classes}.
 *
 * @param classes the class names; column j of the probabilities belongs to classes.get(j)
 * @param labels true class index per row
 * @param predicted predicted class index per row
 * @param probabilities row-major rows x classes matrix of class probabilities in [0, 1], or null;
 *     only log_loss needs it. Rows need not sum to 1: log_loss renormalises them as sklearn 1.2
 */
public record MulticlassPredictions(
    List<String> classes, int[] labels, int[] predicted, double[] probabilities)
    implements Predictions {

  public MulticlassPredictions {
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new MetricException("multiclass predictions need at least one class");
    }
    if (new HashSet<>(classes).size() != classes.size()) {
      throw new MetricException("class names must be distinct: " + classes);
    }
    Checks.sameLength("labels", labels.length, "predicted classes", predicted.length);
    Checks.classIndices("labels", labels, classes.size());
    Checks.classIndices("predicted classes", predicted, classes.size());
    if (probabilities != null) {
      checkProbabilities(probabilities, labels.length, classes);
    }
  }

  /**
   * Predictions given as class names, mapped to indices into {@code classes}.
   *
   * @param probabilities row-major rows x classes, column order as {@code classes}; or null
   */
  public static MulticlassPredictions of(
      List<String> classes, String[] labels, String[] predicted, double[] probabilities) {
    Map<String, Integer> index = new HashMap<>();
    for (int j = 0; j < classes.size(); j++) {
      index.putIfAbsent(classes.get(j), j);
    }
    return new MulticlassPredictions(classes, indices("label", labels, index, classes),
        indices("predicted class", predicted, index, classes), probabilities);
  }

  private static int[] indices(
      String what, String[] names, Map<String, Integer> index, List<String> classes) {
    int[] out = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      Integer j = index.get(names[i]);
      if (j == null) {
        throw new MetricException(String.format(Locale.ROOT,
            "%s '%s' at row %d is not one of the %d classes %s",
            what, names[i], i, classes.size(), preview(classes)));
      }
      out[i] = j;
    }
    return out;
  }

  private static String preview(List<String> classes) {
    return classes.size() <= 20 ? classes.toString()
        : classes.subList(0, 20).toString().replace("]", ", ...]");
  }

  private static void checkProbabilities(double[] p, int rows, List<String> classes) {
    int k = classes.size();
    if ((long) rows * k != p.length) {
      throw new MetricException(String.format(Locale.ROOT,
          "the probability matrix has %d values but %d rows x %d classes need %d",
          p.length, rows, k, (long) rows * k));
    }
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
        long bad = Arrays.stream(p).filter(x -> !(x >= 0.0 && x <= 1.0)).count();
        throw new MetricException(String.format(Locale.ROOT,
            "class probabilities must be finite and in [0, 1]; %d are not (first at row %d, "
                + "class '%s': %s)", bad, i / k, classes.get(i % k), p[i]));
      }
    }
  }

  /** Number of classes. */
  public int classCount() {
    return classes.size();
  }

  @Override
  public Task task() {
    return Task.MULTICLASS;
  }

  @Override
  public int rows() {
    return labels.length;
  }

  @Override
  public void requireSameLabels(Predictions other) {
    if (!(other instanceof MulticlassPredictions m)) {
      throw new MetricException(
          "cannot pair multiclass predictions with " + other.task() + " ones");
    }
    if (!classes.equals(m.classes)) {
      throw new MetricException(
          "candidate and baseline have different classes: " + preview(classes) + " vs "
              + preview(m.classes));
    }
    Checks.sameLength("the candidate", rows(), "the baseline", m.rows());
    int row = Arrays.mismatch(labels, m.labels);
    if (row >= 0) {
      throw new MetricException(String.format(Locale.ROOT,
          "candidate and baseline disagree on the label of row %d ('%s' vs '%s')",
          row, classes.get(labels[row]), classes.get(m.labels[row])));
    }
  }
}
