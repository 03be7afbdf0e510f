package io.icegate.monitor;

import io.icegate.contract.DataContract;
import io.icegate.contract.LogicalType;
import io.icegate.contract.Property;
import io.icegate.contract.QualityRule;
import io.icegate.contract.SchemaObject;
import io.icegate.contract.TypeOptions;
import io.icegate.drift.FeatureType;
import io.icegate.drift.Sample;
import io.icegate.drift.Shares;
import io.icegate.monitor.Panels.Quality;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The data-quality panel of one scan: per column, the null rate of both sides, and the share of
 * current values the reference never showed (numbers outside its range, unseen categories) or the
 * current contract forbids (minimum/maximum, validValues). Rows passed the contract in force when
 * they were ingested; a contract tightened since shows here first.
 */
final class QualityChecks {

  private final DataContract contract;
  private final List<Quality> figures = new ArrayList<>();

  /** Checks against the reference and, when not null, the current dataset's contract. */
  QualityChecks(DataContract contract) {
    this.contract = contract;
  }

  /** Null rates of a column: null rows over all rows of each side. */
  void nulls(String column, long refRows, long refNulls, long curRows, long curNulls) {
    if (curRows > 0) {
      figures.add(new Quality(column, Quality.NULL_RATE, (double) curNulls / curRows,
          refRows == 0 ? null : (double) refNulls / refRows, curNulls + " of " + curRows + " rows"));
    }
  }

  /** The value checks of a column whose two sides were tested. */
  void values(String column, Sample ref, Sample cur) {
    Property p = property(column);
    if (ref.type() == FeatureType.NUMERICAL) {
      double lo = Shares.min(ref);
      double hi = Shares.max(ref);
      figures.add(new Quality(column, Quality.OUT_OF_REFERENCE_RANGE,
          Shares.outside(cur, lo, false, hi, false), null, "[" + num(lo) + ", " + num(hi) + "]"));
      if (p != null && (p.logicalType() == LogicalType.INTEGER || p.logicalType() == LogicalType.NUMBER)) {
        TypeOptions o = p.options();
        Double min = o.exclusiveMinimum() != null ? number(o.exclusiveMinimum()) : number(o.minimum());
        Double max = o.exclusiveMaximum() != null ? number(o.exclusiveMaximum()) : number(o.maximum());
        if (min != null || max != null) {
          boolean loEx = o.exclusiveMinimum() != null;
          boolean hiEx = o.exclusiveMaximum() != null;
          figures.add(new Quality(column, Quality.OUT_OF_CONTRACT_RANGE,
              Shares.outside(cur, min, loEx, max, hiEx), Shares.outside(ref, min, loEx, max, hiEx),
              (loEx ? "(" : "[") + (min == null ? "-inf" : num(min)) + ", " + (max == null ? "inf" : num(max))
                  + (hiEx ? ")" : "]") + " (contract " + contract.version() + ")"));
        }
      }
      return;
    }
    Set<String> seen = Shares.categories(ref);
    figures.add(new Quality(column, Quality.UNSEEN_CATEGORIES, Shares.notIn(cur, seen), null,
        seen.size() + " reference categories"));
    List<String> valid = p == null ? List.of() : p.quality().stream()
        .filter(q -> q.metric() == QualityRule.Metric.INVALID_VALUES && !q.validValues().isEmpty())
        .flatMap(q -> q.validValues().stream()).toList();
    if (!valid.isEmpty()) {
      figures.add(new Quality(column, Quality.INVALID_VALUES, Shares.notIn(cur, valid), Shares.notIn(ref, valid),
          new TreeSet<>(valid) + " (contract " + contract.version() + ")"));
    }
  }

  List<Quality> figures() {
    return List.copyOf(figures);
  }

  private Property property(String column) {
    if (contract == null) {
      return null;
    }
    for (SchemaObject o : contract.schema()) {
      for (Property p : o.properties()) {
        if (p.name().equals(column)) {
          return p;
        }
      }
    }
    return null;
  }

  private static Double number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return new BigDecimal(text).doubleValue();
    } catch (NumberFormatException e) {
      return null; // a date bound of a temporal column: not compared here
    }
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(?=$|e)", "");
  }
}
