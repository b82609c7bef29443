/**
 * SLO definition → rule groups, sloth-compatible names: SLI error ratios for every window,
 * metadata (objective, budget, burn rates, budget remaining, info), and page/ticket alerts.
 */
import { sloConventions as S } from '../../domain/conventions.js';
import { formatDurationSeconds, formatNumber, roundNumber } from '../format.js';
import { runbookUrl } from '../rules/annotations.js';
import { selector } from '../rules/promql.js';
import type { AlertRule, RecordingRule, RuleGroup } from '../rules/types.js';
import type { MonitoringSettings } from '../settings.js';
import { burnTiers, computeBurnFactor, formatWindowPair, listSliWindows, type BurnTier } from './burn-rates.js';
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

function fillWindow(query: string, w: string): string {
  return query.replace(window, w).trim();
}

/** Error and total queries of an SLI for a window (`total` undefined for raw ratios). */
export function buildSliQueries(sli: SloSli, w: string): { errorRatio: string; total: string | undefined } {
  if (sli.kind === 'raw') return { errorRatio: fillWindow(sli.errorRatioQuery, w), total: undefined };
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
  return { errorRatio: `(\n${errorQuery}\n)\n/\n(\n${totalQuery}\n)`, total: totalQuery };
}

function buildSliGroup(slo: SloDefinition, s: MonitoringSettings): RuleGroup {
  const labels = { ...slo.labels, ...buildSloIdLabels(slo) };
  const rules: RecordingRule[] = listSliWindows().map((w) => ({
    kind: 'record',
    record: `${S.errorRatioPrefix}${w}`,
    expr: buildSliQueries(slo.sli, w).errorRatio,
    labels: { ...labels, [S.labelWindow]: w },
  }));
  const idSel = selector(`${S.errorRatioPrefix}5m`, { [S.labelId]: slo.id });
  rules.push({
    kind: 'record',
    record: `${S.errorRatioPrefix}${s.slo.period}`,
    expr: `sum_over_time(${idSel}[${s.slo.period}])\n/ ignoring (${S.labelWindow})\ncount_over_time(${idSel}[${s.slo.period}])`,
    labels: { ...labels, [S.labelWindow]: s.slo.period },
  });
  const total = buildSliQueries(slo.sli, '1h').total;
  if (total) rules.push({ kind: 'record', record: `${S.totalRatePrefix}1h`, expr: total, labels: { ...labels, [S.labelWindow]: '1h' } });
  return { name: `${S.groupPrefix}-sli-recordings-${slo.id}`, rules };
}

function buildMetaGroup(slo: SloDefinition, s: MonitoringSettings): RuleGroup {
  const labels = { ...slo.labels, ...buildSloIdLabels(slo) };
  const id = { [S.labelId]: slo.id, [S.labelService]: slo.service, [S.labelSlo]: slo.name };
  const onId = `on (${S.labelId}, ${S.labelSlo}, ${S.labelService}) group_left`;
  const rec = (record: string, expr: string, extra: Record<string, string> = {}): RecordingRule => ({ kind: 'record', record, expr, labels: { ...labels, ...extra } });
  return {
    name: `${S.groupPrefix}-meta-recordings-${slo.id}`,
    rules: [
      rec(S.objectiveRatio, `vector(${formatNumber(slo.objectivePercent / 100)})`),
      rec(S.errorBudgetRatio, `vector(${formatNumber(computeErrorBudget(slo))})`),
      rec(S.timePeriodDays, `vector(${formatNumber(s.slo.periodSeconds / 86400)})`),
      rec(S.currentBurnRateRatio, `${selector(`${S.errorRatioPrefix}5m`, id)}\n/ ${onId}\n${selector(S.errorBudgetRatio, id)}`),
      rec(S.periodBurnRateRatio, `${selector(`${S.errorRatioPrefix}${s.slo.period}`, id)}\n/ ${onId}\n${selector(S.errorBudgetRatio, id)}`),
      rec(S.periodErrorBudgetRemainingRatio, `1 - ${selector(S.periodBurnRateRatio, id)}`),
      rec(S.infoMetric, 'vector(1)', { [S.labelMode]: 'headroom', [S.labelObjective]: formatNumber(slo.objectivePercent), [S.labelSpec]: slo.specVersion, [S.labelVersion]: 'headroom' }),
    ],
  };
}

function buildTierCondition(slo: SloDefinition, tier: BurnTier, s: MonitoringSettings): string {
  const id = buildSloIdLabels(slo);
  const factor = computeBurnFactor(tier, s.slo.periodSeconds);
  const threshold = `(${formatNumber(factor)} * ${formatNumber(computeErrorBudget(slo))})`;
  const arm = (seconds: number) => `max(${selector(`${S.errorRatioPrefix}${formatDurationSeconds(seconds)}`, id)} > ${threshold}) without (${S.labelWindow})`;
  return `label_replace(\n  ${arm(tier.shortWindowSeconds)}\n  and\n  ${arm(tier.longWindowSeconds)},\n  "${S.labelBurnWindow}", "${formatWindowPair(tier)}", "", ""\n)`;
}

function buildBurnAlert(slo: SloDefinition, severity: 'page' | 'ticket', s: MonitoringSettings): AlertRule {
  const tiers = burnTiers.filter((t) => t.severity === severity);
  // `or ignoring(burn_window)`: when both pairs burn, one alert (the faster pair's) fires, not two.
  let expr = tiers.map((t) => buildTierCondition(slo, t, s)).join(`\nor ignoring (${S.labelBurnWindow})\n`);
  // The minimum-traffic guard: total queries are per-second rates (sloth convention), so the 1 h
  // total rate is compared with the configured floor; raw ratio SLIs have no total to guard on.
  if (slo.sli.kind !== 'raw' && s.slo.minRequestsPerSecond > 0) {
    expr = `(\n${expr}\n)\nand on (${S.labelId})\n(${selector(`${S.totalRatePrefix}1h`, { [S.labelId]: slo.id })} >= ${formatNumber(s.slo.minRequestsPerSecond)})`;
  }
  const tier = severity === 'page' ? slo.alerting.page : slo.alerting.ticket;
  const name = slo.alerting.name!;
  const budgetPct = formatNumber(computeErrorBudget(slo) * 100);
  const factors = tiers.map((t) => `${formatNumber(computeBurnFactor(t, s.slo.periodSeconds))}× over ${formatWindowPair(t)}`).join(' or ');
  return {
    kind: 'alert',
    alert: name,
    expr,
    for: severity === 'page' ? s.slo.pageFor : s.slo.ticketFor,
    labels: { severity: severity === 'page' ? 'critical' : 'warning', ...slo.alerting.labels, ...tier.labels, [S.labelSeverity]: severity },
    annotations: {
      summary: `{{ $labels.${S.labelService} }} {{ $labels.${S.labelSlo} }} SLO error budget burn rate is too high.`,
      description: `{{ $labels.${S.labelService} }}/{{ $labels.${S.labelSlo} }} has an error ratio of {{ $value | humanizePercentage }} over the {{ $labels.${S.labelBurnWindow} }} windows, burning its ${s.slo.period} error budget (${budgetPct}%) at ${factors} (${severity}).`,
      runbook_url: runbookUrl(s, name),
      ...slo.alerting.annotations,
      ...tier.annotations,
    },
  };
}

function buildAlertGroup(slo: SloDefinition, s: MonitoringSettings): RuleGroup | undefined {
  const rules: AlertRule[] = [];
  if (!slo.alerting.page.disable) rules.push(buildBurnAlert(slo, 'page', s));
  if (!slo.alerting.ticket.disable) rules.push(buildBurnAlert(slo, 'ticket', s));
  return rules.length ? { name: `${S.groupPrefix}-alerts-${slo.id}`, rules } : undefined;
}

/** The three rule groups of one SLO (the alert group only when an alert tier is enabled). */
export function buildSloGroups(slo: SloDefinition, s: MonitoringSettings): RuleGroup[] {
  const groups = [buildSliGroup(slo, s), buildMetaGroup(slo, s)];
  const alerts = buildAlertGroup(slo, s);
  if (alerts) groups.push(alerts);
  return groups;
}
