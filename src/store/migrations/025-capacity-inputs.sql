-- Inputs of the capacity model that the initial schema has no place for: the hourly capacity
-- series of a collection (named as in src/domain/usage.ts) and PVC usage histories.
-- Keyed by the collection's snapshot id; re-saving a snapshot replaces its rows.
CREATE TABLE capacity_inputs (
  snapshot_id   VARCHAR PRIMARY KEY,
  cluster       VARCHAR NOT NULL,
  window_start  TIMESTAMP NOT NULL,
  window_end    TIMESTAMP NOT NULL,
  collected_at  TIMESTAMP NOT NULL
);

CREATE TABLE capacity_series (
  snapshot_id  VARCHAR NOT NULL,
  series       VARCHAR NOT NULL,   -- e.g. 'cluster=sample/memory_requests_bytes'
  ts           TIMESTAMP NOT NULL,
  value        DOUBLE NOT NULL
);

CREATE TABLE volume_usage (
  snapshot_id              VARCHAR NOT NULL,
  cluster                  VARCHAR NOT NULL,
  namespace                VARCHAR NOT NULL,
  persistent_volume_claim  VARCHAR NOT NULL,
  capacity_bytes           DOUBLE NOT NULL,
  used_bytes               DOUBLE NOT NULL,
  history                  JSON NOT NULL,   -- [[timestampMs, usedBytes], …]
  PRIMARY KEY (snapshot_id, namespace, persistent_volume_claim)
);
