/**
 * Demo stage "capacity": stores the sample's capacity series and PVC histories, runs the capacity
 * model from the store (store → model → store) and writes under <outDir>/capacity/:
 * summary.md (+ charts), capacity.json, cost-forecast-by-service.csv, cost-forecast-by-namespace.csv,
 * forecasts.csv. Publishes the CapacityReport as ctx.results 'capacity' and the forecasts as
 * 'capacity-forecasts' (NamedForecast[]) for the report stage.
 */
import { join } from 'node:path';
import type { DailyCost } from '../domain/capacity.js';
import { DAY_SECONDS } from '../domain/units.js';
import { formatMoney } from '../domain/money.js';
import { loadDailyCosts } from '../store/capacity-repo.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { runCapacity, storeCapacityInputs } from './capacity.js';
import { renderCapacityCharts } from './capacity-charts.js';
import { formatCapacityJson, formatCapacitySummaryMarkdown, formatCostForecastCsv, formatForecastsCsv, listCapacityFindings } from './capacity-format.js';
import type { DemoContext, DemoOutput, DemoStage } from './demo-stage.js';

const DAY_MS = DAY_SECONDS * 1000;

export const capacityStage: DemoStage = {
  name: 'capacity',
  async run(ctx: DemoContext) {
    const { sample, store } = ctx;
    await storeCapacityInputs(store, {
      snapshotId: `sample-${sample.cluster}-${sample.seed}-${sample.startMs}-${sample.endMs}`, cluster: sample.cluster,
      windowStartMs: sample.startMs, windowEndMs: sample.endMs, collectedAtMs: ctx.nowMs,
    }, sample.usage);
    // Billing is imported by a later stage; until then the sample's own line items are the input.
    let dailyCosts: DailyCost[] | undefined;
    if ((await loadDailyCosts(store)).daily.length === 0) {
      dailyCosts = sample.billing.costLineItems.map((c) => ({ dayStartMs: Math.floor(c.periodStartMs / DAY_MS) * DAY_MS, service: c.service, namespace: c.namespace, costUsd: c.effectiveCostUsd }));
    }
    const result = await runCapacity(store, {
      cluster: sample.cluster, horizonWeeks: ctx.config.capacity.horizonWeeks, targetUtilization: ctx.config.capacity.targetUtilization,
      startedAtMs: ctx.nowMs, trigger: 'manual', logger: ctx.logger, dailyCosts, forecastMethod: ctx.config.capacity.forecastMethod,
    });
    const { report, forecasts } = result;
    const dir = join(ctx.outDir, 'capacity');
    const charts = await renderCapacityCharts(report, forecasts, result.inputs.clusterSeries);
    const outputs: DemoOutput[] = [];
    const write = async (label: string, file: string, text: string) => {
      const path = join(dir, file);
      await writeFileAtomic(path, text);
      outputs.push({ label, path });
    };
    for (const c of charts) await writeFileAtomic(join(dir, c.file), c.svg);
    await write('capacity summary', 'summary.md', formatCapacitySummaryMarkdown(report, charts));
    await write('capacity results (JSON)', 'capacity.json', formatCapacityJson(report));
    await write('cost forecast by service', 'cost-forecast-by-service.csv', formatCostForecastCsv(report, 'service'));
    await write('cost forecast by namespace', 'cost-forecast-by-namespace.csv', formatCostForecastCsv(report, 'namespace'));
    await write('all forecasts (CSV)', 'forecasts.csv', formatForecastsCsv(forecasts));
    ctx.results.set('capacity', report);
    ctx.results.set('capacity-forecasts', forecasts);
    const findings = listCapacityFindings(report);
    const total = report.cost?.series.find((s) => s.breakdown === 'service' && s.key === '(total)');
    const currency = report.cost?.currency ?? 'USD';
    const whole = (x: number) => Math.round(x).toLocaleString('en-US');
    const costPart = total ? `; next 3 months ${formatMoney(Math.round(total.next3Months.meanUsd), currency)} (80 %: ${whole(total.next3Months.lo80Usd)}–${whole(total.next3Months.hi80Usd)})` : '';
    return { outputs, summary: `${report.scopes.length} scopes, ${report.pvcs.length} PVCs, ${forecasts.length} forecasts; ${findings.length ? findings[0] : `nothing runs out within ${report.horizonWeeks} weeks`}${costPart}` };
  },
};
