package io.icegate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading request bodies into records: every 400 names the field and says what is wrong. */
class JsonBodyTest {

  enum Mode { FAST, EXACT }

  record Owner(@JsonProperty(required = true) String name, String email) {}

  record Register(
      @JsonProperty(required = true) String sha256,
      @JsonProperty(required = true) String dataset,
      Long snapshotId,
      String snapshotTag,
      Map<String, Object> params,
      Map<String, Double> metrics,
      List<Owner> owners,
      Owner lead,
      Instant from,
      Mode mode,
      int count,
      boolean override) {

    Register {
      if (snapshotId != null && snapshotTag != null) {
        throw new IllegalArgumentException("give snapshotId or snapshotTag, not both");
      }
    }
  }

  private static HttpRequest body(String json) {
    return HttpRequest.builder("POST", "/x").json(json).build();
  }

  private static Problem refused(String json) {
    try {
      JsonBody.read(body(json), Register.class);
    } catch (ApiException e) {
      return e.problem();
    }
    throw new AssertionError("accepted: " + json);
  }

  @SuppressWarnings("unchecked")
  private static List<FieldProblem> errors(Problem p) {
    return (List<FieldProblem>) p.extensions().get("errors");
  }

  @Test
  void readsAValidBody() {
    Register r = JsonBody.read(body("""
        {"sha256": "ab", "dataset": "trips", "snapshotId": 42, "params": {"lr": 0.1, "layers": [1, 2]},
         "metrics": {"auc": 0.91}, "owners": [{"name": "ana"}], "from": "2025-01-31T10:00:00Z",
         "mode": "EXACT", "count": 3, "override": true}
        """), Register.class);
    assertThat(r.snapshotId()).isEqualTo(42L);
    assertThat(r.params()).containsEntry("lr", 0.1);
    assertThat(r.owners()).containsExactly(new Owner("ana", null));
    assertThat(r.from()).isEqualTo(Instant.parse("2025-01-31T10:00:00Z"));
    assertThat(r.mode()).isEqualTo(Mode.EXACT);
    assertThat(r.override()).isTrue();
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    Problem p = refused("{\n  \"sha256\": \"ab\",\n  \"dataset\": trips\n}");
    assertThat(p.type()).isEqualTo(Problem.MALFORMED_JSON);
    assertThat(p.extensions()).containsEntry("line", 3).containsEntry("column", 14);
    assertThat(p.detail()).startsWith("the request body is not valid JSON: line 3, column 14: Unrecognized token 'trips'");
    assertThat(p.detail()).doesNotContain("Source").doesNotContain("\n");

    assertThat(refused("{\"sha256\": \"ab\"").detail()).contains("line 1, column 16").contains("end-of-input");
    assertThat(refused("{\"sha256\": \"a\", \"sha256\": \"b\"}").detail()).contains("Duplicate field 'sha256'");
    assertThat(refused("{\"sha256\": \"a\", \"dataset\": \"d\"} {}").type()).isEqualTo(Problem.MALFORMED_JSON);
  }

  @Test
  void unknownAndMissingFieldsAreAllNamed() {
    Problem p = refused("{\"sha265\": \"ab\", \"snapshot\": 4, \"lead\": {\"nmae\": \"x\"}, \"owners\": [{\"name\": \"a\"}, {}]}");
    assertThat(p.type()).isEqualTo(Problem.INVALID_REQUEST);
    assertThat(errors(p)).extracting(FieldProblem::pointer)
        .containsExactlyInAnyOrder("/sha265", "/snapshot", "/lead/nmae", "/lead/name", "/owners/1/name", "/sha256", "/dataset");
    assertThat(errors(p)).filteredOn(e -> e.pointer().equals("/sha265")).first()
        .extracting(FieldProblem::detail).asString()
        .startsWith("unknown field 'sha265'; the fields are sha256, dataset, snapshotId, snapshotTag");
    assertThat(errors(p)).filteredOn(e -> e.pointer().equals("/dataset")).first()
        .extracting(FieldProblem::detail).isEqualTo("required field 'dataset' is missing");
    assertThat(p.detail()).startsWith("7 problems: ");

    Problem nul = refused("{\"sha256\": null, \"dataset\": \"d\"}");
    assertThat(nul.detail()).isEqualTo("/sha256: required field 'sha256' must not be null");
  }

  @Test
  void wrongTypesAreNamedWithWhatWasFound() {
    FieldProblem e = errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\",\n \"snapshotId\": \"42\"}")).get(0);
    assertThat(e.pointer()).isEqualTo("/snapshotId");
    assertThat(e.detail()).isEqualTo("must be an integer, found the string \"42\"");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(16);

    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"snapshotId\": 1.5}")).get(0).detail())
        .isEqualTo("must be an integer, found the number 1.5");
    assertThat(errors(refused("{\"sha256\": 5, \"dataset\": \"d\"}")).get(0).detail())
        .isEqualTo("must be a string, found the integer 5");
    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"override\": \"yes\"}")).get(0).detail())
        .isEqualTo("must be true or false, found the string \"yes\"");
    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"owners\": {}}")).get(0).detail())
        .isEqualTo("must be an array, found an object");
    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"metrics\": {\"auc\": \"high\"}}")).get(0))
        .extracting(FieldProblem::pointer, FieldProblem::detail)
        .containsExactly("/metrics/auc", "must be a number, found the string \"high\"");
    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"mode\": \"SLOW\"}")).get(0).detail())
        .isEqualTo("must be one of \"FAST\", \"EXACT\", found the string \"SLOW\"");
    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"from\": \"yesterday\"}")).get(0).detail())
        .isEqualTo("must be an ISO-8601 time such as \"2025-01-31T10:00:00Z\", found the string \"yesterday\"");
    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"count\": null}")).get(0).detail())
        .isEqualTo("must be an integer, found null");
    assertThat(errors(refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"count\": 99999999999}")).get(0))
        .extracting(FieldProblem::pointer, FieldProblem::detail)
        .containsExactly("/count", "the number is out of range for this field");
  }

  @Test
  void aRecordsOwnCheckBecomesA400() {
    Problem p = refused("{\"sha256\": \"a\", \"dataset\": \"d\", \"snapshotId\": 1, \"snapshotTag\": \"t\"}");
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).isEqualTo("give snapshotId or snapshotTag, not both");
  }

  /** Jackson cannot build this one (no module for Optional): a programming error, not the caller's. */
  record Unbindable(Optional<String> name) {}

  @Test
  void aRecordJacksonCannotBindIsOurBugNotA400() {
    assertThatThrownBy(() -> JsonBody.read(body("{\"name\": \"x\"}"), Unbindable.class))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot bind request bodies to");
  }

  @Test
  void theBodyMustBeOneJsonObject() {
    assertThat(refused("").detail()).isEqualTo("the request body is empty; this call needs a JSON object");
    assertThat(refused("  ").detail()).isEqualTo("the request body is empty; this call needs a JSON object");
    assertThat(refused("[1]").detail()).isEqualTo("the request body must be a JSON object, found an array");
    assertThat(refused("\"x\"").detail()).isEqualTo("the request body must be a JSON object, found the string \"x\"");
  }

  @Test
  void treeKeepsAbsentApartFromNull() {
    JsonNode tree = JsonBody.tree(body("{\"expectedVersion\": null}"));
    assertThat(tree.has("expectedVersion")).isTrue();
    assertThat(tree.get("expectedVersion").isNull()).isTrue();
    assertThat(tree.has("reason")).isFalse();
  }

  @Test
  void contentTypeIsChecked() {
    HttpRequest xml = HttpRequest.builder("POST", "/x").body("application/xml", "<a/>").build();
    assertThatThrownBy(() -> JsonBody.read(xml, Register.class)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.problem().status()).isEqualTo(415));
    HttpRequest merge = HttpRequest.builder("POST", "/x").body("application/merge-patch+json", "{}").build();
    assertThat(JsonBody.tree(merge).isObject()).isTrue();
  }
}
