/**
 * Capacity planning results: what src/models/capacity produces and the store, reports, server
 * gauges and the `headroom capacity` command read. `CapacityReport` is also the JSON written by
 * `headroom capacity --format json` and the demo's `capacity/capacity.json`.
 *
 * Times are epoch ms (UTC) plus an ISO date (`YYYY-MM-DD`) for people; quantities carry their
 * unit in the name. Interval levels are percent (80 = the 80 % interval).
 */

export type CapacityScopeKind = 'cluster' | 'node-pool' | 'namespace';
export type CapacityResource = 'cpu' | 'memory';
/** Requests are what the scheduler packs; usage is what the nodes actually carry. */
export type CapacityMetric = 'requests' | 'usage';
/** Compared with allocatable itself, or with allocatable × capacity.targetUtilization. */
export type ThresholdKind = 'allocatable' | 'target';

/** A date estimated with an interval at `levelPercent`: earliest, expected and latest (null when not reached). */
export interface DatedInterval {
  levelPercent: number;
  earliestMs: number | null;
  earliestDate: string | null;
  expectedMs: number | null;
  expectedDate: string | null;
  latestMs: number | null;
  latestDate: string | null;
}

/**
 * When a forecast crosses a threshold. Derived from where the forecast's mean, upper and lower
 * bounds first reach the threshold, for a `levelPercent` date interval:
 * - `earliest*` from the upper bound (the pessimistic date; lower bound of days-until) of the
 *   (100 − (100 − level)/2) % interval, because a first crossing is likelier than a crossing on
 *   one given day (reflection principle; see src/models/capacity/exhaustion.ts),
 * - `expected*` from the mean,
 * - `latest*` from the lower bound (null when the lower bound stays below within the horizon).
 */
export interface ExhaustionEstimate extends DatedInterval {
  metric: CapacityMetric;
  resource: CapacityResource;
  thresholdKind: ThresholdKind;
  /** The threshold in the resource's unit (cores or bytes). */
  threshold: number;
  /**
   * `exhausted` — already at or over the threshold now; `within-horizon` — the upper bound (at
   * least) crosses before the horizon ends; `not-within-horizon` — no bound crosses;
   * `unknown` — no forecast or no threshold (see `reason`).
   */
  status: 'exhausted' | 'within-horizon' | 'not-within-horizon' | 'unknown';
  /** Days from `nowMs` to the expected date (0 when exhausted; null when not within the horizon). Gauge headroom_capacity_exhaustion_days. */
  daysUntil: number | null;
  /** Days from `nowMs` to the earliest date (gauge headroom_capacity_exhaustion_days_lower). */
  daysUntilLower: number | null;
  /** Days from `nowMs` to the latest date. */
  daysUntilUpper: number | null;
  horizonDays: number;
  /** One sentence, e.g. "cluster sample runs out of memory requests between 2027-01-10 and 2027-02-02 at 80 % confidence". */
  sentence: string;
  /** Why the status is `unknown`, or a caveat. */
  reason: string | null;
}

/** A daily forecast summarised at the horizon's end (full series are in the forecasts table). */
export interface ForecastSummary {
  /** Name of the series in the forecasts table, e.g. `cluster=sample/memory_requests_bytes:daily_max`. */
  series: string;
  method: string;
  /** Last observed daily value. */
  lastValue: number;
  /** Values at the horizon's last day. */
  atHorizon: { mean: number; lo80: number; hi80: number; lo95: number; hi95: number };
  /** Highest mean and hi80 over the horizon. */
  peakMean: number;
  peakHi80: number;
  /**
   * Steps in the level the forecast found in the history and holds as a new level rather than
   * growth (a node added, a deploy that raised requests): from `date` on, `size` higher (in the
   * series' unit; lower if negative). Empty when none.
   */
  levelShifts?: { date: string; size: number }[];
}

/** One resource (CPU or memory) of one scope. Quantities in cores (cpu) or bytes (memory). */
export interface ResourceCapacity {
  /** Cluster of the scope (repeated here so a stored payload row stands on its own). */
  cluster: string;
  resource: CapacityResource;
  unit: 'cores' | 'bytes';
  /** Allocatable now; null for namespaces (they have no allocatable of their own). */
  allocatable: number | null;
  /** Requests now (last hour) and usage peak of the last day. */
  requestsNow: number;
  usagePeakNow: number;
  /**
   * Highest requests of the last day (rollout surges and batch jobs included): what the
   * requests forecast, the exhaustion dates and the node counts are based on.
   */
  requestsPeakNow: number;
  /** requestsNow / allocatable, usagePeakNow / allocatable; null without allocatable. */
  requestsRatio: number | null;
  usageRatio: number | null;
  /** Forecasts of the daily maximum of requests and of usage; null when the history is too short. */
  requestsForecast: ForecastSummary | null;
  usageForecast: ForecastSummary | null;
  /** For requests and usage, against allocatable and against the target (empty for namespaces). */
  exhaustion: ExhaustionEstimate[];
}

/** Nodes a pool needs so that requests fit at the target utilisation (bin arithmetic per resource). */
export interface NodePoolSizing {
  nodePool: string;
  instanceType: string;
  currentNodes: number;
  /** Allocatable of one node of the pool. */
  nodeCpuCores: number;
  nodeMemoryBytes: number;
  targetUtilization: number;
  /** max over resources of ceil(daily peak of requests / (node allocatable × target)). */
  nodesNeededNow: number;
  /** Same with the forecast mean at the horizon, and with its upper 80 % bound. */
  nodesNeededAtHorizon: number | null;
  nodesNeededAtHorizonHi80: number | null;
  /** Resource that decides the count now. */
  bindingResource: CapacityResource;
  /** Positive: nodes to add now; negative: nodes that could go. */
  nodeDeltaNow: number;
}

export interface ScopeCapacity {
  scope: CapacityScopeKind;
  /** Cluster name, node pool name or namespace. */
  name: string;
  cluster: string;
  cpu: ResourceCapacity;
  memory: ResourceCapacity;
  /** Node pools only. */
  sizing: NodePoolSizing | null;
}

/** When a PersistentVolumeClaim fills, from a linear fit of its usage history. */
export interface PvcFill extends DatedInterval {
  cluster: string;
  namespace: string;
  persistentVolumeClaim: string;
  capacityBytes: number;
  usedBytes: number;
  usedRatio: number;
  /** Fitted growth, bytes per day (negative: shrinking). */
  growthBytesPerDay: number;
  status: 'full' | 'within-horizon' | 'not-within-horizon' | 'not-growing' | 'unknown';
  // Fill dates (DatedInterval): earliest from the fast end of the slope interval, expected from the fit, latest from the slow end.
  daysUntil: number | null;
  daysUntilLower: number | null;
  sentence: string;
  reason: string | null;
}

/** 'team' only when the caller maps namespaces to teams (the allocation's owner labels). */
export type CostBreakdown = 'service' | 'namespace' | 'team';

/** One calendar month of a cost forecast. The current month includes its actual spend to date. */
export interface MonthlyCostForecast {
  /** `YYYY-MM`. */
  month: string;
  meanUsd: number;
  lo80Usd: number;
  hi80Usd: number;
  lo95Usd: number;
  hi95Usd: number;
  /** Spend already observed in this month (non-zero only for the current month). */
  actualToDateUsd: number;
  /** Days of the month that are forecast (the rest are actuals). */
  forecastDays: number;
  /** The factor this month's forecast days were scaled by to add up to the total (reconciled rows only). */
  reconciliationFactor?: number;
}

export interface CostForecastSeries {
  breakdown: CostBreakdown;
  /** Service name or namespace; `(total)` is the whole bill forecast as one series; `(unallocated)` the namespace-less lines. */
  key: string;
  method: string;
  /** Mean daily cost over the last 7 observed days. */
  recentDailyUsd: number;
  /** Days of cost history the forecast was fitted on. */
  historyDays: number;
  /**
   * Steps in the daily cost found in the history (a pool added, a price change, a commitment
   * bought) and forecast as steps, not trend: from `date` (YYYY-MM-DD) on, `sizeUsdPerDay` more.
   */
  levelShifts: { date: string; sizeUsdPerDay: number }[];
  /**
   * Set when the history is too short for the horizon (by default < 3 months of history per
   * forecast year): the months beyond what the history supports are an indication, not a plan.
   */
  indicative: string | null;
  /**
   * How the same forecast did on the last months of the history (up to 3 rolling origins 30 days
   * apart, each forecasting the following 30 days): mean |forecast − actual| / actual of the
   * 30-day sums, and how many of those sums fell inside their 80 % interval. null when the
   * history is too short for one origin.
   */
  recentAccuracy: { months: number; meanAbsoluteErrorRatio: number; within80: number } | null;
  months: MonthlyCostForecast[];
  /** Sums over the first 3 and 12 full months after the current one. */
  next3Months: { meanUsd: number; lo80Usd: number; hi80Usd: number; lo95Usd: number; hi95Usd: number };
  next12Months: { meanUsd: number; lo80Usd: number; hi80Usd: number; lo95Usd: number; hi95Usd: number };
}

export interface CostForecastReport {
  /** Which cost column is forecast: FOCUS EffectiveCost (amortised). */
  costBasis: 'effective';
  /**
   * How monthly intervals are made from daily ones: `comonotonic-sum` — daily bounds are summed,
   * exact when daily errors are perfectly correlated and wider (conservative) otherwise.
   */
  intervalMethod: 'comonotonic-sum';
  historyStartMs: number;
  historyEndMs: number;
  series: CostForecastSeries[];
  /** Keys skipped and why (e.g. fewer than 14 days of history). */
  skipped: { breakdown: CostBreakdown; key: string; reason: string }[];
  /**
   * ISO 4217 code of every amount in the forecast (the `*Usd` names predate it): the bill's own
   * currency, or USD when a bill in several was converted at `exchangeRates`. Set by the run (the
   * model forecasts numbers); absent in runs made before it was recorded, which were USD.
   */
  currency?: string;
  /** The rates a mixed bill was converted at (one unit's value in `currency`); empty when none. */
  exchangeRates?: Record<string, number>;
  /** Set when the namespace and team rows forecast an allocation run's costs: its window and run. */
  allocationWindow?: { startMs: number; endMs: number; runId: string };
  /**
   * Set when the rows were reconciled to the `(total)` row (finance's CSV): per breakdown, how the
   * rows' own forecasts compared with the total before they were scaled to it.
   */
  reconciliation?: CostReconciliation[];
}

/**
 * How one breakdown's rows were made to add up to the total forecast, month by month: each row's
 * forecast days (actuals stay as billed) are scaled by the month's factor
 * (total − Σ actuals) / Σ forecasts — top-down by forecast proportions (Hyndman & Athanasopoulos,
 * FPP3 §11.2) — so no key's share is set by anything but its own forecast.
 */
export interface CostReconciliation {
  breakdown: CostBreakdown;
  method: 'forecast-proportions';
  /** Σ rows' own 12-month means before scaling, and the total's. */
  rowsNext12MonthsUsd: number;
  totalNext12MonthsUsd: number;
  /** The smallest and largest monthly factor applied. */
  minFactor: number;
  maxFactor: number;
}

/** The whole result of one capacity run. */
export interface CapacityReport {
  runId: string;
  cluster: string;
  /** The run's clock: end of the data window. */
  nowMs: number;
  horizonWeeks: number;
  targetUtilization: number;
  levels: number[];
  scopes: ScopeCapacity[];
  pvcs: PvcFill[];
  cost: CostForecastReport | null;
  /** Partial failures: reported, the rest proceeds. */
  warnings: string[];
}

/** A forecast flattened for storage and charts (one row per step in the forecasts table). */
export interface NamedForecast {
  /** e.g. `cluster=sample/memory_requests_bytes:daily_max`, `cost/service=AmazonEC2:daily_usd`. */
  series: string;
  method: string;
  startMs: number;
  stepSeconds: number;
  mean: Float64Array;
  lo80: Float64Array;
  hi80: Float64Array;
  lo95: Float64Array;
  hi95: Float64Array;
}

/** Cost of one day for one service and namespace (namespace '' when not allocated): the cost forecast's input. */
export interface DailyCost {
  dayStartMs: number;
  service: string;
  namespace: string;
  costUsd: number;
}
