/** Cost anomaly: a day's cost above the upper bound of Headroom's cost forecast. */
import { headroomLabels as HL, headroomMetrics as HM } from '../../domain/conventions.js';
import type { MonitoringSettings } from '../settings.js';
import { buildAlert } from './annotations.js';
import type { RuleGroup } from './types.js';

/** The `headroom.cost` alert group. */
export function buildCostGroup(s: MonitoringSettings): RuleGroup {
  // Headroom exports a total series (no labels), one per service and one per namespace, each with
  // its own forecast bound (src/server/metrics.ts), so the comparison matches one to one: in USD
  // where both are known in USD (a USD bill, or another converted at billing.fx), else in the
  // currency the cost and its bound share (an EUR bill without a rate into USD; the USD lines of a
  // bill in several, which cannot exceed a bound of the whole unless the whole does). One anomaly
  // is one alert: the per-currency comparison stays out where the USD one fires. Every alert
  // carries `currency`, which its description names.
  const series = (metric: string, labels: Record<string, string>, v: number) => ({ metric, labels, values: `${v}x60` });
  /** A cost and its bound in `currency` (`headroom_daily_cost{currency}`), and in USD at `usdRate` when one is known. */
  const day = (labels: Record<string, string>, currency: string, cost: number, upper: number, usdRate?: number) => [
    series(HM.dailyCost, { [HL.currency]: currency, ...labels }, cost),
    series(HM.dailyCostForecastUpper, { [HL.currency]: currency, ...labels }, upper),
    ...(usdRate === undefined ? [] : [series(HM.dailyCostUsd, labels, cost * usdRate), series(HM.dailyCostForecastUpperUsd, labels, upper * usdRate)]),
  ];
  // EC2 billed in USD; RDS in EUR without a rate; namespace shop in EUR at 1.5 USD/EUR (exact in
  // binary); namespace batch in USD and EUR, forecast in USD, without a rate: its USD lines alone.
  const batch = { [HL.namespace]: 'batch' };
  const ec2 = { [HL.service]: 'AmazonEC2' };
  const rds = { [HL.service]: 'AmazonRDS' };
  const shop = { [HL.namespace]: 'shop' };
  return {
    name: 'headroom.cost',
    rules: [
      buildAlert(s, {
        alert: 'HeadroomDailyCostAboveForecast',
        expr: `label_replace(${HM.dailyCostUsd} > ${HM.dailyCostForecastUpperUsd}, "${HL.currency}", "USD", "", "")\nor\n(${HM.dailyCost} > ${HM.dailyCostForecastUpper} unless on (${HL.service}, ${HL.namespace}) (${HM.dailyCostUsd} > ${HM.dailyCostForecastUpperUsd}))`,
        for: '30m',
        severity: 'warning',
        summary: "A day's cost is above the upper bound of its forecast.",
        description: "The last full day's cost (service \"{{ $labels.service }}\", namespace \"{{ $labels.namespace }}\"; empty means all) was {{ printf \"%.2f\" $value }} {{ $labels.currency }}, above the upper bound of Headroom's forecast for that day; look for a runaway workload or a pricing change.",
        fixture: {
          interval: '1m', evalTime: '45m',
          firing: [...day(ec2, 'USD', 1250, 1000, 1), ...day(rds, 'EUR', 900, 800), ...day(shop, 'EUR', 1000, 800, 1.5),
            ...day(batch, 'USD', 1200, 1000), series(HM.dailyCost, { [HL.currency]: 'EUR', ...batch }, 300), series(HM.dailyCostForecastUpperUsd, batch, 1000)],
          expected: [
            { labels: { [HL.currency]: 'USD', ...ec2 }, value: 1250 },
            { labels: { [HL.currency]: 'EUR', ...rds }, value: 900 },
            { labels: { [HL.currency]: 'USD', ...shop }, value: 1500 },
            { labels: { [HL.currency]: 'USD', ...batch }, value: 1200 },
          ],
          silent: [...day(ec2, 'USD', 800, 1000, 1), ...day(rds, 'EUR', 700, 800), ...day(shop, 'EUR', 700, 800, 1.5),
            ...day(batch, 'USD', 900, 1000), series(HM.dailyCost, { [HL.currency]: 'EUR', ...batch }, 300), series(HM.dailyCostForecastUpperUsd, batch, 1000),
            series(HM.dailyCost, { [HL.currency]: 'EUR', [HL.service]: 'AmazonS3' }, 5000)],
        },
      }),
    ],
  };
}
