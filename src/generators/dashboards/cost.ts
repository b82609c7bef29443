/** Cost: daily cost by service and namespace against the forecast, commitment coverage and utilisation. */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { headroomLabels as HL, headroomMetrics as HM, headroomMonitoringMetrics as HMM } from '../../domain/conventions.js';
import { selector } from '../rules/promql.js';
import type { MonitoringSettings } from '../settings.js';
import { buildScope, DashboardDraft } from './panels.js';

export const costDashboardUid = 'headroom-cost';

export function buildCostDashboard(s: MonitoringSettings): Dashboard {
  const scope = buildScope(s, false);
  const nsScope = buildScope(s, true);
  const d = new DashboardDraft(s, {
    uid: costDashboardUid,
    title: 'Headroom / Cost',
    description: 'Daily cost by service and namespace from billing data, against the forecast upper bound; Savings Plan and Reserved Instance coverage and utilisation.',
    tags: ['cost'],
    timeFrom: 'now-30d',
  });
  d.row('Daily cost')
    .stat('Cost today', 'Sum of the daily cost gauges.', 'currencyUSD', { expr: `sum(${selector(HM.dailyCostUsd, scope)})`, legend: 'USD' })
    .stat('Forecast upper bound today', 'Upper bound of the daily cost forecast.', 'currencyUSD', { expr: `sum(${selector(HM.dailyCostForecastUpperUsd, scope)})`, legend: 'USD' })
    .stat('Commitment coverage', 'Share of eligible usage covered by Savings Plans and Reserved Instances.', 'percentunit', { expr: `avg(${selector(HMM.commitmentCoverageRatio, scope)})`, legend: 'coverage' })
    .stat('Commitment utilisation', 'Share of purchased commitments used.', 'percentunit', { expr: `avg(${selector(HMM.commitmentUtilizationRatio, scope)})`, legend: 'utilisation' })
    .timeseries('Daily cost by service', 'Daily cost per billed service.', 'currencyUSD', [{ expr: `sum by (${HL.service}) (${selector(HM.dailyCostUsd, scope)})`, legend: `{{${HL.service}}}` }])
    .timeseries('Daily cost by namespace', 'Daily cost allocated to namespaces.', 'currencyUSD', [{ expr: `sum by (${HL.namespace}) (${selector(HM.dailyCostUsd, nsScope)})`, legend: `{{${HL.namespace}}}` }])
    .timeseries('Cost against forecast', 'Total daily cost and the forecast upper bound; above the line is an anomaly (alert HeadroomDailyCostAboveForecast).', 'currencyUSD', [
      { expr: `sum(${selector(HM.dailyCostUsd, scope)})`, legend: 'cost' },
      { expr: `sum(${selector(HM.dailyCostForecastUpperUsd, scope)})`, legend: 'forecast upper bound' },
    ], 24);
  d.row('Commitments')
    .timeseries('Coverage and utilisation', 'Savings Plan / Reserved Instance coverage and utilisation over time.', 'percentunit', [
      { expr: `avg(${selector(HMM.commitmentCoverageRatio, scope)})`, legend: 'coverage' },
      { expr: `avg(${selector(HMM.commitmentUtilizationRatio, scope)})`, legend: 'utilisation' },
    ], 24);
  return d.build();
}
