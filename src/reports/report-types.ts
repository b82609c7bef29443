/**
 * The weekly report as data: what `report.json` holds (a stable contract; `schemaVersion` bumps on
 * breaking changes) and what every renderer (HTML, Markdown, CSV, Slack, e-mail) reads. Missing
 * upstream data is a section with `status: 'missing'` and a reason, never an absent key.
 */

export type SectionStatus = 'ok' | 'missing';

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
}

export interface CostSection extends SectionBase {
  /** Daily effective cost (amortised), last 12 weeks up to the report week's end. */
  daily: DailyCost[];
  byService: { service: string; lastWeekUsd: number; previousWeekUsd: number }[];
  byNamespace: { namespace: string; lastWeekUsd: number; previousWeekUsd: number }[];
  forecast13Weeks: CostForecast | null;
  forecast12Months: CostForecast | null;
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
  runId: string | null;
  runAtMs: number | null;
  recommendations: CommitmentRow[];
  /** Share of last week's compute cost already covered by commitments (billing), 0..1. */
  currentCoverageRatio: number | null;
  totalMonthlySavingsUsd: number;
}

export interface AlertsSection extends SectionBase {
  /** Alert rules Headroom generated (from `alerts/*.yaml`), by severity. */
  alertRules: { name: string; severity: string; file: string }[];
  /** SLO specs (`slos/*.yaml`) with their objective. */
  slos: { service: string; name: string; objectivePercent: number | null; budgetRemainingRatio: number | null }[];
  /** False when Headroom has no live alert or SLI data, so budgets are unknown. */
  liveData: boolean;
}

export interface AccountabilityRow {
  series: string;
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

export interface AccountabilitySection extends SectionBase {
  rows: AccountabilityRow[];
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
  currency: 'USD';
  summary: ReportSummary;
  capacity: CapacitySection;
  cost: CostSection;
  rightsizing: RightsizingSection;
  commitments: CommitmentSection;
  alerts: AlertsSection;
  accountability: AccountabilitySection;
}
