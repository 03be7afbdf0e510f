package io.icegate.gate;

import io.icegate.store.Sha256;
import io.icegate.engine.DuckEngine;
import io.icegate.engine.Sql;
import io.icegate.gate.EvaluationSet.PredictionSource;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import io.icegate.table.SnapshotFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.DuckDBReadableVector;

/**
 * Joins predictions files to the labels of a pinned snapshot in DuckDB. Every way the two can fail
 * to line up is an error, never a silently smaller evaluation: a candidate that skips hard rows, or
 * scores rows the snapshot does not have, must not pass a gate.
 */
final class EvaluationLoader {

  /** Examples quoted in an error message. */
  private static final int EXAMPLES = 5;

  private final IcegateTables tables;
  private final ObjectStore store;
  private final DuckEngine engine;

  EvaluationLoader(IcegateTables tables, ObjectStore store, DuckEngine engine) {
    this.tables = tables;
    this.store = store;
    this.engine = engine;
  }

  /** The snapshot id a request pins: an id of the table's history or a tag/branch name. */
  static long resolveSnapshot(Table table, String dataset, Long snapshotId, String tag) {
    if ((snapshotId == null) == (tag == null)) {
      throw GateException.invalid("pin the evaluation data with exactly one of snapshotId and snapshotTag");
    }
    if (snapshotId != null) {
      if (table.snapshot(snapshotId) == null) {
        throw GateException.notFound("dataset '" + dataset + "' has no snapshot " + snapshotId);
      }
      return snapshotId;
    }
    SnapshotRef ref = table.refs().get(tag);
    if (ref == null) {
      throw GateException.notFound("dataset '" + dataset + "' has no tag or branch '" + tag + "'");
    }
    return ref.snapshotId();
  }

  /** The evaluation dataset's table. */
  Table table(String dataset) {
    return tables.dataset(dataset)
        .orElseThrow(() -> GateException.notFound("dataset '" + dataset + "' does not exist"));
  }

  /** Loads and aligns; {@code baselineKey} may be null. */
  EvaluationSet load(GatePolicy policy, String dataset, long snapshotId, String candidateKey, String baselineKey)
      throws IOException, SQLException {
    return load(policy, table(dataset), dataset, snapshotId, candidateKey, baselineKey);
  }

  /** {@link #load(GatePolicy, String, long, String, String)} on a table already loaded. */
  EvaluationSet load(GatePolicy policy, Table table, String dataset, long snapshotId, String candidateKey,
      String baselineKey) throws IOException, SQLException {
    Snapshot snapshot = table.snapshot(snapshotId);
    Schema schema = table.schemas().get(snapshot.schemaId());
    GatePolicy.Evaluation ev = policy.evaluation();
    List<String> sliceColumns = policy.slices().stream().map(GatePolicy.SliceRule::column).distinct().toList();
    List<String> needed = new ArrayList<>(List.of(ev.id(), ev.label()));
    needed.addAll(sliceColumns);
    List<String> missing = needed.stream().filter(c -> schema.findField(c) == null).distinct().toList();
    if (!missing.isEmpty()) {
      throw GateException.invalid("dataset '" + dataset + "' at snapshot " + snapshotId + " has no column "
          + quoteAll(missing) + " named by policy '" + policy.model() + "' version " + policy.version());
    }
    Path work = engine.tempDir().resolve("gate-" + UUID.randomUUID());
    Files.createDirectories(work);
    try (Connection c = engine.open();
        SnapshotFiles files = SnapshotFiles.plan(table, snapshotId, Expressions.alwaysTrue(), work)) {
      if (files.paths().isEmpty()) {
        throw GateException.invalid("dataset '" + dataset + "' is empty at snapshot " + snapshotId);
      }
      createLabels(c, files.paths(), ev, sliceColumns);
      checkLabels(c, dataset, snapshotId, policy);
      PredictionSource candidateSource = stage(c, "cand", candidateKey, work, policy);
      PredictionSource baselineSource = baselineKey == null ? null : stage(c, "base", baselineKey, work, policy);
      return align(c, dataset, snapshotId, policy, sliceColumns, candidateSource, baselineSource);
    } finally {
      deleteTree(work);
    }
  }

  private static void createLabels(Connection c, List<String> files, GatePolicy.Evaluation ev, List<String> slices)
      throws SQLException {
    StringBuilder sql = new StringBuilder("CREATE TEMP TABLE labels AS SELECT CAST(")
        .append(Sql.ident(ev.id())).append(" AS VARCHAR) AS id, ").append(Sql.ident(ev.label())).append(" AS label");
    for (int i = 0; i < slices.size(); i++) {
      sql.append(", CAST(").append(Sql.ident(slices.get(i))).append(" AS VARCHAR) AS s").append(i);
    }
    // the paths are icegate's own warehouse and staging files
    sql.append(" FROM read_parquet(").append(files.stream().map(Sql::literal)
        .collect(Collectors.joining(", ", "[", "]"))).append(", union_by_name = true)");
    try (Statement s = c.createStatement()) {
      s.execute(sql.toString());
    }
  }

  private static void checkLabels(Connection c, String dataset, long snapshotId, GatePolicy policy)
      throws SQLException {
    String where = "dataset '" + dataset + "' at snapshot " + snapshotId;
    long nullIds = count(c, "SELECT count(*) FROM labels WHERE id IS NULL");
    if (nullIds > 0) {
      throw GateException.invalid(where + " has " + nullIds + " rows without " + quote(policy.evaluation().id()));
    }
    List<String> dupes = strings(c, "SELECT id FROM labels GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT " + EXAMPLES);
    if (!dupes.isEmpty()) {
      throw GateException.invalid(where + " has duplicate " + quote(policy.evaluation().id()) + " values, e.g. "
          + quoteAll(dupes) + "; each evaluation row needs a unique id");
    }
    long nullLabels = count(c, "SELECT count(*) FROM labels WHERE label IS NULL");
    if (nullLabels > 0) {
      throw GateException.invalid(where + " has " + nullLabels + " rows without a label in "
          + quote(policy.evaluation().label()) + "; evaluate on a snapshot where every row is labelled");
    }
  }

  /** Copies the object next to DuckDB, hashing it on the way, and loads it as a temp table. */
  private PredictionSource stage(Connection c, String name, String key, Path work, GatePolicy policy)
      throws IOException, SQLException {
    ObjectKey objectKey;
    try {
      objectKey = ObjectKey.of(key);
    } catch (IllegalArgumentException e) {
      throw GateException.invalid("predictions key '" + key + "' is not a valid object key: " + e.getMessage());
    }
    String format = format(key);
    Path local = work.resolve(name + "." + format + (key.endsWith(".gz") ? ".gz" : ""));
    MessageDigest sha = Sha256.digest();
    long bytes;
    try (InputStream in = new DigestInputStream(store.open(objectKey), sha);
        OutputStream out = Files.newOutputStream(local)) {
      bytes = in.transferTo(out);
    } catch (NoSuchFileException e) {
      throw GateException.notFound("predictions object '" + key + "' does not exist");
    }
    String id = policy.evaluation().id();
    String path = Sql.literal(local.toString());
    String reader = switch (format) {
      case "csv" -> "read_csv(" + path + ", header = true, types = {" + Sql.literal(id) + ": 'VARCHAR'})";
      case "parquet" -> "read_parquet(" + path + ")";
      default -> "read_json(" + path + ", format = 'newline_delimited')";
    };
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE " + name + "_raw AS SELECT * FROM " + reader);
    } catch (SQLException e) {
      throw GateException.invalid("predictions '" + key + "' cannot be read as " + format + ": " + firstLine(e));
    }
    Set<String> columns = columns(c, name + "_raw");
    String valueColumn = policy.task() == Task.BINARY ? "score" : "prediction";
    List<String> missing = List.of(id, valueColumn).stream().filter(col -> !columns.contains(col)).toList();
    if (!missing.isEmpty()) {
      throw GateException.invalid("predictions '" + key + "' lack column " + quoteAll(missing) + " (found "
          + quoteAll(List.copyOf(columns)) + "); a " + policy.task().name().toLowerCase(Locale.ROOT)
          + " predictions file has " + quote(id) + " and " + quote(valueColumn)
          + (policy.task() == Task.MULTICLASS ? ", optionally proba_<class> columns" : ""));
    }
    StringBuilder select = new StringBuilder("CREATE TEMP TABLE " + name + " AS SELECT CAST(")
        .append(Sql.ident(id)).append(" AS VARCHAR) AS id, ");
    select.append(policy.task() == Task.MULTICLASS
        ? "CAST(\"prediction\" AS VARCHAR) AS v"
        : "TRY_CAST(" + Sql.ident(valueColumn) + " AS DOUBLE) AS v");
    for (String col : columns) {
      if (col.startsWith("proba_")) {
        select.append(", TRY_CAST(").append(Sql.ident(col)).append(" AS DOUBLE) AS ").append(Sql.ident(col));
      }
    }
    select.append(" FROM ").append(name).append("_raw");
    try (Statement s = c.createStatement()) {
      s.execute(select.toString());
    }
    checkPredictions(c, name, key, policy);
    return new PredictionSource(key, Sha256.hex(sha), bytes);
  }

  private static void checkPredictions(Connection c, String name, String key, GatePolicy policy) throws SQLException {
    if (clean(c, name, policy)) {
      return;
    }
    // something is wrong: find what, with examples
    String what = "predictions '" + key + "'";
    long nullIds = count(c, "SELECT count(*) FROM " + name + " WHERE id IS NULL");
    if (nullIds > 0) {
      throw GateException.invalid(what + " have " + nullIds + " rows without " + quote(policy.evaluation().id()));
    }
    List<String> dupes = strings(c, "SELECT id FROM " + name + " GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT " + EXAMPLES);
    if (!dupes.isEmpty()) {
      throw GateException.invalid(what + " score some ids more than once, e.g. " + quoteAll(dupes));
    }
    if (policy.task() != Task.MULTICLASS) {
      List<String> bad = strings(c, "SELECT id FROM " + name + " WHERE v IS NULL OR isnan(v) OR isinf(v) ORDER BY id LIMIT "
          + EXAMPLES);
      if (!bad.isEmpty()) {
        long n = count(c, "SELECT count(*) FROM " + name + " WHERE v IS NULL OR isnan(v) OR isinf(v)");
        String column = policy.task() == Task.BINARY ? "score" : "prediction";
        throw GateException.invalid(what + " have " + n + " rows whose " + column
            + " is missing, not a number, NaN or infinite, e.g. ids " + quoteAll(bad));
      }
    } else {
      long nulls = count(c, "SELECT count(*) FROM " + name + " WHERE v IS NULL");
      if (nulls > 0) {
        throw GateException.invalid(what + " have " + nulls + " rows without a prediction");
      }
    }
    List<String> orphans = strings(c, "SELECT id FROM " + name + " ANTI JOIN labels USING (id) ORDER BY id LIMIT " + EXAMPLES);
    if (!orphans.isEmpty()) {
      long n = count(c, "SELECT count(*) FROM " + name + " ANTI JOIN labels USING (id)");
      throw GateException.invalid(what + " have " + n + " ids without a label in the evaluation snapshot, e.g. "
          + quoteAll(orphans));
    }
    List<String> unscored = strings(c, "SELECT id FROM labels ANTI JOIN " + name + " USING (id) ORDER BY id LIMIT " + EXAMPLES);
    if (!unscored.isEmpty()) {
      long n = count(c, "SELECT count(*) FROM labels ANTI JOIN " + name + " USING (id)");
      long total = count(c, "SELECT count(*) FROM labels");
      throw GateException.invalid(what + " miss " + n + " of the " + total + " evaluation rows, e.g. ids "
          + quoteAll(unscored) + "; a gate scores every row of the pinned snapshot");
    }
  }

  /**
   * One pass for the usual case: every id present and unique, every value usable, and ids matching
   * the labels one to one (as many matches as rows on both sides).
   */
  private static boolean clean(Connection c, String name, GatePolicy policy) throws SQLException {
    String bad = policy.task() == Task.MULTICLASS ? "v IS NULL" : "v IS NULL OR isnan(v) OR isinf(v)";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), count(id),"
        + " count(DISTINCT id), count(*) FILTER (WHERE " + bad + "), (SELECT count(*) FROM " + name
        + " JOIN labels USING (id)), (SELECT count(*) FROM labels) FROM " + name)) {
      rs.next();
      long rows = rs.getLong(1);
      return rs.getLong(2) == rows && rs.getLong(3) == rows && rs.getLong(4) == 0 && rs.getLong(5) == rows
          && rs.getLong(6) == rows;
    }
  }

  private static EvaluationSet align(Connection c, String dataset, long snapshotId, GatePolicy policy,
      List<String> sliceColumns, PredictionSource candSource, PredictionSource baseSource) throws SQLException {
    Task task = policy.task();
    int n = Math.toIntExact(count(c, "SELECT count(*) FROM labels"));
    if (n < policy.evaluation().minSamples()) {
      throw GateException.invalid("the evaluation has " + n + " rows; policy '" + policy.model() + "' version "
          + policy.version() + " needs at least " + policy.evaluation().minSamples());
    }
    List<String> classes = task == Task.MULTICLASS ? classes(c, baseSource != null) : List.of();
    Map<String, Integer> classIndex = new LinkedHashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      classIndex.put(classes.get(i), i);
    }
    String target = switch (task) {
      case BINARY -> binaryTarget(c, policy);
      case MULTICLASS -> "CAST(l.label AS VARCHAR)";
      case REGRESSION -> regressionTarget(c, policy);
    };
    List<String> candProba = probaColumns(c, "cand", classes);
    List<String> baseProba = baseSource == null ? List.of() : probaColumns(c, "base", classes);
    StringBuilder sql = new StringBuilder("SELECT ").append(target).append(", cand.v");
    sql.append(baseSource == null ? ", cand.v" : ", base.v"); // without a baseline the column is read and dropped
    for (int i = 0; i < sliceColumns.size(); i++) {
      sql.append(", l.s").append(i);
    }
    for (String p : candProba) {
      sql.append(", cand.").append(Sql.ident(p));
    }
    for (String p : baseProba) {
      sql.append(", base.").append(Sql.ident(p));
    }
    sql.append(" FROM labels l JOIN cand USING (id)");
    if (baseSource != null) {
      sql.append(" JOIN base USING (id)");
    }
    sql.append(" ORDER BY id");

    double[] y = new double[n];
    double[] cand = new double[n];
    double[] base = baseSource == null ? null : new double[n];
    int k = classes.size();
    double[] candP = candProba.isEmpty() ? null : new double[n * k];
    double[] baseP = baseProba.isEmpty() ? null : new double[n * k];
    Map<String, String[]> slices = new LinkedHashMap<>();
    sliceColumns.forEach(col -> slices.put(col, new String[n]));
    int row = 0;
    try (DuckDBPreparedStatement ps = c.unwrap(DuckDBConnection.class).prepare(sql.toString());
        DuckDBChunkedResult result = ps.query()) {
      while (result.nextChunk()) {
        DuckDBDataChunkReader chunk = result.chunk();
        long rows = chunk.rowCount();
        for (long i = 0; i < rows; i++, row++) {
          y[row] = value(chunk.vector(0), i, classIndex);
          cand[row] = value(chunk.vector(1), i, classIndex);
          if (base != null) {
            base[row] = value(chunk.vector(2), i, classIndex);
          }
          int col = 3;
          for (String column : sliceColumns) {
            DuckDBReadableVector v = chunk.vector(col++);
            slices.get(column)[row] = v.isNull(i) ? null : v.getString(i);
          }
          if (candP != null) {
            probabilities(chunk, col, k, i, candP, row);
            col += k;
          }
          if (baseP != null) {
            probabilities(chunk, col, k, i, baseP, row);
          }
        }
      }
    }
    return new EvaluationSet(dataset, snapshotId, predictions(policy, y, cand, candP, classes),
        base == null ? null : predictions(policy, y, base, baseP, classes), candSource, baseSource, slices);
  }

  /** A class label or prediction as its index; a number as itself. */
  private static double value(DuckDBReadableVector v, long i, Map<String, Integer> classIndex) {
    return classIndex.isEmpty() ? v.getDouble(i) : classIndex.get(v.getString(i));
  }

  private static Predictions predictions(GatePolicy policy, double[] y, double[] v, double[] proba,
      List<String> classes) {
    return switch (policy.task()) {
      case BINARY -> new BinaryPredictions(ints(y), v, policy.evaluation().threshold());
      case MULTICLASS -> new MulticlassPredictions(classes, ints(y), ints(v), proba);
      case REGRESSION -> new RegressionPredictions(y, v);
    };
  }

  private static int[] ints(double[] xs) {
    int[] out = new int[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = (int) xs[i];
    }
    return out;
  }

  /** Row-major: a missing probability is NaN, which the metric refuses with its row. */
  private static void probabilities(DuckDBDataChunkReader chunk, int from, int k, long i, double[] out, int row) {
    for (int j = 0; j < k; j++) {
      DuckDBReadableVector v = chunk.vector(from + j);
      out[row * k + j] = v.isNull(i) ? Double.NaN : v.getDouble(i);
    }
  }

  /** Binary labels: the policy's positive value, else 1/0 or true/false; anything else is an error. */
  private static String binaryTarget(Connection c, GatePolicy policy) throws SQLException {
    String positive = policy.evaluation().positive();
    if (positive != null) {
      List<String> values = strings(c, "SELECT DISTINCT CAST(label AS VARCHAR) AS v FROM labels ORDER BY v LIMIT 3");
      if (values.size() > 2) {
        throw GateException.invalid("a binary label has two values; " + quote(policy.evaluation().label())
            + " has more, e.g. " + quoteAll(values));
      }
      return "CASE WHEN CAST(l.label AS VARCHAR) = " + Sql.literal(positive) + " THEN 1 ELSE 0 END::DOUBLE";
    }
    String norm = "lower(CAST(label AS VARCHAR))";
    List<String> other = strings(c, "SELECT DISTINCT " + norm + " AS v FROM labels WHERE " + norm
        + " NOT IN ('0', '1', '0.0', '1.0', 'true', 'false') ORDER BY v LIMIT " + EXAMPLES);
    if (!other.isEmpty()) {
      throw GateException.invalid("binary labels in " + quote(policy.evaluation().label())
          + " must be 0/1 or true/false, found " + quoteAll(other)
          + "; name the positive class with evaluation.positive in the policy");
    }
    return "CASE WHEN lower(CAST(l.label AS VARCHAR)) IN ('1', '1.0', 'true') THEN 1 ELSE 0 END::DOUBLE";
  }

  private static String regressionTarget(Connection c, GatePolicy policy) throws SQLException {
    long bad = count(c, "SELECT count(*) FROM labels WHERE TRY_CAST(label AS DOUBLE) IS NULL"
        + " OR isnan(TRY_CAST(label AS DOUBLE)) OR isinf(TRY_CAST(label AS DOUBLE))");
    if (bad > 0) {
      throw GateException.invalid(bad + " labels in " + quote(policy.evaluation().label())
          + " are not finite numbers; a regression target must be numeric");
    }
    return "CAST(l.label AS DOUBLE)";
  }

  /** scikit-learn's unique_labels: the sorted union of true and predicted classes. */
  private static List<String> classes(Connection c, boolean withBaseline) throws SQLException {
    String sql = "SELECT DISTINCT CAST(label AS VARCHAR) AS v FROM labels UNION SELECT DISTINCT v FROM cand"
        + (withBaseline ? " UNION SELECT DISTINCT v FROM base" : "") + " ORDER BY v";
    return strings(c, sql);
  }

  /** The {@code proba_<class>} columns in class order, all or none; a partial set is an error. */
  private static List<String> probaColumns(Connection c, String table, List<String> classes) throws SQLException {
    Set<String> present = columns(c, table).stream().filter(col -> col.startsWith("proba_"))
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (present.isEmpty() || classes.isEmpty()) {
      return List.of();
    }
    List<String> wanted = classes.stream().map(k -> "proba_" + k).toList();
    List<String> missing = wanted.stream().filter(w -> !present.contains(w)).toList();
    if (!missing.isEmpty()) {
      throw GateException.invalid("probability columns are incomplete: missing " + quoteAll(missing)
          + " for classes " + quoteAll(classes));
    }
    return wanted;
  }

  private static Set<String> columns(Connection c, String table) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static String format(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.endsWith(".gz")) {
      k = k.substring(0, k.length() - 3);
    }
    if (k.endsWith(".csv")) {
      return "csv";
    }
    if (k.endsWith(".parquet")) {
      return "parquet";
    }
    if (k.endsWith(".jsonl") || k.endsWith(".ndjson") || k.endsWith(".json")) {
      return "json";
    }
    throw GateException.invalid("predictions '" + key + "' must end in .csv, .parquet, .jsonl or .ndjson"
        + " (optionally .gz)");
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }

  private static String quoteAll(List<String> values) {
    return values.stream().map(EvaluationLoader::quote).collect(Collectors.joining(", "));
  }

  private static String firstLine(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
