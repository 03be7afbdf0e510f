package io.icegate.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.icegate.contract.ContractException;
import io.icegate.contract.ContractParser;
import io.icegate.contract.DataContract;
import io.icegate.contract.LogicalType;
import io.icegate.contract.Property;
import io.icegate.contract.SchemaObject;
import io.icegate.engine.DuckEngine;
import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.Json;
import io.icegate.ingest.ObjectCreated;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.store.Sha256;
import io.icegate.table.IcegateTables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records labels and corrections for request ids in dataset {@value #DATASET}, append-only.
 *
 * <p>Items are applied in order, as if sent one at a time. Per (request id, source) the same label
 * again is a duplicate (nothing written; the existing row is the answer); a different label is a
 * correction, a new row whose {@code corrects} names the row it replaces. A request id that
 * dataset {@value #PREDICTIONS} does not have is accepted with a warning (labels may arrive before
 * the inference log is ingested), unless the caller asks to refuse it.
 *
 * <p>New rows go through the ingest function as one JSON-lines upload under
 * {@code landing/feedback/}: the feedback contract validates them and the snapshot records their
 * lineage like any upload. Idempotency does not need a conditional write: within one service the
 * read-decide-write of a batch is serialized, and a row's id is derived from request id, source,
 * label and the row it corrects, so two instances recording the same label at once write two rows
 * with one id, which readers count once.
 */
public final class FeedbackService {

  /** The dataset labels are written to. */
  public static final String DATASET = "feedback";
  /** The dataset holding the inference log. */
  public static final String PREDICTIONS = "predictions";
  /** Items one call may carry. */
  public static final int MAX_ITEMS = 1000;
  /** Longest request id (the contracts' limit). */
  public static final int MAX_REQUEST_ID = 128;
  /** Longest source (the feedback contract's limit). */
  public static final int MAX_SOURCE = 200;
  /** Longest label. */
  public static final int MAX_LABEL = 1000;

  /** The columns the API writes, and their logical types in the contract. */
  private static final Map<String, LogicalType> COLUMNS = columns();

  private static final DateTimeFormatter KEY_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackService.class);

  private final ObjectStore store;
  private final Clock clock;
  private final Function<ObjectCreated, IngestReport> ingest;
  private final FeedbackLog log;

  /**
   * @param ingest the {@code ingest} function, which stores the new rows
   */
  public FeedbackService(ObjectStore store, IcegateTables tables, DuckEngine engine, Clock clock,
      Function<ObjectCreated, IngestReport> ingest) {
    this.store = store;
    this.clock = clock;
    this.ingest = ingest;
    this.log = new FeedbackLog(tables, engine);
  }

  /**
   * Records a batch of labels for {@code actor}.
   *
   * @param requireKnown refuse items whose request id dataset {@value #PREDICTIONS} does not have
   * @throws FeedbackException for an empty or oversized batch (parameter {@code items}), or when the
   *     feedback contract is missing or lacks the columns the API writes
   */
  public synchronized FeedbackBatch record(String actor, List<FeedbackItem> items, boolean requireKnown) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("an actor is required");
    }
    if (items == null || items.isEmpty()) {
      throw FeedbackException.invalid("items", "no labels: send at least one item");
    }
    if (items.size() > MAX_ITEMS) {
      throw FeedbackException.invalid("items", items.size() + " items; at most " + MAX_ITEMS
          + " per request (split the batch)");
    }
    requireContract();
    String[] refusals = new String[items.size()];
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      refusals[i] = problem(items.get(i));
      if (refusals[i] == null) {
        ids.add(items.get(i).requestId());
      }
    }
    Map<FeedbackLog.Key, FeedbackRecord> current = new HashMap<>(log.latest(ids));
    Set<String> known = log.known(ids);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);

    FeedbackOutcome[] outcomes = new FeedbackOutcome[items.size()];
    List<FeedbackRecord> rows = new ArrayList<>();
    Map<String, Integer> rowIndex = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      FeedbackItem item = items.get(i);
      if (refusals[i] != null) {
        outcomes[i] = new FeedbackOutcome(i, item.requestId(), item.source(), FeedbackOutcome.Status.REFUSED, null,
            refusals[i], null, null, null);
        continue;
      }
      boolean isKnown = known.contains(item.requestId());
      if (!isKnown && requireKnown) {
        outcomes[i] = new FeedbackOutcome(i, item.requestId(), item.source(), FeedbackOutcome.Status.REFUSED, false,
            "request id '" + item.requestId() + "' is not in dataset '" + PREDICTIONS
                + "' (refused because requireKnownRequestIds is set)", null, null, null);
        continue;
      }
      String warning = isKnown ? null : "request id '" + item.requestId() + "' is not in dataset '" + PREDICTIONS
          + "' (yet); the label is recorded anyway";
      FeedbackLog.Key key = new FeedbackLog.Key(item.requestId(), item.source());
      FeedbackRecord previous = current.get(key);
      if (previous != null && previous.label().equals(item.label())) {
        outcomes[i] = new FeedbackOutcome(i, item.requestId(), item.source(), FeedbackOutcome.Status.DUPLICATE,
            isKnown, null, warning, previous, null);
        continue;
      }
      String corrects = previous == null ? null : previous.feedbackId();
      // a correction is always later than what it corrects, so "the latest ts counts" picks it
      Instant ts = previous == null || previous.ts() == null || now.isAfter(previous.ts())
          ? now : previous.ts().plus(1, ChronoUnit.MICROS);
      FeedbackRecord row = new FeedbackRecord(feedbackId(item.requestId(), item.source(), item.label(), corrects),
          item.requestId(), item.label(), item.source(), ts, corrects, actor);
      current.put(key, row);
      rowIndex.put(row.feedbackId(), rows.size());
      rows.add(row);
      outcomes[i] = new FeedbackOutcome(i, item.requestId(), item.source(),
          previous == null ? FeedbackOutcome.Status.RECORDED : FeedbackOutcome.Status.CORRECTED, isKnown, null,
          warning, row, previous == null ? null : previous.label());
    }

    FeedbackBatch.Ingest stored = null;
    if (!rows.isEmpty()) {
      Stored s = store(rows, now);
      stored = s.ingest();
      for (int i = 0; i < outcomes.length; i++) {
        FeedbackOutcome o = outcomes[i];
        boolean written = o.status() == FeedbackOutcome.Status.RECORDED || o.status() == FeedbackOutcome.Status.CORRECTED;
        String refused = written ? s.refused().get(o.feedback().feedbackId()) : null;
        if (refused != null) {
          outcomes[i] = new FeedbackOutcome(o.index(), o.requestId(), o.source(), FeedbackOutcome.Status.REFUSED,
              o.knownRequestId(), refused, null, null, null);
        }
      }
    }
    return summarize(List.of(outcomes), stored);
  }

  private static FeedbackBatch summarize(List<FeedbackOutcome> outcomes, FeedbackBatch.Ingest ingest) {
    int[] counts = new int[FeedbackOutcome.Status.values().length];
    int unknown = 0;
    for (FeedbackOutcome o : outcomes) {
      counts[o.status().ordinal()]++;
      if (o.status() != FeedbackOutcome.Status.REFUSED && Boolean.FALSE.equals(o.knownRequestId())) {
        unknown++;
      }
    }
    return new FeedbackBatch(counts[FeedbackOutcome.Status.RECORDED.ordinal()],
        counts[FeedbackOutcome.Status.DUPLICATE.ordinal()], counts[FeedbackOutcome.Status.CORRECTED.ordinal()],
        counts[FeedbackOutcome.Status.REFUSED.ordinal()], unknown, ingest, outcomes);
  }

  /** The rows' upload and, by feedback id, the reasons of rows the contract refused. */
  private record Stored(FeedbackBatch.Ingest ingest, Map<String, String> refused) {}

  /** Lands the rows as one JSON-lines object and ingests it. */
  private Stored store(List<FeedbackRecord> rows, Instant now) {
    ObjectKey key = ObjectKey.of(IngestFunction.LANDING + DATASET + "/api-" + KEY_TIME.format(now) + "-"
        + String.format("%08x", ThreadLocalRandom.current().nextInt()) + ".jsonl");
    ObjectInfo info;
    try {
      info = store.put(key, jsonLines(rows));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + key, e);
    }
    // the etag lets the ingest recognise a delivery a landing watcher already committed
    IngestReport r = ingest.apply(new ObjectCreated(key.value(), info.size(), info.etag(), null));
    FeedbackBatch.Ingest summary = new FeedbackBatch.Ingest(r.batchId(), r.status().json(), r.snapshotId(),
        key.value(), r.rowsAccepted());
    Map<String, String> refused = new HashMap<>();
    switch (r.status()) {
      case COMMITTED, DUPLICATE -> {
        if (r.rowsRejected() > 0) {
          refused.putAll(rejected(r));
        }
      }
      case QUARANTINED -> {
        String why = "the feedback contract refused the batch: " + String.join("; ", r.reasons())
            + " (report in " + r.quarantine() + ")";
        rows.forEach(row -> refused.put(row.feedbackId(), why));
      }
      case FAILED -> {
        // left in landing, a watcher or event would ingest it later: the caller is told nothing was stored
        deleteQuietly(key);
        throw new IllegalStateException("the labels could not be stored (ingest batch " + r.batchId() + " failed: "
            + String.join("; ", r.reasons()) + "); nothing was recorded, send them again");
      }
      default -> throw new IllegalStateException("unexpected ingest status " + r.status());
    }
    return new Stored(summary, refused);
  }

  private static byte[] jsonLines(List<FeedbackRecord> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (FeedbackRecord row : rows) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("feedback_id", row.feedbackId());
        line.put("request_id", row.requestId());
        line.put("label", row.label());
        line.put("source", row.source());
        line.put("ts", row.ts().toString());
        line.put("corrects", row.corrects());
        line.put("actor", row.actor());
        out.write(Json.MAPPER.writeValueAsBytes(line));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reasons per feedback id of the rows the ingest split off (rows mode), from the quarantine's rejected.jsonl. */
  private Map<String, String> rejected(IngestReport r) {
    Map<String, String> out = new HashMap<>();
    ObjectKey key = ObjectKey.of(r.quarantine() + "rejected.jsonl");
    try {
      for (String line : new String(store.readAllBytes(key), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode rejected = Json.MAPPER.readTree(line);
        String id = rejected.path("row").path("feedback_id").asText(null);
        if (id != null) {
          List<String> reasons = new ArrayList<>();
          rejected.path("reasons").forEach(reason -> reasons.add(reason.asText()));
          out.put(id, "the feedback contract refused the row: " + String.join("; ", reasons));
        }
      }
    } catch (IOException e) {
      LOG.warn("ingest batch {} rejected {} feedback rows but {} cannot be read: {}", r.batchId(), r.rowsRejected(),
          key, e.toString());
    }
    return out;
  }

  private void deleteQuietly(ObjectKey key) {
    try {
      store.delete(key);
    } catch (IOException e) {
      LOG.warn("could not remove {} after a failed ingest: {}", key, e.toString());
    }
  }

  /**
   * Refuses a contract that is missing or cannot hold the rows the API writes, before anything is
   * written, so the caller hears what to fix instead of finding the batch in quarantine.
   */
  private void requireContract() {
    ObjectKey key = IngestFunction.contractKey(DATASET);
    String text;
    try {
      text = new String(store.readAllBytes(key), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw FeedbackException.unprocessable("no contract for dataset '" + DATASET + "': expected " + key
          + " (store local/samples/contracts/feedback.yaml with: icegate contracts put)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + key, e);
    }
    DataContract contract;
    try {
      contract = ContractParser.parse(text, key.value());
    } catch (ContractException e) {
      throw FeedbackException.unprocessable("contract " + key + " is invalid: " + e.getMessage());
    }
    SchemaObject object = contract.objectFor(DATASET).orElseThrow(() -> FeedbackException.unprocessable(
        "contract " + key + " has no schema object named '" + DATASET + "'"));
    List<String> problems = new ArrayList<>();
    COLUMNS.forEach((column, type) -> {
      Property p = object.property(column).orElse(null);
      if (p == null) {
        problems.add("no column '" + column + "'");
      } else if (p.logicalType() != type) {
        problems.add("column '" + column + "' is " + p.logicalType().odcsName() + ", not " + type.odcsName());
      }
    });
    for (Property p : object.properties()) {
      if (p.required() && !COLUMNS.containsKey(p.name())) {
        problems.add("required column '" + p.name() + "' is not one the API writes");
      }
    }
    if (!problems.isEmpty()) {
      throw FeedbackException.unprocessable("contract " + key + " (version " + contract.version()
          + ") cannot hold the labels the API writes: " + String.join("; ", problems)
          + " (local/samples/contracts/feedback.yaml version 1.1.0 has every column)");
    }
  }

  /** Why an item cannot be recorded, or null. */
  static String problem(FeedbackItem item) {
    if (item == null) {
      return "the item is null; send an object with requestId, label and source";
    }
    String p = text("requestId", item.requestId(), MAX_REQUEST_ID);
    if (p == null) {
      p = text("label", item.label(), MAX_LABEL);
    }
    if (p == null) {
      p = text("source", item.source(), MAX_SOURCE);
    }
    return p;
  }

  private static String text(String field, String value, int max) {
    if (value == null) {
      return field + " is missing";
    }
    if (value.isBlank()) {
      return field + " is empty";
    }
    if (value.length() > max) {
      return field + " has " + value.length() + " characters; at most " + max;
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      return field + " contains a control character";
    }
    if (!value.equals(value.strip())) {
      // "yes" and "yes " would be two labels: say so instead of guessing which was meant
      return field + " has leading or trailing whitespace";
    }
    return null;
  }

  /** The id of a row: a digest of what it says, so the same label recorded twice has one id. */
  static String feedbackId(String requestId, String source, String label, String corrects) {
    var digest = Sha256.digest();
    for (String part : new String[] {requestId, source, label, corrects == null ? "" : corrects}) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    return Sha256.hex(digest).substring(0, 32);
  }

  private static Map<String, LogicalType> columns() {
    Map<String, LogicalType> m = new LinkedHashMap<>();
    for (String c : List.of("feedback_id", "request_id", "label", "source", "corrects", "actor")) {
      m.put(c, LogicalType.STRING);
    }
    m.put("ts", LogicalType.TIMESTAMP);
    return Collections.unmodifiableMap(m);
  }
}
