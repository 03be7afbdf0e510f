package io.icegate.monitor;

import io.icegate.gate.GatePolicy;
import io.icegate.gate.GateService;
import io.icegate.gate.PolicyException;
import io.icegate.gate.PolicyParser;
import io.icegate.notify.Notifications;
import io.icegate.observe.Correlation;
import io.icegate.registry.RegistryException;
import io.icegate.store.ObjectInfo;
import io.icegate.store.ObjectKey;
import io.icegate.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code scanDrift} function: scans the monitors a {@link ScanRequest} names, reading each
 * model's policy from {@code config/policies/<model>.yaml}. One monitor's failure is reported and
 * does not stop the others; a request naming one model or monitor that does not exist is refused.
 * Each scan's HTML report ({@link DriftReport}) is written to its {@link DriftScan#reportKey()}.
 * After each scan the monitor's drift budget is evaluated and what it trips is sent; the empty
 * request scans only monitors whose last scan is at least their {@code schedule} ago.
 */
public final class DriftScans {

  private static final String POLICIES = "config/policies/";
  private static final String YAML = ".yaml";

  /** When a scheduled run last refused a monitor; kept by this instance only (a restart retries once). */
  private final Map<MonitorKey, Instant> refused = new java.util.concurrent.ConcurrentHashMap<>();
  private final ObjectStore store;
  private final DriftScanner scanner;
  private final Clock clock;
  private final DriftAlerts alerts;

  /** Scans that evaluate budgets but send nothing (a platform without a notifier). */
  public DriftScans(ObjectStore store, DriftScanner scanner, Clock clock) {
    this(store, scanner, clock, null);
  }

  /** Scans whose tripped budgets go through {@code notifications} (null: recorded, not sent). */
  public DriftScans(ObjectStore store, DriftScanner scanner, Clock clock, Notifications notifications) {
    this.store = store;
    this.scanner = scanner;
    this.clock = clock;
    this.alerts = new DriftAlerts(notifications);
  }

  /**
   * Runs the scans of {@code request}.
   *
   * @throws MonitorException when the named model has no policy or no such monitor
   * @throws PolicyException when the named model's policy does not parse
   */
  public DriftSummary scan(ScanRequest request) {
    Instant at = request.at() == null ? clock.instant() : request.at();
    Run run = new Run(request, at);
    if (request.model() == null) {
      if (request.monitor() != null) {
        throw MonitorException.invalid("name the model of monitor '" + request.monitor() + "'");
      }
      for (String model : models()) {
        GatePolicy policy;
        try {
          policy = policy(model);
        } catch (PolicyException | MonitorException e) {
          run.failures.add(new DriftSummary.Failure(model, null, e.getMessage()));
          continue;
        }
        run(policy, request.scheduled() ? due(policy, at) : policy.monitors(), run);
      }
      return run.summary();
    }
    GatePolicy policy = policy(request.model());
    List<Monitor> monitors = policy.monitors();
    if (request.monitor() != null) {
      monitors = List.of(policy.monitor(request.monitor()).orElseThrow(() -> MonitorException.notFound(
          "the policy of model '" + request.model() + "' has no monitor '" + request.monitor() + "'"
              + (policy.monitors().isEmpty() ? "" : "; it has " + String.join(", ",
                  policy.monitors().stream().map(Monitor::name).toList())))));
    }
    run(policy, monitors, run);
    return run.summary();
  }

  /** Most scans {@link #recent} returns. */
  public static final int MAX_RECENT = 1000;

  /**
   * The latest {@code limit} scans of {@code model} (of one monitor when not null), newest first.
   *
   * @throws MonitorException when the model has no policy
   */
  public List<ScanRecord> recent(String model, String monitor, int limit) {
    policy(model);
    return scanner.results().scans(model, monitor, Math.min(limit, MAX_RECENT));
  }

  /** The HTML report of one scan of {@code model}, or empty when there is none. */
  public java.util.Optional<byte[]> report(String model, String scanId) {
    if (!scanId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(store.readAllBytes(ObjectKey.of(DriftReport.key(model, scanId))));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The monitors of {@code policy} never scanned or last scanned (or refused, by this instance) at
   * least their schedule before {@code now}: a monitor without data in its window waits for its
   * next turn instead of being retried, and reported, at every check.
   */
  List<Monitor> due(GatePolicy policy, Instant now) {
    Map<String, Instant> last = new HashMap<>(scanner.results().lastScans(policy.model()));
    refused.forEach((key, at) -> {
      if (key.model().equals(policy.model())) {
        last.merge(key.monitor(), at, (a, b) -> a.isAfter(b) ? a : b);
      }
    });
    return policy.monitors().stream()
        .filter(m -> !last.containsKey(m.name()) || !last.get(m.name()).plus(m.schedule()).isAfter(now))
        .toList();
  }

  /** A monitor of a model. */
  private record MonitorKey(String model, String monitor) {}

  /** What one request has done so far. */
  private static final class Run {
    final ScanRequest request;
    final Instant at;
    final List<DriftScan> scans = new ArrayList<>();
    final List<DriftSummary.Failure> failures = new ArrayList<>();
    final List<BudgetOutcome> budgets = new ArrayList<>();

    Run(ScanRequest request, Instant at) {
      this.request = request;
      this.at = at;
    }

    DriftSummary summary() {
      return new DriftSummary(scans, failures, budgets);
    }
  }

  private void run(GatePolicy policy, List<Monitor> monitors, Run run) {
    for (Monitor m : monitors) {
      try (Correlation model = Correlation.with(Correlation.MODEL, policy.model());
          Correlation monitor = Correlation.with(Correlation.MONITOR, m.name())) {
        run(policy, m, run);
      }
    }
  }

  private void run(GatePolicy policy, Monitor m, Run run) {
    DriftScan scan;
    try {
      scan = scanner.scan(policy, m, run.at, run.request.mode());
    } catch (MonitorException | RegistryException e) {
      run.failures.add(new DriftSummary.Failure(policy.model(), m.name(), e.getMessage()));
      if (run.request.scheduled()) {
        refused.put(new MonitorKey(policy.model(), m.name()), run.at);
      }
      return;
    }
    run.scans.add(scan);
    try {
      store.put(ObjectKey.of(scan.reportKey()), DriftReport.html(scan).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the results are recorded; say that only the page is missing
      run.failures.add(new DriftSummary.Failure(policy.model(), m.name(), "scan " + scan.scanId()
          + " is recorded but its report " + scan.reportKey() + " could not be written: " + e.getMessage()));
    }
    int history = m.budget().history();
    run.budgets.add(alerts.check(policy, m, scan,
        history == 0 ? List.of() : scanner.results().recent(policy.model(), m.name(), history),
        store.uri(ObjectKey.of(scan.reportKey())).toString()));
  }

  /** Models with a policy file, by name. */
  private List<String> models() {
    try {
      List<String> out = new ArrayList<>();
      for (ObjectInfo o : store.list(POLICIES)) {
        String name = o.key().toString().substring(POLICIES.length());
        if (name.endsWith(YAML) && !name.contains("/")) {
          out.add(name.substring(0, name.length() - YAML.length()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private GatePolicy policy(String model) {
    ObjectKey key = GateService.policyKey(model);
    try {
      return PolicyParser.parse(model, new String(store.readAllBytes(key), StandardCharsets.UTF_8), key.toString());
    } catch (NoSuchFileException e) {
      throw MonitorException.notFound("model '" + model + "' has no policy at " + key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
