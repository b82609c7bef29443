-- Initial schema. Times are TIMESTAMP (UTC); money in USD; units in column names.
CREATE TABLE snapshots (
  snapshot_id      VARCHAR PRIMARY KEY,   -- deterministic: source + window, so re-collecting is idempotent
  source           VARCHAR NOT NULL,      -- 'prometheus', 'kubernetes', 'sample', 'cost-explorer', 'focus', 'cur'
  cluster          VARCHAR NOT NULL,
  window_start     TIMESTAMP NOT NULL,
  window_end       TIMESTAMP NOT NULL,
  collected_at     TIMESTAMP NOT NULL,
  status           VARCHAR NOT NULL,      -- 'complete' | 'partial'
  detail           JSON
);

CREATE TABLE usage_snapshots (
  snapshot_id               VARCHAR NOT NULL,
  cluster                   VARCHAR NOT NULL,
  namespace                 VARCHAR NOT NULL,
  workload_kind             VARCHAR NOT NULL,
  workload                  VARCHAR NOT NULL,
  container                 VARCHAR NOT NULL,
  window_start              TIMESTAMP NOT NULL,
  window_end                TIMESTAMP NOT NULL,
  history_seconds           DOUBLE NOT NULL,
  sample_count              BIGINT NOT NULL,
  cpu_p50_cores             DOUBLE, cpu_p90_cores DOUBLE, cpu_p95_cores DOUBLE, cpu_p99_cores DOUBLE, cpu_max_cores DOUBLE,
  memory_p95_bytes          DOUBLE, memory_peak_bytes DOUBLE,
  cpu_throttling_ratio      DOUBLE,
  oom_kills                 INTEGER NOT NULL DEFAULT 0,
  restarts                  INTEGER NOT NULL DEFAULT 0,
  oom_killed_at_memory_limit_bytes DOUBLE,
  cpu_request_cores         DOUBLE, cpu_limit_cores DOUBLE, memory_request_bytes DOUBLE, memory_limit_bytes DOUBLE,
  replicas_avg              DOUBLE, replicas_max DOUBLE,
  PRIMARY KEY (snapshot_id, namespace, workload_kind, workload, container)
);

CREATE TABLE workload_inventory (
  snapshot_id    VARCHAR NOT NULL,
  cluster        VARCHAR NOT NULL,
  namespace      VARCHAR NOT NULL,
  workload_kind  VARCHAR NOT NULL,
  workload       VARCHAR NOT NULL,
  replicas       INTEGER NOT NULL,
  containers     JSON NOT NULL,   -- [{ name, resources: ResourceSettings }]
  hpa            JSON,            -- HpaSpec | null
  has_vpa        BOOLEAN NOT NULL DEFAULT false,
  labels         JSON,
  PRIMARY KEY (snapshot_id, namespace, workload_kind, workload)
);

CREATE TABLE nodes (
  snapshot_id               VARCHAR NOT NULL,
  cluster                   VARCHAR NOT NULL,
  node                      VARCHAR NOT NULL,
  instance_type             VARCHAR NOT NULL,
  region                    VARCHAR NOT NULL,
  zone                      VARCHAR NOT NULL,
  capacity_type             VARCHAR NOT NULL,
  node_pool                 VARCHAR NOT NULL,
  allocatable_cpu_cores     DOUBLE NOT NULL,
  allocatable_memory_bytes  DOUBLE NOT NULL,
  PRIMARY KEY (snapshot_id, node)
);

CREATE TABLE cost_line_items (
  import_id              VARCHAR NOT NULL,   -- one per imported file/window; re-import replaces
  period_start           TIMESTAMP NOT NULL,
  period_end             TIMESTAMP NOT NULL,
  provider               VARCHAR NOT NULL,
  service                VARCHAR NOT NULL,
  region                 VARCHAR NOT NULL,
  instance_type          VARCHAR NOT NULL,
  namespace              VARCHAR NOT NULL,
  resource_id            VARCHAR NOT NULL,
  billed_cost_usd        DOUBLE NOT NULL,
  effective_cost_usd     DOUBLE NOT NULL,
  list_cost_usd          DOUBLE NOT NULL,
  usage_quantity         DOUBLE NOT NULL,
  usage_unit             VARCHAR NOT NULL,
  pricing_category       VARCHAR NOT NULL,
  commitment_discount_id VARCHAR NOT NULL,
  source                 VARCHAR NOT NULL
);

CREATE TABLE instance_usage_hours (
  import_id      VARCHAR NOT NULL,
  hour           TIMESTAMP NOT NULL,
  region         VARCHAR NOT NULL,
  instance_type  VARCHAR NOT NULL,
  instances      DOUBLE NOT NULL
);

-- Each run of a model (forecast, rightsize, commitments) has an id; results hang off it.
CREATE TABLE runs (
  run_id       VARCHAR PRIMARY KEY,
  kind         VARCHAR NOT NULL,   -- 'collect', 'forecast', 'rightsize', 'commitments', 'report', 'demo'
  started_at   TIMESTAMP NOT NULL,
  finished_at  TIMESTAMP,
  status       VARCHAR NOT NULL,   -- 'running' | 'succeeded' | 'failed' | 'partial'
  trigger      VARCHAR NOT NULL DEFAULT 'manual',  -- 'manual' | 'schedule' | 'api' | 'catch-up'
  detail       JSON
);

CREATE TABLE forecasts (
  run_id      VARCHAR NOT NULL,
  series      VARCHAR NOT NULL,
  ts          TIMESTAMP NOT NULL,
  model       VARCHAR NOT NULL,
  mean        DOUBLE NOT NULL,
  lo80 DOUBLE, hi80 DOUBLE, lo95 DOUBLE, hi95 DOUBLE,
  PRIMARY KEY (run_id, series, ts)
);

CREATE TABLE recommendations (
  run_id              VARCHAR NOT NULL,
  cluster             VARCHAR NOT NULL,
  namespace           VARCHAR NOT NULL,
  workload_kind       VARCHAR NOT NULL,
  workload            VARCHAR NOT NULL,
  container           VARCHAR NOT NULL,
  confidence          VARCHAR NOT NULL,
  monthly_savings_usd DOUBLE,
  payload             JSON NOT NULL,   -- the DESIGN.md rightsize object
  PRIMARY KEY (run_id, cluster, namespace, workload_kind, workload, container)
);

CREATE TABLE commitment_recommendations (
  run_id    VARCHAR NOT NULL,
  seq       INTEGER NOT NULL,
  kind      VARCHAR NOT NULL,
  region    VARCHAR NOT NULL,
  payload   JSON NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE capacity_results (
  run_id    VARCHAR NOT NULL,
  scope     VARCHAR NOT NULL,   -- 'cluster' | 'node-pool' | 'namespace' | 'pvc'
  name      VARCHAR NOT NULL,
  resource  VARCHAR NOT NULL,   -- 'cpu' | 'memory' | 'storage' | 'cost'
  payload   JSON NOT NULL,
  PRIMARY KEY (run_id, scope, name, resource)
);

CREATE TABLE report_history (
  week        VARCHAR PRIMARY KEY,   -- ISO week, YYYY-Www
  run_id      VARCHAR NOT NULL,
  path        VARCHAR NOT NULL,
  created_at  TIMESTAMP NOT NULL,
  summary     JSON NOT NULL
);
