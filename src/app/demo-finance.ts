/**
 * Demo stage `finance`: finance's monthly cost forecast from the imported bill (per service) and
 * the allocation stage's run (per namespace and team), reconciled to one total, as
 * <outDir>/finance/cost-forecast.csv (src/app/finance-forecast.ts).
 */
import { join } from 'node:path';
import { HeadroomError } from '../domain/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { runFinanceForecast } from './finance-forecast.js';
import type { DemoStage } from './demo-stage.js';

export const financeStage: DemoStage = {
  name: 'finance',
  async run(ctx) {
    const result = await runFinanceForecast(ctx.store, { teamLabel: ctx.config.allocation.teamLabel, asOfMs: Infinity, method: ctx.config.capacity.forecastMethod });
    if (!result.report || !result.allocationRunId) throw new HeadroomError('INTERNAL', "the sample's finance forecast needs the imported bill and the allocation run");
    const path = join(ctx.outDir, 'finance', 'cost-forecast.csv');
    await writeFileAtomic(path, result.csv);
    const total = result.report.series.find((s) => s.key === '(total)');
    const teams = result.report.series.filter((s) => s.breakdown === 'team' && s.key !== '(total)').length;
    const round = (v: number) => Math.round(v).toLocaleString('en-US');
    const outputs = [{ label: 'cost forecast per service, namespace and team (CSV)', path }];
    // A short sample (demo --days N) has too little history for a forecast: the CSV has its header only.
    if (!total) return { outputs, summary: `no forecast: ${result.report.skipped[0]?.reason ?? 'no cost history'}` };
    const n = total.next12Months;
    return { outputs, summary: `next 12 months ${result.currency} ${round(n.meanUsd)} (80 %: ${round(n.lo80Usd)}–${round(n.hi80Usd)}); ${teams} team rows from allocation ${result.allocationRunId}, reconciled to the total` };
  },
};
