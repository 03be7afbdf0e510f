package io.icegate.local;

import io.icegate.auth.ApiTokens;
import io.icegate.auth.ObjectStoreTokenStore;
import io.icegate.auth.Principal;
import io.icegate.auth.Scope;
import io.icegate.auth.TokenEntry;
import io.icegate.auth.TokenFileException;
import io.icegate.auth.TokenStore;
import io.icegate.infra.config.IcegateHome;
import io.icegate.infra.store.LocalObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code icegate tokens}: create API tokens (stored as SHA-256 hashes) and list who has which scopes. */
@Command(name = "tokens", description = {
    "Create and list API tokens.",
    "Only their SHA-256 hashes are kept, in config/tokens.yaml of the home's object store;",
    "delete an entry there to revoke a token."})
final class TokensCommand {
  private static final Pattern DAYS_OR_HOURS = Pattern.compile("(\\d+)([dh])");

  @Spec CommandSpec spec;

  /**
   * A created token: the only time it is shown.
   *
   * @param principal who it acts for
   * @param scopes what it may do
   * @param token the token itself
   * @param description the description, or null
   * @param expires when it stops working, or null
   * @param file where its hash was written
   */
  record Created(String principal, List<Scope> scopes, String token, String description, Instant expires, String file) {
    /** No token in toString: it is printed on purpose, never by accident. */
    @Override
    public String toString() {
      return "Created[principal=" + principal + ", scopes=" + scopes + "]";
    }
  }

  /**
   * A configured token as listed: principal and scopes, never the hash.
   *
   * @param principal who it acts for
   * @param scopes what it may do
   * @param description description, or null
   * @param created when it was created, or null
   * @param expires when it stops working, or null
   * @param expired whether it has stopped working
   */
  record Listed(String principal, List<Scope> scopes, String description, Instant created, Instant expires,
      boolean expired) {}

  @Command(name = "add", description = {
      "Create a token for a principal and print it once; only its SHA-256 is stored.",
      "Text output is the token alone on stdout, so TOKEN=$(icegate tokens add ...) works."})
  int add(
      @Option(names = "--principal", required = true, paramLabel = "NAME",
          description = "who the token acts for, e.g. ci or alice@example.com (the actor in the audit log)")
      String principal,
      @Option(names = "--scopes", required = true, split = ",", paramLabel = "SCOPE",
          description = "comma-separated: read, register, gate, promote, override, feedback, scan")
      List<String> scopes,
      @Option(names = "--description", paramLabel = "TEXT", description = "what the token is for")
      String description,
      @Option(names = "--expires", paramLabel = "WHEN",
          description = "when it stops working: 90d, 12h, 2026-01-31 or 2026-01-31T00:00:00Z (default: never)")
      String expires) throws IOException {
    Output out = IcegateCli.output(spec);
    String problem = Principal.nameProblem(principal);
    if (problem != null) {
      throw Args.usage(spec, problem);
    }
    Set<Scope> granted = scopes(scopes);
    Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
    Instant until = expires == null ? null : expiry(expires, now);
    String token = ApiTokens.generate();
    IcegateHome home = IcegateCli.of(spec).home();
    TokenStore store = store(home);
    try {
      store.add(new TokenEntry(principal, ApiTokens.sha256Hex(token), granted, description, now, until));
    } catch (TokenFileException e) {
      e.problems().forEach(out.err()::println);
      out.err().println("refused: fix " + ObjectStoreTokenStore.KEY + " first; nothing was added");
      return ExitCode.SOFTWARE;
    }
    List<Scope> ordered = List.copyOf(granted);
    String file = home.objects().resolve(ObjectStoreTokenStore.KEY.value()).toString();
    if (out.json()) {
      out.json(new Created(principal, ordered, token, description, until, file));
    } else {
      out.out().println(token);
      out.out().flush();
      out.note("token for principal %s with scopes %s%s", principal, Principal.list(granted),
          until == null ? "" : ", expires " + until);
      out.note("shown once: icegate keeps only its SHA-256 in %s", file);
    }
    return ExitCode.OK;
  }

  @Command(name = "list", description = "List configured tokens: principal, scopes, expiry (never hashes).")
  int list() throws IOException {
    Output out = IcegateCli.output(spec);
    List<TokenEntry> entries;
    try {
      entries = store(IcegateCli.of(spec).home()).entries();
    } catch (TokenFileException e) {
      e.problems().forEach(out.err()::println);
      return ExitCode.SOFTWARE;
    }
    Instant now = Clock.systemUTC().instant();
    List<Listed> listed = new ArrayList<>();
    for (TokenEntry e : entries) {
      listed.add(new Listed(e.principal(), List.copyOf(e.scopes()),
          e.description(), e.created(), e.expires(), e.expiredAt(now)));
    }
    if (out.json()) {
      out.json(Map.of("tokens", listed));
    } else if (listed.isEmpty()) {
      out.line("no tokens configured (icegate tokens add --principal NAME --scopes read,...)");
    } else {
      out.line("%-24s %-40s %-22s %s", "PRINCIPAL", "SCOPES", "EXPIRES", "DESCRIPTION");
      for (Listed l : listed) {
        out.line("%-24s %-40s %-22s %s", l.principal(), Principal.list(l.scopes()),
            l.expires() == null ? "never" : l.expires() + (l.expired() ? " (expired)" : ""),
            l.description() == null ? "" : l.description());
      }
    }
    return ExitCode.OK;
  }

  /** Only the object store: tokens need no catalog. */
  private static TokenStore store(IcegateHome home) throws IOException {
    home.init();
    return new ObjectStoreTokenStore(new LocalObjectStore(home.objects()), Clock.systemUTC(), Duration.ZERO);
  }

  private Set<Scope> scopes(List<String> names) {
    Set<Scope> granted = EnumSet.noneOf(Scope.class);
    for (String name : names) {
      String id = name.strip();
      granted.add(Scope.parse(id).orElseThrow(() ->
          Args.usage(spec, "unknown scope '" + id + "' (scopes: " + Scope.ids() + ")")));
    }
    return granted;
  }

  private Instant expiry(String text, Instant now) {
    Matcher m = DAYS_OR_HOURS.matcher(text.strip());
    Instant until;
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        until = now.plus(m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n));
      } else if (text.contains("T")) {
        until = Instant.parse(text.strip());
      } else {
        until = LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw Args.usage(spec, "--expires '" + text + "' is not 90d, 12h, a date (2026-01-31) or a UTC time (2026-01-31T00:00:00Z)");
    }
    if (!until.isAfter(now)) {
      throw Args.usage(spec, "--expires " + text + " is in the past");
    }
    return until;
  }
}
