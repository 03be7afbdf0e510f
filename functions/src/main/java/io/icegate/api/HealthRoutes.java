package io.icegate.api;

import io.icegate.auth.Scope;
import io.icegate.engine.DuckEngine;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import io.icegate.table.IcegateTables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/health}: whether this instance can reach what every function needs (the catalog,
 * the object store, the DuckDB engine), each check timed. 200 when all are up, 503 otherwise; a
 * failed check names its error class only, since messages may carry endpoints or paths.
 */
public final class HealthRoutes {

  /** Path of the health resource. */
  public static final String HEALTH = "/v1/health";

  private final IcegateTables tables;
  private final ObjectStore store;
  private final DuckEngine engine;

  public HealthRoutes(IcegateTables tables, ObjectStore store, DuckEngine engine) {
    this.tables = tables;
    this.store = store;
    this.engine = engine;
  }

  /** Adds the health route to a route table. */
  public ApiRoutes.Builder addTo(ApiRoutes.Builder routes) {
    return routes.get(HEALTH, Scope.READ, call -> health());
  }

  /** One check's outcome. */
  record Check(String name, String status, long millis, String error) {}

  private interface Probe {
    void run() throws Exception;
  }

  HttpResponse health() {
    List<Check> checks = new ArrayList<>();
    // loading a table reads its current metadata through the catalog: both are reachable
    checks.add(check("catalog", () -> tables.catalog().loadTable(
        org.apache.iceberg.catalog.TableIdentifier.of(IcegateTables.SYSTEM, "ingest_log"))));
    checks.add(check("store", () -> store.stat(ObjectKey.of("config/tokens.yaml"))));
    checks.add(check("engine", () -> {
      try (Connection c = engine.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
        rs.next();
      }
    }));
    boolean up = checks.stream().allMatch(c -> c.status().equals("up"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "up" : "down");
    body.put("checks", checks);
    return HttpResponse.json(up ? 200 : 503, body);
  }

  private static Check check(String name, Probe probe) {
    long t0 = System.nanoTime();
    try {
      probe.run();
      return new Check(name, "up", (System.nanoTime() - t0) / 1_000_000, null);
    } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
      // a new home: the catalog answered, there is just nothing ingested yet
      return new Check(name, "up", (System.nanoTime() - t0) / 1_000_000, null);
    } catch (Exception e) {
      return new Check(name, "down", (System.nanoTime() - t0) / 1_000_000, e.getClass().getName());
    }
  }
}
