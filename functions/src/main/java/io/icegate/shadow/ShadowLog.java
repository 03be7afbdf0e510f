package io.icegate.shadow;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.icegate.ingest.Json;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/** Appends and reads {@code icegate.shadow_comparisons}: one row per comparison, never updated. */
final class ShadowLog {
  private static final TypeReference<List<RuleResult>> RULES = new TypeReference<>() {};
  /** Newest first; the time-ordered id breaks ties between comparisons of the same instant. */
  private static final Comparator<ShadowResult> NEWEST_FIRST =
      Comparator.comparing(ShadowResult::createdAt).thenComparing(ShadowResult::comparisonId).reversed();

  private final IcegateTables tables;

  ShadowLog(IcegateTables tables) {
    this.tables = tables;
  }

  /** Appends the result as one row (one snapshot). */
  void append(ShadowResult r) {
    Table t = tables.shadowComparisons();
    GenericRecord row = GenericRecord.create(t.schema());
    ShadowFigures f = r.figures();
    row.setField("comparison_id", r.comparisonId());
    row.setField("model", r.model());
    row.setField("variant", r.variant());
    row.setField("baseline_variant", r.baselineVariant());
    row.setField("variant_version", r.variantVersion());
    row.setField("baseline_version", r.baselineVersion());
    row.setField("window_from", r.from().atOffset(ZoneOffset.UTC));
    row.setField("window_to", r.to().atOffset(ZoneOffset.UTC));
    row.setField("mode", r.mode().json());
    row.setField("baseline_requests", f.baselineRequests());
    row.setField("variant_requests", f.variantRequests());
    row.setField("paired_requests", f.pairedRequests());
    row.setField("agreement", f.agreement());
    row.setField("bins", f.bins());
    row.setField("psi", f.psi());
    row.setField("js", f.js());
    row.setField("metric", f.metric());
    row.setField("baseline_labelled", f.baselineLabelled());
    row.setField("variant_labelled", f.variantLabelled());
    row.setField("baseline_metric", f.baselineMetric());
    row.setField("variant_metric", f.variantMetric());
    row.setField("metric_drop", f.metricDrop());
    row.setField("rules", json(r.rules()));
    row.setField("policy", json(r.policy()));
    row.setField("passed", r.passed());
    row.setField("predictions_snapshot_id", r.predictionsSnapshotId());
    row.setField("feedback_snapshot_id", r.feedbackSnapshotId());
    row.setField("created_at", r.createdAt().atOffset(ZoneOffset.UTC));
    row.setField("actor", r.actor());
    IcegateTables.append(t, List.of(row), Map.of("icegate.comparison-id", r.comparisonId()));
  }

  /** Comparisons of a model, newest first. */
  List<ShadowResult> list(String model) {
    return read(equal("model", model));
  }

  /** The newest comparison of a model's variant. */
  Optional<ShadowResult> latest(String model, String variant) {
    return read(and(equal("model", model), equal("variant", variant))).stream().findFirst();
  }

  private List<ShadowResult> read(Expression where) {
    List<ShadowResult> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(tables.shadowComparisons()).where(where).build()) {
      rows.forEach(r -> out.add(result(r)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(NEWEST_FIRST);
    return out;
  }

  private static ShadowResult result(Record r) {
    ShadowFigures f = new ShadowFigures(
        (Long) r.getField("baseline_requests"),
        (Long) r.getField("variant_requests"),
        (Long) r.getField("paired_requests"),
        (Double) r.getField("agreement"),
        (Integer) r.getField("bins"),
        (Double) r.getField("psi"),
        (Double) r.getField("js"),
        (String) r.getField("metric"),
        (Long) r.getField("baseline_labelled"),
        (Long) r.getField("variant_labelled"),
        (Double) r.getField("baseline_metric"),
        (Double) r.getField("variant_metric"),
        (Double) r.getField("metric_drop"));
    try {
      return new ShadowResult(
          (String) r.getField("comparison_id"),
          (String) r.getField("model"),
          (String) r.getField("variant"),
          (String) r.getField("baseline_variant"),
          (Long) r.getField("variant_version"),
          (Long) r.getField("baseline_version"),
          ((OffsetDateTime) r.getField("window_from")).toInstant(),
          ((OffsetDateTime) r.getField("window_to")).toInstant(),
          ComparisonMode.fromJson((String) r.getField("mode")),
          f,
          Json.MAPPER.readValue((String) r.getField("rules"), RULES),
          (Boolean) r.getField("passed"),
          Json.MAPPER.readValue((String) r.getField("policy"), ShadowPolicy.class),
          (Long) r.getField("predictions_snapshot_id"),
          (Long) r.getField("feedback_snapshot_id"),
          ((OffsetDateTime) r.getField("created_at")).toInstant(),
          (String) r.getField("actor"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable row " + r.getField("comparison_id") + " in icegate.shadow_comparisons", e);
    }
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
