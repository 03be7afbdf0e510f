package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import io.icegate.store.ObjectKey;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of a real scan (income shifted in the current window) in headless Chromium
 * (Debian's {@code chromium} package) and checks what the browser laid out and painted: one chart
 * per column, bars of non-zero rendered height on both sides, the drifted column marked, and the
 * bar colours in a screenshot. Skips outside CI when Chromium is missing; fails with CI=true.
 */
class DriftReportBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

  /**
   * Appended to a copy of the report (the report itself has no scripts): writes each chart's and
   * bar's laid-out size into the DOM, so --dump-dom shows rendering, not just the markup sent.
   */
  static final String PROBE = """
      <script>
      for (const svg of document.querySelectorAll('svg.chart')) {
        const box = svg.getBoundingClientRect();
        svg.setAttribute('data-rendered', Math.round(box.width) + 'x' + Math.round(box.height));
      }
      for (const bar of document.querySelectorAll('rect.bar')) {
        bar.setAttribute('data-rendered-height', bar.getBoundingClientRect().height.toFixed(2));
      }
      </script>
      """;

  @TempDir Path dir;

  @Test
  void theChartsRenderInHeadlessChromium() throws Exception {
    requireChromium();
    Path report;
    DriftScan scan;
    try (DriftFixture f = new DriftFixture(dir.resolve("home"))) {
      f.servingDay(0, 1.0, 100);
      f.servingDay(1, 1.5, 101);
      f.policy("""
          monitors:
            - name: features
              current: {dataset: serving, timestampColumn: ts, window: P1D}
              columns: [age, income, tenure, segment]
          """);
      DriftSummary summary = f.scans.scan(new ScanRequest("churn", "features", ScanMode.EXACT,
          DriftFixture.DAY0.plus(Duration.ofDays(2))));
      assertThat(summary.failures()).isEmpty();
      scan = summary.scans().get(0);
      report = Path.of(f.icegate.store().uri(ObjectKey.of(scan.reportKey())));
    }
    assertThat(scan.reportKey()).isEqualTo("reports/drift/churn/" + scan.scanId() + ".html");
    assertThat(report).isRegularFile();
    assertThat(scan.columns()).filteredOn(c -> c.result().drifted()).extracting(ColumnDrift::column)
        .containsExactly("income");

    String html = Files.readString(report);
    Path probe = dir.resolve("probe.html");
    Files.writeString(probe, html.replace("</body>", PROBE + "</body>"));
    long start = System.nanoTime();
    String dom = chromium("--dump-dom", probe.toUri().toString());
    long domMillis = (System.nanoTime() - start) / 1_000_000;

    List<String> sections = all(dom, "<section [^>]*>");
    assertThat(sections).as("one section per column").hasSize(4);
    assertThat(sections).filteredOn(s -> s.contains("data-drifted=\"true\""))
        .singleElement().satisfies(s -> assertThat(s).contains("class=\"column drifted\"")
            .contains("data-column=\"income\""));
    List<String> charts = all(dom, "<svg class=\"chart\"[^>]*>");
    assertThat(charts).as("one chart per column").hasSize(4)
        .allSatisfy(svg -> assertThat(svg).contains("data-rendered=\"760x300\""));
    for (String side : List.of("ref", "cur")) {
      List<Double> heights = new ArrayList<>();
      Matcher m = Pattern.compile("<rect class=\"bar " + side + "\"[^>]*data-rendered-height=\"([0-9.]+)\"")
          .matcher(dom);
      while (m.find()) {
        heights.add(Double.parseDouble(m.group(1)));
      }
      assertThat(heights).as("%s bars laid out", side).hasSizeGreaterThan(8);
      assertThat(heights.stream().filter(x -> x > 1).count()).as("%s bars with height", side).isGreaterThan(8);
    }
    assertThat(dom).contains("id=\"summary\"").contains(">no dataset drift</span>");

    Path png = dir.resolve("report.png");
    start = System.nanoTime();
    chromium("--screenshot=" + png, "--window-size=1200,2000", report.toUri().toString());
    long shotMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(png).isRegularFile();
    assertThat(Files.size(png)).isPositive();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1200);
    assertThat(pixels(image, 0x4c78a8)).as("reference bars painted").isGreaterThan(1000);
    assertThat(pixels(image, 0xf58518)).as("current bars painted").isGreaterThan(1000);
    System.out.printf("chromium: dump-dom %d ms, screenshot %d ms%n", domMillis, shotMillis);
  }

  private static void requireChromium() {
    if (!Files.isExecutable(CHROMIUM)) {
      String why = CHROMIUM + " is missing (Debian package chromium: apt-get install -y chromium)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + "; CI=true: this test must run");
      }
      abort(why + "; skipped outside CI");
    }
  }

  /** Runs headless Chromium with a throwaway profile and no network services; returns stdout. */
  private String chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within " + BROWSER_TIMEOUT + ": " + Files.readString(err));
    }
    assertThat(p.exitValue()).as("chromium exit; stderr: %s", Files.readString(err)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static List<String> all(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Pixels within a small distance of {@code rgb} (anti-aliasing blurs edges only). */
  private static long pixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int d = Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) + Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff))
            + Math.abs((p & 0xff) - (rgb & 0xff));
        if (d <= 12) {
          n++;
        }
      }
    }
    return n;
  }
}
