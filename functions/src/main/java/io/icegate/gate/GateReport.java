package io.icegate.gate;

import io.icegate.gate.GateDecision.Check;
import io.icegate.gate.GateDecision.MetricResult;
import java.util.Locale;

/** Renders a decision as one self-contained HTML page (inline styles, no scripts, every value escaped). */
public final class GateReport {

  private GateReport() {}

  /** Object key of a decision's report. */
  public static String key(String model, String decisionId) {
    return "reports/gate/" + model + "/" + decisionId + ".html";
  }

  /** The page. */
  public static String html(GateDecision d) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gate ")
        .append(esc(d.model())).append(" v").append(d.version()).append("</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
        .append("th{background:#f4f4f4}.pass{color:#176f2c;font-weight:600}.fail{color:#b00020;font-weight:600}")
        .append("code{background:#f4f4f4;padding:0 3px}</style></head><body>");
    h.append("<h1>Gate decision: <span class=\"").append(d.passed() ? "pass\">PASSED" : "fail\">FAILED")
        .append("</span></h1>");
    h.append("<table>");
    row(h, "Model", d.model() + " version " + d.version());
    row(h, "Baseline", d.baselineVersion() == null ? "none (no version behind the baseline alias)"
        : "version " + d.baselineVersion());
    row(h, "Policy version", d.policyVersion());
    row(h, "Evaluation data", d.dataset() + " at snapshot " + d.snapshotId() + " (" + d.rows() + " rows)");
    row(h, "Candidate predictions", d.candidatePredictions().key() + " sha256 " + d.candidatePredictions().sha256());
    if (d.baselinePredictions() != null) {
      row(h, "Baseline predictions", d.baselinePredictions().key() + " sha256 " + d.baselinePredictions().sha256());
    }
    row(h, "Decision", d.decisionId());
    row(h, "Asked by", d.actor() + " (request " + d.requestId() + ") at " + d.createdAt());
    h.append("</table>");

    h.append("<h2>Metrics</h2><table><tr><th>metric</th><th>candidate</th><th>baseline</th>")
        .append("<th>candidate &minus; baseline (bootstrap interval)</th></tr>");
    for (MetricResult m : d.metrics()) {
      h.append("<tr><td><code>").append(esc(m.metric())).append("</code>")
          .append(m.greaterIsBetter() ? " &uarr;" : " &darr;").append("</td><td>").append(num(m.candidate()))
          .append("</td><td>").append(m.baseline() == null ? "&ndash;" : num(m.baseline())).append("</td><td>");
      if (m.difference() == null) {
        h.append("&ndash;");
      } else {
        GateDecision.Interval i = m.difference();
        h.append('[').append(num(i.lower())).append(", ").append(num(i.upper())).append("] at ")
            .append(num(i.confidence() * 100)).append("%, ").append(i.resamples()).append(" resamples, seed ")
            .append(i.seed());
        if (i.skipped() > 0) {
          h.append(", ").append(i.skipped()).append(" skipped (metric undefined)");
        }
      }
      h.append("</td></tr>");
    }
    h.append("</table>");

    h.append("<h2>Checks</h2><table><tr><th></th><th>subject</th><th>criterion</th><th>observed</th><th>limit</th>")
        .append("<th>explanation</th></tr>");
    for (Check c : d.checks()) {
      h.append("<tr><td class=\"").append(c.passed() ? "pass\">pass" : "fail\">FAIL").append("</td><td><code>")
          .append(esc(c.subject())).append("</code></td><td>").append(esc(c.criterion())).append("</td><td>")
          .append(c.observed() == null ? "&ndash;" : num(c.observed())).append("</td><td>")
          .append(c.limit() == null ? "&ndash;" : num(c.limit())).append("</td><td>").append(esc(c.explanation()))
          .append("</td></tr>");
    }
    h.append("</table></body></html>\n");
    return h.toString();
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
  }

  private static String num(double x) {
    return String.format(Locale.ROOT, "%.6g", x);
  }

  /** Escapes text for HTML content and quoted attribute values; null becomes empty. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
