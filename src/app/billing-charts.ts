/**
 * Charts people read next to the billing outputs (SVG via the report's renderer):
 * hourly demand of each RI family against the recommended commitment, and daily spend against
 * the same weekday a week before.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { InstanceUsageHour } from '../domain/cost.js';
import type { CommitmentPlan, CostSummary } from '../domain/commitment.js';
import { normalizationFactor, splitInstanceType } from '../domain/pricing.js';
import { renderChartSvg } from '../reports/index.js';

/** Hourly demand (in instances of the purchase type) per RI recommendation, with its count as a rule. */
export function buildCommitmentChartSpec(plan: CommitmentPlan, usage: InstanceUsageHour[]): TopLevelSpec | null {
  const ris = plan.recommendations.filter((r) => r.kind === 'reserved-instance');
  if (!ris.length) return null;
  const values: { group: string; time: string; instances: number }[] = [];
  const rules: { group: string; committed: number }[] = [];
  for (const rec of ris) {
    const group = `${rec.region} ${rec.instanceFamily} (as ${rec.instanceType})`;
    const unit = normalizationFactor(rec.instanceType) ?? 1;
    const byHour = new Map<number, number>();
    for (const u of usage) {
      if (u.region !== rec.region || splitInstanceType(u.instanceType)?.family !== rec.instanceFamily) continue;
      byHour.set(u.timestampMs, (byHour.get(u.timestampMs) ?? 0) + (u.instances * (normalizationFactor(u.instanceType) ?? 0)) / unit);
    }
    for (const [ms, v] of [...byHour.entries()].sort((a, b) => a[0] - b[0])) values.push({ group, time: new Date(ms).toISOString(), instances: Math.round(v * 100) / 100 });
    rules.push({ group, committed: rec.count });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Hourly on-demand demand vs recommended ${plan.term} ${plan.payment} Reserved Instances`,
    data: { values: [...values.map((v) => ({ ...v, kind: 'demand' })), ...rules.map((r) => ({ ...r, kind: 'commitment' }))] },
    facet: { row: { field: 'group', type: 'nominal', title: null } },
    spec: {
      width: 640, height: 140,
      layer: [
        { transform: [{ filter: "datum.kind === 'demand'" }], mark: { type: 'line', strokeWidth: 1 }, encoding: { x: { field: 'time', type: 'temporal', title: null }, y: { field: 'instances', type: 'quantitative', title: 'instances' } } },
        { transform: [{ filter: "datum.kind === 'commitment'" }], mark: { type: 'rule', color: '#f97316', strokeWidth: 2 }, encoding: { y: { field: 'committed', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** Daily amortised spend, with the same weekday a week before as a line. */
export function buildCostChartSpec(summary: CostSummary): TopLevelSpec {
  const values = summary.byDay.flatMap((d) => [
    { day: d.key, series: 'spend', costUsd: d.costUsd },
    ...(d.weekOverWeekChange === null ? [] : [{ day: d.key, series: 'a week before', costUsd: d.previousWeekCostUsd }]),
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Daily spend (amortised, ${summary.sources.join(', ')})`,
    width: 640, height: 220,
    data: { values },
    layer: [
      { transform: [{ filter: "datum.series === 'spend'" }], mark: 'bar', encoding: { x: { field: 'day', type: 'ordinal', title: null }, y: { field: 'costUsd', type: 'quantitative', title: summary.currency } } },
      { transform: [{ filter: "datum.series === 'a week before'" }], mark: { type: 'line', color: '#f97316', point: true }, encoding: { x: { field: 'day', type: 'ordinal' }, y: { field: 'costUsd', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

export async function renderCommitmentChart(plan: CommitmentPlan, usage: InstanceUsageHour[]): Promise<string | null> {
  const spec = buildCommitmentChartSpec(plan, usage);
  return spec ? renderChartSvg(spec, 'Hourly demand against the recommended Reserved Instances') : null;
}

export async function renderCostChart(summary: CostSummary): Promise<string> {
  return renderChartSvg(buildCostChartSpec(summary), 'Daily spend against the same day a week before');
}
