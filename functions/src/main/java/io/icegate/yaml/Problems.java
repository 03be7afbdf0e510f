package io.icegate.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one document, each placed at the YAML node it is about. */
public final class Problems {

  private final List<YamlProblem> problems = new ArrayList<>();

  public void add(Node at, String path, String message) {
    Mark mark = at.getStartMark().orElse(null);
    if (mark == null) {
      add(0, 0, path, message);
    } else {
      add(mark.getLine() + 1, mark.getColumn() + 1, path, message);
    }
  }

  public void add(int line, int column, String path, String message) {
    problems.add(new YamlProblem(line, column, path, message));
  }

  public int count() {
    return problems.size();
  }

  /** The problems in the order they were found. */
  public List<YamlProblem> found() {
    return List.copyOf(problems);
  }

  /** The problems sorted by position; checks that span the document run after the walk. */
  public List<YamlProblem> sorted() {
    return problems.stream()
        .sorted(Comparator.comparingInt(YamlProblem::line).thenComparingInt(YamlProblem::column))
        .toList();
  }
}
