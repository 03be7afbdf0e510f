package io.icegate.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test inputs: the bundled demo contract and CSVs, written where a test wants them. */
final class Fixtures {
  private Fixtures() {}

  /** The bundled sample trips contract. */
  static Path contract(Path dir) throws IOException {
    return write(dir.resolve("trips.yaml"), DemoData.contract().yaml());
  }

  /** A demo CSV with trip ids made unique by {@code run}. */
  static Path csv(Path dir, String name, String demoFile, String run) throws IOException {
    return write(dir.resolve(name), new String(DemoData.csv(demoFile, run), StandardCharsets.UTF_8));
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
