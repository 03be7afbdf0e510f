package io.icegate.auth;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who a request acts for: the principal named by its token, with that token's scopes. The name is
 * the actor in the audit log.
 */
public record Principal(String name, Set<Scope> scopes) {

  /** Principal names: a service or person id such as {@code ci}, {@code alice@example.com}. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:+-]{0,127}");

  public Principal {
    Objects.requireNonNull(name, "name");
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    // an EnumSet iterates in declaration order: read, register, gate, ...
    scopes = Collections.unmodifiableSet(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes));
  }

  /** Whether the principal holds {@code scope}. */
  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }

  /** The scopes as text in declaration order, e.g. {@code read, gate}. */
  public String scopeList() {
    return list(scopes);
  }

  /** Scopes in declaration order, comma separated; {@code none} when empty. */
  public static String list(Collection<Scope> scopes) {
    return scopes.isEmpty() ? "none" : EnumSet.copyOf(scopes).stream().map(Scope::id).collect(Collectors.joining(", "));
  }

  /** Why {@code name} is not a principal name, or null when it is one. */
  public static String nameProblem(String name) {
    return NAME.matcher(name).matches() ? null
        : "principal must be 1-128 characters of letters, digits and _.@:+- starting with a letter or digit";
  }
}
