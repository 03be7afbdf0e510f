package io.icegate.gate;

import io.icegate.gate.EvaluationSet.PredictionSource;
import io.icegate.ingest.Json;
import io.icegate.table.IcegateTables;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** The {@code icegate.gate_decisions} table: append one decision, read them back by model. */
public final class GateDecisions {

  private final IcegateTables tables;

  public GateDecisions(IcegateTables tables) {
    this.tables = tables;
  }

  /** Appends a decision as one snapshot. */
  public void append(GateDecision d) {
    Table t = tables.gateDecisions();
    GenericRecord r = GenericRecord.create(t.schema());
    r.setField("decision_id", d.decisionId());
    r.setField("model", d.model());
    r.setField("version", d.version());
    r.setField("policy_version", d.policyVersion());
    r.setField("dataset", d.dataset());
    r.setField("snapshot_id", d.snapshotId());
    r.setField("baseline_version", d.baselineVersion());
    r.setField("passed", d.passed());
    r.setField("rows", (long) d.rows());
    r.setField("candidate_key", d.candidatePredictions().key());
    r.setField("candidate_sha256", d.candidatePredictions().sha256());
    if (d.baselinePredictions() != null) {
      r.setField("baseline_key", d.baselinePredictions().key());
      r.setField("baseline_sha256", d.baselinePredictions().sha256());
    }
    r.setField("report_key", d.reportKey());
    r.setField("actor", d.actor());
    r.setField("request_id", d.requestId());
    r.setField("created_at", d.createdAt().atOffset(ZoneOffset.UTC));
    try {
      r.setField("decision", Json.MAPPER.writeValueAsString(d));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IcegateTables.append(t, List.of(r), Map.of("icegate.decision-id", d.decisionId()));
  }

  /** Decisions of a model (of one version when {@code version} is not null), oldest first. */
  public List<GateDecision> list(String model, Integer version) {
    Expression filter = Expressions.equal("model", model);
    if (version != null) {
      filter = Expressions.and(filter, Expressions.equal("version", version));
    }
    return read(filter);
  }

  /** One decision by id. */
  public Optional<GateDecision> get(String model, String decisionId) {
    return read(Expressions.and(Expressions.equal("model", model), Expressions.equal("decision_id", decisionId)))
        .stream().findFirst();
  }

  /** The latest passing decision of a version under a policy version. */
  public Optional<GateDecision> latestPassing(String model, int version, String policyVersion) {
    return list(model, version).stream()
        .filter(d -> d.passed() && d.policyVersion().equals(policyVersion))
        .reduce((a, b) -> b);
  }

  /**
   * The predictions a version was gated with on a snapshot, so a later candidate can be compared
   * with it without CI uploading the baseline's predictions again.
   */
  public Optional<PredictionSource> recordedPredictions(String model, int version, String dataset, long snapshotId) {
    return list(model, version).stream()
        .filter(d -> d.dataset().equals(dataset) && d.snapshotId() == snapshotId)
        .map(GateDecision::candidatePredictions)
        .reduce((a, b) -> b);
  }

  private List<GateDecision> read(Expression filter) {
    List<GateDecision> out = new ArrayList<>();
    Table t = tables.gateDecisions();
    if (t.currentSnapshot() == null) {
      return out;
    }
    // the filter prunes files; the generic reader applies it to rows as well
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).where(filter).build()) {
      for (Record r : rows) {
        out.add(Json.MAPPER.readValue((String) r.getField("decision"), GateDecision.class));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(GateDecision::createdAt).thenComparing(GateDecision::decisionId));
    return out;
  }
}
