-- Results of allocation runs (runs.kind = 'allocation'; the run's detail holds the window,
-- totals, idle per node, unallocated spend by service and the notes). Per grouping ('namespace',
-- 'workload', 'label:team', …) the DESIGN.md allocation entries, and the daily cost per key so
-- that forecasts and week-over-week movers can be computed per team.
CREATE TABLE allocation_results (
  run_id    VARCHAR NOT NULL,
  grouping  VARCHAR NOT NULL,
  key       VARCHAR NOT NULL,
  total_usd DOUBLE NOT NULL,
  payload   JSON NOT NULL,     -- AllocationEntry
  PRIMARY KEY (run_id, grouping, key)
);

CREATE TABLE allocation_daily (
  run_id    VARCHAR NOT NULL,
  grouping  VARCHAR NOT NULL,
  key       VARCHAR NOT NULL,
  day       TIMESTAMP NOT NULL,
  cost_usd  DOUBLE NOT NULL,
  PRIMARY KEY (run_id, grouping, key, day)
);
