package io.icegate.aws;

import static io.icegate.aws.LambdaFixture.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.icegate.infra.aws.AwsIcegate;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** As deployed: AwsIcegate over a bucket on s3proxy, the warehouse in it. */
class IngestHandlerS3Test extends IngestHandlerContract {
  @Override
  LambdaFixture fixture(Path dir) throws Exception {
    return LambdaFixture.onS3(dir, Map.of());
  }

  @Test
  void underAPrefixOnlyTheInstallsLandingIsIngested() throws Exception {
    f.close();
    f = LambdaFixture.onS3(dir.resolve("prefixed"), Map.of(AwsIcegate.PREFIX, "team-a"));
    handler = new IngestHandler(f.runtime);
    f.contract("trips");
    f.upload(MORNING, "uploads/trips-morning.csv"); // the store adds the prefix
    ObjectNode event = (ObjectNode) LambdaFixture.eventTree("s3-put-several.json");
    ObjectNode object = (ObjectNode) event.get("Records").get(0).get("s3").get("object");
    String encoded = object.get("key").asText();
    object.put("key", "team-a/" + encoded);
    // the second record names the same upload without the prefix: another install's key, skipped
    ObjectNode other = (ObjectNode) event.get("Records").get(1).get("s3").get("object");
    other.put("key", encoded);
    ((ArrayNode) event.get("Records")).remove(2);

    JsonNode out = invoke(handler, event);
    assertThat(list(out.get("records"))).extracting(r -> r.get("status").asText()).containsExactly("committed", "skipped");
    assertThat(list(out.get("records"))).extracting(r -> r.get("key").asText())
        .containsExactly(MORNING, encoded.replace('+', ' ').replace("%C3%A9", "é"));
    assertThat(tripIds()).hasSize(5);
  }
}
