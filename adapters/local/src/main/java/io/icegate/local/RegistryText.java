package io.icegate.local;

import io.icegate.gate.GateDecision;
import io.icegate.registry.AliasState;
import io.icegate.registry.Lineage;
import io.icegate.registry.ModelVersion;
import io.icegate.registry.RegistryEvent;
import io.icegate.store.ObjectStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders registry records for people: versions, aliases, the audit log and lineage trees. */
final class RegistryText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private RegistryText() {}

  /** A time as people read it (UTC, seconds). */
  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  /** A registered version in a few lines. */
  static void version(Output out, ModelVersion v, String indent) {
    out.line("%sversion %d  registered %s by %s", indent, v.version(), time(v.registeredAt()), v.registeredBy());
    out.line("%s  artifact   %s", indent, v.artifactUri());
    out.line("%s  sha256     %s (%d bytes)", indent, v.artifactSha256(), v.artifactBytes());
    out.line("%s  trained on %s", indent, training(v));
    if (v.codeCommit() != null) {
      out.line("%s  commit     %s", indent, v.codeCommit());
    }
    if (!v.params().isEmpty()) {
      out.line("%s  params     %s", indent, v.params());
    }
    if (!v.owners().isEmpty()) {
      out.line("%s  owners     %s", indent, String.join(", ", v.owners()));
    }
    if (v.description() != null) {
      out.line("%s  about      %s", indent, v.description());
    }
  }

  /** {@code dataset@snapshot (tag t)}: the training data and the tag that keeps it. */
  static String training(ModelVersion v) {
    return v.dataset() + "@" + v.trainingSnapshotId()
        + (v.trainingRef() == null ? "" : " (requested as '" + v.trainingRef() + "')")
        + ", kept by tag " + v.trainingTag();
  }

  /** One alias: target, how it got there, what a rollback restores. */
  static String alias(AliasState a) {
    return String.format("%-12s -> %s  (%s by %s at %s%s)", a.alias(),
        a.version() == null ? "unset" : "version " + a.version(),
        a.lastAction() == null ? "never set" : a.lastAction().json(), a.movedBy(), time(a.movedAt()),
        a.rollbackTarget() == null ? "" : "; rollback restores version " + a.rollbackTarget());
  }

  /** Header of {@link #event}. */
  static void eventHeader(Output out, boolean withModel) {
    out.line("%s%-4s %-19s %-9s %-12s %-10s %-28s %s", withModel ? String.format("%-16s ", "MODEL") : "", "SEQ",
        "TIME (UTC)", "ACTION", "ALIAS", "VERSION", "ACTOR", "REASON / EVIDENCE");
  }

  /** One audit event as a table row. */
  static void event(Output out, RegistryEvent e, boolean withModel) {
    String version = e.action().movesAlias()
        ? (e.fromVersion() == null ? "-" : String.valueOf(e.fromVersion())) + " -> " + e.version()
        : String.valueOf(e.version());
    out.line("%s%-4d %-19s %-9s %-12s %-10s %-28s %s", withModel ? String.format("%-16s ", e.model()) : "", e.seq(),
        time(e.at()), e.action().json(), e.alias() == null ? "-" : e.alias(), version, e.actor(), why(e));
  }

  private static String why(RegistryEvent e) {
    StringBuilder s = new StringBuilder(e.reason() == null ? "" : e.reason());
    if (e.details() != null && e.details().has("gateDecision")) {
      s.append(s.isEmpty() ? "" : "; ").append("gate ").append(e.details().get("gateDecision").asText());
    }
    if (e.details() != null && e.details().has("shadowComparison")) {
      s.append(s.isEmpty() ? "" : "; ").append("shadow ").append(e.details().get("shadowComparison").asText());
    }
    return s.isEmpty() ? "-" : s.toString();
  }

  /** One gate decision as a line. */
  static String decision(GateDecision d, ObjectStore store) {
    long failed = d.checks().stream().filter(c -> !c.passed()).count();
    return String.format("%-19s version %-3d %s  policy %s, %s@%d%s  %s", time(d.createdAt()), d.version(),
        d.passed() ? "PASSED" : "FAILED", d.policyVersion(), d.dataset(), d.snapshotId(),
        (d.baselineVersion() == null ? ", no baseline" : ", baseline version " + d.baselineVersion())
            + (failed == 0 ? "" : ", " + failed + " failed check" + (failed == 1 ? "" : "s")),
        Landing.onDisk(store, d.reportKey()));
  }

  /** The lineage of a version as a tree: artifact, code, training snapshot, the uploads behind it. */
  static void lineage(Output out, Lineage l, ObjectStore store) {
    out.line("%s version %d", l.model(), l.version());
    out.line("|- artifact      %s", l.artifact().uri());
    out.line("|    sha256      %s (%d bytes)", l.artifact().sha256(), l.artifact().bytes());
    out.line("|- code commit   %s", l.codeCommit() == null ? "(not given)" : l.codeCommit());
    Lineage.Training t = l.training();
    out.line("`- training data %s @ snapshot %d%s", t.dataset(), t.snapshotId(),
        t.requestedRef() == null ? "" : " (requested as '" + t.requestedRef() + "')");
    out.line("     committed   %s", t.committedAt() == null ? "(snapshot expired)" : time(t.committedAt()));
    out.line("     kept by     tag %s%s", t.tag(), t.tagInPlace() ? "" : "  (MISSING: snapshot expiry may remove it)");
    if (!l.ancestryComplete()) {
      out.line("     note        older snapshots expired; uploads before the oldest kept one come from the ingest log");
    }
    List<Lineage.Upload> uploads = l.uploads();
    out.line("     uploads     %d (newest first)", uploads.size());
    for (int i = 0; i < uploads.size(); i++) {
      Lineage.Upload u = uploads.get(i);
      boolean last = i == uploads.size() - 1 && l.otherCommits().isEmpty();
      String branch = last ? "     `- " : "     |- ";
      String cont = last ? "          " : "     |    ";
      out.line("%sbatch %s  snapshot %d  committed %s%s", branch, u.batchId() == null ? "-" : u.batchId(),
          u.snapshotId(), time(u.committedAt()), u.evidence() == Lineage.Evidence.INGEST_LOG ? "  (from ingest log)" : "");
      out.line("%ssource    %s", cont, u.sourceUri() == null ? "-" : u.sourceUri());
      out.line("%ssha256    %s%s", cont, u.sourceSha256() == null ? "-" : u.sourceSha256(),
          u.sourceBytes() == null ? "" : " (" + u.sourceBytes() + " bytes)");
      out.line("%scontract  %s %s", cont, u.contractId() == null ? "-" : u.contractId(),
          u.contractVersion() == null ? "" : u.contractVersion());
      if (u.rowsAccepted() != null) {
        out.line("%srows      %d accepted, %d rejected%s", cont, u.rowsAccepted(),
            u.rowsRejected() == null ? 0 : u.rowsRejected(), u.format() == null ? "" : " (" + u.format() + ")");
      }
      if (u.archiveKey() != null) {
        out.line("%sarchived  %s", cont, Landing.onDisk(store, u.archiveKey()));
      }
    }
    for (int i = 0; i < l.otherCommits().size(); i++) {
      Lineage.OtherCommit c = l.otherCommits().get(i);
      out.line("%s%s commit, snapshot %d at %s", i == l.otherCommits().size() - 1 ? "     `- " : "     |- ",
          c.operation(), c.snapshotId(), time(c.committedAt()));
    }
  }
}
