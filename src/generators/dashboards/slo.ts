/** One dashboard per SLO: error budget remaining, SLI, and burn rate per window. */
import { createHash } from 'node:crypto';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { sloConventions as S } from '../../domain/conventions.js';
import { formatNumber } from '../format.js';
import { selector } from '../rules/promql.js';
import type { MonitoringSettings } from '../settings.js';
import { burnTiers, computeBurnFactor, listSliWindows, resolveSloPeriod } from '../slo/burn-rates.js';
import type { SloDefinition } from '../slo/spec-types.js';
import { DashboardDraft } from './panels.js';

/** Grafana uids are at most 40 characters; long SLO ids keep a readable prefix and a hash. */
export function buildSloDashboardUid(slo: SloDefinition): string {
  const uid = `hr-slo-${slo.id}`;
  if (uid.length <= 40) return uid;
  const hash = createHash('sha256').update(slo.id).digest('hex').slice(0, 8);
  return `${uid.slice(0, 31)}-${hash}`;
}

export function buildSloDashboard(s: MonitoringSettings, slo: SloDefinition): Dashboard {
  const id = { [S.labelId]: slo.id };
  const { period, periodSeconds } = resolveSloPeriod(slo, s);
  const d = new DashboardDraft(s, {
    uid: buildSloDashboardUid(slo),
    title: `Headroom / SLO / ${slo.service} / ${slo.name}`,
    description: `${slo.description || slo.name} — objective ${formatNumber(slo.objectivePercent)}% over ${period}.`,
    tags: ['slo', slo.service],
    timeFrom: 'now-7d',
  });
  const burn = (w: string) => `${selector(`${S.errorRatioPrefix}${w}`, id)}\n/ on (${S.labelId}) group_left\n${selector(S.errorBudgetRatio, id)}`;
  d.row('Error budget')
    .stat('Error budget remaining', `Share of the ${period} error budget left.`, 'percentunit', { expr: selector(S.periodErrorBudgetRemainingRatio, id), legend: 'remaining' })
    .stat('SLI (5m)', 'Share of good events over the last 5 minutes.', 'percentunit', { expr: `1 - ${selector(`${S.errorRatioPrefix}5m`, id)}`, legend: 'SLI' })
    .stat('Current burn rate', 'Error ratio ÷ error budget over 5 minutes; 1 spends the budget exactly over the period.', 'none', { expr: selector(S.currentBurnRateRatio, id), legend: 'burn' })
    .stat('Objective', 'Target share of good events.', 'percentunit', { expr: selector(S.objectiveRatio, id), legend: 'objective' })
    .timeseries('Error budget remaining over time', `Share of the ${period} error budget left.`, 'percentunit', [{ expr: selector(S.periodErrorBudgetRemainingRatio, id), legend: 'remaining' }], 24);
  const thresholds = burnTiers.map((t) => `${formatNumber(computeBurnFactor(t, periodSeconds))}× (${t.severity})`).join(', ');
  d.row('Burn rates')
    .timeseries('Burn rate per window', `Error ratio ÷ error budget per window. Alert thresholds: ${thresholds}.`, 'none', listSliWindows().map((w) => ({ expr: burn(w), legend: w })), 24)
    .timeseries('Error ratio', 'Share of bad events per window.', 'percentunit', ['5m', '1h', '1d'].map((w) => ({ expr: selector(`${S.errorRatioPrefix}${w}`, id), legend: w })), 24);
  return d.build();
}
