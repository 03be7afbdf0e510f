package io.icegate.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.icegate.drift.Bins;
import io.icegate.drift.DatasetDrift;
import io.icegate.drift.DriftResult;
import io.icegate.drift.FeatureType;
import io.icegate.drift.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The drift report's page text: key, escaping, order and bars; DriftReportBrowserTest renders it. */
class DriftReportTest {
  static final Instant AT = Instant.parse("2026-11-27T12:00:00Z");
  static final String EVIL = "<script>alert('x')</script>&\"";

  @Test
  void reportKeyIsPerModelAndScan() {
    assertThat(DriftReport.key("churn", "a1b2")).isEqualTo("reports/drift/churn/a1b2.html");
  }

  @Test
  void textFromDataIsRenderedInert() {
    ColumnDrift evil = new ColumnDrift(EVIL, FeatureType.CATEGORICAL,
        new DriftResult(Method.JENSENSHANNON, 0.4, 0.4, 0.1, true), 10, 10,
        new Bins(null, List.of(EVIL, "<img src=x onerror=alert(1)>"), new double[] {6, 4}, new double[] {1, 9}));
    String html = DriftReport.html(scan(List.of(evil), EVIL));

    assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("'x'")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;")
        .contains("&lt;img src=x onerror=alert(1)&gt;");
    // the only tags are the report's own: no attribute value or text broke out of its quotes
    Matcher tags = Pattern.compile("<([a-zA-Z0-9]+)").matcher(html);
    List<String> names = new ArrayList<>();
    while (tags.find()) {
      names.add(tags.group(1).toLowerCase());
    }
    assertThat(names).isSubsetOf("html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "code",
        "span", "table", "tr", "th", "td", "a", "section", "svg", "line", "text", "rect", "p");
  }

  @Test
  void columnsAreSortedByDriftAndEachHasAChartWithItsBars() {
    ColumnDrift calm = column("age", new DriftResult(Method.WASSERSTEIN, 0.02, 0.02, 0.1, false),
        new Bins(new double[] {0, 1, 2, 3}, null, new double[] {1, 2, 1}, new double[] {1, 2, 1}));
    ColumnDrift shifted = column("income", new DriftResult(Method.WASSERSTEIN, 0.9, 0.9, 0.1, true),
        new Bins(new double[] {0, 10, 20}, null, new double[] {3, 1}, new double[] {1, 3}));
    String html = DriftReport.html(scan(List.of(calm, shifted), "m"));

    assertThat(html.indexOf("data-column=\"income\"")).isLessThan(html.indexOf("data-column=\"age\""));
    assertThat(html).containsOnlyOnce("<section class=\"column drifted\" id=\"col-0\" data-column=\"income\"")
        .contains("<section class=\"column\" id=\"col-1\" data-column=\"age\" data-drifted=\"false\"");
    assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(2);
    assertThat(count(html, "<rect class=\"bar ref\"")).isEqualTo(5);
    assertThat(count(html, "<rect class=\"bar cur\"")).isEqualTo(5);
    assertThat(html).contains("data-share=\"0.750000\"").contains("<title>current [10, 20]: 75.0%</title>")
        .contains(">80.0%</text>");
    // nothing is fetched: the SVG namespace name is the only URL
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http:", "https:", "<link", "<img", "@import", "url(");
  }

  @Test
  void manyCategoriesDrawTheMostFrequentAndSayWhatIsLeftOut() {
    int n = DriftReport.MAX_BINS + 10;
    List<String> labels = new ArrayList<>();
    double[] ref = new double[n];
    double[] cur = new double[n];
    for (int i = 0; i < n; i++) {
      labels.add("v" + i);
      ref[i] = i < DriftReport.MAX_BINS ? 10 : 1;
      cur[i] = ref[i];
    }
    ColumnDrift wide = column("city", new DriftResult(Method.JENSENSHANNON, 0, 0, 0.1, false),
        new Bins(null, labels, ref, cur));
    String html = DriftReport.html(scan(List.of(wide), "m"));
    assertThat(count(html, "<rect class=\"bar ref\"")).isEqualTo(DriftReport.MAX_BINS);
    assertThat(html).contains("10 less frequent values are not drawn: 2.4% of the reference, 2.4% of the current")
        .doesNotContain(">v45<");
  }

  private static ColumnDrift column(String name, DriftResult r, Bins bins) {
    return new ColumnDrift(name, FeatureType.NUMERICAL, r, 4, 4, bins);
  }

  static DriftScan scan(List<ColumnDrift> columns, String monitor) {
    DatasetDrift d = DatasetDrift.of(columns.stream().map(ColumnDrift::result).toList(), 0.5);
    return new DriftScan("s-1", "churn", monitor, "production", 3, "training", 11L, "serving", 12L,
        AT.minusSeconds(86_400), AT, ScanMode.EXACT, "exact mode was asked for", columns, d, AT,
        DriftReport.key("churn", "s-1"), Panels.NONE);
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
