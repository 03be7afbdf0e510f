package io.icegate.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@link Soak} that CI runs: up to 300 uploads, but at most 45 seconds of them
 * (an idle two-core machine gets through about a hundred with the scans and maintenance running, a
 * machine shared with other builds a few dozen). Correctness does not depend on the count.
 */
class SoakTest {
  @TempDir Path dir;

  @Test
  void threeHundredUploadsWithScansAndMaintenanceLoseNothing() throws Exception {
    Soak.Figures f = Soak.run(dir.resolve("home"), new Soak.Plan(300, 45, 3, Duration.ofSeconds(8), 11), System.out);
    Soak.print(f, System.out);
    assertThat(Soak.problems(f)).isEmpty();
    assertThat(f.submitted()).as("uploads submitted within the time bound").isGreaterThanOrEqualTo(10);
    assertThat(f.duplicates()).isPositive();
    assertThat(f.bad()).isPositive();
    assertThat(f.maintenanceRuns()).isGreaterThanOrEqualTo(2);
    assertThat(f.filesCompacted()).isPositive();
    assertThat(f.driftScans()).isPositive();
    assertThat(f.driftFailures()).isEmpty();
  }
}
