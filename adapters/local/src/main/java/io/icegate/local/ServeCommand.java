package io.icegate.local;

import io.icegate.ingest.IngestFunction;
import io.icegate.ingest.IngestReport;
import io.icegate.ingest.ProfileRequest;
import io.icegate.ingest.ProfileResult;
import io.icegate.monitor.BudgetOutcome;
import io.icegate.monitor.DriftScan;
import io.icegate.monitor.DriftScans;
import io.icegate.monitor.DriftSummary;
import io.icegate.monitor.ScanRequest;
import io.icegate.store.ObjectInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code icegate serve}: the local runtime, ingesting what lands in the home's object store. */
@Command(name = "serve", description = {
    "Run the local runtime: ingest uploads as they land in landing/<dataset>/, and serve the HTTP API.",
    "Polls the home's object store and ingests each finished upload, oldest first, with the same function",
    "the clouds run. One line per outcome (--json: one IngestReport per line); once a poll's uploads are",
    "committed, their column profiles follow (PROFILED lines; --json: a ProfileResult), and every hour any",
    "batch still without profiles is caught up. The API (registry, gate,",
    "promotion, rollback; bearer tokens from 'icegate tokens add') listens on 127.0.0.1 only.",
    "Every minute (--scan-every) it scans the drift monitors that are due under their schedule, one line per",
    "scan; tripped budgets alert the owners and trigger retrains (--no-scans: off).",
    "Every day (--maintain-every; the first run 10 minutes after start) it maintains the tables in the background:",
    "compaction, snapshot expiry, orphan removal, as 'icegate maintain' (--no-maintain: off).",
    "Ctrl-C finishes the ingest or scan in flight, then exits."})
final class ServeCommand implements Callable<Integer> {
  /** Uploads younger than this may still be written to. */
  static final Duration SETTLE = Duration.ofSeconds(1);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  /** How often serve profiles committed batches that have no profiles yet (ingest profiles its own at once). */
  static final Duration PROFILE_CATCH_UP = Duration.ofHours(1);

  @Spec CommandSpec spec;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
      description = "time between polls, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE})")
  Duration interval;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "port of the HTTP API on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--no-http", description = "only watch landing/; do not serve the HTTP API")
  boolean noHttp;

  @Option(names = "--scan-every", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
      description = "time between checks for due drift monitors (default: ${DEFAULT-VALUE})")
  Duration scanEvery;

  @Option(names = "--no-scans", description = "do not run scheduled drift scans")
  boolean noScans;

  @Option(names = "--maintain-every", paramLabel = "DURATION", defaultValue = "1d", converter = DurationConverter.class,
      description = "time between table maintenance runs (default: ${DEFAULT-VALUE})")
  Duration maintainEvery;

  @Option(names = "--no-maintain", description = "do not run scheduled table maintenance")
  boolean noMaintain;

  /** Delay of the first scheduled maintenance: not during start-up, but soon enough for short-lived servers. */
  static final Duration FIRST_MAINTENANCE = Duration.ofMinutes(10);

  @Option(names = "--once", description = "ingest what is in landing now, then exit (exit code 1 if any upload was not ok)")
  boolean once;

  @Override
  public Integer call() throws Exception {
    Output out = IcegateCli.output(spec);
    try (StopSignal stop = StopSignal.install(() -> out.note("stopping after the ingest in flight (Ctrl-C again to abort it)…"));
        LocalRuntime runtime = Progress.run(out, "starting icegate", () -> LocalRuntime.start(IcegateCli.of(spec).home()));
        LocalHttpServer http = noHttp || once ? null
            : LocalHttpServer.start(runtime.http(), LocalHttpServer.Config.DEFAULTS.withPort(port))) {
      if (http != null) {
        out.note("icegate serve: HTTP API on %s (OpenAPI document at %s/v1/openapi.json; health at /v1/health,"
            + " Prometheus metrics at /metrics)", http.uri(), http.uri());
      }
      return serve(runtime, out, stop);
    }
  }

  private int serve(LocalRuntime runtime, Output out, StopSignal stop) throws Exception {
    var store = runtime.icegate().store();
    LandingWatcher watcher = new LandingWatcher(store, Clock.systemUTC(), SETTLE, interval, once ? 1 : 3);
    // --once only waits for uploads to settle, so it polls faster than a long-running watcher needs to
    Duration pause = once && interval.compareTo(Duration.ofMillis(250)) > 0 ? Duration.ofMillis(250) : interval;
    out.note("icegate serve: watching %s every %s (started in %d ms)%s", Landing.onDisk(store, IngestFunction.LANDING),
        DurationConverter.format(interval), runtime.startupMillis(), once ? "" : "; Ctrl-C to stop");
    boolean allOk = true;
    ScheduledMaintenance maintenance = once || noMaintain ? null
        : new ScheduledMaintenance(runtime, out, maintainEvery.compareTo(FIRST_MAINTENANCE) < 0 ? maintainEvery
            : FIRST_MAINTENANCE, maintainEvery);
    try {
      allOk = loop(runtime, out, stop, watcher, pause);
    } finally {
      if (maintenance != null) {
        maintenance.close();
      }
    }
    // a long-running watcher stopped on request has done its job; --once answers for its uploads
    return allOk || !once ? ExitCode.OK : ExitCode.SOFTWARE;
  }

  private boolean loop(LocalRuntime runtime, Output out, StopSignal stop, LandingWatcher watcher, Duration pause)
      throws Exception {
    boolean allOk = true;
    Instant nextCatchUp = Instant.now();
    Instant nextScan = Instant.now();
    while (!stop.requested()) {
      if (!once && !noScans && !Instant.now().isBefore(nextScan)) {
        scanDue(runtime, out);
        nextScan = Instant.now().plus(scanEvery);
      }
      LandingWatcher.Poll poll = watcher.poll();
      List<ProfileRequest> followUps = new ArrayList<>();
      for (ObjectInfo info : poll.ready()) {
        if (stop.requested()) {
          break;
        }
        IngestReport report = runtime.ingest().apply(Landing.event(info));
        watcher.done(info, report);
        allOk &= report.status().ok();
        if (out.json()) {
          out.jsonLine(report);
        } else {
          out.line("%s %s%s", LocalTime.now().format(TIME), ReportText.oneLine(report),
              watcher.givenUp(info) && !once ? " (given up; upload it again to retry)" : "");
        }
        Optional.ofNullable(ProfileRequest.after(report)).ifPresent(followUps::add);
      }
      // the polled uploads' rows are visible first; their profiles follow
      for (ProfileRequest request : followUps) {
        if (!stop.requested()) {
          profile(runtime, out, request);
        }
      }
      if (poll.ready().isEmpty() && !stop.requested() && !Instant.now().isBefore(nextCatchUp)) {
        // batches committed while no follow-up ran: a stop, a crash, feedback through the API, another writer
        profile(runtime, out, ProfileRequest.ALL);
        nextCatchUp = Instant.now().plus(PROFILE_CATCH_UP);
      }
      if (once && poll.ready().isEmpty() && poll.waiting() == 0) {
        break;
      }
      stop.await(pause.toMillis());
    }
    return allOk;
  }

  /** Runs ingest's follow-up; prints what it profiled or could not, and goes on either way. */
  private static void profile(LocalRuntime runtime, Output out, ProfileRequest request) {
    ProfileResult result;
    try {
      result = runtime.profileBatches().apply(request);
    } catch (RuntimeException e) {
      out.line("%s profiles failed: %s", LocalTime.now().format(TIME), e.getMessage());
      return;
    }
    if (out.json()) {
      if (!result.profiled().isEmpty() || !result.failed().isEmpty()) {
        out.jsonLine(result);
      }
      return;
    }
    for (ProfileResult.Profiled p : result.profiled()) {
      out.line("%s PROFILED    %s batch %s: %d columns of %d rows  [%d ms]", LocalTime.now().format(TIME), p.dataset(),
          p.batchId(), p.columns(), p.rows(), p.millis());
    }
    for (ProfileResult.Unprofiled f : result.failed()) {
      out.line("%s profiles of %s batch %s not written (drift scans read its rows): %s", LocalTime.now().format(TIME),
          f.dataset(), f.batchId(), f.reason());
    }
  }

  /** Scans the due monitors; a failing scan is printed, and the loop goes on ingesting. */
  private static void scanDue(LocalRuntime runtime, Output out) {
    DriftSummary summary;
    try {
      summary = runtime.context().getBean(DriftScans.class).scan(ScanRequest.ALL);
    } catch (RuntimeException e) {
      out.line("%s drift scan failed: %s", LocalTime.now().format(TIME), e.getMessage());
      return;
    }
    if (out.json()) {
      if (!summary.scans().isEmpty() || !summary.failures().isEmpty()) {
        out.jsonLine(summary);
      }
      return;
    }
    for (int i = 0; i < summary.scans().size(); i++) {
      DriftScan s = summary.scans().get(i);
      BudgetOutcome b = i < summary.budgets().size() ? summary.budgets().get(i) : null;
      StringBuilder line = new StringBuilder(String.format("%s drift %s / %s: %s (%d of %d columns)",
          LocalTime.now().format(TIME), s.model(), s.monitor(), s.dataset().drifted() ? "DATASET DRIFT" : "no dataset drift",
          s.dataset().driftedColumns(), s.dataset().columns()));
      if (b != null) {
        for (BudgetOutcome.TrippedRule t : b.tripped()) {
          line.append("; TRIPPED ").append(t.rule()).append(", alert ").append(DriftCommand.notice(t.alert()));
        }
        if (b.retrain() != null) {
          line.append("; retrain ").append(DriftCommand.notice(b.retrain()));
        }
      }
      out.line("%s", line);
    }
    for (DriftSummary.Failure f : summary.failures()) {
      out.line("%s drift %s%s: REFUSED: %s", LocalTime.now().format(TIME), f.model(),
          f.monitor() == null ? "" : " / " + f.monitor(), f.message());
    }
  }

  /** Parses {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}, plain seconds or ISO-8601 ({@code PT2S}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
      Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
      Duration d;
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        d = switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofSeconds(n);
        };
      } else {
        try {
          d = Duration.parse(value.trim());
        } catch (RuntimeException e) {
          throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 2s, 1m, PT2S)");
        }
      }
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("'" + value + "' must be longer than zero");
      }
      return d;
    }

    static String format(Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
  }
}
