/**
 * SLO definition → rule groups, sloth-compatible names: SLI error ratios for every window,
 * metadata (objective, budget, burn rates, budget remaining, info), and page/ticket alerts.
 *
 *   SLI group ─► metadata group ─► alert group        (each only when its SLO plugin is in the chain)
 *
 * Two alert styles (`alerting.slo.compat`): `headroom` adds `for:`, the minimum-traffic guard and
 * annotations naming the firing window pairs, and never a label that changes while an alert
 * fires; `sloth` writes the alerts sloth writes (no `for:`, sloth's labels and annotations, its
 * threshold arithmetic, a guard only when the SLO asks for one). A spec's own labels and
 * annotations (runbook included) win in both.
 */
import { sloConventions as S } from '../../domain/conventions.js';
import { formatDurationSeconds, formatNumber, roundNumber } from '../format.js';
import { runbookUrl } from '../rules/annotations.js';
import { selector } from '../rules/promql.js';
import type { AlertRule, RecordingRule, RuleGroup } from '../rules/types.js';
import type { MonitoringSettings } from '../settings.js';
import { burnTiers, computeBurnFactor, formatWindowPair, listSliWindows, resolveSloPeriod, type BurnTier } from './burn-rates.js';
import { hoistWindowSubqueries } from './hoist-subqueries.js';
import type { SloDefinition, SloSli } from './spec-types.js';

const window = /\{\{\s*\.window\s*\}\}/g;

/** The error budget as a ratio: 1 − objective. */
export function computeErrorBudget(slo: SloDefinition): number {
  return roundNumber(1 - slo.objectivePercent / 100);
}

/** Labels identifying an SLO on every series it produces. */
export function buildSloIdLabels(slo: SloDefinition): Record<string, string> {
  return { [S.labelId]: slo.id, [S.labelService]: slo.service, [S.labelSlo]: slo.name };
}

/**
 * The minimum traffic (events per second over 1 h) below which this SLO's burn alerts stay
 * silent; 0 = no guard. The SLO's `headroom.dev/min_traffic/v1` wins; otherwise the configured
 * default in `headroom` mode and none in `sloth` mode. SLIs without a traffic query (raw ratios
 * without `totalQuery`) cannot be guarded.
 */
export function resolveMinEventsPerSecond(slo: SloDefinition, s: MonitoringSettings): number {
  if (!buildSliQueries(slo.sli, '1h').total) return 0;
  return slo.rules.minEventsPerSecond ?? (s.slo.compat === 'sloth' ? 0 : s.slo.minRequestsPerSecond);
}

function fillWindow(query: string, w: string): string {
  return query.replace(window, w).trim();
}

/** Error ratio and traffic queries of an SLI for a window (`total` undefined without traffic). */
export function buildSliQueries(sli: SloSli, w: string): { errorRatio: string; error: string | undefined; total: string | undefined } {
  if (sli.kind === 'raw') return { errorRatio: fillWindow(sli.errorRatioQuery, w), error: undefined, total: sli.totalQuery === undefined ? undefined : fillWindow(sli.totalQuery, w) };
  let errorQuery: string;
  let totalQuery: string;
  if (sli.kind === 'events') {
    errorQuery = fillWindow(sli.errorQuery, w);
    totalQuery = fillWindow(sli.totalQuery, w);
  } else {
    const bucket = `${sli.metric}_bucket`;
    const sel = sli.selector.trim() ? `${sli.selector.trim()}, ` : '';
    totalQuery = `sum(rate(${bucket}{${sel}le="+Inf"}[${w}]))`;
    errorQuery = `${totalQuery}\n-\nsum(rate(${bucket}{${sel}le="${formatNumber(sli.thresholdSeconds)}"}[${w}]))`;
  }
  return { errorRatio: `(\n${errorQuery}\n)\n/\n(\n${totalQuery}\n)`, error: errorQuery, total: totalQuery };
}

const isSloth = (s: MonitoringSettings) => s.slo.compat === 'sloth';

/** The selector sloth puts on its own series: all three id labels (Headroom: the id alone). */
function idSelector(metric: string, slo: SloDefinition, s: MonitoringSettings): string {
  return selector(metric, isSloth(s) ? buildSloIdLabels(slo) : { [S.labelId]: slo.id });
}

function buildSliGroup(slo: SloDefinition, s: MonitoringSettings, steps: ReturnType<typeof hoistWindowSubqueries>['steps']): RuleGroup {
  const labels = { ...slo.labels, ...buildSloIdLabels(slo) };
  const corrected = slo.rules.denominatorCorrected;
  // Window subqueries' inner expressions first: the windows below read them at this evaluation.
  const rules: RecordingRule[] = steps.map((st) => ({ kind: 'record', record: S.subqueryStep, expr: st.expr, labels: { ...buildSloIdLabels(slo), [S.labelSubquery]: st.index } }));
  rules.push(...listSliWindows().map((w): RecordingRule => {
    const q = buildSliQueries(slo.sli, w);
    const expr = corrected && q.error && q.total
      ? `(\n${selector(`${S.numeratorCorrectionPrefix}${w}`, buildSloIdLabels(slo))}\n* on()\n${q.error}\n)\n/\n(${q.total})`
      : q.errorRatio;
    return { kind: 'record', record: `${S.errorRatioPrefix}${w}`, expr, labels: { ...labels, [S.labelWindow]: w } };
  }));
  const p = resolveSloPeriod(slo, s).period;
  const period = buildSliQueries(slo.sli, p);
  const idSel = idSelector(`${S.errorRatioPrefix}5m`, slo, s);
  rules.push({
    kind: 'record',
    record: `${S.errorRatioPrefix}${p}`,
    expr: corrected?.disableOptimized ? `(${period.error})\n/\n(${period.total})` : `sum_over_time(${idSel}[${p}])\n/ ignoring (${S.labelWindow})\ncount_over_time(${idSel}[${p}])`,
    labels: { ...labels, [S.labelWindow]: p },
  });
  const total = buildSliQueries(slo.sli, '1h').total;
  if (total && resolveMinEventsPerSecond(slo, s) > 0) rules.push({ kind: 'record', record: `${S.totalRatePrefix}1h`, expr: total, labels: { ...labels, [S.labelWindow]: '1h' } });
  return { name: `${S.groupPrefix}-sli-recordings-${slo.id}`, ...(slo.rules.intervals?.sli ? { interval: slo.rules.intervals.sli } : {}), rules };
}

function buildMetaGroup(slo: SloDefinition, s: MonitoringSettings): RuleGroup {
  const labels = { ...slo.labels, ...buildSloIdLabels(slo) };
  const id = buildSloIdLabels(slo);
  const onId = `on (${S.labelId}, ${S.labelSlo}, ${S.labelService}) group_left`;
  const rec = (record: string, expr: string, extra: Record<string, string> = {}): RecordingRule => ({ kind: 'record', record, expr, labels: { ...labels, ...extra } });
  const mode = isSloth(s) ? (slo.k8s ? 'cli-gen-k8s' : 'cli-gen-prom') : 'headroom';
  const { period, periodSeconds } = resolveSloPeriod(slo, s);
  const rules = [
    rec(S.objectiveRatio, `vector(${formatNumber(slo.objectivePercent / 100)})`),
    rec(S.errorBudgetRatio, `vector(${formatNumber(computeErrorBudget(slo))})`),
    rec(S.timePeriodDays, `vector(${formatNumber(periodSeconds / 86400)})`),
    rec(S.currentBurnRateRatio, `${selector(`${S.errorRatioPrefix}5m`, id)}\n/ ${onId}\n${selector(S.errorBudgetRatio, id)}`),
    rec(S.periodBurnRateRatio, `${selector(`${S.errorRatioPrefix}${period}`, id)}\n/ ${onId}\n${selector(S.errorBudgetRatio, id)}`),
    rec(S.periodErrorBudgetRemainingRatio, `1 - ${selector(S.periodBurnRateRatio, id)}`),
    rec(slo.rules.infoMetricName ?? S.infoMetric, 'vector(1)', { ...slo.rules.infoLabels, [S.labelMode]: mode, [S.labelObjective]: formatNumber(slo.objectivePercent), [S.labelSpec]: slo.specVersion, [S.labelVersion]: 'headroom' }),
  ];
  if (slo.rules.denominatorCorrected) {
    const periodTotal = buildSliQueries(slo.sli, period).total;
    for (const w of listSliWindows()) rules.push(rec(`${S.numeratorCorrectionPrefix}${w}`, `(${buildSliQueries(slo.sli, w).total})/(${periodTotal})`));
  }
  return { name: `${S.groupPrefix}-meta-recordings-${slo.id}`, ...(slo.rules.intervals?.metadata ? { interval: slo.rules.intervals.metadata } : {}), rules };
}

/** One window pair's condition: both windows above the tier's threshold. */
function buildTierCondition(slo: SloDefinition, tier: BurnTier, s: MonitoringSettings): string {
  const factor = formatNumber(computeBurnFactor(tier, resolveSloPeriod(slo, s).periodSeconds));
  // sloth's threshold is factor × (100 − objective) / 100 in float64; the same arithmetic in
  // PromQL gives the same value (e.g. 0.0009999999999999432 for 99.9) without printing its noise.
  const threshold = isSloth(s) ? `(${factor} * ((100 - ${formatNumber(slo.objectivePercent)}) / 100))` : `(${factor} * ${formatNumber(computeErrorBudget(slo))})`;
  const arm = (seconds: number) => `max(${idSelector(`${S.errorRatioPrefix}${formatDurationSeconds(seconds)}`, slo, s)} > ${threshold}) without (${S.labelWindow})`;
  if (isSloth(s)) return `(\n    ${arm(tier.shortWindowSeconds)}\n    and\n    ${arm(tier.longWindowSeconds)}\n)`;
  return `(\n  ${arm(tier.shortWindowSeconds)}\n  and\n  ${arm(tier.longWindowSeconds)}\n)`;
}

/** The tiers' conditions, each tagged with its window pair, for the `burn_window` annotation's query. */
function buildWindowPairQuery(slo: SloDefinition, tiers: BurnTier[], s: MonitoringSettings): string {
  return tiers.map((t) => `label_replace(${buildTierCondition(slo, t, s).replace(/\s*\n\s*/g, ' ')}, "${S.annotationBurnWindow}", "${formatWindowPair(t)}", "", "")`).join(' or ');
}

function buildBurnAlert(slo: SloDefinition, severity: 'page' | 'ticket', s: MonitoringSettings): AlertRule {
  const tiers = burnTiers.filter((t) => t.severity === severity);
  // When both pairs burn, `or` keeps one alert: the series' labels are the same.
  let expr = tiers.map((t) => buildTierCondition(slo, t, s)).join('\nor\n');
  const minEventsPerSecond = resolveMinEventsPerSecond(slo, s);
  // The minimum-traffic guard: total queries are per-second rates (sloth convention), so the 1 h
  // total rate is compared with the floor.
  if (minEventsPerSecond > 0) {
    expr = `(\n${expr}\n)\nand on (${S.labelId})\n(${selector(`${S.totalRatePrefix}1h`, { [S.labelId]: slo.id })} >= ${formatNumber(minEventsPerSecond)})`;
  }
  const tier = severity === 'page' ? slo.alerting.page : slo.alerting.ticket;
  const name = slo.alerting.name!;
  const specAnnotations = { ...slo.alerting.annotations, ...tier.annotations };
  const hasRunbook = 'runbook' in specAnnotations || 'runbook_url' in specAnnotations;
  if (isSloth(s)) {
    return {
      kind: 'alert',
      alert: name,
      expr,
      labels: { ...slo.alerting.labels, ...tier.labels, [S.labelSeverity]: severity },
      annotations: {
        summary: `{{$labels.${S.labelService}}} {{$labels.${S.labelSlo}}} SLO error budget burn rate is over expected.`,
        title: `(${severity}) {{$labels.${S.labelService}}} {{$labels.${S.labelSlo}}} SLO error budget burn rate is too fast.`,
        ...specAnnotations,
      },
    };
  }
  const budgetPct = formatNumber(computeErrorBudget(slo) * 100);
  const { period, periodSeconds } = resolveSloPeriod(slo, s);
  const factors = tiers.map((t) => `${formatNumber(computeBurnFactor(t, periodSeconds))}× over ${formatWindowPair(t)}`).join(' or ');
  const pairs = buildWindowPairQuery(slo, tiers, s);
  return {
    kind: 'alert',
    alert: name,
    expr,
    for: severity === 'page' ? s.slo.pageFor : s.slo.ticketFor,
    labels: { severity: severity === 'page' ? 'critical' : 'warning', ...slo.alerting.labels, ...tier.labels, [S.labelSeverity]: severity },
    annotations: {
      summary: `{{ $labels.${S.labelService} }} {{ $labels.${S.labelSlo} }} SLO error budget burn rate is too high.`,
      description: `{{ $labels.${S.labelService} }}/{{ $labels.${S.labelSlo} }} has an error ratio of {{ $value | humanizePercentage }}, burning its ${period} error budget (${budgetPct}%) at ${factors} (${severity}).`,
      // Read at each evaluation, so the pair can change without the alert's identity changing.
      [S.annotationBurnWindow]: `{{ range $i, $pair := query \`${pairs}\` }}{{ if $i }}, {{ end }}{{ $pair.Labels.${S.annotationBurnWindow} }}{{ end }}`,
      ...(hasRunbook ? {} : { runbook_url: runbookUrl(s, name) }),
      ...specAnnotations,
    },
  };
}

function buildAlertGroup(slo: SloDefinition, s: MonitoringSettings): RuleGroup | undefined {
  const rules: AlertRule[] = [];
  if (!slo.alerting.page.disable) rules.push(buildBurnAlert(slo, 'page', s));
  if (!slo.alerting.ticket.disable) rules.push(buildBurnAlert(slo, 'ticket', s));
  return rules.length ? { name: `${S.groupPrefix}-alerts-${slo.id}`, ...(slo.rules.intervals?.alerts ? { interval: slo.rules.intervals.alerts } : {}), rules } : undefined;
}

/** The rule groups of one SLO that its plugin chain generates. */
export function buildSloGroups(spec: SloDefinition, s: MonitoringSettings): RuleGroup[] {
  const { sli, steps } = hoistWindowSubqueries(spec.sli, buildSloIdLabels(spec));
  const slo = { ...spec, sli };
  const groups: RuleGroup[] = [];
  if (slo.rules.generate.sli) groups.push(buildSliGroup(slo, s, steps));
  if (slo.rules.generate.metadata) groups.push(buildMetaGroup(slo, s));
  const alerts = slo.rules.generate.alerts ? buildAlertGroup(slo, s) : undefined;
  if (alerts) groups.push(alerts);
  return groups;
}
