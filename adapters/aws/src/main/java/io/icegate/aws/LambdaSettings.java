package io.icegate.aws;

import java.util.Map;

/**
 * What the handlers themselves need to know of the deployment: the bucket whose notifications the
 * ingest handler accepts and the key prefix icegate's objects live under in it (from
 * {@link io.icegate.infra.aws.AwsSettings} on AWS, from the environment over an icegate home).
 *
 * @param bucket {@code ICEGATE_BUCKET}; notifications for any other bucket are refused
 * @param prefix {@code ICEGATE_PREFIX}, empty or ending in '/'; store keys are relative to it
 */
public record LambdaSettings(String bucket, String prefix) {

  /** Environment key of the bucket. */
  public static final String BUCKET = "ICEGATE_BUCKET";
  /** Environment key of the key prefix. */
  public static final String PREFIX = "ICEGATE_PREFIX";

  public LambdaSettings {
    bucket = bucket == null || bucket.isBlank() ? null : bucket.strip();
    prefix = normalize(prefix);
  }

  /** The settings in {@code env}. */
  public static LambdaSettings fromEnvironment(Map<String, String> env) {
    return new LambdaSettings(env.get(BUCKET), env.get(PREFIX));
  }

  /** The store key of a bucket key, or null when the key is outside the prefix. */
  public String storeKey(String bucketKey) {
    return bucketKey.startsWith(prefix) ? bucketKey.substring(prefix.length()) : null;
  }

  private static String normalize(String prefix) {
    if (prefix == null || prefix.isBlank()) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }
}
