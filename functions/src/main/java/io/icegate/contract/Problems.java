package io.icegate.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one contract, each placed at the YAML node it is about. */
final class Problems {

  private final List<ContractProblem> problems = new ArrayList<>();

  void add(Node at, String path, String message) {
    Mark mark = at.getStartMark().orElse(null);
    if (mark == null) {
      add(0, 0, path, message);
    } else {
      add(mark.getLine() + 1, mark.getColumn() + 1, path, message);
    }
  }

  void add(int line, int column, String path, String message) {
    problems.add(new ContractProblem(line, column, path, message));
  }

  int count() {
    return problems.size();
  }

  /** The problems sorted by position; checks that span the document run after the walk. */
  List<ContractProblem> sorted() {
    return problems.stream()
        .sorted(Comparator.comparingInt(ContractProblem::line).thenComparingInt(ContractProblem::column))
        .toList();
  }
}
