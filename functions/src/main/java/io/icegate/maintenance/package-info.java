/**
 * Table maintenance without Spark: compaction of small files through DuckDB with Iceberg field
 * ids, snapshot expiry that keeps tagged snapshots, and orphan file removal with a safety age.
 * {@link io.icegate.maintenance.TableMaintainer} is the {@code maintainTables} function.
 */
package io.icegate.maintenance;
