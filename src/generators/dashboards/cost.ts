/** Cost: daily cost by service and namespace against the forecast, commitment coverage and utilisation. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { headroomLabels as HL, headroomMetrics as HM, headroomMonitoringMetrics as HMM } from '../../domain/conventions.js';
import { selector } from '../rules/promql.js';
import type { MonitoringSettings } from '../settings.js';
import { DashboardDraft } from './panels.js';

export const costDashboardUid = 'headroom-cost';

/**
 * Headroom exports each day's cost as a total series (no labels) plus one series per service (and
 * per namespace where billing allocates it), so panels pick one family and never double-count.
 * Billing is account-wide: the cluster variable does not filter it.
 */
export function buildCostDashboard(s: MonitoringSettings): Dashboard {
  const total = (metric: string) => selector(metric, { [HL.service]: '', [HL.namespace]: '' });
  // Two matchers on one label (non-empty and the variable), which `selector` cannot express.
  const byNamespace = `${HM.dailyCostUsd}{${HL.namespace}!="", ${HL.namespace}=~"$namespace", ${HL.service}=""}`;
  const d = new DashboardDraft(s, {
    uid: costDashboardUid,
    title: 'Headroom / Cost',
    description: 'Daily cost by service and namespace from billing data, against the forecast upper bound; Savings Plan and Reserved Instance coverage and utilisation.',
    tags: ['cost'],
    timeFrom: 'now-30d',
  });
  d.row('Daily cost')
    .stat('Cost, last full day', 'Total cost of the last complete day with billing data.', 'currencyUSD', { expr: `sum(${total(HM.dailyCostUsd)})`, legend: 'USD' })
    .stat('Forecast upper bound, same day', 'Upper 95% bound of the cost forecast for the same day.', 'currencyUSD', { expr: `sum(${total(HM.dailyCostForecastUpperUsd)})`, legend: 'USD' })
    .stat('Commitment coverage', 'Share of eligible usage covered by Savings Plans and Reserved Instances.', 'percentunit', { expr: `avg(${HMM.commitmentCoverageRatio})`, legend: 'coverage' })
    .stat('Commitment utilisation', 'Share of purchased commitments used.', 'percentunit', { expr: `avg(${HMM.commitmentUtilizationRatio})`, legend: 'utilisation' })
    .timeseries('Daily cost by service', 'Daily cost per billed service.', 'currencyUSD', [{ expr: `sum by (${HL.service}) (${selector(HM.dailyCostUsd, { [HL.service]: '!=', [HL.namespace]: '' })})`, legend: `{{${HL.service}}}` }])
    .timeseries('Daily cost by namespace', 'Daily cost allocated to namespaces (cluster nodes split by requests).', 'currencyUSD', [{ expr: `sum by (${HL.namespace}) (${byNamespace})`, legend: `{{${HL.namespace}}}` }])
    .timeseries('Cost against forecast', 'Total daily cost and the forecast upper bound; above the line is an anomaly (alert HeadroomDailyCostAboveForecast).', 'currencyUSD', [
      { expr: `sum(${total(HM.dailyCostUsd)})`, legend: 'cost' },
      { expr: `sum(${total(HM.dailyCostForecastUpperUsd)})`, legend: 'forecast upper bound' },
    ], 24);
  d.row('Commitments')
    .timeseries('Coverage and utilisation', 'Savings Plan / Reserved Instance coverage and utilisation over time.', 'percentunit', [
      { expr: `avg(${HMM.commitmentCoverageRatio})`, legend: 'coverage' },
      { expr: `avg(${HMM.commitmentUtilizationRatio})`, legend: 'utilisation' },
    ], 24);
  return d.build();
}
