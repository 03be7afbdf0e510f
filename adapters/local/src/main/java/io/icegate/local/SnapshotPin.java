package io.icegate.local;

import picocli.CommandLine.Option;

/** Which snapshot of a dataset a command reads: exactly one of a snapshot id and a tag (picocli enforces). */
final class SnapshotPin {
  @Option(names = "--snapshot", required = true, paramLabel = "ID", description = "snapshot id of the dataset")
  Long snapshot;

  @Option(names = "--tag", required = true, paramLabel = "TAG", description = "tag or branch of the dataset")
  String tag;
}
