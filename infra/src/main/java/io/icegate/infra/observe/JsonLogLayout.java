package io.icegate.infra.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One JSON object per log line: time, level, logger, thread, message, the correlation ids of
 * {@link io.icegate.observe.Correlation} and the exception. Log lines are the last place a secret
 * could leak, so bearer tokens, icegate API tokens, connection-string keys, passwords and URL
 * credentials are masked in every text field, whatever the code that logged them.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

  private static final Pattern[] SECRETS = {
      Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"),
      Pattern.compile("igt_[A-Za-z0-9_-]{8,}"),
      Pattern.compile("(?i)((?:password|passwd|pwd|secret|accountkey|sharedaccesssignature|sig|x-amz-signature"
          + "|x-amz-security-token|token|apikey|api_key)\\s*[=:]\\s*)[^\\s;&,\"']+"),
      Pattern.compile("(://[^/\\s:@]+:)[^@\\s/]+(@)"),
      Pattern.compile("https://hooks\\.slack\\.com/services/[A-Za-z0-9/_-]+"),
  };
  private static final String MASK = "[redacted]";

  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(256).append('{');
    field(b, "time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
    field(b, "level", e.getLevel().toString());
    field(b, "logger", e.getLoggerName());
    field(b, "thread", e.getThreadName());
    field(b, "message", scrub(e.getFormattedMessage()));
    Map<String, String> mdc = e.getMDCPropertyMap();
    if (mdc != null) {
      for (Map.Entry<String, String> m : new TreeMap<>(mdc).entrySet()) {
        field(b, m.getKey(), scrub(m.getValue()));
      }
    }
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      field(b, "error", t.getClassName());
      field(b, "error_message", scrub(t.getMessage()));
      field(b, "stack", scrub(stack(t)));
    }
    b.setLength(b.length() - 1);
    return b.append("}\n").toString();
  }

  /** {@code text} with every secret-looking part masked. */
  public static String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Pattern p : SECRETS) {
      out = p.matcher(out).replaceAll(m -> m.groupCount() >= 1 && m.group(1) != null
          ? java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK + (m.groupCount() >= 2 ? m.group(2) : ""))
          : MASK);
    }
    return out;
  }

  private static String stack(IThrowableProxy t) {
    StringBuilder s = new StringBuilder();
    for (IThrowableProxy c = t; c != null; c = c.getCause()) {
      if (c != t) {
        s.append("caused by ");
      }
      s.append(c.getClassName()).append(": ").append(c.getMessage()).append('\n');
      StackTraceElementProxy[] frames = c.getStackTraceElementProxyArray();
      for (int i = 0; i < Math.min(frames.length, 30); i++) {
        s.append("  at ").append(frames[i].getStackTraceElement()).append('\n');
      }
    }
    return s.toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    if (value == null) {
      return;
    }
    quote(b, name);
    b.append(':');
    quote(b, value);
    b.append(',');
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
