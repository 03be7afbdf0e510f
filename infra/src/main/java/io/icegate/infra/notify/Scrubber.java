package io.icegate.infra.notify;

import io.icegate.notify.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a delivery's sensitive strings (the URL, its path and query, the signing secret) from
 * text bound for records and logs: exception messages and response bodies may echo them.
 */
final class Scrubber {
  private static final String MASK = "[redacted]";
  /** Path segments and query values this long may be tokens; shorter ones ("hooks", "v1") are not. */
  private static final int TOKEN_LIKE = 12;

  private final List<String> sensitive = new ArrayList<>();

  Scrubber(URI url, Secret secret) {
    if (url != null) {
      add(url.toString());
      add(url.getRawPath());
      add(url.getPath());
      add(url.getRawQuery());
      // a receiver may echo just the token: Slack's is the last path segment, others use a query value
      for (String part : (url.getRawPath() + "&" + (url.getRawQuery() == null ? "" : url.getRawQuery())).split("[/&=]")) {
        if (part.length() >= TOKEN_LIKE) {
          add(part);
        }
      }
    }
    if (secret != null) {
      add(secret.reveal());
    }
    // longest first, so a path inside the full URL does not leave the URL's tail behind
    sensitive.sort((a, b) -> b.length() - a.length());
  }

  private void add(String s) {
    // a bare "/" path is no secret, and masking it would mangle every message
    if (s != null && s.length() > 1) {
      sensitive.add(s);
    }
  }

  /** {@code text} with sensitive strings masked and line breaks flattened, at most {@code max} characters. */
  String scrub(String text, int max) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : sensitive) {
      out = out.replace(s, MASK);
    }
    out = out.replaceAll("\\s+", " ").strip();
    return out.length() <= max ? out : out.substring(0, max) + "…";
  }
}
