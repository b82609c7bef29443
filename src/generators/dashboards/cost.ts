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
    .timeseries('Daily cost by namespace', 'Daily cost of bill lines tagged with a namespace; untagged node cost is allocated in the Allocation row below.', 'currencyUSD', [{ expr: `sum by (${HL.namespace}) (${byNamespace})`, legend: `{{${HL.namespace}}}` }])
    .timeseries('Cost against forecast', 'Total daily cost and the forecast upper bound; above the line is an anomaly (alert HeadroomDailyCostAboveForecast).', 'currencyUSD', [
      { expr: `sum(${total(HM.dailyCostUsd)})`, legend: 'cost' },
      { expr: `sum(${total(HM.dailyCostForecastUpperUsd)})`, legend: 'forecast upper bound' },
    ], 24)
    // The same in the money the bill is in, never converted: the one view of a bill in another
    // currency without billing.fx (the USD panels above are then empty).
    .timeseries('Cost against forecast, in the billed currency', 'Total daily cost and the forecast upper bound in each currency the bill and its forecast are in (label currency), never converted.', 'short', [
      { expr: `sum by (${HL.currency}) (${total(HM.dailyCost)})`, legend: `cost {{${HL.currency}}}` },
      { expr: `sum by (${HL.currency}) (${total(HM.dailyCostForecastUpper)})`, legend: `forecast upper bound {{${HL.currency}}}` },
    ], 24);
  // Allocation (OpenCost's method) from the latest allocation run: every dollar of the bill to a
  // namespace or team, plus what nodes cost that no container paid for (idle) and non-Kubernetes spend.
  const allocated = (by: string, keyMatcher = '') => `${HMM.allocationDailyCostUsd}{${HL.allocationBy}="${by}"${keyMatcher}}`;
  const team = `label:${s.allocationTeamLabel ?? 'team'}`;
  const part = (name: string) => `${HMM.allocationWindowCostUsd}{${HL.allocationPart}="${name}"}`;
  d.row('Allocation (latest allocation run)')
    .stat('Allocated to workloads', 'Cost containers paid for over the allocation window: max(request, usage) per resource and hour at each node\'s effective price.', 'currencyUSD', { expr: `sum(${part('allocated')})`, legend: 'allocated' })
    .stat('Idle', 'What nodes cost over the window that no container paid for.', 'currencyUSD', { expr: `sum(${part('idle')})`, legend: 'idle' })
    .stat('Unallocated', 'Spend of the window that is no node\'s or PVC\'s (other services, instances outside the cluster).', 'currencyUSD', { expr: `sum(${part('unallocated')})`, legend: 'unallocated' })
    .stat('Bill total', 'The bill\'s total effective cost for the window: allocated + idle + unallocated, to the cent.', 'currencyUSD', { expr: `sum(${part('total')})`, legend: 'total' })
    .timeseries('Allocated daily cost by namespace', 'Last day of each allocation run, per namespace (shared namespaces spread when configured).', 'currencyUSD', [{ expr: `sum by (${HL.allocationKey}) (${allocated('namespace', `, ${HL.allocationKey}=~"$namespace"`)})`, legend: `{{${HL.allocationKey}}}` }])
    .timeseries('Allocated daily cost by team', `Last day of each allocation run, per pod or namespace label ${team.slice('label:'.length)}.`, 'currencyUSD', [{ expr: `sum by (${HL.allocationKey}) (${allocated(team)})`, legend: `{{${HL.allocationKey}}}` }])
    .table('Cost efficiency by namespace', 'Used ÷ paid CPU and memory cost per namespace in the latest allocation run (low: requests far above usage).', 'percentunit', [{ expr: `max by (${HL.allocationKey}) (${HMM.allocationEfficiencyRatio}{${HL.allocationBy}="namespace"})`, legend: `{{${HL.allocationKey}}}`, instant: true }], 24, 8);
  d.row('Commitments')
    .timeseries('Coverage and utilisation', 'Savings Plan / Reserved Instance coverage and utilisation over time.', 'percentunit', [
      { expr: `avg(${HMM.commitmentCoverageRatio})`, legend: 'coverage' },
      { expr: `avg(${HMM.commitmentUtilizationRatio})`, legend: 'utilisation' },
    ], 24);
  return d.build();
}
