/**
 * Drift statistics with Evidently's semantics and defaults, on raw values or on the DataSketches
 * profiles that ingest stores. Pure computation: no I/O.
 *
 * <h2>Entry points</h2>
 *
 * {@link io.icegate.drift.Sample} holds one column on one side (exact: raw values, nulls, NaN and
 * infinities dropped; sketch: KLL + HLL for numbers, frequent items + HLL for categories, plus the
 * exact non-null count). {@link io.icegate.drift.Drift#test} runs a {@link
 * io.icegate.drift.Method} and returns a {@link io.icegate.drift.DriftResult}; {@link
 * io.icegate.drift.DatasetDrift} combines column results; {@link io.icegate.drift.BinDistance}
 * holds the PSI / Jensen-Shannon arithmetic on bin counts that the shadow comparison shares.
 *
 * <h2>Methods (evidently/legacy/calculations/stattests/, scipy 1.10.1)</h2>
 *
 * <ul>
 *   <li>{@code ks}: {@code scipy.stats.ks_2samp(reference, current)} p-value, method 'auto' (exact
 *       lattice-path count when both samples have at most 10,000 values, else {@code
 *       kstwo.sf(D, round(n1 n2 / (n1 + n2)))}); drift when p <= 0.05.
 *   <li>{@code chisquare}: {@code scipy.stats.chisquare(f_obs, f_exp)} over the union of values,
 *       f_obs the current counts, f_exp the reference counts times n_current / n_reference; a value
 *       new in current gives an infinite statistic and p 0; drift when p < 0.05.
 *   <li>{@code z}: two-proportion Z-test of the first value in sort order against the rest, pooled
 *       variance, {@code 2 (1 - Phi(|z|))}; 1 when both sides hold one and the same value; drift
 *       when p < 0.05.
 *   <li>{@code wasserstein}: {@code scipy.stats.wasserstein_distance / max(np.std(reference),
 *       0.001)}; drift at >= 0.1.
 *   <li>{@code jensenshannon}: {@code scipy.spatial.distance.jensenshannon} (natural log) of the
 *       binned shares, not floored; drift at >= 0.1.
 *   <li>{@code psi}: {@code sum((r - c) ln(r / c))} of the binned shares with empty bins floored
 *       (0.0001, or the side's smallest share / 10^6 when that is <= 0.0001); drift at >= 0.1;
 *       {@link io.icegate.drift.PsiBand} reads 0.1 / 0.2 as moderate / significant.
 * </ul>
 *
 * Binning is {@code utils.get_binned_data}: numbers whose reference has more than 20 distinct
 * values fall into {@code np.histogram_bin_edges(reference + current, bins='sturges')}; everything
 * else is counted by value over the union of values ({@link io.icegate.drift.Bins}).
 *
 * <h2>Default choice ({@code registry._get_default_stattest})</h2>
 *
 * With n the distinct values of both samples together: reference <= 1000 values: {@code ks} for
 * numbers with n > 5, else {@code chisquare} for n > 2 and {@code z} for n <= 2; reference above
 * 1000: {@code wasserstein} for numbers with n > 5, else {@code jensenshannon}. Any column can name
 * another method and threshold. A dataset drifts when at least half of its columns drift ({@code
 * DatasetDriftMetric}'s drift_share 0.5).
 *
 * <h2>Sketch mode</h2>
 *
 * Numbers: the KLL sorted view is the distribution (KS statistic from the two step CDFs, its
 * p-value always asymptotic from the exact counts; Wasserstein between the two step CDFs; the
 * standard deviation from the weighted items unless given); histogram bins read a piecewise-linear
 * CDF through the retained items when the column is continuous, since in sparse tails one retained
 * item stands for hundreds of values. Distinct counts come from HLL. Categories: frequent-items
 * estimates; while a sketch has not purged (up to 768 distinct values at map size 1024) its counts
 * are exact, so every categorical statistic equals exact mode. After purging, only items counted
 * reliably on both sides are named and the rest shares one "other" bucket, so statistics are
 * computed on coarser bins than exact mode and can differ from it by more than the numeric bounds.
 *
 * <p>Checked against scipy in ScipyReferenceTest (values and their generator under
 * src/test/resources/drift/reference/) and against exact mode in SketchAccuracyTest.
 */
package io.icegate.drift;
