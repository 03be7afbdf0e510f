package io.icegate.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Removes files under a table's location that no snapshot, manifest or metadata file of the table
 * references, such as the Parquet file of an ingest that crashed before its commit. Iceberg's own
 * DeleteOrphanFiles action needs Spark; this one lists through the table's FileIO when it supports
 * prefix listing (icegate's local FileIO does; S3FileIO and ADLSFileIO do too, untested here).
 *
 * <p>Safety: the listing is taken before the references are read, so a file committed in between
 * is seen as referenced; an unreferenced file is removed only when older than the safety age, so a
 * writer that has written but not yet committed is never robbed of its file.
 */
final class OrphanSweeper {
  private static final int EXAMPLES = 20;

  OrphanReport sweep(Table table, MaintenanceOptions o, long nowMillis, boolean dryRun) {
    if (!(table.io() instanceof SupportsPrefixOperations listing)) {
      return new OrphanReport(0, 0, 0, 0, 0, 0, List.of(),
          "the table's FileIO (" + table.io().getClass().getSimpleName() + ") cannot list files");
    }
    String location = table.location();
    String prefix = location.endsWith("/") ? location : location + "/";
    List<FileInfo> files = new ArrayList<>();
    listing.listPrefix(prefix).forEach(files::add);
    table.refresh();
    Set<String> referenced = referenced(table);
    long cutoff = nowMillis - o.orphanAgeHours() * 3_600_000L;
    int known = 0;
    int young = 0;
    List<FileInfo> orphans = new ArrayList<>();
    for (FileInfo f : files) {
      if (referenced.contains(normalize(f.location()))) {
        known++;
      } else if (f.createdAtMillis() >= cutoff) {
        young++;
      } else {
        orphans.add(f);
      }
    }
    int removed = 0;
    long bytes = 0;
    for (FileInfo f : orphans) {
      if (!dryRun) {
        table.io().deleteFile(f.location());
        removed++;
      }
      bytes += f.size();
    }
    return new OrphanReport(files.size(), known, young, orphans.size(), removed, bytes,
        orphans.stream().limit(EXAMPLES).map(FileInfo::location).toList(), null);
  }

  /** Every file the table's metadata names: metadata files, manifest lists, manifests, data and delete files, statistics. */
  static Set<String> referenced(Table table) {
    FileIO io = table.io();
    Set<String> refs = new HashSet<>();
    ReachableFileUtil.metadataFileLocations(table, false).forEach(l -> refs.add(normalize(l)));
    refs.add(normalize(ReachableFileUtil.versionHintLocation(table)));
    for (StatisticsFile s : table.statisticsFiles()) {
      refs.add(normalize(s.path()));
    }
    for (PartitionStatisticsFile s : table.partitionStatisticsFiles()) {
      refs.add(normalize(s.path()));
    }
    Set<String> manifests = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        refs.add(normalize(snapshot.manifestListLocation()));
      }
      for (ManifestFile m : snapshot.allManifests(io)) {
        if (!manifests.add(m.path())) {
          continue;
        }
        refs.add(normalize(m.path()));
        try {
          if (m.content() == ManifestContent.DATA) {
            try (CloseableIterable<String> paths = ManifestFiles.readPaths(m, io, table.specs())) {
              paths.forEach(p -> refs.add(normalize(p)));
            }
          } else {
            try (ManifestReader<DeleteFile> r = ManifestFiles.readDeleteManifest(m, io, table.specs())) {
              r.forEach(d -> refs.add(normalize(d.location())));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read manifest " + m.path(), e);
        }
      }
    }
    return refs;
  }

  /** One spelling per local file ({@code file:/x}, {@code file:///x} and {@code /x} are the same file). */
  static String normalize(String location) {
    if (location.startsWith("file:")) {
      String p = location.substring("file:".length());
      if (p.startsWith("//")) {
        int slash = p.indexOf('/', 2);
        String host = slash < 0 ? p.substring(2) : p.substring(2, slash);
        if (host.isEmpty() || host.equals("localhost")) {
          return slash < 0 ? "/" : p.substring(slash);
        }
        return location;
      }
      return p;
    }
    return location;
  }
}
