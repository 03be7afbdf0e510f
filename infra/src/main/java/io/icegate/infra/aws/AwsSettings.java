package io.icegate.infra.aws;

import io.icegate.notify.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an AWS deployment is configured with, read from the function's environment (the keys in
 * {@link AwsIcegate#ENV_KEYS}). The catalog password is held as a {@link Secret} and never shown
 * by {@link #toString()}; a password kept in SSM is named here and read by {@link AwsIcegate}.
 *
 * @param bucket the bucket of landing/, quarantine/, config/, ...
 * @param prefix key prefix inside the bucket, empty for its root
 * @param catalogType glue or jdbc
 * @param catalogUri JDBC URL (jdbc only)
 * @param catalogUser JDBC user (jdbc only, optional)
 * @param passwordParameter SSM SecureString holding the JDBC password (optional)
 * @param password the JDBC password given in plain environment (local and LocalStack only)
 * @param warehouse Iceberg warehouse, {@code s3://bucket/prefix/warehouse} unless set
 * @param s3Endpoint S3 endpoint override (s3proxy, LocalStack), enabling path-style access
 * @param region AWS region
 */
public record AwsSettings(String bucket, String prefix, CatalogType catalogType, String catalogUri,
    String catalogUser, String passwordParameter, Optional<Secret> password, String warehouse, URI s3Endpoint,
    String region) {

  /**
   * The keys {@link #from} reads ({@link AwsIcegate#ENV_KEYS}); held here, in a class without SDK
   * types, so tools and tests can read them where the AWS SDK is not on the class path.
   */
  public static final Set<String> ENV_KEYS = Set.of(AwsIcegate.BUCKET, AwsIcegate.PREFIX, AwsIcegate.CATALOG_TYPE,
      AwsIcegate.CATALOG_URI, AwsIcegate.CATALOG_USER, AwsIcegate.CATALOG_PASSWORD_PARAMETER,
      AwsIcegate.CATALOG_PASSWORD, AwsIcegate.WAREHOUSE, AwsIcegate.S3_ENDPOINT, AwsIcegate.REGION,
      AwsIcegate.FUNCTION_MEMORY);

  /** Catalogs an AWS deployment can use. */
  public enum CatalogType {
    GLUE,
    JDBC
  }

  /** Reads and checks the settings; every problem is reported at once, naming the key. */
  public static AwsSettings from(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String bucket = value(env, AwsIcegate.BUCKET);
    if (bucket == null) {
      problems.add(AwsIcegate.BUCKET + " is required (the bucket holding landing/, config/, ...)");
    }
    String prefix = S3ObjectStore.normalizePrefix(value(env, AwsIcegate.PREFIX));
    CatalogType type = null;
    String typeText = value(env, AwsIcegate.CATALOG_TYPE);
    if (typeText == null) {
      problems.add(AwsIcegate.CATALOG_TYPE + " is required: glue or jdbc");
    } else {
      try {
        type = CatalogType.valueOf(typeText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(AwsIcegate.CATALOG_TYPE + " is '" + typeText + "': expected glue or jdbc");
      }
    }
    String uri = value(env, AwsIcegate.CATALOG_URI);
    String parameter = value(env, AwsIcegate.CATALOG_PASSWORD_PARAMETER);
    String plain = value(env, AwsIcegate.CATALOG_PASSWORD);
    if (type == CatalogType.JDBC && (uri == null || !uri.startsWith("jdbc:"))) {
      problems.add(AwsIcegate.CATALOG_URI + " must be a JDBC URL (jdbc:postgresql://...) when the catalog is jdbc");
    }
    if (parameter != null && plain != null) {
      problems.add("set either " + AwsIcegate.CATALOG_PASSWORD_PARAMETER + " (SSM) or "
          + AwsIcegate.CATALOG_PASSWORD + ", not both");
    }
    String region = value(env, AwsIcegate.REGION);
    if (region == null) {
      problems.add(AwsIcegate.REGION + " is required (Lambda sets it)");
    }
    URI endpoint = null;
    String endpointText = value(env, AwsIcegate.S3_ENDPOINT);
    if (endpointText != null) {
      try {
        endpoint = URI.create(endpointText);
        if (!endpoint.isAbsolute() || endpoint.getHost() == null) {
          problems.add(AwsIcegate.S3_ENDPOINT + " '" + endpointText + "' is not an absolute http(s) URL");
        }
      } catch (IllegalArgumentException e) {
        problems.add(AwsIcegate.S3_ENDPOINT + " '" + endpointText + "' is not a URL");
      }
    }
    String warehouse = value(env, AwsIcegate.WAREHOUSE);
    if (warehouse == null && bucket != null) {
      warehouse = "s3://" + bucket + "/" + prefix + "warehouse";
    } else if (warehouse != null && !warehouse.startsWith("s3://")) {
      problems.add(AwsIcegate.WAREHOUSE + " must be an s3:// location");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("icegate AWS configuration: " + String.join("; ", problems));
    }
    return new AwsSettings(bucket, prefix, type, uri, value(env, AwsIcegate.CATALOG_USER), parameter,
        Optional.ofNullable(plain).map(Secret::new), warehouse, endpoint, region);
  }

  private static String value(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** Every setting except the password, which shows only whether and where it is set. */
  @Override
  public String toString() {
    return "AwsSettings[bucket=" + bucket + ", prefix=" + prefix + ", catalogType=" + catalogType
        + ", catalogUri=" + redactUrl(catalogUri) + ", catalogUser=" + catalogUser
        + ", password=" + (passwordParameter != null ? "ssm:" + passwordParameter
            : password.isPresent() ? "[redacted]" : "none")
        + ", warehouse=" + warehouse + ", s3Endpoint=" + s3Endpoint + ", region=" + region + "]";
  }

  /** A JDBC URL may carry {@code password=...} in its query; show only what precedes it. */
  static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?[redacted]";
  }
}
