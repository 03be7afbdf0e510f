package io.icegate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.icegate.store.ObjectKey.InvalidKeyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {

  @ParameterizedTest
  @ValueSource(strings = {"..", "../etc/passwd", "landing/../../etc", "landing/..", "a/./b", "."})
  void refusesTraversalSegments(String key) {
    assertThatThrownBy(() -> ObjectKey.of(key))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("segment");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/passwd", "\\server\\share", "C:/Windows", "c:data"})
  void refusesAbsolutePaths(String key) {
    assertThatThrownBy(() -> ObjectKey.of(key))
        .isInstanceOf(InvalidKeyException.class)
        .extracting(e -> ((InvalidKeyException) e).reason())
        .isEqualTo("key is an absolute path");
  }

  @Test
  void refusesBackslash() {
    assertThat(ObjectKey.problem("landing\\..\\secret")).isEqualTo("key contains '\\'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\nb", "a\rb", "a\tb", "a\u007fb", "a\u0085b", "a\u009fb"})
  void refusesControlCharacters(String key) {
    assertThat(ObjectKey.problem(key)).startsWith("key contains control character U+");
  }

  @Test
  void controlCharactersAreEscapedInTheMessage() {
    assertThatThrownBy(() -> ObjectKey.of("bad\nkey"))
        .hasMessageContaining("bad\\u000akey")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a//b", "landing//x.csv"})
  void refusesEmptySegments(String key) {
    assertThat(ObjectKey.problem(key)).isEqualTo("key contains an empty segment ('//')");
  }

  @Test
  void refusesEmptyAndFolderKeys() {
    assertThat(ObjectKey.problem("")).isEqualTo("key is empty");
    assertThat(ObjectKey.problem("landing/")).startsWith("key ends with '/'");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> ObjectKey.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void acceptsTheMaximumLengthAndNoMore() {
    assertThat(ObjectKey.problem("k".repeat(ObjectKey.MAX_LENGTH))).isNull();
    assertThat(ObjectKey.problem("k".repeat(ObjectKey.MAX_LENGTH + 1)))
        .isEqualTo("key is longer than 1024 characters");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "landing/trips/2024-01.csv",
        "landing/données/été 2024/trips ☃.csv",
        "config/contracts/日本語.yaml",
        "a/..b/c..",
        ".hidden/file"
      })
  void acceptsOrdinaryAndUnicodeKeys(String key) {
    assertThat(ObjectKey.of(key).value()).isEqualTo(key);
  }

  @Test
  void namesItsFileAndPrefix() {
    ObjectKey key = ObjectKey.of("landing/trips/a.csv");
    assertThat(key.fileName()).isEqualTo("a.csv");
    assertThat(ObjectKey.of("a.csv").fileName()).isEqualTo("a.csv");
  }

  @Test
  void ordersByValue() {
    assertThat(ObjectKey.of("a/b")).isLessThan(ObjectKey.of("a/c"));
    assertThat(ObjectKey.of("a/b")).isEqualByComparingTo(ObjectKey.of("a/b"));
  }
}
