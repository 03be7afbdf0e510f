package io.icegate.ingest;

import io.icegate.contract.IcegateOptions;
import io.icegate.contract.Property;
import io.icegate.contract.QualityRule;
import io.icegate.contract.SchemaObject;
import io.icegate.engine.Sql;
import io.icegate.table.FieldIdParquet;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * Checks one upload against its contract inside DuckDB. The upload is read once into a table of
 * typed values with a reason list per row; quality rules then run over the rows that would be
 * committed, and the accepted rows are written as Parquet carrying the table's field ids.
 */
final class BatchValidator {

  static final String BATCH = "__icegate_batch";
  private static final String REASONS = "__icegate_reasons";
  private static final String RAW = "__icegate_raw";
  private static final String BROKEN = "__icegate_broken";
  private static final String LINE = JsonLines.LINE_COLUMN;
  /** Separates reasons inside one row's reason string (ASCII record separator). */
  private static final String SEP = "chr(30)";
  private static final int MAX_REASON_KINDS = 50;
  private static final int MAX_LINE_LOOKUPS = 1_000_000;
  private static final String LINES = "__icegate_lines";

  /**
   * What the validation found.
   *
   * @param rowsRead rows parsed into the batch table
   * @param malformed records that could not be parsed at all (bad quoting, ragged, bad encoding)
   * @param rejectedRows parsed rows that broke a row-level rule
   * @param rejectedByReason counts per reason, malformed records included
   * @param batchReasons problems that condemn the whole upload (structure, quality rules)
   * @param checks outcomes of the contract's quality rules
   */
  record Result(
      long rowsRead,
      long malformed,
      long rejectedRows,
      Map<String, Long> rejectedByReason,
      List<String> batchReasons,
      List<CheckOutcome> checks) {

    long rowsIn() {
      return rowsRead + malformed;
    }

    long rowsBad() {
      return rejectedRows + malformed;
    }
  }

  private final Connection c;
  private final Path work;
  private final int maxLineBytes;
  private SourceFormat format;
  private Path data;
  private Path malformedFile;
  private Map<String, Long> jsonReasons = Map.of();
  private long jsonMalformed;
  private final List<ColumnPlan> plans = new ArrayList<>();

  /** Where the optimistic path writes accepted rows (null: always the full path). */
  private final Target optimisticTarget;
  /** Rows of the optimistic file, or -1 when the full path ran. */
  private long fastRows = -1;

  BatchValidator(Connection c, Path work, int maxLineBytes, Target optimisticTarget) {
    this.c = c;
    this.work = work;
    this.maxLineBytes = maxLineBytes;
    this.optimisticTarget = optimisticTarget;
  }

  /** Reads and checks {@code data}; the batch table stays in the connection for the writers. */
  Result validate(
      SourceFormat format, Path data, SchemaObject object, IcegateOptions options, Schema table,
      Instant now) throws SQLException, IOException {
    this.format = format;
    this.data = data;
    List<String> problems = new ArrayList<>();
    Source source = open(format, data, problems);
    if (source == null) {
      return new Result(0, jsonMalformed, 0, new LinkedHashMap<>(jsonReasons), problems, List.of());
    }
    if (problems.isEmpty()) {
      matchColumns(source, object, options, table, problems);
    }
    if (!problems.isEmpty()) {
      // the upload is condemned as a whole; still account for every record in it
      long rows = count(source);
      return new Result(rows, source.malformed + csvMalformed(), 0, reasonCounts(), problems, List.of());
    }
    if (optimisticTarget != null && format == SourceFormat.CSV) {
      Source typed = typedCsv(source);
      matchColumns(typed, object, options, table, new ArrayList<>());
      boolean clean = writeOptimistically(typed, object, table, optimisticTarget.path());
      matchColumns(source, object, options, table, new ArrayList<>());
      if (clean) {
        long rows = scalarLong("SELECT count(*) FROM " + Sql.ident(viewName(object)));
        fastRows = rows;
        List<CheckOutcome> checks = new ArrayList<>();
        runQuality(object, checks, problems);
        freshness(object, options, now, problems);
        return new Result(rows, 0, 0, Map.of(), problems, checks);
      }
      Files.deleteIfExists(optimisticTarget.path());
      exec("DROP TABLE IF EXISTS reject_errors");
      exec("DROP TABLE IF EXISTS reject_scans");
    }
    createBatch(source);
    markDuplicates(object);
    long malformed = source.malformed + csvMalformed();
    long rows = scalarLong("SELECT count(*) FROM " + BATCH);
    long rejected = scalarLong("SELECT count(*) FROM " + BATCH + " WHERE " + REASONS + " <> ''");
    if (format == SourceFormat.CSV && rejected + malformed > 0) {
      csvLines(rows);
    }
    Map<String, Long> byReason = reasonCounts();
    List<CheckOutcome> checks = new ArrayList<>();
    // in batch mode broken rows already condemn the upload; rules over the rest would mislead
    if (options.rejectMode() == IcegateOptions.RejectMode.ROWS || rejected + malformed == 0) {
      createAcceptedView(object);
      runQuality(object, checks, problems);
      freshness(object, options, now, problems);
    }
    return new Result(rows, malformed, rejected, byReason, problems, checks);
  }

  /** A readable upload: the relation to select from, its columns and how they are read. */
  private record Source(Sql relation, Map<String, String> columns, long malformed) {}

  private Source open(SourceFormat format, Path data, List<String> problems) throws SQLException, IOException {
    if (Files.size(data) == 0) {
      problems.add("empty file: no header and no rows");
      return null;
    }
    return switch (format) {
      case CSV -> openCsv(data, problems);
      case JSON_LINES -> openJson(data, problems);
      case PARQUET -> openParquet(data, problems);
    };
  }

  /**
   * The header comes from {@link CsvText}; DuckDB reads the body with that header and no
   * sniffing, so one bad record cannot make the whole file unreadable, and records that break
   * the CSV format land in its reject table with their record numbers.
   */
  private Source openCsv(Path data, List<String> problems) throws IOException {
    CsvText.Header header = CsvText.header(data, maxLineBytes);
    if (header.problem() != null) {
      problems.add(header.problem());
      return null;
    }
    List<String> names = header.names();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String h = names.get(i);
      if (h.indexOf('\0') >= 0) {
        // DuckDB's parser ends a statement at NUL: the name cannot even be quoted
        problems.add("CSV header has a NUL byte in column " + (i + 1) + " (binary data, not CSV text)");
      } else if (h.isBlank()) {
        problems.add("CSV header has an empty name in column " + (i + 1));
      } else if (!seen.add(h.toLowerCase(Locale.ROOT))) {
        problems.add("CSV header names column '" + h + "' more than once (names are compared ignoring case)");
      }
    }
    if (names.size() == 1 && names.get(0).matches(".*[;\\t|].*")) {
      problems.add("the header has a single column '" + abbreviate(names.get(0))
          + "': the delimiter must be ',' (icegate reads comma-separated CSV, RFC 4180)");
    }
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      // with a broken header, count the records under neutral names
      columns.add(problems.isEmpty() ? names.get(i) : "column" + (i + 1));
    }
    Map<String, String> cols = new LinkedHashMap<>();
    columns.forEach(n -> cols.put(n, "VARCHAR"));
    return csvSource(data, cols);
  }

  /** DuckDB's CSV reader over the body, with the given column types and no sniffing. */
  private Source csvSource(Path data, Map<String, String> columns) {
    Sql relation = new Sql().add("read_csv(").bind(data.toString()).add(", auto_detect = false, header = true,"
        + " delim = ',', quote = '\"', escape = '\"', max_line_size = " + maxLineBytes
        + ", store_rejects = true, columns = {");
    int i = 0;
    for (Map.Entry<String, String> c : columns.entrySet()) {
      // DuckDB wants the columns as a constant; names are escaped as string literals
      relation.add((i++ == 0 ? "" : ", ") + Sql.literal(c.getKey()) + ": " + Sql.literal(c.getValue()));
    }
    return new Source(relation.add("})"), columns, 0);
  }

  /**
   * The CSV body for the optimistic pass: numbers, dates and timestamps are parsed by the reader
   * itself, which is much cheaper than text plus casts, and a value that does not parse sends its
   * record to the reject table, so the full path takes over. Integers, decimals and booleans stay
   * text: the reader would round 2.7 into an integer and accepts yes/no as booleans.
   */
  private Source typedCsv(Source text) {
    Map<String, String> cols = new LinkedHashMap<>(text.columns());
    for (ColumnPlan p : plans) {
      String t = p.duckType();
      boolean readerParses = p.sourceDuckType() != null && p.property().options().format() == null
          && Set.of("DOUBLE", "FLOAT", "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ").contains(t);
      if (readerParses) {
        cols.put(p.name(), t);
      }
    }
    return csvSource(data, cols);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** Puts physical line numbers on rejected rows and malformed records (DuckDB counts records). */
  private void csvLines(long rows) throws SQLException, IOException {
    Set<Long> malformedRecords = new HashSet<>();
    if (tableExists("reject_errors")) {
      query("SELECT DISTINCT line FROM reject_errors", rs -> malformedRecords.add(rs.getLong(1)));
    }
    Set<Long> wanted = new HashSet<>();
    query("SELECT rowid FROM " + BATCH + " WHERE " + REASONS + " <> '' ORDER BY rowid LIMIT " + MAX_LINE_LOOKUPS,
        rs -> wanted.add(rs.getLong(1)));
    CsvText.Lines lines = CsvText.lines(data, malformedRecords, wanted, rows);
    exec("CREATE TEMP TABLE " + LINES + " (kind VARCHAR, k BIGINT, line BIGINT)");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + LINES + " VALUES (?, ?, ?)")) {
      for (Map.Entry<Long, Long> e : lines.rows().entrySet()) {
        addLine(ps, "row", e);
      }
      for (Map.Entry<Long, Long> e : lines.malformedRecords().entrySet()) {
        addLine(ps, "record", e);
      }
      ps.executeBatch();
    }
    exec("UPDATE " + BATCH + " SET " + LINE + " = l.line FROM " + LINES + " l WHERE l.kind = 'row' AND "
        + BATCH + ".rowid = l.k");
  }

  private static void addLine(PreparedStatement ps, String kind, Map.Entry<Long, Long> e) throws SQLException {
    ps.setString(1, kind);
    ps.setLong(2, e.getKey());
    ps.setLong(3, e.getValue());
    ps.addBatch();
  }

  private Source openJson(Path data, List<String> problems) throws IOException {
    Path clean = work.resolve("clean.jsonl");
    malformedFile = work.resolve("malformed.jsonl");
    JsonLines.Split split = new JsonLines(maxLineBytes).split(data, clean, malformedFile);
    jsonReasons = split.reasons();
    jsonMalformed = split.malformed();
    if (split.objects() == 0) {
      problems.add(split.malformed() == 0 ? "empty file: no JSON objects"
          : "no JSON object could be read: all " + split.malformed() + " non-blank lines are malformed");
      return null;
    }
    Map<String, String> cols = new LinkedHashMap<>();
    split.keys().forEach(k -> cols.put(k, "VARCHAR"));
    Sql relation = new Sql().add("read_json_objects(").bind(clean.toString())
        .add(", format = 'newline_delimited', maximum_object_size = " + (maxLineBytes + 64) + ")");
    return new Source(relation, cols, split.malformed());
  }

  private Source openParquet(Path data, List<String> problems) throws SQLException {
    Sql relation = new Sql().add("read_parquet(").bind(data.toString()).add(")");
    Map<String, String> cols = new LinkedHashMap<>();
    try (PreparedStatement ps = new Sql().add("DESCRIBE SELECT * FROM ").add(relation).prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        cols.put(rs.getString("column_name"), rs.getString("column_type"));
      }
      // DESCRIBE reads only the footer; a truncated body shows up when counting
      count(new Source(relation, cols, 0));
    } catch (SQLException e) {
      problems.add("unreadable Parquet file (truncated, or not Parquet): " + engineMessage(e));
      return null;
    }
    return new Source(relation, cols, 0);
  }

  private void matchColumns(
      Source source, SchemaObject object, IcegateOptions options, Schema table, List<String> problems) {
    plans.clear();
    Map<String, String> lower = new LinkedHashMap<>();
    source.columns.keySet().forEach(k -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), k));
    int i = 0;
    for (Types.NestedField f : table.columns()) {
      Property p = object.property(f.name()).orElseThrow();
      String r = "r" + i++;
      String srcType = source.columns.get(p.name());
      if (srcType == null) {
        if (p.required() || p.primaryKey()) {
          String near = lower.get(p.name().toLowerCase(Locale.ROOT));
          problems.add("missing required column '" + p.name() + "'"
              + (near == null ? "" : " (the upload has '" + near + "'; names are case-sensitive)"));
        }
        plans.add(new ColumnPlan(p, f.type(), r, null));
      } else {
        plans.add(new ColumnPlan(p, f.type(), r, srcType));
      }
    }
    if (options.extraColumns() == IcegateOptions.ExtraColumns.REJECT) {
      List<String> extra = source.columns.keySet().stream()
          .filter(k -> object.property(k).isEmpty()).map(k -> "'" + k + "'").toList();
      if (!extra.isEmpty()) {
        problems.add("unexpected column" + (extra.size() > 1 ? "s " : " ") + String.join(", ", extra)
            + " not in the contract (set customProperties icegate.extraColumns: ignore to drop them)");
      }
    }
  }

  /**
   * Raw values, typed values ({@code t0..}) and, per record, the reason string (or, when
   * {@code reasons} is false, only whether it is broken).
   */
  private Sql checkedRows(Source source, boolean reasons) {
    // level 1: raw values by position; level 2: typed values; level 3: reasons
    Sql l1 = new Sql().add("SELECT ");
    for (ColumnPlan p : plans) {
      if (p.sourceDuckType() == null) {
        l1.add("CAST(NULL AS VARCHAR)");
      } else if (format == SourceFormat.JSON_LINES) {
        l1.add("json_extract_string(json, ").bind("$." + jsonPathKey(p.name())).add(")");
      } else {
        l1.add(Sql.ident(p.name()));
      }
      l1.add(" AS " + p.source() + ", ");
    }
    l1.add(format == SourceFormat.JSON_LINES
        ? "CAST(json_extract(json, '$." + LINE + "') AS BIGINT) AS " + LINE
        : "CAST(NULL AS BIGINT) AS " + LINE);
    l1.add(" FROM ").add(source.relation);

    Sql l2 = new Sql().add("SELECT *");
    for (int i = 0; i < plans.size(); i++) {
      ColumnPlan p = plans.get(i);
      l2.add(", ").add(p.sourceDuckType() == null ? new Sql().add("CAST(NULL AS " + p.duckType() + ")") : p.typed())
          .add(" AS t" + i);
    }
    l2.add(" FROM (").add(l1).add(")");

    if (!reasons) {
      // only whether the row is broken: cheaper than building its reason string
      Sql l3 = new Sql().add("SELECT *, (false");
      for (int i = 0; i < plans.size(); i++) {
        for (ColumnPlan.Check check : plans.get(i).checks("r" + i, "t" + i)) {
          l3.add(" OR coalesce(").add(check.broken()).add(", false)");
        }
      }
      return l3.add(") AS " + BROKEN + " FROM (").add(l2).add(")");
    }
    Sql l3 = new Sql().add("SELECT *, concat_ws(" + SEP);
    for (int i = 0; i < plans.size(); i++) {
      for (ColumnPlan.Check check : plans.get(i).checks("r" + i, "t" + i)) {
        l3.add(", ").add(check.reasonOrNull());
      }
    }
    return l3.add(") AS " + REASONS + " FROM (").add(l2).add(")");
  }

  private void createBatch(Source source) throws SQLException {
    Sql table = new Sql().add("CREATE TABLE " + BATCH + " AS SELECT ");
    for (int i = 0; i < plans.size(); i++) {
      table.add("t" + i + " AS " + Sql.ident(plans.get(i).name()) + ", ");
    }
    table.add(LINE + ", " + REASONS + ", CASE WHEN " + REASONS + " <> '' THEN ")
        .add(jsonObject("r")).add(" END AS " + RAW + " FROM (").add(checkedRows(source, true)).add(")");
    table.execute(c);
  }

  /**
   * The optimistic path for the common case, a clean CSV upload into an unpartitioned table: one
   * streaming pass writes the typed rows straight to Parquet and aborts at the first broken row;
   * unique keys, quality rules and freshness then run over that file. Returns false when anything
   * is wrong, and the caller takes the full path, which reads the upload again to say exactly what.
   */
  private boolean writeOptimistically(Source source, SchemaObject object, Schema table, Path target)
      throws SQLException {
    Sql copy = new Sql().add("COPY (SELECT ");
    for (int i = 0; i < plans.size(); i++) {
      copy.add((i == 0 ? "" : ", ") + "t" + i + " AS " + Sql.ident(plans.get(i).name()));
    }
    copy.add(" FROM (").add(checkedRows(source, false)).add(") WHERE CASE WHEN " + BROKEN
        + " THEN error('icegate: broken row') ELSE true END) TO " + Sql.literal(target.toString())
        + " (" + parquetOptions(table) + ")");
    try {
      // rows of a batch form a set in Iceberg; keeping upload order would cost the parallel write
      exec("SET preserve_insertion_order = false");
      copy.execute(c);
    } catch (SQLException brokenRow) {
      return false;
    } finally {
      exec("SET preserve_insertion_order = true");
    }
    String file = "read_parquet(" + Sql.literal(target.toString()) + ")";
    if (csvMalformed() > 0 || duplicateKeys(object, file)) {
      return false;
    }
    exec("CREATE TEMP VIEW " + Sql.ident(viewName(object)) + " AS SELECT * FROM " + file);
    return true;
  }

  private boolean duplicateKeys(SchemaObject object, String relation) throws SQLException {
    for (List<String> key : uniqueKeys(object)) {
      String cols = key.stream().map(Sql::ident).collect(Collectors.joining(", "));
      String notNull = key.stream().map(k -> Sql.ident(k) + " IS NOT NULL").collect(Collectors.joining(" AND "));
      if (scalarLong("SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT " + cols + " FROM " + relation
          + " WHERE " + notNull + ")) FROM " + relation + " WHERE " + notNull) > 0) {
        return true;
      }
    }
    return false;
  }

  private static String parquetOptions(Schema table) {
    return FieldIdParquet.copyOptions(table);
  }

  private Sql jsonObject(String prefix) {
    Sql json = new Sql().add("json_object(");
    for (int i = 0; i < plans.size(); i++) {
      json.add(i == 0 ? "" : ", ").bind(plans.get(i).name()).add(", ")
          .add(prefix == null ? "CAST(" + Sql.ident(plans.get(i).name()) + " AS VARCHAR)" : prefix + i);
    }
    return json.add(")");
  }

  private static String jsonPathKey(String name) {
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The primary key (as one key) and each other unique column. */
  private static List<List<String>> uniqueKeys(SchemaObject object) {
    List<List<String>> keys = new ArrayList<>();
    List<String> pk = object.properties().stream().filter(Property::primaryKey).map(Property::name).toList();
    if (!pk.isEmpty()) {
      keys.add(pk);
    }
    object.properties().stream()
        .filter(p -> p.unique() && !(pk.size() == 1 && pk.get(0).equals(p.name())))
        .forEach(p -> keys.add(List.of(p.name())));
    return keys;
  }

  /** Unique columns and the primary key: every repeat after the first occurrence is rejected. */
  private void markDuplicates(SchemaObject object) throws SQLException {
    List<List<String>> keys = uniqueKeys(object);
    for (List<String> key : keys) {
      String cols = key.stream().map(Sql::ident).collect(Collectors.joining(", "));
      String notNull = key.stream().map(k -> Sql.ident(k) + " IS NOT NULL").collect(Collectors.joining(" AND "));
      String reason = key.size() == 1
          ? key.get(0) + ": duplicate value in unique column"
          : "duplicate primary key (" + String.join(", ", key) + ")";
      new Sql().add("UPDATE " + BATCH + " SET " + REASONS + " = CASE WHEN " + REASONS + " = '' THEN ")
          .bind(reason).add(" ELSE " + REASONS + " || " + SEP + " || ").bind(reason).add(" END, "
              + RAW + " = coalesce(" + RAW + ", ").add(jsonObject(null)).add(") WHERE rowid IN (SELECT rid FROM"
              + " (SELECT rowid AS rid, row_number() OVER (PARTITION BY " + cols + " ORDER BY rowid) AS rn FROM "
              + BATCH + " WHERE " + notNull + ") WHERE rn > 1)")
          .execute(c);
    }
  }

  private long csvMalformed() throws SQLException {
    if (format != SourceFormat.CSV || !tableExists("reject_errors")) {
      return 0;
    }
    return scalarLong("SELECT count(DISTINCT line) FROM reject_errors");
  }

  private Map<String, Long> reasonCounts() throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    List<String> parts = new ArrayList<>();
    if (tableExists(BATCH)) {
      parts.add("SELECT unnest(string_split(" + REASONS + ", " + SEP + ")) AS reason FROM " + BATCH
          + " WHERE " + REASONS + " <> ''");
    }
    if (format == SourceFormat.CSV && tableExists("reject_errors")) {
      parts.add("SELECT 'malformed CSV record: ' || lower(any_value(error_type)) AS reason FROM reject_errors GROUP BY line");
    }
    if (!parts.isEmpty()) {
      query("SELECT reason, count(*) AS n FROM (" + String.join(" UNION ALL ", parts)
          + ") GROUP BY reason ORDER BY n DESC, reason LIMIT " + MAX_REASON_KINDS,
          rs -> counts.put(rs.getString(1), rs.getLong(2)));
    }
    jsonReasons.forEach((r, n) -> counts.merge(r, n, Long::sum));
    return counts;
  }

  private void createAcceptedView(SchemaObject object) throws SQLException {
    String cols = plans.stream().map(p -> Sql.ident(p.name())).collect(Collectors.joining(", "));
    exec("CREATE TEMP VIEW " + Sql.ident(viewName(object)) + " AS SELECT " + cols + " FROM " + BATCH
        + " WHERE " + REASONS + " = ''");
  }

  private static String viewName(SchemaObject object) {
    return object.physicalName() != null ? object.physicalName() : object.name();
  }

  private void runQuality(SchemaObject object, List<CheckOutcome> checks, List<String> problems) throws SQLException {
    String view = Sql.ident(viewName(object));
    List<QualityRule> rules = new ArrayList<>(object.quality());
    object.properties().forEach(p -> rules.addAll(p.quality()));
    List<QualityRule> library = rules.stream().filter(r -> r.type() == QualityRule.Type.LIBRARY).toList();
    long rows = scalarLong("SELECT count(*) FROM " + view);
    if (!library.isEmpty()) {
      Sql q = new Sql().add("SELECT ");
      for (int i = 0; i < library.size(); i++) {
        q.add(i == 0 ? "" : ", ").add(metricSql(library.get(i), view));
      }
      q.add(" FROM " + view);
      BigDecimal[] values = new BigDecimal[library.size()];
      query(q, rs -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = BigDecimal.valueOf(rs.getLong(i + 1));
        }
      });
      for (int i = 0; i < library.size(); i++) {
        record(library.get(i), describe(library.get(i)), values[i], rows, checks, problems);
      }
    }
    for (QualityRule r : rules) {
      if (r.type() == QualityRule.Type.SQL) {
        runSql(r, view, rows, checks, problems);
      }
    }
  }

  private Sql metricSql(QualityRule r, String view) {
    String col = r.property() == null ? null : Sql.ident(r.property());
    return switch (r.metric()) {
      case ROW_COUNT -> new Sql().add("count(*)");
      case NULL_VALUES -> new Sql().add("count(*) FILTER (WHERE " + col + " IS NULL)");
      case MISSING_VALUES -> {
        Sql s = new Sql().add("count(*) FILTER (WHERE " + col + " IS NULL");
        List<String> values = r.missingValues().stream().filter(v -> v != null).toList();
        if (!values.isEmpty()) {
          s.add(" OR CAST(" + col + " AS VARCHAR) IN (");
          for (int i = 0; i < values.size(); i++) {
            s.add(i == 0 ? "" : ", ").bind(values.get(i));
          }
          s.add(")");
        }
        yield s.add(")");
      }
      case INVALID_VALUES -> {
        Sql s = new Sql().add("count(*) FILTER (WHERE " + col + " IS NOT NULL AND (false");
        if (!r.validValues().isEmpty()) {
          String type = plans.stream().filter(p -> p.name().equals(r.property())).findFirst()
              .map(ColumnPlan::duckType).orElse("VARCHAR");
          s.add(" OR " + col + " NOT IN (");
          for (int i = 0; i < r.validValues().size(); i++) {
            s.add(i == 0 ? "" : ", ").add("TRY_CAST(").bind(r.validValues().get(i)).add(" AS " + type + ")");
          }
          s.add(")");
        }
        if (r.pattern() != null) {
          s.add(" OR NOT regexp_matches(CAST(" + col + " AS VARCHAR), ").bind(r.pattern()).add(")");
        }
        yield s.add("))");
      }
      case DUPLICATE_VALUES -> {
        if (col != null) {
          yield new Sql().add("count(" + col + ") - count(DISTINCT " + col + ")");
        }
        String cols = r.properties().stream().map(Sql::ident).collect(Collectors.joining(", "));
        yield new Sql().add("count(*) - (SELECT count(*) FROM (SELECT DISTINCT " + cols + " FROM " + view + "))");
      }
    };
  }

  private static String describe(QualityRule r) {
    String target = r.property() != null ? r.property()
        : r.properties().isEmpty() ? "" : String.join(", ", r.properties());
    return target.isEmpty() ? r.metric().odcsName() : r.metric().odcsName() + "(" + target + ")";
  }

  private void runSql(QualityRule r, String view, long rows, List<CheckOutcome> checks, List<String> problems) {
    String query = r.query().strip();
    if (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1).strip();
    }
    String head = query.toLowerCase(Locale.ROOT);
    if (!(head.startsWith("select") || head.startsWith("with")) || query.contains(";")) {
      problems.add("quality rule " + r.id() + ": a sql rule must be one SELECT statement");
      return;
    }
    String prop = r.property() == null ? "" : Sql.ident(r.property());
    query = query.replace("${object}", view).replace("{object}", view)
        .replace("${property}", prop).replace("{property}", prop);
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      BigDecimal v = rs.next() ? rs.getBigDecimal(1) : null;
      if (v == null) {
        problems.add("quality rule " + r.id() + ": the sql query returned no value");
        return;
      }
      record(r, "sql", v, rows, checks, problems);
    } catch (SQLException e) {
      problems.add("quality rule " + r.id() + ": sql query failed: " + engineMessage(e));
    }
  }

  private static void record(
      QualityRule r, String description, BigDecimal count, long rows, List<CheckOutcome> checks,
      List<String> problems) {
    BigDecimal measured = count;
    String shown = count.toPlainString()
        + (r.type() == QualityRule.Type.SQL ? "" : count.compareTo(BigDecimal.ONE) == 0 ? " row" : " rows");
    if (r.unit() == QualityRule.Unit.PERCENT) {
      measured = rows == 0 ? BigDecimal.ZERO
          : count.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(rows), 6, RoundingMode.HALF_UP);
      shown = measured.stripTrailingZeros().toPlainString() + "% (" + count.toPlainString() + " of " + rows + " rows)";
    }
    boolean passed = r.threshold().test(measured);
    String severity = r.severity().name().toLowerCase(Locale.ROOT);
    checks.add(new CheckOutcome(r.id(), description, shown, r.threshold().describe(), passed, severity));
    if (!passed && r.severity() == QualityRule.Severity.ERROR) {
      problems.add("quality rule " + r.id() + " failed: " + description + " = " + shown + ", expected "
          + r.threshold().describe());
    }
  }

  /** The newest value of the freshness column among the rows to commit must be recent enough. */
  private void freshness(SchemaObject object, IcegateOptions o, Instant now, List<String> problems) throws SQLException {
    if (o.freshnessColumn() == null || o.freshnessMaxAge() == null) {
      return;
    }
    String col = "CAST(" + Sql.ident(o.freshnessColumn()) + " AS TIMESTAMPTZ)";
    Instant oldest = now.minus(o.freshnessMaxAge());
    Object[] newest = new Object[2];
    query(new Sql().add("SELECT CAST(max(" + col + ") AS VARCHAR), coalesce(max(" + col + ") >= CAST(")
            .bind(oldest.toString()).add(" AS TIMESTAMPTZ), false) FROM " + Sql.ident(viewName(object))),
        rs -> {
          newest[0] = rs.getString(1);
          newest[1] = rs.getBoolean(2);
        });
    if (!(Boolean) newest[1]) {
      problems.add("stale data: newest " + o.freshnessColumn() + " is " + (newest[0] == null ? "absent" : newest[0])
          + ", older than icegate.freshness maxAge " + o.freshnessMaxAge());
    }
  }

  /**
   * A Parquet file of accepted rows.
   *
   * @param path the file on local disk
   * @param partition its partition, null for an unpartitioned table
   * @param location its final table location when it was written in place, else null
   */
  record AcceptedFile(Path path, PartitionData partition, String location) {}

  /** Where the optimistic path writes: a local path and, when that is inside the table, its location. */
  record Target(Path path, String location) {}

  /** Most partitions one upload may span: each becomes a data file. */
  static final int MAX_PARTITIONS = 1000;

  /**
   * Writes the accepted rows as Parquet with the table's field ids, one file per partition, into
   * {@code dir}.
   */
  List<AcceptedFile> writeAccepted(Path dir, Schema table, PartitionSpec spec) throws SQLException, IOException {
    if (fastRows >= 0) {
      return List.of(new AcceptedFile(optimisticTarget.path(), null, optimisticTarget.location()));
    }
    String cols = plans.stream().map(p -> "b." + Sql.ident(p.name())).collect(Collectors.joining(", "));
    String accepted = BATCH + " b WHERE b." + REASONS + " = ''";
    // paths are icegate's own staging files
    String options = parquetOptions(table);
    if (spec.isUnpartitioned()) {
      Path file = dir.resolve("accepted.parquet");
      exec("COPY (SELECT " + cols + " FROM " + accepted + ") TO " + Sql.literal(file.toString())
          + " (" + options + ")");
      return List.of(new AcceptedFile(file, null, null));
    }
    List<String> exprs = spec.fields().stream().map(f -> PartitionSql.expression(f, table, "b")).toList();
    StringBuilder distinct = new StringBuilder();
    StringBuilder join = new StringBuilder();
    for (int i = 0; i < exprs.size(); i++) {
      distinct.append(i == 0 ? "" : ", ").append(exprs.get(i)).append(" AS p").append(i);
      join.append(i == 0 ? "" : " AND ").append("(").append(exprs.get(i)).append(") IS NOT DISTINCT FROM parts.p").append(i);
    }
    exec("CREATE TEMP TABLE __icegate_parts AS SELECT row_number() OVER () AS part, * FROM (SELECT DISTINCT "
        + distinct + " FROM " + accepted + ")");
    Map<Long, PartitionData> partitions = new LinkedHashMap<>();
    query("SELECT * FROM __icegate_parts", rs -> {
      PartitionData pd = new PartitionData(spec.partitionType());
      for (int i = 0; i < exprs.size(); i++) {
        pd.set(i, rs.getObject(i + 2));
      }
      partitions.put(rs.getLong(1), pd);
    });
    if (partitions.size() > MAX_PARTITIONS) {
      throw new IllegalArgumentException("upload spans " + partitions.size() + " partitions, more than "
          + MAX_PARTITIONS + ": split it");
    }
    Path out = dir.resolve("partitions");
    exec("COPY (SELECT " + cols + ", parts.part AS __icegate_part FROM " + BATCH + " b JOIN __icegate_parts parts ON "
        + join + " WHERE b." + REASONS + " = '' ORDER BY b.rowid) TO " + Sql.literal(out.toString())
        + " (" + options + ", PARTITION_BY (__icegate_part))");
    List<AcceptedFile> files = new ArrayList<>();
    for (Map.Entry<Long, PartitionData> e : partitions.entrySet()) {
      try (var listing = Files.list(out.resolve("__icegate_part=" + e.getKey()))) {
        listing.sorted().forEach(f -> files.add(new AcceptedFile(f, e.getValue(), null)));
      }
    }
    return files;
  }

  /** Removes the file the optimistic path wrote into the table folder, when the upload is refused after all. */
  void discardAccepted() throws IOException {
    if (fastRows >= 0) {
      Files.deleteIfExists(optimisticTarget.path());
    }
  }

  /** Rows accepted so far. */
  long acceptedRows() throws SQLException {
    if (fastRows >= 0) {
      return fastRows;
    }
    return scalarLong("SELECT count(*) FROM " + BATCH + " WHERE " + REASONS + " = ''");
  }

  /**
   * Writes every rejected record as a JSON line: record number or source line, reasons, and the
   * raw values.
   */
  void writeRejected(Path jsonl) throws SQLException, IOException {
    Path rows = work.resolve("rejected-rows.jsonl");
    if (tableExists(BATCH)) {
      exec("COPY (SELECT rowid + 1 AS record, " + LINE + " AS line, string_split(" + REASONS + ", " + SEP
          + ") AS reasons, json(" + RAW + ") AS row FROM " + BATCH + " WHERE " + REASONS
          + " <> '' ORDER BY rowid) TO " + Sql.literal(rows.toString()) + " (FORMAT JSON)");
    }
    Path csvBad = work.resolve("malformed-csv.jsonl");
    if (format == SourceFormat.CSV && tableExists("reject_errors")) {
      String lines = tableExists(LINES)
          ? "LEFT JOIN " + LINES + " l ON l.kind = 'record' AND l.k = e.line"
          : "LEFT JOIN (SELECT NULL::BIGINT AS k, NULL::BIGINT AS line) l ON false";
      exec("COPY (SELECT any_value(l.line) AS line, e.line AS csv_record,"
          + " list(lower(e.error_type) || ': ' || e.error_message ORDER BY e.column_idx) AS reasons,"
          + " any_value(e.csv_line) AS raw FROM reject_errors e " + lines + " GROUP BY e.line ORDER BY e.line) TO "
          + Sql.literal(csvBad.toString()) + " (FORMAT JSON)");
    }
    try (var out = Files.newOutputStream(jsonl)) {
      for (Path part : new Path[] {malformedFile, csvBad, rows}) {
        if (part != null && Files.exists(part)) {
          Files.copy(part, out);
        }
      }
    }
  }

  private long count(Source source) throws SQLException {
    long[] n = new long[1];
    query(new Sql().add("SELECT count(*) FROM ").add(source.relation), rs -> n[0] = rs.getLong(1));
    return n[0];
  }

  private boolean tableExists(String name) throws SQLException {
    long[] n = new long[1];
    query(new Sql().add("SELECT count(*) FROM duckdb_tables() WHERE table_name = ").bind(name),
        rs -> n[0] = rs.getLong(1));
    return n[0] > 0;
  }

  private long scalarLong(String sql) throws SQLException {
    long[] n = new long[1];
    query(new Sql().add(sql), rs -> n[0] = rs.getLong(1));
    return n[0];
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private interface RowHandler {
    void accept(ResultSet rs) throws SQLException;
  }

  private void query(Sql sql, RowHandler handler) throws SQLException {
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        handler.accept(rs);
      }
    }
  }

  private void query(String sql, RowHandler handler) throws SQLException {
    query(new Sql().add(sql), handler);
  }

  /**
   * DuckDB's first line of the message, without icegate's staging paths: they mean nothing to
   * the uploader and reveal the server's layout.
   */
  private String engineMessage(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    m = (nl > 0 ? m.substring(0, nl) : m).strip();
    if (data != null) {
      m = m.replace(data.toString(), "the upload");
    }
    return m.replace(work.toString() + "/", "").replace(work.toString(), "");
  }
}
