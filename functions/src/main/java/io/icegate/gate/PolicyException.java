package io.icegate.gate;

import io.icegate.yaml.YamlProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A gate policy icegate refuses, with every problem found in it. */
public final class PolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<YamlProblem> problems;

  public PolicyException(String source, List<YamlProblem> problems) {
    super(problems.stream().map(p -> p.describe(source)).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in document order. */
  public List<YamlProblem> problems() {
    return problems;
  }
}
