package io.icegate.gate;

import java.time.Instant;

/**
 * A shadow/canary comparison to run: {@code variant} against {@code baselineVariant} (production
 * when null) on the model's inference log in {@code [from, to)}.
 */
public record ShadowRequest(String model, String variant, String baselineVariant, Instant from, Instant to) {}
