package io.icegate.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.ingest.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** Conversions between registry records and Iceberg rows. */
final class Rows {
  private Rows() {}

  static Record version(Table table, ModelVersion v) {
    GenericRecord r = GenericRecord.create(table.schema());
    r.setField("model", v.model());
    r.setField("version", v.version());
    r.setField("artifact_uri", v.artifactUri());
    r.setField("artifact_sha256", v.artifactSha256());
    r.setField("artifact_bytes", v.artifactBytes());
    r.setField("dataset", v.dataset());
    r.setField("training_snapshot_id", v.trainingSnapshotId());
    r.setField("training_tag", v.trainingTag());
    r.setField("training_ref", v.trainingRef());
    r.setField("code_commit", v.codeCommit());
    r.setField("params", v.params());
    r.setField("metrics", json(v.metrics()));
    r.setField("owners", v.owners());
    r.setField("description", v.description());
    r.setField("registered_by", v.registeredBy());
    r.setField("registered_at", timestamp(v.registeredAt()));
    r.setField("request_id", v.requestId());
    return r;
  }

  @SuppressWarnings("unchecked")
  static ModelVersion version(Record r) {
    Map<String, String> params = (Map<String, String>) r.getField("params");
    List<String> owners = (List<String>) r.getField("owners");
    return new ModelVersion(
        (String) r.getField("model"),
        (Integer) r.getField("version"),
        (String) r.getField("artifact_uri"),
        (String) r.getField("artifact_sha256"),
        (Long) r.getField("artifact_bytes"),
        (String) r.getField("dataset"),
        (Long) r.getField("training_snapshot_id"),
        (String) r.getField("training_tag"),
        (String) r.getField("training_ref"),
        (String) r.getField("code_commit"),
        params == null ? Map.of() : new TreeMap<>(params),
        node((String) r.getField("metrics")),
        owners == null ? List.of() : List.copyOf(owners),
        (String) r.getField("description"),
        (String) r.getField("registered_by"),
        instant(r.getField("registered_at")),
        (String) r.getField("request_id"));
  }

  static Record event(Table table, RegistryEvent e) {
    GenericRecord r = GenericRecord.create(table.schema());
    r.setField("event_id", e.eventId());
    r.setField("model", e.model());
    r.setField("seq", e.seq());
    r.setField("action", e.action().json());
    r.setField("alias", e.alias());
    r.setField("version", e.version());
    r.setField("from_version", e.fromVersion());
    r.setField("actor", e.actor());
    r.setField("reason", e.reason());
    r.setField("request_id", e.requestId());
    r.setField("at", timestamp(e.at()));
    r.setField("details", json(e.details()));
    return r;
  }

  static RegistryEvent event(Record r) {
    return new RegistryEvent(
        (String) r.getField("event_id"),
        (String) r.getField("model"),
        (Long) r.getField("seq"),
        Action.of((String) r.getField("action")),
        (String) r.getField("alias"),
        (Integer) r.getField("version"),
        (Integer) r.getField("from_version"),
        (String) r.getField("actor"),
        (String) r.getField("reason"),
        (String) r.getField("request_id"),
        instant(r.getField("at")),
        node((String) r.getField("details")));
  }

  /** Iceberg keeps microseconds: truncating first makes a record equal to what is read back. */
  static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  private static OffsetDateTime timestamp(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Object value) {
    return ((OffsetDateTime) value).toInstant();
  }

  private static String json(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode node(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse: " + e.getOriginalMessage(), e);
    }
  }
}
