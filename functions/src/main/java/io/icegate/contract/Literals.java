package io.icegate.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Values written in a contract for a column of some logical type: bounds in
 * {@code logicalTypeOptions} and valid values in quality rules. Temporal values are ISO 8601
 * whatever input {@code format} the column declares, so one contract means the same everywhere.
 */
final class Literals {

  private Literals() {}

  /**
   * The value as a number that orders like the type does (epoch day, epoch second, second of day),
   * so bounds can be compared; empty when the text is not a value of that type or the type has no
   * order.
   */
  static Optional<BigDecimal> ordinal(LogicalType type, String text) {
    try {
      return Optional.ofNullable(switch (type) {
        case INTEGER, NUMBER -> new BigDecimal(text);
        case DATE -> BigDecimal.valueOf(LocalDate.parse(text).toEpochDay());
        case TIMESTAMP -> seconds(instant(text.replaceFirst(" ", "T")));
        case TIME -> BigDecimal.valueOf(LocalTime.parse(text).toNanoOfDay(), 9);
        case STRING, BOOLEAN -> null;
      });
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** True when the text is a value a column of this type can hold. */
  static boolean fits(LogicalType type, String text) {
    return switch (type) {
      case STRING -> true;
      case BOOLEAN -> text.equals("true") || text.equals("false");
      case INTEGER -> ordinal(type, text).filter(n -> n.stripTrailingZeros().scale() <= 0).isPresent();
      default -> ordinal(type, text).isPresent();
    };
  }

  /** What {@link #fits} expects, for messages. */
  static String expected(LogicalType type) {
    return switch (type) {
      case STRING -> "text";
      case BOOLEAN -> "true or false";
      case INTEGER -> "a whole number";
      case NUMBER -> "a number";
      case DATE -> "an ISO date like 2024-01-31";
      case TIMESTAMP -> "an ISO timestamp like 2024-01-31T12:00:00Z";
      case TIME -> "an ISO time like 12:00:00";
    };
  }

  /** Timestamps without an offset are read as UTC; a bare date is its midnight. */
  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
    }
  }

  private static BigDecimal seconds(Instant instant) {
    return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9));
  }
}
