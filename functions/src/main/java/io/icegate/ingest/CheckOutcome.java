package io.icegate.ingest;

/**
 * The result of one contract quality rule on an upload.
 *
 * @param rule rule id (or generated name)
 * @param description what was measured, e.g. {@code nullValues(fare_amount) percent}
 * @param measured the measured value
 * @param expectation the operator as written, e.g. {@code mustBeLessThan 5}
 * @param passed whether the measured value satisfied it
 * @param severity error, warning or info; only failed errors block
 */
public record CheckOutcome(
    String rule, String description, String measured, String expectation, boolean passed,
    String severity) {}
