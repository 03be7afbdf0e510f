package io.icegate.monitor;

import io.icegate.drift.DatasetDrift;
import io.icegate.drift.Drift;
import io.icegate.drift.DriftResult;
import io.icegate.drift.Sample;
import io.icegate.contract.ContractException;
import io.icegate.contract.ContractParser;
import io.icegate.contract.DataContract;
import io.icegate.engine.DuckEngine;
import io.icegate.gate.GatePolicy;
import io.icegate.ingest.IngestFunction;
import io.icegate.monitor.Monitor.MonitorColumn;
import io.icegate.monitor.ProfileSource.Batch;
import io.icegate.monitor.ProfileSource.Batches;
import io.icegate.profile.ColumnProfile;
import io.icegate.registry.AliasState;
import io.icegate.registry.ModelVersion;
import io.icegate.registry.Registry;
import io.icegate.registry.RegistryException;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;

/**
 * Runs one monitor's drift scan: resolves the reference and the current window, picks profile or
 * exact mode, tests every column with {@link Drift} and records the results in
 * {@code icegate.drift_results}.
 *
 * <p>Profile mode merges the profiles of the batches each side's snapshot holds ({@link ProfileSource}). A batch of
 * the current dataset belongs to the window when the range of its timestamp column (the profile's
 * min and max) overlaps {@code [now - window, now)}, and then counts whole. The data's own time
 * is used, not the ingest time, because an upload can land hours after its rows happened. In auto
 * mode a batch straddling a window edge sends the scan to exact mode, so both modes test the same
 * rows; a scan forced into profile mode counts it whole and says so in its reason.
 */
public final class DriftScanner {

  /**
   * Categorical cardinality up to which auto picks profile mode: frequent-items sketches of map
   * size 1024 count exactly up to 768 distinct values (see io.icegate.drift).
   */
  public static final long PROFILE_CARDINALITY = 768;

  private final IcegateTables tables;
  private final DuckEngine engine;
  private final Registry registry;
  private final Clock clock;
  private final ProfileSource profiles;
  private final DriftResults results;
  private final LiveFigures live;
  private final ObjectStore store;

  /** A scanner whose quality panel checks against the reference only (no contracts). */
  public DriftScanner(IcegateTables tables, DuckEngine engine, Registry registry, Clock clock) {
    this(tables, engine, registry, clock, null);
  }

  /** A scanner that also checks the current data against its contract in {@code store}. */
  public DriftScanner(IcegateTables tables, DuckEngine engine, Registry registry, Clock clock, ObjectStore store) {
    this.tables = tables;
    this.engine = engine;
    this.registry = registry;
    this.clock = clock;
    this.store = store;
    this.profiles = new ProfileSource(tables);
    this.results = new DriftResults(tables);
    this.live = new LiveFigures(tables, engine);
  }

  /** Where a side's data is: a dataset's table at one snapshot. */
  private record Pin(String dataset, Table table, long snapshotId) {
    Schema schema() {
      return table.schemas().get(table.snapshot(snapshotId).schemaId());
    }
  }

  /** The mode that will run and why; for profile mode the batches of both sides. */
  private record Plan(ScanMode mode, String reason, List<Batch> reference, List<Batch> current) {
    static Plan exact(String reason) {
      return new Plan(ScanMode.EXACT, reason, List.of(), List.of());
    }
  }

  /**
   * Scans {@code monitor} of {@code model} with the window ending at {@code now}, in {@code mode}
   * (null: the monitor's own), and appends the results to {@code icegate.drift_results}. The
   * monitor may have no performance or KPI panel: those need the policy's task.
   *
   * @throws MonitorException when the data cannot be compared as configured
   */
  public DriftScan scan(String model, Monitor monitor, Instant now, ScanMode mode) {
    if (monitor.performance() != null || monitor.kpi() != null) {
      throw new IllegalArgumentException("monitor '" + monitor.name() + "' has panels that need its policy");
    }
    return scan(model, null, monitor, now, mode);
  }

  /** As {@link #scan(String, Monitor, Instant, ScanMode)} for a monitor of {@code policy}, panels included. */
  public DriftScan scan(GatePolicy policy, Monitor monitor, Instant now, ScanMode mode) {
    return scan(policy.model(), policy, monitor, now, mode);
  }

  private DriftScan scan(String model, GatePolicy policy, Monitor monitor, Instant now, ScanMode mode) {
    Instant scannedAt = clock.instant();
    Monitor.Current cur = monitor.current();
    Integer version = aliasVersion(model, monitor.alias(), monitor.reference().training());
    Pin reference = reference(model, monitor, version);
    Table currentTable = table(cur.dataset());
    Snapshot snapshot = currentTable.currentSnapshot();
    if (snapshot == null) {
      throw MonitorException.invalid("dataset '" + cur.dataset() + "' has no data yet");
    }
    Pin current = new Pin(cur.dataset(), currentTable, snapshot.snapshotId());
    Instant to = now.truncatedTo(ChronoUnit.MICROS);
    Instant from = to.minus(cur.window());
    Map<String, ColumnProfile.Kind> kinds = kinds(monitor, reference, current);
    Plan plan = plan(mode == null ? monitor.mode() : mode, monitor, kinds, reference, current, from, to);
    QualityChecks quality = new QualityChecks(contract(cur.dataset()));
    List<ColumnDrift> columns = plan.mode() == ScanMode.PROFILE
        ? profileColumns(monitor, plan, current, from, to, quality)
        : exactColumns(monitor, kinds, reference, current, from, to, quality);
    Panels panels = policy == null ? new Panels(quality.figures(), null, null)
        : live.panels(policy, monitor, version, from, to, quality.figures());
    List<ColumnDrift> sorted = new ArrayList<>(columns);
    sorted.sort(Comparator.comparingDouble(ColumnDrift::severity).reversed());
    DatasetDrift dataset = DatasetDrift.of(columns.stream().map(ColumnDrift::result).toList(), monitor.driftShare());
    String scanId = UUID.randomUUID().toString();
    DriftScan scan = new DriftScan(scanId, model, monitor.name(), monitor.alias(), version,
        reference.dataset(), reference.snapshotId(), current.dataset(), current.snapshotId(), from, to,
        plan.mode(), plan.reason(), sorted, dataset, scannedAt, DriftReport.key(model, scanId), panels);
    results.append(scan);
    return scan;
  }

  /** The results table this scanner appends to, for budgets and schedules. */
  DriftResults results() {
    return results;
  }

  private Integer aliasVersion(String model, String alias, boolean needed) {
    try {
      Integer version = registry.alias(model, alias).version();
      if (version == null && needed) {
        throw MonitorException.invalid("alias '" + alias + "' of model '" + model
            + "' points at no version, so there is no training snapshot to compare with");
      }
      return version;
    } catch (RegistryException.NotFound e) {
      if (needed) {
        throw MonitorException.notFound(e.getMessage() + "; the monitor's reference is the training"
            + " snapshot of the version behind it");
      }
      return null;
    }
  }

  private Pin reference(String model, Monitor monitor, Integer version) {
    Monitor.Reference r = monitor.reference();
    if (r.training()) {
      ModelVersion v = registry.version(model, version);
      Table table = table(v.dataset());
      if (table.snapshot(v.trainingSnapshotId()) == null) {
        throw MonitorException.notFound("training snapshot " + v.trainingSnapshotId() + " of model '" + model
            + "' version " + version + " is no longer in dataset '" + v.dataset() + "'");
      }
      return new Pin(v.dataset(), table, v.trainingSnapshotId());
    }
    Table table = table(r.dataset());
    if (r.snapshotId() != null) {
      if (table.snapshot(r.snapshotId()) == null) {
        throw MonitorException.notFound("dataset '" + r.dataset() + "' has no snapshot " + r.snapshotId());
      }
      return new Pin(r.dataset(), table, r.snapshotId());
    }
    SnapshotRef ref = table.refs().get(r.snapshotTag());
    if (ref == null) {
      throw MonitorException.notFound("dataset '" + r.dataset() + "' has no tag or branch '" + r.snapshotTag() + "'");
    }
    return new Pin(r.dataset(), table, ref.snapshotId());
  }

  private Table table(String dataset) {
    return tables.dataset(dataset)
        .orElseThrow(() -> MonitorException.notFound("dataset '" + dataset + "' does not exist"));
  }

  /** Each tested column's kind; both sides must have it, as the same kind of values. */
  private static Map<String, ColumnProfile.Kind> kinds(Monitor monitor, Pin reference, Pin current) {
    Schema refSchema = reference.schema();
    Schema curSchema = current.schema();
    Monitor.Current cur = monitor.current();
    Types.NestedField ts = curSchema.findField(cur.timestampColumn());
    if (ts == null || ColumnProfile.Kind.of(ts.type()) != ColumnProfile.Kind.TEMPORAL) {
      throw MonitorException.invalid("monitor '" + monitor.name() + "': dataset '" + cur.dataset() + "' has no "
          + (ts == null ? "" : "date or timestamp ") + "column '" + cur.timestampColumn() + "' (timestampColumn)");
    }
    for (String f : cur.filter().keySet()) {
      if (curSchema.findField(f) == null) {
        throw MonitorException.invalid("monitor '" + monitor.name() + "': dataset '" + cur.dataset()
            + "' has no column '" + f + "' (filter)");
      }
    }
    Map<String, ColumnProfile.Kind> kinds = new LinkedHashMap<>();
    for (MonitorColumn c : monitor.columns()) {
      Types.NestedField r = refSchema.findField(c.name());
      Types.NestedField k = curSchema.findField(c.name());
      if (r == null || k == null) {
        Pin missing = r == null ? reference : current;
        throw MonitorException.invalid("monitor '" + monitor.name() + "': dataset '" + missing.dataset()
            + "' at snapshot " + missing.snapshotId() + " has no column '" + c.name() + "'");
      }
      ColumnProfile.Kind rk = ColumnProfile.Kind.of(r.type());
      ColumnProfile.Kind ck = ColumnProfile.Kind.of(k.type());
      if (rk != ck) {
        throw MonitorException.invalid("monitor '" + monitor.name() + "': column '" + c.name() + "' is "
            + rk.name().toLowerCase() + " in the reference but " + ck.name().toLowerCase() + " in the current data");
      }
      kinds.put(c.name(), rk);
    }
    return kinds;
  }

  private Plan plan(ScanMode requested, Monitor monitor, Map<String, ColumnProfile.Kind> kinds, Pin reference,
      Pin current, Instant from, Instant to) {
    if (requested == ScanMode.EXACT) {
      return Plan.exact("exact mode was asked for");
    }
    String blocker = null;
    String straddle = null;
    List<Batch> refBatches = List.of();
    List<Batch> inWindow = new ArrayList<>();
    if (!monitor.current().filter().isEmpty()) {
      blocker = "the current window filters rows on " + monitor.current().filter().keySet()
          + ", which whole-batch profiles cannot do";
    }
    if (blocker == null) {
      Batches ref = profiles.batches(reference.table(), reference.dataset(), reference.snapshotId());
      Batches cur = profiles.batches(current.table(), current.dataset(), current.snapshotId());
      blocker = ref.problem() != null ? ref.problem() : cur.problem();
      refBatches = ref.batches();
      if (blocker == null) {
        blocker = missingProfile(reference.dataset(), ref.batches(), kinds.keySet());
      }
      if (blocker == null) {
        List<String> needed = new ArrayList<>(kinds.keySet());
        needed.add(monitor.current().timestampColumn());
        blocker = missingProfile(current.dataset(), cur.batches(), needed);
      }
      if (blocker == null) {
        double lo = micros(from);
        double hi = micros(to);
        List<String> straddling = new ArrayList<>();
        for (Batch b : cur.batches()) {
          ColumnProfile t = b.columns().get(monitor.current().timestampColumn());
          if (t.min() == null || t.max() < lo || t.min() >= hi) {
            continue;
          }
          inWindow.add(b);
          if (t.min() < lo || t.max() >= hi) {
            straddling.add(b.batchId());
          }
        }
        if (inWindow.isEmpty()) {
          blocker = "no batch of '" + current.dataset() + "' has rows in the window";
        } else if (!straddling.isEmpty()) {
          straddle = straddling.size() + " batch(es) straddle the window edge (" + String.join(", ", straddling) + ")";
        }
      }
    }
    if (requested == ScanMode.PROFILE) {
      if (blocker != null) {
        throw MonitorException.invalid("monitor '" + monitor.name() + "' cannot run in profile mode: " + blocker);
      }
      return new Plan(ScanMode.PROFILE, "profile mode was asked for" + (straddle == null ? ""
          : "; " + straddle + " and count whole"), refBatches, inWindow);
    }
    if (blocker != null) {
      return Plan.exact("auto: " + blocker);
    }
    if (straddle != null) {
      return Plan.exact("auto: " + straddle + ", so only raw rows give the exact window");
    }
    for (Map.Entry<String, ColumnProfile.Kind> e : kinds.entrySet()) {
      if (e.getValue().isCategorical()) {
        for (List<Batch> side : List.of(refBatches, inWindow)) {
          double distinct = ProfileSource.merge(side, e.getKey()).hllSketch().getEstimate();
          if (distinct > PROFILE_CARDINALITY) {
            return Plan.exact("auto: column '" + e.getKey() + "' has about " + Math.round(distinct)
                + " distinct values, above the " + PROFILE_CARDINALITY + " that profiles count exactly");
          }
        }
      }
    }
    return new Plan(ScanMode.PROFILE, "auto: profiles of " + refBatches.size() + " reference and " + inWindow.size()
        + " current batch(es) cover every column, none straddles the window, categorical cardinality <= "
        + PROFILE_CARDINALITY, refBatches, inWindow);
  }

  private static String missingProfile(String dataset, List<Batch> batches, Iterable<String> columns) {
    for (Batch b : batches) {
      for (String c : columns) {
        if (!b.columns().containsKey(c)) {
          return "batch " + b.batchId() + " of '" + dataset + "' has no profile of column '" + c + "'";
        }
      }
    }
    return null;
  }

  private static double micros(Instant t) {
    return t.getEpochSecond() * 1_000_000.0 + t.getNano() / 1000;
  }

  /** The current dataset's contract in force, or null without a store or contract. */
  private DataContract contract(String dataset) {
    if (store == null) {
      return null;
    }
    ObjectKey key = IngestFunction.contractKey(dataset);
    try {
      return ContractParser.parse(new String(store.readAllBytes(key), StandardCharsets.UTF_8), key.toString());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ContractException e) {
      // ingest refuses uploads under a broken contract, so there is nothing newer to check against
      return null;
    }
  }

  private List<ColumnDrift> profileColumns(Monitor monitor, Plan plan, Pin current, Instant from, Instant to,
      QualityChecks quality) {
    List<ColumnDrift> out = new ArrayList<>();
    for (MonitorColumn c : monitor.columns()) {
      ColumnProfile ref = ProfileSource.merge(plan.reference(), c.name());
      ColumnProfile cur = ProfileSource.merge(plan.current(), c.name());
      quality.nulls(c.name(), ref.count(), ref.nulls(), cur.count(), cur.nulls());
      out.add(test(monitor, c, ref.nonNull() == 0 ? null : Sample.of(ref),
          cur.nonNull() == 0 ? null : Sample.of(cur), current, from, to, quality));
    }
    return out;
  }

  private List<ColumnDrift> exactColumns(Monitor monitor, Map<String, ColumnProfile.Kind> kinds, Pin reference,
      Pin current, Instant from, Instant to, QualityChecks quality) {
    Monitor.Current cur = monitor.current();
    Path work = engine.tempDir().resolve("drift-" + UUID.randomUUID());
    Expression window = Expressions.and(
        Expressions.greaterThanOrEqual(cur.timestampColumn(), (long) micros(from)),
        Expressions.lessThan(cur.timestampColumn(), (long) micros(to)));
    try (Connection c = engine.open();
        SnapshotFiles refFiles = SnapshotFiles.plan(reference.table(), reference.snapshotId(),
            Expressions.alwaysTrue(), work);
        SnapshotFiles curFiles = SnapshotFiles.plan(current.table(), current.snapshotId(), window, work)) {
      ExactSource source = new ExactSource(c);
      ExactSource.Rows refRows = ExactSource.Rows.all(refFiles.paths());
      ExactSource.Rows curRows = new ExactSource.Rows(curFiles.paths(), cur.timestampColumn(), from, to, cur.filter());
      List<String> names = monitor.columns().stream().map(MonitorColumn::name).toList();
      long[] refCounts = refFiles.paths().isEmpty() ? new long[names.size() + 1] : source.counts(refRows, names, kinds);
      long[] curCounts = curFiles.paths().isEmpty() ? new long[names.size() + 1] : source.counts(curRows, names, kinds);
      // one query per side for all columns whose values repeat: each file and the window read once
      Map<String, Sample> refs = refFiles.paths().isEmpty() ? Map.of() : source.samples(refRows, kinds);
      Map<String, Sample> nows = curFiles.paths().isEmpty() ? Map.of() : source.samples(curRows, kinds);
      List<ColumnDrift> out = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        MonitorColumn col = monitor.columns().get(i);
        quality.nulls(col.name(), refCounts[0], refCounts[i + 1], curCounts[0], curCounts[i + 1]);
        Sample ref = refs.containsKey(col.name()) ? nonEmpty(refs.get(col.name())) : null;
        Sample now = nows.containsKey(col.name()) ? nonEmpty(nows.get(col.name())) : null;
        out.add(test(monitor, col, ref, now, current, from, to, quality));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("drift scan of monitor '" + monitor.name() + "' failed in DuckDB: "
          + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(work);
      } catch (IOException ignored) {
        // only the empty folder is left behind: SnapshotFiles removed its copies
      }
    }
  }

  private static Sample nonEmpty(Sample s) {
    return s.count() == 0 ? null : s;
  }

  /** Tests one column; a side without values is refused, since no statistic can be computed. */
  private static ColumnDrift test(Monitor monitor, MonitorColumn c, Sample ref, Sample cur, Pin current,
      Instant from, Instant to, QualityChecks quality) {
    if (ref == null) {
      throw MonitorException.invalid("monitor '" + monitor.name() + "': the reference has no values of column '"
          + c.name() + "'");
    }
    if (cur == null) {
      throw MonitorException.invalid("monitor '" + monitor.name() + "': dataset '" + current.dataset()
          + "' has no values of column '" + c.name() + "' in the window [" + from + ", " + to + ")");
    }
    try {
      DriftResult r = Drift.test(ref, cur, c.method(), c.threshold());
      quality.values(c.name(), ref, cur);
      return new ColumnDrift(c.name(), ref.type(), r, ref.count(), cur.count(), Drift.bins(ref, cur));
    } catch (IllegalArgumentException e) {
      throw MonitorException.invalid("monitor '" + monitor.name() + "', column '" + c.name() + "': " + e.getMessage());
    }
  }
}
