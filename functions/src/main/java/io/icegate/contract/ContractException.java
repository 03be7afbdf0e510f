package io.icegate.contract;

import io.icegate.yaml.YamlProblem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A contract that icegate refuses, with every problem found in it: authors fix them all in one
 * round instead of one per upload attempt.
 */
public final class ContractException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<YamlProblem> problems;

  public ContractException(String source, List<YamlProblem> problems) {
    super(problems.stream().map(p -> p.describe(source)).collect(Collectors.joining("\n")));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The contract's file name or other label used in messages. */
  public String source() {
    return source;
  }

  /** The problems, in document order. */
  public List<YamlProblem> problems() {
    return problems;
  }
}
