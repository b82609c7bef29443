/**
 * Demo stage `billing`: the sample's bill as FOCUS 1.2 and CUR 2.0 exports (CSV and Parquet),
 * imported back through DuckDB (both must give the same amortised total), the CUR kept in the
 * store with the hourly instance usage, then a cost summary and a commitment plan.
 *
 *   write exports ─► import FOCUS + CUR into a scratch store, compare ─► CUR + usage into the store
 *     ─► costs summary ─► RIs and Savings Plans the bill shows ─► commitment plan (1y, no upfront,
 *     bundled prices) that counts them ─► files under billing/
 *
 * Only the CUR goes into the demo store: FOCUS and CUR describe the same bill, and the report
 * sums what the store holds. The sample's hourly usage counts every running on-demand instance,
 * the hours its RIs and Savings Plan cover included, so the plan takes the bill's commitments out
 * of that demand instead of adding them to it (usageIncludesExisting).
 */
import { join } from 'node:path';
import { HeadroomError } from '../domain/errors.js';
import { formatMoney } from '../domain/money.js';
import { importCurFile, importFocusFile } from '../collectors/billing/index.js';
import { loadPriceList } from '../pricing/index.js';
import { writeBillingExports } from '../sample/billing-exports.js';
import { Store } from '../store/index.js';
import { replaceInstanceUsageHours } from '../store/cost-repo.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { renderCommitmentChart, renderCostChart } from './billing-charts.js';
import { commitmentFormatters } from './commitment-formats.js';
import { loadBillCommitments, makeCommitmentPlan, planTimeMs, saveCommitmentPlan } from './commitments.js';
import { costFormatters } from './cost-formats.js';
import { summarizeCosts } from './costs.js';
import type { DemoContext, DemoOutput, DemoStage } from './demo-stage.js';

/** Commitment savings come from the USD price list. */
const usd = (x: number) => formatMoney(x, 'USD');

export const billingStage: DemoStage = {
  name: 'billing',
  async run(ctx: DemoContext) {
    const dir = join(ctx.outDir, 'billing');
    const namespaceTag = ctx.config.aws?.namespaceTag ?? 'kubernetes.io/namespace';
    const files = await writeBillingExports(ctx.sample.billing.costLineItems, join(dir, 'exports'), { namespaceTag });

    const scratch = await Store.open(':memory:');
    let focusTotal: string;
    let curTotal: string;
    try {
      focusTotal = (await scratch.transaction((tx) => importFocusFile(tx, files.focusParquet, { namespaceTag }))).effectiveCostUsd;
      curTotal = (await scratch.transaction((tx) => importCurFile(tx, files.curParquet, { namespaceTag }))).effectiveCostUsd;
    } finally {
      await scratch.close();
    }
    if (focusTotal !== curTotal) throw new HeadroomError('INTERNAL', `FOCUS and CUR exports of the sample disagree: effective ${focusTotal} vs ${curTotal}`);

    await ctx.store.transaction((tx) => importCurFile(tx, files.curParquet, { namespaceTag }));
    await ctx.store.transaction((tx) => replaceInstanceUsageHours(tx, 'sample:instance-usage', ctx.sample.billing.instanceUsageHours));

    const costs = await summarizeCosts(ctx.store, { days: 28 });
    await writeFileAtomic(join(dir, 'costs.txt'), costFormatters.table(costs));
    await writeFileAtomic(join(dir, 'costs.json'), costFormatters.json(costs));
    await writeFileAtomic(join(dir, 'costs.csv'), costFormatters.csv(costs));
    await writeFileAtomic(join(dir, 'costs.svg'), await renderCostChart(costs));

    const prices = await loadPriceList(ctx.config.billing.pricingFile);
    const usage = ctx.sample.billing.instanceUsageHours;
    const bill = await loadBillCommitments(ctx.store, planTimeMs(usage), '1y');
    if (bill.notCountedSummary) ctx.logger.warn(bill.notCountedSummary);
    const plan = makeCommitmentPlan({ usage, prices, term: '1y', payment: 'no-upfront', existing: bill.existing, usageIncludesExisting: true });
    await saveCommitmentPlan(ctx.store, plan, () => ctx.nowMs);
    await writeFileAtomic(join(dir, 'existing-commitments.json'), `${JSON.stringify({ counted: bill.counted, notCounted: bill.notCounted }, null, 2)}\n`);
    await writeFileAtomic(join(dir, 'commitments.txt'), `${commitmentFormatters.table(plan)}\n${bill.summary}\n`);
    await writeFileAtomic(join(dir, 'commitments.json'), commitmentFormatters.json(plan));
    await writeFileAtomic(join(dir, 'commitments.csv'), commitmentFormatters.csv(plan));
    const planChart = await renderCommitmentChart(plan, usage);
    if (planChart) await writeFileAtomic(join(dir, 'commitments.svg'), planChart);

    ctx.results.set('costs', costs);
    ctx.results.set('commitments', plan);
    const outputs: DemoOutput[] = [
      { label: 'FOCUS 1.2 export (CSV, Parquet)', path: files.focusCsv },
      { label: 'CUR 2.0 export (CSV, Parquet)', path: files.curCsv },
      { label: 'costs by service/namespace/day', path: join(dir, 'costs.txt') },
      { label: 'commitment plan', path: join(dir, 'commitments.txt') },
      { label: 'commitment plan (JSON)', path: join(dir, 'commitments.json') },
      { label: 'RIs and Savings Plans the bill shows (counted by the plan)', path: join(dir, 'existing-commitments.json') },
      { label: 'daily spend chart', path: join(dir, 'costs.svg') },
    ];
    if (planChart) outputs.push({ label: 'demand vs commitment chart', path: join(dir, 'commitments.svg') });
    const wow = costs.weekOverWeekChange === null ? '' : ` (${costs.weekOverWeekChange >= 0 ? '+' : ''}${(costs.weekOverWeekChange * 100).toFixed(1)}% week over week)`;
    return {
      outputs,
      summary: `FOCUS = CUR = $${Number(curTotal).toFixed(2)} amortised (the sample bill is USD); last week ${formatMoney(costs.lastWeekCostUsd, costs.currency)}${wow}; counted ${bill.counted.length} existing commitment(s) from the bill; ${plan.recommendations.length} new commitment(s) saving ${usd(plan.totals.estimatedMonthlySavingsUsd)}/month (P10 ${usd(plan.totals.pessimisticMonthlySavingsUsd)})`,
    };
  },
};
