package io.icegate.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * The demo's inputs: the sample trips contract and two taxi-trip CSVs. Trip ids get the run id,
 * so every run uploads new content and the demo can run again on the same home.
 */
final class DemoData {
  /** System property naming the repository's {@code local/samples} folder (the launcher sets it). */
  static final String SAMPLES_PROPERTY = "icegate.samples";
  static final String CONTRACT = "contracts/trips.yaml";
  static final String GOOD = "trips-good.csv";
  static final String BAD = "trips-bad.csv";

  private DemoData() {}

  /**
   * A contract document and where it came from.
   *
   * @param source the file, or the classpath copy
   * @param yaml its text
   */
  record Contract(String source, String yaml) {}

  /** The sample contract: the repository's copy when the launcher names it, else the bundled one. */
  static Contract contract() throws IOException {
    String samples = System.getProperty(SAMPLES_PROPERTY);
    if (samples != null) {
      Path file = Path.of(samples, CONTRACT);
      if (Files.isRegularFile(file)) {
        return new Contract(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return new Contract("classpath:demo/trips.yaml", resource("trips.yaml"));
  }

  /** A run id that sorts by time and is unique per run: base-36 milliseconds. */
  static String runId(Instant now) {
    return Long.toString(now.toEpochMilli(), 36).toUpperCase(Locale.ROOT);
  }

  /** A bundled CSV with its trip ids made unique to the run ({@code NYC-0001} becomes {@code NYC-<run>-0001}). */
  static byte[] csv(String name, String run) {
    return resource(name).replace("\nNYC-", "\nNYC-" + run + "-").getBytes(StandardCharsets.UTF_8);
  }

  private static String resource(String name) {
    try (InputStream in = DemoData.class.getResourceAsStream("/demo/" + name)) {
      if (in == null) {
        throw new IllegalStateException("demo resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
