-- HPAs a usage snapshot read from kube-state-metrics (WorkloadHpa in src/domain/usage.ts), so
-- rightsizing from the store honours HPA targets as rightsizing from Prometheus does.
CREATE TABLE workload_hpas (
  snapshot_id    VARCHAR NOT NULL,
  cluster        VARCHAR NOT NULL,
  namespace      VARCHAR NOT NULL,
  workload_kind  VARCHAR NOT NULL,   -- the HPA's scale target
  workload       VARCHAR NOT NULL,
  hpa_name       VARCHAR NOT NULL,
  hpa            JSON NOT NULL,      -- HpaSpec: minReplicas, maxReplicas, CPU/memory utilisation targets
  PRIMARY KEY (snapshot_id, namespace, hpa_name)
);
