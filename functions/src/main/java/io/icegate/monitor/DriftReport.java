package io.icegate.monitor;

import static io.icegate.gate.GateReport.esc;

import io.icegate.drift.Bins;
import io.icegate.drift.DatasetDrift;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link DriftScan} as one self-contained HTML page: no scripts, no external styles or
 * fonts, charts as inline SVG, every value escaped. The page has the scan's header, a summary
 * table sorted by drift, the data-quality, performance and KPI panels, and, per column, reference
 * vs current bin shares as grouped bars.
 */
public final class DriftReport {

  /**
   * Most bars per chart: categorical columns can have hundreds of values, so the most frequent
   * ones (on either side) are drawn and the rest summed in the caption.
   */
  static final int MAX_BINS = 40;

  private static final int WIDTH = 760;
  private static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 36;
  private static final int TOP = 36;
  private static final int BOTTOM = 78;
  private static final String REF_COLOR = "#4c78a8";
  private static final String CUR_COLOR = "#f58518";

  private DriftReport() {}

  /** Object key of a scan's report: {@code reports/drift/<model>/<scanId>.html}. */
  public static String key(String model, String scanId) {
    return "reports/drift/" + model + "/" + scanId + ".html";
  }

  /** The page. */
  public static String html(DriftScan s) {
    StringBuilder h = new StringBuilder(32_768);
    DatasetDrift d = s.dataset();
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drift ")
        .append(esc(s.model())).append(" / ").append(esc(s.monitor())).append("</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:820px}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
        .append("th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}")
        .append(".drift{color:#b00020;font-weight:600}.ok{color:#176f2c;font-weight:600}")
        .append("section.column{margin:2em 0;border-top:1px solid #ddd}section.column.drifted h3{color:#b00020}")
        .append("svg text{font:11px system-ui,sans-serif;fill:#333}svg .axis{stroke:#333}svg .grid{stroke:#e4e4e4}")
        .append("code{background:#f4f4f4;padding:0 3px}</style></head><body>");
    h.append("<h1>Drift scan: <code>").append(esc(s.model())).append("</code> / <code>").append(esc(s.monitor()))
        .append("</code> &mdash; <span id=\"verdict\" class=\"").append(d.drifted() ? "drift\">DATASET DRIFT" : "ok\">no dataset drift")
        .append("</span></h1><table id=\"scan\">");
    row(h, "Model", s.model());
    row(h, "Monitor", s.monitor());
    row(h, "Alias", s.alias() + (s.version() == null ? " (points at no version)" : " \u2192 version " + s.version()));
    row(h, "Reference", s.referenceDataset() + " @ snapshot " + s.referenceSnapshotId());
    row(h, "Current", s.currentDataset() + " @ snapshot " + s.currentSnapshotId());
    row(h, "Window", "[" + s.windowFrom() + ", " + s.windowTo() + ")");
    row(h, "Mode", s.mode().id() + ": " + s.modeReason());
    row(h, "Dataset verdict", (d.drifted() ? "DRIFT: " : "no drift: ") + d.driftedColumns() + " of " + d.columns()
        + " columns drifted (share " + num(d.share()) + "; the dataset drifts at " + num(d.driftShare()) + ")");
    row(h, "Scan", s.scanId() + " at " + s.scannedAt());
    h.append("</table>");

    List<ColumnDrift> columns = new ArrayList<>(s.columns());
    columns.sort(Comparator.comparingDouble(ColumnDrift::severity).reversed());
    h.append("<h2>Columns, most drifted first</h2><table id=\"summary\"><tr><th>column</th><th>type</th>")
        .append("<th>method</th><th>score</th><th>threshold</th><th>drifted</th><th>reference rows</th>")
        .append("<th>current rows</th></tr>");
    for (int i = 0; i < columns.size(); i++) {
      ColumnDrift c = columns.get(i);
      h.append("<tr data-column=\"").append(esc(c.column())).append("\"><td><a href=\"#col-").append(i)
          .append("\"><code>").append(esc(c.column())).append("</code></a></td><td>")
          .append(c.type().name().toLowerCase(Locale.ROOT)).append("</td><td>").append(c.result().method().id())
          .append(c.result().method().pValue() ? " (p-value)" : " (distance)").append("</td><td class=\"num\">")
          .append(num(c.result().score())).append("</td><td class=\"num\">").append(num(c.result().threshold()))
          .append("</td><td class=\"").append(c.result().drifted() ? "drift\">DRIFT" : "ok\">no")
          .append("</td><td class=\"num\">").append(c.referenceCount()).append("</td><td class=\"num\">")
          .append(c.currentCount()).append("</td></tr>");
    }
    h.append("</table>");
    quality(h, s.panels().quality());
    performance(h, s.panels().performance());
    kpi(h, s.panels().kpi());
    h.append("<h2>Reference vs current, per column</h2>");
    for (int i = 0; i < columns.size(); i++) {
      column(h, i, columns.get(i));
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void column(StringBuilder h, int index, ColumnDrift c) {
    boolean drifted = c.result().drifted();
    h.append("<section class=\"column").append(drifted ? " drifted" : "").append("\" id=\"col-").append(index)
        .append("\" data-column=\"").append(esc(c.column())).append("\" data-drifted=\"").append(drifted)
        .append("\"><h3><code>").append(esc(c.column())).append("</code> &mdash; ")
        .append(drifted ? "DRIFT" : "no drift").append(" (").append(c.result().method().id()).append(' ')
        .append(num(c.result().score())).append(", threshold ").append(num(c.result().threshold()))
        .append(")</h3>");
    if (c.bins() == null) {
      h.append("<p>No bins were kept for this column.</p></section>");
      return;
    }
    chart(h, c);
    h.append("</section>");
  }

  private static void quality(StringBuilder h, List<Panels.Quality> figures) {
    if (figures.isEmpty()) {
      return;
    }
    h.append("<h2>Data quality of the window</h2><table id=\"quality\"><tr><th>column</th><th>check</th>")
        .append("<th>current</th><th>reference</th><th>against</th></tr>");
    for (Panels.Quality q : figures) {
      boolean flagged = q.current() > 0 && !Panels.Quality.NULL_RATE.equals(q.check())
          || Panels.Quality.NULL_RATE.equals(q.check()) && q.reference() != null && q.current() > 2 * q.reference()
              && q.current() > 0.01;
      h.append("<tr data-column=\"").append(esc(q.column())).append("\" data-check=\"").append(q.check())
          .append("\"><td><code>").append(esc(q.column())).append("</code></td><td>").append(q.check().replace('_', ' '))
          .append("</td><td class=\"num").append(flagged ? " drift" : "").append("\">").append(pct(q.current()))
          .append("</td><td class=\"num\">").append(q.reference() == null ? "&mdash;" : pct(q.reference()))
          .append("</td><td>").append(esc(q.detail())).append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void performance(StringBuilder h, Panels.Performance p) {
    if (p == null) {
      return;
    }
    h.append("<h2>Performance on labelled predictions</h2><p>").append(p.labelled()).append(" of ")
        .append(p.predictions()).append(" predictions in the window have a label")
        .append(p.judged() ? "" : "; fewer than the " + p.minLabelled() + " needed to judge them")
        .append(". Baseline: ").append(esc(p.baselineSource())).append(".</p><table id=\"performance\"><tr>")
        .append("<th>metric</th><th>live</th><th>at the gate</th><th>change</th></tr>");
    for (Panels.Metric m : p.metrics()) {
      Double drop = m.drop();
      h.append("<tr data-metric=\"").append(esc(m.metric())).append("\"><td>").append(esc(m.metric()))
          .append("</td><td class=\"num\">").append(m.value() == null ? "&mdash;" : num(m.value()))
          .append("</td><td class=\"num\">").append(m.baseline() == null ? "&mdash;" : num(m.baseline()))
          .append("</td><td class=\"num").append(drop != null && drop > 0 && p.judged() ? " drift" : "").append("\">")
          .append(drop == null ? "&mdash;" : (drop > 0 ? "worse by " : "better by ") + num(Math.abs(drop)))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void kpi(StringBuilder h, Panels.Kpi k) {
    if (k == null) {
      return;
    }
    h.append("<h2>Business KPI next to the model</h2><table id=\"kpi\">");
    row(h, "KPI", k.aggregate() + "(" + k.name() + ") in the window: " + (k.level() == null ? "no rows" : num(k.level())));
    row(h, "Model output", k.output() == null ? "no scalar output in the window" : "mean " + num(k.output()));
    row(h, "Correlation", k.correlation() == null ? "needs three windows with both figures"
        : "Pearson r " + num(k.correlation()) + " over the last " + k.windows() + " windows");
    h.append("</table>");
    line(h, k);
  }

  /** KPI and model output per window, each scaled to its own range, as two lines. */
  private static void line(StringBuilder h, Panels.Kpi k) {
    List<double[]> pts = k.history();
    int w = WIDTH;
    int ht = 180;
    int plotW = w - LEFT - RIGHT;
    int plotH = ht - 30 - 30;
    h.append("<svg class=\"kpi-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w)
        .append("\" height=\"").append(ht).append("\" role=\"img\" aria-label=\"KPI and model output per window\">");
    for (int series = 1; series <= 2; series++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] p : pts) {
        if (!Double.isNaN(p[series])) {
          lo = Math.min(lo, p[series]);
          hi = Math.max(hi, p[series]);
        }
      }
      if (lo > hi) {
        continue;
      }
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < pts.size(); i++) {
        double v = pts.get(i)[series];
        if (Double.isNaN(v)) {
          continue;
        }
        double x = LEFT + (pts.size() == 1 ? 0 : plotW * i / (double) (pts.size() - 1));
        double y = 30 + plotH - (hi == lo ? 0.5 : (v - lo) / (hi - lo)) * plotH;
        d.append(d.length() == 0 ? "M" : " L").append(px(x)).append(' ').append(px(y));
      }
      h.append("<path class=\"series ").append(series == 1 ? "kpi" : "output").append("\" d=\"").append(d)
          .append("\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(series == 1 ? REF_COLOR : CUR_COLOR)
          .append("\"/>");
    }
    legend(h, LEFT, "kpi", REF_COLOR, k.name() + " (" + k.aggregate() + ")");
    legend(h, LEFT + 220, "output", CUR_COLOR, "model output (mean)");
    h.append("<text x=\"").append(LEFT).append("\" y=\"").append(ht - 8).append("\">each line scaled to its own")
        .append(" range; oldest window left, this scan's right</text></svg>");
  }

  /** One bar pair of the chart: its label (full and on the axis) and both sides' shares. */
  private record Bar(String label, double reference, double current) {}

  private static void chart(StringBuilder h, ColumnDrift c) {
    Bins b = c.bins();
    double[] ref = b.referenceShares();
    double[] cur = b.currentShares();
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < ref.length; i++) {
      String label = b.histogram()
          ? "[" + tick(b.edges()[i]) + ", " + tick(b.edges()[i + 1]) + (i == ref.length - 1 ? "]" : ")")
          : b.labels().get(i);
      bars.add(new Bar(label, finite(ref[i]), finite(cur[i])));
    }
    String omitted = null;
    if (!b.histogram() && bars.size() > MAX_BINS) {
      List<Bar> top = new ArrayList<>(bars);
      top.sort(Comparator.comparingDouble((Bar x) -> Math.max(x.reference(), x.current())).reversed());
      List<Bar> kept = top.subList(0, MAX_BINS);
      double restRef = 0;
      double restCur = 0;
      for (Bar x : top.subList(MAX_BINS, top.size())) {
        restRef += x.reference();
        restCur += x.current();
      }
      omitted = (top.size() - MAX_BINS) + " less frequent values are not drawn: " + pct(restRef)
          + " of the reference, " + pct(restCur) + " of the current rows.";
      bars.removeIf(x -> !kept.contains(x)); // keeps the values in their sorted order
    }
    double max = 0;
    for (Bar x : bars) {
      max = Math.max(max, Math.max(x.reference(), x.current()));
    }
    double top = axisTop(max);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    double base = TOP + plotH;
    double group = (double) plotW / bars.size();
    double bar = group * 0.4;

    h.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"reference vs current shares of ").append(esc(c.column())).append("\">");
    for (int t = 0; t <= 4; t++) {
      double y = base - plotH * t / 4.0;
      h.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
          .append(px(y)).append("\" y2=\"").append(px(y)).append("\"/><text class=\"ytick\" x=\"").append(LEFT - 6)
          .append("\" y=\"").append(px(y + 4)).append("\" text-anchor=\"end\">").append(pct(top * t / 4)).append("</text>");
    }
    for (int i = 0; i < bars.size(); i++) {
      Bar x = bars.get(i);
      double x0 = LEFT + i * group + group * 0.1;
      rect(h, "ref", i, x0, bar, x.reference(), top, plotH, base, "reference " + x.label());
      rect(h, "cur", i, x0 + bar, bar, x.current(), top, plotH, base, "current " + x.label());
    }
    xLabels(h, b, bars, group, base);
    h.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
        .append(px(base)).append("\" y2=\"").append(px(base)).append("\"/><line class=\"axis\" x1=\"").append(LEFT)
        .append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" y2=\"").append(px(base))
        .append("\"/>");
    h.append("<text class=\"ylabel\" transform=\"translate(14 ").append(px(TOP + plotH / 2.0))
        .append(") rotate(-90)\" text-anchor=\"middle\">share of rows</text>");
    h.append("<text class=\"xlabel\" x=\"").append(px(LEFT + plotW / 2.0)).append("\" y=\"").append(HEIGHT - 6)
        .append("\" text-anchor=\"middle\">").append(esc(c.column())).append(b.histogram() ? " (bins)" : " (values)")
        .append("</text>");
    int lx = LEFT + plotW - 320;
    legend(h, lx, "ref", REF_COLOR, "reference (" + c.referenceCount() + " rows)");
    legend(h, lx + 170, "cur", CUR_COLOR, "current (" + c.currentCount() + " rows)");
    h.append("</svg>");
    if (omitted != null) {
      h.append("<p class=\"omitted\">").append(esc(omitted)).append("</p>");
    }
  }

  private static void rect(StringBuilder h, String side, int bin, double x, double w, double share, double top,
      int plotH, double base, String title) {
    double height = share / top * plotH;
    h.append("<rect class=\"bar ").append(side).append("\" data-bin=\"").append(bin).append("\" data-share=\"")
        .append(String.format(Locale.ROOT, "%.6f", share)).append("\" x=\"").append(px(x)).append("\" y=\"")
        .append(px(base - height)).append("\" width=\"").append(px(w)).append("\" height=\"").append(px(height))
        .append("\" fill=\"").append("ref".equals(side) ? REF_COLOR : CUR_COLOR).append("\"><title>")
        .append(esc(title + ": " + pct(share))).append("</title></rect>");
  }

  /** Edge values under the bars of a histogram, value labels (slanted) under those of categories. */
  private static void xLabels(StringBuilder h, Bins b, List<Bar> bars, double group, double base) {
    if (b.histogram()) {
      int every = (int) Math.ceil(b.edges().length / 9.0);
      for (int i = 0; i < b.edges().length; i += every) {
        h.append("<text class=\"xtick\" x=\"").append(px(LEFT + i * group)).append("\" y=\"").append(px(base + 16))
            .append("\" text-anchor=\"middle\">").append(tick(b.edges()[i])).append("</text>");
      }
      return;
    }
    int every = (int) Math.ceil(bars.size() / 40.0);
    for (int i = 0; i < bars.size(); i += every) {
      String label = bars.get(i).label();
      String shown = label.length() > 14 ? label.substring(0, 13) + "\u2026" : label;
      double x = LEFT + (i + 0.5) * group;
      h.append("<text class=\"xtick\" transform=\"translate(").append(px(x)).append(' ').append(px(base + 12))
          .append(") rotate(-35)\" text-anchor=\"end\">").append(esc(shown)).append("<title>").append(esc(label))
          .append("</title></text>");
    }
  }

  private static void legend(StringBuilder h, int x, String side, String color, String text) {
    h.append("<rect class=\"legend ").append(side).append("\" x=\"").append(x).append("\" y=\"10\" width=\"12\"")
        .append(" height=\"12\" fill=\"").append(color).append("\"/><text x=\"").append(x + 16)
        .append("\" y=\"20\">").append(esc(text)).append("</text>");
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
  }

  /** The y axis end: four gridline steps of 1, 2, 2.5, 5, 10, 20 or 25% that reach {@code max}. */
  private static double axisTop(double max) {
    for (double step : new double[] {0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25}) {
      if (4 * step >= max - 1e-12) {
        return 4 * step;
      }
    }
    return 1;
  }

  /** A bin edge at four significant digits, plain between 1e-4 and 1e9: 0, 12.5, 23780, 1.235e+10. */
  private static String tick(double x) {
    double abs = Math.abs(x);
    if (!Double.isFinite(x) || (abs != 0 && (abs < 1e-4 || abs >= 1e9))) {
      return String.format(Locale.ROOT, "%.4g", x);
    }
    return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static double finite(double x) {
    return Double.isFinite(x) ? x : 0;
  }

  private static String px(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String num(double x) {
    return String.format(Locale.ROOT, "%.4g", x);
  }
}
