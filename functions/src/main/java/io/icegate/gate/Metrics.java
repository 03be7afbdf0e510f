package io.icegate.gate;

import io.icegate.gate.GatePolicy.Task;
import java.util.List;

/** The metric names each task knows (scikit-learn's definitions). */
final class Metrics {
  private Metrics() {}

  static List<String> names(Task task) {
    return switch (task) {
      case BINARY -> List.of("roc_auc", "average_precision", "log_loss", "brier_score", "accuracy", "precision",
          "recall", "f1");
      case MULTICLASS -> List.of("accuracy", "f1_macro", "f1_weighted", "log_loss");
      case REGRESSION -> List.of("rmse", "mae", "mape", "r2");
    };
  }
}
