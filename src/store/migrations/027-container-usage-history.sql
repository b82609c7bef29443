-- Hourly per-container histories of a usage snapshot (ContainerUsageHistory in
-- src/domain/usage.ts), for strategies that weigh recent behaviour (decaying-histogram) when
-- rightsizing from the store. One row per container per snapshot; each series is a little-endian
-- float64 BLOB (src/store/float-blob.ts): at 10,000 containers a 24-hour snapshot is ~6 MiB, a
-- 14-day one ~78 MiB, and writes take seconds (DOUBLE[] was 2.5× smaller but 16× slower to bind).
CREATE TABLE container_usage_history (
  snapshot_id        VARCHAR NOT NULL,
  cluster            VARCHAR NOT NULL,
  namespace          VARCHAR NOT NULL,
  workload_kind      VARCHAR NOT NULL,
  workload           VARCHAR NOT NULL,
  container          VARCHAR NOT NULL,
  history_start      TIMESTAMP NOT NULL,   -- value i covers the step ending at history_start + i·step
  step_seconds       INTEGER NOT NULL,
  cpu_mean_cores     BLOB NOT NULL,
  cpu_max_cores      BLOB NOT NULL,
  memory_peak_bytes  BLOB NOT NULL,
  pods               BLOB NOT NULL,
  PRIMARY KEY (snapshot_id, namespace, workload_kind, workload, container)
);
