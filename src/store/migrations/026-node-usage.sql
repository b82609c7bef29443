-- Per-node usage from node-exporter, one row per node per usage snapshot (see NodeUsage in
-- src/domain/usage.ts). Hourly histories are little-endian float64 BLOBs (src/store/float-blob.ts).
CREATE TABLE node_usage (
  snapshot_id            VARCHAR NOT NULL,
  cluster                VARCHAR NOT NULL,
  node                   VARCHAR NOT NULL,
  instance               VARCHAR NOT NULL,   -- node-exporter's instance label
  mapped_by              VARCHAR NOT NULL,   -- 'node-label' | 'instance-name' | 'internal-ip' | 'pod-host-ip'
  cpu_count              DOUBLE,
  cpu_p95_cores          DOUBLE, cpu_max_cores DOUBLE, cpu_mean_cores DOUBLE,
  memory_total_bytes     DOUBLE,
  memory_p95_bytes       DOUBLE, memory_peak_bytes DOUBLE,
  filesystems            JSON NOT NULL,      -- [{ mountpoint, device, fstype, sizeBytes, usedBytes }]
  history_start          TIMESTAMP,          -- null: no history
  history_step_seconds   INTEGER,
  cpu_mean_history       BLOB,
  memory_peak_history    BLOB,
  PRIMARY KEY (snapshot_id, node)
);
