package io.icegate.contract;

import io.icegate.yaml.YamlMap;
import io.icegate.yaml.Problems;
import io.icegate.yaml.YamlProblem;
import io.icegate.yaml.YamlDocs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Parses Open Data Contract Standard v3 documents (v3.0.x and v3.1.0) into the {@link DataContract}
 * icegate enforces.
 *
 * <p>The YAML is composed to a node tree rather than loaded into maps so every problem carries its
 * line. Problems are collected, not thrown one at a time: {@link ContractException} lists them all.
 * Informational ODCS fields are accepted and ignored; unknown fields (typos) and constructs icegate
 * cannot enforce are refused, because a contract that looks stricter than what runs is a trap.
 */
public final class ContractParser {

  private static final String EXPECTED = "an ODCS v3 data contract";

  static final Set<String> API_VERSIONS = Set.of("v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0");

  private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "id", "version", "name", "status",
      "tenant", "tags", "servers", "dataProduct", "description", "domain", "schema", "support", "price", "team",
      "roles", "slaDefaultElement", "slaProperties", "authoritativeDefinitions", "customProperties",
      "contractCreatedTs");

  private ContractParser() {}

  /** Parses a contract file; messages name it by the path as given. */
  public static DataContract parse(Path file) {
    try {
      if (Files.size(file) > YamlDocs.MAX_CODE_POINTS) {
        throw new ContractException(file.toString(), List.of(new YamlProblem(0, 0, "", YamlDocs.CONFIG.tooLarge("the contract"))));
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract " + file, e);
    }
  }

  /**
   * Parses a contract.
   *
   * @param yaml the ODCS document
   * @param sourceName how messages name the document, e.g. {@code trips.yaml}
   * @throws ContractException listing every problem found
   */
  public static DataContract parse(String yaml, String sourceName) {
    Problems problems = new Problems();
    DataContract contract = YamlDocs.compose(yaml, sourceName, "the contract", EXPECTED, problems)
        .flatMap(root -> YamlMap.of(root, "", problems))
        .map(top -> contract(top, problems))
        .orElse(null);
    if (problems.count() > 0) {
      throw new ContractException(sourceName, problems.sorted());
    }
    return contract;
  }

  private static DataContract contract(YamlMap top, Problems problems) {
    top.rejectUnknown(FIELDS, "the contract");
    String apiVersion = top.requiredText("apiVersion");
    if (apiVersion != null && !API_VERSIONS.contains(apiVersion)) {
      problems.add(top.raw("apiVersion"), "apiVersion", "unsupported apiVersion '" + apiVersion
          + "' (icegate reads ODCS " + String.join(", ", API_VERSIONS.stream().sorted().toList()) + ")");
    }
    String kind = top.requiredText("kind");
    if (kind != null && !kind.equals("DataContract")) {
      problems.add(top.raw("kind"), "kind", "kind must be 'DataContract', found '" + kind + "'");
    }
    String id = top.requiredText("id");
    String version = top.requiredText("version");
    List<SchemaObject> schema = new SchemaReader(problems).read(top);
    IcegateOptions options = OptionsReader.read(top, schema, problems);
    return new DataContract(apiVersion, id, top.text("name"), version, top.text("status"), schema, options);
  }
}
