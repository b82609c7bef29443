-- Inputs of cost allocation (src/domain/allocation.ts), per usage snapshot: hourly requests and
-- usage of each workload container on each node, the hours each node ran with its provider ID and
-- capacity, and pod / namespace labels (kube_pod_labels, kube_namespace_labels). Hourly series are
-- little-endian BLOBs (src/store/float-blob.ts): float32 for container series (30 days × 4 series
-- stay under DuckDB's 4 KiB inline limit and read 3.5× faster), float64 for node series; value i
-- covers [start_time + i·step, + step).
CREATE TABLE container_node_hours (
  snapshot_id           VARCHAR NOT NULL,
  cluster               VARCHAR NOT NULL,
  namespace             VARCHAR NOT NULL,
  workload_kind         VARCHAR NOT NULL,
  workload              VARCHAR NOT NULL,
  container             VARCHAR NOT NULL,
  node                  VARCHAR NOT NULL,
  start_time            TIMESTAMP NOT NULL,
  step_seconds          INTEGER NOT NULL,
  cpu_request_cores     BLOB NOT NULL,
  memory_request_bytes  BLOB NOT NULL,
  cpu_usage_cores       BLOB NOT NULL,
  memory_usage_bytes    BLOB NOT NULL,
  gpu_request           BLOB,              -- NULL: no pod asked for a GPU
  PRIMARY KEY (snapshot_id, namespace, workload_kind, workload, container, node)
);

CREATE TABLE node_hours (
  snapshot_id     VARCHAR NOT NULL,
  cluster         VARCHAR NOT NULL,
  node            VARCHAR NOT NULL,
  provider_id     VARCHAR NOT NULL,        -- kube_node_info{provider_id}; '' when unknown
  instance_type   VARCHAR NOT NULL,
  region          VARCHAR NOT NULL,
  capacity_type   VARCHAR NOT NULL,
  node_pool       VARCHAR NOT NULL,
  cpu_cores       DOUBLE NOT NULL,         -- capacity, or allocatable when capacity was not scraped
  memory_bytes    DOUBLE NOT NULL,
  gpus            DOUBLE NOT NULL,
  capacity_from   VARCHAR NOT NULL,        -- 'capacity' | 'allocatable'
  start_time      TIMESTAMP NOT NULL,
  step_seconds    INTEGER NOT NULL,
  up              BLOB NOT NULL,           -- fraction of each step the node existed
  PRIMARY KEY (snapshot_id, node)
);

CREATE TABLE allocation_labels (
  snapshot_id    VARCHAR NOT NULL,
  cluster        VARCHAR NOT NULL,
  namespace      VARCHAR NOT NULL,
  workload_kind  VARCHAR NOT NULL,         -- '' for the namespace's own labels
  workload       VARCHAR NOT NULL,         -- '' for the namespace's own labels
  labels         JSON NOT NULL,
  PRIMARY KEY (snapshot_id, namespace, workload_kind, workload)
);
