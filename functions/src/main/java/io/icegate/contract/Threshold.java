package io.icegate.contract;

import java.math.BigDecimal;

/**
 * One ODCS comparison operator with its operand(s), e.g. {@code mustBeLessThan: 5} or
 * {@code mustBeBetween: [0, 10]}.
 */
public record Threshold(Operator operator, BigDecimal value, BigDecimal high) {

  /** The ODCS operators. Between bounds are inclusive, as in ODCS. */
  public enum Operator {
    MUST_BE("mustBe"),
    MUST_NOT_BE("mustNotBe"),
    MUST_BE_GREATER_THAN("mustBeGreaterThan"),
    MUST_BE_GREATER_OR_EQUAL_TO("mustBeGreaterOrEqualTo"),
    MUST_BE_LESS_THAN("mustBeLessThan"),
    MUST_BE_LESS_OR_EQUAL_TO("mustBeLessOrEqualTo"),
    MUST_BE_BETWEEN("mustBeBetween"),
    MUST_NOT_BE_BETWEEN("mustNotBeBetween");

    private final String odcsName;

    Operator(String odcsName) {
      this.odcsName = odcsName;
    }

    public String odcsName() {
      return odcsName;
    }
  }

  /** True when the measured value satisfies the comparison. */
  public boolean test(BigDecimal measured) {
    int c = measured.compareTo(value);
    return switch (operator) {
      case MUST_BE -> c == 0;
      case MUST_NOT_BE -> c != 0;
      case MUST_BE_GREATER_THAN -> c > 0;
      case MUST_BE_GREATER_OR_EQUAL_TO -> c >= 0;
      case MUST_BE_LESS_THAN -> c < 0;
      case MUST_BE_LESS_OR_EQUAL_TO -> c <= 0;
      case MUST_BE_BETWEEN -> c >= 0 && measured.compareTo(high) <= 0;
      case MUST_NOT_BE_BETWEEN -> c < 0 || measured.compareTo(high) > 0;
    };
  }

  /** The comparison as the contract wrote it, e.g. {@code mustBeLessThan 5}. */
  public String describe() {
    return switch (operator) {
      case MUST_BE_BETWEEN, MUST_NOT_BE_BETWEEN ->
          operator.odcsName() + " [" + value.toPlainString() + ", " + high.toPlainString() + "]";
      default -> operator.odcsName() + " " + value.toPlainString();
    };
  }
}
