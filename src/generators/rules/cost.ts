/** Cost anomaly: a day's cost above the upper bound of Headroom's cost forecast. */
import { headroomLabels as HL, headroomMetrics as HM } from '../../domain/conventions.js';
import type { MonitoringSettings } from '../settings.js';
import { buildAlert } from './annotations.js';
import type { RuleGroup } from './types.js';

/** The `headroom.cost` alert group. */
export function buildCostGroup(s: MonitoringSettings): RuleGroup {
  // Headroom exports a total series (no labels), one per service and one per namespace, each with
  // its own forecast bound (src/server/metrics.ts), so the comparison matches one to one; the fixture uses a service.
  const labels = { [HL.service]: 'AmazonEC2' };
  const cost = (v: number) => ({ metric: HM.dailyCostUsd, labels, values: `${v}x60` });
  const upper = { metric: HM.dailyCostForecastUpperUsd, labels, values: '1000x60' };
  return {
    name: 'headroom.cost',
    rules: [
      buildAlert(s, {
        alert: 'HeadroomDailyCostAboveForecast',
        expr: `${HM.dailyCostUsd}\n> ${HM.dailyCostForecastUpperUsd}`,
        for: '30m',
        severity: 'warning',
        summary: "A day's cost is above the upper bound of its forecast.",
        description: "The last full day's cost (service \"{{ $labels.service }}\", namespace \"{{ $labels.namespace }}\"; empty means all) was {{ printf \"%.2f\" $value }} USD, above the upper bound of Headroom's forecast for that day; look for a runaway workload or a pricing change.",
        fixture: { interval: '1m', evalTime: '45m', firing: [cost(1250), upper], expected: [{ labels, value: 1250 }], silent: [cost(800), upper] },
      }),
    ],
  };
}
