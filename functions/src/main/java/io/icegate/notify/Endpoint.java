package io.icegate.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a channel posts to: a URL written in the policy, or one read from a secret because it
 * carries a token in its path (Slack's incoming webhooks do). Records and logs show only the
 * URL's origin ({@link #origin}), never its path or query.
 *
 * @param url the URL, or null when it comes from {@code reference}
 * @param reference the secret holding the URL, or null
 */
public record Endpoint(URI url, SecretRef reference) {

  public Endpoint {
    if ((url == null) == (reference == null)) {
      throw new IllegalArgumentException("an endpoint has either a url or a reference to one");
    }
    if (url != null) {
      check(url);
    }
  }

  /** An endpoint at a literal URL. */
  public static Endpoint of(String url) {
    return new Endpoint(parse(url), null);
  }

  /** An endpoint whose URL is the value of a secret. */
  public static Endpoint from(SecretRef reference) {
    return new Endpoint(null, reference);
  }

  /** The URL, reading the secret when the endpoint is a reference. */
  public URI resolve(SecretResolver secrets) {
    return url != null ? url : parse(secrets.resolve(reference).reveal());
  }

  /** The endpoint for records and logs: the literal URL's origin, or the reference. */
  public String describe() {
    return url != null ? origin(url) : reference.toString();
  }

  /** Shows {@link #describe()}: a literal URL may still hold a token someone pasted into the policy. */
  @Override
  public String toString() {
    return "Endpoint[" + describe() + "]";
  }

  /** {@code scheme://host[:port]}: enough to tell receivers apart, free of path tokens and query keys. */
  public static String origin(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /**
   * Parses and checks a webhook URL. Messages never quote the text: it may be a secret.
   *
   * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host
   */
  public static URI parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the webhook URL is empty");
    }
    try {
      return check(new URI(text.strip()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the webhook URL is not a valid URL (" + e.getReason() + ")");
    }
  }

  private static URI check(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("the webhook URL must start with https:// (or http://)");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("the webhook URL has no host");
    }
    if (url.getRawUserInfo() != null) {
      // user:password@host would be sent in the clear to logs by many proxies: use a secret header
      throw new IllegalArgumentException("the webhook URL must not carry user:password; use a signing secret");
    }
    return url;
  }
}
