/**
 * The weekly report as data: what `report.json` holds (a stable contract; `schemaVersion` bumps on
 * breaking changes) and what every renderer (HTML, Markdown, CSV, Slack, e-mail) reads. Missing
 * upstream data is a section with `status: 'missing'` and a reason, never an absent key.
 */
import type { ErrorBudgetStatus, FiredAlertSummary } from '../models/slo/index.js';

/** `partial`: some of the section's data could not be read (e.g. Prometheus was down); the rest is shown. */
export type SectionStatus = 'ok' | 'partial' | 'missing';

export interface SectionBase {
  status: SectionStatus;
  /** Why the section is empty, or a short note on where its data came from. */
  note: string | null;
}

export interface WeekSpan {
  week: string;
  startMs: number;
  endMs: number;
}

export interface SpendMover {
  /** What moved: a namespace (or a service when costs are not allocated to namespaces). */
  dimension: 'namespace' | 'service';
  name: string;
  lastWeekUsd: number;
  previousWeekUsd: number;
  changeUsd: number;
}

export interface ExhaustionItem {
  cluster: string;
  scope: string;
  name: string;
  resource: string;
  /** What is crossed: allocatable itself (runs out) or the utilisation target (capacity.targetUtilization). */
  threshold: 'allocatable' | 'target';
  /** Share of capacity still free now, 0..1; null when unknown. */
  headroomRatio: number | null;
  /** When the mean forecast crosses; null = not within the horizon. */
  exhaustionDateMs: number | null;
  daysToExhaustion: number | null;
  /** When the upper 80% bound crosses (the pessimistic date); null = not within the horizon. */
  earliestDateMs: number | null;
  daysToExhaustionLower: number | null;
}

export interface ReportSummary {
  spend: {
    lastWeekUsd: number | null;
    previousWeekUsd: number | null;
    changeUsd: number | null;
    changeRatio: number | null;
    /** What the forecast made before the week expected it to cost; null when there was none. */
    forecastUsd: number | null;
    vsForecastRatio: number | null;
  };
  topMovers: SpendMover[];
  nearestExhaustion: ExhaustionItem[];
  /** Total monthly savings on offer: rightsizing + commitments. */
  rightsizingMonthlySavingsUsd: number | null;
  commitmentMonthlySavingsUsd: number | null;
  /** One-sentence takeaways, most important first (Slack and e-mail lead with these). */
  highlights: string[];
}

export interface CapacityRow {
  cluster: string;
  scope: string;
  name: string;
  resource: string;
  capacity: number | null;
  requested: number | null;
  used: number | null;
  unit: string;
  headroomRatio: number | null;
  /** Requests reach allocatable: mean forecast date and pessimistic (upper 80% bound) date. */
  exhaustionDateMs: number | null;
  daysToExhaustion: number | null;
  earliestExhaustionDateMs: number | null;
  daysToExhaustionLower: number | null;
  /** Requests pass the utilisation target: pessimistic date (what planning acts on). */
  targetEarliestDateMs: number | null;
  daysToTargetLower: number | null;
}

export interface CapacitySection extends SectionBase {
  rows: CapacityRow[];
}

export interface DailyCost {
  dayMs: number;
  costUsd: number;
}

export interface ForecastPoint {
  periodStartMs: number;
  meanUsd: number;
  lo80Usd: number | null;
  hi80Usd: number | null;
  lo95Usd: number | null;
  hi95Usd: number | null;
}

export interface CostForecast {
  series: string;
  runId: string;
  runAtMs: number;
  model: string;
  points: ForecastPoint[];
  totalMeanUsd: number;
  /** Steps in the spend the forecast modelled as steps, not growth (12-month forecast only). */
  levelShifts?: { date: string; sizeUsdPerDay: number }[];
  /** Why the forecast is only indicative (too little history for its horizon), or null. */
  indicative?: string | null;
}

export interface CostSection extends SectionBase {
  /** Daily effective cost (amortised), last 12 weeks up to the report week's end. */
  daily: DailyCost[];
  byService: { service: string; lastWeekUsd: number; previousWeekUsd: number }[];
  byNamespace: { namespace: string; lastWeekUsd: number; previousWeekUsd: number }[];
  forecast13Weeks: CostForecast | null;
  forecast12Months: CostForecast | null;
}

/** One team's allocated cost in the report week and the week before (OpenCost's method, from the latest allocation run). */
export interface TeamCostRow {
  team: string;
  lastWeekUsd: number;
  previousWeekUsd: number;
  changeUsd: number;
  /** null when the team cost nothing the week before. */
  changeRatio: number | null;
}

/** "Cost by team": the bill allocated to the pod / namespace label `label`, week over week. */
export interface TeamCostSection extends SectionBase {
  label: string;
  runId: string | null;
  /** The allocation run's reconciliation line (allocations + idle + unallocated = the bill). */
  reconciliation: string | null;
  teams: TeamCostRow[];
  /** The largest movers by absolute change, at most 3. */
  movers: TeamCostRow[];
}

export interface RightsizingRow {
  cluster: string;
  namespace: string;
  workloadKind: string;
  workload: string;
  container: string;
  confidence: string;
  cpuRequestCoresNow: number | null;
  cpuRequestCoresRecommended: number | null;
  memoryRequestBytesNow: number | null;
  memoryRequestBytesRecommended: number | null;
  monthlySavingsUsd: number | null;
  reason: string;
}

export interface RightsizingSection extends SectionBase {
  /** Savings are priced from the USD price list, so they are in USD whatever the bill's currency. */
  currency: 'USD';
  runId: string | null;
  runAtMs: number | null;
  containers: number;
  totalMonthlySavingsUsd: number;
  /** Largest savings first, at most 15. */
  top: RightsizingRow[];
}

export interface CommitmentRow {
  kind: string;
  region: string;
  instanceFamily: string | null;
  instanceType: string | null;
  count: number | null;
  hourlyCommitmentUsd: number | null;
  upfrontUsd: number | null;
  estimatedMonthlySavingsUsd: number | null;
  breakEvenMonths: number | null;
  expectedUtilization: number | null;
  expectedCoverage: number | null;
}

export interface CommitmentSection extends SectionBase {
  /** Commitments are sized from the USD price list: their amounts are USD whatever the bill's currency. */
  currency: 'USD';
  runId: string | null;
  runAtMs: number | null;
  recommendations: CommitmentRow[];
  /** Share of last week's compute cost already covered by commitments (billing), 0..1. */
  currentCoverageRatio: number | null;
  totalMonthlySavingsUsd: number;
}

/** One SLO with its error budget over the SLO window ending at the report week's end. */
export interface SloBudgetRow {
  /** `<service>-<name>` (sloth's `sloth_id`). */
  id: string;
  service: string;
  name: string;
  objectivePercent: number | null;
  /** The SLO window this budget covers: the spec's own period (OpenSLO `timeWindow`) or `alerting.slo.period`; null when unknown (no live data and no period in the spec). */
  windowDays: number | null;
  /** healthy / at-risk / exhausted from the SLI data; no-data when it saw no events; unknown without live data. */
  budgetStatus: ErrorBudgetStatus | 'unknown';
  /** Why, most important first (the error-budget model's reasons, or why there is no data). */
  reasons: string[];
  /** 1 − window error ratio ÷ (1 − objective); negative when overspent; null without data. */
  budgetRemainingRatio: number | null;
  /** Share of the window's budget the report week's errors used. */
  weekBudgetConsumedRatio: number | null;
  windowErrorRatio: number | null;
  weekErrorRatio: number | null;
  /** Error ratio ÷ budget over the week, and over the last hour at the week's end. */
  weekBurnRate: number | null;
  currentBurnRate: number | null;
  /** Days the remaining budget lasts at the week's pace; null when the week spent none. */
  daysToExhaustion: number | null;
  /** Events over the SLO window and the week (null for ratio-only SLIs or without data). */
  windowTotalEvents: number | null;
  windowErrorEvents: number | null;
  weekTotalEvents: number | null;
  weekErrorEvents: number | null;
}

/** An alert that fired during the report week (from `ALERTS{alertstate="firing"}`), as the model summarises it. */
export type FiredAlertRow = FiredAlertSummary;

export interface AlertsSection extends SectionBase {
  /** Alert rules Headroom generated (from `alerts/*.yaml`), by severity. */
  alertRules: { name: string; severity: string; file: string }[];
  /** SLO specs (`slos/*.yaml`) with their error budgets. */
  slos: SloBudgetRow[];
  /** False when Headroom has no live alert or SLI data, so budgets are unknown. */
  liveData: boolean;
  /** Where the SLI and alert figures come from; null without live data. */
  dataSource: { kind: 'prometheus' | 'sample'; origin: string } | null;
  /** The configured SLO window (sloth's default 30 days; alerting.slo.period); an SLO whose spec sets its own period has it in its row's `windowDays`. */
  sloWindowDays: number | null;
  /** Alerts that fired during the week, longest firing first; null when the alert history could not be read. */
  firedAlerts: FiredAlertRow[] | null;
  /** What could not be read (Prometheus down, a query rejected); the section is then `partial`. */
  problems: string[];
}

export interface AccountabilityRow {
  series: string;
  /** What the series forecast: total spend, or one namespace's or service's spend. */
  dimension: 'total' | 'namespace' | 'service';
  /** The namespace or service; `total` for the total. */
  name: string;
  /** When the forecast was made, and the week it forecast. */
  runAtMs: number;
  week: string;
  forecastUsd: number;
  lo80Usd: number | null;
  hi80Usd: number | null;
  actualUsd: number;
  /** (actual − forecast) / actual. */
  errorRatio: number;
  /** Whether the 80% interval held the actual; null when there was no interval. */
  heldInterval80: boolean | null;
}

/** How well one namespace's or service's spend was forecast over the past weeks. */
export interface AccountabilityBreakdownRow {
  dimension: 'namespace' | 'service';
  name: string;
  /** Weeks judged (complete weeks with a forecast made before they began). */
  weeks: number;
  meanAbsErrorRatio: number;
  interval80HitRatio: number | null;
  /** The report week's forecast and actual; null when the week has no forecast. */
  lastWeekForecastUsd: number | null;
  lastWeekActualUsd: number | null;
  lastWeekErrorRatio: number | null;
}

/** A past forecast of a cluster's or node pool's requests (the capacity run's daily peak) next to the week's actual peaks. */
export interface CapacityAccountabilityRow {
  series: string;
  scope: 'cluster' | 'node-pool';
  name: string;
  resource: 'cpu' | 'memory';
  unit: 'cores' | 'bytes';
  week: string;
  runAtMs: number;
  /** Mean over the week's 7 days of the forecast daily peak of requests, and of its 80% bounds. */
  forecast: number;
  lo80: number | null;
  hi80: number | null;
  /** Mean over the week's 7 days of the actual daily peak of requests. */
  actual: number;
  /** (actual − forecast) / actual. */
  errorRatio: number;
  heldInterval80: boolean | null;
}

export interface AccountabilitySection extends SectionBase {
  /** The total spend forecast, week by week. */
  rows: AccountabilityRow[];
  /** Per namespace and per service, summarised (largest spend last week first). */
  breakdown: AccountabilityBreakdownRow[];
  /** Every per-namespace and per-service week row behind `breakdown` (for the CSV). */
  breakdownRows: AccountabilityRow[];
  /** Capacity forecasts (CPU and memory requests per cluster and node pool) against what was requested. */
  capacityRows: CapacityAccountabilityRow[];
  /** Mean absolute percentage error over the rows, 0..∞. */
  meanAbsErrorRatio: number | null;
  /** Share of rows whose actual fell inside the 80% interval. */
  interval80HitRatio: number | null;
}

export interface WeeklyReport {
  schemaVersion: 1;
  week: WeekSpan;
  previousWeek: WeekSpan;
  generatedAtMs: number;
  /**
   * ISO 4217 code of every amount derived from the bill (spend, forecasts, accountability, cost by
   * team): the bill's own currency, or USD when a bill mixing currencies was converted at
   * `exchangeRates`. The `*Usd` field names predate it (schema version 1): read them in this
   * currency. Rightsizing and commitments carry their own (`USD`, from the price list).
   */
  currency: string;
  /** The rates a mixed bill was converted at (value of one unit in `currency`, e.g. `{ EUR: 1.08 }`); empty when nothing was converted. */
  exchangeRates: Record<string, number>;
  summary: ReportSummary;
  capacity: CapacitySection;
  cost: CostSection;
  costByTeam: TeamCostSection;
  rightsizing: RightsizingSection;
  commitments: CommitmentSection;
  alerts: AlertsSection;
  accountability: AccountabilitySection;
}
