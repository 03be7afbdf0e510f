/**
 * The metric and threshold core of the evaluation gate: scikit-learn's metrics, bootstrap
 * confidence intervals and MLflow's MetricThreshold rules. Pure Java, no I/O.
 *
 * <h2>API</h2>
 *
 * <ul>
 *   <li>{@link io.icegate.gate.BinaryPredictions}, {@link io.icegate.gate.MulticlassPredictions},
 *       {@link io.icegate.gate.RegressionPredictions}: one model's output, row-aligned with the
 *       labels ({@link io.icegate.gate.Predictions}, {@link io.icegate.gate.Task}).
 *   <li>{@link io.icegate.gate.Metric}: the 16 metrics; {@code Metric.of(task, "roc_auc")},
 *       {@code metric.value(predictions)} or {@code value(predictions, weights)}.
 *   <li>{@link io.icegate.gate.Bootstrap} with {@link io.icegate.gate.BootstrapOptions}: the
 *       percentile interval of a metric ({@code interval}) or of candidate minus baseline on the
 *       same resampled rows ({@code pairedDifference}); the list forms share resamples.
 *       {@link io.icegate.gate.BootstrapResult} holds the interval and the skipped count.
 *   <li>{@link io.icegate.gate.MetricThreshold}: a rule (threshold, min_absolute_change,
 *       min_relative_change, greater_is_better, non-inferiority margin);
 *       {@code evaluate(candidate, baseline, interval)} gives a
 *       {@link io.icegate.gate.ThresholdResult} with a verdict and message per criterion.
 *   <li>{@link io.icegate.gate.MetricException}: every unusable input (one class for roc_auc,
 *       NaN scores, lengths, probabilities outside [0, 1], unknown metric, invalid rule), with a
 *       message meant for the user.
 * </ul>
 *
 * <h2>Definitions</h2>
 *
 * <p>Each metric matches scikit-learn 1.2.1 to 1e-12 relative; most agree bit for bit
 * (SklearnReferenceTest, fixtures from src/test/resources/gate/reference/generate.py). Weights are
 * repeat counts: {@code value(p, w)} is the sklearn metric on the rows repeated w[i] times. That
 * equals sklearn's {@code sample_weight}, with two exceptions. A class that occurs only on rows of
 * weight 0 is left out of f1_macro, because a resample that did not draw those rows has no such
 * class. r2 needs a total weight of at least 2 rather than 2 rows. Where icegate and sklearn
 * differ on purpose:
 *
 * <ul>
 *   <li>average_precision with no positive label is undefined (sklearn warns and returns 0).
 *   <li>log_loss uses sklearn 1.2's eps="auto": probabilities clipped to [2^-52, 1 - 2^-52], then
 *       each row renormalised by its sum without a warning. Binary scores and class
 *       probabilities outside [0, 1] are refused rather than clipped.
 *   <li>r2 tests a constant target on the values themselves, so a rounding residue in the mean
 *       cannot give a huge negative score. force_finite then gives 1.0 or 0.0.
 * </ul>
 *
 * <h2>Bootstrap</h2>
 *
 * <p>A resample is n uniform draws of a row stored as an int count per row, and each metric sees
 * it as weights. Everything that does not depend on the weights is done once per model: the score
 * sort for the curve metrics, per-row losses, confusion cells. A resample therefore costs one pass
 * per metric and model, with no large allocation. The interval uses numpy's default linear
 * percentile at (1 - confidence) / 2 and 1 minus that. Resamples where a metric is undefined (one
 * class drawn) are skipped and counted. Resample r draws from the r-th split of
 * {@code new SplittableRandom(seed)}, so a seed gives bit-identical results at any parallelism.
 * For binary predictions, counts are drawn over the rows in the candidate's score order, so
 * swapping candidate and baseline changes the resamples.
 *
 * <p>Measured with GateMetricsBenchmark on 1M binary rows and 2 shared cores: one paired resample
 * of roc_auc, log_loss and f1 costs about 10 ms of CPU. The draw takes 2.3 ms. The candidate's
 * roc_auc pass takes 1.5 ms and the baseline's 2.8 ms, because the baseline gathers counts in
 * random order. log_loss takes 0.65 ms and f1 0.75 ms per model. 1000 resamples cost 10.2 CPU-s.
 */
package io.icegate.gate;
