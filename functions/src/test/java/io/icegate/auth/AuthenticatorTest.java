package io.icegate.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  private static TokenEntry entry(String principal, String token, Set<Scope> scopes, Instant expires) {
    return new TokenEntry(principal, ApiTokens.sha256Hex(token), scopes, null, null, expires);
  }

  @Test
  void everyEntryIsComparedWithTheConstantTimeCompareWhereverTheMatchIs() throws IOException {
    List<String> tokens = new ArrayList<>();
    List<TokenEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String t = ApiTokens.generate();
      tokens.add(t);
      entries.add(entry("p" + i, t, EnumSet.of(Scope.READ), null));
    }
    AtomicInteger compared = new AtomicInteger();
    BiPredicate<byte[], byte[]> counting = (a, b) -> {
      compared.incrementAndGet();
      return MessageDigest.isEqual(a, b);
    };
    Authenticator auth = new Authenticator(TokenStore.inMemory(entries), clock, counting);
    for (String presented : List.of(tokens.get(0), tokens.get(9), tokens.get(4), ApiTokens.generate())) {
      compared.set(0);
      auth.authenticate("Bearer " + presented);
      assertThat(compared.get()).as("comparisons for one request").isEqualTo(entries.size());
    }
    assertThat(auth.authenticate("Bearer " + tokens.get(0)).orElseThrow().name()).isEqualTo("p0");
    assertThat(auth.authenticate("Bearer " + tokens.get(9)).orElseThrow().name()).isEqualTo("p9");
  }

  @Test
  void digestsAreComparedOnlyWithMessageDigestIsEqual() {
    JavaClasses auth = new ClassFileImporter().importPackages("io.icegate.auth");
    classes().that().haveSimpleName("Authenticator")
        .should().callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
        .check(auth);
    // an early-exit comparison of secrets anywhere in auth would leak how much of a hash matched
    noClasses().that().resideInAPackage("io.icegate.auth")
        .should().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
        .orShould().callMethod(Arrays.class, "mismatch", byte[].class, byte[].class)
        .check(auth);
    noClasses().that().haveSimpleName("Authenticator")
        .should().callMethod(String.class, "equals", Object.class)
        .orShould().callMethod(String.class, "contentEquals", CharSequence.class)
        .check(auth);
  }

  @Test
  void grantsTheScopesOfTheMatchingToken() throws IOException {
    String ci = ApiTokens.generate();
    String ops = ApiTokens.generate();
    Authenticator auth = new Authenticator(TokenStore.inMemory(List.of(
        entry("ci", ci, EnumSet.of(Scope.READ, Scope.GATE), null),
        entry("ops", ops, EnumSet.of(Scope.PROMOTE, Scope.OVERRIDE), NOW.plusSeconds(1)))), clock);
    Principal p = auth.authenticate("Bearer " + ci).orElseThrow();
    assertThat(p.name()).isEqualTo("ci");
    assertThat(p.scopes()).containsExactlyInAnyOrder(Scope.READ, Scope.GATE);
    assertThat(p.has(Scope.PROMOTE)).isFalse();
    assertThat(auth.authenticate("Bearer " + ops).orElseThrow().has(Scope.OVERRIDE)).isTrue();
  }

  @Test
  void refusesMissingMalformedUnknownAndExpiredAlike() throws IOException {
    String live = ApiTokens.generate();
    String expired = ApiTokens.generate();
    Authenticator auth = new Authenticator(TokenStore.inMemory(List.of(
        entry("live", live, EnumSet.of(Scope.READ), null),
        entry("old", expired, EnumSet.of(Scope.READ), NOW))), clock);
    assertThat(auth.authenticate("Bearer " + live)).isPresent();
    assertThat(auth.authenticate("bearer\t" + live)).isEmpty();
    for (String header : Arrays.asList(null, "", "Bearer", "Bearer ", "Basic " + live, live, "Bearer " + expired,
        "Bearer " + ApiTokens.generate(), "Bearer " + live + "=x", "Bearer " + "a".repeat(600),
        "Bearer " + live.toUpperCase())) {
      assertThat(auth.authenticate(header)).as(String.valueOf(header).length() > 40 ? "long header" : header).isEmpty();
    }
  }

  @Test
  void bearerParsingFollowsRfc6750() {
    assertThat(Authenticator.bearerToken("Bearer abc.DEF-_~+/==")).contains("abc.DEF-_~+/==");
    assertThat(Authenticator.bearerToken("  BEARER   abc  ")).contains("abc");
    assertThat(Authenticator.bearerToken("Bearer a=b")).isEmpty();
    assertThat(Authenticator.bearerToken("Bearer a b")).isEmpty();
    assertThat(Authenticator.bearerToken("Bearer \"abc\"")).isEmpty();
  }

  @Test
  void tokensAreRandomPrefixedAndHashedWithSha256() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String t = ApiTokens.generate();
      assertThat(t).startsWith("igt_").hasSize(4 + 43).matches("igt_[A-Za-z0-9_-]{43}");
      seen.add(t);
    }
    assertThat(seen).hasSize(1000);
    // FIPS 180-2 test vector
    assertThat(ApiTokens.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void entriesNeverPrintTheirHash() {
    TokenEntry e = entry("ci", "igt_secret", EnumSet.of(Scope.READ), null);
    assertThat(e.toString()).doesNotContain(e.sha256()).contains("ci").contains("read");
  }
}
